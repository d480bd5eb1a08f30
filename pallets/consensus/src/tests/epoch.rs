//! Epochs end to end in the pallet: weights → Yuma → payouts, with hand-computed numbers;
//! scheduling, deferral, permits and the clearing of departed neurons.

use crate::{
	epoch::next_epoch_block, mock::*, permits::compute_permits, Bonds, EpochResults, Event,
	Issuance, LastUpdate, Schedule, ValidatorPermits, Weights,
};
use frame_support::{assert_ok, traits::fungible::Inspect};
use pallet_merit_subnets::Hyperparameter;
use sp_runtime::Perbill;

fn total_issuance() -> Balance {
	<Balances as Inspect<AccountId>>::total_issuance()
}

#[test]
fn schedule_is_staggered_by_netuid() {
	assert_eq!(next_epoch_block(0, 0, 10), 10);
	assert_eq!(next_epoch_block(10, 0, 10), 20);
	assert_eq!(next_epoch_block(9, 0, 10), 10);
	// netuid 1 runs one block earlier in each cycle: (block + 1) % 10 == 0.
	assert_eq!(next_epoch_block(0, 1, 10), 9);
	assert_eq!(next_epoch_block(9, 1, 10), 19);
	assert_eq!(next_epoch_block(5, 3, 1), 6);
	assert_eq!(next_epoch_block(u32::MAX, 0, 10), u32::MAX);
}

#[test]
fn permits_go_to_the_most_staked() {
	assert_eq!(
		compute_permits(&[5u128, 50, 200, 200, 100], 2, 100),
		vec![false, false, true, true, false]
	);
	// Ties: lower UID first.
	assert_eq!(compute_permits(&[100u128, 100, 100], 2, 100), vec![true, true, false]);
	// Below the minimum: no permit even with free slots.
	assert_eq!(compute_permits(&[99u128, 100], 5, 100), vec![false, true]);
	assert_eq!(compute_permits::<u128>(&[], 5, 0), Vec::<bool>::new());
}

/// V1 (¾ of the stake) and V2 (¼) both weight M1 and M2 at ¾ and ¼. Consensus: ¾ and ¼,
/// incentive ¾ and ¼; bonds follow stake (¾, ¼ in each column), so dividends are ¾ and ¼.
/// The epoch at block 20 pays the 10,000 accrued over blocks 11–20: owner cut 20% = 2,000;
/// miners 4,000 (M1 3,000, M2 1,000); validators 4,000 (V1 3,000, V2 1,000), all as stake.
#[test]
fn weights_to_consensus_to_payouts() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		// The first epoch (block 10) had no weights: only the owner cut of blocks 2–10 was
		// paid; the rest was not minted.
		assert!(consensus_events().contains(&Event::EpochCompleted {
			netuid,
			epoch: 1,
			neurons: 5,
			validators: 0,
			owner_cut: 1_800,
			miners: 0,
			validators_paid: 0,
			payout_pages: 0,
			to_treasury: 7_200,
		}));
		assert_eq!(staked(OWNER, OWNER_HK), 1_800);
		assert_eq!(
			ValidatorPermits::<Test>::get(netuid).into_inner(),
			vec![true, true, false, false, false]
		);

		set_weights(V1_HK, netuid, vec![2, 3], vec![3, 1]);
		set_weights(V2_HK, netuid, vec![2, 3], vec![3, 1]);
		run_epoch(netuid);
		assert_eq!(System::block_number(), 20);
		assert!(consensus_events().contains(&Event::EpochCompleted {
			netuid,
			epoch: 2,
			neurons: 5,
			validators: 2,
			owner_cut: 2_000,
			miners: 4_000,
			validators_paid: 4_000,
			payout_pages: 1,
			to_treasury: 0,
		}));
		// Four payees fit one page (the mock pays 4 a block): paid in the epoch's block.
		assert_eq!(
			last_event(),
			Event::PayoutPaid {
				netuid,
				epoch: 2,
				payees: 4,
				miners: 4_000,
				validators: 4_000,
				to_treasury: 0,
				pages_left: 0,
			}
		);
		assert_eq!(staked(M1, M1_HK), 3_000);
		assert_eq!(staked(M2, M2_HK), 1_000);
		assert_eq!(staked(M3, M3_HK), 0);
		assert_eq!(staked(V1, V1_HK), 3_000 + 3_000);
		assert_eq!(staked(V2, V2_HK), 1_000 + 1_000);
		assert_eq!(staked(OWNER, OWNER_HK), 1_800 + 2_000);

		let results = EpochResults::<Test>::get(netuid).unwrap();
		let p = Perbill::from_percent;
		let quarter = Perbill::from_parts(250_000_000);
		let three_q = Perbill::from_parts(750_000_000);
		assert_eq!(results.epoch, 2);
		assert_eq!(results.block, 20);
		assert_eq!(results.consensus.into_inner(), vec![p(0), p(0), three_q, quarter, p(0)]);
		assert_eq!(results.incentive.into_inner(), vec![p(0), p(0), three_q, quarter, p(0)]);
		assert_eq!(results.dividends.into_inner(), vec![three_q, quarter, p(0), p(0), p(0)]);
		assert_eq!(results.validator_trust.into_inner(), vec![p(100), p(100), p(0), p(0), p(0)]);
		assert_eq!(results.emission.into_inner(), vec![3_000, 1_000, 3_000, 1_000, 0]);
		assert_eq!(results.stake.into_inner(), vec![3_000, 1_000, 0, 0, 0]);
		// Pruning scores in the subnets pallet follow.
		let neuron = |uid| Subnets::neuron_view(netuid, uid).unwrap().emission;
		assert_eq!((neuron(0), neuron(2), neuron(4)), (3_000, 3_000, 0));
		// Bonds: ¾ and ¼ of each column.
		let q = 1u64 << 30;
		assert_eq!(
			Bonds::<Test>::get(netuid, 0).unwrap().into_inner(),
			vec![(2, 3 * q), (3, 3 * q)]
		);
		assert_eq!(Bonds::<Test>::get(netuid, 1).unwrap().into_inner(), vec![(2, q), (3, q)]);

		// The books: 5 registrations burned 100 each; emission minted 9,000 in the first
		// epoch (7,200 of it, unearned, into the treasury) and 10,000 in the second.
		let books = Issuance::<Test>::get();
		assert_eq!((books.minted, books.burned), (19_000, 500));
		assert_eq!(Balances::free_balance(TreasuryAccount::get()), 7_200);
		assert_eq!(total_issuance(), 9 * ENDOWMENT + POT_ED + 19_000 - 500);
	});
}

