use crate::{mock::*, Error, Event, HoldReason, Hyperparameter::RegistrationAllowed, *};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use merit_primitives::{EmissionRecorder, TaskSpec};
use sp_runtime::DispatchError;

fn origin(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

#[test]
fn register_subnet_holds_the_lock_and_claims_the_hotkey() {
	build_and_execute(|| {
		assert_eq!(Subnets::lock_cost(), LOCK_FLOOR);
		assert_ok!(Subnets::register_subnet(origin(ALICE), HK1, digits(), consent(HK1, ALICE)));
		assert_eq!(
			last_event(),
			Event::SubnetRegistered {
				netuid: 0,
				owner: ALICE,
				owner_hotkey: HK1,
				task: digits(),
				lock: LOCK_FLOOR
			}
		);
		assert_eq!(held(HoldReason::SubnetLock, ALICE), LOCK_FLOOR);
		assert_eq!(free(ALICE), ENDOWMENT - LOCK_FLOOR);
		assert_eq!(Balances::total_issuance(), 3 * ENDOWMENT + 10);
		assert_eq!(HotkeyOwner::<Test>::get(HK1), Some(ALICE));
		assert_eq!(Hyperparameters::<Test>::get(0), Some(hyperparams()));
		assert_eq!(Subnets::current_burn(0), MIN_BURN);
		// The next registration costs double, decaying linearly back to the floor.
		assert_eq!(Subnets::lock_cost(), 2 * LOCK_FLOOR);
		run_to_block(1 + LOCK_DECAY as u64 / 2);
		assert_eq!(Subnets::lock_cost(), LOCK_FLOOR + LOCK_FLOOR / 2);
		assert_ok!(Subnets::register_subnet(origin(BOB), HK2, digits(), consent(HK2, BOB)));
		assert_eq!(held(HoldReason::SubnetLock, BOB), 1_500);
		assert_eq!(Subnets::lock_cost(), 3_000);
		run_to_block(1_000);
		assert_eq!(Subnets::lock_cost(), LOCK_FLOOR);
	});
}

#[test]
fn register_subnet_refusals_change_nothing() {
	build_and_execute(|| {
		let bad = |f: fn(&mut TaskSpec)| {
			let mut task = digits();
			f(&mut task);
			task
		};
		for task in [
			bad(|t| t.max_model_bytes = 0),
			bad(|t| t.eval_size = 0),
			bad(|t| t.dataset_id = Default::default()),
			bad(|t| t.max_model_bytes = merit_primitives::MAX_MODEL_BYTES + 1),
			bad(|t| t.eval_size = merit_primitives::MAX_EVAL_SIZE + 1),
		] {
			assert_noop!(
				Subnets::register_subnet(origin(ALICE), HK1, task, consent(HK1, ALICE)),
				Error::<Test>::InvalidTaskSpec
			);
		}
		assert_noop!(
			Subnets::register_subnet(origin(POOR), HK1, digits(), consent(HK1, POOR)),
			Error::<Test>::InsufficientBalance
		);
		assert_noop!(
			Subnets::register_subnet(RuntimeOrigin::none(), HK1, digits(), None),
			DispatchError::BadOrigin
		);
		assert_ok!(Subnets::register_subnet(origin(ALICE), HK1, digits(), consent(HK1, ALICE)));
		run_to_block(1 + SUBNET_RATE_LIMIT as u64 - 1);
		assert_noop!(
			Subnets::register_subnet(origin(BOB), HK2, digits(), consent(HK2, BOB)),
			Error::<Test>::SubnetRegistrationRateLimited
		);
		run_to_block(1 + SUBNET_RATE_LIMIT as u64);
		assert_noop!(
			Subnets::register_subnet(origin(BOB), HK1, digits(), consent(HK1, BOB)),
			Error::<Test>::HotkeyOwnedByAnotherColdkey
		);
		assert_ok!(Subnets::register_subnet(origin(BOB), HK2, digits(), consent(HK2, BOB)));
	});
}

#[test]
fn a_full_registry_replaces_the_lowest_emission_subnet_once_immunity_ends() {
	build_and_execute(|| {
		let owners = [(ALICE, HK1), (BOB, HK2), (CHARLIE, HK3)];
		for (i, (owner, hotkey)) in owners.into_iter().enumerate() {
			run_to_block(1 + i as u64 * SUBNET_RATE_LIMIT as u64);
			assert_eq!(subnet(owner, hotkey), i as u16);
			assert_ok!(Subnets::burned_register(
				origin(owner),
				i as u16,
				hotkey,
				consent(hotkey, owner)
			));
		}
		run_to_block(20);
		assert_noop!(
			Subnets::register_subnet(origin(ALICE), HK4, digits(), consent(HK4, ALICE)),
			Error::<Test>::SubnetLimitReached
		);
		Subnets::record_epoch_emission(0, &[400]);
		Subnets::record_epoch_emission(1, &[100]);
		Subnets::record_epoch_emission(2, &[300]);
		assert_eq!(SubnetEmission::<Test>::get(1), 50);
		// Subnet 2 registered at block 11 is immune until block 61.
		run_to_block(1 + 2 * SUBNET_RATE_LIMIT as u64 + SUBNET_IMMUNITY as u64 - 1);
		let bob_lock = Registry::<Test>::get(1).unwrap().lock;
		assert_eq!(bob_lock, LOCK_FLOOR + LOCK_FLOOR * 95 / 100);
		let lock = Subnets::lock_cost();
		let bob_free = free(BOB);
		assert_ok!(Subnets::register_subnet(origin(ALICE), HK4, digits(), consent(HK4, ALICE)));
		// Subnet 1 is dissolved; its neuron is still being cleaned up, so the newcomer gets
		// netuid 3.
		let events: Vec<_> = System::events()
			.into_iter()
			.filter_map(|r| match r.event {
				RuntimeEvent::Subnets(e) => Some(e),
				_ => None,
			})
			.rev()
			.take(4)
			.collect();
		assert_eq!(
			events,
			vec![
				Event::SubnetRegistered {
					netuid: 3,
					owner: ALICE,
					owner_hotkey: HK4,
					task: digits(),
					lock
				},
				Event::HotkeyClaimed { hotkey: HK4, coldkey: ALICE },
				Event::SubnetReplaced { netuid: 1, emission: 50 },
				Event::SubnetDissolved {
					netuid: 1,
					owner: BOB,
					lock_returned: bob_lock,
					lock_burned: 0,
					neurons: 1
				},
			]
		);
		assert_eq!(free(BOB), bob_free + bob_lock);
		assert_eq!(held(HoldReason::SubnetLock, BOB), 0);
		assert_eq!(held(HoldReason::MinerBond, BOB), BOND, "the bond comes back at cleanup");
		assert_eq!(Registry::<Test>::get(3).unwrap().owner, ALICE);
		assert!(Dissolving::<Test>::contains_key(1));
		Subnets::on_initialize(61);
		assert_eq!(free(BOB), bob_free + bob_lock + BOND);
		assert_eq!(last_event(), Event::SubnetCleanedUp { netuid: 1 });
		assert!(!Dissolving::<Test>::contains_key(1));
		assert_eq!(NeuronCount::<Test>::get(1), 0);
	});
}

/// Every storage key under the pallet's prefix.
fn pallet_keys() -> std::collections::BTreeSet<Vec<u8>> {
	let prefix = sp_io::hashing::twox_128(b"Subnets").to_vec();
	let mut keys = std::collections::BTreeSet::new();
	let mut key = prefix.clone();
	while let Some(next) = sp_io::storage::next_key(&key) {
		if !next.starts_with(&prefix) {
			break;
		}
		keys.insert(next.clone());
		key = next;
	}
	keys
}

#[test]
fn dissolve_returns_lock_and_bonds_and_leaves_nothing_behind() {
	build_and_execute(|| {
		let before = pallet_keys();
		let netuid = subnet(ALICE, HK1);
		for (coldkey, hotkey) in [(ALICE, HK1), (BOB, HK2)] {
			assert_ok!(Subnets::burned_register(
				origin(coldkey),
				netuid,
				hotkey,
				consent(hotkey, coldkey)
			));
		}
		assert_ok!(Subnets::serve_axon(
			origin(HK2),
			netuid,
			IpAddress::V4([8, 8, 8, 8]),
			8080,
			AxonProtocol::Http,
			1
		));
		let hash = [7u8; 32];
		let binding = Subnets::model_binding(&hash, &HK2, netuid);
		assert_ok!(Subnets::commit_model(origin(HK2), netuid, binding, 1_000));
		run_to_block(2);
		assert_ok!(Subnets::reveal_model(origin(HK2), netuid, hash));
		Subnets::record_epoch_emission(netuid, &[1, 2]);
		let bob_free = free(BOB);
		let issuance = Balances::total_issuance();

		// Only the admin origin dissolves: not a stranger, not even the owner.
		assert_noop!(Subnets::dissolve_subnet(origin(BOB), netuid), DispatchError::BadOrigin);
		assert_noop!(Subnets::dissolve_subnet(origin(ALICE), netuid), DispatchError::BadOrigin);
		assert_noop!(
			Subnets::dissolve_subnet(RuntimeOrigin::root(), 9),
			Error::<Test>::SubnetNotFound
		);
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		assert_eq!(
			last_event(),
			Event::SubnetDissolved {
				netuid,
				owner: ALICE,
				lock_returned: LOCK_FLOOR,
				lock_burned: 0,
				neurons: 2
			}
		);
		assert_noop!(
			Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid),
			Error::<Test>::SubnetNotFound
		);
		assert_eq!(Subnets::neuron_views(netuid), vec![], "a dissolved subnet shows no neurons");
		Subnets::on_initialize(2);
		assert_eq!(free(BOB), bob_free + BOND);
		assert_eq!(held(HoldReason::MinerBond, ALICE) + held(HoldReason::SubnetLock, ALICE), 0);
		assert_eq!(Balances::total_issuance(), issuance);

		// What is left is network-wide (lock decay, rate limit, subnet counter) or per hotkey
		// (ownership), never per netuid.
		let allowed = [
			LockCostPeak::<Test>::hashed_key().to_vec(),
			LastSubnetRegistration::<Test>::hashed_key().to_vec(),
			Registry::<Test>::counter_storage_final_key().to_vec(),
			HotkeyOwner::<Test>::hashed_key_for(HK1),
			HotkeyOwner::<Test>::hashed_key_for(HK2),
		];
		let left: Vec<_> = pallet_keys().difference(&before).cloned().collect();
		assert!(left.iter().all(|k| allowed.contains(k)), "left behind: {left:?}");
		assert_eq!(Registry::<Test>::count(), 0);
	});
}

