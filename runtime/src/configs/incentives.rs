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
	/// Two full 4,096-UID epochs fit well inside a block's 2 seconds (see docs/benchmarks.md).
	type MaxEpochsPerBlock = ConstU32<2>;
	/// A validator may have commits for a few epochs in flight.
	type MaxPendingCommits = ConstU32<4>;
	type WeightInfo = pallet_merit_consensus::weights::SubstrateWeight<Runtime>;
}

impl pallet_merit_slashing::Config for Runtime {
	type Balance = Balance;
	type Subnets = Subnets;
	type Epochs = Consensus;
	type Stake = Staking;
	type Bonds = Subnets;
	/// Root (sudo) until governance lands.
	type AdminOrigin = EnsureRoot<crate::AccountId>;
	/// A subnet has at most 64 validators by default and 4,096 UIDs at most.
	type MaxReporters = ConstU32<256>;
	type MaxDeferred = ConstU32<64>;
	/// A slash of a hotkey with the most stakers (1,024) costs about a fifth of a block.
	type MaxAppliedPerEpoch = ConstU32<1>;
	type WeightInfo = pallet_merit_slashing::weights::SubstrateWeight<Runtime>;
}
