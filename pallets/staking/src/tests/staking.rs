use crate::{mock::*, Error, Event, *};
use frame_support::{assert_noop, assert_ok};
use merit_primitives::StakeInfo;
use sp_runtime::DispatchError;

fn stake(coldkey: AccountId, hotkey: AccountId, amount: Balance) {
	assert_ok!(Staking::add_stake(RuntimeOrigin::signed(coldkey), hotkey, amount));
}

fn unstake(coldkey: AccountId, hotkey: AccountId, amount: Balance) {
	assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(coldkey), hotkey, amount));
}

#[test]
fn an_owner_stakes_on_its_hotkey_as_a_hold() {
	build_and_execute(|| {
		let issuance = Balances::total_issuance();
		stake(ALICE, HK1, 1_000);
		assert_eq!(last_event(), Event::StakeAdded { coldkey: ALICE, hotkey: HK1, amount: 1_000 });
		assert_eq!(free(ALICE), ENDOWMENT - 1_000);
		assert_eq!(held(ALICE), 1_000);
		assert_eq!(Balances::total_issuance(), issuance);
		stake(ALICE, HK1, 500);
		assert_eq!(Staking::stake_of(&HK1), 1_500);
		assert_eq!(Staking::stake_of_pair(&ALICE, &HK1), 1_500);
		assert_eq!(ColdkeyStake::<Test>::get(ALICE), 1_500);
		assert_eq!(Staking::total_stake(), 1_500);
		assert_eq!(Staking::stakers_of(&HK1), vec![(ALICE, 1_500)]);
		assert_eq!(StakerCount::<Test>::get(HK1), 1);
	});
}

#[test]
fn add_stake_refusals_change_nothing() {
	build_and_execute(|| {
		let add =
			|who, hotkey, amount| Staking::add_stake(RuntimeOrigin::signed(who), hotkey, amount);
		assert_noop!(add(ALICE, HK1, 0), Error::<Test>::ZeroAmount);
		assert_noop!(add(ALICE, UNOWNED, 500), Error::<Test>::HotkeyNotRegistered);
		assert_noop!(add(CHARLIE, HK1, 500), Error::<Test>::NotADelegate);
		assert_noop!(add(ALICE, HK1, MIN_STAKE - 1), Error::<Test>::StakeBelowMinimum);
		assert_noop!(add(ALICE, HK1, ENDOWMENT), Error::<Test>::InsufficientBalance);
		assert_noop!(Staking::add_stake(RuntimeOrigin::none(), HK1, 500), DispatchError::BadOrigin);
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(ALICE), HK1));
		assert_noop!(add(POOR, HK1, 150), Error::<Test>::InsufficientBalance);
		assert_ok!(add(POOR, HK1, 100));
		// Once above the minimum, small top-ups are fine.
		assert_ok!(add(POOR, HK1, 1));
		assert_ok!(add(ALICE, HK1, 100));
		assert_ok!(add(CHARLIE, HK1, 100));
		assert_noop!(add(DAVE, HK1, 100), Error::<Test>::TooManyStakers);
		assert_ok!(add(CHARLIE, HK1, 100));
	});
}

#[test]
fn removed_stake_unbonds_then_withdraws() {
	build_and_execute(|| {
		stake(ALICE, HK1, 1_000);
		unstake(ALICE, HK1, 400);
		let unlock_at = 1 + UNBONDING;
		assert_eq!(
			last_event(),
			Event::StakeRemoved { coldkey: ALICE, hotkey: HK1, amount: 400, unlock_at }
		);
		assert_eq!(Staking::stake_of(&HK1), 600);
		assert_eq!(held(ALICE), 1_000, "unbonding funds stay held");
		assert_eq!(
			Unbonding::<Test>::get(HK1, ALICE).into_inner(),
			vec![UnbondingChunk { amount: 400, unlock_at }]
		);
		// A second removal in the same block joins the same chunk.
		unstake(ALICE, HK1, 100);
		assert_eq!(Unbonding::<Test>::get(HK1, ALICE)[0].amount, 500);
		run_to_block(3);
		unstake(ALICE, HK1, 100);
		run_to_block(u64::from(unlock_at) - 1);
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(ALICE), HK1),
			Error::<Test>::NothingToWithdraw
		);
		run_to_block(u64::from(unlock_at));
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(ALICE), HK1));
		assert_eq!(last_event(), Event::Withdrawn { coldkey: ALICE, hotkey: HK1, amount: 500 });
		assert_eq!(free(ALICE), ENDOWMENT - 500);
		assert_eq!(held(ALICE), 500);
		assert_eq!(Unbonding::<Test>::get(HK1, ALICE).len(), 1, "the later chunk waits");
		run_to_block(3 + u64::from(UNBONDING));
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(ALICE), HK1));
		assert!(!Unbonding::<Test>::contains_key(HK1, ALICE));
		assert_eq!(held(ALICE), 400);
	});
}

