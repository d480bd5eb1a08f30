
//! Weights for `pallet_merit_consensus`. PROVISIONAL: written by hand from the storage each
//! call touches, pending `./scripts/bench.sh pallet_merit_consensus`, which overwrites this
//! file with measured figures.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens, unused_imports, missing_docs, dead_code)]
#![allow(clippy::unnecessary_cast, clippy::identity_op)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call (and measured primitive) of `pallet_merit_consensus`.
pub trait WeightInfo {
	fn set_weights(n: u32, ) -> Weight;
	fn commit_weights() -> Weight;
	fn reveal_weights(n: u32, ) -> Weight;
	fn set_emission_params() -> Weight;
	fn set_emission_share() -> Weight;
	fn bookkeeping(s: u32, ) -> Weight;
	fn run_epoch(n: u32, v: u32, ) -> Weight;
	fn expire_commits(c: u32, ) -> Weight;
}

/// Weights with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn set_weights(n: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(Weight::from_parts(200_000, 4).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn commit_weights() -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn reveal_weights(n: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(Weight::from_parts(200_000, 4).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn set_emission_params() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_emission_share() -> Weight {
		Weight::from_parts(15_000_000, 2500)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn bookkeeping(s: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 1000)
			.saturating_add(Weight::from_parts(20_000_000, 5000).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(s.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(s.into())))
	}
	fn run_epoch(n: u32, v: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10000)
			.saturating_add(Weight::from_parts(3_000_000, 20000).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(200_000_000, 40000).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads((8_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes((6_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().reads((12_u64).saturating_mul(v.into())))
			.saturating_add(T::DbWeight::get().writes((10_u64).saturating_mul(v.into())))
	}
	fn expire_commits(c: u32, ) -> Weight {
		Weight::from_parts(0, 0)
			.saturating_add(Weight::from_parts(10_000_000, 3000).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(c.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(c.into())))
	}
}

/// For tests: no weight.
impl WeightInfo for () {
	fn set_weights(_n: u32, ) -> Weight { Weight::zero() }
	fn commit_weights() -> Weight { Weight::zero() }
	fn reveal_weights(_n: u32, ) -> Weight { Weight::zero() }
	fn set_emission_params() -> Weight { Weight::zero() }
	fn set_emission_share() -> Weight { Weight::zero() }
	fn bookkeeping(_s: u32, ) -> Weight { Weight::zero() }
	fn run_epoch(_n: u32, _v: u32, ) -> Weight { Weight::zero() }
	fn expire_commits(_c: u32, ) -> Weight { Weight::zero() }
}
