//! What a disputed round rests on, and how a verifier judges it: the validator's fetched set
//! as a UID bitmap, a round's candidates as the chain fixed them, and the verifier's
//! attestation.
//!
//! A verifier re-runs the disputed round on exactly the files the validator says it
//! obtained ([`FetchedSet`], sent with the weights in a [`WeightsBasis`]), from the
//! candidates the chain fixed when the round opened ([`FixedCandidate`]), and compares the
//! weights ([`attest`]). When it cannot obtain one of those files itself it
//! abstains: whether a miner served a given validator is the one input no chain can prove.

use super::{Outcome, RoundResult};
use crate::{Hash32, Uid, MAX_UIDS};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::traits::Hash as _;

/// The most bytes a [`FetchedSet`] takes: one bit per possible UID.
pub const FETCHED_SET_BYTES: u32 = MAX_UIDS as u32 / 8;

/// The UIDs whose files a validator obtained in a round, as a bitmap (bit `uid % 8` of byte
/// `uid / 8`), trailing zero bytes dropped: at most [`FETCHED_SET_BYTES`] bytes. Sent with
/// the weights (`set_weights`, `reveal_weights`) and bound into the commit hash.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Debug,
	Default,
	PartialEq,
	Eq,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct FetchedSet(pub BoundedVec<u8, ConstU32<FETCHED_SET_BYTES>>);

impl FetchedSet {
	/// The set of `uids` (UIDs at or above [`MAX_UIDS`] are not UIDs and are left out).
	pub fn of(uids: impl IntoIterator<Item = Uid>) -> Self {
		let mut bytes = Vec::new();
		for uid in uids.into_iter().filter(|uid| *uid < MAX_UIDS) {
			let at = usize::from(uid / 8);
			if bytes.len() <= at {
				bytes.resize(at.saturating_add(1), 0u8);
			}
			if let Some(byte) = bytes.get_mut(at) {
				*byte |= 1u8 << (uid % 8);
			}
		}
		// One bit per UID below `MAX_UIDS`: it fits.
		Self(BoundedVec::truncate_from(bytes))
	}

	/// Whether `uid` is in the set.
	pub fn contains(&self, uid: Uid) -> bool {
		self.0.get(usize::from(uid / 8)).is_some_and(|byte| byte & (1u8 << (uid % 8)) != 0)
	}

	/// The UIDs in the set, ascending.
	pub fn uids(&self) -> Vec<Uid> {
		(0..MAX_UIDS).filter(|uid| self.contains(*uid)).collect()
	}

	/// Whether the bitmap is in its one canonical form: no trailing zero byte (so each set
	/// has one encoding, and one commit hash).
	pub fn is_canonical(&self) -> bool {
		self.0.last() != Some(&0)
	}
}

/// What a validator's weights rest on, sent with them: the round they come from (the
/// subnet's epoch whose candidates it scored) and the files it obtained in it. A dispute
/// re-runs exactly this round on exactly these files.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Debug,
	Default,
	PartialEq,
	Eq,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct WeightsBasis {
	/// The epoch whose round was scored (the subnet's epoch counter).
	pub round: u32,
	/// The UIDs whose files were obtained.
	pub fetched: FetchedSet,
}

impl<E> RoundResult<E> {
	/// The files this round rests on, as the bitmap a validator submits with its weights.
	pub fn fetched_set(&self) -> FetchedSet {
		FetchedSet::of(self.fetched.iter().copied())
	}
}

/// A candidate as the chain fixes it for a round, at the epoch that opens the round: what a
/// verifier fetches and how the weights rule orders it.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct FixedCandidate {
	pub uid: Uid,
	/// The revealed hash its file must have.
	pub model_hash: Hash32,
	/// The block its model was committed in.
	pub committed_at: u32,
}

/// What the chain fixes of a round besides its candidates, when the epoch that opens it
/// runs: the block (its seed block is the next) and the subnet's weight limits then. Every
/// driver and every verifier uses these, so a limit changed during the epoch changes no
/// round. (The task is fixed for a subnet's life.)
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct RoundRecord {
	/// The block the round was fixed in.
	pub fixed_at: u32,
	/// `min_allowed_weights` and `max_weight_limit` then.
	pub limits: super::WeightLimits,
}

impl RoundRecord {
	/// The block whose hash seeds the round: the one after it was fixed.
	pub fn seed_block(&self) -> u32 {
		self.fixed_at.saturating_add(1)
	}
}

/// A round's candidates as the chain fixed them, by UID.
pub type FixedCandidates = BoundedVec<FixedCandidate, ConstU32<{ MAX_UIDS as u32 }>>;

