//! Pending slashes: cancelling, one per offender and kind, the queue bound and its evictions,
//! subnets with pending slashes, parameters.

use crate::{
	mock::*, DeferredSlashes, Error, Event, LowTrustStreak, ModelFault, ModelReports, Params,
	PendingCount, PendingOffences, SlashParams, UnavailableStreak,
};
use frame_support::{assert_noop, assert_ok};
use merit_primitives::SlashReason;
use sp_runtime::DispatchError;

/// Establishes an offence directly (the offence rules are tested in `offences.rs`).
fn offence(offender: AccountId, reason: SlashReason) {
	Slashing::offence(0, offender, reason);
}

#[test]
fn the_admin_can_cancel_a_pending_slash() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		offence(V2_HK, SlashReason::LowValidatorTrust);
		assert_noop!(
			Slashing::cancel_deferred_slash(RuntimeOrigin::signed(OWNER), netuid, 0),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Slashing::cancel_deferred_slash(RuntimeOrigin::root(), netuid, 5),
			Error::<Test>::UnknownSlash
		);
		assert_noop!(
			Slashing::cancel_deferred_slash(RuntimeOrigin::root(), 3, 0),
			Error::<Test>::UnknownSlash
		);
		assert_ok!(Slashing::cancel_deferred_slash(RuntimeOrigin::root(), netuid, 0));
		assert_eq!(slashing_events().last(), Some(&Event::SlashCancelled { netuid, id: 0 }));
		assert_eq!(PendingCount::<Test>::get(netuid), 0);
		assert!(PendingOffences::<Test>::iter().next().is_none());
		let before = staked(V2, V2_HK);
		next_epoch();
		assert!(staked(V2, V2_HK) >= before);
		assert!(!slashing_events().iter().any(|e| matches!(e, Event::SlashApplied { .. })));
	});
}

#[test]
fn an_offender_has_one_pending_slash_per_kind() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		offence(V2_HK, SlashReason::LowValidatorTrust);
		offence(V2_HK, SlashReason::LowValidatorTrust);
		assert_eq!(
			slashing_events().last(),
			Some(&Event::SlashAlreadyPending {
				netuid,
				offender: V2_HK,
				reason: SlashReason::LowValidatorTrust,
				id: 0
			})
		);
		// Another kind is another slash.
		offence(V2_HK, SlashReason::CopiedModel);
		assert_eq!(PendingCount::<Test>::get(netuid), 2);
		// Once applied, a new offence of the same kind is scheduled again.
		next_epoch();
		assert_eq!(PendingCount::<Test>::get(netuid), 0);
		offence(V2_HK, SlashReason::LowValidatorTrust);
		assert_eq!(PendingCount::<Test>::get(netuid), 1);
	});
}

#[test]
fn an_offence_with_nothing_at_risk_is_not_queued() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		// M1 has no stake behind it: a stake slash would take nothing.
		offence(M1_HK, SlashReason::LowValidatorTrust);
		assert_eq!(
			slashing_events().last(),
			Some(&Event::OffenceReported {
				netuid,
				offender: M1_HK,
				reason: SlashReason::LowValidatorTrust
			})
		);
		assert_eq!(PendingCount::<Test>::get(netuid), 0);
	});
}

