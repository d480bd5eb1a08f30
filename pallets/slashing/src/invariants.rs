//! The pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	Config, DeferredSlashes, LowTrustStreak, ModelReports, NextSlashId, Pallet, Params,
	PendingCount, PendingOffences, UnavailableStreak,
};
use alloc::collections::btree_map::BTreeMap;
use frame_support::{ensure, traits::Get};
use merit_primitives::{EpochInfo, NetUid, SubnetRegistry};
use sp_runtime::{traits::Saturating, TryRuntimeError};

impl<T: Config> Pallet<T> {
	/// Open disputes: each queued once, indexed once, on a registered subnet, with its
	/// tally the sum of its verifiers' attestations; rewards only for pending dispute
	/// slashes.
	fn check_disputes() -> Result<(), TryRuntimeError> {
		use merit_primitives::round::Attestation;
		let queue = crate::DisputeQueue::<T>::get();
		let mut count = 0usize;
		for (netuid, id, d) in crate::Disputes::<T>::iter() {
			count = count.saturating_add(1);
			ensure!(T::Subnets::exists(netuid), "dispute on no subnet");
			ensure!(
				queue.iter().any(|(at, n, i)| (*at, *n, *i) == (d.closes_at, netuid, id)),
				"dispute not queued"
			);
			let said = |a: Attestation| {
				d.verifiers
					.iter()
					.filter(|v| v.said == Some(a))
					.fold(T::Balance::default(), |t, v| t.saturating_add(v.stake))
			};
			// The disputed validator's own stake counts as a match from the start.
			ensure!(
				said(Attestation::Mismatch) == d.mismatch && said(Attestation::Match) <= d.matched,
				"dispute tally is not its attestations"
			);
			ensure!(d.mismatch.saturating_add(d.matched) <= d.total, "more attested than staked");
		}
		ensure!(queue.len() == count, "queue lists a dispute that is not open");
		for (netuid, id, _) in crate::DisputeRewards::<T>::iter() {
			let slash = crate::DeferredSlashes::<T>::get(netuid, id);
			ensure!(
				slash.is_some_and(|s| s.reason == merit_primitives::SlashReason::DisputedWeights),
				"a reward for no pending dispute slash"
			);
		}
		Ok(())
	}

	/// Checks the invariants listed in the crate docs.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::check_disputes()?;
		Self::check_applying()?;
		let next = NextSlashId::<T>::get();
		let mut counts: BTreeMap<NetUid, u32> = BTreeMap::new();
		for (netuid, id, slash) in DeferredSlashes::<T>::iter() {
			ensure!(T::Subnets::exists(netuid), "pending slash on a subnet that is gone");
			ensure!(id < next, "slash id not below NextSlashId");
			ensure!(slash.apply_epoch >= 1, "a slash due before any epoch");
			ensure!(
				PendingOffences::<T>::get(netuid, (&slash.offender, slash.reason)) == Some(id),
				"pending slash missing from the offence index"
			);
			let c = counts.entry(netuid).or_default();
			*c = c.saturating_add(1);
		}
		for (netuid, (offender, reason), id) in PendingOffences::<T>::iter() {
			let slash = DeferredSlashes::<T>::get(netuid, id).ok_or("index names no slash")?;
			ensure!(slash.offender == offender && slash.reason == reason, "index names another");
		}
		for (netuid, count) in PendingCount::<T>::iter() {
			ensure!(counts.remove(&netuid) == Some(count) && count > 0, "PendingCount is wrong");
		}
		ensure!(counts.is_empty(), "pending slashes not counted");
		ensure!(
			PendingCount::<T>::iter_values().all(|c| c <= T::MaxDeferred::get()),
			"more pending slashes than allowed"
		);

		// Streaks stay below the highest threshold ever in force (reaching the threshold is
		// an offence and resets the streak; one the admin just lowered is caught up at the
		// subnet's next epoch).
		let params = Params::<T>::get().ok_or("no slashing parameters")?;
		let (trust_cap, unavailable_cap) = crate::StreakCeilings::<T>::get();
		ensure!(
			trust_cap >= params.trust_epochs && unavailable_cap >= params.unavailable_epochs,
			"streak ceilings below the thresholds"
		);
		for (netuid, hotkey, streak) in LowTrustStreak::<T>::iter() {
			ensure!(streak >= 1, "zero streak stored");
			// At or above the threshold: an offence owed (`MaxTrustOffencesPerEpoch` was
			// reached), one more for each epoch it has waited.
			ensure!(T::Subnets::uid_of(netuid, &hotkey).is_some(), "streak of no neuron");
		}
		for (netuid, hotkey, run) in UnavailableStreak::<T>::iter() {
			ensure!(run.epochs >= 1, "zero unavailability streak stored");
			ensure!(run.epochs < unavailable_cap, "unavailability streak reached the threshold");
			ensure!(run.epochs <= run.last_epoch.saturating_add(1), "a run longer than the epochs");
			// A dissolved subnet's epoch counter is gone; its runs go with its neurons.
			ensure!(
				!T::Subnets::exists(netuid) || run.last_epoch <= T::Epochs::current_epoch(netuid),
				"a run marked in a future epoch"
			);
			ensure!(T::Subnets::uid_of(netuid, &hotkey).is_some(), "streak of no neuron");
		}
		for (netuid, uid, round) in ModelReports::<T>::iter() {
			ensure!(T::Subnets::neuron(netuid, uid).is_some(), "reports on no neuron");
			let mut reporters = round.reporters.clone().into_inner();
			reporters.sort();
			reporters.dedup();
			ensure!(reporters.len() == round.reporters.len(), "a validator reported twice");
			// A dissolved subnet has no epochs; its reports go with its neurons at cleanup. An
			// older round stays until the miner's next report, its epoch's permits gone.
			if !T::Subnets::exists(netuid) {
				continue;
			}
			let epoch = T::Epochs::current_epoch(netuid);
			ensure!(round.epoch <= epoch, "reports of a future epoch");
			if round.epoch < epoch {
				continue;
			}
			let stake = round.reporters.iter().fold(T::Balance::default(), |sum, reporter| {
				let snapshot = T::Subnets::uid_of(netuid, reporter)
					.and_then(|uid| T::Epochs::permit_stake(netuid, uid))
					.unwrap_or_default();
				sum.saturating_add(snapshot)
			});
			// Reporters that left since (their snapshot went with them) make it smaller.
			ensure!(stake <= round.stake, "report stake is not the reporters' permit stake");
		}
		Ok(())
	}
}
