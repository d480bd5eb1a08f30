use crate::{mock::*, Error, Event, *};
use frame_support::{assert_noop, assert_ok};

const MODEL: [u8; 32] = [42; 32];

fn commit(hotkey: AccountId, netuid: u16, hash: [u8; 32]) {
	let binding = Subnets::model_binding(&hash, &hotkey, netuid);
	assert_ok!(Subnets::commit_model(RuntimeOrigin::signed(hotkey), netuid, binding, 1_000));
}

fn reveal(hotkey: AccountId, netuid: u16, hash: [u8; 32]) {
	assert_ok!(Subnets::reveal_model(RuntimeOrigin::signed(hotkey), netuid, hash));
}

fn setup() -> u16 {
	let netuid = subnet(ALICE, HK1);
	for (coldkey, hotkey) in [(ALICE, HK1), (BOB, HK2), (CHARLIE, HK3)] {
		run_to_block(System::block_number() + 1);
		assert_ok!(Subnets::burned_register(
			RuntimeOrigin::signed(coldkey),
			netuid,
			hotkey,
			consent(hotkey, coldkey)
		));
	}
	netuid
}

#[test]
fn commit_then_reveal_records_the_model() {
	build_and_execute(|| {
		let netuid = setup();
		let now = System::block_number() as u32;
		let binding = Subnets::model_binding(&MODEL, &HK2, netuid);
		assert_eq!(
			binding,
			sp_io::hashing::blake2_256(
				&[&MODEL[..], &HK2.to_le_bytes(), &netuid.to_le_bytes()].concat()
			)
		);
		assert_ok!(Subnets::commit_model(RuntimeOrigin::signed(HK2), netuid, binding, 1_000));
		assert_eq!(
			last_event(),
			Event::ModelCommitted { netuid, hotkey: HK2, binding, size_bytes: 1_000 }
		);
		run_to_block(System::block_number() + 1);
		reveal(HK2, netuid, MODEL);
		assert_eq!(last_event(), Event::ModelRevealed { netuid, hotkey: HK2, model_hash: MODEL });
		assert_eq!(
			ModelCommitments::<Test>::get(netuid, HK2),
			Some(ModelCommitment {
				binding,
				size_bytes: 1_000,
				committed_at: now,
				revealed: Some(MODEL),
				copy_of: None
			})
		);
		assert_eq!(RevealedModels::<Test>::get(netuid, MODEL), Some((HK2, now)));
		assert_eq!(ModelClaims::<Test>::get(netuid, HK2), Some(MODEL));
		// A new commitment replaces the old one; the claim on the old model stands until
		// another model is revealed.
		commit(HK2, netuid, [1; 32]);
		assert_eq!(ModelCommitments::<Test>::get(netuid, HK2).unwrap().revealed, None);
		assert_eq!(RevealedModels::<Test>::get(netuid, MODEL), Some((HK2, now)));
		run_to_block(System::block_number() + 1);
		reveal(HK2, netuid, [1; 32]);
		assert_eq!(RevealedModels::<Test>::get(netuid, MODEL), None);
		assert_eq!(ModelClaims::<Test>::get(netuid, HK2), Some([1; 32]));
	});
}

#[test]
fn commit_refusals_change_nothing() {
	build_and_execute(|| {
		let netuid = setup();
		let b = [0u8; 32];
		let commit =
			|who, netuid, size| Subnets::commit_model(RuntimeOrigin::signed(who), netuid, b, size);
		assert_noop!(commit(HK2, 9, 10), Error::<Test>::SubnetNotFound);
		assert_noop!(commit(HK4, netuid, 10), Error::<Test>::NotRegistered);
		assert_noop!(commit(HK2, netuid, 0), Error::<Test>::EmptyModel);
		assert_noop!(
			commit(HK2, netuid, digits().max_model_bytes + 1),
			Error::<Test>::ModelTooLarge
		);
		assert_ok!(commit(HK2, netuid, digits().max_model_bytes));
	});
}

#[test]
fn reveal_refusals_change_nothing() {
	build_and_execute(|| {
		let netuid = setup();
		let reveal =
			|who, netuid, hash| Subnets::reveal_model(RuntimeOrigin::signed(who), netuid, hash);
		assert_noop!(reveal(HK2, 9, MODEL), Error::<Test>::SubnetNotFound);
		assert_noop!(reveal(HK4, netuid, MODEL), Error::<Test>::NotRegistered);
		assert_noop!(reveal(HK2, netuid, MODEL), Error::<Test>::NoCommitment);
		commit(HK2, netuid, MODEL);
		assert_noop!(reveal(HK2, netuid, MODEL), Error::<Test>::RevealTooEarly);
		run_to_block(System::block_number() + 1);
		assert_noop!(reveal(HK2, netuid, [9; 32]), Error::<Test>::BindingMismatch);
		// Someone else's binding does not open with the same hash.
		let theirs = Subnets::model_binding(&MODEL, &HK3, netuid);
		assert_ok!(Subnets::commit_model(RuntimeOrigin::signed(HK2), netuid, theirs, 10));
		run_to_block(System::block_number() + 1);
		assert_noop!(reveal(HK2, netuid, MODEL), Error::<Test>::BindingMismatch);
		commit(HK2, netuid, MODEL);
		run_to_block(System::block_number() + 1);
		assert_ok!(reveal(HK2, netuid, MODEL));
		assert_noop!(reveal(HK2, netuid, MODEL), Error::<Test>::AlreadyRevealed);
	});
}

