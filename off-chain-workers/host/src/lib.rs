//! # Merit's scoring host function
//!
//! The validator's off-chain worker (a Wasm runtime hook) cannot run candle; the node can.
//! This crate is the bridge: a versioned runtime interface, [`merit_scoring`], whose one
//! function, [`merit_scoring::score_round`], takes a scoring round (the epoch's seed, the
//! subnet's task and limits, every candidate's model file) and returns each miner's score
//! and the round's weights, computed natively by the `merit-scoring` library.
//!
//! - **Versioned.** The runtime imports `ext_merit_scoring_score_round_version_1`; a changed
//!   request or answer is a new `#[version(2)]` alongside it, so old runtimes keep working.
//! - **Off-chain only.** The node registers the [`HostFunctions`](merit_scoring::HostFunctions)
//!   with its executor (every runtime call can link it) but provides the [`ScoringExt`]
//!   extension only to off-chain workers. Anywhere else (block import, a runtime API call) the
//!   function returns [`HostError::NotOffchain`]: it never panics and never scores on a path
//!   that must be deterministic and cheap.
//! - **The same round everywhere.** [`round`] is what the host function runs; the standalone
//!   validator and `merit-validator verify` call it directly, so a node's off-chain worker, a
//!   GPU machine and an auditor compute identical weights from identical files.

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
pub use native::{round, EvalSet, ScoringExt};

/// One subnet's scoring round for one epoch.
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct RoundRequest {
	/// The subnet.
	pub netuid: NetUid,
	/// The hash of the epoch's first block: with `netuid`, the evaluation set's seed.
	pub seed_hash: [u8; 32],
	/// The subnet's task (kind, evaluation-set size, model size cap).
	pub task: TaskSpec,
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
	/// Scored: the score in parts per billion, and the task's metrics by name.
	Scored { score: u32, metrics: Vec<(Vec<u8>, u64)> },
	/// No file to score.
	NotFetched,
	/// The file is not a valid model for the task: why, in words.
	Invalid(Vec<u8>),
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

/// The runtime interface. Its module, `merit_scoring`, holds the function the runtime calls
/// and the `HostFunctions` the node registers.
#[runtime_interface]
pub trait MeritScoring {
	/// Scores a round natively; [`HostError::NotOffchain`] outside an off-chain worker.
	fn score_round(
		&mut self,
		request: PassFatPointerAndDecode<RoundRequest>,
	) -> AllocateAndReturnByCodec<Result<RoundOutcome, HostError>> {
		use sp_externalities::ExternalitiesExt;
		match self.extension::<ScoringExt>() {
			Some(ext) => Ok(ext.score(&request)),
			None => Err(HostError::NotOffchain),
		}
	}
}
