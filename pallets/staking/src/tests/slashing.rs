use crate::{mock::*, Event, *};
use frame_support::assert_ok;
use merit_primitives::{SlashReason, StakeInfo, StakeSlash};
use sp_runtime::Perbill;

#[test]
fn a_slash_takes_pro_rata_from_everything_backing_the_hotkey() {
	build_and_execute(|| {
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(ALICE), HK1));
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(ALICE), HK1, 1_000));
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(CHARLIE), HK1, 500));
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(CHARLIE), HK1, 200));
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(BOB), HK2, 400));
		let issuance = Balances::total_issuance();

		let taken = Staking::slash(&HK1, Perbill::from_percent(10), SlashReason::LowValidatorTrust);
		assert_eq!(taken, 100 + 30 + 20);
		assert_eq!(Balances::total_issuance(), issuance - taken, "slashed funds are burned");
		let slashed: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Staking(e @ Event::Slashed { .. }) => Some(e),
				_ => None,
			})
			.collect();
		assert_eq!(slashed.len(), 2);
		for (coldkey, amount) in [(ALICE, 100), (CHARLIE, 50)] {
			assert!(slashed.contains(&Event::Slashed {
				coldkey,
				hotkey: HK1,
				amount,
				reason: SlashReason::LowValidatorTrust
			}));
		}
		assert_eq!(Staking::stake_of_pair(&ALICE, &HK1), 900);
		assert_eq!(Staking::stake_of_pair(&CHARLIE, &HK1), 270);
		assert_eq!(Unbonding::<Test>::get(HK1, CHARLIE)[0].amount, 180);
		assert_eq!(held(ALICE), 900);
		assert_eq!(held(CHARLIE), 450);
		assert_eq!(Staking::stake_of(&HK1), 1_170);
		assert_eq!(Staking::stake_of(&HK2), 400, "other hotkeys are untouched");
		assert_eq!(held(BOB), 400);
	});
}

#[test]
fn a_full_slash_clears_the_positions() {
	build_and_execute(|| {
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(ALICE), HK1, 1_000));
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(ALICE), HK1, 300));
		assert_eq!(Staking::slash(&HK1, Perbill::one(), SlashReason::CopiedModel), 1_000);
		assert_eq!(held(ALICE), 0);
		assert_eq!(free(ALICE), ENDOWMENT - 1_000);
		assert!(!Positions::<Test>::contains_key(ALICE, HK1));
		assert_eq!(Staking::total_stake(), 0);
		// Nothing to slash: nothing happens.
		assert_eq!(Staking::slash(&HK2, Perbill::one(), SlashReason::CopiedModel), 0);
	});
}
