//! The part of the `wasm-opt` crate's API that substrate-wasm-builder calls, in Rust.
//!
//! The builder runs Binaryen at optimization level 0 with two passes, to "compact" the
//! runtime: `StripDwarf` (drop the `.debug_*` sections) and `SignextLowering` (rewrite
//! sign-extension operators as shifts, so MVP-only executors run the blob). crates.io's
//! `wasm-opt` compiles all of Binaryen's C++ for that, the longest unit of a cold build on
//! two cores. Here the module is decoded with `wasmparser` and encoded again with
//! `wasm-encoder`: every index and immediate gets its shortest LEB128, as Binaryen writes
//! them, so the code shrinks by the linker's padding just as it did under Binaryen.
//!
//! `SignextLowering` is checked, not performed: the runtime is built for `wasm32v1-none`
//! (MVP and mutable globals), where rustc emits no sign-extension operator, so the pass has
//! nothing to do. A module that does use one (built for `wasm32-unknown-unknown` by a newer
//! rustc) is refused with an error that says so, instead of producing a blob an MVP executor
//! would reject. The input is validated before it is re-encoded: as a WebAssembly 1.0 module
//! when the options ask for MVP features only, as Binaryen's `--mvp-features` does.

use std::{fmt, fs, path::Path};

use wasm_encoder::reencode::{self, Reencode};
use wasmparser::{Parser, Validator, WasmFeatures};

/// A pass the builder asks for. Only the two substrate-wasm-builder uses exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
	/// Removes the DWARF sections (custom sections named `.debug_*`).
	StripDwarf,
	/// Guarantees the output has no sign-extension operators (see the crate docs).
	SignextLowering,
}

/// Options, built like the real crate's: `new_opt_level_0().add_pass(..).run(in, out)`.
#[derive(Clone, Debug, Default)]
pub struct OptimizationOptions {
	passes: Vec<Pass>,
	debug_info: bool,
	mvp_only: bool,
}

/// Why a module could not be compacted: the path and the decoder's or validator's message.
#[derive(Debug)]
pub struct OptimizationError(String);

impl fmt::Display for OptimizationError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(&self.0)
	}
}

impl std::error::Error for OptimizationError {}

impl OptimizationOptions {
	/// No optimization passes, no debug info kept, every feature allowed.
	pub fn new_opt_level_0() -> Self {
		Self::default()
	}

	/// Runs `pass` too.
	pub fn add_pass(&mut self, pass: Pass) -> &mut Self {
		self.passes.push(pass);
		self
	}

	/// Keeps the `name` section (function names in traces) when `true`.
	pub fn debug_info(&mut self, keep: bool) -> &mut Self {
		self.debug_info = keep;
		self
	}

	/// Refuses any module that is not WebAssembly 1.0 (MVP and mutable globals).
	pub fn mvp_features_only(&mut self) -> &mut Self {
		self.mvp_only = true;
		self
	}

	/// Reads `infile`, applies the options and writes `outfile` (which may be `infile`).
	pub fn run(
		&self,
		infile: impl AsRef<Path>,
		outfile: impl AsRef<Path>,
	) -> Result<(), OptimizationError> {
		let infile = infile.as_ref();
		let input = fs::read(infile)
			.map_err(|e| OptimizationError(format!("reading {}: {e}", infile.display())))?;
		let output = self
			.apply(&input)
			.map_err(|e| OptimizationError(format!("{}: {e}", infile.display())))?;
		let outfile = outfile.as_ref();
		fs::write(outfile, output)
			.map_err(|e| OptimizationError(format!("writing {}: {e}", outfile.display())))
	}

	/// The options applied to a module's bytes.
	pub fn apply(&self, input: &[u8]) -> Result<Vec<u8>, String> {
		let mut features = WasmFeatures::default();
		if self.mvp_only {
			features = WasmFeatures::WASM1;
		}
		if self.passes.contains(&Pass::SignextLowering) {
			features.remove(WasmFeatures::SIGN_EXTENSION);
		}
		Validator::new_with_features(features).validate_all(input).map_err(|e| {
			if features.contains(WasmFeatures::SIGN_EXTENSION) {
				format!("invalid module: {e}")
			} else {
				format!(
					"not a WebAssembly 1.0 module ({e}); build the runtime for `wasm32v1-none` \
					 (`rustup target add wasm32v1-none`)"
				)
			}
		})?;
		let mut module = wasm_encoder::Module::new();
		let mut compactor = Compactor {
			strip_dwarf: self.passes.contains(&Pass::StripDwarf),
			keep_names: self.debug_info,
		};
		compactor
			.parse_core_module(&mut module, Parser::new(0), input)
			.map_err(|e| format!("re-encoding: {e}"))?;
		Ok(module.finish())
	}
}

/// Re-encodes a module as is, except for the custom sections the options drop.
struct Compactor {
	strip_dwarf: bool,
	keep_names: bool,
}

impl Reencode for Compactor {
	type Error = std::convert::Infallible;

	fn parse_custom_section(
		&mut self,
		module: &mut wasm_encoder::Module,
		section: wasmparser::CustomSectionReader<'_>,
	) -> Result<(), reencode::Error<Self::Error>> {
		let name = section.name();
		if (self.strip_dwarf && name.starts_with(".debug_")) || (!self.keep_names && name == "name")
		{
			return Ok(());
		}
		reencode::utils::parse_custom_section(self, module, section)
	}
}

#[cfg(test)]
mod tests;
