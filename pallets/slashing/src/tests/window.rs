//! The slash window: no change of tempo, deferral or unbonding may let stake unbonded at an
//! offence leave before its deferred slash applies. The mock wires the three pallets as the
//! runtime does: tempo 10, deferral 1 epoch, unbonding 25 blocks (window 20).

use crate::{mock::*, Error, Params, SlashParams};
use frame_support::{assert_noop, assert_ok};
use pallet_merit_subnets::Hyperparameter;

#[test]
fn a_deferral_that_unbonding_would_outlast_is_refused() {
	build_and_execute(|| {
		let longer = SlashParams { defer_epochs: 2, ..params() };
		assert_noop!(
			Slashing::set_params(RuntimeOrigin::root(), longer),
			Error::<Test>::SlashOutlastsUnbonding
		);
		let shorter = SlashParams { defer_epochs: 0, ..params() };
		assert_ok!(Slashing::set_params(RuntimeOrigin::root(), shorter.clone()));
		assert_eq!(Params::<Test>::get(), Some(shorter));
	});
}

#[test]
fn an_unbonding_period_inside_the_window_is_refused() {
	build_and_execute(|| {
		assert_noop!(
			Staking::set_unbonding_blocks(RuntimeOrigin::root(), 20),
			pallet_merit_staking::Error::<Test>::SlashOutlastsUnbonding
		);
		assert_ok!(Staking::set_unbonding_blocks(RuntimeOrigin::root(), 21));
	});
}

#[test]
fn a_tempo_that_stretches_the_window_past_unbonding_is_refused() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_noop!(
			Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, Hyperparameter::Tempo(13)),
			pallet_merit_subnets::Error::<Test>::SlashOutlastsUnbonding
		);
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			Hyperparameter::Tempo(12)
		));
		// The longest tempo now bounds the other two.
		assert_noop!(
			Staking::set_unbonding_blocks(RuntimeOrigin::root(), 24),
			pallet_merit_staking::Error::<Test>::SlashOutlastsUnbonding
		);
	});
}

#[test]
#[should_panic(expected = "unbonding_blocks must exceed")]
fn a_genesis_whose_unbonding_ends_inside_the_window_does_not_build() {
	genesis_storage(20);
}
