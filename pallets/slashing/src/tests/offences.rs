//! The three offences: persistently low validator trust, copied models, models unavailable
//! for consecutive epochs.

use crate::{mock::*, Error, Event, LowTrustStreak, ModelFault, ModelReports, UnavailableStreak};
use frame_support::{assert_noop, assert_ok};
use merit_primitives::SlashReason;
use sp_runtime::Perbill;

fn report(reporter: AccountId, netuid: u16, uid: u16) -> sp_runtime::DispatchResult {
	Slashing::report_model(RuntimeOrigin::signed(reporter), netuid, uid, ModelFault::Unavailable)
}

/// V2 (with a nominator, 2,000 of 5,000 staked) weights only M3, which nobody else
/// supports: its trust is 0 at epochs 2 and 3, an offence at the second; the 10% slash
/// applies at epoch 4 to V2's and its nominator's stake only.
#[test]
fn persistently_low_trust_is_slashed_on_the_stake_behind_the_validator() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_ok!(Staking::become_delegate(RuntimeOrigin::signed(V2), V2_HK));
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(NOMINATOR), V2_HK, 1_000));
		set_weights(V1_HK, vec![2], vec![1]);
		set_weights(V2_HK, vec![4], vec![1]);
		next_epoch(); // epoch 2
		assert_eq!(LowTrustStreak::<Test>::get(netuid, V2_HK), 1);
		assert_eq!(LowTrustStreak::<Test>::get(netuid, V1_HK), 0);
		next_epoch(); // epoch 3: the offence
		assert_eq!(epoch(netuid), 3);
		let events = slashing_events();
		assert!(events.contains(&Event::OffenceReported {
			netuid,
			offender: V2_HK,
			reason: SlashReason::LowValidatorTrust
		}));
		assert!(events.contains(&Event::SlashScheduled {
			netuid,
			id: 0,
			offender: V2_HK,
			reason: SlashReason::LowValidatorTrust,
			fraction: Perbill::from_percent(10),
			apply_epoch: 4,
		}));
		assert_eq!(LowTrustStreak::<Test>::get(netuid, V2_HK), 0);
		let v1_before = staked(V1, V1_HK);
		next_epoch(); // epoch 4: applied
		assert!(slashing_events().contains(&Event::SlashApplied {
			netuid,
			id: 0,
			offender: V2_HK,
			stake: 200,
			stakers: 2,
			bond: 0
		}));
		assert_eq!(staked(V2, V2_HK), 900);
		assert_eq!(staked(NOMINATOR, V2_HK), 900);
		// V1 earned its dividends and lost nothing.
		assert!(staked(V1, V1_HK) > v1_before);
	});
}

/// An inactive validator is not judged, and its streak waits: V2 disagrees at epoch 2
/// (streak 1) but sets no weights afterwards, so at epoch 3 it is inactive (cutoff 15
/// blocks): no offence, and the streak is neither extended nor wiped.
#[test]
fn inactive_validators_are_not_judged() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			pallet_merit_subnets::Hyperparameter::ActivityCutoff(15)
		));
		set_weights(V1_HK, vec![2], vec![1]);
		set_weights(V2_HK, vec![4], vec![1]);
		next_epoch(); // epoch 2: V2 active (weights at block 10), trust 0
		assert_eq!(LowTrustStreak::<Test>::get(netuid, V2_HK), 1);
		set_weights(V1_HK, vec![2], vec![1]);
		next_epoch(); // epoch 3: V2 inactive
		assert_eq!(LowTrustStreak::<Test>::get(netuid, V2_HK), 1);
		assert!(!slashing_events().iter().any(|e| matches!(e, Event::OffenceReported { .. })));
	});
}

