use crate::{mock::*, Error, Event, HoldReason, Hyperparameter::*, *};
use frame_support::{assert_noop, assert_ok};
use merit_primitives::{EmissionRecorder, HotkeyOwnership};
use sp_runtime::DispatchError;

#[test]
fn registering_burns_the_burn_and_holds_the_bond() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		let issuance = Balances::total_issuance();
		let bob = free(BOB);
		register(BOB, netuid, HK2);
		assert_eq!(
			last_event(),
			Event::NeuronRegistered {
				netuid,
				uid: 0,
				hotkey: HK2,
				coldkey: BOB,
				burned: MIN_BURN,
				bond: BOND
			}
		);
		assert_eq!(free(BOB), bob - MIN_BURN - BOND);
		assert_eq!(held(HoldReason::MinerBond, BOB), BOND);
		assert_eq!(Balances::total_issuance(), issuance - MIN_BURN);
		assert_eq!(Subnets::owner_of(&HK2), Some(BOB));
		assert_eq!(Uids::<Test>::get(netuid, HK2), Some(0));
		assert_eq!(NeuronCount::<Test>::get(netuid), 1);
		// The burn doubles (burn_increase 100%), then loses 10% a block down to the minimum.
		assert_eq!(Subnets::current_burn(netuid), 2 * MIN_BURN);
		run_to_block(2);
		assert_eq!(Subnets::current_burn(netuid), 180);
		run_to_block(3);
		assert_eq!(Subnets::current_burn(netuid), 162);
		run_to_block(100);
		assert_eq!(Subnets::current_burn(netuid), MIN_BURN);
		// Clamped to max_burn.
		assert_ok!(Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, MaxBurn(150)));
		register(CHARLIE, netuid, HK3);
		assert_eq!(Subnets::current_burn(netuid), 150);
	});
}

#[test]
fn one_hotkey_sits_on_many_subnets_under_one_owner() {
	build_and_execute(|| {
		let a = subnet(ALICE, HK1);
		run_to_block(1 + SUBNET_RATE_LIMIT as u64);
		let b = subnet(BOB, HK2);
		register(CHARLIE, a, HK3);
		assert_noop!(
			Subnets::burned_register(RuntimeOrigin::signed(ALICE), b, HK3, consent(HK3, ALICE)),
			Error::<Test>::HotkeyOwnedByAnotherColdkey
		);
		register(CHARLIE, b, HK3);
		assert_eq!(Uids::<Test>::get(a, HK3), Some(0));
		assert_eq!(Uids::<Test>::get(b, HK3), Some(0));
		assert_eq!(held(HoldReason::MinerBond, CHARLIE), 2 * BOND);
	});
}

#[test]
fn registration_refusals_change_nothing() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_noop!(
			Subnets::burned_register(RuntimeOrigin::signed(BOB), 9, HK2, consent(HK2, BOB)),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(
			Subnets::burned_register(RuntimeOrigin::signed(POOR), netuid, HK4, consent(HK4, POOR)),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Subnets::burned_register(RuntimeOrigin::none(), netuid, HK4, None),
			DispatchError::BadOrigin
		);
		register(BOB, netuid, HK2);
		assert_noop!(
			Subnets::burned_register(RuntimeOrigin::signed(BOB), netuid, HK2, consent(HK2, BOB)),
			Error::<Test>::HotkeyAlreadyRegistered
		);
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			RegistrationAllowed(false)
		));
		assert_noop!(
			Subnets::burned_register(
				RuntimeOrigin::signed(CHARLIE),
				netuid,
				HK3,
				consent(HK3, CHARLIE)
			),
			Error::<Test>::RegistrationDisabled
		);
	});
}

#[test]
fn per_block_and_per_interval_limits() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_ok!(Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, MaxUids(10)));
		register(ALICE, netuid, HK1);
		register(BOB, netuid, HK2);
		assert_noop!(
			Subnets::burned_register(
				RuntimeOrigin::signed(CHARLIE),
				netuid,
				HK3,
				consent(HK3, CHARLIE)
			),
			Error::<Test>::TooManyRegistrationsThisBlock
		);
		run_to_block(2);
		register(CHARLIE, netuid, HK3);
		run_to_block(3);
		assert_noop!(
			Subnets::burned_register(
				RuntimeOrigin::signed(CHARLIE),
				netuid,
				HK4,
				consent(HK4, CHARLIE)
			),
			Error::<Test>::TooManyRegistrationsThisInterval
		);
		run_to_block(21);
		register(CHARLIE, netuid, HK4);
	});
}

