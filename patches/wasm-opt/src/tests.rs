//! The options against hand-made modules: what is kept, what is dropped, what is refused.

use super::*;

/// A module with one function, `(func (result i32) i32.const 7 call 1 drop i32.const 7)`
/// plus an empty function 1, whose `call` index is padded to five bytes as wasm-ld pads
/// relocated indices, and the custom sections given (name, payload).
fn module(customs: &[(&str, &[u8])], body_extra: &[u8]) -> Vec<u8> {
	let mut code_body = vec![0x00]; // no locals
	code_body.extend_from_slice(&[0x41, 0x07]); // i32.const 7
	code_body.extend_from_slice(&[0x10, 0x81, 0x80, 0x80, 0x80, 0x00]); // call 1, padded
	code_body.extend_from_slice(body_extra);
	code_body.extend_from_slice(&[0x41, 0x07, 0x0b]); // i32.const 7, end
	let empty_body = [0x00, 0x0b];
	let mut code = vec![0x02, code_body.len() as u8];
	code.extend_from_slice(&code_body);
	code.push(empty_body.len() as u8);
	code.extend_from_slice(&empty_body);

	let mut out = b"\0asm\x01\0\0\0".to_vec();
	let mut section = |id: u8, payload: &[u8]| {
		out.push(id);
		out.push(payload.len() as u8);
		out.extend_from_slice(payload);
	};
	// types: 0 = [] -> [i32], 1 = [i32] -> []
	section(1, &[0x02, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00]);
	section(3, &[0x02, 0x00, 0x01]);
	section(10, &code);
	for (name, payload) in customs {
		let mut custom = vec![name.len() as u8];
		custom.extend_from_slice(name.as_bytes());
		custom.extend_from_slice(payload);
		section(0, &custom);
	}
	out
}

fn custom_names(wasm: &[u8]) -> Vec<String> {
	Parser::new(0)
		.parse_all(wasm)
		.filter_map(|payload| match payload.expect("a valid module") {
			wasmparser::Payload::CustomSection(c) => Some(c.name().to_string()),
			_ => None,
		})
		.collect()
}

/// The builder's compaction: `mvp_features_only().debug_info(true)`, both passes.
fn compact() -> OptimizationOptions {
	let mut options = OptimizationOptions::new_opt_level_0();
	options
		.mvp_features_only()
		.debug_info(true)
		.add_pass(Pass::StripDwarf)
		.add_pass(Pass::SignextLowering);
	options
}

#[test]
fn compaction_drops_dwarf_keeps_the_runtime_sections_and_unpads_indices() {
	let names = [0x01, 0x04, 0x01, 0x00, 0x01, b'f'].as_slice(); // function 0 is "f"
	let input = module(
		&[
			(".debug_info", b"dwarf"),
			("runtime_version", b"\x01\x02"),
			("name", names),
			(".debug_line", b"lines"),
		],
		&[],
	);
	let output = compact().apply(&input).expect("compacts");
	assert_eq!(custom_names(&output), ["runtime_version", "name"]);
	Validator::new_with_features(WasmFeatures::WASM1)
		.validate_all(&output)
		.expect("the output is a valid 1.0 module");
	// The dropped sections (id, size, name and payload: 19 bytes each) and the call's 4 bytes of
	// padding are gone; nothing else changed size.
	let dwarf = 2 * (3 + 11 + 5);
	assert_eq!(output.len(), input.len() - dwarf - 4);
	// The unpadded call: `i32.const 7`, `call 1` in two bytes.
	let call = [0x41, 0x07, 0x10, 0x01, 0x41, 0x07, 0x0b];
	assert!(output.windows(call.len()).any(|w| w == call));
}

#[test]
fn without_debug_info_the_name_section_goes_too() {
	let input = module(&[("name", &[0x01, 0x04, 0x01, 0x00, 0x01, b'f'])], &[]);
	let mut options = compact();
	options.debug_info(false);
	assert_eq!(custom_names(&options.apply(&input).expect("compacts")), Vec::<String>::new());
	// Without `StripDwarf`, DWARF stays.
	let input = module(&[(".debug_info", b"dwarf")], &[]);
	let output = OptimizationOptions::new_opt_level_0().apply(&input).expect("re-encodes");
	assert_eq!(custom_names(&output), [".debug_info"]);
}

#[test]
fn a_sign_extension_operator_is_refused_with_the_target_to_use() {
	// i32.extend8_s on the `i32.const 7` before the call.
	let input = module(&[], &[0x41, 0x01, 0xc0, 0x1a]);
	let err = compact().apply(&input).expect_err("sign-ext is not MVP");
	assert!(err.contains("wasm32v1-none"), "{err}");
	// Allowed when neither the pass nor the MVP baseline is asked for.
	OptimizationOptions::new_opt_level_0().apply(&input).expect("every feature allowed");
	// Refused by the pass alone, without the MVP baseline.
	let mut lowering = OptimizationOptions::new_opt_level_0();
	lowering.add_pass(Pass::SignextLowering);
	assert!(lowering.apply(&input).is_err());
}

#[test]
fn garbage_is_an_error_and_run_writes_nothing() {
	let dir = std::env::temp_dir().join(format!("merit-wasm-opt-{}", std::process::id()));
	fs::create_dir_all(&dir).expect("temp dir");
	let (bad, out) = (dir.join("bad.wasm"), dir.join("out.wasm"));
	fs::write(&bad, b"\0asm\x01\0\0\0\x0a\x05garbage").expect("write");
	let err = compact().run(&bad, &out).expect_err("not a module");
	assert!(err.to_string().contains("bad.wasm"), "{err}");
	assert!(!out.exists());
	let missing = compact().run(dir.join("missing.wasm"), &out).expect_err("no file");
	assert!(missing.to_string().starts_with("reading "), "{missing}");

	// In place, as the builder's non-compact path runs it.
	let good = dir.join("good.wasm");
	fs::write(&good, module(&[(".debug_info", b"x")], &[])).expect("write");
	compact().run(&good, &good).expect("compacts in place");
	assert_eq!(custom_names(&fs::read(&good).expect("read")), Vec::<String>::new());
	fs::remove_dir_all(&dir).expect("clean up");
}
