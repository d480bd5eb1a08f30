
//! Weights for `pallet_merit_slashing`. PROVISIONAL: written by hand from the storage each
//! call touches, pending `./scripts/bench.sh pallet_merit_slashing`, which overwrites this
//! file with measured figures.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens, unused_imports, missing_docs, dead_code)]
#![allow(clippy::unnecessary_cast, clippy::identity_op)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call (and measured primitive) of `pallet_merit_slashing`.
pub trait WeightInfo {
	fn report_model() -> Weight;
	fn cancel_deferred_slash() -> Weight;
	fn set_params() -> Weight;
	fn on_epoch(v: u32, s: u32, r: u32, ) -> Weight;
}

/// Weights with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn report_model() -> Weight {
		Weight::from_parts(60_000_000, 10000)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn cancel_deferred_slash() -> Weight {
		Weight::from_parts(20_000_000, 3000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn set_params() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn on_epoch(v: u32, s: u32, r: u32, ) -> Weight {
		Weight::from_parts(10_000_000, 1000)
			.saturating_add(Weight::from_parts(10_000_000, 3000).saturating_mul(v.into()))
			.saturating_add(Weight::from_parts(50_000_000, 3000).saturating_mul(s.into()))
			.saturating_add(Weight::from_parts(5_000_000, 3000).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(v.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(v.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(r.into())))
	}
}

/// For tests: no weight.
impl WeightInfo for () {
	fn report_model() -> Weight { Weight::zero() }
	fn cancel_deferred_slash() -> Weight { Weight::zero() }
	fn set_params() -> Weight { Weight::zero() }
	fn on_epoch(_v: u32, _s: u32, _r: u32, ) -> Weight { Weight::zero() }
}
