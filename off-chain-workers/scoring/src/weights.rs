//! Scores to weights: the rule every validator applies, so that anyone can check a
//! validator's revealed weights from the scores.
//!
//! 1. **Copies earn nothing.** A miner whose model is a near-duplicate of the model of a
//!    miner that committed earlier (an earlier block, or the same block and a lower UID) gets
//!    weight 0: re-serving someone else's model, or a tweak of it that behaves the same on
//!    the evaluation set ([`Fingerprint::near_duplicate_of`]), never pays. (The same file
//!    is caught on chain already: the later committer forfeits its UID.) Scoring the same
//!    as an earlier model is no offence: honest models near an attacker's score keep their
//!    weight.
//! 2. **Guessing earns nothing.** What a miner earns grows with its score above the task's
//!    baseline (the score of a uniform guess): `(score − baseline)²`, so a better model earns
//!    more than in proportion, and a model no better than guessing earns 0.
//! 3. The weights are scaled so the largest is `u16::MAX` (the chain normalizes them); UIDs
//!    with weight 0 are left out.

use crate::{Fingerprint, Score};

/// One miner's result in an epoch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scored {
	/// Its UID on the subnet.
	pub uid: u16,
	/// Its model's score (0 if the model could not be scored).
	pub score: Score,
	/// The block its model's commitment was made in.
	pub committed_at: u32,
	/// Its model's behaviour on the evaluation set.
	pub fingerprint: Fingerprint,
}

/// The weights the rule gives `scored`, as `(uid, weight)` sorted by UID, zeros left out.
pub fn weights(scored: &[Scored], baseline: Score) -> Vec<(u16, u16)> {
	let earlier = |a: &Scored, b: &Scored| (a.committed_at, a.uid) < (b.committed_at, b.uid);
	let strength: Vec<(u16, u128)> = scored
		.iter()
		.map(|m| {
			let copied = scored.iter().any(|other| {
				earlier(other, m) && m.fingerprint.near_duplicate_of(&other.fingerprint)
			});
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

/// Fits `weights` (as [`weights`] returns them) to a subnet's limits: at least `min_count`
/// non-zero weights and none above `max_share_ppb` parts per billion of their sum.
///
/// Too few weights: UIDs from `others` (scored miners that earned nothing, best first) get
/// weight 1 each until there are enough. A weight above the share is clipped to it, again
/// until none is (clipping lowers the sum), so the ranking below the cap is kept. `None` if
/// the limits cannot be met: fewer scored miners than `min_count`, or a share too small.
pub fn fit(
	mut weights: Vec<(u16, u16)>,
	others: &[u16],
	min_count: u16,
	max_share_ppb: u32,
) -> Option<Vec<(u16, u16)>> {
	for uid in others {
		if weights.len() >= usize::from(min_count) {
			break;
		}
		if !weights.iter().any(|(u, _)| u == uid) {
			weights.push((*uid, 1));
		}
	}
	if weights.is_empty() || weights.len() < usize::from(min_count) {
		return None;
	}
	weights.sort_unstable();
	// Each pass at least halves the largest weight or ends: 17 passes cover u16.
	for _ in 0..32 {
		let total: u128 = weights.iter().map(|(_, w)| u128::from(*w)).sum();
		let cap = total * u128::from(max_share_ppb) / 1_000_000_000;
		let max = weights.iter().map(|(_, w)| u128::from(*w)).max().unwrap_or(0);
		if max <= cap {
			return Some(weights);
		}
		let cap = u16::try_from(cap).ok().filter(|c| *c > 0)?;
		for (_, w) in weights.iter_mut() {
			*w = (*w).min(cap);
		}
	}
	None
}

/// A round's weights: [`weights`] of the miners whose models could be scored, fitted to a
/// subnet's limits by [`fit`], padding with scored miners that earned nothing, best score
/// first. `None` when nothing earned (no model beat guessing) or the limits cannot be met.
/// Miners whose models could not be scored are left out of `scored`: they get nothing and
/// are never padding.
pub fn for_round(
	scored: &[Scored],
	baseline: Score,
	min_count: u16,
	max_share_ppb: u32,
) -> Option<Vec<(u16, u16)>> {
	let earned = weights(scored, baseline);
	if earned.is_empty() {
		return None;
	}
	let mut others: Vec<(Score, u16)> = scored.iter().map(|m| (m.score, m.uid)).collect();
	others.sort_unstable_by(|a, b| b.cmp(a));
	let others: Vec<u16> = others.into_iter().map(|(_, uid)| uid).collect();
	fit(earned, &others, min_count, max_share_ppb)
}