/// Dropping out of the permits for an epoch does not wipe a low-trust streak: V2 disagrees
/// at epoch 2 (streak 1), unstakes below the permit minimum so it holds no permit in epoch
/// 3, restakes, and disagrees again at epoch 4: that is its second judged low epoch, an
/// offence.
#[test]
fn losing_the_permit_keeps_the_low_trust_streak() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		// Room for a third permit: M1's auto-staked earnings must not take V2's.
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			pallet_merit_subnets::Hyperparameter::MaxValidators(3)
		));
		set_weights(V1_HK, vec![2], vec![1]);
		set_weights(V2_HK, vec![4], vec![1]);
		assert_ok!(Staking::remove_stake(RuntimeOrigin::signed(V2), V2_HK, 950));
		next_epoch(); // epoch 2: V2 judged (streak 1); no permit for epoch 3
		assert_eq!(LowTrustStreak::<Test>::get(netuid, V2_HK), 1);
		run_to_block(25);
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(V2), V2_HK, 1_000));
		next_epoch(); // epoch 3: V2 without a permit, not judged; permit again for epoch 4
		assert_eq!(LowTrustStreak::<Test>::get(netuid, V2_HK), 1);
		set_weights(V2_HK, vec![4], vec![1]);
		next_epoch(); // epoch 4: second low epoch
		assert!(slashing_events().contains(&Event::OffenceReported {
			netuid,
			offender: V2_HK,
			reason: SlashReason::LowValidatorTrust
		}));
	});
}

/// At most `MaxTrustOffencesPerEpoch` (2 here) low-trust offences an epoch, in UID order: a
/// third validator whose streak reaches `trust_epochs` (2 here) in the same epoch owes its
/// offence, and good trust at the next epoch does not repay it.
#[test]
fn low_trust_offences_beyond_the_bound_are_owed_not_forgiven() {
	use merit_primitives::{EpochObserver, ValidatorRecord};
	build_and_execute(|| {
		let netuid = standard_subnet();
		for (coldkey, hotkey) in [(M1, M1_HK), (M2, M2_HK)] {
			assert_ok!(Staking::add_stake(RuntimeOrigin::signed(coldkey), hotkey, 100));
		}
		let record = |uid, hotkey, trust| ValidatorRecord { uid, hotkey, trust, active: true };
		let low = [
			record(1, V2_HK, Perbill::zero()),
			record(2, M1_HK, Perbill::zero()),
			record(3, M2_HK, Perbill::zero()),
		];
		let at = epoch(netuid);
		<Slashing as EpochObserver<AccountId>>::on_epoch(netuid, at, &low);
		assert!(low.iter().all(|r| LowTrustStreak::<Test>::get(netuid, r.hotkey) == 1));
		<Slashing as EpochObserver<AccountId>>::on_epoch(netuid, at, &low);
		let offence = |offender| Event::OffenceReported {
			netuid,
			offender,
			reason: SlashReason::LowValidatorTrust,
		};
		let events = slashing_events();
		assert!(events.contains(&offence(V2_HK)) && events.contains(&offence(M1_HK)));
		assert!(!events.contains(&offence(M2_HK)));
		assert!(events.contains(&Event::OffencesOwed { netuid, owed: 1 }));
		assert_eq!(LowTrustStreak::<Test>::get(netuid, M2_HK), 2, "owed: at the threshold");
		// Next epoch, V2 and M1 reach the threshold again (their streaks set one short), and
		// M2's trust is good: M2, owed, comes first, good trust repaying nothing; V2 takes the
		// other slot, M1 waits.
		LowTrustStreak::<Test>::insert(netuid, V2_HK, 1);
		LowTrustStreak::<Test>::insert(netuid, M1_HK, 1);
		let next = [
			record(1, V2_HK, Perbill::zero()),
			record(2, M1_HK, Perbill::zero()),
			record(3, M2_HK, Perbill::one()),
		];
		<Slashing as EpochObserver<AccountId>>::on_epoch(netuid, at, &next);
		let count =
			|offender| slashing_events().iter().filter(|e| **e == offence(offender)).count();
		assert_eq!((count(M2_HK), count(V2_HK), count(M1_HK)), (1, 2, 1));
		assert_eq!(LowTrustStreak::<Test>::get(netuid, M2_HK), 0);
		assert_eq!(LowTrustStreak::<Test>::get(netuid, M1_HK), 2, "owed: at the threshold");
		// An owed offence that waits again grows, so it outranks newer ones.
		LowTrustStreak::<Test>::insert(netuid, V2_HK, 1);
		LowTrustStreak::<Test>::insert(netuid, M2_HK, 1);
		let crowded = [
			record(1, V2_HK, Perbill::zero()),
			record(3, M2_HK, Perbill::zero()),
			record(2, M1_HK, Perbill::zero()),
		];
		<Slashing as EpochObserver<AccountId>>::on_epoch(netuid, at, &crowded);
		assert_eq!((count(M1_HK), count(V2_HK), count(M2_HK)), (2, 3, 1), "M1 first, then V2");
		assert_eq!(LowTrustStreak::<Test>::get(netuid, M2_HK), 2, "M2 now owed");
		LowTrustStreak::<Test>::remove(netuid, M2_HK);
	});
}

