//! The genesis presets build a valid genesis state: authorities, sudo, endowments.

use merit_runtime::{
	genesis_config_presets::{get_preset, preset_names, DEV_ENDOWMENT, TESTNET_RUNTIME_PRESET},
	AccountId, Balances, BuildStorage, Runtime, RuntimeGenesisConfig, System, UNIT,
};
use serde_json::Value;
use sp_keyring::Sr25519Keyring;

/// Applies `patch` over `base`, as the node's chain-spec builder does.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// The genesis state of the named preset.
fn genesis_of(preset: &str) -> sp_io::TestExternalities {
	let patch = get_preset(&preset.to_string()).expect("the preset exists");
	let patch: Value = serde_json::from_slice(&patch).expect("the preset is JSON");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("to JSON");
	merge(&mut config, patch);
	let config: RuntimeGenesisConfig =
		serde_json::from_value(config).expect("the preset fits RuntimeGenesisConfig");
	let mut ext = sp_io::TestExternalities::new(config.build_storage().expect("genesis builds"));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

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
		assert_eq!(pallet_balances::TotalIssuance::<Runtime>::get(), accounts * DEV_ENDOWMENT);
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
		assert_eq!(pallet_balances::TotalIssuance::<Runtime>::get(), 10_001_000 * UNIT);
	});
}
