//! The attack tests' chain: the real runtime from a genesis preset (`development` or
//! `testnet`, with that preset's parameters), actors funded from the preset's own accounts,
//! and blocks run with every Merit hook and every Merit pallet's invariants checked after
//! each block.

#![allow(dead_code)]

use frame_support::{assert_ok, traits::Hooks, BoundedVec};
use merit_primitives::{
	round::{FetchedSet, WeightsBasis},
	NetUid, StakeInfo, TaskKind, TaskSpec, Uid,
};
use merit_runtime::{
	AccountId, Balance, Balances, Consensus, Runtime, RuntimeEvent, RuntimeOrigin, Slashing,
	Staking, Subnets, System, UNIT,
};
use pallet_merit_subnets::SubnetHyperparams;
use sp_core::{sr25519, Pair};
use std::{cell::RefCell, collections::BTreeMap};

pub use common::Consent;

use crate::common;

/// Every attack runs on both: the dev chain's small parameters and the public testnet's.
pub const PRESETS: [&str; 2] = ["development", "testnet"];

/// What each actor is given at the start.
pub const ENDOWMENT: Balance = 200_000 * UNIT;

/// Runs `test` once on a fresh chain of each preset.
pub fn each_preset(test: impl Fn(&str)) {
	for preset in PRESETS {
		let mut ext = common::genesis_of(preset);
		ext.execute_with(|| {
			fund_actors();
			test(preset);
			check_invariants();
		});
	}
}

thread_local! {
	/// The key pair behind every actor made so far, so its hotkey can sign consents.
	static KEYS: RefCell<BTreeMap<AccountId, sr25519::Pair>> = const { RefCell::new(BTreeMap::new()) };
}

/// An account for a named actor: an sr25519 key from the name (deterministic).
pub fn actor(name: &str) -> AccountId {
	let pair = sr25519::Pair::from_seed(&sp_io::hashing::blake2_256(name.as_bytes()));
	let account = AccountId::from(pair.public());
	KEYS.with(|keys| keys.borrow_mut().insert(account.clone(), pair));
	account
}

/// `hotkey`'s consent to be owned by `coldkey` (for ever), if `hotkey` is an actor.
pub fn consent(hotkey: &AccountId, coldkey: &AccountId) -> Option<Consent> {
	KEYS.with(|keys| keys.borrow().get(hotkey).map(|pair| common::consent(pair, coldkey)))
}

/// The actors every test may use.
pub const ACTORS: [&str; 16] = [
	"owner",
	"owner-hotkey",
	"owner-validator",
	"owner-miner",
	"attacker",
	"honest-owner",
	"honest-owner-hotkey",
	"validator-a",
	"validator-a-hotkey",
	"validator-b",
	"validator-b-hotkey",
	"miner",
	"miner-hotkey",
	"miner-2",
	"miner-2-hotkey",
	"nominator",
];

/// The richest account of the genesis (the treasury's pot on the testnet), which funds the
/// actors.
fn richest() -> AccountId {
	frame_system::Account::<Runtime>::iter()
		.max_by_key(|(_, info)| info.data.free)
		.map(|(who, _)| who)
		.expect("genesis endows someone")
}

/// Gives `who` `amount` from the genesis funds (a transfer: the token books stay balanced).
pub fn fund(who: &AccountId, amount: Balance) {
	assert_ok!(Balances::transfer_keep_alive(
		RuntimeOrigin::signed(richest()),
		sp_runtime::MultiAddress::Id(who.clone()),
		amount
	));
}

fn fund_actors() {
	for name in ACTORS {
		fund(&actor(name), ENDOWMENT);
	}
}

