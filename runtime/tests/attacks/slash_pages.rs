//! **Attack.** The nominators of a copier with more stakers than one block slashes wait for
//! its slash to start, then pull their stake out between its pages (unbond, withdraw), or
//! a newcomer's stake is taken in their place; a hotkey with 1,024 stakers would have its
//! whole slash land in one epoch block. **Defence.** A slash of stake is applied
//! `SlashPageStakers` stakers a block, each staker once and by the same fraction, and from the
//! epoch that starts it until its last page staking refuses every stake move on the hotkey.

use crate::harness::*;
use frame_support::assert_noop;
use merit_runtime::{AccountId, Balance, Runtime, RuntimeEvent, Staking, UNIT};
use pallet_merit_slashing::Event;

/// Staking's `Slashed` events on `hotkey` so far, as `(coldkey, amount)`.
fn slashed_on(hotkey: &AccountId) -> Vec<(AccountId, Balance)> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			RuntimeEvent::Staking(pallet_merit_staking::Event::Slashed {
				coldkey,
				hotkey: h,
				amount,
				..
			}) if h == *hotkey => Some((coldkey, amount)),
			_ => None,
		})
		.collect()
}

#[test]
fn nominators_cannot_leave_a_slash_applied_in_pages() {
	use frame_support::traits::Get;
	each_preset(|preset| {
		let page: u32 = <Runtime as pallet_merit_slashing::Config>::SlashPageStakers::get();
		let netuid = subnet_with_honest_model();
		let (owner, copier) = (actor("attacker"), actor("miner-2-hotkey"));
		register(netuid, &owner, &copier);
		stake(&owner, &copier, 100 * UNIT);
		frame_support::assert_ok!(Staking::become_delegate(signed(&owner), copier.clone()));
		// One full page and a few more: two pages.
		let nominators: Vec<AccountId> = (0..page + 8)
			.map(|i| {
				let who = actor(&format!("nominator-{i}"));
				fund(&who, 100 * UNIT);
				stake(&who, &copier, 10 * UNIT);
				who
			})
			.collect();
		let newcomer = actor("newcomer");
		fund(&newcomer, 100 * UNIT);
		next_epoch(netuid);

		commit_and_reveal_model(netuid, &copier, [7; 32]);
		let started = |copier: &AccountId| {
			slashing_events()
				.iter()
				.any(|e| matches!(e, Event::SlashStarted { offender, .. } if offender == copier))
		};
		let applied = |copier: &AccountId| {
			slashing_events()
				.iter()
				.any(|e| matches!(e, Event::SlashApplied { offender, .. } if offender == copier))
		};
		while !started(&copier) {
			next_block();
		}
		// The epoch block slashed one page, no more.
		assert_eq!(slashed_on(&copier).len() as u32, page, "{preset}");
		let mut pages = 1;
		while !applied(&copier) {
			for who in &nominators {
				assert_noop!(
					Staking::remove_stake(signed(who), copier.clone(), UNIT),
					pallet_merit_staking::Error::<Runtime>::SlashApplying
				);
				assert_noop!(
					Staking::withdraw_unbonded(signed(who), copier.clone()),
					pallet_merit_staking::Error::<Runtime>::SlashApplying
				);
			}
			assert_noop!(
				Staking::add_stake(signed(&newcomer), copier.clone(), 50 * UNIT),
				pallet_merit_staking::Error::<Runtime>::SlashApplying
			);
			let before = slashed_on(&copier).len() as u32;
			next_block();
			assert!(slashed_on(&copier).len() as u32 - before <= page, "{preset}");
			pages += 1;
		}
		assert_eq!(pages, 2, "{preset}: {} stakers in pages of {page}", page + 9);

		// Every staker slashed once, by the same fraction of what it had.
		let fraction = slash_params().copied_model_fraction;
		let slashed = slashed_on(&copier);
		assert_eq!(slashed.len() as u32, page + 9, "{preset}");
		for who in nominators.iter().chain([&owner]) {
			let amounts: Vec<Balance> =
				slashed.iter().filter(|(c, _)| c == who).map(|(_, a)| *a).collect();
			assert_eq!(amounts.len(), 1, "{preset}: slashed once");
			let left = staked(who, &copier);
			assert_eq!(amounts[0], fraction.mul_floor(left + amounts[0]), "{preset}");
		}
		let total: Balance = slashed.iter().map(|(_, a)| a).sum();
		assert!(slashing_events().iter().any(|e| matches!(
			e,
			Event::SlashApplied { offender, stake, stakers, .. }
				if *offender == copier && *stake == total && *stakers == page + 9
		)));
		// The newcomer stayed out of it, and stake moves again.
		assert_eq!(staked(&newcomer, &copier), 0);
		stake(&newcomer, &copier, 50 * UNIT);
		frame_support::assert_ok!(Staking::remove_stake(signed(&nominators[0]), copier, UNIT));
	});
}
