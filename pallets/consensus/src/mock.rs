//! A test runtime: System, Balances, and Merit's subnets, staking and consensus pallets wired
//! as in the real runtime (every burn recorded), with small parameters.

use crate::{self as pallet_merit_consensus, EmissionParams, RecordBurn};
use frame_support::{
	assert_ok, derive_impl,
	traits::{ConstU128, ConstU16, ConstU32, Hooks},
};
use frame_system::EnsureRoot;
use merit_primitives::{
	round::{FetchedSet, WeightsBasis},
	NetUid, TaskKind, TaskSpec, Uid,
};
use pallet_merit_subnets::{NetworkParams, SubnetHyperparams};
use sp_runtime::{BuildStorage, Perbill};

pub type AccountId = u64;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Subnets: pallet_merit_subnets,
		Staking: pallet_merit_staking,
		Consensus: pallet_merit_consensus,
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
	type DustRemoval = RecordBurn<Test>;
}

impl pallet_merit_subnets::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxSubnets = ConstU16<4>;
	type MaxCleanupPerBlock = ConstU32<2>;
	type OnModelCopied = ();
	type OnBondSlash = RecordBurn<Test>;
	type OnBurn = RecordBurn<Test>;
	type Lifecycle = Consensus;
	type Slashes = ();
	type Epochs = Consensus;
	type EpochBudget = ();
	type HotkeySignature = sp_runtime::testing::TestSignature;
	type HotkeySigner = sp_runtime::testing::UintAuthorityId;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_merit_subnets::testing::TestConsents;
	type SlashWindow = ();
	type WeightInfo = ();
}

impl pallet_merit_staking::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = StakingPotId;
	type Hotkeys = Subnets;
	type OnSlash = RecordBurn<Test>;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxUnbondingChunks = ConstU32<4>;
	type MaxStakersPerHotkey = ConstU32<4>;
	type MinStake = ConstU128<10>;
	type DefaultTake = DefaultTake;
	type MaxTake = DefaultTake;
	type TakeRateLimit = ConstU32<10>;
	type SlashWindow = ();
	type SlashesApplying = frame_support::traits::Nothing;
	type WeightInfo = ();
}

frame_support::parameter_types! {
	/// Where unearned emission is minted.
	pub const TreasuryAccount: AccountId = 999;
	pub const DefaultTake: Perbill = Perbill::from_percent(20);
	pub const StakingPotId: frame_support::PalletId = frame_support::PalletId(*b"mrt/stak");
}

impl pallet_merit_consensus::Config for Test {
	type Currency = Balances;
	type Subnets = Subnets;
	type Stake = Staking;
	type Emissions = Subnets;
	type OnEpoch = Subnets;
	type AdminOrigin = EnsureRoot<AccountId>;
	type EmissionOrigin = EnsureRoot<AccountId>;
	type Treasury = TreasuryAccount;
	type MaxEpochsPerBlock = ConstU32<1>;
	type MaxPendingCommits = ConstU32<2>;
	/// Small, so tests see an epoch paid over several blocks.
	type PayoutsPerBlock = ConstU32<4>;
	type WeightInfo = ();
}

/// The subnet owner's coldkey and hotkey.
pub const OWNER: AccountId = 1;
pub const OWNER_HK: AccountId = 10;
/// Validators: coldkeys 2 and 3 with hotkeys 11 and 12.
pub const V1: AccountId = 2;
pub const V1_HK: AccountId = 11;
pub const V2: AccountId = 3;
pub const V2_HK: AccountId = 12;
/// Miners: coldkeys 4, 5 and 6 with hotkeys 13, 14 and 15.
pub const M1: AccountId = 4;
pub const M1_HK: AccountId = 13;
pub const M2: AccountId = 5;
pub const M2_HK: AccountId = 14;
pub const M3: AccountId = 6;
pub const M3_HK: AccountId = 15;
/// A nominator.
pub const NOMINATOR: AccountId = 7;

pub const ENDOWMENT: Balance = 1_000_000;
/// The staking reward pot's existential deposit, minted at genesis.
pub const POT_ED: Balance = 1;
pub const BLOCK_EMISSION: Balance = 1_000;
pub const EMISSION_CAP: Balance = 1_000_000_000;
pub const TEMPO: u16 = 10;
pub const BURN: Balance = 100;
pub const BOND: Balance = 50;

pub fn hyperparams() -> SubnetHyperparams<Balance> {
	SubnetHyperparams {
		tempo: TEMPO,
		max_uids: 8,
		max_validators: 2,
		immunity_period: 0,
		min_burn: BURN,
		max_burn: BURN,
		burn_increase: Perbill::zero(),
		burn_decay: Perbill::zero(),
		max_regs_per_block: 8,
		max_regs_per_interval: 8,
		registration_interval: 10,
		min_allowed_weights: 1,
		max_weight_limit: Perbill::one(),
		weights_rate_limit: 2,
		weights_version_key: 1,
		commit_reveal: false,
		reveal_period: 1,
		kappa: Perbill::from_percent(50),
		bonds_moving_average: Perbill::from_percent(50),
		bonds_penalty: Perbill::one(),
		activity_cutoff: 100,
		registration_allowed: true,
		min_validator_stake: 100,
		owner_cut: Perbill::from_percent(20),
		miner_bond: BOND,
		serving_rate_limit: 0,
		allow_private_axons: true,
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

/// Fresh state at block 1: coldkeys 1–9 endowed, the parameters above.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).map(|who| (who, ENDOWMENT)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_merit_subnets::GenesisConfig::<Test> {
		network: NetworkParams {
			lock_floor: 1_000,
			lock_decay_blocks: 10,
			subnet_rate_limit: 0,
			subnet_immunity_period: 0,
			owner_rate_limit: 0,
		},
		default_hyperparams: hyperparams(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_merit_staking::GenesisConfig::<Test> { unbonding_blocks: 5, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	pallet_merit_consensus::GenesisConfig::<Test> {
		emission: EmissionParams { block_emission: BLOCK_EMISSION, emission_cap: EMISSION_CAP },
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on [`new_test_ext`], then every pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		check_invariants();
	});
}

pub fn check_invariants() {
	Consensus::do_try_state().unwrap();
	Subnets::do_try_state().unwrap();
	Staking::do_try_state().unwrap();
}

/// Advances to block `n`, running every pallet's `on_initialize` on the way.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Subnets::on_initialize(next);
		Consensus::on_initialize(next);
	}
}

