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

/// The state files of older `merit-validator`s still load: the epochs they scored are
/// kept (no second round in those epochs), their pending reveals dropped (their commits hash
/// no weights basis, and the chain refuses to reveal them). A file with a mark and garbage
/// after it is refused.
#[test]
fn an_older_merit_validators_state_file_still_loads() {
	use std::collections::BTreeMap;
	let dir =
		std::env::temp_dir().join(format!("merit-validator-legacy-test-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let path = dir.join("state");
	let scored: BTreeMap<u16, u32> = [(0, 7), (2, 9)].into();
	// Before the round core: no mark; scored epochs, then (netuid, reveal_epoch, uids,
	// weights, salt, version_key) per pending reveal.
	let pending = vec![(0u16, 8u32, vec![1u16, 2], vec![10u16, 20], [5u8; 32], 3u64)];
	let unmarked = codec::Encode::encode(&(scored.clone(), pending));
	// From the round core to the basis: a mark, scored epochs, then (netuid, reveal) pairs.
	let mut marked = b"merit-validator-state/2\n".to_vec();
	marked.extend(codec::Encode::encode(&(scored, vec![(0u16, [1u8; 32], 7u32)])));
	for bytes in [unmarked, marked] {
		std::fs::write(&path, bytes).unwrap();
		let validator = Validator::with_state_file(&path).unwrap();
		assert!(validator.pending().is_empty(), "reveals without a basis are dropped");
		assert_eq!((validator.last_scored(0), validator.last_scored(2)), (Some(7), Some(9)));
		assert_eq!(validator.last_scored(1), None);
	}

	for mark in [&b"merit-validator-state/2\n"[..], b"merit-validator-state/3\n"] {
		let mut garbage = mark.to_vec();
		garbage.extend_from_slice(&[0xff; 5]);
		std::fs::write(&path, garbage).unwrap();
		let error = Validator::with_state_file(&path).err().expect("garbage is refused");
		assert!(error.contains("not a merit-validator state file"), "{error}");
	}
	std::fs::remove_dir_all(&dir).unwrap();
}
