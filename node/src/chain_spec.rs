//! Chain specifications. Development and local chains come from the runtime's genesis
//! presets; the node never builds genesis itself. The public test network starts from its
//! frozen raw spec, `chain-specs/testnet.json`, which the binary carries as `--chain testnet`.

use merit_runtime::{
	genesis_config_presets::TESTNET_RUNTIME_PRESET, SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL,
	WASM_BINARY,
};
use sc_service::{ChainType, Properties};

/// Merit's chain spec: no extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The properties wallets read from `system_properties`: token symbol, decimals and the
/// SS58 address format.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"this merit-node was built without the runtime's Wasm (SKIP_WASM_BUILD); rebuild it \
		 without SKIP_WASM_BUILD to use the built-in chains"
			.to_string()
	})?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `--dev`: one authority (Alice), instant finality, dev accounts endowed.
pub fn development() -> Result<ChainSpec, String> {
	from_preset(
		"Merit Development",
		"merit_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `--chain local`: four authorities (Alice, Bob, Charlie, Dave) on one machine.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset(
		"Merit Local Testnet",
		"merit_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// `--chain testnet`: the public test network, from its frozen raw spec
/// (`chain-specs/testnet.json`, built into the binary).
pub fn testnet() -> Result<ChainSpec, String> {
	ChainSpec::from_json_bytes(&include_bytes!("../../chain-specs/testnet.json")[..])
}

/// `--chain testnet-genesis`: the public test network's genesis built afresh from the runtime
/// preset. Used only to regenerate `chain-specs/testnet.json` in a deliberate genesis reset;
/// with a changed runtime it is a different chain from the network.
pub fn testnet_genesis() -> Result<ChainSpec, String> {
	from_preset("Merit Testnet", "merit_testnet", ChainType::Live, TESTNET_RUNTIME_PRESET)
}
