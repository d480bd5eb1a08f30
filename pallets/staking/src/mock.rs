//! A test runtime: System, Balances and Staking, with hotkey ownership from a table the tests
//! fill in.

use crate::{self as pallet_merit_staking};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32},
};
use merit_primitives::HotkeyOwnership;
use sp_runtime::{BuildStorage, Perbill};
use std::collections::BTreeMap;

pub type AccountId = u64;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Staking: pallet_merit_staking,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<1>;
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	static OWNERS: RefCell<BTreeMap<AccountId, AccountId>> = const { RefCell::new(BTreeMap::new()) };
	static SLASHING: RefCell<std::collections::BTreeSet<AccountId>> =
		const { RefCell::new(std::collections::BTreeSet::new()) };
}

/// Hotkeys a test marks as being slashed, as the slashing pallet would.
pub struct Slashing;
impl Slashing {
	/// Marks (or unmarks) `hotkey` as being slashed.
	pub fn set(hotkey: AccountId, applying: bool) {
		SLASHING.with(|s| {
			let mut set = s.borrow_mut();
			if applying {
				set.insert(hotkey);
			} else {
				set.remove(&hotkey);
			}
		});
	}
}
impl frame_support::traits::Contains<AccountId> for Slashing {
	fn contains(hotkey: &AccountId) -> bool {
		SLASHING.with(|s| s.borrow().contains(hotkey))
	}
}

/// Hotkey ownership as the subnets pallet would report it.
pub struct Owners;
impl HotkeyOwnership<AccountId> for Owners {
	fn owner_of(hotkey: &AccountId) -> Option<AccountId> {
		OWNERS.with(|o| o.borrow().get(hotkey).copied())
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_owner_for_benchmark(hotkey: &AccountId, coldkey: &AccountId) {
		OWNERS.with(|o| o.borrow_mut().insert(*hotkey, *coldkey));
	}
}

pub const UNBONDING: u32 = 10;
pub const MIN_STAKE: Balance = 100;
pub const TAKE_RATE_LIMIT: u32 = 5;

parameter_types! {
	pub const DefaultTake: Perbill = Perbill::from_percent(18);
	pub const MaxTake: Perbill = Perbill::from_percent(18);
	pub const StakingPotId: frame_support::PalletId = frame_support::PalletId(*b"mrt/stak");
}

impl pallet_merit_staking::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = StakingPotId;
	type Hotkeys = Owners;
	type OnSlash = ();
	type AdminOrigin = frame_system::EnsureRoot<AccountId>;
	type MaxUnbondingChunks = ConstU32<2>;
	type MaxStakersPerHotkey = ConstU32<3>;
	type MinStake = ConstU128<MIN_STAKE>;
	type DefaultTake = DefaultTake;
	type MaxTake = MaxTake;
	type TakeRateLimit = ConstU32<TAKE_RATE_LIMIT>;
	type SlashWindow = ();
	type SlashesApplying = Slashing;
	type WeightInfo = ();
}

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
/// Has 150: enough for the minimum stake, not enough to stake it all and stay alive.
pub const POOR: AccountId = 6;
/// Owned by ALICE.
pub const HK1: AccountId = 11;
/// Owned by BOB.
pub const HK2: AccountId = 12;
/// Owned by nobody.
pub const UNOWNED: AccountId = 99;

pub const ENDOWMENT: Balance = 10_000;

/// Fresh state at block 1 with the endowments and ownership below.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(ALICE, ENDOWMENT),
			(BOB, ENDOWMENT),
			(CHARLIE, ENDOWMENT),
			(DAVE, ENDOWMENT),
			(EVE, ENDOWMENT),
			(POOR, 150),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_merit_staking::GenesisConfig::<Test> {
		unbonding_blocks: UNBONDING,
		_config: Default::default(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		OWNERS.with(|o| *o.borrow_mut() = BTreeMap::from([(HK1, ALICE), (HK2, BOB)]));
		SLASHING.with(|s| s.borrow_mut().clear());
		System::set_block_number(1);
	});
	ext
}

/// Runs `test` on [`new_test_ext`], then the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Staking::do_try_state().unwrap();
	});
}

pub fn run_to_block(n: u64) {
	System::set_block_number(n);
}

pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

pub fn held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&RuntimeHoldReason::Staking(crate::HoldReason::Staking), &who)
}

pub fn last_event() -> crate::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Staking(e) => Some(e),
			_ => None,
		})
		.expect("a staking event")
}
