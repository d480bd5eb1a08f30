//! The selective, paginated metagraph (`MetagraphApi`): each column a client picks equals the
//! full metagraph's, pages tile the subnet, bad ranges are refused with the reason; and an
//! epoch's payouts are read in the block it ran, matching its event.

use super::scored_subnet;
use crate::harness::*;
use merit_runtime::{metagraph, Consensus, Runtime, RuntimeEvent, Subnets};
use pallet_merit_consensus_runtime_api::{MetagraphError, MetagraphField as F, MAX_METAGRAPH_PAGE};

/// A column that must be there.
fn col<V: Clone>(v: &Option<Vec<V>>) -> Vec<V> {
	v.clone().expect("every column when none is picked")
}

#[test]
fn picked_columns_equal_the_full_metagraph() {
	each_preset(|preset| {
		let s = scored_subnet();
		let full = Consensus::neuron_consensus(s.netuid).expect("registered");
		let neurons = Subnets::neuron_views(s.netuid);
		let page = metagraph::page(s.netuid, &[], 0, MAX_METAGRAPH_PAGE).expect("all of it");
		assert_eq!(page.neurons as usize, neurons.len(), "{preset}");
		assert_eq!(page.uids, (0..page.neurons).collect::<Vec<_>>());
		assert_eq!(col(&page.hotkey), neurons.iter().map(|n| n.hotkey.clone()).collect::<Vec<_>>());
		assert_eq!(
			col(&page.coldkey),
			neurons.iter().map(|n| n.coldkey.clone()).collect::<Vec<_>>()
		);
		assert_eq!(col(&page.stake), full.iter().map(|n| n.stake).collect::<Vec<_>>());
		assert_eq!(col(&page.incentive), full.iter().map(|n| n.incentive).collect::<Vec<_>>());
		assert_eq!(col(&page.dividends), full.iter().map(|n| n.dividends).collect::<Vec<_>>());
		assert_eq!(col(&page.emission), full.iter().map(|n| n.emission).collect::<Vec<_>>());
		assert_eq!(
			col(&page.validator_permit),
			full.iter().map(|n| n.validator_permit).collect::<Vec<_>>()
		);
		assert_eq!(col(&page.axon), neurons.iter().map(|n| n.axon.clone()).collect::<Vec<_>>());
		assert_eq!(col(&page.model), neurons.iter().map(|n| n.model.clone()).collect::<Vec<_>>());
		// The scenario is live: the weighted miners earned, 3:1.
		let incentive = col(&page.incentive);
		let (a, b) = (uid(s.netuid, &s.miners[0]), uid(s.netuid, &s.miners[1]));
		assert!(incentive[a as usize] > incentive[b as usize], "{preset}: {incentive:?}");
		assert!(col(&page.axon)[a as usize].is_some());

		// Only what was asked for: stake and incentive.
		let picked = metagraph::page(s.netuid, &[F::Stake, F::Incentive], 0, 4096).unwrap();
		assert_eq!(picked.stake, page.stake);
		assert_eq!(picked.incentive, page.incentive);
		assert!(picked.hotkey.is_none() && picked.axon.is_none() && picked.model.is_none());
		assert!(picked.dividends.is_none() && picked.emission.is_none());
	});
}

#[test]
fn pages_tile_the_subnet() {
	each_preset(|preset| {
		let s = scored_subnet();
		let whole = metagraph::page(s.netuid, &[F::Hotkey, F::Emission], 0, 4096).unwrap();
		let n = whole.neurons;
		assert_eq!(n, 3, "{preset}: the validator and two miners");
		let mut hotkeys = Vec::new();
		let mut start = 0;
		while start < n {
			let page = metagraph::page(s.netuid, &[F::Hotkey], start, 2).unwrap();
			assert_eq!(page.uids.first(), Some(&start));
			assert!(page.uids.len() <= 2);
			hotkeys.extend(page.hotkey.unwrap());
			start += 2;
		}
		assert_eq!(Some(hotkeys), whole.hotkey, "{preset}");
		// A page reaching past the last UID is cut there.
		let tail = metagraph::page(s.netuid, &[], n - 1, 100).unwrap();
		assert_eq!(tail.uids, vec![n - 1]);
	});
}

#[test]
fn bad_ranges_and_subnets_are_refused_with_the_reason() {
	each_preset(|_| {
		let s = scored_subnet();
		let n = metagraph::page(s.netuid, &[F::Hotkey], 0, 1).unwrap().neurons;
		assert_eq!(metagraph::page(999, &[], 0, 10), Err(MetagraphError::UnknownSubnet));
		assert_eq!(
			metagraph::page(s.netuid, &[], n, 10),
			Err(MetagraphError::StartOutOfRange { neurons: n })
		);
		assert_eq!(
			metagraph::page(s.netuid, &[], u16::MAX, 1),
			Err(MetagraphError::StartOutOfRange { neurons: n })
		);
		assert_eq!(metagraph::page(s.netuid, &[], 0, 0), Err(MetagraphError::EmptyRange));
		assert_eq!(
			metagraph::page(s.netuid, &[], 0, MAX_METAGRAPH_PAGE + 1),
			Err(MetagraphError::RangeTooLarge { max: MAX_METAGRAPH_PAGE })
		);
	});
}

#[test]
fn an_epochs_payouts_are_read_in_its_block() {
	each_preset(|preset| {
		let s = scored_subnet();
		// `scored_subnet` ends in the block its last epoch ran.
		let payouts = metagraph::epoch_payouts(s.netuid).expect("an epoch ran in this block");
		assert_eq!(payouts.block, now());
		assert_eq!(payouts.epoch, epoch(s.netuid), "{preset}");
		let event = events()
			.into_iter()
			.filter_map(|e| match e {
				RuntimeEvent::Consensus(pallet_merit_consensus::Event::EpochCompleted {
					netuid,
					epoch,
					owner_cut,
					miners,
					validators_paid,
					to_treasury,
					..
				}) if netuid == s.netuid && epoch == payouts.epoch => {
					Some((owner_cut, miners, validators_paid, to_treasury))
				},
				_ => None,
			})
			.last()
			.expect("the epoch's event");
		assert_eq!(
			(payouts.owner_cut, payouts.miners, payouts.validators, payouts.to_treasury),
			event
		);
		let paid: u128 = payouts.payouts.iter().map(|p| p.emission).sum();
		assert_eq!(paid, event.1 + event.2, "{preset}: per UID adds up to the totals");
		let results = pallet_merit_consensus::EpochResults::<Runtime>::get(s.netuid).unwrap();
		for p in &payouts.payouts {
			assert_eq!(p.emission, results.emission[p.uid as usize]);
			assert_eq!(
				p.hotkey,
				pallet_merit_subnets::Neurons::<Runtime>::get(s.netuid, p.uid).unwrap().hotkey
			);
		}
		assert!(payouts.payouts.iter().any(|p| p.hotkey == s.miners[0]));
		// A block later, no epoch of this subnet ran in the block read.
		next_block();
		assert_eq!(metagraph::epoch_payouts(s.netuid), None);
		assert_eq!(metagraph::epoch_payouts(999), None);
	});
}