/// Runs blocks until `netuid`'s next epoch has run.
pub fn run_epoch(netuid: NetUid) {
	let due = crate::Schedule::<Test>::get(netuid).map(|s| s.next_due).unwrap_or(0);
	let target = due.max(System::block_number() as u32 + 1);
	run_to_block(target as u64);
	while crate::Schedule::<Test>::get(netuid).map(|s| s.last_run).unwrap_or(0) < target {
		run_to_block(System::block_number() + 1);
	}
}

/// Registers a subnet owned by [`OWNER`], returning its netuid.
pub fn subnet() -> NetUid {
	assert_ok!(Subnets::register_subnet(
		RuntimeOrigin::signed(OWNER),
		OWNER_HK,
		digits(),
		consent(OWNER_HK, OWNER)
	));
	let netuid = pallet_merit_subnets::Registry::<Test>::iter_keys().max().unwrap();
	// New subnets earn nothing until the admin grants a share; these tests start with one.
	assert_ok!(Consensus::set_emission_share(RuntimeOrigin::root(), netuid, 1));
	netuid
}

/// Registers a subnet as its owner would, without an emission share.
pub fn subnet_without_share() -> NetUid {
	assert_ok!(Subnets::register_subnet(
		RuntimeOrigin::signed(OWNER),
		OWNER_HK,
		digits(),
		consent(OWNER_HK, OWNER)
	));
	pallet_merit_subnets::Registry::<Test>::iter_keys().max().unwrap()
}

/// Registers `hotkey` for `coldkey` on `netuid`, returning its UID.
pub fn register(netuid: NetUid, coldkey: AccountId, hotkey: AccountId) -> Uid {
	assert_ok!(Subnets::burned_register(
		RuntimeOrigin::signed(coldkey),
		netuid,
		hotkey,
		consent(hotkey, coldkey)
	));
	pallet_merit_subnets::Uids::<Test>::get(netuid, hotkey).unwrap()
}

pub fn stake(coldkey: AccountId, hotkey: AccountId, amount: Balance) {
	assert_ok!(Staking::add_stake(RuntimeOrigin::signed(coldkey), hotkey, amount));
}

/// The standard subnet: validators V1 (UID 0, 3,000 staked) and V2 (UID 1, 1,000 staked),
/// miners M1–M3 (UIDs 2–4), and one epoch run so the validators hold permits.
pub fn standard_subnet() -> NetUid {
	let netuid = subnet();
	assert_eq!(register(netuid, V1, V1_HK), 0);
	assert_eq!(register(netuid, V2, V2_HK), 1);
	assert_eq!(register(netuid, M1, M1_HK), 2);
	assert_eq!(register(netuid, M2, M2_HK), 3);
	assert_eq!(register(netuid, M3, M3_HK), 4);
	stake(V1, V1_HK, 3_000);
	stake(V2, V2_HK, 1_000);
	run_epoch(netuid);
	netuid
}

/// The basis of weights sent now on `netuid`: the open round, with UIDs 2–4's files.
pub fn basis_now(netuid: NetUid) -> WeightsBasis {
	round_basis(crate::Schedule::<Test>::get(netuid).map_or(0, |s| s.index))
}

/// A basis naming `round`, with UIDs 2–4's files.
pub fn round_basis(round: u32) -> WeightsBasis {
	WeightsBasis { round, fetched: FetchedSet::of([2, 3, 4]) }
}

pub fn set_weights(hotkey: AccountId, netuid: NetUid, uids: Vec<Uid>, weights: Vec<u16>) {
	assert_ok!(Consensus::set_weights(
		RuntimeOrigin::signed(hotkey),
		netuid,
		uids.try_into().unwrap(),
		weights.try_into().unwrap(),
		basis_now(netuid),
		1,
	));
}

/// Stake `coldkey` has on `hotkey`.
/// `coldkey`'s stake on `hotkey`, its share of rewards not yet compounded included.
pub fn staked(coldkey: AccountId, hotkey: AccountId) -> Balance {
	<Staking as merit_primitives::StakeInfo<_, _>>::stake_of_pair(&coldkey, &hotkey)
}

pub fn consensus_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Consensus(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub fn last_event() -> crate::Event<Test> {
	consensus_events().pop().expect("a consensus event")
}

/// `hotkey`'s consent to be owned by `coldkey`, good for ever.
pub fn consent(
	hotkey: AccountId,
	coldkey: AccountId,
) -> Option<pallet_merit_subnets::HotkeyConsent<sp_runtime::testing::TestSignature>> {
	pallet_merit_subnets::testing::consent::<Test>(hotkey, coldkey)
}