/// The digest the chain logs of every weights submission, and a dispute names:
/// `blake2_256(SCALE(weights, basis, as_of))`, the weights as the chain keeps them (by UID,
/// zeros and re-registered UIDs left out) and `as_of` the block they were fixed in.
pub fn submission_digest(weights: &[(Uid, u16)], basis: &WeightsBasis, as_of: u32) -> Hash32 {
	sp_runtime::traits::BlakeTwo256::hash_of(&(weights, basis, as_of)).0
}

/// What a verifier says of a disputed round.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum Attestation {
	/// The revealed weights are the ones the round gives.
	Match,
	/// They are not.
	Mismatch,
}

/// Weights as the chain compares them: by UID, zeros left out, and without the UIDs in
/// `excluded` (those whose neuron registered at or after the weights were fixed: the chain
/// drops weights meant for a predecessor).
pub fn comparable(weights: &[(Uid, u16)], excluded: &[Uid]) -> Vec<(Uid, u16)> {
	let mut out: Vec<(Uid, u16)> =
		weights.iter().copied().filter(|(uid, w)| *w > 0 && !excluded.contains(uid)).collect();
	out.sort_unstable_by_key(|(uid, _)| *uid);
	out
}

/// A verifier's attestation of a re-run round against the `stored` weights (as the chain
/// keeps them), both compared without the `excluded` UIDs ([`comparable`]); `None`
/// (abstain) when any file of the validator's fetched set could not be obtained, or was cut
/// off by the round's deadline: the verifier then cannot know the round's weights.
pub fn attest<E>(
	rerun: &RoundResult<E>,
	stored: &[(Uid, u16)],
	excluded: &[Uid],
) -> Option<Attestation> {
	if rerun.miners.iter().any(|(_, outcome)| matches!(outcome, Outcome::Failed(_))) {
		return None;
	}
	let recomputed = comparable(rerun.weights.as_deref().unwrap_or(&[]), excluded);
	let stored = comparable(stored, excluded);
	Some(if recomputed == stored { Attestation::Match } else { Attestation::Mismatch })
}

impl<E> super::Round<E> {
	/// A round over the candidates the chain fixed for it, given the subnet's `neurons` as
	/// the driver reads them now. A fixed candidate is scored, from its neuron's endpoint,
	/// while the neuron at its UID still holds that model (the same revealed hash, committed
	/// at the same block); one that re-committed, or whose UID changed hands, since the round
	/// was fixed is left out: nothing to fetch, nothing to report, no weight. Every driver
	/// builds its round this way, so all of them score the same candidates whatever block
	/// they read the chain at.
	pub fn fixed(
		seed: super::EpochSeed,
		task: crate::TaskSpec,
		limits: super::WeightLimits,
		own_uid: Option<Uid>,
		fixed: &[FixedCandidate],
		neurons: impl IntoIterator<Item = super::NeuronModel<E>>,
	) -> Self {
		let mut now: alloc::collections::BTreeMap<Uid, super::NeuronModel<E>> =
			neurons.into_iter().map(|n| (n.uid, n)).collect();
		let held: Vec<super::NeuronModel<E>> = fixed
			.iter()
			.filter_map(|c| {
				let n = now.remove(&c.uid)?;
				(n.revealed == Some(c.model_hash) && n.committed_at == c.committed_at).then(|| {
					super::NeuronModel {
						uid: c.uid,
						committed_at: c.committed_at,
						revealed: Some(c.model_hash),
						copied: false,
						endpoint: n.endpoint,
					}
				})
			})
			.collect();
		Self::new(seed, task, limits, own_uid, held)
	}

	/// A verifier's re-run of a disputed round: the round `seed` names over the chain's
	/// `fixed` candidates, restricted to the validator's `fetched` set. Fed the verifier's
	/// own fetches and scores, its `finish` gives what [`attest`] compares.
	pub fn rerun(
		seed: super::EpochSeed,
		task: crate::TaskSpec,
		limits: super::WeightLimits,
		fixed: &[FixedCandidate],
		fetched: &FetchedSet,
		endpoint: impl FnMut(&FixedCandidate) -> Option<E>,
	) -> Self {
		let mut endpoint = endpoint;
		let neurons: Vec<super::NeuronModel<E>> = fixed
			.iter()
			.filter(|c| fetched.contains(c.uid))
			.map(|c| super::NeuronModel {
				uid: c.uid,
				committed_at: c.committed_at,
				revealed: Some(c.model_hash),
				copied: false,
				endpoint: endpoint(c),
			})
			.collect();
		Self::new(seed, task, limits, None, neurons)
	}
}
