//! Genesis presets: the `development`, `local_testnet` and `testnet` chains.
//!
//! The node names a preset (`--dev`, `--chain local`, `--chain testnet`) and never builds
//! genesis itself. Each preset is a JSON patch over the default `RuntimeGenesisConfig`.

use crate::{
	configs::treasury::TreasuryAccount, AccountId, Balance, BalancesConfig, ConsensusConfig,
	OriginsConfig, Runtime, RuntimeGenesisConfig, SlashingConfig, StakingConfig, SubnetsConfig,
	SudoConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_merit_origins::Timescale;
use pallet_merit_subnets::{NetworkParams, SubnetHyperparams};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// The public test network's preset name.
pub const TESTNET_RUNTIME_PRESET: &str = "testnet";

/// What each well-known development account holds at genesis: 1,000,000 MRT.
pub const DEV_ENDOWMENT: crate::Balance = 1_000_000 * UNIT;

/// The public test network's block authors: (Aura sr25519, GRANDPA ed25519) public keys.
/// Four, so GRANDPA (which needs more than two thirds) keeps finalizing with one down.
/// Their secret keys are held by the network's operators, never in this repository.
const TESTNET_AUTHORITIES: [([u8; 32], [u8; 32]); 4] = [
	(
		hex_literal::hex!("18ca0afccd98fdb7426325dc37bd420bdbc91f9b5898bcb42f369b7c601e4b19"),
		hex_literal::hex!("b785bd8a2fdc51f4ee4bd8881bacbacf90ba011bbddf0cb84c73674ab54adbd7"),
	),
	(
		hex_literal::hex!("429fa8c82ff8261e0f3940554448bd20af6f0ad3f483b6b6687eaec9974dc75c"),
		hex_literal::hex!("f38f7a3a5862dd110c0d2d2957d7b70f91762b41e7aa4cb846513a12119f43af"),
	),
	(
		hex_literal::hex!("c248ac6f77c9c8cab5814b1d66f4a69728a7084952ec89a997396267e65dc066"),
		hex_literal::hex!("30742e8d8dea4df883265b3340d07e3c55925202eb1b13b960ed81fd8a64bf55"),
	),
	(
		hex_literal::hex!("606a52d98b4f6a234d4749c55a0cc44b1d8c194fddd73ce09ef6a215eec2c506"),
		hex_literal::hex!("4b37b11630ba63d01ce4828fc8a15e6bc9a006bdb8f39f480879cc3835e3273c"),
	),
];
/// The test network's faucet (sr25519), which hands out the circulating supply.
pub const TESTNET_FAUCET: [u8; 32] =
	hex_literal::hex!("c0c36957b4c396ef4e81ce09ffe4e02e76059141ea4f97e628ebaa716a6cdd1d");
/// Initial supply of the test network: 10,000,000 MRT, of which 9,000,000 in the treasury
/// (spent only by referenda; its pot does not count towards referendum support) and 1,000,000
/// with the faucet.
const TESTNET_TREASURY_ENDOWMENT: crate::Balance = 9_000_000 * UNIT;
pub const TESTNET_FAUCET_ENDOWMENT: crate::Balance = 1_000_000 * UNIT;
/// What the treasury holds at genesis on development chains, for spends to try.
pub const DEV_TREASURY_ENDOWMENT: crate::Balance = 100_000 * UNIT;
/// The public test network's slash deferral: 72 epochs (12 hours at tempo 100), so a slash
/// canceller referendum (40 minutes at the fastest, a 6-hour decision period) can act on a
/// slash before it applies.
pub const TESTNET_SLASH_DEFER_EPOCHS: u32 = 72;

/// Subnet registration, hyperparameter, unbonding and emission settings of a chain.
struct SubnetSettings {
	network: NetworkParams<Balance>,
	hyperparams: SubnetHyperparams<Balance>,
	unbonding_blocks: u32,
	emission: pallet_merit_consensus::EmissionParams<Balance>,
	slash: pallet_merit_slashing::SlashParams,
	timescale: Timescale,
}

/// The public networks' settings: the pallets' standard values (epochs of 100 blocks, a
/// 1,000 MRT lock floor, public axon addresses only, 1 MRT per block up to 21,000,000 MRT),
/// 3.5 days of unbonding, slashes deferred 12 hours and governance tracks in days.
fn public_subnets() -> SubnetSettings {
	SubnetSettings {
		network: pallet_merit_subnets::Pallet::<Runtime>::standard_network(),
		hyperparams: pallet_merit_subnets::Pallet::<Runtime>::standard_hyperparams(),
		unbonding_blocks: 50_400,
		emission: pallet_merit_consensus::Pallet::<Runtime>::standard_emission(),
		slash: pallet_merit_slashing::SlashParams {
			defer_epochs: TESTNET_SLASH_DEFER_EPOCHS,
			..Default::default()
		},
		timescale: Timescale::Days,
	}
}

/// Development chains run in seconds, not days: 10-block epochs, 20 blocks of immunity, a
/// 100 MRT lock floor, subnets registrable every block, loopback and private axon addresses
/// allowed, 10 MRT for a validator permit, and 40 blocks of unbonding (more than the 30 blocks
/// a slash can wait: `(defer_epochs + 1) · tempo`); emission as on the public networks;
/// slashes deferred 2 epochs and governance tracks in blocks.
fn dev_subnets() -> SubnetSettings {
	let standard = public_subnets();
	SubnetSettings {
		network: NetworkParams {
			lock_floor: 100 * UNIT,
			lock_decay_blocks: 100,
			subnet_rate_limit: 1,
			subnet_immunity_period: 100,
			owner_rate_limit: 1,
		},
		hyperparams: SubnetHyperparams {
			tempo: 10,
			immunity_period: 20,
			max_regs_per_block: 16,
			max_regs_per_interval: 64,
			registration_interval: 10,
			weights_rate_limit: 1,
			activity_cutoff: 500,
			min_validator_stake: 10 * UNIT,
			serving_rate_limit: 1,
			allow_private_axons: true,
			..standard.hyperparams
		},
		unbonding_blocks: 40,
		emission: standard.emission,
		slash: pallet_merit_slashing::SlashParams::default(),
		timescale: Timescale::Blocks,
	}
}

/// A genesis patch: authorities, endowed accounts (the treasury among them), the sudo key
/// if any, and subnet and governance settings.
fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<(AccountId, crate::Balance)>,
	sudo: Option<AccountId>,
	subnets: SubnetSettings,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		subnets: SubnetsConfig {
			network: subnets.network,
			default_hyperparams: subnets.hyperparams,
		},
		staking: StakingConfig { unbonding_blocks: subnets.unbonding_blocks },
		consensus: ConsensusConfig { emission: subnets.emission },
		slashing: SlashingConfig { params: subnets.slash },
		origins: OriginsConfig { timescale: subnets.timescale },
		balances: BalancesConfig { balances: endowed },
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities
				.iter()
				.map(|(_, grandpa)| (grandpa.clone(), 1))
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: sudo },
	})
}

