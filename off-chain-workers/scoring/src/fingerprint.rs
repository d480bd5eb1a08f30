//! A model's behaviour on the evaluation set, in a few hundred bytes: how a near-duplicate
//! of an earlier model is told apart from an honest model that merely scores the same.
//!
//! The fingerprint is the log-probability the model gives the right answer on each of the
//! first [`FINGERPRINT_ROWS`] rows of the epoch's evaluation set, in milli-nats. Two models
//! are near-duplicates when the root mean square of the differences is below
//! `NEAR_DUPLICATE_MILLINATS` (the round core's rule, `merit_primitives::round::weights`,
//! which compares fingerprints in integers).
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
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn log_probs_are_rounded_clamped_and_capped() {
		let f = Fingerprint::from_log_probs([-0.0004, -0.0006, -45.0, f64::NAN, 0.5]);
		assert_eq!(f.0, vec![0, -1, -30_000, -30_000, 0]);
		let long = Fingerprint::from_log_probs(std::iter::repeat(-1.0).take(1_000));
		assert_eq!(long.0.len(), FINGERPRINT_ROWS);
	}
}
