use crate::{mock::*, Error, Event, Hyperparameter::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{DispatchError, Perbill};

/// Ends an epoch of `netuid` as consensus would: the owner's queued changes apply.
fn end_epoch(netuid: u16) {
	<Subnets as merit_primitives::EpochObserver<AccountId>>::on_epoch(netuid, 1, &[]);
}

#[test]
fn the_owner_sets_subnet_local_parameters_rate_limited_from_the_next_epoch() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::signed(ALICE),
			netuid,
			ImmunityPeriod(77)
		));
		assert_eq!(
			last_event(),
			Event::HyperparameterScheduled { netuid, param: ImmunityPeriod(77) }
		);
		// Queued, visible to everyone, not yet in force.
		assert_eq!(Hyperparameters::<Test>::get(netuid).unwrap().immunity_period, IMMUNITY);
		let view = Subnets::subnet_view(netuid).unwrap();
		assert_eq!(view.pending_hyperparams.unwrap().immunity_period, 77);
		end_epoch(netuid);
		assert_eq!(last_event(), Event::PendingHyperparametersApplied { netuid });
		assert_eq!(Hyperparameters::<Test>::get(netuid).unwrap().immunity_period, 77);
		assert!(PendingHyperparameters::<Test>::get(netuid).is_none());
		run_to_block(1 + OWNER_RATE_LIMIT as u64 - 1);
		let penalty = BondsPenalty(Perbill::from_percent(60));
		assert_noop!(
			Subnets::set_hyperparameter(RuntimeOrigin::signed(ALICE), netuid, penalty.clone()),
			Error::<Test>::HyperparameterRateLimited
		);
		run_to_block(1 + OWNER_RATE_LIMIT as u64);
		assert_ok!(Subnets::set_hyperparameter(RuntimeOrigin::signed(ALICE), netuid, penalty));
		end_epoch(netuid);
		assert_eq!(
			Hyperparameters::<Test>::get(netuid).unwrap().bonds_penalty,
			Perbill::from_percent(60)
		);
	});
}

#[test]
fn owner_values_stay_inside_the_owner_ranges() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		// Mock tempo 10.
		for param in [
			ActivityCutoff(19),
			BondsMovingAverage(Perbill::from_percent(49)),
			BondsMovingAverage(Perbill::from_percent(98)),
			BondsPenalty(Perbill::from_percent(49)),
			MaxWeightLimit(Perbill::from_percent(9)),
			MinAllowedWeights(OWNER_MAX_MIN_ALLOWED_WEIGHTS + 1),
			WeightsRateLimit(11),
			ServingRateLimit(11),
			RegistrationInterval(11),
			RevealPeriod(OWNER_MAX_REVEAL_PERIOD + 1),
			MaxRegsPerInterval(OWNER_MIN_REGS_PER_INTERVAL - 1),
			CommitReveal(false),
		] {
			assert!(param.owner_settable());
			assert_noop!(
				Subnets::set_hyperparameter(RuntimeOrigin::signed(ALICE), netuid, param.clone()),
				Error::<Test>::OutsideOwnerRange
			);
		}
		// Each bound itself is allowed (one change per rate limit, so each on a fresh subnet).
		assert!(ActivityCutoff::<Balance>(20).owner_may_set(&hyperparams()));
		assert!(BondsMovingAverage::<Balance>(OWNER_BONDS_MOVING_AVERAGE.0)
			.owner_may_set(&hyperparams()));
		assert!(BondsMovingAverage::<Balance>(OWNER_BONDS_MOVING_AVERAGE.1)
			.owner_may_set(&hyperparams()));
		assert!(WeightsRateLimit::<Balance>(10).owner_may_set(&hyperparams()));
		assert!(CommitReveal::<Balance>(true).owner_may_set(&hyperparams()));
		// The admin may set values outside the owner ranges.
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			BondsMovingAverage(Perbill::zero())
		));
		assert_ok!(Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, CommitReveal(false)));
	});
}

#[test]
fn admin_changes_apply_at_once_and_to_queued_owner_changes() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::signed(ALICE),
			netuid,
			ImmunityPeriod(5)
		));
		assert_ok!(Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, Tempo(20)));
		assert_eq!(Hyperparameters::<Test>::get(netuid).unwrap().tempo, 20);
		end_epoch(netuid);
		let hp = Hyperparameters::<Test>::get(netuid).unwrap();
		assert_eq!((hp.tempo, hp.immunity_period), (20, 5), "neither change is lost");
	});
}

#[test]
fn economics_are_the_admins_and_the_admin_is_not_rate_limited() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		for param in [
			Tempo(5),
			MaxUids(8),
			MaxValidators(4),
			MinBurn(1),
			MaxBurn(2),
			Kappa(Perbill::one()),
			MinValidatorStake(1),
			OwnerCut(Perbill::zero()),
			MinerBond(1),
			AllowPrivateAxons(true),
			RegistrationAllowed(false),
			WeightsVersionKey(3),
		] {
			assert!(!param.owner_settable());
			assert_noop!(
				Subnets::set_hyperparameter(RuntimeOrigin::signed(ALICE), netuid, param.clone()),
				Error::<Test>::HyperparameterAdminOnly
			);
			assert_ok!(Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, param.clone()));
			assert_eq!(last_event(), Event::HyperparameterSet { netuid, param });
		}
		let hp = Hyperparameters::<Test>::get(netuid).unwrap();
		assert_eq!((hp.tempo, hp.max_uids, hp.max_validators), (5, 8, 4));
		assert_eq!((hp.min_burn, hp.max_burn, hp.miner_bond), (1, 2, 1));
		assert!(hp.allow_private_axons);
		assert!(!hp.registration_allowed);
		assert_eq!(hp.weights_version_key, 3);
		// The admin's changes do not start the owner's rate limit.
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::signed(ALICE),
			netuid,
			ImmunityPeriod(3)
		));
	});
}

