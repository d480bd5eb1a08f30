//! # Merit's scoring host function
//!
//! The validator's off-chain worker (a Wasm runtime hook) cannot score a model; the node can.
//! This crate is the bridge: a versioned runtime interface, [`merit_scoring`], with two
//! functions computed natively by the `merit-scoring` library:
//!
//! - [`merit_scoring::score_model`]: one model file on the epoch's evaluation set (seeded
//!   by the epoch's first block hash and the netuid) under the subnet's task → its score and
//!   metrics, or why it is not a valid model. Files go one per call, so the Wasm side never
//!   holds more than one.
//! - [`merit_scoring::round_weights`]: the round's scores → the weights by the scoring
//!   rule, fitted to the subnet's limits.
//!
//! - **Versioned.** The runtime imports `ext_merit_scoring_score_model_version_1` and
//!   `ext_merit_scoring_round_weights_version_1`; a changed request or answer is a new
//!   `#[version(2)]` alongside, so old runtimes keep working.
//! - **Off-chain only.** The node registers the [`HostFunctions`](merit_scoring::HostFunctions)
//!   with its executor (every runtime call can link them) but provides the [`ScoringExt`]
//!   extension only to off-chain workers. Anywhere else (block import, a runtime API call)
//!   they return [`HostError::NotOffchain`]: they never panic and never score on a path that
//!   must be deterministic and cheap.
//! - **The same round everywhere.** [`round`] composes the same two steps; the standalone
//!   validator and `merit-validator verify` call it, so a node's off-chain worker, a GPU
//!   machine and an auditor compute identical weights from identical files.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, Encode};
use merit_primitives::{NetUid, TaskSpec, Uid};
use sp_runtime_interface::{
	pass_by::{AllocateAndReturnByCodec, PassFatPointerAndDecode},
	runtime_interface,
};

#[cfg(feature = "std")]
mod eval_set;
#[cfg(feature = "std")]
mod native;
#[cfg(feature = "std")]
pub use native::{round, weights, EvalSet, ScoringExt};

/// Which evaluation set: the epoch's seed and the subnet's task.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct EvalKey {
	/// The subnet.
	pub netuid: NetUid,
	/// The hash of the epoch's first block: with `netuid`, the evaluation set's seed.
	pub seed_hash: [u8; 32],
	/// The subnet's task (kind, evaluation-set size, model size cap).
	pub task: TaskSpec,
}

/// One model file to score.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct ModelRequest {
	pub eval: EvalKey,
	/// The file, already checked against the revealed hash.
	pub file: Vec<u8>,
}

/// A round's scores to turn into weights.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct WeightsRequest {
	/// The task (its baseline: what guessing scores).
	pub task: TaskSpec,
	/// Every miner whose file was scored.
	pub scored: Vec<ScoredMiner>,
	/// The subnet's `min_allowed_weights`.
	pub min_allowed_weights: u16,
	/// The subnet's `max_weight_limit`, in parts per billion.
	pub max_weight_limit: u32,
}

/// A miner whose file was scored, as the weights rule takes it.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct ScoredMiner {
	pub uid: Uid,
	/// The score, in parts per billion.
	pub score: u32,
	/// The block its model was committed in (earlier commitments win ties).
	pub committed_at: u32,
	/// Its model's behaviour on the evaluation set (`merit_scoring::Fingerprint`): a
	/// near-duplicate of an earlier miner's earns nothing.
	pub fingerprint: Vec<i16>,
}

/// One subnet's scoring round for one epoch, as [`round`] takes it.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct RoundRequest {
	pub eval: EvalKey,
	/// The subnet's `min_allowed_weights`.
	pub min_allowed_weights: u16,
	/// The subnet's `max_weight_limit`, in parts per billion.
	pub max_weight_limit: u32,
	/// Every candidate miner, in UID order.
	pub entries: Vec<Entry>,
}

/// A candidate miner and its model file, if it could be fetched.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct Entry {
	pub uid: Uid,
	/// The block its model was committed in (earlier commitments win ties).
	pub committed_at: u32,
	/// The fetched file, already checked against the revealed hash; `None` if it could not
	/// be fetched (it scores 0).
	pub file: Option<Vec<u8>>,
}

/// What a round made of one miner.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub enum MinerOutcome {
	/// Scored: the score in parts per billion, the task's metrics by name, and the model's
	/// behaviour on the first evaluation rows (`merit_scoring::Fingerprint`).
	Scored { score: u32, metrics: Vec<(Vec<u8>, u64)>, fingerprint: Vec<i16> },
	/// No file to score.
	NotFetched,
	/// The file is not a valid model for the task: why, in words.
	Invalid(Vec<u8>),
}

impl MinerOutcome {
	/// What the weights rule needs of a scored miner at `uid` (committed at block
	/// `committed_at`); `None` unless scored.
	pub fn scored(&self, uid: Uid, committed_at: u32) -> Option<ScoredMiner> {
		match self {
			Self::Scored { score, fingerprint, .. } => Some(ScoredMiner {
				uid,
				score: *score,
				committed_at,
				fingerprint: fingerprint.clone(),
			}),
			_ => None,
		}
	}
}

/// A round's result.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct RoundOutcome {
	/// Each entry's outcome, in the request's order.
	pub miners: Vec<(Uid, MinerOutcome)>,
	/// The weights to submit, fitted to the subnet's limits; `None` when they cannot be met
	/// (no model beat guessing, or fewer scored models than `min_allowed_weights`).
	pub weights: Option<Vec<(Uid, u16)>>,
}

/// Why the host function did not score.
#[derive(Encode, Decode, Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostError {
	/// Called outside an off-chain worker (the node gives scoring to off-chain workers only).
	NotOffchain,
}

/// The runtime interface. Its module, `merit_scoring`, holds the functions the runtime
/// calls and the `HostFunctions` the node registers.
#[runtime_interface]
pub trait MeritScoring {
	/// Scores one model file natively; [`HostError::NotOffchain`] outside an off-chain
	/// worker.
	fn score_model(
		&mut self,
		request: PassFatPointerAndDecode<ModelRequest>,
	) -> AllocateAndReturnByCodec<Result<MinerOutcome, HostError>> {
		use sp_externalities::ExternalitiesExt;
		match self.extension::<ScoringExt>() {
			Some(ext) => Ok(ext.score(&request)),
			None => Err(HostError::NotOffchain),
		}
	}

	/// A round's weights by the scoring rule, fitted to the subnet's limits (`None`: no
	/// weights can be sent); [`HostError::NotOffchain`] outside an off-chain worker.
	fn round_weights(
		&mut self,
		request: PassFatPointerAndDecode<WeightsRequest>,
	) -> AllocateAndReturnByCodec<Result<Option<Vec<(Uid, u16)>>, HostError>> {
		use sp_externalities::ExternalitiesExt;
		match self.extension::<ScoringExt>() {
			Some(_) => Ok(native::weights(&request)),
			None => Err(HostError::NotOffchain),
		}
	}
}
