//! Clearing per-UID and per-subnet state when the subnets pallet removes neurons and subnets.

use crate::{
	Bonds, Config, EmissionShares, EpochResults, Issuance, LastCommit, LastUpdate, Pallet,
	PendingEmission, PermitStake, RoundCandidates, Rounds, Schedule, ValidatorPermits,
	WeightCommits, WeightSources, Weights,
};
use merit_primitives::{NetUid, NeuronLifecycle, Uid, ROUND_HISTORY};
use sp_runtime::traits::Saturating;

impl<T: Config> NeuronLifecycle<T::AccountId> for Pallet<T> {
	/// The UID's weights (and their source), bonds, activity, commits and permit go with the neuron: whoever
	/// takes the UID next starts afresh.
	fn on_neuron_deregistered(netuid: NetUid, uid: Uid, hotkey: &T::AccountId) {
		Weights::<T>::remove(netuid, uid);
		WeightSources::<T>::remove(netuid, uid);
		crate::Submissions::<T>::remove(netuid, uid);
		Bonds::<T>::remove(netuid, uid);
		LastUpdate::<T>::remove(netuid, uid);
		WeightCommits::<T>::remove(netuid, hotkey);
		LastCommit::<T>::remove(netuid, hotkey);
		// Only an existing entry (a dissolved subnet's is already gone).
		let _ = ValidatorPermits::<T>::try_mutate_exists(netuid, |permits| {
			if let Some(p) = permits.as_mut().and_then(|p| p.get_mut(usize::from(uid))) {
				*p = false;
			}
			Ok::<(), ()>(())
		});
		let _ = PermitStake::<T>::try_mutate_exists(netuid, |snapshot| {
			if let Some(s) = snapshot.as_mut() {
				s.retain(|(u, _)| *u != uid);
			}
			Ok::<(), ()>(())
		});
	}

	/// The subnet's schedule, permits, share, results and rounds are removed; emission it
	/// accrued since its last epoch is never minted. What its last epoch's neurons earned and
	/// is still queued ([`crate::PayoutPages`]) is paid all the same.
	fn on_subnet_dissolved(netuid: NetUid) {
		let pending = PendingEmission::<T>::take(netuid);
		Issuance::<T>::mutate(|books| books.pending = books.pending.saturating_sub(pending));
		Schedule::<T>::remove(netuid);
		ValidatorPermits::<T>::remove(netuid);
		PermitStake::<T>::remove(netuid);
		EmissionShares::<T>::remove(netuid);
		EpochResults::<T>::remove(netuid);
		// At most `ROUND_HISTORY` rounds are kept.
		let _ = Rounds::<T>::clear_prefix(netuid, ROUND_HISTORY, None);
		let _ = RoundCandidates::<T>::clear_prefix(netuid, ROUND_HISTORY, None);
	}
}
