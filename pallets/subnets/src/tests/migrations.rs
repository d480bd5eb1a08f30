//! Storage migrations: version 1 → 2 caps every stored reveal period, once; 2 → 3 moves
//! pruning scores out of the neurons into one value per subnet.

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

/// Version-2 neurons carry their pruning score: after the migration the subnet's scores hold
/// them, the neurons read back whole, and a second run changes nothing.
#[test]
fn v3_moves_pruning_scores_into_one_value_per_subnet() {
	use crate::{migrations::v3, NeuronInfo, Neurons, Scores};
	use codec::Encode;
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		register(ALICE, netuid, HK1);
		register(BOB, netuid, HK2);
		let before: Vec<NeuronInfo<AccountId, Balance>> =
			(0..2).map(|uid| Neurons::<Test>::get(netuid, uid).unwrap()).collect();
		// Rewrite them as version 2 stored them, each with its score.
		for (uid, (neuron, score)) in before.iter().zip([70, 5]).enumerate() {
			let old = v3::OldNeuronInfo {
				hotkey: neuron.hotkey,
				coldkey: neuron.coldkey,
				registered_at: neuron.registered_at,
				bond: neuron.bond,
				emission: score as Balance,
			};
			frame_support::storage::unhashed::put_raw(
				&Neurons::<Test>::hashed_key_for(netuid, uid as u16),
				&old.encode(),
			);
		}
		Scores::<Test>::remove(netuid);
		StorageVersion::new(2).put::<Subnets>();
		run_to_block(5);

		v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();

		assert_eq!(Subnets::on_chain_storage_version(), 3);
		let after: Vec<_> = (0..2).map(|uid| Neurons::<Test>::get(netuid, uid).unwrap()).collect();
		assert_eq!(after, before);
		let scores = Scores::<Test>::get(netuid);
		assert_eq!(scores.emission.into_inner(), vec![70, 5]);
		assert_eq!(scores.recorded_at, 6, "as of the new runtime's first block");
		// The lower score is pruned first, as before the upgrade.
		assert_eq!(Subnets::neuron_view(netuid, 1).unwrap().emission, 5);

		v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Scores::<Test>::get(netuid).recorded_at, 6);
	});
}
