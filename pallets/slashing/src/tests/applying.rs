//! Slashes of stake applied a page of stakers a block: the pages, the stake pallet_merit_staking::Error::<Test>::SlashApplying meanwhile,
//! and the bound on slashes applied at once.

use crate::{mock::*, Applying, ApplyingHotkeys, DeferredSlashes, Error, Event, PendingCount};
use frame_support::{assert_noop, assert_ok};
use merit_primitives::{SlashReason, StakeInfo};
use sp_runtime::Perbill;

/// V2's hotkey as a delegate backed by four coldkeys (the mock's most): two pages of two.
fn four_stakers_on_v2() -> [AccountId; 4] {
	assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(V2), V2_HK));
	for nominator in [NOMINATOR, M1, M2] {
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(nominator), V2_HK, 1_000));
	}
	[V2, NOMINATOR, M1, M2]
}

/// What staking's `Slashed` events took from each coldkey on `hotkey`.
fn slashed_from(hotkey: AccountId) -> Vec<(AccountId, Balance)> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Staking(pallet_merit_staking::Event::Slashed {
				coldkey,
				hotkey: h,
				amount,
				..
			}) if h == hotkey => Some((coldkey, amount)),
			_ => None,
		})
		.collect()
}

#[test]
fn a_slash_of_many_stakers_is_applied_a_page_a_block_with_their_stake_frozen() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		let stakers = four_stakers_on_v2();
		Slashing::offence(netuid, V2_HK, SlashReason::LowValidatorTrust);
		next_epoch(); // the slash is due: started, and its first page slashed
		assert!(slashing_events().contains(&Event::SlashStarted {
			netuid,
			id: 0,
			offender: V2_HK
		}));
		assert!(!slashing_events().iter().any(|e| matches!(e, Event::SlashApplied { .. })));
		assert_eq!(slashed_from(V2_HK).len(), 2, "one page of two stakers");
		let applying = Applying::<Test>::get();
		assert_eq!(applying.len(), 1);
		assert_eq!(applying[0].stakers, 2);
		assert!(applying[0].cursor.is_some());
		assert_eq!(ApplyingHotkeys::<Test>::get(V2_HK), Some(1));
		assert_eq!(PendingCount::<Test>::get(netuid), 0, "no longer pending");

		// Between pages nobody's stake on V2 moves, and the slash cannot be cancelled.
		assert_noop!(
			Staking::add_stake(RuntimeOrigin::signed(M3), V2_HK, 1_000),
			pallet_merit_staking::Error::<Test>::SlashApplying
		);
		assert_noop!(
			Staking::remove_stake(RuntimeOrigin::signed(M2), V2_HK, 1_000),
			pallet_merit_staking::Error::<Test>::SlashApplying
		);
		assert_noop!(
			Staking::withdraw_unbonded(RuntimeOrigin::signed(M2), V2_HK),
			pallet_merit_staking::Error::<Test>::SlashApplying
		);
		assert_noop!(
			Slashing::cancel_deferred_slash(RuntimeOrigin::root(), netuid, 0),
			Error::<Test>::UnknownSlash
		);
		// Other hotkeys are unaffected.
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(V1), V1_HK, 100));

		run_to_block(System::block_number() + 1); // the second page ends it
		let slashed = slashed_from(V2_HK);
		assert_eq!(slashed.len(), 4, "each staker once");
		let total: Balance = slashed.iter().map(|(_, amount)| amount).sum();
		assert!(slashing_events().contains(&Event::SlashApplied {
			netuid,
			id: 0,
			offender: V2_HK,
			stake: total,
			stakers: 4,
			bond: 0
		}));
		for coldkey in stakers {
			let (_, taken) = slashed.iter().find(|(c, _)| *c == coldkey).copied().unwrap();
			let left = Staking::stake_of_pair(&coldkey, &V2_HK);
			assert_eq!(taken, Perbill::from_percent(10).mul_floor(left + taken), "{coldkey}");
		}
		assert!(Applying::<Test>::get().is_empty());
		assert_eq!(ApplyingHotkeys::<Test>::get(V2_HK), None);
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(M3), V2_HK, 1_000));
	});
}

/// With the most slashes allowed being applied, a due slash waits, still pending (and still
/// cancellable), for its subnet's next epoch; it is never lost.
#[test]
fn a_due_slash_waits_while_the_most_slashes_are_applied() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		Slashing::offence(netuid, V2_HK, SlashReason::LowValidatorTrust);
		// Two slashes of V1's stake start just before the epoch block: the queue is full
		// when the epoch comes.
		run_to_block(System::block_number() + 9);
		for reason in [SlashReason::CopiedModel, SlashReason::DisputedWeights] {
			let id = Slashing::offence(netuid, V1_HK, reason).unwrap();
			assert!(Slashing::start_applying(netuid, id));
		}
		assert_eq!(ApplyingHotkeys::<Test>::get(V1_HK), Some(2));
		assert!(!Slashing::start_applying(netuid, 0), "full: nothing changes");
		assert!(DeferredSlashes::<Test>::get(netuid, 0).is_some());
		assert!(!Slashing::start_applying(netuid, 7), "no such slash");
		next_epoch();
		assert!(slashing_events().contains(&Event::SlashWaiting { netuid, id: 0 }));
		assert!(DeferredSlashes::<Test>::get(netuid, 0).is_some(), "still pending");
		assert_eq!(PendingCount::<Test>::get(netuid), 1);
		// The queue drains (one staker each: a block each) ...
		run_to_block(System::block_number() + 1);
		assert!(Applying::<Test>::get().is_empty());
		assert_eq!(ApplyingHotkeys::<Test>::get(V1_HK), None);
		// ... and the next epoch starts the waiting slash.
		next_epoch();
		assert!(slashing_events().contains(&Event::SlashStarted {
			netuid,
			id: 0,
			offender: V2_HK
		}));
		assert!(slashing_events()
			.iter()
			.any(|e| matches!(e, Event::SlashApplied { id: 0, stakers: 1, .. })));
		assert_eq!(PendingCount::<Test>::get(netuid), 0);
	});
}
