//! Voting power: free and staked MRT vote with conviction (a conviction lock may cover funds
//! held as stake), and votes can be delegated.
//!
//! **Attack.** A staker votes with its stake, then unstakes and spends the funds while the
//! vote still counts; or its stake is slashed after it voted, and the books break. **Defence.**
//! The conviction lock stays on the account when the stake comes back free, so unstaked funds
//! cannot move until the lock expires; a slash takes held funds whatever lock covers them, goes
//! to the treasury, and every invariant (the token books among them) holds.

use super::*;
use frame_support::{assert_noop, traits::fungible::Inspect};
use merit_primitives::SlashReason;
use merit_runtime::{Balances, RuntimeOrigin, Staking, UNIT};
use pallet_merit_origins::Origin;
use sp_runtime::{traits::Dispatchable, DispatchError, TokenError};

/// A subnet-admin referendum that sets `netuid`'s tempo.
fn tempo_referendum(netuid: merit_primitives::NetUid, tempo: u16) -> ReferendumIndex {
	let call = pallet_merit_subnets::Call::set_hyperparameter {
		netuid,
		param: pallet_merit_subnets::Hyperparameter::Tempo(tempo),
	};
	propose(&actor("proposer"), OriginCaller::Origins(Origin::SubnetAdmin), call.into())
}

/// What `who` can transfer away.
fn spendable(who: &AccountId) -> Balance {
	<Balances as Inspect<AccountId>>::reducible_balance(
		who,
		frame_support::traits::tokens::Preservation::Expendable,
		frame_support::traits::tokens::Fortitude::Polite,
	)
}

#[test]
fn unstaked_funds_stay_locked_while_their_vote_does() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		let (staker, hotkey) = (actor("staker"), actor("staker-hotkey"));
		let share = issuance_share(20);
		endow(&staker, share);
		register(netuid, &staker, &hotkey);
		let amount = share - share / 20;
		stake(&staker, &hotkey, amount);
		// The vote is backed by stake: more than the free balance.
		let voted = amount + UNIT;
		assert!(Balances::free_balance(&staker) < voted);
		let index = tempo_referendum(netuid, 12);
		vote(&staker, index, true, voted, Conviction::Locked6x);
		assert!(
			matches!(run_until_decided(index, 50_000), ReferendumInfo::Approved(..)),
			"{preset}"
		);

		// Unstake everything and wait out the unbonding: the stake comes back free ...
		assert_ok!(Staking::remove_stake(signed(&staker), hotkey.clone(), amount));
		run_to(now() + pallet_merit_staking::UnbondingBlocks::<Runtime>::get() + 1);
		assert_ok!(Staking::withdraw_unbonded(signed(&staker), hotkey.clone()));
		assert_eq!(staked(&staker, &hotkey), 0);
		let total = Balances::total_balance(&staker);
		assert!(Balances::free_balance(&staker) >= voted, "{preset}");
		// ... but the conviction lock still holds it: only what exceeds the vote can move.
		assert!(spendable(&staker) <= total - voted, "{preset}");
		assert_noop!(
			Balances::transfer_allow_death(
				signed(&staker),
				sp_runtime::MultiAddress::Id(actor("elsewhere")),
				total - voted + UNIT
			),
			TokenError::Frozen
		);
		if preset == "development" {
			// Six-fold conviction locks for 32 periods after the referendum ended; then the
			// funds unlock.
			run_to(now() + 32 * 10 + 1);
			assert_ok!(ConvictionVoting::remove_vote(signed(&staker), Some(1), index));
			assert_ok!(ConvictionVoting::unlock(
				signed(&staker),
				1,
				sp_runtime::MultiAddress::Id(staker.clone())
			));
			assert!(spendable(&staker) >= total - 2 * UNIT);
		}
	});
}

#[test]
fn slashing_stake_that_backs_a_vote_keeps_the_books() {
	each_preset(|preset| {
		// The copier's stake is under a pending slash; it votes with it all the same.
		let (netuid, _, copier, copier_hotkey) = copy_offence(10);
		let amount = staked(&copier, &copier_hotkey);
		let index = tempo_referendum(netuid, 11);
		vote(&copier, index, true, amount, Conviction::Locked1x);
		let treasury_before =
			Balances::free_balance(merit_runtime::configs::treasury::TreasuryAccount::get());
		let before = staked(&copier, &copier_hotkey);
		for _ in 0..=slash_params().defer_epochs {
			next_epoch(netuid);
		}
		let taken = before - staked(&copier, &copier_hotkey);
		assert_eq!(
			taken,
			slash_params().fraction(SlashReason::CopiedModel).mul_floor(before),
			"{preset}"
		);
		// Into the treasury (with the unearned emission of the epochs meanwhile), not burned;
		// every invariant held after every block (the harness checks them).
		let treasury_after =
			Balances::free_balance(merit_runtime::configs::treasury::TreasuryAccount::get());
		assert!(treasury_after - treasury_before >= taken, "{preset}");
		// The lock now exceeds what the account holds: nothing can move, and the vote is
		// still removable.
		assert_eq!(spendable(&copier), 0);
		let _ = ConvictionVoting::remove_vote(signed(&copier), Some(1), index);
	});
}

#[test]
fn delegated_votes_count_and_cannot_reach_the_slash_canceller_track() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		let (delegate, delegator) = (actor("delegate"), actor("delegator"));
		endow(&delegate, 10 * UNIT);
		let share = issuance_share(30);
		endow(&delegator, share);
		assert_ok!(ConvictionVoting::delegate(
			signed(&delegator),
			1,
			sp_runtime::MultiAddress::Id(delegate.clone()),
			Conviction::Locked1x,
			share
		));
		let index = tempo_referendum(netuid, 12);
		vote(&delegate, index, true, UNIT, Conviction::None);
		let ReferendumInfo::Ongoing(status) = info(index) else { panic!("ongoing") };
		assert_eq!(status.tally.support, UNIT + share, "{preset}");
		assert!(
			matches!(run_until_decided(index, 50_000), ReferendumInfo::Approved(..)),
			"{preset}"
		);

		// No delegation on the slash canceller track: stake at risk could vote through it.
		let delegate_call =
			RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::delegate {
				class: merit_runtime::configs::tracks::SLASH_CANCELLER,
				to: sp_runtime::MultiAddress::Id(delegate.clone()),
				conviction: Conviction::Locked1x,
				balance: UNIT,
			});
		let result = delegate_call.dispatch(RuntimeOrigin::signed(actor("someone")));
		assert_eq!(
			result.map_err(|e| e.error),
			Err(DispatchError::from(frame_system::Error::<Runtime>::CallFiltered))
		);
	});
}
