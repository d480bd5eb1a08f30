//! Merit's incentives: weights, Yuma consensus, block emission and epoch payouts
//! (`pallet-merit-consensus`), and slashing (`pallet-merit-slashing`).

use super::treasury::TreasuryAccount;
use crate::{Balance, Balances, Consensus, Runtime, Slashing, Staking, Subnets};
use frame_support::traits::{ConstU32, EitherOf};
use frame_system::EnsureRoot;
use pallet_merit_origins::{EmissionAdmin, SlashCanceller, SubnetAdmin};

impl pallet_merit_consensus::Config for Runtime {
	type Currency = Balances;
	type Subnets = Subnets;
	type Stake = Staking;
	/// Epoch emissions become the neurons' pruning scores.
	type Emissions = Subnets;
	/// After each epoch: slashing watches validator trust and miners' availability and
	/// applies due slashes; the subnets pallet applies the owner's queued parameter changes.
	type OnEpoch = (Slashing, Subnets);
	/// The subnet admin track (or root) grants emission shares.
	type AdminOrigin = EitherOf<EnsureRoot<crate::AccountId>, SubnetAdmin>;
	/// The emission admin track (or root) sets the block emission and its cap.
	type EmissionOrigin = EitherOf<EnsureRoot<crate::AccountId>, EmissionAdmin>;
	/// What nobody earned in an epoch is minted into the treasury.
	type Treasury = TreasuryAccount;
	/// One epoch per block: a full 4,096-UID epoch with 256 validators is a large share of a
	/// block's 2 seconds (docs/benchmarks.md); others wait for the next blocks.
	type MaxEpochsPerBlock = ConstU32<1>;
	/// A validator may have commits for a few epochs in flight.
	type MaxPendingCommits = ConstU32<4>;
	/// 64 neurons paid per block: the default 256-UID subnet's earnings take its epoch block
	/// and the three after it, a 4,096-UID subnet's 64 blocks.
	type PayoutsPerBlock = ConstU32<64>;
	type WeightInfo = pallet_merit_consensus::weights::SubstrateWeight<Runtime>;
}

/// Stakers a block's page of a slash visits: a hotkey's 1,024 stakers take 16 blocks.
pub const SLASH_PAGE_STAKERS: u32 = 64;

frame_support::parameter_types! {
	/// Staking's slash primitive over a page of stakers at its worst (each with rewards to
	/// compound and the most unbonding chunks).
	pub SlashPageWeight: frame_support::weights::Weight = {
		use pallet_merit_staking::WeightInfo as _;
		pallet_merit_staking::weights::SubstrateWeight::<Runtime>::slash(SLASH_PAGE_STAKERS)
	};
}

/// An epoch's cost from the benchmarks: Yuma over `uids` UIDs and `validators` permit
/// holders, queueing its payouts, fixing the next round over every UID, slashing's epoch work
/// (every permit holder's trust streak judged, the most offences an epoch establishes, the
/// most slashes applied: a bond slash at once, or a slash of stake started), the subnets
/// pallet's queued parameters and the block's emission bookkeeping; plus what any block may
/// also do: a page of payouts, a page of a slash being applied and dispute closing. Nothing
/// grows with the miners' reports or the validators' commits: a miner's availability is
/// judged by the report that reaches `kappa`, and a weight commit expires at its hotkey's
/// next commit or reveal. At its worst case an epoch block may take up to
/// `MAX_EPOCH_SHARE` of a block: it never overruns one (docs/benchmarks.md, "The epoch
/// budget").
pub struct EpochBudget;

/// The share of a block one epoch may weigh at its worst: three quarters. The last quarter is
/// the scheduler's ([`super::governance::SCHEDULER_SHARE`]: what referenda enact), so an epoch
/// block that also enacts a referendum stays within the block.
pub const MAX_EPOCH_SHARE: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(75);

impl merit_primitives::EpochBudget for EpochBudget {
	fn epoch_weight(uids: u16, validators: u16) -> frame_support::weights::Weight {
		use frame_support::traits::Get;
		use pallet_merit_consensus::WeightInfo as _;
		use pallet_merit_slashing::WeightInfo as _;
		use pallet_merit_subnets::WeightInfo as _;
		type Bonds = pallet_merit_subnets::weights::SubstrateWeight<Runtime>;
		type Yuma = pallet_merit_consensus::weights::SubstrateWeight<Runtime>;
		type Slashes = pallet_merit_slashing::weights::SubstrateWeight<Runtime>;
		let (n, v) = (u32::from(uids), u32::from(validators));
		let applied: u32 = <Runtime as pallet_merit_slashing::Config>::MaxAppliedPerEpoch::get();
		let trust_offences: u32 =
			<Runtime as pallet_merit_slashing::Config>::MaxTrustOffencesPerEpoch::get();
		let subnets: u16 = <Runtime as pallet_merit_subnets::Config>::MaxSubnets::get();
		let subnets = u32::from(subnets);
		let disputes: u32 = <Runtime as pallet_merit_slashing::Config>::MaxOpenDisputes::get();
		let per_block: u32 = <Runtime as pallet_merit_consensus::Config>::PayoutsPerBlock::get();
		// Every validator weighting every UID: `n · v` weights and bonds.
		pallet_merit_consensus::epoch_weight::<Yuma>(n, v, u64::from(n).saturating_mul(u64::from(v)))
			.saturating_add(Yuma::pay_page(per_block))
			.saturating_add(Yuma::fix_round(n))
			.saturating_add(Slashes::close_disputes(disputes))
			.saturating_add(Yuma::bookkeeping(subnets))
			// `v` trust streaks (one per permit holder), the most offences an epoch
			// establishes among them. Miners cost the epoch nothing: the report that
			// reaches `kappa` judges availability.
			.saturating_add(Slashes::on_epoch(v, trust_offences, applied))
			.saturating_add(Bonds::slash_bond().saturating_mul(u64::from(applied)))
			.saturating_add(Slashes::slash_page())
			.saturating_add(SlashPageWeight::get())
			.saturating_add(<Runtime as frame_system::Config>::DbWeight::get().reads_writes(2, 2))
	}

