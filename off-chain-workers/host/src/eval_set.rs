//! The chain's task kinds mapped to the scoring library's tasks.

use merit_primitives::TaskKind;
use merit_scoring::{
	digits::{Digits, Sample},
	text::{Text, TextSet},
	Evaluation, ModelError, Seed, Task,
};

/// One epoch's evaluation set for a subnet's task, built once and used for every miner.
pub enum EvalSet {
	Digits(Vec<Sample>),
	Text(TextSet),
}

impl EvalSet {
	/// The `size` samples of `kind`'s task seeded by `seed`.
	pub fn new(kind: &TaskKind, seed: &Seed, size: u32) -> Self {
		match kind {
			TaskKind::Digits => Self::Digits(Digits.eval_set(seed, size)),
			TaskKind::TextBytes => Self::Text(Text.eval_set(seed, size)),
		}
	}

	/// Loads (under `cap` bytes) and evaluates a model file.
	pub fn score(&self, file: &[u8], cap: usize) -> Result<Evaluation, ModelError> {
		match self {
			Self::Digits(set) => Digits.score(file, cap, set),
			Self::Text(set) => Text.score(file, cap, set),
		}
	}

	/// What to fetch of a miner's file at most: the subnet's `cap` or the largest valid
	/// model of the task, the lower.
	pub fn file_cap(&self, cap: usize) -> usize {
		let largest = match self {
			Self::Digits(_) => Digits.max_file_bytes(),
			Self::Text(_) => Text.max_file_bytes(),
		};
		cap.min(largest)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The round core caps fetches by `TaskKind::max_file_bytes` and weighs scores against
	/// `TaskKind::baseline` (the runtime cannot link the scoring library): both must agree
	/// with the scoring library's tasks.
	#[test]
	fn the_chain_and_the_scoring_library_agree_on_each_tasks_largest_file_and_baseline() {
		assert_eq!(TaskKind::Digits.max_file_bytes() as usize, Digits.max_file_bytes());
		assert_eq!(TaskKind::TextBytes.max_file_bytes() as usize, Text.max_file_bytes());
		assert_eq!(TaskKind::Digits.baseline(), Digits.baseline().0);
		assert_eq!(TaskKind::TextBytes.baseline(), Text.baseline().0);
		assert_eq!(
			merit_primitives::MODEL_HEADER_ALLOWANCE as usize,
			merit_scoring::HEADER_ALLOWANCE
		);
	}
}