/// M2 reveals the model M1 revealed earlier: M2 forfeits its UID at once (50% of its bond
/// slashed, the rest returned) and, with no stake behind it, nothing is queued.
#[test]
fn a_copier_forfeits_its_uid_and_half_its_bond_at_once() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		commit_model(netuid, M2_HK, [1; 32]);
		run_to_block(12);
		let m2 = Balances::free_balance(M2);
		assert_ok!(Subnets::reveal_model(RuntimeOrigin::signed(M2_HK), netuid, [1; 32]));
		assert!(slashing_events().contains(&Event::OffenceReported {
			netuid,
			offender: M2_HK,
			reason: SlashReason::CopiedModel
		}));
		assert!(forfeited(netuid, M2_HK));
		assert_eq!(bond(netuid, M2_HK), 0);
		assert_eq!(Balances::free_balance(M2), m2 + BOND / 2, "half the bond comes back");
		assert_eq!(crate::PendingCount::<Test>::get(netuid), 0, "nothing at risk: not queued");
		assert!(!forfeited(netuid, M1_HK));
		assert_eq!(bond(netuid, M1_HK), BOND);
	});
}

/// A copier with stake behind it: the deferred slash takes 50% of that stake.
#[test]
fn a_staked_copier_loses_half_its_stake_after_the_deferral() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(M3), M3_HK, 400));
		commit_model(netuid, M3_HK, [1; 32]);
		run_to_block(12);
		assert_ok!(Subnets::reveal_model(RuntimeOrigin::signed(M3_HK), netuid, [1; 32]));
		assert_eq!(crate::DeferredSlashes::<Test>::get(netuid, 0).map(|s| s.at_risk), Some(200));
		next_epoch();
		assert!(slashing_events().contains(&Event::SlashApplied {
			netuid,
			id: 0,
			offender: M3_HK,
			stake: 200,
			stakers: 1,
			bond: 0
		}));
		assert_eq!(staked(M3, M3_HK), 200);
	});
}

