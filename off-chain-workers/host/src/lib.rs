//! # merit-host: Merit's scoring, natively
//!
//! The [`Scorer`](merit_host_interface::Scorer) behind the scoring host function
//! (`merit-host-interface`): the node puts a [`NativeScorer`] into every off-chain worker's
//! extensions ([`extension`]), and the runtime's worker hands it one model file at a time.
//! `merit-validator` (`run` and `verify`) scores with the same functions directly, so a
//! node, a GPU machine and an auditor score the same file on the same evaluation set to
//! the same bytes (scores are bit-exact on any CPU: `merit-scoring`).
//!
//! - [`EvalSet`]: the chain's task kinds mapped to `merit-scoring`'s tasks.
//! - [`score_file`]: a file loaded and evaluated, as the host function answers.

mod eval_set;

pub use eval_set::EvalSet;
use merit_host_interface::{EvalKey, MinerOutcome, ModelRequest, Scorer, ScoringExt};
use merit_scoring::{Seed, SCORING_THREADS};

/// The extension the node gives off-chain workers: scoring by a [`NativeScorer`].
pub fn extension() -> ScoringExt {
	ScoringExt::new(NativeScorer::default())
}

/// Scores on a pool of [`SCORING_THREADS`] threads (so a validating node's scoring never
/// takes more than that from block import), keeping the last evaluation set built (a
/// round scores every model on the same one). Cheap to make: the pool and the set are made
/// on first use.
#[derive(Default)]
pub struct NativeScorer {
	pool: Option<rayon::ThreadPool>,
	set: Option<(EvalKey, EvalSet)>,
}

impl Scorer for NativeScorer {
	fn score(&mut self, request: &ModelRequest) -> MinerOutcome {
		if self.pool.is_none() {
			self.pool = rayon::ThreadPoolBuilder::new().num_threads(SCORING_THREADS).build().ok();
		}
		if self.set.as_ref().is_none_or(|(key, _)| *key != request.eval) {
			self.set = Some((request.eval.clone(), eval_set(&request.eval)));
		}
		let Some((_, set)) = &self.set else { return MinerOutcome::NotFetched };
		let cap = request.eval.task.max_model_bytes as usize;
		match &self.pool {
			Some(pool) => pool.install(|| score_file(set, &request.file, cap)),
			// No thread could be started: score on this one.
			None => score_file(set, &request.file, cap),
		}
	}
}

/// The evaluation set `key` names.
pub fn eval_set(key: &EvalKey) -> EvalSet {
	EvalSet::new(&key.task.kind, &Seed::for_epoch(&key.seed_hash, key.netuid), key.task.eval_size)
}

/// Loads `file` (under `cap` bytes) and evaluates it on `set`: its score, metrics and
/// fingerprint, or why it is not a valid model (it scores 0).
pub fn score_file(set: &EvalSet, file: &[u8], cap: usize) -> MinerOutcome {
	match set.score(file, cap) {
		Ok(evaluation) => MinerOutcome::Scored {
			fingerprint: evaluation.fingerprint.0,
			score: evaluation.score.0,
			metrics: evaluation
				.metrics
				.iter()
				.map(|(name, value)| (name.as_bytes().to_vec(), *value))
				.collect(),
		},
		Err(e) => MinerOutcome::Invalid(e.to_string().into_bytes()),
	}
}