/// The authority keys of a well-known development account.
fn dev_authority(who: Sr25519Keyring) -> (AuraId, GrandpaId) {
	let grandpa = match who {
		Sr25519Keyring::Alice => Ed25519Keyring::Alice,
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		Sr25519Keyring::Charlie => Ed25519Keyring::Charlie,
		Sr25519Keyring::Dave => Ed25519Keyring::Dave,
		Sr25519Keyring::Eve => Ed25519Keyring::Eve,
		_ => Ed25519Keyring::Ferdie,
	};
	(who.public().into(), grandpa.public().into())
}

/// Every well-known development account (Alice..Ferdie and their stashes), endowed, and the
/// treasury.
fn dev_endowed() -> Vec<(AccountId, crate::Balance)> {
	Sr25519Keyring::well_known()
		.map(|k| (k.to_account_id(), DEV_ENDOWMENT))
		.chain([(TreasuryAccount::get(), DEV_TREASURY_ENDOWMENT)])
		.collect()
}

/// `development`: Alice authors, finalizes and is sudo (for convenience: the only chain with
/// a sudo key); the dev accounts and the treasury are endowed.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![dev_authority(Sr25519Keyring::Alice)],
		dev_endowed(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		dev_subnets(),
	)
}

/// `local_testnet`: Alice, Bob, Charlie and Dave author and finalize (GRANDPA keeps
/// finalizing with one of the four down); no sudo key: governance only, with tracks in blocks;
/// the dev accounts and the treasury are endowed.
pub fn local_config_genesis() -> Value {
	genesis(
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave]
			.into_iter()
			.map(dev_authority)
			.collect(),
		dev_endowed(),
		None,
		dev_subnets(),
	)
}

/// `testnet`: the public test network, with its operators' keys; no development account
/// holds anything, and no key is sudo: governance is the only admin.
pub fn testnet_config_genesis() -> Value {
	let authorities = TESTNET_AUTHORITIES
		.iter()
		.map(|(aura, grandpa)| {
			(
				AuraId::from(sp_core::sr25519::Public::from_raw(*aura)),
				GrandpaId::from(sp_core::ed25519::Public::from_raw(*grandpa)),
			)
		})
		.collect();
	genesis(
		authorities,
		vec![
			(AccountId::from(TESTNET_FAUCET), TESTNET_FAUCET_ENDOWMENT),
			(TreasuryAccount::get(), TESTNET_TREASURY_ENDOWMENT),
		],
		None,
		public_subnets(),
	)
}

/// The JSON of the preset with the given name, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_str() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		TESTNET_RUNTIME_PRESET => testnet_config_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|json| json.into_bytes())
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(TESTNET_RUNTIME_PRESET),
	]
}
