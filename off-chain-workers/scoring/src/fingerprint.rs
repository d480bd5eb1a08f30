//! A model's behaviour on the evaluation set, in a few hundred bytes: how a near-duplicate
//! of an earlier model is told apart from an honest model that merely scores the same.
//!
//! The fingerprint is the log-probability the model gives the right answer on each of the
//! first [`FINGERPRINT_ROWS`] rows of the epoch's evaluation set, in milli-nats. Two models
//! are near-duplicates when the root mean square of the differences is below
//! [`NEAR_DUPLICATE_MILLINATS`].
//!
//! Why behaviour and not parameters: a copier can permute a hidden layer's units, or scale
//! a unit's incoming weights up and its outgoing ones down (ReLU is positively homogeneous),
//! and get a file whose parameters are far from the original's while every output is the
//! same; a behavioural distance is blind to both. And why not the score alone: two honest
//! models can score within a hair of each other while being right and wrong on different
//! rows, so a score band would zero honest miners near any score an attacker occupies first.
//! The evaluation rows are drawn from the epoch's seed, unknown when models are committed:
//! to move its fingerprint away from the original, a copier must change its answers on rows
//! it cannot foresee, which changes its score as much as an honest retraining would.
//! docs/near-duplicates.md gives the measured distances the threshold is set from.

/// Rows of the evaluation set a fingerprint covers (all of them when there are fewer).
pub const FINGERPRINT_ROWS: usize = 256;

/// The floor of a row's log-probability, in milli-nats (−30 nats): a fingerprint fits `i16`.
const FLOOR_MILLINATS: f64 = -30_000.0;

/// Below this root mean square difference (milli-nats per row), a model is a near-duplicate
/// of an earlier one and earns nothing. Measured (docs/near-duplicates.md): digits models
/// trained independently with `merit-miner train`'s defaults are 268–410 apart (text models
/// 671); a copy with every parameter moved by up to 3% is 35 away, by 10% 119 (at 1.1% of
/// the original's score lost), and a copy with permuted, rescaled hidden units 0.
pub const NEAR_DUPLICATE_MILLINATS: u32 = 100;

/// Per-row log-probabilities of the right answer, in milli-nats, in evaluation-set order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub Vec<i16>);

impl Fingerprint {
	/// From the right answer's log-probability (nats) of each row, in order: the first
	/// [`FINGERPRINT_ROWS`], rounded to milli-nats and clamped at −30 nats.
	pub fn from_log_probs(log_probs: impl IntoIterator<Item = f64>) -> Self {
		Self(
			log_probs
				.into_iter()
				.take(FINGERPRINT_ROWS)
				// Clamped into [-30000, 0] first, so the cast is exact.
				.map(|l| {
					if l.is_nan() {
						FLOOR_MILLINATS as i16
					} else {
						(l * 1_000.0).round().clamp(FLOOR_MILLINATS, 0.0) as i16
					}
				})
				.collect(),
		)
	}

	/// The root mean square difference of two fingerprints per row, in milli-nats (rounded
	/// down), computed in integers so every validator gets the same number; `None` when they
	/// do not cover the same rows (different lengths) or are empty.
	pub fn distance(&self, other: &Self) -> Option<u32> {
		if self.0.len() != other.0.len() || self.0.is_empty() {
			return None;
		}
		let squares: u64 =
			self.0.iter().zip(&other.0).map(|(a, b)| u64::from(a.abs_diff(*b)).pow(2)).sum();
		let mean = squares / self.0.len() as u64;
		Some(isqrt(mean))
	}

	/// Whether `self` is a near-duplicate of `other`.
	pub fn near_duplicate_of(&self, other: &Self) -> bool {
		self.distance(other).is_some_and(|d| d < NEAR_DUPLICATE_MILLINATS)
	}
}

/// The integer square root of `n`, rounded down (at most 30,000 here: it fits `u32`).
fn isqrt(n: u64) -> u32 {
	let mut root = (n as f64).sqrt() as u64;
	// Correct the float estimate to the exact floor.
	while root * root > n {
		root -= 1;
	}
	while (root + 1) * (root + 1) <= n {
		root += 1;
	}
	u32::try_from(root).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn distances_are_exact_integers() {
		let a = Fingerprint(vec![-100, -200, -300, -400]);
		assert_eq!(a.distance(&a), Some(0));
		let b = Fingerprint(vec![-103, -196, -300, -400]); // squares 9 + 16: mean 6.25
		assert_eq!(a.distance(&b), Some(2));
		assert!(a.near_duplicate_of(&b));
		let far = Fingerprint(vec![-1_100, -1_200, -1_300, -1_400]);
		assert_eq!(a.distance(&far), Some(1_000));
		assert!(!a.near_duplicate_of(&far));
		assert_eq!(a.distance(&Fingerprint(vec![-100])), None, "different rows");
		assert_eq!(Fingerprint::default().distance(&Fingerprint::default()), None);
		assert_eq!(isqrt(u64::from(u32::MAX) * 3), 113_511);
	}

	#[test]
	fn log_probs_are_rounded_clamped_and_capped() {
		let f = Fingerprint::from_log_probs([-0.0004, -0.0006, -45.0, f64::NAN, 0.5]);
		assert_eq!(f.0, vec![0, -1, -30_000, -30_000, 0]);
		let long = Fingerprint::from_log_probs(std::iter::repeat(-1.0).take(1_000));
		assert_eq!(long.0.len(), FINGERPRINT_ROWS);
	}
}
