//! Consensus in the real runtime with the development preset: two validators commit and
//! reveal weights, Yuma runs at the epoch, and the emission lands as stake on the right
//! accounts, to the planck, with the token books balanced throughout.

use frame_support::{assert_ok, traits::Hooks};
use merit_primitives::{
	round::{FetchedSet, WeightsBasis},
	NetUid, StakeInfo, TaskKind, TaskSpec, Uid,
};
use merit_runtime::{Balance, Consensus, Runtime, RuntimeOrigin, Staking, Subnets, System, UNIT};
use pallet_merit_subnets::Hyperparameter;
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::Perbill;

use crate::common;
use common::genesis_of;

const NETUID: NetUid = 0;

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

fn check_invariants() {
	Consensus::do_try_state().unwrap();
	Subnets::do_try_state().unwrap();
	Staking::do_try_state().unwrap();
}

/// Runs blocks up to `n`, with every hook of the Merit pallets.
fn run_to(n: u32) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Subnets::on_initialize(next);
		Consensus::on_initialize(next);
		check_invariants();
	}
}

/// Stake of the pair, its part of shared rewards not yet compounded included.
fn staked(coldkey: Sr25519Keyring, hotkey: Sr25519Keyring) -> Balance {
	<Staking as StakeInfo<_, _>>::stake_of_pair(&coldkey.to_account_id(), &hotkey.to_account_id())
}

/// Bonded stake of the pair.
fn bonded(coldkey: Sr25519Keyring, hotkey: Sr25519Keyring) -> Balance {
	pallet_merit_staking::Stake::<Runtime>::get(hotkey.to_account_id(), coldkey.to_account_id())
}

/// The basis of weights on `uids` scored in round `round` (every weighted file obtained).
fn basis(round: u32, uids: &[Uid]) -> WeightsBasis {
	WeightsBasis { round, fetched: FetchedSet::of(uids.iter().copied()) }
}

/// The subnet's open round.
fn round_now() -> u32 {
	pallet_merit_consensus::Schedule::<Runtime>::get(NETUID).map_or(0, |s| s.index)
}

/// Commits weights scored in the open round.
fn commit_and_hash(hotkey: Sr25519Keyring, uids: &[Uid], weights: &[u16], salt: [u8; 32]) {
	let basis = basis(round_now(), uids);
	let hash =
		Consensus::weights_hash(&hotkey.to_account_id(), NETUID, uids, weights, &basis, &salt, 0);
	assert_ok!(Consensus::commit_weights(signed(hotkey), NETUID, hash));
}

/// Reveals weights committed in round `round`.
fn reveal(hotkey: Sr25519Keyring, uids: &[Uid], weights: &[u16], salt: [u8; 32], round: u32) {
	assert_ok!(Consensus::reveal_weights(
		signed(hotkey),
		NETUID,
		uids.to_vec().try_into().unwrap(),
		weights.to_vec().try_into().unwrap(),
		basis(round, uids),
		salt,
		0
	));
}

