//! The pallets the `benchmark pallet` command measures (with `--features runtime-benchmarks`).

pub use crate::{
	Balances, Consensus, Runtime, Slashing, Staking, Subnets, Sudo, Timestamp, Utility,
};

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_utility, Utility]
	[pallet_merit_subnets, Subnets]
	[pallet_merit_staking, Staking]
	[pallet_merit_consensus, Consensus]
	[pallet_merit_slashing, Slashing]
);