#[test]
fn out_of_range_values_are_refused() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_ok!(Subnets::burned_register(
			RuntimeOrigin::signed(ALICE),
			netuid,
			HK1,
			consent(HK1, ALICE)
		));
		assert_ok!(Subnets::burned_register(
			RuntimeOrigin::signed(BOB),
			netuid,
			HK2,
			consent(HK2, BOB)
		));
		for param in [
			Tempo(0),
			MaxUids(0),
			MaxUids(merit_primitives::MAX_UIDS + 1),
			MaxUids(1), // below the two neurons registered
			MaxValidators(0),
			MaxValidators(4),
			MinBurn(MAX_BURN + 1),
			MaxBurn(MIN_BURN - 1),
			MaxRegsPerBlock(0),
			MaxRegsPerInterval(0),
			RegistrationInterval(0),
			MinAllowedWeights(4),
			MaxWeightLimit(Perbill::zero()),
			RevealPeriod(0),
			RevealPeriod(merit_primitives::MAX_REVEAL_PERIOD + 1),
			Kappa(Perbill::zero()),
			ActivityCutoff(0),
			OwnerCut(Perbill::from_percent(51)),
			ImmunityPeriod(MAX_IMMUNITY_PERIOD + 1),
		] {
			assert_noop!(
				Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, param),
				Error::<Test>::InvalidHyperparameter
			);
		}
	});
}

#[test]
fn only_the_owner_or_admin_of_an_existing_subnet() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_noop!(
			Subnets::set_hyperparameter(RuntimeOrigin::signed(BOB), netuid, ImmunityPeriod(1)),
			Error::<Test>::NotSubnetOwner
		);
		assert_noop!(
			Subnets::set_hyperparameter(RuntimeOrigin::signed(ALICE), 7, ImmunityPeriod(1)),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(
			Subnets::set_hyperparameter(RuntimeOrigin::root(), 7, ImmunityPeriod(1)),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(
			Subnets::set_hyperparameter(RuntimeOrigin::none(), netuid, ImmunityPeriod(1)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn network_params_are_set_by_the_admin_only() {
	build_and_execute(|| {
		let params = NetworkParams { lock_floor: 5, ..network() };
		assert_noop!(
			Subnets::set_network_params(RuntimeOrigin::signed(ALICE), params.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Subnets::set_network_params(
				RuntimeOrigin::root(),
				NetworkParams { lock_decay_blocks: 0, ..network() }
			),
			Error::<Test>::InvalidNetworkParams
		);
		assert_ok!(Subnets::set_network_params(RuntimeOrigin::root(), params.clone()));
		assert_eq!(last_event(), Event::NetworkParamsSet { params: params.clone() });
		assert_eq!(NetworkParameters::<Test>::get(), Some(params));
		assert_eq!(Subnets::lock_cost(), 5);
	});
}

#[test]
fn standard_values_pass_their_own_checks() {
	build_and_execute(|| {
		assert_ok!(Subnets::check_hyperparams(&Subnets::standard_hyperparams()));
		assert_ok!(Subnets::check_network(&Subnets::standard_network()));
	});
}

#[test]
fn without_genesis_parameters_registration_is_refused() {
	build_and_execute(|| {
		NetworkParameters::<Test>::kill();
		assert_noop!(
			Subnets::register_subnet(
				RuntimeOrigin::signed(ALICE),
				HK1,
				digits(),
				consent(HK1, ALICE)
			),
			Error::<Test>::NotConfigured
		);
		NetworkParameters::<Test>::put(network());
		DefaultHyperparameters::<Test>::kill();
		assert_noop!(
			Subnets::register_subnet(
				RuntimeOrigin::signed(ALICE),
				HK1,
				digits(),
				consent(HK1, ALICE)
			),
			Error::<Test>::NotConfigured
		);
	});
}

/// Caps whose full epoch would weigh more than the runtime's epoch budget are refused with
/// `EpochTooHeavy`, from the admin too, and change nothing (the mock's budget: 64 × 32).
#[test]
fn caps_whose_full_epoch_overruns_the_budget_are_refused() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_ok!(Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, MaxUids(64)));
		assert_ok!(Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, MaxValidators(32)));
		EPOCH_BUDGET.with(|b| b.set(Some(64 * 32)));
		for param in [MaxValidators(33), MaxUids(65)] {
			assert_noop!(
				Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, param),
				Error::<Test>::EpochTooHeavy
			);
		}
		let hp = Hyperparameters::<Test>::get(netuid).unwrap();
		assert_eq!((hp.max_uids, hp.max_validators), (64, 32));
		// Fewer validators leave room for more UIDs.
		assert_ok!(Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, MaxValidators(16)));
		assert_ok!(Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, MaxUids(128)));
		EPOCH_BUDGET.with(|b| b.set(None));
	});
}
