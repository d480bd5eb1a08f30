//! Pending slashes: scheduling an offence's slash, applying it when its epoch comes, and
//! dropping a dissolved subnet's.

use crate::{
	Config, DeferredSlash, DeferredSlashes, Event, LowTrustStreak, ModelReports, NextSlashId,
	Pallet, Params, PendingCount, SlashId,
};
use alloc::vec::Vec;
use frame_support::traits::Get;
use merit_primitives::{BondSlash, EpochInfo, NetUid, SlashReason, StakeSlash};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Records an offence and schedules its slash `defer_epochs` epochs of `netuid` later.
	pub(crate) fn offence(netuid: NetUid, offender: T::AccountId, reason: SlashReason) {
		Self::deposit_event(Event::OffenceReported { netuid, offender: offender.clone(), reason });
		let Some(params) = Params::<T>::get() else { return };
		let fraction = params.fraction(reason);
		if fraction.is_zero() {
			return;
		}
		if PendingCount::<T>::get(netuid) >= T::MaxDeferred::get() {
			Self::deposit_event(Event::SlashQueueFull { netuid, offender, reason });
			return;
		}
		let id: SlashId = NextSlashId::<T>::get();
		NextSlashId::<T>::put(id.saturating_add(1));
		let apply_epoch =
			T::Epochs::current_epoch(netuid).saturating_add(params.defer_epochs.max(1));
		DeferredSlashes::<T>::insert(
			netuid,
			id,
			DeferredSlash { offender: offender.clone(), reason, fraction, apply_epoch },
		);
		PendingCount::<T>::mutate(netuid, |n| *n = n.saturating_add(1));
		Self::deposit_event(Event::SlashScheduled {
			netuid,
			id,
			offender,
			reason,
			fraction,
			apply_epoch,
		});
	}

	/// Applies `netuid`'s slashes due by `epoch`, oldest first, at most
	/// [`Config::MaxAppliedPerEpoch`]; returns how many.
	pub(crate) fn apply_due(netuid: NetUid, epoch: u32) -> u32 {
		let mut due: Vec<(SlashId, DeferredSlash<T::AccountId>)> =
			DeferredSlashes::<T>::iter_prefix(netuid)
				.filter(|(_, slash)| slash.apply_epoch <= epoch)
				.collect();
		due.sort_unstable_by_key(|(id, _)| *id);
		due.truncate(usize::try_from(T::MaxAppliedPerEpoch::get()).unwrap_or(usize::MAX));
		let count = u32::try_from(due.len()).unwrap_or(u32::MAX);
		for (id, slash) in due {
			DeferredSlashes::<T>::remove(netuid, id);
			Self::uncount(netuid);
			let stake = T::Stake::slash(&slash.offender, slash.fraction, slash.reason);
			let bond = match slash.reason {
				SlashReason::LowValidatorTrust => Zero::zero(),
				SlashReason::CopiedModel | SlashReason::UnavailableModel => {
					T::Bonds::slash_bond(netuid, &slash.offender, slash.fraction, slash.reason)
				},
			};
			Self::deposit_event(Event::SlashApplied {
				netuid,
				id,
				offender: slash.offender,
				stake,
				bond,
			});
		}
		count
	}

	/// Counts one pending slash of `netuid` less (no zero counts are stored).
	pub(crate) fn uncount(netuid: NetUid) {
		PendingCount::<T>::mutate_exists(netuid, |n| {
			*n = n.map(|n| n.saturating_sub(1)).filter(|n| *n > 0)
		});
	}

	/// Drops everything of a dissolved subnet: pending slashes (with an event each), streaks
	/// and reports.
	pub(crate) fn drop_subnet(netuid: NetUid) {
		let ids: Vec<SlashId> = DeferredSlashes::<T>::iter_key_prefix(netuid).collect();
		for id in ids {
			DeferredSlashes::<T>::remove(netuid, id);
			Self::deposit_event(Event::SlashDropped { netuid, id });
		}
		PendingCount::<T>::remove(netuid);
		let _ = LowTrustStreak::<T>::clear_prefix(netuid, u32::MAX, None);
		let _ = ModelReports::<T>::clear_prefix(netuid, u32::MAX, None);
	}
}
