//! A test runtime: System and the origins pallet, with spend limits 10 and 1,000.

use crate as pallet_merit_origins;
use frame_support::{derive_impl, traits::ConstU128};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Origins: pallet_merit_origins,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl pallet_merit_origins::Config for Test {
	type Balance = u128;
	type SmallSpendLimit = ConstU128<10>;
	type TreasurerSpendLimit = ConstU128<1_000>;
}

/// A chain with the given track timescale at genesis.
pub fn new_test_ext(timescale: crate::Timescale) -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		origins: crate::GenesisConfig { timescale, _config: Default::default() },
	}
	.build_storage()
	.expect("genesis builds");
	storage.into()
}
