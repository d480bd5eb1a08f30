//! A test runtime: System, Balances and Merit's subnets, staking, consensus and slashing
//! pallets wired as in the real runtime, with small parameters.

use crate::{self as pallet_merit_slashing, SlashParams};
use frame_support::{
	assert_ok, derive_impl,
	traits::{ConstU128, ConstU16, ConstU32, Hooks},
};
use frame_system::EnsureRoot;
use merit_primitives::{NetUid, TaskKind, TaskSpec, Uid};
use pallet_merit_consensus::{EmissionParams, RecordBurn};
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
		Slashing: pallet_merit_slashing,
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
	type MaxCleanupPerBlock = ConstU32<8>;
	type OnModelCopied = Slashing;
	type OnBondSlash = RecordBurn<Test>;
	type OnBurn = RecordBurn<Test>;
	type Lifecycle = (Consensus, Slashing);
	type Slashes = Slashing;
	type Epochs = Consensus;
	type EpochBudget = ();
	type HotkeySignature = sp_runtime::testing::TestSignature;
	type HotkeySigner = sp_runtime::testing::UintAuthorityId;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_merit_subnets::testing::TestConsents;
	type SlashWindow = Window;
	type WeightInfo = ();
}

frame_support::parameter_types! {
	/// Where unearned emission is minted.
	pub const TreasuryAccount: AccountId = TREASURY;
	pub const Take: Perbill = Perbill::from_percent(20);
	pub const StakingPotId: frame_support::PalletId = frame_support::PalletId(*b"mrt/stak");
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
	type DefaultTake = Take;
	type MaxTake = Take;
	type TakeRateLimit = ConstU32<10>;
	type SlashWindow = Window;
	type SlashesApplying = pallet_merit_slashing::SlashesApplying<Test>;
	type WeightInfo = ();
}

impl pallet_merit_consensus::Config for Test {
	type Currency = Balances;
	type Subnets = Subnets;
	type Stake = Staking;
	type Emissions = Subnets;
	type OnEpoch = (Slashing, Subnets);
	type AdminOrigin = EnsureRoot<AccountId>;
	type EmissionOrigin = EnsureRoot<AccountId>;
	type Treasury = TreasuryAccount;
	type MaxEpochsPerBlock = ConstU32<1>;
	type MaxPendingCommits = ConstU32<2>;
	/// Small, so tests see an epoch paid over several blocks.
	type PayoutsPerBlock = ConstU32<4>;
	type WeightInfo = ();
}

impl pallet_merit_slashing::Config for Test {
	type Balance = Balance;
	type Subnets = Subnets;
	type Epochs = Consensus;
	type Stake = Staking;
	type Bonds = Subnets;
	type AdminOrigin = EnsureRoot<AccountId>;
	type CancelOrigin = EnsureRoot<AccountId>;
	type MaxReporters = ConstU32<4>;
	type MaxDeferred = ConstU32<3>;
	type MaxAppliedPerEpoch = ConstU32<2>;
	type MaxTrustOffencesPerEpoch = ConstU32<2>;
	/// Two stakers a block: a hotkey's four stakers take two blocks.
	type SlashPageStakers = ConstU32<2>;
	type MaxApplying = ConstU32<2>;
	type SlashPageWeight = frame_support::traits::GetDefault;
	type SlashWindow = Window;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type OnBondForfeit = pallet_merit_consensus::ResolveOrBurn<Test, TreasuryAccount>;
	type Treasury = TreasuryAccount;
	type DisputeBond = ConstU128<DISPUTE_BOND>;
	type DisputeWindow = ConstU32<DISPUTE_WINDOW>;
	type MaxOpenDisputes = ConstU32<1>;
	type WeightInfo = ();
}

/// What a disputer holds while its dispute is open.
pub const DISPUTE_BOND: Balance = 100;
/// Blocks after a reveal in which weights may be disputed, and a dispute stays open.
pub const DISPUTE_WINDOW: u32 = 5;

