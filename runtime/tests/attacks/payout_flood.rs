//! **Attack.** The owner of a large subnet (or a proposal) sets its tempo to one block, so an
//! epoch runs every block and queues its neurons' earnings faster than the chain pays them
//! (one page of `PayoutsPerBlock` a block): the queue would grow without end and every other
//! subnet's neurons would wait ever longer for what they earned. **Defence.** A subnet's next
//! epoch waits while pages of its last one are queued, so the queue never holds more than
//! one epoch of each subnet: the large subnet only slows its own epochs, and another
//! subnet's page is paid within the large subnet's one epoch of pages.

use crate::harness::*;
use frame_support::{assert_ok, traits::Get};
use merit_runtime::{Runtime, RuntimeEvent, Subnets, UNIT};
use pallet_merit_consensus::{Event, PayoutQueue, QueuedPages};
use pallet_merit_subnets::Hyperparameter::*;

/// A subnet whose one validator weights every other UID of `uids`: every UID earns.
fn earning_subnet(name: &str, uids: u16) -> u16 {
	let owner = actor(&format!("{name}-owner"));
	fund(&owner, ENDOWMENT);
	let netuid = register_subnet(&owner, &actor(&format!("{name}-owner-hotkey")));
	grant_share(netuid);
	for param in [MaxRegsPerBlock(u16::MAX), MaxRegsPerInterval(u16::MAX), CommitReveal(false)] {
		assert_ok!(Subnets::set_hyperparameter(root(), netuid, param));
	}
	let coldkey = actor(&format!("{name}-miners"));
	fund(&coldkey, 100_000 * UNIT);
	let hotkeys: Vec<_> = (0..uids).map(|i| actor(&format!("{name}-neuron-{i}"))).collect();
	for hotkey in &hotkeys {
		register(netuid, &coldkey, hotkey);
	}
	stake(&coldkey, &hotkeys[0], permit_stake(1));
	next_epoch(netuid); // the validator's permit
	let miners: Vec<u16> = (1..uids).collect();
	assert_ok!(set_weights(netuid, &hotkeys[0], &miners, &vec![1; miners.len()]));
	netuid
}

fn paid_pages(netuid: u16) -> usize {
	events()
		.iter()
		.filter(
			|e| matches!(e, RuntimeEvent::Consensus(Event::PayoutPaid { netuid: n, .. }) if *n == netuid),
		)
		.count()
}

#[test]
fn a_short_tempo_cannot_flood_the_payout_queue() {
	each_preset(|preset| {
		let per_page: u32 = <Runtime as pallet_merit_consensus::Config>::PayoutsPerBlock::get();
		// Three pages an epoch: two full, one with a single payee.
		let uids = u16::try_from(2 * per_page + 1).unwrap();
		let big = earning_subnet("big", uids);
		let small = earning_subnet("small", 2);
		assert_ok!(Subnets::set_hyperparameter(root(), big, Tempo(1)));
		next_epoch(big); // from here on due every block
				   // Until the small subnet's next epoch, and a few blocks after.
		let small_due = next_epoch_block(small);
		let small_paid_before = paid_pages(small);
		let (mut big_epochs, mut blocks) = (epoch(big), 0u32);
		let mut small_paid_at = None;
		while now() < small_due + 4 {
			next_block();
			blocks += 1;
			let queue = PayoutQueue::<Runtime>::get();
			assert!(queue.len() <= 3 + 1, "{preset}: {} pages queued", queue.len());
			assert!(QueuedPages::<Runtime>::get(big) <= 3, "{preset}: more than one epoch");
			if small_paid_at.is_none() && paid_pages(small) > small_paid_before {
				small_paid_at = Some(now());
			}
		}
		big_epochs = epoch(big) - big_epochs;
		// The big subnet ran an epoch only once its last one's three pages were paid.
		assert!(
			big_epochs <= blocks.div_ceil(3),
			"{preset}: {big_epochs} epochs in {blocks} blocks"
		);
		assert!(big_epochs >= blocks / 3 - 1, "{preset}: its epochs still run");
		// The small subnet's page waited behind at most one epoch of the big one's.
		let paid_at = small_paid_at.expect("the small subnet's earnings were paid");
		assert!(paid_at <= small_due + 3, "{preset}: paid at {paid_at}, due at {small_due}");
	});
}
