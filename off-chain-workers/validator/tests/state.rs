//! The standalone validator's state file: missing is a fresh start, garbage is a clear error.

use merit_validator::standalone::Validator;

#[test]
fn a_missing_state_file_is_a_fresh_start_and_garbage_is_refused() {
	let dir =
		std::env::temp_dir().join(format!("merit-validator-state-test-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let path = dir.join("state");
	let _ = std::fs::remove_file(&path);
	let fresh = Validator::with_state_file(&path).unwrap();
	assert!(fresh.pending().is_empty());

	std::fs::write(&path, [0xff; 7]).unwrap();
	let error = Validator::with_state_file(&path).err().expect("garbage is refused");
	assert!(error.contains("not a merit-validator state file"), "{error}");

	// A directory where the file should be: the error names it.
	let error = Validator::with_state_file(&dir).err().expect("a directory is refused");
	assert!(error.contains(&dir.display().to_string()), "{error}");
	std::fs::remove_dir_all(&dir).unwrap();
}
