//! The native side: the extension that makes scoring available to off-chain workers, and
//! the round it computes.

use crate::{EvalKey, MinerOutcome, ModelRequest, RoundOutcome, RoundRequest, WeightsRequest};
use alloc::vec::Vec;
use merit_primitives::Uid;
use merit_scoring::{
	weights::{for_round, Scored},
	Fingerprint, Score, Seed, SCORING_THREADS,
};

pub use crate::eval_set::EvalSet;

sp_externalities::decl_extension! {
	/// Scoring for off-chain workers: the node adds it to every off-chain worker's
	/// externalities (and nowhere else), which is what makes the
	/// [`merit_scoring`](crate::merit_scoring) functions answer there.
	pub struct ScoringExt(Scorer);
}

impl ScoringExt {
	/// The extension. Cheap: the thread pool and the evaluation set are made on first use.
	pub fn new() -> Self {
		Self(Scorer { pool: None, set: None })
	}
}

impl Default for ScoringExt {
	fn default() -> Self {
		Self::new()
	}
}

/// Scores on a pool of [`SCORING_THREADS`] threads (so a validating node's scoring never
/// takes more than that from block import), keeping the last evaluation set built (a
/// round scores every model on the same one).
pub struct Scorer {
	pool: Option<rayon::ThreadPool>,
	set: Option<(EvalKey, EvalSet)>,
}

impl Scorer {
	/// Scores one file (see [`score_file`]).
	pub fn score(&mut self, request: &ModelRequest) -> MinerOutcome {
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
fn eval_set(key: &EvalKey) -> EvalSet {
	EvalSet::new(&key.task.kind, &Seed::for_epoch(&key.seed_hash, key.netuid), key.task.eval_size)
}

/// Loads `file` (under `cap` bytes) and evaluates it on `set`: its score and metrics, or
/// why it is not a valid model (it scores 0).
fn score_file(set: &EvalSet, file: &[u8], cap: usize) -> MinerOutcome {
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

/// The weights of a round's scores by `merit_scoring::weights::for_round`, fitted to the
/// subnet's limits.
pub fn weights(request: &WeightsRequest) -> Option<Vec<(Uid, u16)>> {
	let scored: Vec<Scored> = request
		.scored
		.iter()
		.map(|m| Scored {
			uid: m.uid,
			score: Score(m.score),
			committed_at: m.committed_at,
			fingerprint: Fingerprint(m.fingerprint.clone()),
		})
		.collect();
	let baseline = EvalSet::baseline_of(&request.task.kind);
	for_round(&scored, baseline, request.min_allowed_weights, request.max_weight_limit)
}

/// Scores a round: every fetched file on the epoch's evaluation set (a file that is not a
/// valid model scores 0, with the reason), then the weights ([`weights`]). Exactly what the
/// off-chain worker computes through the host functions, in one call; deterministic: the
/// same request gives the same answer on any machine.
pub fn round(request: &RoundRequest) -> RoundOutcome {
	let set = eval_set(&request.eval);
	let cap = request.eval.task.max_model_bytes as usize;
	let mut scored = Vec::new();
	let miners = request
		.entries
		.iter()
		.map(|entry| {
			let outcome = match &entry.file {
				None => MinerOutcome::NotFetched,
				Some(file) => score_file(&set, file, cap),
			};
			if let Some(miner) = outcome.scored(entry.uid, entry.committed_at) {
				scored.push(miner);
			}
			(entry.uid, outcome)
		})
		.collect();
	let weights = weights(&WeightsRequest {
		task: request.eval.task.clone(),
		scored,
		min_allowed_weights: request.min_allowed_weights,
		max_weight_limit: request.max_weight_limit,
	});
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
