//! The three offences: persistently low validator trust, copied models, reported models.

use crate::{mock::*, Error, Event, LowTrustStreak, ModelFault, ModelReports};
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
			bond: 0
		}));
		assert_eq!(staked(V2, V2_HK), 900);
		assert_eq!(staked(NOMINATOR, V2_HK), 900);
		// V1 earned its dividends and lost nothing.
		assert!(staked(V1, V1_HK) > v1_before);
	});
}

/// An inactive validator's streak ends: V2 disagrees at epoch 2 (streak 1) but sets no
/// weights afterwards, so at epoch 3 it is inactive (cutoff 15 blocks) and not judged.
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
		assert_eq!(LowTrustStreak::<Test>::get(netuid, V2_HK), 0);
		assert!(!slashing_events().iter().any(|e| matches!(e, Event::OffenceReported { .. })));
	});
}

/// M2 reveals the model M1 revealed earlier: the copy is slashed 50% at the next epoch, on
/// its bond (50 → 25) and its stake (none).
#[test]
fn copied_models_are_slashed() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		commit_model(netuid, M2_HK, [1; 32]);
		run_to_block(12);
		assert_ok!(Subnets::reveal_model(RuntimeOrigin::signed(M2_HK), netuid, [1; 32]));
		assert!(slashing_events().contains(&Event::OffenceReported {
			netuid,
			offender: M2_HK,
			reason: SlashReason::CopiedModel
		}));
		assert_eq!(bond(netuid, M2_HK), BOND);
		next_epoch();
		assert!(slashing_events().contains(&Event::SlashApplied {
			netuid,
			id: 0,
			offender: M2_HK,
			stake: 0,
			bond: 25
		}));
		assert_eq!(bond(netuid, M2_HK), 25);
		assert_eq!(bond(netuid, M1_HK), BOND);
	});
}

/// V2 (¼ of the validators' stake) reporting M1 is not enough (κ = ½); V1 joining makes it
/// an offence; the 20% slash takes 10 of M1's 50 bond at the next epoch.
#[test]
fn models_reported_by_kappa_of_the_stake_are_slashed() {
	build_and_execute(|| {
		let netuid = standard_subnet();
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
		assert!(!slashing_events().iter().any(|e| matches!(e, Event::OffenceReported { .. })));
		assert_noop!(report(V2_HK, netuid, 2), Error::<Test>::AlreadyReported);
		assert_ok!(Slashing::report_model(
			RuntimeOrigin::signed(V1_HK),
			netuid,
			2,
			ModelFault::HashMismatch
		));
		assert!(slashing_events().contains(&Event::OffenceReported {
			netuid,
			offender: M1_HK,
			reason: SlashReason::UnavailableModel
		}));
		let round = ModelReports::<Test>::get(netuid, 2).unwrap();
		assert_eq!((round.stake, round.offence, round.reporters.len()), (4_000, true, 2));
		next_epoch();
		assert_eq!(bond(netuid, M1_HK), 40);
		// The epoch's reports are forgotten: the miner can be reported again.
		assert!(ModelReports::<Test>::get(netuid, 2).is_none());
		assert_ok!(report(V2_HK, netuid, 2));
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
