use crate::{mock::*, Error, Event, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Balanced, Inspect, Mutate},
};
use merit_primitives::{SlashReason, StakeInfo, StakeReward, StakeSlash};
use sp_runtime::Perbill;

/// ALICE's HK1 as a delegate with ALICE 1,000 and CHARLIE 3,000 bonded on it.
fn delegate_with_nominator() {
	assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(ALICE), HK1));
	assert_ok!(Staking::add_stake(RuntimeOrigin::signed(ALICE), HK1, 1_000));
	assert_ok!(Staking::add_stake(RuntimeOrigin::signed(CHARLIE), HK1, 3_000));
}

/// Issues `amount` and shares it on `hotkey`.
fn share(hotkey: AccountId, amount: Balance) {
	assert!(Staking::share_reward(&hotkey, Balances::issue(amount)).is_ok());
}

fn pot() -> Balance {
	Balances::balance(&Staking::reward_pot())
}

#[test]
fn a_shared_reward_counts_at_once_and_splits_by_bonded_stake() {
	build_and_execute(|| {
		delegate_with_nominator();
		let (issuance, pot_before) = (Balances::total_issuance(), pot());

		share(HK1, 400);

		assert_eq!(last_event(), Event::RewardShared { hotkey: HK1, amount: 400 });
		assert_eq!(Balances::total_issuance(), issuance + 400);
		assert_eq!(pot(), pot_before + 400, "the funds wait in the pot");
		assert_eq!(Staking::stake_of(&HK1), 4_400, "the hotkey's stake includes them at once");
		assert_eq!(Staking::total_stake(), 4_400);
		assert_eq!(Staking::pending_rewards(&ALICE, &HK1), 100);
		assert_eq!(Staking::pending_rewards(&CHARLIE, &HK1), 300);
		assert_eq!(Staking::stake_of_pair(&CHARLIE, &HK1), 3_300);
		let mut stakers = Staking::stakers_of(&HK1);
		stakers.sort();
		assert_eq!(stakers, vec![(ALICE, 1_100), (CHARLIE, 3_300)]);
		// Nothing moved per staker: bonded stake and holds are unchanged until compounding.
		assert_eq!(Stake::<Test>::get(HK1, CHARLIE), 3_000);
		assert_eq!(held(CHARLIE), 3_000);
		let view = Staking::coldkey_view(CHARLIE);
		assert_eq!(view.total_stake, 3_300);
		assert_eq!((view.positions[0].stake, view.positions[0].rewards), (3_000, 300));
		assert_eq!(Staking::hotkey_view(HK1).total_stake, 4_400);
	});
}

#[test]
fn claiming_compounds_the_pairs_part_into_bonded_stake() {
	build_and_execute(|| {
		delegate_with_nominator();
		share(HK1, 400);
		let pot_before = pot();

		assert_ok!(Staking::claim_rewards(RuntimeOrigin::signed(CHARLIE), HK1));

		assert_eq!(
			last_event(),
			Event::RewardsCompounded { coldkey: CHARLIE, hotkey: HK1, amount: 300 }
		);
		assert_eq!(Stake::<Test>::get(HK1, CHARLIE), 3_300);
		assert_eq!(held(CHARLIE), 3_300);
		assert_eq!(ColdkeyStake::<Test>::get(CHARLIE), 3_300);
		assert_eq!(UnclaimedRewards::<Test>::get(HK1), 100, "ALICE's part is still waiting");
		assert_eq!(pot(), pot_before - 300);
		assert_eq!(Staking::stake_of(&HK1), 4_400, "compounding does not change the total");
		assert_noop!(
			Staking::claim_rewards(RuntimeOrigin::signed(CHARLIE), HK1),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(
			Staking::claim_rewards(RuntimeOrigin::signed(DAVE), HK1),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn a_later_staker_earns_only_from_rewards_shared_after_it_joined() {
	build_and_execute(|| {
		delegate_with_nominator();
		share(HK1, 400);
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(DAVE), HK1, 4_000));
		assert_eq!(Staking::pending_rewards(&DAVE, &HK1), 0);

		share(HK1, 800);

		// 8,000 bonded: ALICE 1,000, CHARLIE 3,000, DAVE 4,000.
		assert_eq!(Staking::pending_rewards(&DAVE, &HK1), 400);
		assert_eq!(Staking::pending_rewards(&ALICE, &HK1), 100 + 100);
		assert_eq!(Staking::pending_rewards(&CHARLIE, &HK1), 300 + 300);
	});
}

#[test]
fn changing_a_stake_compounds_its_rewards_first() {
	build_and_execute(|| {
		delegate_with_nominator();
		share(HK1, 400);

		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(CHARLIE), HK1, 100));
		assert_eq!(Stake::<Test>::get(HK1, CHARLIE), 3_400);
		assert_ok!(Staking::stake_reward(&ALICE, &HK1, 0));
		assert_eq!(Stake::<Test>::get(HK1, ALICE), 1_000, "a zero reward touches nothing");
		assert_ok!(Staking::stake_reward(&ALICE, &HK1, 50));
		assert_eq!(Stake::<Test>::get(HK1, ALICE), 1_150, "the take lands after compounding");

		// Removing everything takes the rewards along into unbonding.
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(CHARLIE), HK1, 3_400));
		assert_eq!(Unbonding::<Test>::get(HK1, CHARLIE)[0].amount, 3_400);
		assert!(!RewardCheckpoint::<Test>::contains_key(HK1, CHARLIE));
		assert!(!UnclaimedRewards::<Test>::contains_key(HK1));
		assert_eq!(Staking::stake_of(&HK1), 1_150);
	});
}

