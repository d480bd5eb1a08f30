//! # The validator's round, written once
//!
//! A sans-IO core: every step of a validator's scoring round that is a rule rather than
//! input or output. Four drivers run it and keep only their IO (fetching files, scoring them,
//! signing, storing): the node's off-chain worker (`pallet-merit-scoring-worker`),
//! `merit-validator run`, `merit-validator verify`, and the dispute verifier. Given the same
//! chain state and the same files, all four compute the same weights, bit for bit, so a
//! validator's weights can be checked by anyone.
//!
//! 1. **Candidates** ([`candidates`]): the neurons with a revealed model committed before
//!    the epoch's seed block and not recorded as a copy, by UID. The chain applies this rule
//!    once, when the epoch that opens the round runs, and keeps the list
//!    ([`FixedCandidate`]); drivers build their round from it ([`Round::fixed`]), so a model
//!    revealed or re-committed later in the epoch changes no driver's round.
//! 2. **Fetch order** ([`fetch_order`]): drawn from the seed, so nobody can place slow
//!    miners ahead of others.
//! 3. **Outcomes**: the driver fetches each file (checking the revealed hash and the caps)
//!    and scores it (the scoring host function, bit-exact on any CPU), then
//!    [`Round::record`]s what happened: [`Outcome::Scored`], [`Outcome::Invalid`] (a file
//!    that is not a valid model scores 0) or [`Outcome::Failed`] ([`FetchFailure`]).
//! 4. **Fault policy** ([`faults::reports`]): unavailable and mismatched files are reported,
//!    except the validator's own and except when nobody answered (two or more fetches tried,
//!    all failed on the network: the validator's own network is the likelier culprit).
//! 5. **Weights** ([`weights::for_round`]): copies and guesses earn nothing, the rest by
//!    their squared margin over guessing, fitted to the subnet's limits.
//! 6. **Submission** ([`Submission::of`]): `set_weights`, or `commit_weights` then a
//!    [`PendingReveal`] whose [`PendingReveal::step`] says when to reveal, resend, or drop.
//!    The weights go with their [`WeightsBasis`]: the round's epoch and the fetched set.
//!
//! [`RoundResult::fetched`] names the files the validator obtained: a verifier re-runs the
//! round on exactly those (and abstains if it cannot get one), since whether a miner served
//! a given validator is the one input no chain can prove ([`dispute`]: the fetched set as a
//! bitmap, the chain's fixed candidates, the verifier's [`attest`]ation;
//! docs/disputes.md).

pub mod candidates;
pub mod dispute;
pub mod faults;
pub mod reveal;
pub mod weights;

pub use candidates::{candidates, fetch_order, Candidate, NeuronModel};
pub use dispute::{
	attest, comparable, submission_digest, Attestation, FetchedSet, FixedCandidate,
	FixedCandidates, RoundRecord, WeightsBasis,
};
pub use faults::{Fault, FetchFailure};
pub use reveal::{PendingReveal, RevealStep, Submission};
pub use weights::ScoredMiner;

use crate::{Hash32, NetUid, TaskSpec, Uid};
use alloc::{collections::BTreeMap, vec::Vec};

/// What happened to one candidate's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
	/// Fetched and scored: the score in parts per billion and the model's fingerprint.
	Scored { score: u32, fingerprint: Vec<i16> },
	/// Fetched, the revealed file, but not a valid model for the task: scores 0, is not
	/// reported (the file was served) and never pads the weights.
	Invalid,
	/// Not fetched.
	Failed(FetchFailure),
}

/// The subnet's limits on a validator's weights (as the chain fixed them for a round).
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	codec::Encode,
	codec::Decode,
	codec::DecodeWithMemTracking,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
)]
pub struct WeightLimits {
	/// `min_allowed_weights`.
	pub min_count: u16,
	/// `max_weight_limit`, in parts per billion.
	pub max_share_ppb: u32,
}

/// Which round: a subnet's epoch and the block that seeds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochSeed {
	pub netuid: NetUid,
	/// The epoch scored.
	pub epoch: u32,
	/// The epoch's first block: models committed before it are scored.
	pub block: u32,
	/// Its hash: with the netuid, the evaluation set's seed.
	pub hash: Hash32,
}