#[test]
fn a_full_subnet_prunes_the_lowest_scoring_non_immune_neuron() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			MaxRegsPerInterval(10)
		));
		register(ALICE, netuid, HK1);
		register(BOB, netuid, HK2);
		run_to_block(2);
		register(CHARLIE, netuid, HK3);
		assert_ok!(Subnets::serve_axon(
			RuntimeOrigin::signed(HK2),
			netuid,
			IpAddress::V4([1, 1, 1, 1]),
			80,
			AxonProtocol::Http,
			0
		));
		run_to_block(3);
		assert_noop!(
			Subnets::burned_register(
				RuntimeOrigin::signed(CHARLIE),
				netuid,
				HK4,
				consent(HK4, CHARLIE)
			),
			Error::<Test>::AllNeuronsImmune
		);
		// All immunity is over at block 12. HK2 and HK3 tie at zero emission; HK2 is older.
		Subnets::record_epoch_emission(netuid, &[5, 0, 0]);
		run_to_block(2 + IMMUNITY as u64);
		assert_eq!(Subnets::prune_candidate(netuid), Some(1));
		let bob = free(BOB);
		register(CHARLIE, netuid, HK4);
		assert_eq!(free(BOB), bob + BOND);
		assert_eq!(held(HoldReason::MinerBond, BOB), 0);
		assert_eq!(Uids::<Test>::get(netuid, HK2), None);
		assert_eq!(Uids::<Test>::get(netuid, HK4), Some(1));
		assert!(Axons::<Test>::get(netuid, HK2).is_none());
		assert_eq!(NeuronCount::<Test>::get(netuid), 3);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Subnets(Event::NeuronDeregistered {
				netuid,
				uid: 1,
				hotkey: HK2,
				bond_returned: BOND
			})));
		// A pruned hotkey stays owned and may register again.
		assert_eq!(Subnets::owner_of(&HK2), Some(BOB));
	});
}

#[test]
fn emission_records_set_pruning_scores() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		register(ALICE, netuid, HK1);
		register(BOB, netuid, HK2);
		run_to_block(2);
		// Extra entries are ignored; unknown subnets are ignored.
		Subnets::record_epoch_emission(netuid, &[10, 30, 99]);
		Subnets::record_epoch_emission(5, &[10]);
		let score = |uid| Subnets::neuron_view(netuid, uid).unwrap().emission;
		assert_eq!((score(0), score(1)), (10, 30));
		// One value for the subnet, as long as its neurons.
		assert_eq!(crate::Scores::<Test>::get(netuid).emission.into_inner(), vec![10, 30]);
		assert!(!crate::Scores::<Test>::contains_key(5));
		assert_eq!(SubnetEmission::<Test>::get(netuid), 20);
		// A neuron registered in the epoch's block or later did not earn what was recorded.
		register(CHARLIE, netuid, HK3);
		assert_eq!(score(2), 0);
		let recorded = crate::Scores::<Test>::get(netuid);
		assert_eq!(recorded.of(1, System::block_number() as u32), 0);
		assert_eq!(recorded.of(1, 0), 30);
		Subnets::record_epoch_emission(netuid, &[0, 0]);
		assert_eq!(SubnetEmission::<Test>::get(netuid), 10);
		assert!(!SubnetEmission::<Test>::contains_key(5));
	});
}

#[test]
fn a_forfeited_neuron_loses_its_bond_share_and_its_uid() {
	use merit_primitives::{BondSlash, SlashReason};
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		register(BOB, netuid, HK2);
		register(CHARLIE, netuid, HK3);
		let issuance = Balances::total_issuance();
		let bob = free(BOB);
		let taken = <Subnets as BondSlash<_, _>>::forfeit(
			netuid,
			&HK2,
			sp_runtime::Perbill::from_percent(40),
			SlashReason::UnavailableModel,
		);
		assert_eq!(taken, 20);
		assert_eq!(
			last_event(),
			Event::NeuronForfeited {
				netuid,
				uid: 0,
				hotkey: HK2,
				coldkey: BOB,
				bond_slashed: 20,
				bond_returned: BOND - 20,
				reason: SlashReason::UnavailableModel
			}
		);
		assert_eq!(Balances::total_issuance(), issuance - 20, "slashed bonds are burned");
		assert_eq!(held(HoldReason::MinerBond, BOB), 0);
		assert_eq!(free(BOB), bob + BOND - 20, "the rest of the bond is returned at once");
		assert_eq!(Neurons::<Test>::get(netuid, 0).unwrap().bond, 0);
		assert!(Subnets::neuron_view(netuid, 0).unwrap().forfeited);
		// A second forfeiture takes nothing; a hotkey not registered there neither.
		let again = <Subnets as BondSlash<_, _>>::forfeit(
			netuid,
			&HK2,
			sp_runtime::Perbill::one(),
			SlashReason::UnavailableModel,
		);
		assert_eq!(again, 0);
		let unknown = <Subnets as BondSlash<_, _>>::forfeit(
			netuid,
			&HK4,
			sp_runtime::Perbill::one(),
			SlashReason::CopiedModel,
		);
		assert_eq!(unknown, 0);
		// It may not commit a model any more.
		assert_noop!(
			Subnets::commit_model(RuntimeOrigin::signed(HK2), netuid, [1; 32], 10),
			Error::<Test>::NeuronForfeited
		);
		// The next registrant takes its UID although UIDs are free.
		run_to_block(2);
		register(ALICE, netuid, HK4);
		assert_eq!(Uids::<Test>::get(netuid, HK4), Some(0));
		assert_eq!(Uids::<Test>::get(netuid, HK2), None);
		assert!(!Subnets::neuron_view(netuid, 0).unwrap().forfeited);
		assert_eq!(NeuronCount::<Test>::get(netuid), 2);
	});
}