#[test]
fn a_later_commit_of_a_revealed_model_is_a_copy() {
	build_and_execute(|| {
		let netuid = setup();
		commit(HK2, netuid, MODEL);
		run_to_block(System::block_number() + 1);
		reveal(HK2, netuid, MODEL);
		// HK3 saw the revealed hash and commits it under its own hotkey.
		commit(HK3, netuid, MODEL);
		run_to_block(System::block_number() + 1);
		reveal(HK3, netuid, MODEL);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Subnets(Event::ModelCopied {
				netuid,
				copier: HK3,
				original: HK2,
				model_hash: MODEL
			})));
		assert_eq!(ModelCommitments::<Test>::get(netuid, HK3).unwrap().copy_of, Some(HK2));
		assert_eq!(ModelCommitments::<Test>::get(netuid, HK2).unwrap().copy_of, None);
		assert_eq!(RevealedModels::<Test>::get(netuid, MODEL).unwrap().0, HK2);
		assert_eq!(COPIES.with(|c| c.borrow().clone()), vec![(netuid, HK3, HK2, MODEL)]);
		// The copier forfeits its UID at once: the listener's share of its bond is slashed,
		// the rest returned, and it may not commit again.
		let uid = Uids::<Test>::get(netuid, HK3).unwrap();
		assert!(Forfeited::<Test>::contains_key(netuid, uid));
		assert_eq!(Neurons::<Test>::get(netuid, uid).unwrap().bond, 0);
		let slashed = COPY_BOND_SHARE * BOND;
		assert!(System::events().iter().any(|r| matches!(
			r.event,
			RuntimeEvent::Subnets(Event::NeuronForfeited { hotkey: HK3, bond_slashed, bond_returned, .. })
				if bond_slashed == slashed && bond_returned == BOND - slashed
		)));
		assert_noop!(
			Subnets::commit_model(RuntimeOrigin::signed(HK3), netuid, [5; 32], 10),
			Error::<Test>::NeuronForfeited
		);
		// The original is untouched.
		assert!(!Forfeited::<Test>::contains_key(netuid, Uids::<Test>::get(netuid, HK2).unwrap()));
	});
}

#[test]
fn the_earlier_commit_wins_even_when_revealed_second() {
	build_and_execute(|| {
		let netuid = setup();
		commit(HK2, netuid, MODEL);
		run_to_block(System::block_number() + 1);
		commit(HK3, netuid, MODEL);
		run_to_block(System::block_number() + 1);
		reveal(HK3, netuid, MODEL);
		reveal(HK2, netuid, MODEL);
		assert_eq!(ModelCommitments::<Test>::get(netuid, HK3).unwrap().copy_of, Some(HK2));
		assert_eq!(ModelCommitments::<Test>::get(netuid, HK2).unwrap().copy_of, None);
		assert_eq!(RevealedModels::<Test>::get(netuid, MODEL).unwrap().0, HK2);
		assert_eq!(COPIES.with(|c| c.borrow().clone()), vec![(netuid, HK3, HK2, MODEL)]);
	});
}

#[test]
fn committing_again_keeps_the_originals_claim() {
	build_and_execute(|| {
		let netuid = setup();
		let first = System::block_number() as u32;
		commit(HK2, netuid, MODEL);
		run_to_block(System::block_number() + 1);
		reveal(HK2, netuid, MODEL);
		// HK3 commits the same model later and waits; HK2 commits it again.
		commit(HK3, netuid, MODEL);
		run_to_block(System::block_number() + 1);
		commit(HK2, netuid, MODEL);
		run_to_block(System::block_number() + 1);
		reveal(HK3, netuid, MODEL);
		reveal(HK2, netuid, MODEL);
		assert_eq!(ModelCommitments::<Test>::get(netuid, HK3).unwrap().copy_of, Some(HK2));
		assert_eq!(ModelCommitments::<Test>::get(netuid, HK2).unwrap().copy_of, None);
		assert_eq!(RevealedModels::<Test>::get(netuid, MODEL), Some((HK2, first)));
		assert_eq!(COPIES.with(|c| c.borrow().clone()), vec![(netuid, HK3, HK2, MODEL)]);
	});
}

#[test]
fn a_deregistered_original_gives_up_its_claim() {
	build_and_execute(|| {
		let netuid = setup();
		commit(HK2, netuid, MODEL);
		run_to_block(System::block_number() + 1);
		reveal(HK2, netuid, MODEL);
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		<Subnets as frame_support::traits::Hooks<u64>>::on_initialize(System::block_number());
		<Subnets as frame_support::traits::Hooks<u64>>::on_initialize(System::block_number());
		assert_eq!(RevealedModels::<Test>::get(netuid, MODEL), None);
		assert_eq!(ModelClaims::<Test>::get(netuid, HK2), None);
	});
}
