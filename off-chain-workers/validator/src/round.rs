//! One scoring round: who is scored, fetching and scoring each, the weights.

use crate::fetch::{fetch, FetchError};
use merit_client::chain::{AxonInfo, Neuron};
use merit_host::EvalSet;
use merit_scoring::{
	weights::{for_round, Scored},
	Evaluation, ModelError,
};
use pallet_merit_slashing::ModelFault;
use std::{collections::BTreeMap, sync::Arc, time::Duration};
use tokio::{sync::Semaphore, task::JoinSet};

/// A miner to score: its UID, where it serves, what it revealed and when it committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
	pub uid: u16,
	pub axon: Option<AxonInfo>,
	pub model_hash: [u8; 32],
	pub committed_at: u32,
}

/// The miners of `neurons` a round scores: a revealed model, committed before
/// `seed_block` (so it cannot have been fitted to the seed), not a recorded copy.
pub fn candidates(neurons: &[Neuron], seed_block: u32) -> Vec<Candidate> {
	neurons
		.iter()
		.filter_map(|n| {
			let model = n.model.as_ref()?;
			let model_hash = model.scorable_before(seed_block)?;
			Some(Candidate {
				uid: n.uid,
				axon: n.axon.clone(),
				model_hash,
				committed_at: model.committed_at,
			})
		})
		.collect()
}

/// Why a miner scored 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
	/// It announced no axon.
	NoAxon,
	/// Its file could not be fetched, or was not the revealed one.
	Fetch(FetchError),
	/// Its file is not a valid model for the task.
	Model(ModelError),
	/// The round's deadline passed before its file arrived: this validator's budget, not
	/// the miner's fault (never reported).
	RoundOver,
}

impl Failure {
	/// What to report on chain, if anything.
	pub fn fault(&self) -> Option<ModelFault> {
		match self {
			Self::NoAxon => Some(ModelFault::Unavailable),
			Self::Fetch(e) => e.fault(),
			Self::Model(_) | Self::RoundOver => None,
		}
	}
}

impl std::fmt::Display for Failure {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::NoAxon => write!(f, "no axon announced"),
			Self::Fetch(e) => write!(f, "{e}"),
			Self::Model(e) => write!(f, "bad model: {e}"),
			Self::RoundOver => write!(f, "not fetched before the round's deadline"),
		}
	}
}

/// What the round made of one miner.
#[derive(Clone, Debug, PartialEq)]
pub struct MinerResult {
	pub candidate: Candidate,
	pub outcome: Result<Evaluation, Failure>,
}

/// What a round reports on chain: each unavailable or mismatched model, except the
/// validator's own (`own_uid`), and nothing at all when no miner answered, that is when at
/// least two were fetched and every fetch failed on the network (no connection or no answer
/// in time): this validator's own network is then the likelier culprit, and reports feed
/// slashing. The same rule as the node's off-chain worker (`any_answered`).
pub fn reports(results: &[MinerResult], own_uid: Option<u16>) -> Vec<(u16, ModelFault)> {
	let fetched = results.iter().filter(|r| r.candidate.axon.is_some()).count();
	let network_failures = results
		.iter()
		.filter(|r| {
			matches!(r.outcome, Err(Failure::Fetch(FetchError::Offline(_) | FetchError::Timeout)))
		})
		.count();
	if fetched >= 2 && network_failures == fetched {
		return Vec::new();
	}
	results
		.iter()
		.filter(|r| Some(r.candidate.uid) != own_uid)
		.filter_map(|r| Some((r.candidate.uid, r.outcome.as_ref().err()?.fault()?)))
		.collect()
}

/// How a round fetches.
#[derive(Clone, Copy, Debug)]
pub struct FetchLimits {
	/// The subnet's model size cap.
	pub cap: usize,
	/// Per-miner deadline.
	pub timeout: Duration,
	/// Fetches in flight at once.
	pub parallel: usize,
	/// The whole round's deadline: files not in by then are not scored (and not reported).
	/// However many miners are slow, a round never takes longer.
	pub round: Duration,
}

impl FetchLimits {
	/// The defaults of `merit-validator run`: 10 s per file, 8 at once, 5 minutes for the
	/// round (half a testnet epoch), with the subnet's cap `cap`.
	pub fn standard(cap: usize) -> Self {
		Self { cap, timeout: Duration::from_secs(10), parallel: 8, round: Duration::from_secs(300) }
	}
}

