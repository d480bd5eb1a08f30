//! The standalone validator's IO for a scoring round: miners' files fetched over TCP
//! (bounded in parallel, per file and for the round) and scored with `merit-host` as they
//! arrive. Who is scored, the fault policy and the weights are the round core's
//! (`merit_primitives::round`), the same as the node's off-chain worker.

use crate::fetch::{fetch, FetchError};
use merit_client::chain::{AxonInfo, Neuron};
use merit_host::{score_file, EvalSet};
use merit_host_interface::MinerOutcome;
use merit_primitives::round::{self, FetchFailure, NeuronModel, Outcome, Round, RoundResult};
use std::{collections::BTreeMap, sync::Arc, time::Duration};
use tokio::{sync::Semaphore, task::JoinSet};

/// A miner to score, fetched from its axon.
pub type Candidate = round::Candidate<AxonInfo>;

/// The neurons as the round core reads them.
pub fn neuron_models(neurons: &[Neuron]) -> Vec<NeuronModel<AxonInfo>> {
	neurons
		.iter()
		.filter_map(|n| {
			let model = n.model.as_ref()?;
			Some(NeuronModel {
				uid: n.uid,
				committed_at: model.committed_at,
				revealed: model.revealed,
				copied: model.copy_of.is_some(),
				endpoint: n.axon.clone(),
			})
		})
		.collect()
}

/// How a round fetches.
#[derive(Clone, Copy, Debug)]
pub struct FetchLimits {
	/// The most bytes this validator reads of a file, whatever the subnet allows (the
	/// round's own cap, [`Round::file_cap`], applies when lower).
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
	/// round (half a testnet epoch), files up to any subnet's cap.
	pub fn standard() -> Self {
		Self {
			cap: merit_primitives::MAX_MODEL_BYTES as usize,
			timeout: Duration::from_secs(10),
			parallel: 8,
			round: Duration::from_secs(300),
		}
	}
}

/// What happened to one miner, for logs and `verify`'s report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail {
	/// The scorer's answer for the file.
	Scored(MinerOutcome),
	/// Why the file was not fetched.
	NotFetched(FetchError),
}

impl std::fmt::Display for Detail {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Scored(MinerOutcome::Scored { score, metrics, .. }) => {
				write!(f, "score {score}")?;
				for (name, value) in metrics {
					write!(f, " {}={value}", String::from_utf8_lossy(name))?;
				}
				Ok(())
			},
			Self::Scored(MinerOutcome::Invalid(why)) => {
				write!(f, "0 (bad model: {})", String::from_utf8_lossy(why))
			},
			Self::Scored(MinerOutcome::NotFetched) => write!(f, "0 (not scored)"),
			Self::NotFetched(e) => write!(f, "0 ({e})"),
		}
	}
}

/// Fetches the files of `order` (candidates with an axon, in the round's order), at most
/// `limits.parallel` at once, each within `limits.timeout` and all within `limits.round`,
/// handing each to `take` as it arrives; those not in by the round's deadline are never
/// handed over (the round core counts them as cut short).
async fn fetch_each(
	order: Vec<Candidate>,
	limits: FetchLimits,
	mut take: impl FnMut(Candidate, Result<Vec<u8>, FetchError>),
) {
	let deadline = tokio::time::Instant::now() + limits.round;
	let slots = Arc::new(Semaphore::new(limits.parallel.max(1)));
	let mut fetches = JoinSet::new();
	for candidate in order {
		let slots = slots.clone();
		fetches.spawn(async move {
			let _slot = slots.acquire_owned().await;
			let file = match &candidate.endpoint {
				None => Err(FetchError::Unsupported("no axon".into())),
				Some(axon) => fetch(axon, &candidate.model_hash, limits.cap, limits.timeout).await,
			};
			(candidate, file)
		});
	}
	loop {
		match tokio::time::timeout_at(deadline, fetches.join_next()).await {
			Ok(Some(Ok((candidate, file)))) => take(candidate, file),
			// A fetch task that panicked: its miner counts as not fetched in time.
			Ok(Some(Err(_))) => {},
			Ok(None) => break,
			Err(_) => {
				fetches.abort_all();
				break;
			},
		}
	}
}

/// Fetches every candidate's file and keeps them all, by UID (those not in by the round's
/// deadline are absent): for `verify`, which re-runs a round from the files.
pub async fn fetch_all(
	round: &Round<AxonInfo>,
	limits: FetchLimits,
) -> BTreeMap<u16, Result<Vec<u8>, FetchError>> {
	let limits = FetchLimits { cap: limits.cap.min(round.file_cap() as usize), ..limits };
	let order: Vec<Candidate> = round.fetch_order().into_iter().cloned().collect();
	let mut fetched = BTreeMap::new();
	fetch_each(order, limits, |candidate, file| {
		fetched.insert(candidate.uid, file);
	})
	.await;
	fetched
}

/// Records one fetched (or not) file in `round`: scored on `set` when it arrived.
pub fn record(
	round: &mut Round<AxonInfo>,
	set: &EvalSet,
	uid: u16,
	file: &Result<Vec<u8>, FetchError>,
) -> Detail {
	let cap = round.file_cap() as usize;
	let detail = match file {
		Ok(bytes) => Detail::Scored(score_file(set, bytes, cap)),
		Err(e) => Detail::NotFetched(e.clone()),
	};
	let outcome = match &detail {
		Detail::Scored(scored) => scored.outcome(),
		// Above this validator's own limit but within what the round allows: not the
		// miner's fault.
		Detail::NotFetched(FetchError::TooLarge { cap: limit }) if *limit < cap => {
			Outcome::Failed(FetchFailure::TooLargeForValidator)
		},
		Detail::NotFetched(e) => Outcome::Failed(e.failure()),
	};
	round.record(uid, outcome);
	detail
}

/// Runs `round`: fetches every candidate's file ([`FetchLimits`]) in the round's order and
/// scores each on `set` as it arrives, so no more than `limits.parallel` files are held at
/// once, whatever the subnet's size. Never fails as a whole: each miner gets its own
/// outcome, and `Detail`s say what happened, by UID.
pub async fn run(
	mut round: Round<AxonInfo>,
	set: &EvalSet,
	limits: FetchLimits,
) -> (RoundResult<AxonInfo>, BTreeMap<u16, Detail>) {
	let limits = FetchLimits { cap: limits.cap.min(round.file_cap() as usize), ..limits };
	let order: Vec<Candidate> = round.fetch_order().into_iter().cloned().collect();
	let mut details = BTreeMap::new();
	fetch_each(order, limits, |candidate, file| {
		details.insert(candidate.uid, record(&mut round, set, candidate.uid, &file));
	})
	.await;
	(round.finish(), details)
}
