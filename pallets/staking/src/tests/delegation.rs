use crate::{mock::*, Error, Event, *};
use frame_support::{assert_noop, assert_ok};
use merit_primitives::StakeInfo;
use sp_runtime::Perbill;

#[test]
fn an_owner_opens_its_hotkey_to_nominators() {
	build_and_execute(|| {
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(ALICE), HK1));
		assert_eq!(
			last_event(),
			Event::DelegateAdded { hotkey: HK1, take: Perbill::from_percent(18) }
		);
		assert_eq!(Staking::delegate_take(&HK1), Some(Perbill::from_percent(18)));
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(CHARLIE), HK1, 700));
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(ALICE), HK1, 300));
		assert_eq!(Staking::stake_of(&HK1), 1_000);
		assert_eq!(Staking::stake_of_pair(&CHARLIE, &HK1), 700);
	});
}

#[test]
fn become_delegate_refusals_change_nothing() {
	build_and_execute(|| {
		let become_ = |who, hotkey| Staking::become_delegate(RuntimeOrigin::signed(who), hotkey);
		assert_noop!(become_(ALICE, UNOWNED), Error::<Test>::HotkeyNotRegistered);
		assert_noop!(become_(BOB, HK1), Error::<Test>::NotHotkeyOwner);
		assert_ok!(become_(ALICE, HK1));
		assert_noop!(become_(ALICE, HK1), Error::<Test>::AlreadyDelegate);
	});
}

#[test]
fn take_decreases_at_once_and_rises_rate_limited() {
	build_and_execute(|| {
		let set = |who, hotkey, pct| {
			Staking::set_take(RuntimeOrigin::signed(who), hotkey, Perbill::from_percent(pct))
		};
		assert_noop!(set(ALICE, HK1, 10), Error::<Test>::NotADelegate);
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(ALICE), HK1));
		assert_noop!(set(BOB, HK1, 10), Error::<Test>::NotHotkeyOwner);
		assert_noop!(set(ALICE, UNOWNED, 10), Error::<Test>::HotkeyNotRegistered);
		assert_noop!(set(ALICE, HK1, 19), Error::<Test>::TakeTooHigh);
		assert_ok!(set(ALICE, HK1, 10));
		assert_eq!(last_event(), Event::TakeSet { hotkey: HK1, take: Perbill::from_percent(10) });
		assert_ok!(set(ALICE, HK1, 5));
		assert_noop!(set(ALICE, HK1, 6), Error::<Test>::TakeIncreaseRateLimited);
		run_to_block(1 + u64::from(TAKE_RATE_LIMIT));
		assert_ok!(set(ALICE, HK1, 18));
		assert_eq!(Delegates::<Test>::get(HK1).unwrap().take, Perbill::from_percent(18));
	});
}
