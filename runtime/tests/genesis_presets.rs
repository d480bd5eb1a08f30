//! The genesis presets build a valid genesis state: authorities, sudo (development only),
//! endowments (the treasury's among them), governance timescales and slash deferrals.

use merit_runtime::{
	configs::treasury::TreasuryAccount,
	genesis_config_presets::{
		get_preset, preset_names, DEV_ENDOWMENT, DEV_TREASURY_ENDOWMENT, TESTNET_RUNTIME_PRESET,
		TESTNET_SLASH_DEFER_EPOCHS,
	},
	AccountId, Balances, Runtime, Staking, EXISTENTIAL_DEPOSIT, UNIT,
};
use pallet_merit_origins::{Timescale, TrackTimescale};
use sp_keyring::Sr25519Keyring;

use crate::common;
use common::genesis_of;

fn aura_authorities() -> usize {
	pallet_aura::Authorities::<Runtime>::get().len()
}

fn sudo_key() -> Option<AccountId> {
	pallet_sudo::Key::<Runtime>::get()
}

/// Every pallet's `integrity_test` (the checks of its own configuration: queue bounds, page
/// sizes, weights that fit a block) against this runtime. `#[frame_support::runtime]` generates
/// the same call as a unit test of the runtime crate, which is not compiled in test mode.
#[test]
fn every_pallets_integrity_test_passes() {
	use frame_support::traits::IntegrityTest;
	sp_io::TestExternalities::default()
		.execute_with(<merit_runtime::AllPalletsWithSystem as IntegrityTest>::integrity_test);
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
		assert_eq!(Balances::free_balance(TreasuryAccount::get()), DEV_TREASURY_ENDOWMENT);
		// Plus the staking reward pot's existential deposit.
		assert_eq!(
			pallet_balances::TotalIssuance::<Runtime>::get(),
			accounts * DEV_ENDOWMENT + DEV_TREASURY_ENDOWMENT + EXISTENTIAL_DEPOSIT
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
		// Governance only: no sudo key.
		assert_eq!(sudo_key(), None);
	});
}

#[test]
fn testnet_uses_operator_keys_and_endows_no_dev_account() {
	genesis_of(TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(aura_authorities(), 4);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		// No single key can change the public testnet: no sudo key, governance only.
		assert_eq!(sudo_key(), None);
		for who in Sr25519Keyring::well_known() {
			assert_eq!(Balances::free_balance(who.to_account_id()), 0);
		}
		// 9,000,000 MRT in the treasury, 1,000,000 with the faucet.
		assert_eq!(Balances::free_balance(TreasuryAccount::get()), 9_000_000 * UNIT);
		assert_eq!(
			pallet_balances::TotalIssuance::<Runtime>::get(),
			10_000_000 * UNIT + EXISTENTIAL_DEPOSIT
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
			let slash = pallet_merit_slashing::Params::<Runtime>::get().unwrap();
			assert_eq!(slash.defer_epochs, 2);
			assert_eq!(TrackTimescale::<Runtime>::get(), Timescale::Blocks);
		});
	}
	genesis_of(TESTNET_RUNTIME_PRESET).execute_with(|| {
		let hp = pallet_merit_subnets::DefaultHyperparameters::<Runtime>::get().unwrap();
		assert_eq!(hp, pallet_merit_subnets::Pallet::<Runtime>::standard_hyperparams());
		assert!(!hp.allow_private_axons);
		let network = pallet_merit_subnets::NetworkParameters::<Runtime>::get().unwrap();
		assert_eq!(network, pallet_merit_subnets::Pallet::<Runtime>::standard_network());
		assert_eq!(pallet_merit_staking::UnbondingBlocks::<Runtime>::get(), 50_400);
		let slash = pallet_merit_slashing::Params::<Runtime>::get().unwrap();
		assert_eq!(slash.defer_epochs, TESTNET_SLASH_DEFER_EPOCHS);
		assert_eq!(TrackTimescale::<Runtime>::get(), Timescale::Days);
	});
}
