//! `merit-validator verify`: recomputes a validator's weights for one epoch from chain data
//! and the miners' files, and says whether they match what it submitted.
//!
//! 1. The epoch's seed block (the block after the one its epoch ran in) is found by
//!    searching back from the best block on the subnet's epoch index (so the node must still
//!    hold the state of those blocks: an archive node for old epochs; a pruning node keeps
//!    the last 256 blocks').
//! 2. What the validator submitted for the epoch is read from the blocks: its
//!    `WeightsCommitted` event in the epoch, then the `reveal_weights` whose
//!    `WeightsRevealed` event names that commit, up to the end of its reveal epoch (or,
//!    without commit–reveal, its `set_weights` in the epoch). A second commit in the same
//!    epoch (the worker never makes one) is not considered.
//! 3. The round is re-run with the round core (`merit_primitives::round::Round::rerun`), as
//!    a dispute's verifiers re-run it: the candidates the chain fixed for the round the
//!    weights name (their basis), restricted to the files the validator says it obtained,
//!    and the task at the seed block; each file fetched again from its miner's axon (miners
//!    keep serving a committed file while it is their model), scored on the epoch's
//!    evaluation set (bit-exact on any CPU), weights by the rule. The weights are compared
//!    as submitted (the call's arguments).

use crate::round::{fetch_all, record, Candidate, Detail, FetchLimits};
use merit_client::{from_hex, AccountId, Client, Error, EventRecord, RuntimeCall, RuntimeEvent};
use merit_host::EvalSet;
use merit_primitives::{
	round::{EpochSeed, Outcome, Round, WeightsBasis},
	NetUid,
};
use merit_scoring::Seed;
use pallet_merit_consensus::Event as ConsensusEvent;

/// What `verify` found.
#[derive(Debug)]
pub struct Verdict {
	pub netuid: NetUid,
	pub epoch: u32,
	pub seed_block: u32,
	/// The weights the validator submitted for the epoch, `(uid, weight)`.
	pub submitted: Vec<(u16, u16)>,
	/// What it said they rest on: the round, and the UIDs whose files it obtained.
	pub basis: WeightsBasis,
	/// The block they were revealed (or set) in.
	pub submitted_at: u32,
	/// The weights the round gives; `None` if it gives none.
	pub recomputed: Option<Vec<(u16, u16)>>,
	/// Each candidate, its outcome in the round, and what happened to its file (`None`: not
	/// fetched before the round's deadline, or no axon).
	pub miners: Vec<(Candidate, Outcome, Option<Detail>)>,
}

impl Verdict {
	/// Whether the submitted weights are the recomputed ones, compared as the chain keeps
	/// weights (by UID, zeros left out; `merit_primitives::round::comparable`).
	pub fn matches(&self) -> bool {
		use merit_primitives::round::comparable;
		self.recomputed
			.as_deref()
			.is_some_and(|r| comparable(r, &[]) == comparable(&self.submitted, &[]))
	}
}

/// Why `verify` could not reach a verdict.
#[derive(Debug)]
pub enum VerifyError {
	/// Talking to the node failed.
	Client(Error),
	/// The subnet does not exist (at the best block).
	NoSubnet(NetUid),
	/// The chain has not reached the epoch's seed block yet.
	NotYet { epoch: u32, current: u32 },
	/// The validator submitted no weights for the epoch (or they are not revealed yet).
	NoSubmission { epoch: u32 },
}

impl From<Error> for VerifyError {
	fn from(e: Error) -> Self {
		Self::Client(e)
	}
}

impl std::fmt::Display for VerifyError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Client(e) => write!(f, "{e}"),
			Self::NoSubnet(netuid) => write!(f, "subnet {netuid} is not registered"),
			Self::NotYet { epoch, current } => {
				write!(f, "epoch {epoch} has not started its scoring yet (the subnet is in epoch {current})")
			},
			Self::NoSubmission { epoch } => write!(
				f,
				"the validator submitted no weights for epoch {epoch} (or has not revealed them yet)"
			),
		}
	}
}

