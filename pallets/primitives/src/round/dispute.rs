//! What a disputed round rests on, and how a verifier judges it: the validator's fetched set
//! as a UID bitmap, the digest of a round's candidates, and the verifier's attestation.
//!
//! A verifier re-runs the disputed round on exactly the files the validator says it
//! obtained ([`FetchedSet`]), from the candidates the chain fixed ([`candidates_digest`]),
//! and compares the weights ([`attest`]). When it cannot obtain one of those files itself it
//! abstains: whether a miner served a given validator is the one input no chain can prove.

use super::{Outcome, RoundResult};
use crate::{Hash32, Uid, MAX_UIDS};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use sp_runtime::traits::{BlakeTwo256, Hash as _};

/// The most bytes a [`FetchedSet`] takes: one bit per possible UID.
pub const FETCHED_SET_BYTES: usize = MAX_UIDS as usize / 8;

/// The UIDs whose files a validator obtained in a round, as a bitmap (bit `uid % 8` of byte
/// `uid / 8`), trailing zero bytes dropped: at most [`FETCHED_SET_BYTES`] bytes.
#[derive(Encode, Decode, Clone, Debug, Default, PartialEq, Eq)]
pub struct FetchedSet(pub Vec<u8>);

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
		Self(bytes)
	}

	/// Whether `uid` is in the set.
	pub fn contains(&self, uid: Uid) -> bool {
		self.0.get(usize::from(uid / 8)).is_some_and(|byte| byte & (1u8 << (uid % 8)) != 0)
	}

	/// The UIDs in the set, ascending.
	pub fn uids(&self) -> Vec<Uid> {
		(0..MAX_UIDS).filter(|uid| self.contains(*uid)).collect()
	}

	/// Whether the bitmap is well formed: no longer than [`FETCHED_SET_BYTES`] and no
	/// trailing zero byte (so each set has one encoding, and one commit hash).
	pub fn is_canonical(&self) -> bool {
		self.0.len() <= FETCHED_SET_BYTES && self.0.last() != Some(&0)
	}
}

impl<E> RoundResult<E> {
	/// The files this round rests on, as the bitmap a validator submits with its weights.
	pub fn fetched_set(&self) -> FetchedSet {
		FetchedSet::of(self.fetched.iter().copied())
	}
}

/// A candidate as the chain fixes it for a round: what a verifier fetches and how the
/// weights rule orders it.
#[derive(Encode, Decode, Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedCandidate {
	pub uid: Uid,
	/// The revealed hash its file must have.
	pub model_hash: Hash32,
	/// The block its model was committed in.
	pub committed_at: u32,
}

/// The digest the chain keeps of a round's candidates (in UID order):
/// `blake2_256(SCALE(candidates))`. A disputer's list of candidates is taken only if it has
/// this digest.
pub fn candidates_digest(candidates: &[FixedCandidate]) -> Hash32 {
	BlakeTwo256::hash(&candidates.encode()).0
}

/// What a verifier says of a disputed round.
#[derive(Encode, Decode, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attestation {
	/// The revealed weights are the ones the round gives.
	Match,
	/// They are not.
	Mismatch,
}

/// A verifier's attestation of a re-run round against the `revealed` weights (as the chain
/// stores them: `(uid, weight)` by UID, zeros left out); `None` (abstain) when any file of
/// the validator's fetched set could not be obtained, or was cut off by the round's
/// deadline: the verifier then cannot know the round's weights.
pub fn attest<E>(rerun: &RoundResult<E>, revealed: &[(Uid, u16)]) -> Option<Attestation> {
	if rerun.miners.iter().any(|(_, outcome)| matches!(outcome, Outcome::Failed(_))) {
		return None;
	}
	let recomputed: &[(Uid, u16)] = rerun.weights.as_deref().unwrap_or(&[]);
	Some(if recomputed == revealed { Attestation::Match } else { Attestation::Mismatch })
}

impl<E> super::Round<E> {
	/// A verifier's re-run of a disputed round: the round `seed` names over the chain's
	/// `fixed` candidates, restricted to the validator's `fetched` set (each fetched from
	/// `endpoint(candidate)`). Fed the verifier's own fetches and scores, its `finish` gives
	/// what [`attest`] compares.
	pub fn rerun(
		seed: super::EpochSeed,
		task: crate::TaskSpec,
		limits: super::WeightLimits,
		fixed: &[FixedCandidate],
		fetched: &FetchedSet,
		mut endpoint: impl FnMut(&FixedCandidate) -> Option<E>,
	) -> Self {
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