/// Unbonding outlasts the slash window: (defer_epochs + 1) · tempo = 20 blocks.
pub const UNBONDING: u32 = 25;
pub const OWNER: AccountId = 1;
pub const OWNER_HK: AccountId = 10;
pub const V1: AccountId = 2;
pub const V1_HK: AccountId = 11;
pub const V2: AccountId = 3;
pub const V2_HK: AccountId = 12;
pub const M1: AccountId = 4;
pub const M1_HK: AccountId = 13;
pub const M2: AccountId = 5;
pub const M2_HK: AccountId = 14;
pub const M3: AccountId = 6;
pub const M3_HK: AccountId = 15;
pub const NOMINATOR: AccountId = 7;
/// The treasury's account (where unearned emission is minted and slashes go).
pub const TREASURY: AccountId = 999;

pub const ENDOWMENT: Balance = 1_000_000;
pub const BOND: Balance = 50;

/// Trust below 50% for 2 epochs; a model unavailable for 2 epochs; slashes 1 epoch later:
/// 10% (trust), 50% (copy), 20% of the bond (unavailable model).
pub fn params() -> SlashParams {
	SlashParams {
		trust_threshold: Perbill::from_percent(50),
		trust_epochs: 2,
		defer_epochs: 1,
		low_trust_fraction: Perbill::from_percent(10),
		copied_model_fraction: Perbill::from_percent(50),
		unavailable_epochs: 2,
		unavailable_model_fraction: Perbill::from_percent(20),
		disputed_weights_fraction: Perbill::from_percent(10),
		disputer_share: Perbill::from_percent(20),
	}
}

fn hyperparams() -> SubnetHyperparams<Balance> {
	SubnetHyperparams {
		tempo: 10,
		max_uids: 8,
		max_validators: 2,
		immunity_period: 0,
		min_burn: 100,
		max_burn: 100,
		burn_increase: Perbill::zero(),
		burn_decay: Perbill::zero(),
		max_regs_per_block: 8,
		max_regs_per_interval: 8,
		registration_interval: 10,
		min_allowed_weights: 1,
		max_weight_limit: Perbill::one(),
		weights_rate_limit: 0,
		weights_version_key: 0,
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

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut ext = sp_io::TestExternalities::new(genesis_storage(UNBONDING));
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// The test chain's genesis with `unbonding_blocks` of unbonding (panics if slashing's
/// genesis refuses it).
pub fn genesis_storage(unbonding_blocks: u32) -> sp_runtime::Storage {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=9).chain([TREASURY]).map(|who| (who, ENDOWMENT)).collect(),
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
	pallet_merit_staking::GenesisConfig::<Test> { unbonding_blocks, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	pallet_merit_consensus::GenesisConfig::<Test> {
		emission: EmissionParams { block_emission: 1_000, emission_cap: 1_000_000_000 },
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_merit_slashing::GenesisConfig::<Test> { params: params(), ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	storage
}

/// Runs `test`, then every pallet's invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Slashing::do_try_state().unwrap();
		Consensus::do_try_state().unwrap();
		Subnets::do_try_state().unwrap();
		Staking::do_try_state().unwrap();
	});
}

pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		// A hash for every block (a round's seed hash is its seed block's).
		frame_system::BlockHash::<Test>::insert(next, sp_core::H256::repeat_byte(next as u8));
		Subnets::on_initialize(next);
		Consensus::on_initialize(next);
		Slashing::on_initialize(next);
	}
}

/// Runs to the subnet's next epoch block (a multiple of 10 for netuid 0).
pub fn next_epoch() {
	let now = System::block_number();
	run_to_block((now / 10 + 1) * 10);
}

pub fn epoch(netuid: NetUid) -> u32 {
	<Consensus as merit_primitives::EpochInfo<Balance>>::current_epoch(netuid)
}

pub fn register(netuid: NetUid, coldkey: AccountId, hotkey: AccountId) -> Uid {
	assert_ok!(Subnets::burned_register(
		RuntimeOrigin::signed(coldkey),
		netuid,
		hotkey,
		consent(hotkey, coldkey)
	));
	pallet_merit_subnets::Uids::<Test>::get(netuid, hotkey).unwrap()
}

