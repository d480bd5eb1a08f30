//! Slashes of stake applied a page of stakers a block: [`Applying`] holds them oldest first,
//! [`ApplyingHotkeys`] tells staking which hotkeys' stake must not move meanwhile, and each
//! block's `on_initialize` slashes the next page of the oldest.

use crate::{
	Applying, ApplyingHotkeys, ApplyingSlash, Config, DeferredSlashes, DisputeRewards, Event,
	NextSlashId, Pallet, SlashId, WeightInfo,
};
use frame_support::{pallet_prelude::*, traits::Contains};
use merit_primitives::{NetUid, StakeSlash};
use sp_runtime::traits::{Saturating, Zero};

/// The hotkeys whose stakers are being slashed (staking's `SlashesApplying`): those of every
/// slash in [`Applying`].
pub struct SlashesApplying<T>(core::marker::PhantomData<T>);

impl<T: Config> Contains<T::AccountId> for SlashesApplying<T> {
	fn contains(hotkey: &T::AccountId) -> bool {
		ApplyingHotkeys::<T>::contains_key(hotkey)
	}
}

impl<T: Config> Pallet<T> {
	/// Starts applying the pending slash `id` of `netuid` to the stake backing its offender:
	/// moves it from the pending slashes to [`Applying`] and freezes the stake on its hotkey.
	/// Returns `false`, changing nothing, if no such slash is pending or the most slashes
	/// allowed are being applied already.
	pub(crate) fn start_applying(netuid: NetUid, id: SlashId) -> bool {
		let Some(slash) = DeferredSlashes::<T>::get(netuid, id) else { return false };
		let mut queue = Applying::<T>::get();
		let applying = ApplyingSlash {
			netuid,
			id,
			offender: slash.offender.clone(),
			reason: slash.reason,
			fraction: slash.fraction,
			cursor: None,
			taken: Zero::zero(),
			stakers: 0,
			disputer: DisputeRewards::<T>::get(netuid, id),
		};
		if queue.try_push(applying).is_err() {
			return false;
		}
		Self::take_pending(netuid, id);
		Applying::<T>::put(queue);
		ApplyingHotkeys::<T>::mutate(&slash.offender, |n| {
			*n = Some(n.unwrap_or_default().saturating_add(1))
		});
		Self::deposit_event(Event::SlashStarted { netuid, id, offender: slash.offender });
		true
	}

	/// Slashes the next page of stakers of the oldest slash being applied, ending it when none
	/// remain; returns the weight used.
	pub(crate) fn slash_next_page() -> Weight {
		let mut queue = Applying::<T>::get();
		let Some(head) = queue.get_mut(0) else {
			return T::DbWeight::get().reads(1);
		};
		let page = T::Stake::slash_page(
			&head.offender,
			head.fraction,
			head.reason,
			head.cursor.as_ref(),
			T::SlashPageStakers::get(),
		);
		head.taken = head.taken.saturating_add(page.taken);
		head.stakers = head.stakers.saturating_add(page.visited);
		let weight = T::WeightInfo::slash_page().saturating_add(T::SlashPageWeight::get());
		if page.next.is_some() {
			head.cursor = page.next;
			Applying::<T>::put(queue);
			return weight;
		}
		let done = queue.remove(0);
		Applying::<T>::put(queue);
		ApplyingHotkeys::<T>::mutate_exists(&done.offender, |n| {
			*n = n.map(|n| n.saturating_sub(1)).filter(|n| *n > 0)
		});
		Self::deposit_event(Event::SlashApplied {
			netuid: done.netuid,
			id: done.id,
			offender: done.offender,
			stake: done.taken,
			stakers: done.stakers,
			bond: Zero::zero(),
		});
		if let Some(disputer) = done.disputer {
			Self::reward_disputer(done.netuid, done.id, disputer, done.taken);
		}
		weight
	}

	/// The slashes being applied: ids below [`NextSlashId`], none also pending, counted per
	/// hotkey by [`ApplyingHotkeys`].
	pub(crate) fn check_applying() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut counts = alloc::collections::BTreeMap::<T::AccountId, u32>::new();
		for slash in Applying::<T>::get() {
			ensure!(slash.id < NextSlashId::<T>::get(), "applying slash id not below NextSlashId");
			ensure!(
				!crate::DeferredSlashes::<T>::contains_key(slash.netuid, slash.id),
				"a slash both pending and being applied"
			);
			let c = counts.entry(slash.offender).or_default();
			*c = c.saturating_add(1);
		}
		for (hotkey, count) in ApplyingHotkeys::<T>::iter() {
			ensure!(counts.remove(&hotkey) == Some(count), "ApplyingHotkeys is wrong");
		}
		ensure!(counts.is_empty(), "a hotkey being slashed is not frozen");
		Ok(())
	}
}