/// The subnet's epoch index at block `n`.
async fn epoch_at(client: &Client, netuid: NetUid, n: u32) -> Result<Option<u32>, Error> {
	let Some(hash) = client.block_hash(n).await? else { return Ok(None) };
	Ok(client.subnet_epoch(netuid, Some(hash)).await?.map(|e| e.epoch))
}

/// The first block at or below `best` whose state is in epoch `epoch` or later: steps
/// back from `best` by doubling distances until a block is before the epoch, then bisects,
/// so only recent state is read for a recent epoch (a pruned node keeps the last 256
/// blocks' state by default).
async fn first_block_of(
	client: &Client,
	netuid: NetUid,
	epoch: u32,
	best: u32,
) -> Result<Option<u32>, Error> {
	if epoch_at(client, netuid, best).await?.unwrap_or(0) < epoch {
		return Ok(None);
	}
	// `hi` is in the epoch or later; find `lo` before it.
	let mut hi = best;
	let mut step = 1u32;
	let mut lo = loop {
		if hi == 0 {
			return Ok(Some(0));
		}
		let probe = hi.saturating_sub(step);
		if epoch_at(client, netuid, probe).await?.unwrap_or(0) < epoch {
			break probe;
		}
		hi = probe;
		step = step.saturating_mul(2);
	};
	// epoch(lo) < epoch ≤ epoch(hi): bisect.
	while hi - lo > 1 {
		let mid = lo + (hi - lo) / 2;
		if epoch_at(client, netuid, mid).await?.unwrap_or(0) >= epoch {
			hi = mid;
		} else {
			lo = mid;
		}
	}
	Ok(Some(hi))
}

/// The call of the extrinsic an event was emitted by.
async fn call_of(
	client: &Client,
	block: u32,
	record: &EventRecord,
) -> Result<Option<RuntimeCall>, Error> {
	let frame_system::Phase::ApplyExtrinsic(index) = record.phase else { return Ok(None) };
	let Some(hash) = client.block_hash(block).await? else { return Ok(None) };
	let extrinsics = client.block_extrinsics(hash).await?;
	let Some(hex) = extrinsics.get(index as usize) else { return Ok(None) };
	let bytes = from_hex(hex)?;
	let xt = <merit_runtime::UncheckedExtrinsic as codec::Decode>::decode(&mut &bytes[..])
		.map_err(|e| Error::Decode { what: "extrinsic".into(), message: e.to_string() })?;
	Ok(Some(xt.function))
}

/// The weights `hotkey` submitted on `netuid` in the epoch from `seed_block` to `epoch_end`
/// (exclusive; `None`: still running), their basis, and the block: scans from `seed_block`
/// to `best`.
async fn submission(
	client: &Client,
	netuid: NetUid,
	hotkey: &AccountId,
	seed_block: u32,
	epoch_end: Option<u32>,
	best: u32,
) -> Result<Option<(Vec<(u16, u16)>, WeightsBasis, u32)>, Error> {
	let mut committed = None;
	let mut reveal_end = None;
	for n in seed_block..=best {
		let in_epoch = epoch_end.is_none_or(|end| n < end);
		if committed.is_none() && !in_epoch {
			return Ok(None);
		}
		// Past the reveal epoch: the commit expired unrevealed.
		if reveal_end.is_some_and(|end| n >= end) {
			return Ok(None);
		}
		let Some(hash) = client.block_hash(n).await? else { break };
		for record in client.events(hash).await? {
			let RuntimeEvent::Consensus(event) = &record.event else { continue };
			match event {
				ConsensusEvent::WeightsCommitted {
					netuid: s,
					hotkey: h,
					commit_hash: hash,
					reveal_epoch,
				} if *s == netuid && h == hotkey && in_epoch && committed.is_none() => {
					committed = Some(*hash);
					reveal_end =
						first_block_of(client, netuid, reveal_epoch.saturating_add(1), best)
							.await?;
				},
				ConsensusEvent::WeightsRevealed {
					netuid: s, hotkey: h, commit_hash: hash, ..
				} if *s == netuid && h == hotkey && Some(*hash) == committed => {
					if let Some(RuntimeCall::Consensus(
						pallet_merit_consensus::Call::reveal_weights {
							uids, weights, basis, ..
						},
					)) = call_of(client, n, &record).await?
					{
						return Ok(Some((uids.into_iter().zip(weights).collect(), basis, n)));
					}
				},
				ConsensusEvent::WeightsSet { netuid: s, hotkey: h, .. }
					if *s == netuid && h == hotkey && in_epoch =>
				{
					if let Some(RuntimeCall::Consensus(
						pallet_merit_consensus::Call::set_weights { uids, weights, basis, .. },
					)) = call_of(client, n, &record).await?
					{
						return Ok(Some((uids.into_iter().zip(weights).collect(), basis, n)));
					}
				},
				_ => {},
			}
		}
	}
	Ok(None)
}

