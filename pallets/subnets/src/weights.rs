//! Weights for pallet-merit-subnets. PROVISIONAL: replaced by the benchmark CLI's output.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for pallet-merit-subnets.
pub trait WeightInfo {
	fn register_subnet(n: u32) -> Weight;
	fn dissolve_subnet(n: u32) -> Weight;
	fn set_hyperparameter() -> Weight;
	fn set_network_params() -> Weight;
	fn burned_register(n: u32) -> Weight;
	fn serve_axon() -> Weight;
	fn commit_model() -> Weight;
	fn reveal_model() -> Weight;
}

impl WeightInfo for () {
	fn register_subnet(n: u32) -> Weight {
		RocksDbWeight::get().reads_writes(10 + 3 * n as u64, 10 + 6 * n as u64)
	}
	fn dissolve_subnet(n: u32) -> Weight {
		RocksDbWeight::get().reads_writes(5 + 3 * n as u64, 10 + 6 * n as u64)
	}
	fn set_hyperparameter() -> Weight {
		RocksDbWeight::get().reads_writes(4, 2)
	}
	fn set_network_params() -> Weight {
		RocksDbWeight::get().writes(1)
	}
	fn burned_register(n: u32) -> Weight {
		RocksDbWeight::get().reads_writes(12 + n as u64, 12)
	}
	fn serve_axon() -> Weight {
		RocksDbWeight::get().reads_writes(3, 1)
	}
	fn commit_model() -> Weight {
		RocksDbWeight::get().reads_writes(4, 2)
	}
	fn reveal_model() -> Weight {
		RocksDbWeight::get().reads_writes(5, 3)
	}
}
