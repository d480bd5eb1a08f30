//! Scores in fixed point.

/// A score in parts per billion of the task's best possible score: higher is better, 0 for
/// a model that cannot be scored. Its bytes are what validators compare.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(pub u32);

impl Score {
	/// The best possible score.
	pub const MAX: Score = Score(1_000_000_000);

	/// `value` in `[0, 1]` (clamped; NaN is 0) rounded to the nearest billionth.
	pub fn from_unit(value: f64) -> Self {
		if value.is_nan() {
			return Score(0);
		}
		let parts = (value.clamp(0.0, 1.0) * 1e9).round();
		// In [0, 1e9] after the clamp, so the cast is exact.
		Score(parts as u32)
	}

	/// The score as a fraction of [`Score::MAX`].
	pub fn as_unit(self) -> f64 {
		f64::from(self.0) / 1e9
	}
}

/// What evaluating one model gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
	/// The score weights are made from.
	pub score: Score,
	/// The task's metrics, each in fixed point as its name says (for logs and `verify`).
	pub metrics: Vec<(&'static str, u64)>,
	/// The model's behaviour on the first evaluation rows: near-duplicates of an earlier
	/// model earn nothing ([`crate::weights`]).
	pub fingerprint: crate::Fingerprint,
}