	fn max_epoch_weight() -> frame_support::weights::Weight {
		let block = crate::configs::system::RuntimeBlockWeights::get().max_block;
		frame_support::weights::Weight::from_parts(
			MAX_EPOCH_SHARE.mul_floor(block.ref_time()),
			MAX_EPOCH_SHARE.mul_floor(block.proof_size()),
		)
	}
}

impl pallet_merit_slashing::Config for Runtime {
	type Balance = Balance;
	type Subnets = Subnets;
	type Epochs = Consensus;
	type Stake = Staking;
	type Bonds = Subnets;
	/// The root track sets the slashing parameters.
	type AdminOrigin = EnsureRoot<crate::AccountId>;
	/// The slash canceller track (or root) cancels deferred slashes.
	type CancelOrigin = EitherOf<EnsureRoot<crate::AccountId>, SlashCanceller>;
	/// Every permit holder may report: `merit_primitives::MAX_VALIDATORS`.
	type MaxReporters = ConstU32<{ merit_primitives::MAX_VALIDATORS as u32 }>;
	type MaxDeferred = ConstU32<64>;
	/// A slash of stake only starts at the epoch (its stakers are slashed over the next
	/// blocks); a subnet's epoch starts at most one.
	type MaxAppliedPerEpoch = ConstU32<1>;
	/// Four low-trust offences an epoch: slashes apply one an epoch, so four keep the queue
	/// fed, and an epoch's slashing work stays the same whatever its validators.
	type MaxTrustOffencesPerEpoch = ConstU32<4>;
	type SlashPageStakers = ConstU32<SLASH_PAGE_STAKERS>;
	/// Each slash being applied freezes the stake on its hotkey for at most 16 blocks, and
	/// waits at most 15 × 16 blocks behind the others.
	type MaxApplying = ConstU32<16>;
	type SlashPageWeight = SlashPageWeight;
	/// Deferrals that unbonding stake would outlast are refused.
	type SlashWindow = SlashWindow;
	type Currency = Balances;
	type RuntimeHoldReason = crate::RuntimeHoldReason;
	/// A failed dispute's bond goes to the treasury.
	type OnBondForfeit = pallet_merit_consensus::ResolveOrBurn<Runtime, TreasuryAccount>;
	/// Slashes go to the treasury, which pays disputers their share.
	type Treasury = TreasuryAccount;
	/// A dispute asks every permit holder of the subnet (up to 256) to re-run a round: 50 MRT
	/// held, lost if the dispute fails.
	type DisputeBond = DisputeBond;
	/// 100 blocks (10 minutes at 6-second blocks) to dispute weights after their reveal, and
	/// for permit holders to re-run the round and attest.
	type DisputeWindow = ConstU32<100>;
	/// 16 disputes open at once on the whole chain.
	type MaxOpenDisputes = ConstU32<16>;
	type WeightInfo = pallet_merit_slashing::weights::SubstrateWeight<Runtime>;
}

frame_support::parameter_types! {
	/// What a disputer holds while its dispute is open.
	pub const DisputeBond: Balance = 50 * crate::UNIT;
}

/// The slash window of the three pallets that shape it: every subnet's tempo (subnets), the
/// deferral (slashing) and the unbonding period (staking). Each pallet refuses a change of
/// its own part that would let unbonding stake leave before a deferred slash applies.
pub struct SlashWindow;

impl merit_primitives::SlashWindow for SlashWindow {
	fn longest_tempo() -> u32 {
		Subnets::longest_tempo()
	}
	fn longest_tempo_reads() -> u64 {
		use frame_support::traits::Get;
		let subnets = <<Runtime as pallet_merit_subnets::Config>::MaxSubnets as Get<u16>>::get();
		u64::from(subnets).saturating_add(1)
	}
	fn defer_epochs() -> u32 {
		pallet_merit_slashing::Params::<Runtime>::get().map_or(0, |p| p.defer_epochs)
	}
	fn unbonding_blocks() -> u32 {
		pallet_merit_staking::UnbondingBlocks::<Runtime>::get()
	}
}
