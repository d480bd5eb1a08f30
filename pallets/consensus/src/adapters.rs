//! The glue traits this pallet implements for others: epoch facts for slashing
//! ([`merit_primitives::EpochInfo`]). (Neuron departures are in `lifecycle.rs`.)

use crate::{Config, Pallet, PermitStake, RoundCandidates, Rounds, Schedule, ValidatorPermits};
use alloc::vec::Vec;
use merit_primitives::{
	round::{FixedCandidate, RoundRecord},
	ClaimError, Hash32, NetUid, Uid,
};
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

	fn permit_stakes(netuid: NetUid) -> Vec<(Uid, crate::BalanceOf<T>)> {
		PermitStake::<T>::get(netuid).into_inner()
	}

	fn claim_submission(netuid: NetUid, uid: Uid, digest: Hash32) -> Result<u32, ClaimError> {
		crate::Submissions::<T>::try_mutate(netuid, uid, |log| {
			let entry = log.iter_mut().find(|e| e.digest == digest).ok_or(ClaimError::Unknown)?;
			if entry.claimed {
				return Err(ClaimError::Claimed);
			}
			entry.claimed = true;
			Ok(entry.stored_at)
		})
	}

	fn fixed_round(netuid: NetUid, epoch: u32) -> Option<(RoundRecord, Vec<FixedCandidate>)> {
		let record = Rounds::<T>::get(netuid, epoch)?;
		Some((record, RoundCandidates::<T>::get(netuid, epoch).into_inner()))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn submit_weights_for_benchmark(
		netuid: NetUid,
		uid: Uid,
		weights: Vec<(Uid, u16)>,
		basis: merit_primitives::round::WeightsBasis,
		candidates: Vec<FixedCandidate>,
	) {
		let limits = merit_primitives::round::WeightLimits { min_count: 1, max_share_ppb: 1 };
		Rounds::<T>::insert(netuid, basis.round, RoundRecord { fixed_at: 0, limits });
		RoundCandidates::<T>::insert(
			netuid,
			basis.round,
			merit_primitives::round::FixedCandidates::truncate_from(candidates),
		);
		// Stored as a reveal stores them (with the submission log), fixed now.
		let now = Pallet::<T>::now();
		Pallet::<T>::store_weights(
			netuid,
			uid,
			crate::WeightRow::truncate_from(weights),
			basis,
			now,
		);
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
