//! Storage migrations: version 1 → 2 rewrites the slashing parameters with the dispute
//! fractions, once; version 2 → 3 records that slashes of stake are applied in pages; version
//! 3 → 4 dates the unavailability streaks.

use crate::{
	migrations::v2::{MigrateV1ToV2, SlashParamsV1},
	mock::*,
	Params, SlashParams,
};
use codec::Encode;
use frame_support::{
	storage::unhashed,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};
use sp_runtime::Perbill;

/// Version-1 parameters with the epoch counts the mock's genesis has (the streak ceilings
/// follow them) and fractions of their own.
fn v1(current: &SlashParams) -> SlashParamsV1 {
	SlashParamsV1 {
		trust_threshold: Perbill::from_percent(25),
		trust_epochs: current.trust_epochs,
		defer_epochs: current.defer_epochs,
		low_trust_fraction: Perbill::from_percent(2),
		copied_model_fraction: Perbill::from_percent(40),
		unavailable_epochs: current.unavailable_epochs,
		unavailable_model_fraction: Perbill::from_percent(15),
	}
}

#[test]
fn v2_keeps_every_parameter_and_adds_the_dispute_fractions() {
	build_and_execute(|| {
		let current = Params::<Test>::get().unwrap();
		unhashed::put_raw(&Params::<Test>::hashed_key(), &v1(&current).encode());
		StorageVersion::new(1).put::<Slashing>();
		assert!(Params::<Test>::get().is_none(), "a version-1 value does not decode as version 2");

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Slashing::on_chain_storage_version(), 2);
		let defaults = SlashParams::default();
		assert_eq!(
			Params::<Test>::get(),
			Some(SlashParams {
				trust_threshold: Perbill::from_percent(25),
				trust_epochs: current.trust_epochs,
				defer_epochs: current.defer_epochs,
				low_trust_fraction: Perbill::from_percent(2),
				copied_model_fraction: Perbill::from_percent(40),
				unavailable_epochs: current.unavailable_epochs,
				unavailable_model_fraction: Perbill::from_percent(15),
				disputed_weights_fraction: defaults.disputed_weights_fraction,
				disputer_share: defaults.disputer_share,
			})
		);
		assert_eq!(defaults.disputed_weights_fraction, Perbill::from_percent(10));
		assert_eq!(defaults.disputer_share, Perbill::from_percent(20));
	});
}

/// At version 2 the value is already in the new layout: the migration leaves it alone.
#[test]
fn v2_runs_once() {
	build_and_execute(|| {
		let current = Params::<Test>::get();
		assert!(current.is_some());
		// A chain started at version 2 (its genesis wrote the version).
		StorageVersion::new(2).put::<Slashing>();
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Params::<Test>::get(), current);
	});
}

/// Version 2 → 3 only raises the version (the slashes being applied start empty) and changes
/// no pending slash; at version 3 it does nothing.
#[test]
fn v3_raises_the_version_and_moves_nothing() {
	use crate::migrations::v3::MigrateV2ToV3;
	build_and_execute(|| {
		let netuid = standard_subnet();
		let id = Slashing::offence(netuid, V2_HK, merit_primitives::SlashReason::CopiedModel);
		let pending = crate::DeferredSlashes::<Test>::get(netuid, id.unwrap());
		StorageVersion::new(2).put::<Slashing>();
		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Slashing::on_chain_storage_version(), StorageVersion::new(3));
		assert!(crate::Applying::<Test>::get().is_empty());
		assert_eq!(crate::DeferredSlashes::<Test>::get(netuid, id.unwrap()), pending);
		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Slashing::on_chain_storage_version(), StorageVersion::new(3));
	});
}

/// Version 3 → 4: a stored streak (a bare count in version 3, grown at the end of the epoch its
/// reports named) is dated to the epoch before the current one; a round of the current epoch
/// already at `kappa` grows its miner's streak as version 3's epoch end would have, here into
/// the offence (the mock's streak threshold is 2). Once.
#[test]
fn v4_dates_the_streaks_and_grows_the_current_epochs_marked_ones() {
	use crate::{
		migrations::v4::MigrateV3ToV4, ModelReports, PendingOffences, ReportRound, UnavailableRun,
		UnavailableStreak,
	};
	use merit_primitives::{EpochInfo, SlashReason};
	build_and_execute(|| {
		let netuid = standard_subnet();
		next_epoch();
		let epoch = <Test as crate::Config>::Epochs::current_epoch(netuid);
		assert!(epoch >= 1);
		for miner in [M1_HK, M2_HK] {
			unhashed::put(&UnavailableStreak::<Test>::hashed_key_for(netuid, miner), &1u32);
		}
		let m2_uid = pallet_merit_subnets::Uids::<Test>::get(netuid, M2_HK).unwrap();
		ModelReports::<Test>::insert(
			netuid,
			m2_uid,
			ReportRound {
				epoch,
				miner: M2_HK,
				reporters: frame_support::BoundedVec::truncate_from(vec![V1_HK]),
				stake: 1_000_000,
				offence: true,
			},
		);
		StorageVersion::new(3).put::<Slashing>();

		MigrateV3ToV4::<Test>::on_runtime_upgrade();
		assert_eq!(Slashing::on_chain_storage_version(), StorageVersion::new(4));
		assert_eq!(Slashing::on_chain_storage_version(), Slashing::in_code_storage_version());
		let dated = UnavailableRun { last_epoch: epoch - 1, epochs: 1 };
		assert_eq!(UnavailableStreak::<Test>::get(netuid, M1_HK), Some(dated));
		assert_eq!(Slashing::unavailable_streak(netuid, &M1_HK), 1);
		assert_eq!(UnavailableStreak::<Test>::get(netuid, M2_HK), None, "grown into the offence");
		assert!(PendingOffences::<Test>::contains_key(
			netuid,
			(M2_HK, SlashReason::UnavailableModel)
		));
		Slashing::do_try_state().unwrap();

		MigrateV3ToV4::<Test>::on_runtime_upgrade();
		assert_eq!(UnavailableStreak::<Test>::get(netuid, M1_HK), Some(dated), "once");
	});
}