/// Alice owns the subnet (hotkey AliceStash). Validators: Bob (300 MRT on BobStash) and
/// Charlie (100 MRT on CharlieStash), stake ¾ and ¼. Miners: DaveStash, EveStash,
/// FerdieStash. Both validators weight Dave's and Eve's miners 3 : 1.
///
/// The dev chain emits 1 MRT per block and runs 10-block epochs, so each epoch pays 10 MRT:
/// the owner cut 18% = 1.8 MRT; miners 4.1 MRT by incentive (¾, ¼: 3.075 and 1.025 MRT);
/// validators 4.1 MRT by dividends (¾, ¼: 3.075 and 1.025 MRT).
#[test]
fn committed_weights_become_exact_payouts() {
	genesis_of("development").execute_with(|| {
		let task = TaskSpec {
			kind: TaskKind::Digits,
			max_model_bytes: 1 << 20,
			dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
			eval_size: 512,
		};
		let consent = common::consent(&AliceStash.pair(), &Alice.to_account_id());
		assert_ok!(Subnets::register_subnet(
			signed(Alice),
			AliceStash.to_account_id(),
			task,
			Some(consent)
		));
		// New subnets earn nothing until the admin grants them a share.
		assert_ok!(Consensus::set_emission_share(RuntimeOrigin::root(), NETUID, 1));
		// The owner halves the bonds' memory, which keeps the fixed-point bonds exact.
		assert_ok!(Subnets::set_hyperparameter(
			signed(Alice),
			NETUID,
			Hyperparameter::BondsMovingAverage(Perbill::from_percent(50))
		));
		for (coldkey, hotkey) in [
			(Bob, BobStash),
			(Charlie, CharlieStash),
			(Dave, DaveStash),
			(Eve, EveStash),
			(Ferdie, FerdieStash),
		] {
			let consent = common::consent(&hotkey.pair(), &coldkey.to_account_id());
			assert_ok!(Subnets::burned_register(
				signed(coldkey),
				NETUID,
				hotkey.to_account_id(),
				Some(consent)
			));
		}
		assert_ok!(Staking::add_stake(signed(Bob), BobStash.to_account_id(), 300 * UNIT));
		assert_ok!(Staking::add_stake(signed(Charlie), CharlieStash.to_account_id(), 100 * UNIT));
		let books_before = pallet_merit_consensus::Issuance::<Runtime>::get();
		let treasury = || {
			pallet_balances::Pallet::<Runtime>::free_balance(
				merit_runtime::configs::treasury::TreasuryAccount::get(),
			)
		};
		let treasury_before = treasury();

		// Epoch 1 at block 10 grants the permits; commits made now reveal in epoch 2.
		run_to(10);
		let permits = pallet_merit_consensus::ValidatorPermits::<Runtime>::get(NETUID);
		assert_eq!(permits.into_inner(), vec![true, true, false, false, false]);
		let (uids, weights) = ([2, 3], [3, 1]);
		let round = round_now();
		commit_and_hash(BobStash, &uids, &weights, [1; 32]);
		commit_and_hash(CharlieStash, &uids, &weights, [2; 32]);
		run_to(20);
		reveal(BobStash, &uids, &weights, [1; 32], round);
		reveal(CharlieStash, &uids, &weights, [2; 32], round);
		run_to(30);

		let mrt = |milli: Balance| milli * UNIT / 1_000;
		assert_eq!(staked(Dave, DaveStash), mrt(3_075));
		assert_eq!(staked(Eve, EveStash), mrt(1_025));
		assert_eq!(staked(Ferdie, FerdieStash), 0);
		assert_eq!(staked(Bob, BobStash), 300 * UNIT + mrt(3_075));
		assert_eq!(staked(Charlie, CharlieStash), 100 * UNIT + mrt(1_025));
		// Validators' dividends were shared with their stakers; claiming makes them bonded.
		assert_eq!(bonded(Bob, BobStash), 300 * UNIT);
		assert_ok!(Staking::claim_rewards(signed(Bob), BobStash.to_account_id()));
		assert_eq!(bonded(Bob, BobStash), 300 * UNIT + mrt(3_075));
		// The owner cut was paid at all three epochs: 18% of 9 MRT (blocks 2–10), then twice
		// 18% of 10 MRT. Epochs 1 and 2 had no weights yet, so only the owner cut was minted.
		assert_eq!(staked(Alice, AliceStash), mrt(1_620) + mrt(1_800) + mrt(1_800));

		let view = Consensus::neuron_consensus(NETUID).unwrap();
		let quarter = Perbill::from_percent(25);
		let three_q = Perbill::from_percent(75);
		let incentive: Vec<Perbill> = view.iter().map(|n| n.incentive).collect();
		assert_eq!(
			incentive,
			vec![Perbill::zero(), Perbill::zero(), three_q, quarter, Perbill::zero()]
		);
		let dividends: Vec<Perbill> = view.iter().map(|n| n.dividends).collect();
		assert_eq!(dividends[..2], [three_q, quarter]);

		// The books: minted is every block's emission, 29 MRT: what was paid above, and what
		// nobody earned in epochs 1 and 2 (all but the owner cut: 7.38 + 8.2 MRT), minted into
		// the treasury. Issuance = genesis + minted − burned.
		let books = pallet_merit_consensus::Issuance::<Runtime>::get();
		assert_eq!(books.minted - books_before.minted, 29 * UNIT);
		assert_eq!(treasury() - treasury_before, mrt(7_380) + mrt(8_200));
		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		assert_eq!(issuance + books.burned, books.genesis + books.minted);
	});
}
