//! Merit's incentives: weights, Yuma consensus, block emission and epoch payouts
//! (`pallet-merit-consensus`), and slashing (`pallet-merit-slashing`).

use crate::{Balance, Balances, Consensus, Runtime, Slashing, Staking, Subnets};
use frame_support::traits::ConstU32;
use frame_system::EnsureRoot;

impl pallet_merit_consensus::Config for Runtime {
	type Currency = Balances;
	type Subnets = Subnets;
	type Stake = Staking;
	/// Epoch emissions become the neurons' pruning scores.
	type Emissions = Subnets;
	/// Slashing watches validator trust and applies due slashes after each epoch.
	type OnEpoch = Slashing;
	/// Root (sudo) until governance lands.
	type AdminOrigin = EnsureRoot<crate::AccountId>;
	/// One epoch per block: a full 4,096-UID epoch with 256 validators is a large share of a
	/// block's 2 seconds (docs/benchmarks.md); others wait for the next blocks.
	type MaxEpochsPerBlock = ConstU32<1>;
	/// A validator may have commits for a few epochs in flight.
	type MaxPendingCommits = ConstU32<4>;
	type WeightInfo = pallet_merit_consensus::weights::SubstrateWeight<Runtime>;
}

frame_support::parameter_types! {
	/// One applied slash at its worst: staking's slash of a hotkey with the most stakers
	/// (1,024, each with the most unbonding chunks) plus a miner's bond slash.
	pub SlashWeight: frame_support::weights::Weight = {
		use pallet_merit_staking::WeightInfo as _;
		use pallet_merit_subnets::WeightInfo as _;
		pallet_merit_staking::weights::SubstrateWeight::<Runtime>::slash(1_024).saturating_add(
			pallet_merit_subnets::weights::SubstrateWeight::<Runtime>::slash_bond(),
		)
	};
}

impl pallet_merit_slashing::Config for Runtime {
	type Balance = Balance;
	type Subnets = Subnets;
	type Epochs = Consensus;
	type Stake = Staking;
	type Bonds = Subnets;
	/// Root (sudo) until governance lands.
	type AdminOrigin = EnsureRoot<crate::AccountId>;
	/// Every permit holder may report: `merit_primitives::MAX_VALIDATORS`.
	type MaxReporters = ConstU32<{ merit_primitives::MAX_VALIDATORS as u32 }>;
	type MaxDeferred = ConstU32<64>;
	/// A slash of a hotkey with the most stakers (1,024) costs about a fifth of a block.
	type MaxAppliedPerEpoch = ConstU32<1>;
	type SlashWeight = SlashWeight;
	type WeightInfo = pallet_merit_slashing::weights::SubstrateWeight<Runtime>;
}