/// Fetches every candidate's file, at most `limits.parallel` at once, each within
/// `limits.timeout` and all within `limits.round`, handing each to `take` as it arrives (in
/// arrival order); candidates whose file is not in by the round's deadline are handed over
/// with [`Failure::RoundOver`].
async fn fetch_each(
	candidates: Vec<Candidate>,
	limits: FetchLimits,
	mut take: impl FnMut(Candidate, Result<Vec<u8>, Failure>),
) {
	let deadline = tokio::time::Instant::now() + limits.round;
	let slots = Arc::new(Semaphore::new(limits.parallel.max(1)));
	let mut waiting: BTreeMap<u16, Candidate> =
		candidates.iter().map(|c| (c.uid, c.clone())).collect();
	let mut fetches = JoinSet::new();
	for candidate in candidates {
		let slots = slots.clone();
		fetches.spawn(async move {
			let _slot = slots.acquire_owned().await;
			let file = match &candidate.axon {
				None => Err(Failure::NoAxon),
				Some(axon) => fetch(axon, &candidate.model_hash, limits.cap, limits.timeout)
					.await
					.map_err(Failure::Fetch),
			};
			(candidate, file)
		});
	}
	loop {
		match tokio::time::timeout_at(deadline, fetches.join_next()).await {
			Ok(Some(Ok((candidate, file)))) => {
				waiting.remove(&candidate.uid);
				take(candidate, file);
			},
			// A fetch task that panicked: its miner is handed over as not fetched in time.
			Ok(Some(Err(_))) => {},
			Ok(None) => break,
			Err(_) => {
				fetches.abort_all();
				break;
			},
		}
	}
	for candidate in waiting.into_values() {
		take(candidate, Err(Failure::RoundOver));
	}
}

/// Fetches every candidate's file ([`FetchLimits`]) and keeps them all, in UID order: for
/// `verify`, which recomputes a whole round at once.
pub async fn fetch_all(
	candidates: Vec<Candidate>,
	limits: FetchLimits,
) -> Vec<(Candidate, Result<Vec<u8>, Failure>)> {
	let mut fetched = Vec::new();
	fetch_each(candidates, limits, |candidate, file| fetched.push((candidate, file))).await;
	fetched.sort_by_key(|(c, _)| c.uid);
	fetched
}

/// Fetches every candidate's file ([`FetchLimits`]: bounded in parallel, per file and for
/// the round) and scores each on `set` as it arrives, so no more than `limits.parallel`
/// files are held at once, whatever the subnet's size; the fetch cap is the subnet's or the
/// largest valid model of the task, the lower. Results in UID order; never fails as a
/// whole: each miner gets its own outcome. Scoring runs on this task while the other
/// fetches go on.
pub async fn score_all(
	candidates: Vec<Candidate>,
	set: &EvalSet,
	limits: FetchLimits,
) -> Vec<MinerResult> {
	let limits = FetchLimits { cap: set.file_cap(limits.cap), ..limits };
	let mut results = Vec::new();
	fetch_each(candidates, limits, |candidate, file| {
		let outcome = file.and_then(|bytes| set.score(&bytes, limits.cap).map_err(Failure::Model));
		results.push(MinerResult { candidate, outcome });
	})
	.await;
	results.sort_by_key(|r| r.candidate.uid);
	results
}

/// The weights of a round's results by the scoring library's rule, fitted to a subnet's
/// `min_allowed_weights` and `max_weight_limit` (parts per billion); failures earn nothing.
/// `None` when nothing earned or the limits cannot be met.
pub fn round_weights(
	results: &[MinerResult],
	set: &EvalSet,
	min_allowed_weights: u16,
	max_weight_limit: u32,
) -> Option<Vec<(u16, u16)>> {
	let scored: Vec<Scored> = results
		.iter()
		.filter_map(|r| {
			let evaluation = r.outcome.as_ref().ok()?;
			Some(Scored {
				uid: r.candidate.uid,
				score: evaluation.score,
				committed_at: r.candidate.committed_at,
				fingerprint: evaluation.fingerprint.clone(),
			})
		})
		.collect();
	for_round(&scored, set.baseline(), min_allowed_weights, max_weight_limit)
}