/// One validator's round on one subnet for one epoch.
#[derive(Clone, Debug)]
pub struct Round<E> {
	pub seed: EpochSeed,
	/// The subnet's task at the seed block.
	pub task: TaskSpec,
	pub limits: WeightLimits,
	/// The validator's own UID on the subnet (its own model is never reported).
	pub own_uid: Option<Uid>,
	candidates: Vec<Candidate<E>>,
	outcomes: BTreeMap<Uid, Outcome>,
}

/// What a round made of its candidates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundResult<E> {
	/// Every candidate, by UID, and its outcome (`Failed(RoundOver)`: not reached in time).
	pub miners: Vec<(Candidate<E>, Outcome)>,
	/// Candidates not reached before the round's deadline (neither scored nor reported).
	pub unreached: usize,
	/// What to report on chain, by UID.
	pub reports: Vec<(Uid, Fault)>,
	/// The weights, fitted to the subnet's limits; `None`: none can be sent.
	pub weights: Option<Vec<(Uid, u16)>>,
	/// The UIDs whose revealed files this validator obtained (scored or invalid), by UID.
	pub fetched: Vec<Uid>,
}

impl<E> Round<E> {
	/// The round `seed` names over `neurons` as the chain held them at the seed block.
	pub fn new(
		seed: EpochSeed,
		task: TaskSpec,
		limits: WeightLimits,
		own_uid: Option<Uid>,
		neurons: impl IntoIterator<Item = NeuronModel<E>>,
	) -> Self {
		let candidates = candidates(neurons, seed.block);
		Self { seed, task, limits, own_uid, candidates, outcomes: BTreeMap::new() }
	}

	/// The candidates, by UID.
	pub fn candidates(&self) -> &[Candidate<E>] {
		&self.candidates
	}

	/// The candidates to fetch (those with an endpoint), in the order drawn from the seed.
	pub fn fetch_order(&self) -> Vec<&Candidate<E>> {
		fetch_order(&self.candidates, &self.seed.hash)
			.into_iter()
			.filter(|c| c.endpoint.is_some())
			.collect()
	}

	/// The largest file to fetch: the subnet's cap or the task's largest valid model, the
	/// lower.
	pub fn file_cap(&self) -> u32 {
		self.task.max_model_bytes.min(self.task.kind.max_file_bytes())
	}

	/// Records what happened to `uid`'s file; a UID that is not a candidate is ignored.
	pub fn record(&mut self, uid: Uid, outcome: Outcome) {
		if self.candidates.iter().any(|c| c.uid == uid) {
			self.outcomes.insert(uid, outcome);
		}
	}

	/// The round's reports, weights and the files it rests on.
	pub fn finish(mut self) -> RoundResult<E> {
		let mut miners = Vec::with_capacity(self.candidates.len());
		let (mut failures, mut scored, mut fetched) = (Vec::new(), Vec::new(), Vec::new());
		let (mut tried, mut unreached) = (0usize, 0usize);
		for candidate in core::mem::take(&mut self.candidates) {
			let uid = candidate.uid;
			let outcome = match (self.outcomes.remove(&uid), &candidate.endpoint) {
				(_, None) => Outcome::Failed(FetchFailure::NoAxon),
				(Some(outcome), Some(_)) => outcome,
				(None, Some(_)) => Outcome::Failed(FetchFailure::RoundOver),
			};
			match &outcome {
				Outcome::Failed(FetchFailure::RoundOver) => unreached = unreached.saturating_add(1),
				// Nothing was asked of the network: no evidence either way about it.
				Outcome::Failed(FetchFailure::NoAxon | FetchFailure::Unsupported) => {},
				_ => tried = tried.saturating_add(1),
			}
			match &outcome {
				Outcome::Scored { score, fingerprint } => {
					fetched.push(uid);
					scored.push(ScoredMiner {
						uid,
						score: *score,
						committed_at: candidate.committed_at,
						fingerprint: fingerprint.clone(),
					});
				},
				Outcome::Invalid => fetched.push(uid),
				Outcome::Failed(failure) => failures.push((uid, *failure)),
			}
			miners.push((candidate, outcome));
		}
		let weights = weights::for_round(
			&scored,
			self.task.kind.baseline(),
			self.limits.min_count,
			self.limits.max_share_ppb,
		);
		RoundResult {
			miners,
			unreached,
			reports: faults::reports(&failures, tried, self.own_uid),
			weights,
			fetched,
		}
	}
}