/// The queue holds 3. Full with 100, 500 and 10 at risk: an offence with 10 at risk is
/// refused, one with 300 evicts the 10.
#[test]
fn a_full_queue_makes_room_for_more_at_risk() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		offence(V2_HK, SlashReason::LowValidatorTrust); // 10% of 1,000
		offence(V2_HK, SlashReason::CopiedModel); // 50% of 1,000
		offence(M1_HK, SlashReason::UnavailableModel); // 20% of the 50 bond
		let at_risk: Vec<_> =
			(0..3).map(|id| DeferredSlashes::<Test>::get(netuid, id).unwrap().at_risk).collect();
		assert_eq!(at_risk, vec![100, 500, 10]);
		offence(M2_HK, SlashReason::UnavailableModel); // 10: not more than the smallest
		assert_eq!(
			slashing_events().last(),
			Some(&Event::SlashQueueFull {
				netuid,
				offender: M2_HK,
				reason: SlashReason::UnavailableModel
			})
		);
		offence(V1_HK, SlashReason::LowValidatorTrust); // 300
		let events = slashing_events();
		assert!(events.contains(&Event::SlashEvicted {
			netuid,
			id: 2,
			offender: M1_HK,
			at_risk: 10
		}));
		assert!(matches!(
			events.last(),
			Some(Event::SlashScheduled { offender: V1_HK, id: 3, .. })
		));
		assert_eq!(PendingCount::<Test>::get(netuid), 3);
		// Two apply per epoch, the most at risk first: 500 and 300, then 100.
		next_epoch();
		assert_eq!(PendingCount::<Test>::get(netuid), 1);
		assert!(DeferredSlashes::<Test>::get(netuid, 0).is_some(), "the 100 waits");
		next_epoch();
		assert_eq!(PendingCount::<Test>::get(netuid), 0);
		assert_eq!(bond(netuid, M1_HK), BOND, "the evicted slash never applies");
	});
}

/// Dissolving cannot shake off a slash: the subnet stays until its slashes are applied (or
/// cancelled), and the slash lands.
#[test]
fn a_subnet_with_pending_slashes_is_not_dissolved() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		offence(V2_HK, SlashReason::LowValidatorTrust);
		assert_noop!(
			Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid),
			pallet_merit_subnets::Error::<Test>::SlashesPending
		);
		next_epoch();
		assert!(slashing_events()
			.iter()
			.any(|e| matches!(e, Event::SlashApplied { offender: V2_HK, stake: 100, .. })));
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		run_to_block(System::block_number() + 2);
	});
}

/// A dissolved subnet's streaks and reports go with its neurons as the cleanup deregisters
/// them: the dissolution itself touches none of them (its weight does not grow with the
/// subnet), and nothing of them is left for the netuid's next subnet.
#[test]
fn a_dissolved_subnets_streaks_and_reports_leave_with_its_neurons() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		let report = || {
			Slashing::report_model(RuntimeOrigin::signed(V1_HK), netuid, 2, ModelFault::Unavailable)
		};
		assert_ok!(report());
		next_epoch();
		assert_eq!(Slashing::unavailable_streak(netuid, &M1_HK), 1);
		assert!(ModelReports::<Test>::get(netuid, 2).is_some(), "kept until the next report");

		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		assert!(UnavailableStreak::<Test>::get(netuid, M1_HK).is_some(), "kept until cleanup");
		Slashing::do_try_state().unwrap();
		run_to_block(System::block_number() + 2);
		assert_eq!(UnavailableStreak::<Test>::iter_prefix(netuid).count(), 0);
		assert_eq!(LowTrustStreak::<Test>::iter_prefix(netuid).count(), 0);
		assert_eq!(ModelReports::<Test>::iter_prefix(netuid).count(), 0);
	});
}

#[test]
fn parameters_are_the_admins() {
	build_and_execute(|| {
		let params = SlashParams { trust_epochs: 5, ..params() };
		assert_noop!(
			Slashing::set_params(RuntimeOrigin::signed(OWNER), params.clone()),
			DispatchError::BadOrigin
		);
		for invalid in [
			SlashParams { trust_epochs: 0, ..params.clone() },
			SlashParams { unavailable_epochs: 0, ..params.clone() },
		] {
			assert_noop!(
				Slashing::set_params(RuntimeOrigin::root(), invalid),
				Error::<Test>::InvalidParams
			);
		}
		assert_ok!(Slashing::set_params(RuntimeOrigin::root(), params.clone()));
		assert_eq!(Params::<Test>::get(), Some(params.clone()));
		assert_eq!(slashing_events().last(), Some(&Event::ParamsSet { params }));
		assert_eq!(crate::StreakCeilings::<Test>::get(), (5, 2));
	});
}
