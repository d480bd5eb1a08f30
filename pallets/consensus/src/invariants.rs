//! The pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	BalanceOf, Bonds, Config, EmissionConfig, EpochResults, Issuance, LastUpdate, Pallet,
	PayoutPages, PayoutQueue, PendingEmission, QueuedPages, Schedule, ValidatorPermits,
	WeightCommits, Weights,
};
use frame_support::{ensure, traits::fungible::Inspect};
use merit_primitives::SubnetRegistry;
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

/// Whether a row is sorted by target, without repeats or zeros.
fn well_formed<V: PartialOrd + Zero>(row: &[(u16, V)]) -> bool {
	row.windows(2).all(|p| matches!(p, [a, b] if a.0 < b.0))
		&& row.iter().all(|(_, v)| !v.is_zero())
}

impl<T: Config> Pallet<T> {
	/// Checks the invariants listed in the crate docs: the token books balance, pending
	/// emission adds up and stays under the cap, and per-UID state exists only for
	/// registered neurons (per-subnet state only for registered subnets).
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let books = Issuance::<T>::get();
		let issuance = T::Currency::total_issuance();
		ensure!(
			issuance.saturating_add(books.burned) == books.genesis.saturating_add(books.minted),
			"total issuance ≠ genesis + minted − burned"
		);
		if let Some(params) = EmissionConfig::<T>::get() {
			ensure!(
				books.minted.saturating_add(books.pending) <= params.emission_cap,
				"emission above its cap"
			);
		}
		let mut pending = BalanceOf::<T>::zero();
		for (netuid, amount) in PendingEmission::<T>::iter() {
			ensure!(T::Subnets::exists(netuid), "emission pending for a subnet that is gone");
			pending = pending.saturating_add(amount);
		}
		let queue = PayoutQueue::<T>::get();
		let mut pages = 0u32;
		let mut per_subnet = alloc::collections::BTreeMap::<u16, u32>::new();
		for (index, page) in PayoutPages::<T>::iter() {
			ensure!(
				index.wrapping_sub(queue.first) < queue.len(),
				"a payout page outside the queue"
			);
			ensure!(!page.payees.is_empty(), "an empty payout page");
			for payee in &page.payees {
				ensure!(
					!payee.incentive.is_zero() || !payee.dividend.is_zero(),
					"a payee owed nothing"
				);
				pending = pending.saturating_add(payee.incentive).saturating_add(payee.dividend);
			}
			pages = pages.saturating_add(1);
			let count = per_subnet.entry(page.netuid).or_default();
			*count = count.saturating_add(1);
		}
		let counted: alloc::collections::BTreeMap<u16, u32> = QueuedPages::<T>::iter().collect();
		ensure!(counted == per_subnet, "QueuedPages does not count each subnet's pages");
		ensure!(pages == queue.len(), "the payout queue names pages that are not stored");
		ensure!(pending == books.pending, "pending emission does not add up");

		for (netuid, uid, row) in Weights::<T>::iter() {
			ensure!(T::Subnets::neuron(netuid, uid).is_some(), "weights of no neuron");
			ensure!(well_formed(&row), "weight row unsorted, repeated or with zeros");
		}
		for (netuid, uid, log) in crate::Submissions::<T>::iter() {
			ensure!(T::Subnets::neuron(netuid, uid).is_some(), "submissions of no neuron");
			ensure!(!log.is_empty(), "empty submission log stored");
		}
		for (netuid, uid, _) in crate::WeightSources::<T>::iter() {
			ensure!(Weights::<T>::contains_key(netuid, uid), "weights source without weights");
		}
		// Every submission stores the weights, their source and a log entry together
		// (`store_weights`). Only weights stored before storage version 2 have no source
		// (`migrations::v2`), and those have no log either.
		for (netuid, uid, _) in Weights::<T>::iter() {
			ensure!(
				crate::WeightSources::<T>::contains_key(netuid, uid)
					|| !crate::Submissions::<T>::contains_key(netuid, uid),
				"weights without their source"
			);
		}
		for netuid in crate::Rounds::<T>::iter_keys().map(|(netuid, _)| netuid) {
			ensure!(Schedule::<T>::contains_key(netuid), "round of an unscheduled subnet");
			let kept = crate::Rounds::<T>::iter_key_prefix(netuid).count();
			ensure!(
				kept <= merit_primitives::ROUND_HISTORY as usize,
				"more rounds kept than ROUND_HISTORY"
			);
		}
		for (netuid, schedule) in Schedule::<T>::iter() {
			ensure!(
				crate::Rounds::<T>::contains_key(netuid, schedule.index),
				"a scheduled subnet without its open round"
			);
		}
		for (netuid, round) in crate::RoundCandidates::<T>::iter_keys() {
			ensure!(crate::Rounds::<T>::contains_key(netuid, round), "candidates of no round");
		}
		for (netuid, uid, row) in Bonds::<T>::iter() {
			ensure!(T::Subnets::neuron(netuid, uid).is_some(), "bonds of no neuron");
			ensure!(well_formed(&row), "bond row unsorted, repeated or with zeros");
		}
		for (netuid, uid, _) in LastUpdate::<T>::iter() {
			ensure!(T::Subnets::neuron(netuid, uid).is_some(), "last update of no neuron");
		}
		for (netuid, hotkey, commits) in WeightCommits::<T>::iter() {
			ensure!(T::Subnets::uid_of(netuid, &hotkey).is_some(), "commit of no neuron");
			ensure!(!commits.is_empty(), "empty commit list stored");
		}
		for (netuid, hotkey, _) in crate::LastCommit::<T>::iter() {
			ensure!(T::Subnets::uid_of(netuid, &hotkey).is_some(), "last commit of no neuron");
		}
		// Permits name registered neurons, and the permit-stake snapshot lists exactly the
		// permit holders, by increasing UID.
		for (netuid, permits) in ValidatorPermits::<T>::iter() {
			let holders: alloc::vec::Vec<u16> = permits
				.iter()
				.enumerate()
				.filter(|(_, p)| **p)
				.filter_map(|(uid, _)| u16::try_from(uid).ok())
				.collect();
			for uid in &holders {
				ensure!(T::Subnets::neuron(netuid, *uid).is_some(), "permit of no neuron");
			}
			let snapshot: alloc::vec::Vec<u16> =
				crate::PermitStake::<T>::get(netuid).iter().map(|(uid, _)| *uid).collect();
			ensure!(snapshot == holders, "PermitStake does not list the permit holders");
		}
		for netuid in Schedule::<T>::iter_keys()
			.chain(ValidatorPermits::<T>::iter_keys())
			.chain(crate::PermitStake::<T>::iter_keys())
			.chain(EpochResults::<T>::iter_keys())
		{
			ensure!(T::Subnets::exists(netuid), "epoch state of a subnet that is gone");
		}
		Ok(())
	}
}
