//! frame-system and timestamp.

use crate::{
	AccountId, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, RuntimeTask, SLOT_DURATION, SS58_PREFIX, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::ConstU64,
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		Weight,
	},
};
use sp_runtime::Perbill;
use sp_version::RuntimeVersion;

/// The largest block, in bytes.
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

/// Share of a block's weight and length that normal (not operational) extrinsics may use.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

parameter_types! {
	/// Block hashes kept for mortal transactions and `CheckEra`: 4 hours of 6-second blocks.
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// 2 seconds of compute in a 6-second block, leaving time to gossip and import it.
	pub RuntimeBlockWeights: frame_system::limits::BlockWeights =
		frame_system::limits::BlockWeights::with_sensible_defaults(
			Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
			NORMAL_DISPATCH_RATIO,
		);
	/// 5 MiB blocks, of which normal extrinsics may fill 75%.
	pub RuntimeBlockLength: frame_system::limits::BlockLength =
		frame_system::limits::BlockLength::builder()
			.max_length(MAX_BLOCK_LENGTH)
			.modify_max_length_for_class(DispatchClass::Normal, |max| {
				*max = NORMAL_DISPATCH_RATIO.mul_floor(MAX_BLOCK_LENGTH)
			})
			.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

/// Every call except:
/// - `Balances::burn`: burns go through paths the token books record
///   (`pallet_merit_consensus::RecordBurn`), so `total issuance = genesis + minted − burned`
///   holds;
/// - what the slash canceller track's rules refuse ([`super::slash_cancel::allowed`]): other
///   proposals than one inline `cancel_deferred_slash` with its origin, and delegating votes
///   on it.
///
/// (Root is not filtered.) A refused call fails with `System::CallFiltered`.
pub struct MeritCallFilter;
impl frame_support::traits::Contains<RuntimeCall> for MeritCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(call, RuntimeCall::Balances(pallet_balances::Call::burn { .. }))
			&& super::slash_cancel::allowed(call)
	}
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type BaseCallFilter = MeritCallFilter;
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores state in ParityDB; its read and write costs price storage access.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<crate::Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = frame_support::traits::ConstU32<16>;
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	type RuntimeTask = RuntimeTask;
	type PalletInfo = PalletInfo;
	type SystemWeightInfo = frame_system::weights::SubstrateWeight<Runtime>;
	type ExtensionsWeightInfo = frame_system::SubstrateExtensionsWeight<Runtime>;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = u64;
	type OnTimestampSet = crate::Aura;
	/// Aura's slot is twice this: blocks at most every `SLOT_DURATION`.
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}