#[test]
fn a_slash_takes_its_fraction_of_rewards_too() {
	build_and_execute(|| {
		delegate_with_nominator();
		share(HK1, 400);

		let taken = Staking::slash(&HK1, Perbill::from_percent(10), SlashReason::CopiedModel);

		assert_eq!(taken, 110 + 330);
		assert_eq!(Stake::<Test>::get(HK1, ALICE), 990);
		assert_eq!(Stake::<Test>::get(HK1, CHARLIE), 2_970);
		assert_eq!(Staking::stake_of(&HK1), 3_960);
	});
}

#[test]
fn a_reward_nobody_can_share_comes_back_unchanged() {
	build_and_execute(|| {
		let issuance = Balances::total_issuance();
		let refused = Staking::share_reward(&HK1, Balances::issue(400));
		let credit = refused.err().expect("no bonded stake on HK1");
		assert_eq!(frame_support::traits::Imbalance::peek(&credit), 400);
		drop(credit);
		assert_eq!(Balances::total_issuance(), issuance, "dropping it undoes the issue");
		assert_eq!(Staking::stake_of(&HK1), 0);
		assert!(!RewardPerStake::<Test>::contains_key(HK1));

		// A zero reward is refused too.
		delegate_with_nominator();
		assert!(Staking::share_reward(&HK1, Balances::issue(0)).is_err());
	});
}

#[test]
fn rounding_leaves_dust_in_the_pot_never_a_deficit() {
	build_and_execute(|| {
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(ALICE), HK1));
		for who in [ALICE, CHARLIE, DAVE] {
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(who), HK1, 1_000));
		}
		share(HK1, 100);
		for who in [ALICE, CHARLIE, DAVE] {
			assert_eq!(Staking::pending_rewards(&who, &HK1), 33);
			assert_ok!(Staking::claim_rewards(RuntimeOrigin::signed(who), HK1));
		}
		assert_eq!(UnclaimedRewards::<Test>::get(HK1), 1, "one planck of dust");
		assert_eq!(Staking::stake_of(&HK1), 3_100);
		// Everyone leaves; the last one, then the only bonded stake, takes the dust along.
		for who in [ALICE, CHARLIE] {
			assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(who), HK1, 1_033));
		}
		assert_eq!(Staking::pending_rewards(&DAVE, &HK1), 1);
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(DAVE), HK1, 1_033));
		assert_eq!(Unbonding::<Test>::get(HK1, DAVE)[0].amount, 1_034);
		assert_eq!(Staking::stake_of(&HK1), 0);
		assert!(Staking::share_reward(&HK1, Balances::issue(10)).is_err());
	});
}

#[test]
fn a_pot_that_cannot_pay_refuses_stake_changes_and_changes_nothing() {
	// The pot is drained by hand, so its invariant is broken on purpose: no `do_try_state`.
	new_test_ext().execute_with(|| {
		delegate_with_nominator();
		share(HK1, 400);
		let _ = <Balances as Mutate<_>>::set_balance(
			&Staking::reward_pot(),
			Balances::minimum_balance(),
		);
		let checkpoint = RewardCheckpoint::<Test>::get(HK1, CHARLIE);

		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(CHARLIE), HK1, 1_000),
			Error::<Test>::RewardPotShort
		);
		assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(CHARLIE), HK1, 1_000),
			Error::<Test>::RewardPotShort
		);
		assert_noop!(
			Staking::claim_rewards(RuntimeOrigin::signed(CHARLIE), HK1),
			Error::<Test>::RewardPotShort
		);
		assert_eq!(RewardCheckpoint::<Test>::get(HK1, CHARLIE), checkpoint);
		assert_eq!(Staking::pending_rewards(&CHARLIE, &HK1), 300, "still owed");
	});
}
