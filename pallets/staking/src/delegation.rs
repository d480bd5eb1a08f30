//! Delegates and their take.

use crate::{Config, DelegateInfo, Delegates, Error, Event, Pallet};
use frame_support::pallet_prelude::*;
use merit_primitives::HotkeyOwnership;
use sp_runtime::Perbill;

impl<T: Config> Pallet<T> {
	/// Fails unless `coldkey` owns `hotkey`.
	fn ensure_hotkey_owner(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
		let owner = T::Hotkeys::owner_of(hotkey).ok_or(Error::<T>::HotkeyNotRegistered)?;
		ensure!(&owner == coldkey, Error::<T>::NotHotkeyOwner);
		Ok(())
	}

	pub(crate) fn do_become_delegate(
		coldkey: T::AccountId,
		hotkey: T::AccountId,
	) -> DispatchResult {
		Self::ensure_hotkey_owner(&coldkey, &hotkey)?;
		ensure!(!Delegates::<T>::contains_key(&hotkey), Error::<T>::AlreadyDelegate);
		let take = T::DefaultTake::get().min(T::MaxTake::get());
		Delegates::<T>::insert(&hotkey, DelegateInfo { take, take_changed_at: Self::now() });
		Self::deposit_event(Event::DelegateAdded { hotkey, take });
		Ok(())
	}

	pub(crate) fn do_set_take(
		coldkey: T::AccountId,
		hotkey: T::AccountId,
		take: Perbill,
	) -> DispatchResult {
		Self::ensure_hotkey_owner(&coldkey, &hotkey)?;
		let mut info = Delegates::<T>::get(&hotkey).ok_or(Error::<T>::NotADelegate)?;
		ensure!(take <= T::MaxTake::get(), Error::<T>::TakeTooHigh);
		let now = Self::now();
		if take > info.take {
			ensure!(
				now >= info.take_changed_at.saturating_add(T::TakeRateLimit::get()),
				Error::<T>::TakeIncreaseRateLimited
			);
		}
		info.take = take;
		info.take_changed_at = now;
		Delegates::<T>::insert(&hotkey, info);
		Self::deposit_event(Event::TakeSet { hotkey, take });
		Ok(())
	}
}