/// V2 is a delegate (take 20%) with a nominator staking 2,000 beside its own 1,000, so both
/// validators hold 3,000: dividends ½ each, 2,000 each. V2's 2,000: take 400 to V2's owner,
/// the remaining 1,600 shared pro rata to bonded stake: the nominator ⌊1,600 · ⅔⌋ = 1,066,
/// V2's owner ⌊1,600 · ⅓⌋ = 533 beside the take; the planck of rounding dust stays in V2's
/// unclaimed rewards, still counted in its stake.
#[test]
fn dividends_pay_take_then_nominators() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(V2), V2_HK));
		stake(NOMINATOR, V2_HK, 2_000);
		set_weights(V1_HK, netuid, vec![2, 3], vec![3, 1]);
		set_weights(V2_HK, netuid, vec![2, 3], vec![3, 1]);
		run_epoch(netuid);
		assert_eq!(staked(V1, V1_HK), 3_000 + 2_000);
		assert_eq!(staked(NOMINATOR, V2_HK), 2_000 + 1_066);
		assert_eq!(staked(V2, V2_HK), 1_000 + 400 + 533);
		// V2's owner's part compounded when its take landed; the nominator's waits.
		assert_eq!(pallet_merit_staking::UnclaimedRewards::<Test>::get(V2_HK), 1_066 + 1);
		assert_eq!(pallet_merit_staking::HotkeyStake::<Test>::get(V2_HK), 3_000 + 2_000);
		// The nominator claims: its part becomes bonded stake, nothing else changes.
		assert_ok!(Staking::claim_rewards(RuntimeOrigin::signed(NOMINATOR), V2_HK));
		assert_eq!(pallet_merit_staking::Stake::<Test>::get(V2_HK, NOMINATOR), 2_000 + 1_066);
		assert_eq!(pallet_merit_staking::HotkeyStake::<Test>::get(V2_HK), 3_000 + 2_000);
		assert_eq!(
			EpochResults::<Test>::get(netuid).unwrap().emission.into_inner()[..2],
			[2_000, 2_000]
		);
	});
}

/// Weights on a UID whose neuron was replaced after they were set do not count for the
/// newcomer.
#[test]
fn weights_on_a_replaced_uid_are_masked() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		set_weights(V1_HK, netuid, vec![2, 3], vec![1, 1]);
		set_weights(V2_HK, netuid, vec![2, 3], vec![1, 1]);
		run_epoch(netuid); // block 20: UIDs 0–3 earn, M3 (UID 4) does not
		run_to_block(22);
		set_weights(V1_HK, netuid, vec![2, 4], vec![1, 1]);
		set_weights(V2_HK, netuid, vec![2, 4], vec![1, 1]);
		// Fill the subnet (8 UIDs) and register a ninth: the oldest lowest-emission neuron,
		// M3 at UID 4, is pruned and the newcomer takes UID 4.
		run_to_block(23);
		for (coldkey, hotkey) in [(7, 16), (8, 17), (9, 18)] {
			register(netuid, coldkey, hotkey);
		}
		assert_eq!(register(netuid, 8, 19), 4);
		run_epoch(netuid);
		let results = EpochResults::<Test>::get(netuid).unwrap();
		// The weights on UID 4 are still stored, but were meant for M3.
		assert!(Weights::<Test>::get(netuid, 0).unwrap().iter().any(|(j, _)| *j == 4));
		assert_eq!(results.consensus[4], Perbill::zero());
		assert_eq!(results.incentive[4], Perbill::zero());
		assert_eq!(results.incentive[2], Perbill::one());
	});
}

