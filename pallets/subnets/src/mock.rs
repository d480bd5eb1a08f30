//! A test runtime: System, Balances and Subnets, with small parameters so every limit is
//! reachable in a few calls.

use crate::{self as pallet_merit_subnets, NetworkParams, SubnetHyperparams};
use core::cell::RefCell;
use frame_support::{
	assert_ok, derive_impl,
	traits::{ConstU128, ConstU16},
};
use frame_system::EnsureRoot;
use merit_primitives::{Hash32, NetUid, OnModelCopied, TaskKind, TaskSpec};
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	BuildStorage, Perbill,
};

pub type AccountId = u64;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Subnets: pallet_merit_subnets,
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
	/// Every `(netuid, copier, original, model_hash)` reported through `OnModelCopied`.
	pub static COPIES: RefCell<Vec<(NetUid, AccountId, AccountId, Hash32)>> = const { RefCell::new(Vec::new()) };
	/// The most a full epoch may weigh, in units of one UID times one validator (`None`: no
	/// limit).
	pub static EPOCH_BUDGET: core::cell::Cell<Option<u64>> = const { core::cell::Cell::new(None) };
}

/// An epoch's weight: one unit per UID per validator, against [`EPOCH_BUDGET`].
pub struct TestEpochBudget;
impl merit_primitives::EpochBudget for TestEpochBudget {
	fn epoch_weight(uids: u16, validators: u16) -> frame_support::weights::Weight {
		frame_support::weights::Weight::from_parts(u64::from(uids) * u64::from(validators), 0)
	}
	fn max_epoch_weight() -> frame_support::weights::Weight {
		EPOCH_BUDGET.with(|b| b.get()).map_or(frame_support::weights::Weight::MAX, |most| {
			frame_support::weights::Weight::from_parts(most, u64::MAX)
		})
	}
}

/// The share of a copier's bond the mock listener asks to slash.
pub const COPY_BOND_SHARE: Perbill = Perbill::from_percent(40);

/// Records copy reports for the tests to inspect; asks for [`COPY_BOND_SHARE`] of the bond.
pub struct RecordCopies;
impl OnModelCopied<AccountId> for RecordCopies {
	fn on_model_copied(
		netuid: NetUid,
		copier: &AccountId,
		original: &AccountId,
		hash: &Hash32,
	) -> Perbill {
		COPIES.with(|c| c.borrow_mut().push((netuid, *copier, *original, *hash)));
		COPY_BOND_SHARE
	}
}

impl pallet_merit_subnets::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxSubnets = ConstU16<3>;
	type MaxCleanupPerBlock = frame_support::traits::ConstU32<2>;
	type OnModelCopied = RecordCopies;
	type OnBondSlash = ();
	type OnBurn = ();
	type Lifecycle = ();
	type Slashes = ();
	type Epochs = ();
	type EpochBudget = TestEpochBudget;
	type HotkeySignature = TestSignature;
	type HotkeySigner = UintAuthorityId;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::testing::TestConsents;
	type SlashWindow = ();
	type WeightInfo = ();
}

/// `hotkey`'s consent to be owned by `coldkey`, good for ever.
pub fn consent(
	hotkey: AccountId,
	coldkey: AccountId,
) -> Option<crate::HotkeyConsent<TestSignature>> {
	crate::testing::consent::<Test>(hotkey, coldkey)
}

/// `hotkey`'s consent to be owned by `coldkey` until block `expires_at`.
pub fn consent_until(
	hotkey: AccountId,
	coldkey: AccountId,
	expires_at: u32,
) -> Option<crate::HotkeyConsent<TestSignature>> {
	crate::testing::consent_until(Subnets::genesis_hash().as_ref(), hotkey, coldkey, expires_at)
}

/// Coldkeys with funds.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// A coldkey with almost nothing.
pub const POOR: AccountId = 4;
/// Hotkeys (no funds needed).
pub const HK1: AccountId = 11;
pub const HK2: AccountId = 12;
pub const HK3: AccountId = 13;
pub const HK4: AccountId = 14;

