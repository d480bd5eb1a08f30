//! The genesis presets build a valid genesis state: authorities, sudo, endowments.

use merit_runtime::{
	genesis_config_presets::{get_preset, preset_names, DEV_ENDOWMENT, TESTNET_RUNTIME_PRESET},
	AccountId, Balances, Runtime, Staking, EXISTENTIAL_DEPOSIT, UNIT,
};
use sp_keyring::Sr25519Keyring;

mod common;
use common::genesis_of;

fn aura_authorities() -> usize {
	pallet_aura::Authorities::<Runtime>::get().len()
}

fn sudo_key() -> Option<AccountId> {
	pallet_sudo::Key::<Runtime>::get()
}

#[test]
fn the_three_presets_are_offered() {
	assert_eq!(preset_names(), vec!["development", "local_testnet", "testnet"]);
	assert!(get_preset(&"mainnet".to_string()).is_none());
}

#[test]
fn development_has_alice_authoring_and_endowed_dev_accounts() {
	genesis_of("development").execute_with(|| {
		assert_eq!(aura_authorities(), 1);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 1);
		assert_eq!(sudo_key(), Some(Sr25519Keyring::Alice.to_account_id()));
		let accounts = Sr25519Keyring::well_known().count() as u128;
		assert_eq!(accounts, 12);
		for who in Sr25519Keyring::well_known() {
			assert_eq!(Balances::free_balance(who.to_account_id()), DEV_ENDOWMENT);
		}
		// Plus the staking reward pot's existential deposit.
		assert_eq!(
			pallet_balances::TotalIssuance::<Runtime>::get(),
			accounts * DEV_ENDOWMENT + EXISTENTIAL_DEPOSIT
		);
		assert_eq!(Balances::free_balance(Staking::reward_pot()), EXISTENTIAL_DEPOSIT);
	});
}

#[test]
fn local_testnet_has_four_authorities() {
	genesis_of("local_testnet").execute_with(|| {
		assert_eq!(aura_authorities(), 4);
		let grandpa = pallet_grandpa::Pallet::<Runtime>::grandpa_authorities();
		assert_eq!(grandpa.len(), 4);
		assert!(grandpa.iter().all(|(_, weight)| *weight == 1));
		assert_eq!(sudo_key(), Some(Sr25519Keyring::Alice.to_account_id()));
	});
}

#[test]
fn testnet_uses_operator_keys_and_endows_no_dev_account() {
	genesis_of(TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(aura_authorities(), 4);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		let sudo = sudo_key().expect("the testnet has a sudo key");
		assert!(Sr25519Keyring::well_known().all(|k| k.to_account_id() != sudo));
		for who in Sr25519Keyring::well_known() {
			assert_eq!(Balances::free_balance(who.to_account_id()), 0);
		}
		assert_eq!(
			pallet_balances::TotalIssuance::<Runtime>::get(),
			10_001_000 * UNIT + EXISTENTIAL_DEPOSIT
		);
	});
}

#[test]
fn dev_chains_run_subnets_in_blocks_and_public_ones_in_days() {
	for preset in ["development", "local_testnet"] {
		genesis_of(preset).execute_with(|| {
			let hp = pallet_merit_subnets::DefaultHyperparameters::<Runtime>::get().unwrap();
			assert_eq!((hp.tempo, hp.immunity_period), (10, 20));
			assert!(hp.allow_private_axons);
			let network = pallet_merit_subnets::NetworkParameters::<Runtime>::get().unwrap();
			assert_eq!(network.lock_floor, 100 * UNIT);
			// Longer than a slash can wait: (2 deferred epochs + 1) · 10 blocks.
			assert_eq!(pallet_merit_staking::UnbondingBlocks::<Runtime>::get(), 40);
		});
	}
	genesis_of(TESTNET_RUNTIME_PRESET).execute_with(|| {
		let hp = pallet_merit_subnets::DefaultHyperparameters::<Runtime>::get().unwrap();
		assert_eq!(hp, pallet_merit_subnets::Pallet::<Runtime>::standard_hyperparams());
		assert!(!hp.allow_private_axons);
		let network = pallet_merit_subnets::NetworkParameters::<Runtime>::get().unwrap();
		assert_eq!(network, pallet_merit_subnets::Pallet::<Runtime>::standard_network());
		assert_eq!(pallet_merit_staking::UnbondingBlocks::<Runtime>::get(), 50_400);
	});
}
