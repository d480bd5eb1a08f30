//! Weights for pallet-merit-staking. PROVISIONAL: replaced by the benchmark CLI's output.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for pallet-merit-staking.
pub trait WeightInfo {
	fn add_stake() -> Weight;
	fn remove_stake() -> Weight;
	fn withdraw_unbonded(n: u32) -> Weight;
	fn become_delegate() -> Weight;
	fn set_take() -> Weight;
	fn slash(n: u32) -> Weight;
}

impl WeightInfo for () {
	fn add_stake() -> Weight {
		RocksDbWeight::get().reads_writes(8, 7)
	}
	fn remove_stake() -> Weight {
		RocksDbWeight::get().reads_writes(8, 7)
	}
	fn withdraw_unbonded(_n: u32) -> Weight {
		RocksDbWeight::get().reads_writes(5, 4)
	}
	fn become_delegate() -> Weight {
		RocksDbWeight::get().reads_writes(2, 1)
	}
	fn set_take() -> Weight {
		RocksDbWeight::get().reads_writes(2, 1)
	}
	fn slash(n: u32) -> Weight {
		RocksDbWeight::get().reads_writes(1 + 8 * n as u64, 8 * n as u64)
	}
}
