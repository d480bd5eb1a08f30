//! The glue traits this pallet implements for the others: stake reads and reward staking
//! (consensus) and the slash primitive (slashing).

use crate::{BalanceOf, Config, Delegates, HotkeyStake, Pallet, Stake, TotalStake};
use alloc::vec::Vec;
use merit_primitives::{SlashReason, StakeInfo, StakeReward, StakeSlash};
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

	#[cfg(feature = "runtime-benchmarks")]
	fn stake_for_benchmark(coldkey: &T::AccountId, hotkey: &T::AccountId, amount: BalanceOf<T>) {
		use frame_support::traits::fungible::Mutate;
		use sp_runtime::traits::Saturating;
		let _ = T::Currency::mint_into(coldkey, amount.saturating_add(amount));
		let _ = Self::do_stake_reward(coldkey, hotkey, amount);
	}
}

impl<T: Config> StakeSlash<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn slash(hotkey: &T::AccountId, fraction: Perbill, reason: SlashReason) -> BalanceOf<T> {
		Self::do_slash(hotkey, fraction, reason)
	}
}

impl<T: Config> StakeReward<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn stake_reward(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		amount: BalanceOf<T>,
	) -> sp_runtime::DispatchResult {
		Self::do_stake_reward(coldkey, hotkey, amount)
	}
}
