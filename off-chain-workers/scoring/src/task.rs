//! The interface every subnet task implements.

use crate::{Evaluation, ModelError, Score, Seed};

/// The largest model file any task accepts: 256 MiB, the chain's own cap
/// (`merit_primitives::MAX_MODEL_BYTES`); a subnet's task may set a lower one.
pub const MAX_MODEL_BYTES: usize = 256 * 1024 * 1024;

/// Room for a safetensors header in a valid model file: a few hundred bytes name every
/// tensor of the largest model family; anything beyond this is not a valid model.
pub const HEADER_ALLOWANCE: usize = 4_096;

/// The largest file a model of at most `max_params` F32 parameters can be.
pub const fn max_file_bytes_for(max_params: usize) -> usize {
	max_params.saturating_mul(4).saturating_add(HEADER_ALLOWANCE)
}

/// A subnet task: how its evaluation set is drawn, how a model file is read, how a model is
/// scored.
pub trait Task {
	/// A model checked and ready to evaluate.
	type Model;
	/// The samples one epoch's models are evaluated on.
	type EvalSet;

	/// The task's name in logs.
	const NAME: &'static str;

	/// The score of a uniform guess: what a model must beat to earn anything.
	fn baseline(&self) -> Score;

	/// The largest file a valid model of the task can be: its most parameters as F32 plus a
	/// header. Validators fetch no more than this, whatever a subnet's cap allows.
	fn max_file_bytes(&self) -> usize;

	/// The `size` samples of the epoch seeded by `seed`: the same for every validator.
	fn eval_set(&self, seed: &Seed, size: u32) -> Self::EvalSet;

	/// Reads a model file of at most `cap` bytes (and never above [`MAX_MODEL_BYTES`]),
	/// checking everything the task's model family requires.
	fn load(&self, bytes: &[u8], cap: usize) -> Result<Self::Model, ModelError>;

	/// Evaluates a loaded model on `set`.
	fn evaluate(&self, model: &Self::Model, set: &Self::EvalSet) -> Result<Evaluation, ModelError>;

	/// Loads and evaluates a model file. An `Err` scores 0.
	fn score(
		&self,
		bytes: &[u8],
		cap: usize,
		set: &Self::EvalSet,
	) -> Result<Evaluation, ModelError> {
		let model = self.load(bytes, cap.min(self.max_file_bytes()))?;
		self.evaluate(&model, set)
	}
}
