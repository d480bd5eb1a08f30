//! Pending slashes: scheduling an offence's slash (one per offender and kind, making room in a
//! full queue for the offence with more at risk), applying it when its epoch comes, and
//! dropping a dissolved subnet's.

use crate::{
	Config, DeferredSlash, DeferredSlashes, DisputeRewards, Event, NextSlashId, Pallet, Params,
	PendingCount, PendingOffences, SlashId,
};
use alloc::vec::Vec;
use frame_support::traits::Get;
use merit_primitives::{BondSlash, EpochInfo, NetUid, PendingSlashes, SlashReason, StakeInfo};
use sp_runtime::{traits::Zero, Perbill};

impl<T: Config> Pallet<T> {
	/// Whether stake unbonding from the moment of an offence is still held when a slash
	/// deferred `defer_epochs` applies, on every subnet's tempo.
	pub(crate) fn outlasted_by_unbonding(defer_epochs: u32) -> bool {
		use merit_primitives::SlashWindow;
		merit_primitives::unbonding_outlasts_slashes(
			T::SlashWindow::unbonding_blocks(),
			defer_epochs,
			T::SlashWindow::longest_tempo(),
		)
	}

	/// What a slash of `fraction` for `reason` would take from `offender` on `netuid` now:
	/// that share of the stake backing it (low trust, copies) or of its bond (unavailable
	/// models).
	fn at_risk(
		netuid: NetUid,
		offender: &T::AccountId,
		reason: SlashReason,
		fraction: Perbill,
	) -> T::Balance {
		match reason {
			SlashReason::LowValidatorTrust
			| SlashReason::CopiedModel
			| SlashReason::DisputedWeights => fraction.mul_floor(T::Stake::stake_of(offender)),
			SlashReason::UnavailableModel => {
				fraction.mul_floor(T::Bonds::bond_of(netuid, offender))
			},
		}
	}

	/// The pending slash of `netuid` with the least at risk (ties: the newest), if any.
	fn smallest_pending(netuid: NetUid) -> Option<(SlashId, T::Balance)> {
		DeferredSlashes::<T>::iter_prefix(netuid)
			.map(|(id, slash)| (slash.at_risk, core::cmp::Reverse(id)))
			.min()
			.map(|(at_risk, core::cmp::Reverse(id))| (id, at_risk))
	}

	/// Records an offence and schedules its slash `defer_epochs` epochs of `netuid` later,
	/// unless the offender already has one pending for this kind, it would take nothing, or
	/// the queue is full of slashes with at least as much at risk; returns the scheduled
	/// slash's id.
	pub(crate) fn offence(
		netuid: NetUid,
		offender: T::AccountId,
		reason: SlashReason,
	) -> Option<SlashId> {
		Self::deposit_event(Event::OffenceReported { netuid, offender: offender.clone(), reason });
		let params = Params::<T>::get()?;
		let fraction = params.fraction(reason);
		if let Some(id) = PendingOffences::<T>::get(netuid, (&offender, reason)) {
			Self::deposit_event(Event::SlashAlreadyPending { netuid, offender, reason, id });
			return None;
		}
		let at_risk = Self::at_risk(netuid, &offender, reason, fraction);
		if at_risk.is_zero() {
			return None;
		}
		if PendingCount::<T>::get(netuid) >= T::MaxDeferred::get() {
			match Self::smallest_pending(netuid) {
				Some((id, smallest)) if smallest < at_risk => {
					if let Some(evicted) = Self::take_pending(netuid, id) {
						Self::deposit_event(Event::SlashEvicted {
							netuid,
							id,
							offender: evicted.offender,
							at_risk: evicted.at_risk,
						});
					}
				},
				_ => {
					Self::deposit_event(Event::SlashQueueFull { netuid, offender, reason });
					return None;
				},
			}
		}
		let id: SlashId = NextSlashId::<T>::get();
		NextSlashId::<T>::put(id.saturating_add(1));
		let apply_epoch =
			T::Epochs::current_epoch(netuid).saturating_add(params.defer_epochs.max(1));
		DeferredSlashes::<T>::insert(
			netuid,
			id,
			DeferredSlash { offender: offender.clone(), reason, fraction, apply_epoch, at_risk },
		);
		PendingOffences::<T>::insert(netuid, (&offender, reason), id);
		PendingCount::<T>::mutate(netuid, |n| *n = n.saturating_add(1));
		Self::deposit_event(Event::SlashScheduled {
			netuid,
			id,
			offender,
			reason,
			fraction,
			apply_epoch,
		});
		Some(id)
	}