/// V2 (¼ of the validators' stake) reporting M1 is not enough (κ = ½); V1 joining reaches
/// κ. One such epoch costs nothing; the streak ends with an epoch without; two consecutive
/// epochs are an offence, and the slash (next epoch) takes 20% of M1's bond and its UID,
/// never the stake behind it.
#[test]
fn models_unavailable_for_consecutive_epochs_cost_the_bond_and_the_uid() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(M1), M1_HK, 500));
		assert_ok!(report(V2_HK, netuid, 2));
		assert_eq!(
			slashing_events().last(),
			Some(&Event::ModelReported {
				netuid,
				uid: 2,
				reporter: V2_HK,
				fault: ModelFault::Unavailable
			})
		);
		assert_noop!(report(V2_HK, netuid, 2), Error::<Test>::AlreadyReported);
		assert_ok!(Slashing::report_model(
			RuntimeOrigin::signed(V1_HK),
			netuid,
			2,
			ModelFault::HashMismatch
		));
		let round = ModelReports::<Test>::get(netuid, 2).unwrap();
		assert_eq!((round.stake, round.offence, round.reporters.len()), (4_000, true, 2));
		// The report that reached kappa (V1's) marked the epoch at once: a streak of 1.
		assert!(slashing_events().contains(&Event::ModelUnavailable {
			netuid,
			miner: M1_HK,
			streak: 1
		}));
		assert_eq!(Slashing::unavailable_streak(netuid, &M1_HK), 1);
		// A one-epoch outage: nothing lost.
		next_epoch(); // epoch 2
		assert_eq!(Slashing::unavailable_streak(netuid, &M1_HK), 1, "until an epoch without");
		assert_eq!(UnavailableStreak::<Test>::get(netuid, M1_HK).unwrap().last_epoch, round.epoch);
		assert_eq!(ModelReports::<Test>::get(netuid, 2), Some(round), "until the next report");
		next_epoch(); // epoch 3: served again, nobody reported it
		assert_eq!(Slashing::unavailable_streak(netuid, &M1_HK), 0);
		assert_eq!(bond(netuid, M1_HK), BOND);
		assert!(!forfeited(netuid, M1_HK));
		assert!(!slashing_events().iter().any(|e| matches!(e, Event::OffenceReported { .. })));

		// Two consecutive epochs: an offence, at the report that completes the streak.
		assert_ok!(report(V1_HK, netuid, 2)); // a new streak: epoch 2 passed without
		assert_eq!(Slashing::unavailable_streak(netuid, &M1_HK), 1);
		assert_eq!(ModelReports::<Test>::get(netuid, 2).unwrap().reporters.len(), 1, "a new round");
		next_epoch(); // epoch 4
		assert_ok!(report(V1_HK, netuid, 2));
		assert!(slashing_events().contains(&Event::ModelUnavailable {
			netuid,
			miner: M1_HK,
			streak: 2
		}));
		assert!(slashing_events().contains(&Event::OffenceReported {
			netuid,
			offender: M1_HK,
			reason: SlashReason::UnavailableModel
		}));
		assert_eq!(UnavailableStreak::<Test>::get(netuid, M1_HK), None, "the streak ends");
		assert_eq!(bond(netuid, M1_HK), BOND, "not before the deferral");
		let m1 = Balances::free_balance(M1);
		next_epoch(); // epoch 5: applied, the first epoch after the offence (deferral 1)
		assert!(slashing_events().contains(&Event::SlashApplied {
			netuid,
			id: 0,
			offender: M1_HK,
			stake: 0,
			stakers: 0,
			bond: 10
		}));
		assert!(forfeited(netuid, M1_HK));
		assert_eq!(Balances::free_balance(M1), m1 + 40, "the rest of the bond is returned");
		assert_eq!(staked(M1, M1_HK), 500, "no stake is touched");
	});
}

#[test]
fn report_model_errors() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_noop!(report(V1_HK, 9, 2), Error::<Test>::SubnetNotFound);
		assert_noop!(report(99, netuid, 2), Error::<Test>::NotRegistered);
		assert_noop!(report(M1_HK, netuid, 3), Error::<Test>::NoValidatorPermit);
		assert_noop!(report(V1_HK, netuid, 7), Error::<Test>::UnknownUid);
		assert_noop!(report(V1_HK, netuid, 0), Error::<Test>::CannotReportSelf);
		assert_noop!(report(V1_HK, netuid, 1), Error::<Test>::NoRevealedModel);
		assert_noop!(
			Slashing::report_model(RuntimeOrigin::none(), netuid, 2, ModelFault::Unavailable),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}
