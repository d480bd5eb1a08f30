//! Token-holder governance (OpenGov): referenda on tracks, conviction voting, the scheduler
//! that enacts what passes, preimages of the calls, and Merit's track origins.
//!
//! Anyone submits a referendum on the track of the origin it needs (a preimage of the call
//! and a submission deposit); someone places the track's decision deposit; holders vote with
//! conviction, free and staked MRT alike (conviction voting takes a lock, and a lock may cover
//! funds held as stake); when the track's approval and support curves hold for its confirm
//! period, the scheduler dispatches the call with the track's origin. The track table is in
//! [`super::tracks`].

use super::system::RuntimeBlockWeights;
use super::tracks::{TracksInfo, SMALL_SPEND_LIMIT, TREASURER_SPEND_LIMIT};
use crate::{
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, Scheduler, System, Treasury, DAYS,
	MICRO_UNIT, UNIT,
};
use core::marker::PhantomData;
use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration, tokens::currency::ActiveIssuanceOf, ConstU32,
		EqualPrivilegeOnly, Get, LinearStoragePrice,
	},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_merit_origins::{Timescale, TrackTimescale};
use sp_runtime::Perbill;

/// `Days` on chains with the days timescale, `Blocks` on development chains
/// ([`pallet_merit_origins::TrackTimescale`]).
pub struct ByTimescale<Days, Blocks>(PhantomData<(Days, Blocks)>);
impl<Days: Get<BlockNumber>, Blocks: Get<BlockNumber>> Get<BlockNumber>
	for ByTimescale<Days, Blocks>
{
	fn get() -> BlockNumber {
		match TrackTimescale::<Runtime>::get() {
			Timescale::Days => Days::get(),
			Timescale::Blocks => Blocks::get(),
		}
	}
}

/// The share of a block the scheduler may use for what referenda enact: a quarter (a runtime
/// upgrade takes 8%). The subnets' epochs may use the rest at their worst
/// ([`super::incentives::MAX_EPOCH_SHARE`]).
pub const SCHEDULER_SHARE: Perbill = Perbill::from_percent(25);

parameter_types! {
	/// [`SCHEDULER_SHARE`] of a block.
	pub MaximumSchedulerWeight: Weight = {
		let block = RuntimeBlockWeights::get().max_block;
		Weight::from_parts(
			SCHEDULER_SHARE.mul_floor(block.ref_time()),
			SCHEDULER_SHARE.mul_floor(block.proof_size()),
		)
	};
	/// A preimage's deposit: 1 MRT plus 100 micro-MRT per byte (a 1.5 MB runtime: 151 MRT),
	/// returned when the preimage is removed.
	pub const PreimageBaseDeposit: Balance = UNIT;
	pub const PreimageByteDeposit: Balance = 100 * MICRO_UNIT;
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// Conviction 1× locks votes for one period after the referendum ends (2× for two, ...,
	/// 6× for 32): 7 days on the public networks.
	pub const DaysVoteLockingPeriod: BlockNumber = 7 * DAYS;
	/// ... and 10 blocks on development chains.
	pub const BlocksVoteLockingPeriod: BlockNumber = 10;
	/// A referendum without a decision deposit is dropped after 14 days ...
	pub const DaysUndecidingTimeout: BlockNumber = 14 * DAYS;
	/// ... or 50 blocks on development chains.
	pub const BlocksUndecidingTimeout: BlockNumber = 50;
	/// Paid to submit a referendum, returned once it is decided (or times out undecided).
	pub const SubmissionDeposit: Balance = 10 * UNIT;
	pub const SmallSpendLimit: Balance = SMALL_SPEND_LIMIT;
	pub const TreasurerSpendLimit: Balance = TREASURER_SPEND_LIMIT;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	/// Only referenda (through root) schedule calls directly.
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// The reference weights plus the slash canceller hook's reads.
	type WeightInfo = super::slash_cancel::VotingWeights;
	type Currency = Balances;
	type Polls = Referenda;
	/// Support is measured against the active issuance: the treasury's pot does not vote.
	type MaxTurnout = ActiveIssuanceOf<Balances, AccountId>;
	type MaxVotes = ConstU32<512>;
	type VoteLockingPeriod = ByTimescale<DaysVoteLockingPeriod, BlocksVoteLockingPeriod>;
	type BlockNumberProvider = System;
	/// Stake a slash would take does not vote on cancelling it.
	type VotingHooks = super::slash_cancel::SlashCancelVotes;
}

impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_referenda::weights::SubstrateWeight<Runtime>;
	type Scheduler = Scheduler;
	type Currency = Balances;
	/// Any account may submit a referendum, on the track of the origin it proposes.
	type SubmitOrigin = EnsureSigned<AccountId>;
	type CancelOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	/// Deposits of killed referenda go to the treasury.
	type Slash = Treasury;
	type Votes = Balance;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = ByTimescale<DaysUndecidingTimeout, BlocksUndecidingTimeout>;
	type AlarmInterval = ConstU32<1>;
	type Tracks = TracksInfo;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl pallet_merit_origins::Config for Runtime {
	type Balance = Balance;
	type SmallSpendLimit = SmallSpendLimit;
	type TreasurerSpendLimit = TreasurerSpendLimit;
}