pub fn signed(who: &AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

pub fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

/// Every Merit pallet's invariants.
pub fn check_invariants() {
	Subnets::do_try_state().expect("subnets invariants");
	Staking::do_try_state().expect("staking invariants");
	Consensus::do_try_state().expect("consensus invariants");
	Slashing::do_try_state().expect("slashing invariants");
}

pub fn now() -> u32 {
	System::block_number()
}

/// Runs the next block: the scheduler (what referenda enact), every Merit hook, then every
/// invariant.
pub fn next_block() {
	let next = now() + 1;
	System::set_block_number(next);
	// A hash for every block (a round's seed hash is its seed block's).
	let hash = sp_io::hashing::blake2_256(&next.to_le_bytes());
	frame_system::BlockHash::<Runtime>::insert(next, sp_core::H256::from(hash));
	merit_runtime::Scheduler::on_initialize(next);
	Subnets::on_initialize(next);
	Consensus::on_initialize(next);
	merit_runtime::Slashing::on_initialize(next);
	check_invariants();
}

pub fn run_to(block: u32) {
	while now() < block {
		next_block();
	}
}

/// Epochs `netuid` has run.
pub fn epoch(netuid: NetUid) -> u32 {
	pallet_merit_consensus::Schedule::<Runtime>::get(netuid).map(|s| s.index).unwrap_or(0)
}

/// Runs blocks until `netuid` has run epoch `index`.
pub fn run_to_epoch(netuid: NetUid, index: u32) {
	while epoch(netuid) < index {
		next_block();
	}
}

/// Runs blocks until `netuid` has run one more epoch; returns its index.
pub fn next_epoch(netuid: NetUid) -> u32 {
	let target = epoch(netuid) + 1;
	run_to_epoch(netuid, target);
	target
}

/// The block `netuid`'s next epoch is due in.
pub fn next_epoch_block(netuid: NetUid) -> u32 {
	pallet_merit_consensus::Schedule::<Runtime>::get(netuid).expect("scheduled").next_due
}

/// The parameters new subnets get on this chain.
pub fn defaults() -> SubnetHyperparams<Balance> {
	pallet_merit_subnets::DefaultHyperparameters::<Runtime>::get().expect("genesis sets them")
}

pub fn hyperparams(netuid: NetUid) -> SubnetHyperparams<Balance> {
	pallet_merit_subnets::Hyperparameters::<Runtime>::get(netuid).expect("registered")
}

pub fn slash_params() -> pallet_merit_slashing::SlashParams {
	pallet_merit_slashing::Params::<Runtime>::get().expect("genesis sets them")
}

/// A stake that earns a validator permit on this chain, times `k`.
pub fn permit_stake(k: u128) -> Balance {
	defaults().min_validator_stake.max(10 * UNIT) * k
}

pub fn task() -> TaskSpec {
	TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: 1 << 20,
		dataset_id: b"uci-digits".to_vec().try_into().expect("short"),
		eval_size: 512,
	}
}

/// Registers a subnet for `owner` with `owner_hotkey`; returns its netuid.
pub fn register_subnet(owner: &AccountId, owner_hotkey: &AccountId) -> NetUid {
	wait_for_subnet_registration();
	let consent = consent(owner_hotkey, owner);
	assert_ok!(Subnets::register_subnet(signed(owner), owner_hotkey.clone(), task(), consent));
	pallet_merit_subnets::Registry::<Runtime>::iter()
		.find(|(_, s)| &s.owner == owner && &s.owner_hotkey == owner_hotkey)
		.map(|(netuid, _)| netuid)
		.expect("registered")
}

/// Runs blocks until a subnet may be registered (they are rate-limited network-wide).
pub fn wait_for_subnet_registration() {
	let network = pallet_merit_subnets::NetworkParameters::<Runtime>::get().expect("genesis");
	if let Some(last) = pallet_merit_subnets::LastSubnetRegistration::<Runtime>::get() {
		run_to(last + network.subnet_rate_limit);
	}
}

/// Grants `netuid` an emission share (the admin origin).
pub fn grant_share(netuid: NetUid) {
	assert_ok!(Consensus::set_emission_share(root(), netuid, 1));
}

