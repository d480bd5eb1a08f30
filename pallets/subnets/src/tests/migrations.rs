//! Storage migrations: version 1 → 2 caps every stored reveal period, once.

use crate::{
	migrations::v2::MigrateV1ToV2, mock::*, DefaultHyperparameters, Hyperparameters,
	PendingHyperparameters,
};
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
use merit_primitives::MAX_REVEAL_PERIOD;

#[test]
fn v2_caps_every_stored_reveal_period() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		// Version 1 took any reveal period from 1 (governance could set 10).
		DefaultHyperparameters::<Test>::mutate(|hp| hp.as_mut().unwrap().reveal_period = 10);
		Hyperparameters::<Test>::mutate(netuid, |hp| hp.as_mut().unwrap().reveal_period = 10);
		let mut queued = Hyperparameters::<Test>::get(netuid).unwrap();
		queued.reveal_period = 2;
		PendingHyperparameters::<Test>::insert(netuid, queued);
		StorageVersion::new(1).put::<Subnets>();
		assert!(Subnets::do_try_state().is_err(), "out of range");

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Subnets::on_chain_storage_version(), 2);
		let period = |hp: Option<crate::HyperparamsOf<Test>>| hp.unwrap().reveal_period;
		assert_eq!(period(DefaultHyperparameters::<Test>::get()), MAX_REVEAL_PERIOD);
		assert_eq!(period(Hyperparameters::<Test>::get(netuid)), MAX_REVEAL_PERIOD);
		assert_eq!(period(PendingHyperparameters::<Test>::get(netuid)), 2, "shorter ones stay");
	});
}

#[test]
fn v2_runs_once() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		// A chain started at version 2 (its genesis wrote the version).
		StorageVersion::new(2).put::<Subnets>();
		// A value no version-2 call can store, to see that the migration leaves it.
		Hyperparameters::<Test>::mutate(netuid, |hp| hp.as_mut().unwrap().reveal_period = 9);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Hyperparameters::<Test>::get(netuid).unwrap().reveal_period, 9);
		Hyperparameters::<Test>::mutate(netuid, |hp| hp.as_mut().unwrap().reveal_period = 1);
	});
}
