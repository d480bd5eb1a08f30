//! Benchmarks of every call and of the epoch hook, each in its worst case.

use super::*;
use crate::pallet::{
	Config, DeferredSlashes, LowTrustStreak, ModelReports, Pallet, Params, PendingCount,
};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use merit_primitives::{
	EpochInfo, EpochObserver, NetUid, SlashReason, StakeInfo, SubnetRegistry, ValidatorRecord,
};
use sp_runtime::{Perbill, SaturatedConversion};

/// Stakers behind each slashed hotkey: the runtime's `MaxStakersPerHotkey`, the worst case of
/// staking's slash primitive.
const STAKERS: u32 = 1_024;

/// A subnet of `n` neurons (hotkeys `account("hotkey", i, 0)`, coldkeys
/// `account("coldkey", i, 0)`, each with a revealed model and a bond), the first
/// `validators` with a permit and stake.
fn subnet<T: Config>(n: u16, validators: u16) -> NetUid {
	let owner: T::AccountId = account("owner", 0, 0);
	let netuid = T::Subnets::create_subnet_for_benchmark(&owner, n);
	for i in 0..validators {
		let hotkey: T::AccountId = account("hotkey", u32::from(i), 0);
		let coldkey: T::AccountId = account("coldkey", u32::from(i), 0);
		T::Stake::stake_for_benchmark(&coldkey, &hotkey, 1_000_000_000_000u64.saturated_into());
		T::Epochs::grant_permit_for_benchmark(netuid, i);
	}
	netuid
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The report that reaches `kappa` (the miner's streak grows at the epoch's end).
	#[benchmark]
	fn report_model() {
		let netuid = subnet::<T>(2, 1);
		let reporter: T::AccountId = account("hotkey", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(reporter), netuid, 1, ModelFault::Unavailable);

		assert!(ModelReports::<T>::get(netuid, 1).is_some_and(|round| round.offence));
	}

	#[benchmark]
	fn cancel_deferred_slash() -> Result<(), BenchmarkError> {
		let origin =
			T::CancelOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let netuid = subnet::<T>(1, 1);
		Pallet::<T>::offence(netuid, account("hotkey", 0, 0), SlashReason::CopiedModel);
		assert_eq!(PendingCount::<T>::get(netuid), 1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, netuid, 0);

		assert!(DeferredSlashes::<T>::get(netuid, 0).is_none());
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		// A change the slash window allows: the genesis deferral, a longer streak.
		let current = Params::<T>::get().unwrap_or_default();
		let params =
			SlashParams { trust_epochs: current.trust_epochs.saturating_add(1), ..current };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());

		assert_eq!(Params::<T>::get(), Some(params));
		Ok(())
	}

	/// After an epoch: `v` validators each completing a low-trust streak (an offence each,
	/// while the queue has room), `s` due slashes of copiers (stake with 1,024 stakers), `r`
	/// model reports that reached `kappa`, each completing a miner's unavailability streak,
	/// then forgotten.
	#[benchmark]
	fn on_epoch(
		v: Linear<0, 64>,
		s: Linear<0, { T::MaxAppliedPerEpoch::get() }>,
		r: Linear<0, 256>,
	) {
		let n = v.max(s).max(r).max(1) as u16;
		let netuid = subnet::<T>(n, v as u16);
		let params = Params::<T>::get().unwrap_or_default();
		let trust_epochs = params.trust_epochs;
		let mut records = Vec::new();
		for i in 0..v {
			let hotkey: T::AccountId = account("hotkey", i, 0);
			LowTrustStreak::<T>::insert(netuid, &hotkey, trust_epochs.saturating_sub(1));
			records.push(ValidatorRecord {
				uid: i as u16,
				hotkey,
				trust: Perbill::zero(),
				active: true,
			});
		}
		for i in 0..s {
			let hotkey: T::AccountId = account("hotkey", i, 0);
			let coldkey: T::AccountId = account("coldkey", i, 0);
			T::Stake::stake_for_benchmark(&coldkey, &hotkey, 1_000_000_000_000u64.saturated_into());
			for j in 1..STAKERS {
				let staker: T::AccountId = account("staker", i * STAKERS + j, 0);
				T::Stake::stake_for_benchmark(
					&staker,
					&hotkey,
					1_000_000_000_000u64.saturated_into(),
				);
			}
			DeferredSlashes::<T>::insert(
				netuid,
				i,
				DeferredSlash {
					offender: hotkey.clone(),
					reason: SlashReason::CopiedModel,
					fraction: Perbill::from_percent(10),
					apply_epoch: 0,
					at_risk: 1u32.into(),
				},
			);
			crate::PendingOffences::<T>::insert(netuid, (&hotkey, SlashReason::CopiedModel), i);
		}
		PendingCount::<T>::insert(netuid, s);
		crate::NextSlashId::<T>::put(s);
		for i in 0..r {
			let miner: T::AccountId = account("hotkey", i, 0);
			crate::UnavailableStreak::<T>::insert(
				netuid,
				&miner,
				params.unavailable_epochs.saturating_sub(1).max(1),
			);
			ModelReports::<T>::insert(
				netuid,
				i as u16,
				ReportRound {
					epoch: 0,
					miner,
					reporters: BoundedVec::truncate_from(vec![account("hotkey", 0, 0)]),
					stake: 1u32.into(),
					offence: true,
				},
			);
		}
		let epoch = T::Epochs::current_epoch(netuid);

		#[block]
		{
			Pallet::<T>::on_epoch(netuid, epoch, &records);
		}

		assert_eq!(ModelReports::<T>::iter_prefix(netuid).count(), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