/// Registers `hotkey` for `coldkey` on `netuid`, waiting out the registration limits;
/// returns its UID.
pub fn register(netuid: NetUid, coldkey: &AccountId, hotkey: &AccountId) -> Uid {
	loop {
		let consent = consent(hotkey, coldkey);
		match Subnets::burned_register(signed(coldkey), netuid, hotkey.clone(), consent) {
			Ok(_) => break,
			Err(e)
				if e.error
					== pallet_merit_subnets::Error::<Runtime>::TooManyRegistrationsThisBlock
						.into() || e.error
					== pallet_merit_subnets::Error::<Runtime>::TooManyRegistrationsThisInterval
						.into() =>
			{
				next_block()
			},
			Err(e) => panic!("burned_register: {e:?}"),
		}
	}
	uid(netuid, hotkey)
}

pub fn uid(netuid: NetUid, hotkey: &AccountId) -> Uid {
	pallet_merit_subnets::Uids::<Runtime>::get(netuid, hotkey).expect("registered")
}

pub fn stake(coldkey: &AccountId, hotkey: &AccountId, amount: Balance) {
	assert_ok!(Staking::add_stake(signed(coldkey), hotkey.clone(), amount));
}

/// Stake of the pair, its pending rewards included.
pub fn staked(coldkey: &AccountId, hotkey: &AccountId) -> Balance {
	<Staking as StakeInfo<_, _>>::stake_of_pair(coldkey, hotkey)
}

/// Everything an account owns: free and held balance, and rewards waiting in the pot.
pub fn wealth(who: &AccountId) -> Balance {
	let pending: Balance = pallet_merit_staking::Positions::<Runtime>::iter_prefix(who)
		.map(|(hotkey, ())| Staking::pending_rewards(who, &hotkey))
		.sum();
	<Balances as frame_support::traits::fungible::Inspect<AccountId>>::total_balance(who) + pending
}

/// The basis of weights scored in `netuid`'s open round: its epoch, and the files of the
/// UIDs weighted (as a validator that fetched exactly those).
pub fn basis_now(netuid: NetUid, uids: &[Uid]) -> WeightsBasis {
	basis_of(current_epoch(netuid), uids)
}

/// A basis naming `round`, with the files of `uids` obtained.
pub fn basis_of(round: u32, uids: &[Uid]) -> WeightsBasis {
	WeightsBasis { round, fetched: FetchedSet::of(uids.iter().copied()) }
}

/// `netuid`'s epoch counter: its open round.
pub fn current_epoch(netuid: NetUid) -> u32 {
	pallet_merit_consensus::Schedule::<Runtime>::get(netuid).map_or(0, |s| s.index)
}

/// `hotkey`'s current weights on `netuid` as a dispute names them: as the chain keeps them,
/// their basis, the block they were fixed in.
pub fn submission(netuid: NetUid, hotkey: &AccountId) -> (Vec<(Uid, u16)>, WeightsBasis, u32) {
	let uid = uid(netuid, hotkey);
	let weights = pallet_merit_consensus::Weights::<Runtime>::get(netuid, uid).expect("weights");
	let source = pallet_merit_consensus::WeightSources::<Runtime>::get(netuid, uid).expect("kept");
	(weights.into_inner(), source.basis, source.as_of)
}

/// Disputes `validator`'s current weights on `netuid`, signed by `disputer`.
pub fn dispute(
	disputer: &AccountId,
	netuid: NetUid,
	validator: &AccountId,
) -> frame_support::dispatch::DispatchResult {
	let (weights, basis, as_of) = submission(netuid, validator);
	merit_runtime::Slashing::dispute_weights(
		signed(disputer),
		netuid,
		validator.clone(),
		BoundedVec::truncate_from(weights),
		basis,
		as_of,
	)
}

/// Sets `hotkey`'s weights on `netuid` directly, scored in the open round.
pub fn set_weights(
	netuid: NetUid,
	hotkey: &AccountId,
	uids: &[Uid],
	weights: &[u16],
) -> frame_support::dispatch::DispatchResult {
	Consensus::set_weights(
		signed(hotkey),
		netuid,
		BoundedVec::truncate_from(uids.to_vec()),
		BoundedVec::truncate_from(weights.to_vec()),
		basis_now(netuid, uids),
		0,
	)
}

