//! The glue traits this pallet implements for the others: stake reads (consensus) and the
//! slash primitive (slashing).

use crate::{BalanceOf, Config, Delegates, HotkeyStake, Pallet, Stake, TotalStake};
use alloc::vec::Vec;
use merit_primitives::{SlashReason, StakeInfo, StakeSlash};
use sp_runtime::Perbill;

impl<T: Config> StakeInfo<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn stake_of(hotkey: &T::AccountId) -> BalanceOf<T> {
		HotkeyStake::<T>::get(hotkey)
	}

	fn stake_of_pair(coldkey: &T::AccountId, hotkey: &T::AccountId) -> BalanceOf<T> {
		Stake::<T>::get(hotkey, coldkey)
	}

	fn stakers_of(hotkey: &T::AccountId) -> Vec<(T::AccountId, BalanceOf<T>)> {
		Stake::<T>::iter_prefix(hotkey).collect()
	}

	fn delegate_take(hotkey: &T::AccountId) -> Option<Perbill> {
		Delegates::<T>::get(hotkey).map(|d| d.take)
	}

	fn total_stake() -> BalanceOf<T> {
		TotalStake::<T>::get()
	}
}

impl<T: Config> StakeSlash<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn slash(hotkey: &T::AccountId, fraction: Perbill, reason: SlashReason) -> BalanceOf<T> {
		Self::do_slash(hotkey, fraction, reason)
	}
}
