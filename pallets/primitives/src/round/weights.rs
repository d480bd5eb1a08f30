//! Scores to weights: the rule every validator applies, so that anyone can check a
//! validator's revealed weights from its scores. Integers only: every machine and the
//! runtime compute the same weights.
//!
//! 1. **Copies earn nothing.** A miner whose model is a near-duplicate of the model of a
//!    miner that committed earlier (an earlier block, or the same block and a lower UID) gets
//!    weight 0: re-serving someone else's model, or a tweak of it that behaves the same on
//!    the evaluation set ([`near_duplicate`]), never pays. (The same file is caught on chain
//!    already: the later committer forfeits its UID.) Scoring the same as an earlier model is
//!    no offence: honest models near an attacker's score keep their weight.
//! 2. **Guessing earns nothing.** What a miner earns grows with its score above the task's
//!    baseline (the score of a uniform guess, [`TaskKind::baseline`]): `(score −
//!    baseline)²`, so a better model earns more than in proportion, and a model no better
//!    than guessing earns 0.
//! 3. The weights are scaled so the largest is `u16::MAX` (the chain normalizes them); UIDs
//!    with weight 0 are left out. [`fit`] then meets the subnet's limits.
//!
//! [`TaskKind::baseline`]: crate::TaskKind::baseline

use crate::Uid;
use alloc::vec::Vec;
use codec::{Decode, Encode};

/// Below this root mean square difference of two fingerprints (milli-nats per row), a model
/// is a near-duplicate of an earlier one and earns nothing. Measured (docs/near-duplicates.md):
/// digits models trained independently with `merit-miner train`'s defaults are 268–410
/// apart (text models 671); a copy with every parameter moved by up to 3% is 35 away, by 10%
/// 119 (at 1.1% of the original's score lost), and a copy with permuted, rescaled hidden
/// units 0.
pub const NEAR_DUPLICATE_MILLINATS: u32 = 100;

/// A miner whose model was scored, as the rule takes it.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct ScoredMiner {
	/// Its UID on the subnet.
	pub uid: Uid,
	/// Its model's score, in parts per billion of the task's best.
	pub score: u32,
	/// The block its model was committed in (earlier commitments win ties).
	pub committed_at: u32,
	/// Its model's behaviour on the evaluation set: the right answer's log-probability on
	/// the first rows, in milli-nats (`merit_scoring::Fingerprint`).
	pub fingerprint: Vec<i16>,
}

/// The root mean square difference of two fingerprints per row, in milli-nats (rounded
/// down); `None` when they do not cover the same rows (different lengths) or are empty.
pub fn fingerprint_distance(a: &[i16], b: &[i16]) -> Option<u32> {
	if a.len() != b.len() || a.is_empty() {
		return None;
	}
	let squares: u64 =
		a.iter().zip(b).map(|(x, y)| u64::from(x.abs_diff(*y)).saturating_pow(2)).sum();
	let mean = squares.checked_div(a.len() as u64)?;
	Some(u32::try_from(isqrt(mean)).unwrap_or(u32::MAX))
}

/// Whether fingerprint `a` is a near-duplicate of `b` ([`NEAR_DUPLICATE_MILLINATS`]).
pub fn near_duplicate(a: &[i16], b: &[i16]) -> bool {
	fingerprint_distance(a, b).is_some_and(|d| d < NEAR_DUPLICATE_MILLINATS)
}

/// The integer square root of `n`, rounded down (bisection: integers only).
fn isqrt(n: u64) -> u64 {
	let (mut lo, mut hi) = (0u64, n.min(u64::from(u32::MAX)).saturating_add(1));
	// Invariant: lo² ≤ n < hi².
	while hi.saturating_sub(lo) > 1 {
		let mid = lo.saturating_add(hi.saturating_sub(lo) / 2);
		if mid.saturating_mul(mid) <= n {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	lo
}

/// The weights the rule gives `scored` over `baseline`, as `(uid, weight)` sorted by UID,
/// zeros left out.
pub fn weights(scored: &[ScoredMiner], baseline: u32) -> Vec<(Uid, u16)> {
	let earlier =
		|a: &ScoredMiner, b: &ScoredMiner| (a.committed_at, a.uid) < (b.committed_at, b.uid);
	let strength: Vec<(Uid, u128)> = scored
		.iter()
		.map(|m| {
			let copied = scored.iter().any(|other| {
				earlier(other, m) && near_duplicate(&m.fingerprint, &other.fingerprint)
			});
			let above = if copied { 0 } else { m.score.saturating_sub(baseline) };
			(m.uid, u128::from(above).saturating_pow(2))
		})
		.collect();
	let max = strength.iter().map(|(_, s)| *s).max().unwrap_or(0);
	if max == 0 {
		return Vec::new();
	}
	let mut out: Vec<(Uid, u16)> = strength
		.into_iter()
		.map(|(uid, s)| {
			// s ≤ max < 2^64, so the product fits and the quotient fits in u16.
			let w = s.saturating_mul(u128::from(u16::MAX)).saturating_add(max / 2).checked_div(max);
			(uid, w.and_then(|w| u16::try_from(w).ok()).unwrap_or(u16::MAX))
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
	mut weights: Vec<(Uid, u16)>,
	others: &[Uid],
	min_count: u16,
	max_share_ppb: u32,
) -> Option<Vec<(Uid, u16)>> {
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
		let cap = total.saturating_mul(u128::from(max_share_ppb)) / 1_000_000_000;
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
	scored: &[ScoredMiner],
	baseline: u32,
	min_count: u16,
	max_share_ppb: u32,
) -> Option<Vec<(Uid, u16)>> {
	let earned = weights(scored, baseline);
	if earned.is_empty() {
		return None;
	}
	let mut others: Vec<(u32, Uid)> = scored.iter().map(|m| (m.score, m.uid)).collect();
	others.sort_unstable_by(|a, b| b.cmp(a));
	let others: Vec<Uid> = others.into_iter().map(|(_, uid)| uid).collect();
	fit(earned, &others, min_count, max_share_ppb)
}
