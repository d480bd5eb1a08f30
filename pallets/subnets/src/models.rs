//! Model commitments: commit a binding, reveal the hash, detect copies.

use crate::{
	Config, Error, Event, Forfeited, ModelClaims, ModelCommitment, ModelCommitments, Pallet,
	Registry, RevealedModels, Uids,
};
use codec::Encode;
use frame_support::pallet_prelude::*;
use merit_primitives::{Hash32, NetUid, OnModelCopied};

impl<T: Config> Pallet<T> {
	/// The binding a miner commits for `model_hash`: `blake2_256(model_hash ‖ hotkey ‖ netuid)`
	/// over the SCALE encodings.
	pub fn model_binding(model_hash: &Hash32, hotkey: &T::AccountId, netuid: NetUid) -> Hash32 {
		sp_io::hashing::blake2_256(&(model_hash, hotkey, netuid).encode())
	}

	/// Gives up `hotkey`'s claim to be the original of a model on `netuid`.
	fn drop_claim(netuid: NetUid, hotkey: &T::AccountId) {
		let Some(hash) = ModelClaims::<T>::take(netuid, hotkey) else { return };
		if RevealedModels::<T>::get(netuid, hash).is_some_and(|(first, _)| &first == hotkey) {
			RevealedModels::<T>::remove(netuid, hash);
		}
	}

	/// Drops everything `hotkey` has committed on `netuid` (it is being deregistered).
	pub(crate) fn forget_model(netuid: NetUid, hotkey: &T::AccountId) {
		ModelCommitments::<T>::remove(netuid, hotkey);
		Self::drop_claim(netuid, hotkey);
	}

	/// Stores `hotkey`'s commitment on `netuid`, replacing any earlier one. A claim to be the
	/// original of an earlier revealed model stands until another model is revealed.
	pub(crate) fn do_commit_model(
		netuid: NetUid,
		hotkey: T::AccountId,
		binding: Hash32,
		size_bytes: u32,
	) -> DispatchResult {
		let subnet = Registry::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		let uid = Uids::<T>::get(netuid, &hotkey).ok_or(Error::<T>::NotRegistered)?;
		ensure!(!Forfeited::<T>::contains_key(netuid, uid), Error::<T>::NeuronForfeited);
		ensure!(size_bytes > 0, Error::<T>::EmptyModel);
		ensure!(size_bytes <= subnet.task.max_model_bytes, Error::<T>::ModelTooLarge);
		let commitment = ModelCommitment {
			binding,
			size_bytes,
			committed_at: Self::now(),
			revealed: None,
			copy_of: None,
		};
		ModelCommitments::<T>::insert(netuid, &hotkey, commitment);
		Self::deposit_event(Event::ModelCommitted { netuid, hotkey, binding, size_bytes });
		Ok(())
	}

	/// Reveals `model_hash` for `hotkey`'s commitment on `netuid` and settles who copied whom.
	pub(crate) fn do_reveal_model(
		netuid: NetUid,
		hotkey: T::AccountId,
		model_hash: Hash32,
	) -> DispatchResult {
		ensure!(Registry::<T>::contains_key(netuid), Error::<T>::SubnetNotFound);
		ensure!(Uids::<T>::contains_key(netuid, &hotkey), Error::<T>::NotRegistered);
		let mut mine =
			ModelCommitments::<T>::get(netuid, &hotkey).ok_or(Error::<T>::NoCommitment)?;
		ensure!(mine.revealed.is_none(), Error::<T>::AlreadyRevealed);
		ensure!(Self::now() > mine.committed_at, Error::<T>::RevealTooEarly);
		ensure!(
			Self::model_binding(&model_hash, &hotkey, netuid) == mine.binding,
			Error::<T>::BindingMismatch
		);

		mine.revealed = Some(model_hash);
		// Revealing another model gives up the claim on the previous one.
		if ModelClaims::<T>::get(netuid, &hotkey).is_some_and(|claimed| claimed != model_hash) {
			Self::drop_claim(netuid, &hotkey);
		}
		match RevealedModels::<T>::get(netuid, model_hash) {
			// Our own model again: our claim, with its earlier commit, stands.
			Some((original, _)) if original == hotkey => {},
			// Someone committed this model no later than us: we are the copy.
			Some((original, committed_at)) if committed_at <= mine.committed_at => {
				mine.copy_of = Some(original.clone());
				Self::report_copy(netuid, hotkey.clone(), original, model_hash);
			},
			// We committed first although they revealed first: they are the copy.
			Some((copier, _)) => {
				ModelCommitments::<T>::mutate(netuid, &copier, |theirs| {
					if let Some(theirs) = theirs {
						theirs.copy_of = Some(hotkey.clone());
					}
				});
				ModelClaims::<T>::remove(netuid, &copier);
				Self::claim_model(netuid, &hotkey, model_hash, mine.committed_at);
				Self::report_copy(netuid, copier, hotkey.clone(), model_hash);
			},
			None => Self::claim_model(netuid, &hotkey, model_hash, mine.committed_at),
		}
		ModelCommitments::<T>::insert(netuid, &hotkey, mine);
		Self::deposit_event(Event::ModelRevealed { netuid, hotkey, model_hash });
		Ok(())
	}

	/// Records `hotkey`, committed at `committed_at`, as the original of `model_hash`.
	fn claim_model(netuid: NetUid, hotkey: &T::AccountId, model_hash: Hash32, committed_at: u32) {
		RevealedModels::<T>::insert(netuid, model_hash, (hotkey.clone(), committed_at));
		ModelClaims::<T>::insert(netuid, hotkey, model_hash);
	}

	/// Records a copy: the listener (slashing) schedules the stake slash and names the share
	/// of the copier's bond to take, and the copier forfeits its place at once (bond slashed,
	/// the rest returned, its UID to the next registrant), so one registration buys at most
	/// one copy offence.
	fn report_copy(
		netuid: NetUid,
		copier: T::AccountId,
		original: T::AccountId,
		model_hash: Hash32,
	) {
		let bond_share = T::OnModelCopied::on_model_copied(netuid, &copier, &original, &model_hash);
		Self::deposit_event(Event::ModelCopied {
			netuid,
			copier: copier.clone(),
			original,
			model_hash,
		});
		if let Some(uid) = Uids::<T>::get(netuid, &copier) {
			Self::forfeit_uid(netuid, uid, bond_share, merit_primitives::SlashReason::CopiedModel);
		}
	}
}