pub const ENDOWMENT: Balance = 1_000_000;
pub const LOCK_FLOOR: Balance = 1_000;
pub const LOCK_DECAY: u32 = 100;
pub const SUBNET_RATE_LIMIT: u32 = 5;
pub const SUBNET_IMMUNITY: u32 = 50;
pub const OWNER_RATE_LIMIT: u32 = 10;
pub const MIN_BURN: Balance = 100;
pub const MAX_BURN: Balance = 1_000;
pub const BOND: Balance = 50;
pub const IMMUNITY: u32 = 10;

pub fn network() -> NetworkParams<Balance> {
	NetworkParams {
		lock_floor: LOCK_FLOOR,
		lock_decay_blocks: LOCK_DECAY,
		subnet_rate_limit: SUBNET_RATE_LIMIT,
		subnet_immunity_period: SUBNET_IMMUNITY,
		owner_rate_limit: OWNER_RATE_LIMIT,
	}
}

pub fn hyperparams() -> SubnetHyperparams<Balance> {
	SubnetHyperparams {
		tempo: 10,
		max_uids: 3,
		max_validators: 2,
		immunity_period: IMMUNITY,
		min_burn: MIN_BURN,
		max_burn: MAX_BURN,
		burn_increase: Perbill::from_percent(100),
		burn_decay: Perbill::from_percent(10),
		max_regs_per_block: 2,
		max_regs_per_interval: 3,
		registration_interval: 20,
		min_allowed_weights: 1,
		max_weight_limit: Perbill::one(),
		weights_rate_limit: 5,
		weights_version_key: 0,
		commit_reveal: true,
		reveal_period: 1,
		kappa: Perbill::from_percent(50),
		bonds_moving_average: Perbill::from_percent(90),
		bonds_penalty: Perbill::one(),
		activity_cutoff: 100,
		registration_allowed: true,
		min_validator_stake: 100,
		owner_cut: Perbill::from_percent(18),
		miner_bond: BOND,
		serving_rate_limit: 5,
		allow_private_axons: false,
	}
}

pub fn digits() -> TaskSpec {
	TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: 1_000_000,
		dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
		eval_size: 512,
	}
}

/// Fresh state at block 1 with the endowments and parameters above.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, ENDOWMENT), (BOB, ENDOWMENT), (CHARLIE, ENDOWMENT), (POOR, 10)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_merit_subnets::GenesisConfig::<Test> {
		network: network(),
		default_hyperparams: hyperparams(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		COPIES.with(|c| c.borrow_mut().clear());
		System::set_block_number(1);
	});
	ext
}

/// Runs `test` on [`new_test_ext`], then the pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Subnets::do_try_state().unwrap();
	});
}

pub fn run_to_block(n: u64) {
	System::set_block_number(n);
}

/// Registers `hotkey` for `coldkey` on `netuid`, with the hotkey's consent.
pub fn register(coldkey: AccountId, netuid: NetUid, hotkey: AccountId) {
	frame_support::assert_ok!(Subnets::burned_register(
		RuntimeOrigin::signed(coldkey),
		netuid,
		hotkey,
		consent(hotkey, coldkey)
	));
}

/// Registers a digits subnet owned by `owner` with `hotkey`, returning its netuid.
pub fn subnet(owner: AccountId, hotkey: AccountId) -> NetUid {
	assert_ok!(Subnets::register_subnet(
		RuntimeOrigin::signed(owner),
		hotkey,
		digits(),
		consent(hotkey, owner)
	));
	match System::events().last().map(|r| r.event.clone()) {
		Some(RuntimeEvent::Subnets(crate::Event::SubnetRegistered { netuid, .. })) => netuid,
		other => panic!("expected SubnetRegistered, got {other:?}"),
	}
}

pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

pub fn held(reason: crate::HoldReason, who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&RuntimeHoldReason::Subnets(reason), &who)
}

pub fn last_event() -> crate::Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|r| match r.event {
			RuntimeEvent::Subnets(e) => Some(e),
			_ => None,
		})
		.expect("a subnets event")
}
