//! # Merit's scoring host function: the interface
//!
//! The validator's off-chain worker (a Wasm runtime hook) cannot score a model; the node
//! can. This crate is what the runtime links: the request and answer types and a versioned
//! runtime interface, [`merit_scoring`], whose functions ask the [`Scorer`] the node put in
//! the off-chain worker's extensions ([`ScoringExt`]). The scoring itself (model files
//! loaded and evaluated, bit-exact on any CPU) is `merit-host`'s [`Scorer`], in
//! `off-chain-workers/host`; nothing here depends on it, so the runtime tier never imports
//! the off-chain tier.
//!
//! - [`merit_scoring::score_model`]: one model file on the epoch's evaluation set (seeded
//!   by the epoch's first block hash and the netuid) under the subnet's task → its score,
//!   metrics and fingerprint, or why it is not a valid model. Files go one per call, so the
//!   Wasm side never holds more than one.
//! - [`merit_scoring::round_weights`] (version 1, kept for runtimes up to spec 107): the
//!   round's scores → weights. Newer runtimes compute weights themselves with the round core
//!   (`merit_primitives::round`), which this function also uses.
//!
//! - **Versioned.** The runtime imports `ext_merit_scoring_score_model_version_1`; a changed
//!   request or answer is a new `#[version(2)]` alongside, so old runtimes keep working.
//! - **Off-chain only.** The node registers the [`HostFunctions`](merit_scoring::HostFunctions)
//!   with its executor (every runtime call can link them) but provides the [`ScoringExt`]
//!   extension only to off-chain workers. Anywhere else (block import, a runtime API call)
//!   they return [`HostError::NotOffchain`]: they never panic and never score on a path that
//!   must be deterministic and cheap.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, Encode};
pub use merit_primitives::round::ScoredMiner;
use merit_primitives::{
	round::{weights::for_round, Outcome},
	NetUid, TaskSpec, Uid,
};
use sp_runtime_interface::{
	pass_by::{AllocateAndReturnByCodec, PassFatPointerAndDecode},
	runtime_interface,
};

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
	/// The outcome as the round core records it (a file the scorer had nothing to score is
	/// invalid).
	pub fn outcome(&self) -> Outcome {
		match self {
			Self::Scored { score, fingerprint, .. } => {
				Outcome::Scored { score: *score, fingerprint: fingerprint.clone() }
			},
			Self::NotFetched | Self::Invalid(_) => Outcome::Invalid,
		}
	}

	/// The score in parts per billion, 0 unless scored.
	pub fn score(&self) -> u32 {
		match self {
			Self::Scored { score, .. } => *score,
			_ => 0,
		}
	}
}

/// The weights of a round's scores by the round core's rule, fitted to the subnet's limits.
pub fn weights(request: &WeightsRequest) -> Option<Vec<(Uid, u16)>> {
	for_round(
		&request.scored,
		request.task.kind.baseline(),
		request.min_allowed_weights,
		request.max_weight_limit,
	)
}

/// What scores model files for off-chain workers: implemented natively by `merit-host`.
#[cfg(feature = "std")]
pub trait Scorer: Send + 'static {
	/// Scores one model file: its score and metrics, or why it is not a valid model.
	fn score(&mut self, request: &ModelRequest) -> MinerOutcome;
}

#[cfg(feature = "std")]
sp_externalities::decl_extension! {
	/// Scoring for off-chain workers: the node adds it to every off-chain worker's
	/// externalities (and nowhere else), which is what makes the [`merit_scoring`] functions
	/// answer there.
	pub struct ScoringExt(alloc::boxed::Box<dyn Scorer>);
}

#[cfg(feature = "std")]
impl ScoringExt {
	/// The extension over `scorer`.
	pub fn new(scorer: impl Scorer) -> Self {
		Self(alloc::boxed::Box::new(scorer))
	}
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
	/// weights can be sent); [`HostError::NotOffchain`] outside an off-chain worker. Runtimes
	/// since spec 108 compute weights with the round core instead; kept for older ones.
	fn round_weights(
		&mut self,
		request: PassFatPointerAndDecode<WeightsRequest>,
	) -> AllocateAndReturnByCodec<Result<Option<Vec<(Uid, u16)>>, HostError>> {
		use sp_externalities::ExternalitiesExt;
		match self.extension::<ScoringExt>() {
			Some(_) => Ok(weights(&request)),
			None => Err(HostError::NotOffchain),
		}
	}
}
