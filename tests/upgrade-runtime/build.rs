//! Builds the upgrade blob: the Merit runtime with `spec-version-bump`, through a wrapper
//! project of its own (so it never replaces the node's runtime blob) whose target directory is
//! the runtime's own Wasm target directory (a symbolic link), so only the runtime crate itself
//! compiles again, not its ~300 dependencies; the two Wasm builds take turns on cargo's lock.
//! `SKIP_WASM_BUILD=1` skips it, as for the runtime.

fn main() {
	#[cfg(feature = "std")]
	{
		share_the_runtimes_target_dir();
		substrate_wasm_builder::WasmBuilder::init_with_defaults().enable_feature("wasm").build();
	}
}

/// Links `<target>/<profile>/wbuild/merit-upgrade-runtime/target` to the runtime's
/// `wbuild/merit-runtime/target`.
#[cfg(feature = "std")]
fn share_the_runtimes_target_dir() {
	// OUT_DIR is <target>/<profile>/build/<this crate>-<hash>/out.
	let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
	let Some(wbuild) = out.ancestors().nth(3).map(|profile| profile.join("wbuild")) else {
		return;
	};
	let ours = wbuild.join("merit-upgrade-runtime/target");
	let runtimes = wbuild.join("merit-runtime/target");
	if std::fs::read_link(&ours).is_ok_and(|to| to == runtimes) {
		return;
	}
	let _ = std::fs::remove_dir_all(&ours);
	let _ = std::fs::remove_file(&ours);
	std::fs::create_dir_all(&runtimes).expect("create the runtime's Wasm target directory");
	if let Some(parent) = ours.parent() {
		std::fs::create_dir_all(parent).expect("create the upgrade's Wasm project directory");
	}
	std::os::unix::fs::symlink(&runtimes, &ours).expect("link the Wasm target directories");
}
