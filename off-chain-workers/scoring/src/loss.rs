//! Cross-entropy and accuracy of a classifier's logits, accumulated deterministically over
//! batches of rows (the sums run in row order, so the batch size never changes a score).

use crate::{fingerprint::FINGERPRINT_ROWS, Fingerprint, ModelError};

/// Rows evaluated at once: bounds the memory a model's activations take whatever the
/// evaluation set's size (a widest legal text model's batch is about 4 MB of activations).
pub const EVAL_BATCH: usize = 1_024;

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

/// Cross-entropy, accuracy and fingerprint of rows fed in order, batch by batch.
#[derive(Default)]
pub(crate) struct Classifier {
	loss: f64,
	correct: u64,
	rows: u64,
	log_probs: Vec<f64>,
}

impl Classifier {
	/// Adds `logits` (rows of `classes`, row-major) against `labels` (one per row): each
	/// row's log-softmax in `f64` with the software `libm` (the same bits on every CPU, unlike
	/// the platform's `exp` and `log`), losses summed in row order. A NaN or infinite logit is
	/// an error.
	pub fn add(
		&mut self,
		logits: &[f32],
		classes: usize,
		labels: &[usize],
	) -> Result<(), ModelError> {
		if classes == 0 || labels.is_empty() || logits.len() != labels.len() * classes {
			return Err(ModelError::Evaluation(format!(
				"{} logits for {} rows of {classes} classes",
				logits.len(),
				labels.len()
			)));
		}
		for (row, label) in logits.chunks_exact(classes).zip(labels) {
			if row.iter().any(|l| !l.is_finite()) {
				return Err(ModelError::NonFiniteOutput);
			}
			let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
			let max64 = f64::from(max);
			let log_sum = max64
				+ libm::log(row.iter().map(|l| libm::exp(f64::from(*l) - max64)).sum::<f64>());
			let target = row.get(*label).map_or(f64::NEG_INFINITY, |l| f64::from(*l));
			self.loss += log_sum - target;
			if self.log_probs.len() < FINGERPRINT_ROWS {
				self.log_probs.push(target - log_sum);
			}
			// The first class with the highest logit is the prediction.
			self.correct += u64::from(row.iter().position(|l| *l == max) == Some(*label));
			self.rows += 1;
		}
		Ok(())
	}

	/// The totals; an error if no row was added (the caller never evaluates none).
	pub fn finish(self) -> Result<Classified, ModelError> {
		if self.rows == 0 {
			return Err(ModelError::Evaluation("no rows to classify".into()));
		}
		let n = self.rows as f64;
		Ok(Classified {
			mean_loss: self.loss / n,
			accuracy: self.correct as f64 / n,
			fingerprint: Fingerprint::from_log_probs(self.log_probs),
		})
	}
}

/// Evaluates `rows` rows in batches of [`EVAL_BATCH`]: `logits_of(start, end)` gives the
/// logits of rows `start..end`, `labels` every row's label.
pub(crate) fn classify_batched(
	rows: usize,
	classes: usize,
	labels: &[usize],
	mut logits_of: impl FnMut(usize, usize) -> Result<Vec<f32>, ModelError>,
) -> Result<Classified, ModelError> {
	let mut classifier = Classifier::default();
	let mut start = 0;
	while start < rows {
		let end = rows.min(start.saturating_add(EVAL_BATCH));
		let batch_labels = labels.get(start..end).ok_or(ModelError::Evaluation("labels".into()))?;
		classifier.add(&logits_of(start, end)?, classes, batch_labels)?;
		start = end;
	}
	classifier.finish()
}
