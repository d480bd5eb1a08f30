//! Shared by the runtime's integration tests: a preset's genesis state.

#![allow(dead_code)]

use merit_runtime::{
	genesis_config_presets::get_preset, BuildStorage, RuntimeGenesisConfig, System,
};
use serde_json::Value;
use sp_core::{sr25519, Pair};

/// A hotkey consent of the runtime.
pub type Consent = pallet_merit_subnets::HotkeyConsent<merit_runtime::Signature>;

/// The consent `hotkey` signs for `coldkey` to own it, good for ever.
pub fn consent(hotkey: &sr25519::Pair, coldkey: &merit_runtime::AccountId) -> Consent {
	let genesis = merit_runtime::Subnets::genesis_hash();
	let message = pallet_merit_subnets::consent_message(genesis.as_ref(), coldkey, u32::MAX);
	Consent { expires_at: u32::MAX, signature: hotkey.sign(&message).into() }
}

/// Applies `patch` over `base`, as the node's chain-spec builder does.
pub fn merge(base: &mut Value, patch: Value) {
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
pub fn genesis_of(preset: &str) -> sp_io::TestExternalities {
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
