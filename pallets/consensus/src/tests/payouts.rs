//! Epoch earnings are queued and paid a page a block (4 payees in the mock), to the keys the
//! UIDs had when the epoch ran, with the books balanced at every step.

use crate::{mock::*, Event, Issuance, PayoutPages, PayoutQueue};
use frame_support::{assert_ok, traits::fungible::Inspect};
use pallet_merit_subnets::Hyperparameter;

/// V1 and V2 weight M1, M2 and M3 at 4 : 3 : 1, so the epoch at block 20 earns V1 3,000 and
/// V2 1,000 (dividends), M1 2,000, M2 1,500 and M3 500 (incentive): five payees, two pages.
fn five_payees() -> u16 {
	let netuid = standard_subnet();
	set_weights(V1_HK, netuid, vec![2, 3, 4], vec![4, 3, 1]);
	set_weights(V2_HK, netuid, vec![2, 3, 4], vec![4, 3, 1]);
	run_epoch(netuid);
	assert_eq!(System::block_number(), 20);
	netuid
}

/// `who`'s balance, held parts (stake, miner bond) included.
fn holdings(who: AccountId) -> Balance {
	<Balances as Inspect<AccountId>>::total_balance(&who)
}

#[test]
fn an_epoch_is_paid_a_page_a_block() {
	build_and_execute(|| {
		let netuid = five_payees();
		assert!(consensus_events().contains(&Event::EpochCompleted {
			netuid,
			epoch: 2,
			neurons: 5,
			validators: 2,
			owner_cut: 2_000,
			miners: 4_000,
			validators_paid: 4_000,
			payout_pages: 2,
			to_treasury: 0,
		}));
		// The epoch's block pays the first page: UIDs 0–3.
		assert_eq!(
			last_event(),
			Event::PayoutPaid {
				netuid,
				epoch: 2,
				payees: 4,
				miners: 3_500,
				validators: 4_000,
				to_treasury: 0,
				pages_left: 1,
			}
		);
		assert_eq!(staked(V1, V1_HK), 3_000 + 3_000);
		assert_eq!(staked(M2, M2_HK), 1_500);
		assert_eq!(staked(M3, M3_HK), 0);
		// M3's 500 is owed: still pending in the books, not yet issued.
		assert_eq!(Issuance::<Test>::get().pending, 500);
		assert_eq!(PayoutQueue::<Test>::get().len(), 1);
		check_invariants();

		run_to_block(21);
		assert_eq!(staked(M3, M3_HK), 500);
		assert_eq!(
			last_event(),
			Event::PayoutPaid {
				netuid,
				epoch: 2,
				payees: 1,
				miners: 500,
				validators: 0,
				to_treasury: 0,
				pages_left: 0,
			}
		);
		assert!(PayoutQueue::<Test>::get().is_empty());
		assert_eq!(PayoutPages::<Test>::iter().count(), 0);
		// Block 21's emission is the only thing pending now.
		assert_eq!(Issuance::<Test>::get().pending, BLOCK_EMISSION);
		// A block with nothing queued pays nothing.
		System::reset_events();
		run_to_block(22);
		assert!(!consensus_events().iter().any(|e| matches!(e, Event::PayoutPaid { .. })));
	});
}

/// M3 is pruned for a newcomer on UID 4 before its page is paid: the page pays M3's coldkey,
/// not the newcomer.
#[test]
fn a_page_pays_the_keys_of_its_epoch() {
	build_and_execute(|| {
		let netuid = five_payees();
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			Hyperparameter::MaxUids(5)
		));
		let m3_before = holdings(M3);
		// The subnet is full: M3, the lowest earner, gives way.
		assert_eq!(register(netuid, 8, 19), 4);
		run_to_block(21);
		assert_eq!(holdings(M3), m3_before + 500);
		assert_eq!(staked(8, 19), 0);
	});
}

/// Earnings queued before a subnet is dissolved are still paid.
#[test]
fn a_dissolved_subnet_still_pays_what_was_earned() {
	build_and_execute(|| {
		let netuid = five_payees();
		let m3_before = holdings(M3);
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		assert_eq!(Issuance::<Test>::get().pending, 500);
		run_to_block(21);
		assert_eq!(holdings(M3), m3_before + 500);
		assert_eq!(Issuance::<Test>::get().pending, 0);
	});
}

/// Pages are paid oldest first across subnets: a second subnet's epoch waits behind the
/// first's queued page.
#[test]
fn pages_are_paid_in_the_order_queued() {
	build_and_execute(|| {
		let a = five_payees();
		// Subnet `b`'s first epoch pays only its owner cut: nothing is queued behind `a`'s page.
		let b = subnet();
		run_to_block(21);
		let paid: Vec<(u16, u32)> = consensus_events()
			.iter()
			.filter_map(|e| match e {
				Event::PayoutPaid { netuid, payees, .. } => Some((*netuid, *payees)),
				_ => None,
			})
			.collect();
		assert_eq!(paid, vec![(a, 4), (a, 1)]);
		assert_ne!(a, b);
		// An empty queue is not stored.
		assert!(!PayoutQueue::<Test>::exists());
	});
}

/// An owner who shortens a large subnet's tempo cannot grow the queue: the next epoch waits
/// until the last one's pages are paid.
#[test]
fn an_epoch_waits_for_its_last_payouts() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		set_weights(V1_HK, netuid, vec![2, 3, 4], vec![4, 3, 1]);
		set_weights(V2_HK, netuid, vec![2, 3, 4], vec![4, 3, 1]);
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			Hyperparameter::Tempo(1)
		));
		run_epoch(netuid); // block 20: two pages queued, one paid; the next epoch due at 21
		assert_eq!(System::block_number(), 20);
		assert_eq!(crate::QueuedPages::<Test>::get(netuid), 1);
		System::reset_events();
		run_to_block(21);
		// Block 21 was due but pays block 20's last page instead.
		assert!(consensus_events().contains(&Event::EpochDeferred { netuid }));
		assert_eq!(crate::Schedule::<Test>::get(netuid).unwrap().last_run, 20);
		assert_eq!(crate::QueuedPages::<Test>::get(netuid), 0);
		run_to_block(22);
		assert_eq!(crate::Schedule::<Test>::get(netuid).unwrap().last_run, 22);
	});
}