	/// Applies `netuid`'s slashes due by `epoch`, most at risk first (ties: oldest), at most
	/// [`Config::MaxAppliedPerEpoch`]; returns how many. A backlog of small slashes never
	/// delays a large one. A bond slash applies at once; a slash of stake starts here and is
	/// applied a page of stakers a block ([`crate::Applying`]), or waits, still pending, when
	/// the most slashes allowed are being applied.
	pub(crate) fn apply_due(netuid: NetUid, epoch: u32) -> u32 {
		let mut due: Vec<(core::cmp::Reverse<T::Balance>, SlashId, SlashReason)> =
			DeferredSlashes::<T>::iter_prefix(netuid)
				.filter(|(_, slash)| slash.apply_epoch <= epoch)
				.map(|(id, slash)| (core::cmp::Reverse(slash.at_risk), id, slash.reason))
				.collect();
		due.sort_unstable_by_key(|(at_risk, id, _)| (*at_risk, *id));
		due.truncate(usize::try_from(T::MaxAppliedPerEpoch::get()).unwrap_or(usize::MAX));
		let mut count = 0u32;
		for (_, id, reason) in due {
			count = count.saturating_add(1);
			if reason != SlashReason::UnavailableModel {
				if !Self::start_applying(netuid, id) {
					Self::deposit_event(Event::SlashWaiting { netuid, id });
				}
				continue;
			}
			let Some(slash) = Self::take_pending(netuid, id) else { continue };
			let bond = T::Bonds::forfeit(netuid, &slash.offender, slash.fraction, slash.reason);
			Self::deposit_event(Event::SlashApplied {
				netuid,
				id,
				offender: slash.offender,
				stake: Zero::zero(),
				stakers: 0,
				bond,
			});
		}
		count
	}

	/// Pays `disputer` its share of `slashed`, at most the dispute bond, from the treasury,
	/// where the slash went. (Capped: the slash takes nominators' stake too, and a
	/// validator's friend must not profit from disputing it.)
	pub(crate) fn reward_disputer(
		netuid: NetUid,
		id: SlashId,
		disputer: T::AccountId,
		slashed: T::Balance,
	) {
		use frame_support::traits::{fungible::Mutate, tokens::Preservation};
		let share = Params::<T>::get().map(|p| p.disputer_share).unwrap_or_default();
		let amount = share.mul_floor(slashed).min(T::DisputeBond::get());
		if amount.is_zero() {
			return;
		}
		let paid =
			T::Currency::transfer(&T::Treasury::get(), &disputer, amount, Preservation::Preserve)
				.is_ok();
		Self::deposit_event(Event::DisputerRewarded { netuid, id, disputer, amount, paid });
	}

	/// Removes the pending slash `id` of `netuid` with its index entry and count.
	pub(crate) fn take_pending(
		netuid: NetUid,
		id: SlashId,
	) -> Option<DeferredSlash<T::AccountId, T::Balance>> {
		let slash = DeferredSlashes::<T>::take(netuid, id)?;
		PendingOffences::<T>::remove(netuid, (&slash.offender, slash.reason));
		DisputeRewards::<T>::remove(netuid, id);
		PendingCount::<T>::mutate_exists(netuid, |n| {
			*n = n.map(|n| n.saturating_sub(1)).filter(|n| *n > 0)
		});
		Some(slash)
	}

	/// Drops a dissolved subnet's pending slashes, with an event each (defensively: a subnet
	/// with pending slashes is not dissolved). Its streaks and reports stay until the
	/// subnets pallet's cleanup deregisters their neurons ([`Pallet::on_neuron_deregistered`]
	/// removes them), so the dissolution's own weight does not grow with the subnet's size
	/// and nothing of them outlives the netuid.
	pub(crate) fn drop_subnet(netuid: NetUid) {
		let ids: Vec<SlashId> = DeferredSlashes::<T>::iter_key_prefix(netuid).collect();
		for id in ids {
			Self::take_pending(netuid, id);
			Self::deposit_event(Event::SlashDropped { netuid, id });
		}
	}
}

impl<T: Config> PendingSlashes for Pallet<T> {
	fn has_pending(netuid: NetUid) -> bool {
		PendingCount::<T>::contains_key(netuid)
	}
}