#[test]
fn departed_validators_and_dissolved_subnets_leave_nothing_behind() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		set_weights(V1_HK, netuid, vec![2], vec![1]);
		run_epoch(netuid);
		assert!(Bonds::<Test>::get(netuid, 0).is_some());
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		assert!(Schedule::<Test>::get(netuid).is_none());
		assert!(EpochResults::<Test>::get(netuid).is_none());
		assert_eq!(Issuance::<Test>::get().pending, 0);
		// Neurons go over the next blocks (two per block in the mock), with their state.
		run_to_block(System::block_number() + 3);
		assert!(Weights::<Test>::get(netuid, 0).is_none());
		assert!(Bonds::<Test>::get(netuid, 0).is_none());
		assert!(LastUpdate::<Test>::get(netuid, 0).is_none());
		check_invariants();
	});
}

/// An inactive validator (no weights within the activity cutoff) does not count toward
/// consensus, and loses nothing else.
#[test]
fn inactive_validators_do_not_count() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			Hyperparameter::ActivityCutoff(5)
		));
		set_weights(V1_HK, netuid, vec![2], vec![1]);
		run_to_block(15);
		set_weights(V2_HK, netuid, vec![3], vec![1]);
		run_epoch(netuid); // block 20: V1 updated at 10 (inactive), V2 at 15
		let results = EpochResults::<Test>::get(netuid).unwrap();
		assert_eq!(results.active.into_inner(), vec![false, true, false, false, false]);
		assert_eq!(results.incentive[3], Perbill::one());
		assert_eq!(results.incentive[2], Perbill::zero());
	});
}

#[test]
fn permits_follow_stake_at_each_epoch() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		stake(M1, M1_HK, 5_000);
		// Permits are for the epoch: M1 has none until the next one runs.
		assert_eq!(ValidatorPermits::<Test>::get(netuid)[2], false);
		run_epoch(netuid);
		// M1 (5,000) and V1 (3,000) hold the two permits; V2 (1,000) lost its.
		assert_eq!(
			ValidatorPermits::<Test>::get(netuid).into_inner(),
			vec![true, false, true, false, false]
		);
	});
}

/// At most one epoch per block in the mock: with two subnets due in every block (tempo 1),
/// one runs and the other is deferred, then runs first in the next block.
#[test]
fn epochs_beyond_the_block_budget_are_deferred() {
	build_and_execute(|| {
		pallet_merit_subnets::DefaultHyperparameters::<Test>::mutate(|hp| {
			hp.as_mut().unwrap().tempo = 1
		});
		let a = subnet();
		let b = subnet();
		run_to_block(2); // both scheduled for block 3
		System::reset_events();
		run_to_block(3);
		let events = consensus_events();
		let ran: Vec<u16> = events
			.iter()
			.filter_map(|e| match e {
				Event::EpochCompleted { netuid, .. } => Some(*netuid),
				_ => None,
			})
			.collect();
		assert_eq!(ran, vec![a]);
		assert!(events.contains(&Event::EpochDeferred { netuid: b }));
		System::reset_events();
		run_to_block(4);
		let first = consensus_events().into_iter().find_map(|e| match e {
			Event::EpochCompleted { netuid, .. } => Some(netuid),
			_ => None,
		});
		assert_eq!(first, Some(b));
		assert_eq!(Schedule::<Test>::get(b).unwrap().last_run, 4);
	});
}

/// The epoch's weight counts each row's UIDs with a weight, a bond or both, once.
#[test]
fn entries_count_the_union_of_weights_and_bonds() {
	use crate::epoch::union_len;
	let len = |a: &[u16], b: &[u16]| union_len(a.iter().copied(), b.iter().copied());
	assert_eq!(len(&[], &[]), 0);
	assert_eq!(len(&[1, 2, 3], &[]), 3);
	assert_eq!(len(&[], &[4, 9]), 2);
	assert_eq!(len(&[1, 2, 3], &[1, 2, 3]), 3);
	assert_eq!(len(&[1, 3, 5], &[2, 3, 4, 9]), 6);
}
