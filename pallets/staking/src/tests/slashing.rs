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

/// HK1 (a delegate) backed by ALICE (1,000 bonded), CHARLIE (500, all unbonding) and DAVE
/// (300 bonded, 100 unbonding): the most stakers the mock allows, each kind of position.
fn three_kinds_of_staker() {
	assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(ALICE), HK1));
	assert_ok!(Staking::add_stake(RuntimeOrigin::signed(ALICE), HK1, 1_000));
	assert_ok!(Staking::add_stake(RuntimeOrigin::signed(CHARLIE), HK1, 500));
	assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(CHARLIE), HK1, 500));
	assert_ok!(Staking::add_stake(RuntimeOrigin::signed(DAVE), HK1, 400));
	assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(DAVE), HK1, 100));
}

/// Applies a slash of HK1 a page of `limit` stakers at a time, as the slashing pallet does;
/// returns the total taken and how many stakers each page visited.
fn slash_in_pages(fraction: Perbill, limit: u32) -> (Balance, Vec<u32>) {
	let (mut taken, mut pages, mut cursor) = (0, Vec::new(), None);
	loop {
		let page =
			Staking::slash_page(&HK1, fraction, SlashReason::CopiedModel, cursor.as_ref(), limit);
		taken += page.taken;
		pages.push(page.visited);
		match page.next {
			Some(last) => cursor = Some(last),
			None => return (taken, pages),
		}
		assert!(pages.len() <= 3, "a page visits at least one staker");
	}
}

/// Every staker is slashed exactly once whatever the page size, bonded, unbonding or both,
/// and the pages add up to the whole slash.
#[test]
fn a_slash_in_pages_visits_every_staker_once() {
	for (limit, pages) in [(1, vec![1, 1, 1]), (2, vec![2, 1]), (3, vec![3]), (0, vec![1, 1, 1])] {
		build_and_execute(|| {
			three_kinds_of_staker();
			let (taken, visited) = slash_in_pages(Perbill::from_percent(10), limit);
			assert_eq!(visited, pages, "page size {limit}");
			assert_eq!(taken, 100 + 50 + 40);
			let slashed: Vec<(AccountId, Balance)> = System::events()
				.into_iter()
				.filter_map(|r| match r.event {
					RuntimeEvent::Staking(Event::Slashed { coldkey, amount, .. }) => {
						Some((coldkey, amount))
					},
					_ => None,
				})
				.collect();
			assert_eq!(slashed.len(), 3, "one slash per staker");
			for expected in [(ALICE, 100), (CHARLIE, 50), (DAVE, 40)] {
				assert!(slashed.contains(&expected), "{expected:?} in {slashed:?}");
			}
			assert_eq!(Staking::stake_of_pair(&DAVE, &HK1), 270);
			assert_eq!(Unbonding::<Test>::get(HK1, DAVE)[0].amount, 90);
			assert_eq!(Unbonding::<Test>::get(HK1, CHARLIE)[0].amount, 450);
		});
	}
}

/// A page that takes everything from its stakers removes their entries; the next page still
/// starts after them and meets each remaining staker once.
#[test]
fn a_full_slash_in_pages_takes_everything_once() {
	build_and_execute(|| {
		three_kinds_of_staker();
		let (taken, visited) = slash_in_pages(Perbill::one(), 1);
		assert_eq!(visited, vec![1, 1, 1]);
		assert_eq!(taken, 1_900);
		assert_eq!(Staking::total_stake(), 0);
		assert_eq!(StakerCount::<Test>::get(HK1), 0);
		for who in [ALICE, CHARLIE, DAVE] {
			assert_eq!(held(who), 0);
		}
	});
}

/// While the slashing pallet applies a slash of HK1, a page a block, stake on HK1 can neither
/// arrive, unbond nor leave; claiming (which only compounds) and other hotkeys are unaffected.
#[test]
fn stake_on_a_hotkey_being_slashed_cannot_move() {
	build_and_execute(|| {
		three_kinds_of_staker();
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(BOB), HK2, 400));
		run_to_block(u64::from(1 + UNBONDING));
		Slashing::set(HK1, true);
		frame_support::assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(ALICE), HK1, 100),
			Error::<Test>::SlashApplying
		);
		frame_support::assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(EVE), HK1, 1_000),
			Error::<Test>::SlashApplying
		);
		frame_support::assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(ALICE), HK1, 100),
			Error::<Test>::SlashApplying
		);
		frame_support::assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(CHARLIE), HK1),
			Error::<Test>::SlashApplying
		);
		frame_support::assert_noop!(
			Staking::claim_rewards(RuntimeOrigin::signed(ALICE), HK1),
			Error::<Test>::NothingToClaim
		);
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(BOB), HK2, 100));
		Slashing::set(HK1, false);
		assert_ok!(Staking::withdraw_unbonded(RuntimeOrigin::signed(CHARLIE), HK1));
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(ALICE), HK1, 100));
	});
}
