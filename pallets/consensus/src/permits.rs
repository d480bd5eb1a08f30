//! Validator permits: who may set weights in the next epoch.

use alloc::vec::Vec;

/// The permits for the next epoch: the `max_validators` UIDs with the most stake among those
/// with at least `min_stake`, ties going to the lower UID. `O(n log n)`.
pub fn compute_permits<Balance: Ord + Copy>(
	stake: &[Balance],
	max_validators: u16,
	min_stake: Balance,
) -> Vec<bool> {
	let mut ranked: Vec<(usize, Balance)> =
		stake.iter().copied().enumerate().filter(|(_, s)| *s >= min_stake).collect();
	// Most stake first; equal stake: lower UID first.
	ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
	let mut permits = alloc::vec![false; stake.len()];
	for (uid, _) in ranked.into_iter().take(usize::from(max_validators)) {
		if let Some(p) = permits.get_mut(uid) {
			*p = true;
		}
	}
	permits
}
