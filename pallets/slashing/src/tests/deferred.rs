//! Pending slashes: cancelling, the queue bound, dissolved subnets, parameters.

use crate::{
	mock::*, DeferredSlashes, Error, Event, ModelFault, Params, PendingCount, SlashParams,
};
use frame_support::{assert_noop, assert_ok};
use merit_primitives::SlashReason;
use sp_runtime::DispatchError;

/// V1 alone holds ¾ of the validators' stake: each of its reports is an offence.
fn report(uid: u16) {
	assert_ok!(Slashing::report_model(
		RuntimeOrigin::signed(V1_HK),
		0,
		uid,
		ModelFault::Unavailable
	));
}

#[test]
fn the_admin_can_cancel_a_pending_slash() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		report(2);
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
		next_epoch();
		assert_eq!(bond(netuid, M1_HK), BOND);
		assert!(!slashing_events().iter().any(|e| matches!(e, Event::SlashApplied { .. })));
	});
}

#[test]
fn a_full_queue_refuses_more_slashes() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		for uid in [2, 3, 4] {
			report(uid);
		}
		assert_eq!(PendingCount::<Test>::get(netuid), 3);
		// A fourth offence (a copy) is reported but cannot be scheduled.
		commit_model(netuid, M2_HK, [1; 32]);
		run_to_block(12);
		assert_ok!(Subnets::reveal_model(RuntimeOrigin::signed(M2_HK), netuid, [1; 32]));
		assert_eq!(
			slashing_events().last(),
			Some(&Event::SlashQueueFull {
				netuid,
				offender: M2_HK,
				reason: SlashReason::CopiedModel
			})
		);
		// Two slashes apply per epoch: the oldest two now, the third at the next epoch.
		next_epoch();
		assert_eq!(PendingCount::<Test>::get(netuid), 1);
		assert_eq!((bond(netuid, M1_HK), bond(netuid, M2_HK), bond(netuid, M3_HK)), (40, 40, BOND));
		next_epoch();
		assert_eq!(PendingCount::<Test>::get(netuid), 0);
		assert_eq!(bond(netuid, M3_HK), 40);
	});
}

#[test]
fn a_dissolved_subnet_drops_its_pending_slashes() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		report(2);
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		assert!(slashing_events().contains(&Event::SlashDropped { netuid, id: 0 }));
		assert_eq!(DeferredSlashes::<Test>::iter_prefix(netuid).count(), 0);
		assert_eq!(PendingCount::<Test>::get(netuid), 0);
		run_to_block(System::block_number() + 2);
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
		assert_noop!(
			Slashing::set_params(
				RuntimeOrigin::root(),
				SlashParams { trust_epochs: 0, ..params.clone() }
			),
			Error::<Test>::InvalidParams
		);
		assert_ok!(Slashing::set_params(RuntimeOrigin::root(), params.clone()));
		assert_eq!(Params::<Test>::get(), Some(params.clone()));
		assert_eq!(slashing_events().last(), Some(&Event::ParamsSet { params }));
	});
}
