//! Scores to weights: the rule every validator applies, so that anyone can check a
//! validator's revealed weights from the scores.
//!
//! 1. **Copies earn nothing.** A miner whose score is within [`TIE_EPSILON`] of a miner that
//!    committed its model earlier (an earlier block, or the same block and a lower UID) gets
//!    weight 0: re-serving someone else's model, or a negligible tweak of it, never pays.
//! 2. **Guessing earns nothing.** What a miner earns grows with its score above the task's
//!    baseline (the score of a uniform guess): `(score − baseline)²`, so a better model earns
//!    more than in proportion, and a model no better than guessing earns 0.
//! 3. The weights are scaled so the largest is `u16::MAX` (the chain normalizes them); UIDs
//!    with weight 0 are left out.

use crate::Score;

/// Scores closer than this (parts per billion: 0.1% of the score range) count as equal.
pub const TIE_EPSILON: u32 = 1_000_000;

/// One miner's result in an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scored {
	/// Its UID on the subnet.
	pub uid: u16,
	/// Its model's score (0 if the model could not be scored).
	pub score: Score,
	/// The block its model's commitment was made in.
	pub committed_at: u32,
}

/// The weights the rule gives `scored`, as `(uid, weight)` sorted by UID, zeros left out.
pub fn weights(scored: &[Scored], baseline: Score) -> Vec<(u16, u16)> {
	let earlier = |a: &Scored, b: &Scored| (a.committed_at, a.uid) < (b.committed_at, b.uid);
	let strength: Vec<(u16, u128)> = scored
		.iter()
		.map(|m| {
			let copied = scored
				.iter()
				.any(|other| earlier(other, m) && other.score.0.abs_diff(m.score.0) <= TIE_EPSILON);
			let above = if copied { 0 } else { m.score.0.saturating_sub(baseline.0) };
			(m.uid, u128::from(above) * u128::from(above))
		})
		.collect();
	let max = strength.iter().map(|(_, s)| *s).max().unwrap_or(0);
	if max == 0 {
		return Vec::new();
	}
	let mut out: Vec<(u16, u16)> = strength
		.into_iter()
		.map(|(uid, s)| {
			// s ≤ max, so the quotient fits in u16.
			let w = (s * u128::from(u16::MAX) + max / 2) / max;
			(uid, u16::try_from(w).unwrap_or(u16::MAX))
		})
		.filter(|(_, w)| *w > 0)
		.collect();
	out.sort_unstable();
	out
}