/// Commits `hotkey`'s weights on `netuid`, scored in the open round (salt from the hotkey).
pub fn commit_weights(netuid: NetUid, hotkey: &AccountId, uids: &[Uid], weights: &[u16]) {
	let salt = salt_of(hotkey);
	let basis = basis_now(netuid, uids);
	let hash = Consensus::weights_hash(hotkey, netuid, uids, weights, &basis, &salt, 0);
	assert_ok!(Consensus::commit_weights(signed(hotkey), netuid, hash));
}

fn salt_of(hotkey: &AccountId) -> [u8; 32] {
	sp_io::hashing::blake2_256(hotkey.as_ref())
}

/// Reveals weights committed with [`commit_weights`], in their reveal epoch (so committed
/// `reveal_period` epochs ago).
pub fn reveal_weights(netuid: NetUid, hotkey: &AccountId, uids: &[Uid], weights: &[u16]) {
	let period = u32::from(hyperparams(netuid).reveal_period);
	let round = current_epoch(netuid).saturating_sub(period);
	assert_ok!(Consensus::reveal_weights(
		signed(hotkey),
		netuid,
		BoundedVec::truncate_from(uids.to_vec()),
		BoundedVec::truncate_from(weights.to_vec()),
		basis_of(round, uids),
		salt_of(hotkey),
		0
	));
}

/// Commits a model for `hotkey` and reveals it a block later.
pub fn commit_and_reveal_model(netuid: NetUid, hotkey: &AccountId, model: [u8; 32]) {
	let binding = Subnets::model_binding(&model, hotkey, netuid);
	assert_ok!(Subnets::commit_model(signed(hotkey), netuid, binding, 1_000));
	next_block();
	assert_ok!(Subnets::reveal_model(signed(hotkey), netuid, model));
}

/// The consensus view of `netuid`'s neurons after its last epoch.
pub fn incentive_and_dividends(netuid: NetUid) -> Vec<(sp_runtime::Perbill, sp_runtime::Perbill)> {
	Consensus::neuron_consensus(netuid)
		.expect("registered")
		.iter()
		.map(|n| (n.incentive, n.dividends))
		.collect()
}

pub fn events() -> Vec<RuntimeEvent> {
	System::events().into_iter().map(|r| r.event).collect()
}

pub fn consensus_events() -> Vec<pallet_merit_consensus::Event<Runtime>> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			RuntimeEvent::Consensus(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub fn slashing_events() -> Vec<pallet_merit_slashing::Event<Runtime>> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			RuntimeEvent::Slashing(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub fn minted() -> Balance {
	pallet_merit_consensus::Issuance::<Runtime>::get().minted
}

/// `proposer` submits `call` on the track of `origin` and places its decision deposit (it
/// must hold enough for both deposits); returns the referendum's index.
pub fn submit_referendum(
	proposer: &AccountId,
	origin: merit_runtime::OriginCaller,
	call: merit_runtime::RuntimeCall,
) -> pallet_referenda::ReferendumIndex {
	use frame_support::traits::StorePreimage;
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	let bounded =
		<merit_runtime::Preimage as StorePreimage>::bound(call).expect("the call fits a preimage");
	assert_ok!(merit_runtime::Referenda::submit(
		signed(proposer),
		Box::new(origin),
		bounded,
		frame_support::traits::schedule::DispatchTime::After(0),
	));
	assert_ok!(merit_runtime::Referenda::place_decision_deposit(signed(proposer), index));
	index
}

/// The subnet a copier attacks: registered by "owner", granted a share, with the honest
/// miner "miner-hotkey" that committed and revealed model `[7; 32]` first.
pub fn subnet_with_honest_model() -> NetUid {
	let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
	grant_share(netuid);
	let honest = actor("miner-hotkey");
	register(netuid, &actor("miner"), &honest);
	commit_and_reveal_model(netuid, &honest, [7; 32]);
	netuid
}