#[test]
fn dissolution_keeps_the_owner_cut_the_subnet_paid_from_the_lock() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		// Two epochs paid the owner 300 and 200.
		Subnets::record_owner_cut(netuid, 300);
		Subnets::record_owner_cut(netuid, 200);
		assert_eq!(Subnets::subnet_view(netuid).unwrap().owner_emission, 500);
		let issuance = Balances::total_issuance();
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Subnets(Event::SubnetDissolved {
				netuid,
				owner: ALICE,
				lock_returned: LOCK_FLOOR - 500,
				lock_burned: 500,
				neurons: 0
			})));
		assert_eq!(free(ALICE), ENDOWMENT - 500, "the owner leaves with lock − owner cut");
		assert_eq!(held(HoldReason::SubnetLock, ALICE), 0);
		assert_eq!(Balances::total_issuance(), issuance - 500, "the rest is burned");

		// An owner paid more than its lock gets nothing back, and loses nothing more.
		run_to_block(System::block_number() + SUBNET_RATE_LIMIT as u64);
		let netuid = subnet(ALICE, HK1);
		let lock = Registry::<Test>::get(netuid).unwrap().lock;
		Subnets::record_owner_cut(netuid, lock * 3);
		let alice = free(ALICE);
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		assert_eq!(free(ALICE), alice);
		assert_eq!(held(HoldReason::SubnetLock, ALICE), 0);
	});
}

