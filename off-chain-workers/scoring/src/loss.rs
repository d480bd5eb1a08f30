//! Cross-entropy and accuracy of a classifier's logits, accumulated deterministically.

use crate::{Fingerprint, ModelError};

/// What a model's logits give against the labels.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Classified {
	/// Mean cross-entropy in nats.
	pub mean_loss: f64,
	/// Share of rows whose first highest logit is the label.
	pub accuracy: f64,
	/// The label's log-probability on the first rows.
	pub fingerprint: Fingerprint,
}

/// Scores `logits` (rows of `classes`, row-major) against `labels` (one per row): each row's
/// log-softmax in `f64`, losses summed in row order. A NaN or infinite logit is an error; no
/// rows score as a uniform guess would not: the caller never passes none.
pub(crate) fn classify(
	logits: &[f32],
	classes: usize,
	labels: &[usize],
) -> Result<Classified, ModelError> {
	if classes == 0 || labels.is_empty() || logits.len() != labels.len() * classes {
		return Err(ModelError::Candle(format!(
			"{} logits for {} rows of {classes} classes",
			logits.len(),
			labels.len()
		)));
	}
	let mut loss = 0f64;
	let mut correct = 0u64;
	let mut log_probs = Vec::with_capacity(crate::fingerprint::FINGERPRINT_ROWS);
	for (row, label) in logits.chunks_exact(classes).zip(labels) {
		if row.iter().any(|l| !l.is_finite()) {
			return Err(ModelError::NonFiniteOutput);
		}
		let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
		let max64 = f64::from(max);
		let log_sum = max64 + row.iter().map(|l| (f64::from(*l) - max64).exp()).sum::<f64>().ln();
		let target = row.get(*label).map_or(f64::NEG_INFINITY, |l| f64::from(*l));
		loss += log_sum - target;
		if log_probs.len() < crate::fingerprint::FINGERPRINT_ROWS {
			log_probs.push(target - log_sum);
		}
		// The first class with the highest logit is the prediction.
		correct += u64::from(row.iter().position(|l| *l == max) == Some(*label));
	}
	let n = labels.len() as f64;
	Ok(Classified {
		mean_loss: loss / n,
		accuracy: correct as f64 / n,
		fingerprint: Fingerprint::from_log_probs(log_probs),
	})
}
