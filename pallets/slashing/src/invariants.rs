//! The pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	Config, DeferredSlashes, LowTrustStreak, ModelReports, NextSlashId, Pallet, PendingCount,
};
use alloc::collections::btree_map::BTreeMap;
use frame_support::{ensure, traits::Get};
use merit_primitives::{EpochInfo, NetUid, SubnetRegistry};
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks the invariants listed in the crate docs.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next = NextSlashId::<T>::get();
		let mut counts: BTreeMap<NetUid, u32> = BTreeMap::new();
		for (netuid, id, slash) in DeferredSlashes::<T>::iter() {
			ensure!(T::Subnets::exists(netuid), "pending slash on a subnet that is gone");
			ensure!(id < next, "slash id not below NextSlashId");
			ensure!(slash.apply_epoch >= 1, "a slash due before any epoch");
			let c = counts.entry(netuid).or_default();
			*c = c.saturating_add(1);
		}
		for (netuid, count) in PendingCount::<T>::iter() {
			ensure!(counts.remove(&netuid) == Some(count) && count > 0, "PendingCount is wrong");
		}
		ensure!(counts.is_empty(), "pending slashes not counted");
		ensure!(
			PendingCount::<T>::iter_values().all(|c| c <= T::MaxDeferred::get()),
			"more pending slashes than allowed"
		);

		for (netuid, hotkey, streak) in LowTrustStreak::<T>::iter() {
			ensure!(streak >= 1, "zero streak stored");
			ensure!(T::Subnets::uid_of(netuid, &hotkey).is_some(), "streak of no neuron");
		}
		for (netuid, uid, round) in ModelReports::<T>::iter() {
			ensure!(round.epoch == T::Epochs::current_epoch(netuid), "reports of a past epoch");
			ensure!(T::Subnets::neuron(netuid, uid).is_some(), "reports on no neuron");
			let mut reporters = round.reporters.clone().into_inner();
			reporters.sort();
			reporters.dedup();
			ensure!(reporters.len() == round.reporters.len(), "a validator reported twice");
		}
		Ok(())
	}
}