/// Recomputes `hotkey`'s weights for `epoch` of `netuid` and compares them with what it
/// submitted.
pub async fn verify(
	client: &Client,
	netuid: NetUid,
	epoch: u32,
	hotkey: &AccountId,
	limits: FetchLimits,
) -> Result<Verdict, VerifyError> {
	let best = client.best_number().await?;
	let current = client.subnet_epoch(netuid, None).await?.ok_or(VerifyError::NoSubnet(netuid))?;
	let start = first_block_of(client, netuid, epoch, best)
		.await?
		.ok_or(VerifyError::NotYet { epoch, current: current.epoch })?;
	let start_hash = client
		.block_hash(start)
		.await?
		.ok_or(VerifyError::NotYet { epoch, current: current.epoch })?;
	// The round the epoch opened, as the chain fixed it (kept `ROUND_HISTORY` epochs; read
	// at the epoch's first block, where it is always kept).
	let fixed = client
		.round(netuid, epoch, Some(start_hash))
		.await?
		.ok_or(VerifyError::NoSubnet(netuid))?;
	let seed_block = fixed.seed_block;
	let not_yet = VerifyError::NotYet { epoch, current: current.epoch };
	let seed_hash = match client.block_hash(seed_block).await? {
		Some(hash) if seed_block <= best => hash,
		_ => return Err(not_yet),
	};
	let epoch_end = first_block_of(client, netuid, epoch.saturating_add(1), best).await?;
	let (submitted, basis, submitted_at) =
		submission(client, netuid, hotkey, seed_block, epoch_end, best)
			.await?
			.ok_or(VerifyError::NoSubmission { epoch })?;

	let subnet =
		client.subnet(netuid, Some(seed_hash)).await?.ok_or(VerifyError::NoSubnet(netuid))?;
	// Each file is fetched from the axon its miner announces now.
	let neurons = client.neurons(netuid, None).await?;
	let mut round = Round::rerun(
		EpochSeed { netuid, epoch, block: seed_block, hash: seed_hash.0 },
		subnet.task.clone(),
		fixed.limits,
		&fixed.candidates,
		&basis.fetched,
		|c| neurons.iter().find(|n| n.uid == c.uid).and_then(|n| n.axon.clone()),
	);
	let fetched = fetch_all(&round, limits).await;
	let set = EvalSet::new(
		&subnet.task.kind,
		&Seed::for_epoch(&seed_hash.0, netuid),
		subnet.task.eval_size,
	);
	let mut details = std::collections::BTreeMap::new();
	for (uid, file) in &fetched {
		details.insert(*uid, record(&mut round, &set, *uid, file));
	}
	let result = round.finish();
	let miners = result
		.miners
		.into_iter()
		.map(|(candidate, outcome)| {
			let detail = details.remove(&candidate.uid);
			(candidate, outcome, detail)
		})
		.collect();
	Ok(Verdict {
		netuid,
		epoch,
		seed_block,
		submitted,
		basis,
		submitted_at,
		recomputed: result.weights,
		miners,
	})
}
