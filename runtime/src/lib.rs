//! # Merit runtime
//!
//! The state transition function of the Merit chain: FRAME pallets composed with
//! `#[frame_support::runtime]`.
//!
//! - [`configs`]: one `impl Config` block per area (system, consensus, monetary, admin).
//! - [`apis`]: the runtime APIs the node and standard clients (polkadot.js, subxt) call.
//! - [`genesis_config_presets`]: the `development`, `local_testnet` and `testnet` genesis
//!   presets; the node only names a preset.
//!
//! The token is MRT with 12 decimals ([`UNIT`] plancks make one MRT). Block production is
//! Aura with 6-second slots, finality is GRANDPA.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-generated code trips the panic lints; the hand-written parts of this crate
// are still checked by them through `configs`, `apis` and `genesis_config_presets`.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

// Before `apis`: its `list_benchmarks!` / `add_benchmarks!` macros are in scope textually.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod account_balances;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod metagraph;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types: what the node needs without knowing the runtime's extrinsic format, so that
/// it keeps syncing across runtime upgrades that change that format.
pub mod opaque {
	use super::*;
	use alloc::vec::Vec;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// The keys a block author holds: Aura for authoring, GRANDPA for finality.
		pub struct SessionKeys {
			pub aura: Aura,
			pub grandpa: Grandpa,
		}
	}
}

/// The runtime's version. `spec_version` goes up with every runtime change that alters
/// behaviour; `transaction_version` with every change to call indices or extrinsic format.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("merit"),
	impl_name: alloc::borrow::Cow::Borrowed("merit-node"),
	authoring_version: 1,
	spec_version: 114,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 4,
	system_version: 1,
};

/// The target block time. Blocks come at most this often (one Aura slot).
pub const MILLISECS_PER_BLOCK: u64 = 6000;
/// Aura's slot duration. It cannot change once a chain has started: that would halt it.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Blocks in one minute, hour and day at the target block time.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// One MRT in plancks (12 decimals), and its fractions.
pub const UNIT: Balance = 1_000_000_000_000;
pub const MILLI_UNIT: Balance = 1_000_000_000;
pub const MICRO_UNIT: Balance = 1_000_000;
/// The token's symbol and decimals, as chain specs and wallets show them.
pub const TOKEN_SYMBOL: &str = "MRT";
pub const TOKEN_DECIMALS: u8 = 12;
/// The SS58 address format: 42, the generic Substrate prefix, until Merit registers its own.
pub const SS58_PREFIX: u16 = 42;

/// The smallest balance an account may hold: 1 milli-MRT. Below it the account is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// A block number.
pub type BlockNumber = u32;
/// A transaction signature: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// An account id: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// A balance, in plancks.
pub type Balance = u128;
/// An account's transaction counter.
pub type Nonce = u32;
/// A block or state hash.
pub type Hash = sp_core::H256;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A block identifier.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions, checked in order for every signed transaction. Standard
/// clients (polkadot.js, subxt) know each of them.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// The storage migrations run on a runtime upgrade, in order, before the pallets' own
/// `on_runtime_upgrade` hooks. Each runs once, when its pallet's on-chain storage version is
/// the one it starts from (docs/upgrades.md). From the frozen testnet genesis (spec 106), all
/// of spec 109's, shipped in 110: subnets first (consensus fixes rounds from the subnets' parameters);
/// then spec 112's: pruning scores in one value per subnet, and the payout queue; then spec
/// 113's: slashes of stake applied a page a block.
pub type Migrations = (
	pallet_merit_subnets::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_merit_consensus::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_merit_slashing::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_merit_subnets::migrations::v3::MigrateV2ToV3<Runtime>,
	pallet_merit_consensus::migrations::v3::MigrateV2ToV3<Runtime>,
	pallet_merit_slashing::migrations::v3::MigrateV2ToV3<Runtime>,
	pallet_merit_slashing::migrations::v4::MigrateV3ToV4<Runtime>,
);

/// Executive: dispatches incoming extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;

	// Governance, declared before Merit's pallets so that what a referendum enacts in a block
	// (a cancelled slash, a new tempo) takes effect before that block's epochs run.
	#[runtime::pallet_index(20)]
	pub type Scheduler = pallet_scheduler;

	#[runtime::pallet_index(21)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(22)]
	pub type Referenda = pallet_referenda;

	#[runtime::pallet_index(23)]
	pub type ConvictionVoting = pallet_conviction_voting;

	#[runtime::pallet_index(24)]
	pub type Origins = pallet_merit_origins;

	#[runtime::pallet_index(25)]
	pub type Treasury = pallet_treasury;

	#[runtime::pallet_index(10)]
	pub type Subnets = pallet_merit_subnets;

	#[runtime::pallet_index(11)]
	pub type Staking = pallet_merit_staking;

	#[runtime::pallet_index(12)]
	pub type Consensus = pallet_merit_consensus;

	#[runtime::pallet_index(13)]
	pub type Slashing = pallet_merit_slashing;

	#[runtime::pallet_index(14)]
	pub type ScoringWorker = pallet_merit_scoring_worker;
}
