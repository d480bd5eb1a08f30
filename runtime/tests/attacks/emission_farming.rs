//! **Attack.** A coldkey locks a subnet, registers and stakes its own validator and miner,
//! closes registration to outsiders and lets every epoch pay the subnet's emission share to
//! itself, then dissolves the subnet to take the whole lock back. **Defence.** A new subnet
//! earns nothing until the admin origin grants it a share; closing (or throttling shut)
//! registration and dissolving are the admin's; dissolution returns the lock net of the owner
//! cut the subnet paid.

use crate::harness::*;
use frame_support::{assert_noop, assert_ok};
use merit_runtime::{Balance, Consensus, Runtime, RuntimeEvent, Subnets};
use pallet_merit_subnets::{Error as SubnetsError, Hyperparameter};
use sp_runtime::DispatchError;

/// What the epochs of `netuid` paid (owner cut, miners, validators) since genesis.
fn paid_by(netuid: u16) -> Balance {
	events()
		.into_iter()
		.filter_map(|e| match e {
			RuntimeEvent::Consensus(pallet_merit_consensus::Event::EpochCompleted {
				netuid: n,
				owner_cut,
				miners,
				validators_paid,
				..
			}) if n == netuid => Some(owner_cut + miners + validators_paid),
			_ => None,
		})
		.sum()
}

/// What registrations on `netuid` burned.
fn burned_on(netuid: u16) -> Balance {
	events()
		.into_iter()
		.filter_map(|e| match e {
			RuntimeEvent::Subnets(pallet_merit_subnets::Event::NeuronRegistered {
				netuid: n,
				burned,
				..
			}) if n == netuid => Some(burned),
			_ => None,
		})
		.sum()
}

#[test]
fn a_self_dealing_subnet_earns_nothing() {
	each_preset(|preset| {
		// An honest subnet the admin granted a share: emission is flowing to it.
		let honest = register_subnet(&actor("honest-owner"), &actor("honest-owner-hotkey"));
		grant_share(honest);

		let (owner, owner_hk) = (actor("owner"), actor("owner-hotkey"));
		let (validator, miner) = (actor("owner-validator"), actor("owner-miner"));
		let before = wealth(&owner);
		let netuid = register_subnet(&owner, &owner_hk);
		// Closing registration is not the owner's, nor is throttling it shut.
		assert_noop!(
			Subnets::set_hyperparameter(
				signed(&owner),
				netuid,
				Hyperparameter::RegistrationAllowed(false)
			),
			SubnetsError::<Runtime>::HyperparameterAdminOnly
		);
		assert_noop!(
			Subnets::set_hyperparameter(
				signed(&owner),
				netuid,
				Hyperparameter::MaxRegsPerInterval(1)
			),
			SubnetsError::<Runtime>::OutsideOwnerRange
		);
		let miner_uid = register(netuid, &owner, &miner);
		register(netuid, &owner, &validator);
		stake(&owner, &validator, permit_stake(2));
		next_epoch(netuid); // permits

		// Four epochs of self-dealing: the owner's validator weights the owner's miner.
		for k in 0..4 {
			if k > 0 {
				reveal_weights(netuid, &validator, &[miner_uid], &[1]);
			}
			commit_weights(netuid, &validator, &[miner_uid], &[1]);
			let honest_before = pallet_merit_consensus::PendingEmission::<Runtime>::get(honest);
			next_block();
			// The whole block's emission went to the honest subnet (unless its epoch ran).
			let honest_after = pallet_merit_consensus::PendingEmission::<Runtime>::get(honest);
			if honest_after > honest_before {
				assert_eq!(honest_after - honest_before, Consensus::block_emission(), "{preset}");
			}
			next_epoch(netuid);
		}
		assert_eq!(Consensus::emission_share(netuid), 0, "{preset}");
		assert_eq!(paid_by(netuid), 0, "{preset}: the self-dealing subnet was paid");
		assert_eq!(pallet_merit_consensus::PendingEmission::<Runtime>::get(netuid), 0);
		assert!(paid_by(honest) > 0, "{preset}: the honest subnet is paid");

		// The owner may not dissolve; the admin may, and the lock comes back whole (the
		// subnet paid no owner cut), so the attacker is down exactly its registration burns.
		assert_noop!(Subnets::dissolve_subnet(signed(&owner), netuid), DispatchError::BadOrigin);
		assert_ok!(Subnets::dissolve_subnet(root(), netuid));
		next_block(); // the neurons' bonds come back
		assert_eq!(wealth(&owner), before - burned_on(netuid), "{preset}");
	});
}

#[test]
fn dissolution_returns_the_lock_less_the_owner_cut() {
	each_preset(|preset| {
		let (owner, owner_hk) = (actor("owner"), actor("owner-hotkey"));
		let before = wealth(&owner);
		let netuid = register_subnet(&owner, &owner_hk);
		let lock = pallet_merit_subnets::Registry::<Runtime>::get(netuid).unwrap().lock;
		grant_share(netuid);
		next_epoch(netuid);
		next_epoch(netuid);
		next_epoch(netuid);
		let owner_cut =
			pallet_merit_subnets::Registry::<Runtime>::get(netuid).unwrap().owner_emission;
		assert!(owner_cut > 0 && owner_cut < lock, "{preset}: {owner_cut} of {lock}");
		assert_eq!(staked(&owner, &owner_hk), owner_cut, "the owner cut is paid as stake");
		assert_ok!(Subnets::dissolve_subnet(root(), netuid));
		assert!(events().contains(&RuntimeEvent::Subnets(
			pallet_merit_subnets::Event::SubnetDissolved {
				netuid,
				owner: owner.clone(),
				lock_returned: lock - owner_cut,
				lock_burned: owner_cut,
				neurons: 0,
			}
		)));
		// Lock back less the owner cut, plus the owner cut as stake: exactly where it started.
		assert_eq!(wealth(&owner), before, "{preset}");
	});
}