#[test]
fn closing_registration_is_the_admins() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_noop!(
			Subnets::set_hyperparameter(origin(ALICE), netuid, RegistrationAllowed(false)),
			Error::<Test>::HyperparameterAdminOnly
		);
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			RegistrationAllowed(false)
		));
		assert_noop!(
			Subnets::burned_register(origin(BOB), netuid, HK2, consent(HK2, BOB)),
			Error::<Test>::RegistrationDisabled
		);
	});
}

#[test]
fn admin_can_dissolve_any_subnet() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_noop!(
			Subnets::dissolve_subnet(RuntimeOrigin::root(), 5),
			Error::<Test>::SubnetNotFound
		);
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		// No neurons: nothing to clean up later.
		assert_eq!(last_event(), Event::SubnetCleanedUp { netuid });
		assert!(!Dissolving::<Test>::contains_key(netuid));
		assert_eq!(free(ALICE), ENDOWMENT);
		assert!(Registry::<Test>::get(netuid).is_none());
	});
}

#[test]
fn a_large_subnet_is_cleaned_up_a_bounded_number_of_neurons_per_block() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		for (coldkey, hotkey) in [(ALICE, HK1), (BOB, HK2)] {
			assert_ok!(Subnets::burned_register(
				origin(coldkey),
				netuid,
				hotkey,
				consent(hotkey, coldkey)
			));
		}
		run_to_block(2);
		assert_ok!(Subnets::burned_register(origin(CHARLIE), netuid, HK3, consent(HK3, CHARLIE)));
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		// Calls on the dissolved subnet are refused while its neurons wait.
		assert_noop!(
			Subnets::serve_axon(
				origin(HK1),
				netuid,
				IpAddress::V4([8, 8, 8, 8]),
				1,
				AxonProtocol::Http,
				0
			),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(
			Subnets::burned_register(origin(ALICE), netuid, HK4, consent(HK4, ALICE)),
			Error::<Test>::SubnetNotFound
		);
		// Budget 2 per block: UIDs 2 and 1 go first, UID 0 next block.
		let charlie = free(CHARLIE);
		Subnets::on_initialize(3);
		assert_eq!(NeuronCount::<Test>::get(netuid), 1);
		assert_eq!(free(CHARLIE), charlie + BOND);
		assert!(Dissolving::<Test>::contains_key(netuid));
		// The netuid is not reused meanwhile.
		run_to_block(2 + SUBNET_RATE_LIMIT as u64);
		assert_eq!(subnet(BOB, HK2), 1);
		Subnets::on_initialize(4);
		assert_eq!(last_event(), Event::SubnetCleanedUp { netuid });
		assert_eq!(held(HoldReason::MinerBond, ALICE), 0);
		assert_eq!(subnet_after_rate_limit(CHARLIE, HK3), netuid, "free again");
	});
}

fn subnet_after_rate_limit(owner: AccountId, hotkey: AccountId) -> u16 {
	run_to_block(System::block_number() + SUBNET_RATE_LIMIT as u64);
	subnet(owner, hotkey)
}
