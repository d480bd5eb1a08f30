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

/// A state file from before the round core (no format mark, pending reveals without their
/// commit hash) still loads: its reveals are kept, their hashes computed again before the
/// first look-up. A file with the current mark and garbage after it is refused.
#[test]
fn an_older_merit_validators_state_file_still_loads() {
	use std::collections::BTreeMap;
	let dir =
		std::env::temp_dir().join(format!("merit-validator-legacy-test-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let path = dir.join("state");
	// The old layout: scored epochs, then (netuid, reveal_epoch, uids, weights, salt,
	// version_key) per pending reveal.
	let scored: BTreeMap<u16, u32> = [(0, 7)].into();
	let pending = vec![(0u16, 8u32, vec![1u16, 2], vec![10u16, 20], [5u8; 32], 3u64)];
	std::fs::write(&path, codec::Encode::encode(&(scored, pending))).unwrap();
	let validator = Validator::with_state_file(&path).unwrap();
	let kept = validator.pending();
	assert_eq!(kept.len(), 1);
	assert_eq!(kept[0].netuid, 0);
	assert_eq!(
		(kept[0].reveal.uids.clone(), kept[0].reveal.weights.clone()),
		(vec![1, 2], vec![10, 20])
	);
	assert_eq!(kept[0].reveal.hash, [0; 32], "computed again before the first look-up");
	assert_eq!(kept[0].reveal.sent_at, None);

	let mut marked = b"merit-validator-state/2\n".to_vec();
	marked.extend_from_slice(&[0xff; 5]);
	std::fs::write(&path, marked).unwrap();
	let error = Validator::with_state_file(&path).err().expect("garbage is refused");
	assert!(error.contains("not a merit-validator state file"), "{error}");
	std::fs::remove_dir_all(&dir).unwrap();
}
