//! The native side: the extension that makes scoring available to off-chain workers, and
//! the round it runs.

use crate::{MinerOutcome, RoundOutcome, RoundRequest};
use alloc::vec::Vec;
use merit_scoring::{
	weights::{for_round, Scored},
	Score, Seed, SCORING_THREADS,
};

pub use crate::eval_set::EvalSet;

sp_externalities::decl_extension! {
	/// Scoring for off-chain workers: the node adds it to every off-chain worker's
	/// externalities (and nowhere else), which is what makes
	/// [`merit_scoring::score_round`](crate::merit_scoring::score_round) available there.
	pub struct ScoringExt(Scorer);
}

impl ScoringExt {
	/// The extension, scoring on a pool of [`SCORING_THREADS`] threads.
	pub fn new() -> Self {
		Self(Scorer {
			pool: rayon::ThreadPoolBuilder::new().num_threads(SCORING_THREADS).build().ok(),
		})
	}
}

impl Default for ScoringExt {
	fn default() -> Self {
		Self::new()
	}
}

/// Runs rounds on a fixed-size thread pool, so candle's kernels split work the same way on
/// every node (scores are also identical across pool sizes; merit-scoring tests that).
pub struct Scorer {
	pool: Option<rayon::ThreadPool>,
}

impl Scorer {
	/// Scores `request` (see [`round`]).
	pub fn score(&self, request: &RoundRequest) -> RoundOutcome {
		match &self.pool {
			Some(pool) => pool.install(|| round(request)),
			// The pool could not be built (no threads left): score on this thread.
			None => round(request),
		}
	}
}

/// Scores a round: the epoch's evaluation set from `seed_hash` and `netuid`, each fetched
/// file loaded under the task's cap and evaluated (a file that is not a valid model scores
/// 0, with the reason), and the weights by `merit_scoring::weights::for_round` fitted to the
/// subnet's limits. Deterministic: the same request gives the same answer on any machine.
pub fn round(request: &RoundRequest) -> RoundOutcome {
	let seed = Seed::for_epoch(&request.seed_hash, request.netuid);
	let set = EvalSet::new(&request.task.kind, &seed, request.task.eval_size);
	let cap = request.task.max_model_bytes as usize;
	let mut scored = Vec::new();
	let miners = request
		.entries
		.iter()
		.map(|entry| {
			let outcome = match &entry.file {
				None => MinerOutcome::NotFetched,
				Some(file) => match set.score(file, cap) {
					Ok(evaluation) => {
						scored.push(Scored {
							uid: entry.uid,
							score: evaluation.score,
							committed_at: entry.committed_at,
						});
						MinerOutcome::Scored {
							score: evaluation.score.0,
							metrics: evaluation
								.metrics
								.iter()
								.map(|(name, value)| (name.as_bytes().to_vec(), *value))
								.collect(),
						}
					},
					Err(e) => MinerOutcome::Invalid(e.to_string().into_bytes()),
				},
			};
			(entry.uid, outcome)
		})
		.collect();
	let weights =
		for_round(&scored, set.baseline(), request.min_allowed_weights, request.max_weight_limit);
	RoundOutcome { miners, weights }
}

impl MinerOutcome {
	/// The score, 0 unless scored.
	pub fn score(&self) -> Score {
		match self {
			Self::Scored { score, .. } => Score(*score),
			_ => Score(0),
		}
	}
}