/// Subnet 0: V1 (UID 0, 3,000 staked), V2 (UID 1, 1,000 staked), miners M1–M3 (UIDs 2–4),
/// each miner with a revealed model; one epoch run (block 10), so V1 and V2 hold permits.
pub fn standard_subnet() -> NetUid {
	assert_ok!(Subnets::register_subnet(
		RuntimeOrigin::signed(OWNER),
		OWNER_HK,
		digits(),
		consent(OWNER_HK, OWNER)
	));
	let netuid = 0;
	assert_ok!(Consensus::set_emission_share(RuntimeOrigin::root(), netuid, 1));
	for (coldkey, hotkey) in [(V1, V1_HK), (V2, V2_HK), (M1, M1_HK), (M2, M2_HK), (M3, M3_HK)] {
		register(netuid, coldkey, hotkey);
	}
	assert_ok!(Staking::add_stake(RuntimeOrigin::signed(V1), V1_HK, 3_000));
	assert_ok!(Staking::add_stake(RuntimeOrigin::signed(V2), V2_HK, 1_000));
	for (i, hotkey) in [M1_HK, M2_HK, M3_HK].into_iter().enumerate() {
		commit_model(netuid, hotkey, [i as u8 + 1; 32]);
	}
	run_to_block(2);
	for (i, hotkey) in [M1_HK, M2_HK, M3_HK].into_iter().enumerate() {
		assert_ok!(Subnets::reveal_model(RuntimeOrigin::signed(hotkey), netuid, [i as u8 + 1; 32]));
	}
	next_epoch();
	netuid
}

pub fn commit_model(netuid: NetUid, hotkey: AccountId, model: [u8; 32]) {
	let binding = Subnets::model_binding(&model, &hotkey, netuid);
	assert_ok!(Subnets::commit_model(RuntimeOrigin::signed(hotkey), netuid, binding, 1_000));
}

pub fn digits() -> TaskSpec {
	TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: 1_000_000,
		dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
		eval_size: 512,
	}
}

/// Sets `hotkey`'s weights on subnet 0, scored in the open round with the weighted UIDs'
/// files obtained.
pub fn set_weights(hotkey: AccountId, uids: Vec<Uid>, weights: Vec<u16>) {
	let fetched = merit_primitives::round::FetchedSet::of(uids.iter().copied());
	assert_ok!(Consensus::set_weights(
		RuntimeOrigin::signed(hotkey),
		0,
		uids.try_into().unwrap(),
		weights.try_into().unwrap(),
		merit_primitives::round::WeightsBasis { round: epoch(0), fetched },
		0,
	));
}

/// `coldkey`'s stake on `hotkey`, its share of rewards not yet compounded included.
pub fn staked(coldkey: AccountId, hotkey: AccountId) -> Balance {
	<Staking as merit_primitives::StakeInfo<_, _>>::stake_of_pair(&coldkey, &hotkey)
}

pub fn forfeited(netuid: NetUid, hotkey: AccountId) -> bool {
	let uid = pallet_merit_subnets::Uids::<Test>::get(netuid, hotkey).unwrap();
	pallet_merit_subnets::Forfeited::<Test>::contains_key(netuid, uid)
}

pub fn bond(netuid: NetUid, hotkey: AccountId) -> Balance {
	let uid = pallet_merit_subnets::Uids::<Test>::get(netuid, hotkey).unwrap();
	pallet_merit_subnets::Neurons::<Test>::get(netuid, uid).unwrap().bond
}

pub fn slashing_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Slashing(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// `hotkey`'s consent to be owned by `coldkey`, good for ever.
pub fn consent(
	hotkey: AccountId,
	coldkey: AccountId,
) -> Option<pallet_merit_subnets::HotkeyConsent<sp_runtime::testing::TestSignature>> {
	pallet_merit_subnets::testing::consent::<Test>(hotkey, coldkey)
}

/// The three pallets' slash window, as the runtime wires it.
pub struct Window;
impl merit_primitives::SlashWindow for Window {
	fn longest_tempo() -> u32 {
		Subnets::longest_tempo()
	}
	fn longest_tempo_reads() -> u64 {
		use frame_support::traits::Get;
		u64::from(<<Test as pallet_merit_subnets::Config>::MaxSubnets as Get<u16>>::get()) + 1
	}
	fn defer_epochs() -> u32 {
		crate::Params::<Test>::get().map_or(0, |p| p.defer_epochs)
	}
	fn unbonding_blocks() -> u32 {
		pallet_merit_staking::UnbondingBlocks::<Test>::get()
	}
}
