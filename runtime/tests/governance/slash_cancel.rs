//! The slash canceller track: a referendum cancels a deferred slash before it applies (on the
//! testnet's 12-hour deferral as on the dev chain's).
//!
//! **Attack.** A validator caught copying (or its stakers) votes to cancel its own slash with
//! the stake the slash is about to take, directly or through a delegate, or hides the
//! cancellation in a batch no hook can read. **Defence.** The offender's owner and the
//! coldkeys with stake on it cannot vote on its cancellation (`StakeAtRisk`); the track takes no delegations; its
//! referenda propose exactly one inline `cancel_deferred_slash` of a pending slash (anything
//! else with its origin is refused by the call filter).

use super::*;
use frame_support::{assert_noop, traits::StorePreimage};
use merit_runtime::{RuntimeOrigin, UNIT};
use pallet_merit_origins::Origin;
use pallet_merit_slashing::Event;
use sp_runtime::{traits::Dispatchable, DispatchError};

fn cancel(netuid: merit_primitives::NetUid, id: u32) -> RuntimeCall {
	pallet_merit_slashing::Call::cancel_deferred_slash { netuid, id }.into()
}

#[test]
fn a_slash_canceller_referendum_cancels_a_slash_before_it_applies() {
	each_preset(|preset| {
		let (netuid, id, copier, copier_hotkey) = copy_offence(30);
		let before = staked(&copier, &copier_hotkey);
		let voter = actor("voter");
		let share = issuance_share(20);
		endow(&voter, share);
		let index = propose(
			&actor("proposer"),
			OriginCaller::Origins(Origin::SlashCanceller),
			cancel(netuid, id),
		);
		vote(&voter, index, true, share, Conviction::Locked1x);
		assert!(
			matches!(run_until_decided(index, 50_000), ReferendumInfo::Approved(..)),
			"{preset}"
		);
		run_to(now() + super::tracks_info(3).min_enactment_period + 1);
		assert!(
			slashing_events().contains(&Event::SlashCancelled { netuid, id }),
			"{preset}: cancelled before it applied"
		);
		for _ in 0..=slash_params().defer_epochs {
			next_epoch(netuid);
		}
		assert!(staked(&copier, &copier_hotkey) >= before, "{preset}: nothing was slashed");
	});
}

#[test]
fn stake_at_risk_cannot_vote_on_its_own_slash() {
	each_preset(|preset| {
		let (netuid, id, copier, _) = copy_offence(30);
		let index = propose(
			&actor("proposer"),
			OriginCaller::Origins(Origin::SlashCanceller),
			cancel(netuid, id),
		);
		let aye = AccountVote::Standard {
			vote: Vote { aye: true, conviction: Conviction::Locked6x },
			balance: staked(&copier, &actor("copier-hotkey")),
		};
		assert_noop!(
			ConvictionVoting::vote(signed(&copier), index, aye),
			pallet_merit_origins::Error::<Runtime>::StakeAtRisk
		);
		// Others vote as they like, on this track as on any other.
		let voter = actor("voter");
		endow(&voter, 10 * UNIT);
		vote(&voter, index, false, 10 * UNIT, Conviction::None);
		let _ = preset;
	});
}

#[test]
fn neither_the_offenders_owner_nor_its_nominators_may_vote() {
	each_preset(|preset| {
		// The copier's hotkey is a delegate: a nominator's stake backs it, its owner has none.
		let netuid = subnet_with_honest_model();
		let (copier, copier_hotkey, nominator) =
			(actor("copier"), actor("copier-hotkey"), actor("nominator"));
		endow(&copier, 1_000 * UNIT);
		endow(&nominator, 1_000 * UNIT);
		register(netuid, &copier, &copier_hotkey);
		assert_ok!(merit_runtime::Staking::become_delegate(signed(&copier), copier_hotkey.clone()));
		stake(&nominator, &copier_hotkey, 500 * UNIT);
		next_epoch(netuid);
		commit_and_reveal_model(netuid, &copier_hotkey, [7; 32]);
		let id = slashing_events()
			.iter()
			.find_map(|e| match e {
				Event::SlashScheduled { id, offender, .. } if *offender == copier_hotkey => {
					Some(*id)
				},
				_ => None,
			})
			.expect("the copy is an offence");
		assert!(!pallet_merit_staking::Positions::<Runtime>::contains_key(&copier, &copier_hotkey));

		let index = propose(
			&actor("proposer"),
			OriginCaller::Origins(Origin::SlashCanceller),
			cancel(netuid, id),
		);
		let aye = |balance| AccountVote::Standard {
			vote: Vote { aye: true, conviction: Conviction::Locked1x },
			balance,
		};
		for who in [&copier, &nominator] {
			assert_noop!(
				ConvictionVoting::vote(signed(who), index, aye(100 * UNIT)),
				pallet_merit_origins::Error::<Runtime>::StakeAtRisk
			);
		}
		let voter = actor("voter");
		endow(&voter, 100 * UNIT);
		assert_ok!(ConvictionVoting::vote(signed(&voter), index, aye(100 * UNIT)));
		let _ = preset;
	});
}

#[test]
fn the_track_takes_one_inline_cancellation_and_nothing_else() {
	each_preset(|_| {
		let (netuid, id, _, _) = copy_offence(30);
		let proposer = actor("proposer");
		endow(&proposer, 1_000 * UNIT);
		let submit = |proposal: RuntimeCall| {
			let bounded = <Preimage as StorePreimage>::bound(proposal).unwrap();
			RuntimeCall::Referenda(pallet_referenda::Call::submit {
				proposal_origin: Box::new(OriginCaller::Origins(Origin::SlashCanceller)),
				proposal: bounded,
				enactment_moment: frame_support::traits::schedule::DispatchTime::After(0),
			})
			.dispatch(RuntimeOrigin::signed(proposer.clone()))
			.map(|_| ())
			.map_err(|e| e.error)
		};
		let filtered = Err(DispatchError::from(frame_system::Error::<Runtime>::CallFiltered));
		// A batch of cancellations, or any other call, with the slash canceller's origin.
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![cancel(netuid, id), cancel(netuid, id + 1)],
		});
		assert_eq!(submit(batch), filtered);
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1; 8] });
		assert_eq!(submit(remark), filtered);
		// Nor a cancellation of a slash that is not pending.
		assert_eq!(submit(cancel(netuid, id + 1)), filtered);
		// One cancellation of a pending slash is accepted.
		assert_eq!(submit(cancel(netuid, id)), Ok(()));
	});
}