#[test]
fn removing_all_but_dust_removes_all() {
	build_and_execute(|| {
		stake(ALICE, HK1, 250);
		unstake(ALICE, HK1, 200);
		assert_eq!(
			last_event(),
			Event::StakeRemoved {
				coldkey: ALICE,
				hotkey: HK1,
				amount: 250,
				unlock_at: 1 + UNBONDING
			}
		);
		assert!(!Stake::<Test>::contains_key(HK1, ALICE));
		assert_eq!(Staking::total_stake(), 0);
		run_to_block(1 + u64::from(UNBONDING));
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(ALICE), HK1));
		assert_eq!(free(ALICE), ENDOWMENT);
		assert!(!Positions::<Test>::contains_key(ALICE, HK1));
		assert_eq!(StakerCount::<Test>::get(HK1), 0);
	});
}

#[test]
fn remove_and_withdraw_refusals_change_nothing() {
	build_and_execute(|| {
		let remove =
			|who, hotkey, amount| Staking::remove_stake(RuntimeOrigin::signed(who), hotkey, amount);
		stake(ALICE, HK1, 1_000);
		assert_noop!(remove(ALICE, HK1, 0), Error::<Test>::ZeroAmount);
		assert_noop!(remove(ALICE, HK1, 1_001), Error::<Test>::NotEnoughStake);
		assert_noop!(remove(BOB, HK1, 1), Error::<Test>::NotEnoughStake);
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(ALICE), HK1),
			Error::<Test>::NothingToWithdraw
		);
		assert_ok!(remove(ALICE, HK1, 100));
		run_to_block(2);
		assert_ok!(remove(ALICE, HK1, 100));
		run_to_block(3);
		assert_noop!(remove(ALICE, HK1, 100), Error::<Test>::TooManyUnbondingChunks);
	});
}

#[test]
fn views_show_positions_and_backing() {
	build_and_execute(|| {
		stake(ALICE, HK1, 1_000);
		stake(BOB, HK2, 300);
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(BOB), HK2));
		stake(ALICE, HK2, 200);
		unstake(ALICE, HK1, 400);
		let view = Staking::coldkey_view(ALICE);
		assert_eq!(view.total_stake, 800);
		let mut positions = view.positions;
		positions.sort_by_key(|p| p.hotkey);
		assert_eq!(positions.len(), 2);
		assert_eq!((positions[0].hotkey, positions[0].stake), (HK1, 600));
		assert_eq!(positions[0].unbonding, vec![UnbondingChunk { amount: 400, unlock_at: 11 }]);
		assert_eq!((positions[1].hotkey, positions[1].stake), (HK2, 200));
		let hk2 = Staking::hotkey_view(HK2);
		assert_eq!((hk2.owner, hk2.total_stake), (Some(BOB), 500));
		assert_eq!(hk2.delegate.map(|d| d.take), Some(DefaultTake::get()));
		let delegates = Staking::delegate_views();
		assert_eq!(delegates.len(), 1);
		assert_eq!(
			(delegates[0].hotkey, delegates[0].total_stake, delegates[0].stakers),
			(HK2, 500, 2)
		);
	});
}

#[test]
fn the_admin_sets_the_unbonding_period() {
	build_and_execute(|| {
		assert_noop!(
			Staking::set_unbonding_blocks(RuntimeOrigin::signed(ALICE), 5),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Staking::set_unbonding_blocks(RuntimeOrigin::root(), 0),
			Error::<Test>::InvalidUnbondingBlocks
		);
		assert_ok!(Staking::set_unbonding_blocks(RuntimeOrigin::root(), 3));
		assert_eq!(last_event(), Event::UnbondingBlocksSet { blocks: 3 });
		stake(ALICE, HK1, 1_000);
		unstake(ALICE, HK1, 500);
		assert_eq!(Unbonding::<Test>::get(HK1, ALICE)[0].unlock_at, 4);
	});
}
