//! The glue traits this pallet implements for others: epoch facts for slashing
//! ([`merit_primitives::EpochInfo`]). (Neuron departures are in `lifecycle.rs`.)

use crate::{Config, Pallet, PermitStake, Schedule, ValidatorPermits};
use merit_primitives::{NetUid, Uid};
use sp_runtime::traits::Saturating;

impl<T: Config> merit_primitives::EpochClock for Pallet<T> {
	fn next_epoch_block(netuid: NetUid) -> Option<u32> {
		Schedule::<T>::get(netuid).map(|s| s.next_due)
	}
}

impl<T: Config> merit_primitives::EpochInfo<crate::BalanceOf<T>> for Pallet<T> {
	fn current_epoch(netuid: NetUid) -> u32 {
		Schedule::<T>::get(netuid).map(|s| s.index).unwrap_or(0)
	}

	fn has_permit(netuid: NetUid, uid: Uid) -> bool {
		ValidatorPermits::<T>::get(netuid).get(usize::from(uid)).copied().unwrap_or(false)
	}

	fn permit_stake(netuid: NetUid, uid: Uid) -> Option<crate::BalanceOf<T>> {
		PermitStake::<T>::get(netuid).iter().find(|(u, _)| *u == uid).map(|(_, s)| *s)
	}

	fn validator_stake(netuid: NetUid) -> (crate::BalanceOf<T>, sp_runtime::Perbill) {
		use merit_primitives::SubnetRegistry;
		let kappa = T::Subnets::epoch_params(netuid).map(|p| p.kappa).unwrap_or_default();
		let total = PermitStake::<T>::get(netuid)
			.iter()
			.fold(crate::BalanceOf::<T>::default(), |total, (_, s)| total.saturating_add(*s));
		(total, kappa)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn grant_permit_for_benchmark(netuid: NetUid, uid: Uid) {
		ValidatorPermits::<T>::mutate(netuid, |permits| {
			let uid = usize::from(uid);
			let mut all = permits.clone().into_inner();
			if all.len() <= uid {
				all.resize(uid.saturating_add(1), false);
			}
			if let Some(p) = all.get_mut(uid) {
				*p = true;
			}
			*permits = crate::PerUid::truncate_from(all);
		});
		use merit_primitives::{StakeInfo, SubnetRegistry};
		let stake = T::Subnets::neuron(netuid, uid)
			.map(|n| T::Stake::stake_of(&n.hotkey))
			.unwrap_or_default();
		PermitStake::<T>::mutate(netuid, |snapshot| {
			snapshot.retain(|(u, _)| *u != uid);
			let _ = snapshot.try_push((uid, stake));
		});
	}
}
