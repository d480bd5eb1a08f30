//! A referendum's life on each preset: a subnet-admin referendum changes a subnet's tempo with
//! a vote of staked funds and the next epoch runs at the new tempo; a referendum that fails
//! changes nothing, and its deposits follow the pallet's rules (the decision deposit comes
//! back, the submission deposit of a rejected referendum does not).

use super::*;
use frame_support::{
	assert_noop,
	traits::fungible::{Inspect, InspectHold},
};
use merit_runtime::{Balances, RuntimeHoldReason, UNIT};
use pallet_merit_origins::Origin;
use pallet_merit_subnets::Hyperparameter;

fn set_tempo(netuid: merit_primitives::NetUid, tempo: u16) -> RuntimeCall {
	pallet_merit_subnets::Call::set_hyperparameter { netuid, param: Hyperparameter::Tempo(tempo) }
		.into()
}

#[test]
fn a_subnet_admin_referendum_changes_a_tempo_with_staked_votes() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		// A fifth longer: still short enough for unbonding to outlast the slash deferral.
		let old = hyperparams(netuid).tempo;
		let new = old + old / 5;
		// A holder votes with free funds; a staker with more than it holds free.
		let (holder, staker, staker_hotkey) = (actor("holder"), actor("staker"), actor("miner"));
		let share = issuance_share(15);
		endow(&holder, share);
		endow(&staker, share);
		register(netuid, &staker, &staker_hotkey);
		let staked_amount = issuance_share(14);
		stake(&staker, &staker_hotkey, staked_amount);
		let free = Balances::free_balance(&staker);
		assert!(free < staked_amount, "{preset}: the staker's vote must need its stake");

		let index = propose(
			&actor("proposer"),
			OriginCaller::Origins(Origin::SubnetAdmin),
			set_tempo(netuid, new),
		);
		vote(&holder, index, true, share, Conviction::Locked1x);
		vote(&staker, index, true, staked_amount + free / 2, Conviction::Locked2x);
		assert!(
			matches!(run_until_decided(index, 50_000), ReferendumInfo::Approved(..)),
			"{preset}"
		);
		// Enacted after the track's minimum enactment period.
		let track = super::tracks_info(1);
		run_to(now() + track.min_enactment_period + 1);
		assert_eq!(hyperparams(netuid).tempo, new, "{preset}");
		// Epochs run at the new tempo (the first one after the change lands on the new
		// schedule, `(block + netuid) % tempo == 0`).
		next_epoch(netuid);
		let first = next_epoch(netuid);
		let at = now();
		next_epoch(netuid);
		assert_eq!(now() - at, u32::from(new), "{preset}: epoch {first} and the next");
	});
}

#[test]
fn a_failing_referendum_changes_nothing_and_keeps_its_submission_deposit() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		let old = hyperparams(netuid).tempo;
		let (proposer, ayes, nays) = (actor("proposer"), actor("ayes"), actor("nays"));
		let share = issuance_share(5);
		endow(&ayes, share);
		endow(&nays, 2 * share);
		let held = |who: &AccountId| {
			Balances::balance_on_hold(
				&RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage),
				who,
			) + Balances::reserved_balance(who)
		};
		endow(&proposer, 20_000 * UNIT);
		let before = held(&proposer);
		let index = propose(
			&proposer,
			OriginCaller::Origins(Origin::SubnetAdmin),
			set_tempo(netuid, old + 1),
		);
		let track = super::tracks_info(1);
		assert_eq!(held(&proposer) - before, 10 * UNIT + track.decision_deposit);
		vote(&ayes, index, true, share, Conviction::Locked6x);
		vote(&nays, index, false, 2 * share, Conviction::Locked6x);
		assert!(
			matches!(run_until_decided(index, 50_000), ReferendumInfo::Rejected(..)),
			"{preset}"
		);
		run_to(now() + track.min_enactment_period + 1);
		assert_eq!(hyperparams(netuid).tempo, old, "{preset}");

		// The decision deposit comes back; a rejected referendum's submission deposit stays.
		assert_ok!(Referenda::refund_decision_deposit(signed(&actor("anyone")), index));
		assert_noop!(
			Referenda::refund_submission_deposit(signed(&proposer), index),
			pallet_referenda::Error::<Runtime>::BadStatus
		);
		assert_eq!(held(&proposer) - before, 10 * UNIT, "{preset}");
	});
}

#[test]
fn votes_without_funds_or_twice_beyond_the_rules_are_refused() {
	each_preset(|_| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		let index = propose(
			&actor("proposer"),
			OriginCaller::Origins(Origin::SubnetAdmin),
			set_tempo(netuid, 7),
		);
		let voter = actor("voter");
		endow(&voter, 100 * UNIT);
		let all = Balances::total_balance(&voter);
		let standard = |balance| AccountVote::Standard {
			vote: Vote { aye: true, conviction: Conviction::Locked1x },
			balance,
		};
		// More than the account has.
		assert_noop!(
			ConvictionVoting::vote(signed(&voter), index, standard(all + 1)),
			pallet_conviction_voting::Error::<Runtime>::InsufficientFunds
		);
		// An account with nothing.
		assert_noop!(
			ConvictionVoting::vote(signed(&actor("pauper")), index, standard(UNIT)),
			pallet_conviction_voting::Error::<Runtime>::InsufficientFunds
		);
		// A referendum that does not exist.
		assert_noop!(
			ConvictionVoting::vote(signed(&voter), index + 1, standard(UNIT)),
			pallet_conviction_voting::Error::<Runtime>::NotOngoing
		);
		// Voting again replaces the vote: it is not counted twice.
		vote(&voter, index, true, UNIT, Conviction::None);
		vote(&voter, index, true, 2 * UNIT, Conviction::None);
		let ReferendumInfo::Ongoing(status) = info(index) else { panic!("ongoing") };
		assert_eq!(status.tally.support, 2 * UNIT);
		// A delegating account cannot vote directly on that track.
		let delegator = actor("delegator");
		endow(&delegator, 100 * UNIT);
		assert_ok!(ConvictionVoting::delegate(
			signed(&delegator),
			1,
			sp_runtime::MultiAddress::Id(voter.clone()),
			Conviction::Locked1x,
			UNIT
		));
		assert_noop!(
			ConvictionVoting::vote(signed(&delegator), index, standard(UNIT)),
			pallet_conviction_voting::Error::<Runtime>::AlreadyDelegating
		);
	});
}
