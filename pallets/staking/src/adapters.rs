//! The glue traits this pallet implements for the others: stake reads, reward staking and
//! sharing (consensus), and the slash primitive (slashing).

use crate::{BalanceOf, Config, CreditOf, Delegates, HotkeyStake, Pallet, Stake, TotalStake};
use alloc::vec::Vec;
use merit_primitives::{SlashPage, SlashReason, StakeInfo, StakeReward, StakeSlash};
use sp_runtime::{traits::Saturating, Perbill};

impl<T: Config> StakeInfo<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn stake_of(hotkey: &T::AccountId) -> BalanceOf<T> {
		HotkeyStake::<T>::get(hotkey)
	}

	fn stake_of_pair(coldkey: &T::AccountId, hotkey: &T::AccountId) -> BalanceOf<T> {
		Stake::<T>::get(hotkey, coldkey).saturating_add(Self::pending_rewards(coldkey, hotkey))
	}

	fn stakers_of(hotkey: &T::AccountId) -> Vec<(T::AccountId, BalanceOf<T>)> {
		Stake::<T>::iter_prefix(hotkey)
			.map(|(coldkey, stake)| {
				let rewards = Self::pending_rewards(&coldkey, hotkey);
				(coldkey, stake.saturating_add(rewards))
			})
			.collect()
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
		let _ = T::Currency::mint_into(coldkey, amount.saturating_add(amount));
		let _ = Self::do_stake_reward(coldkey, hotkey, amount);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn delegate_for_benchmark(hotkey: &T::AccountId) {
		use frame_support::traits::Get;
		let info = crate::DelegateInfo { take: T::DefaultTake::get(), take_changed_at: 0 };
		Delegates::<T>::insert(hotkey, info);
	}
}

impl<T: Config> StakeSlash<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn slash_page(
		hotkey: &T::AccountId,
		fraction: Perbill,
		reason: SlashReason,
		after: Option<&T::AccountId>,
		limit: u32,
	) -> SlashPage<T::AccountId, BalanceOf<T>> {
		Self::do_slash_page(hotkey, fraction, reason, after, limit)
	}
}

impl<T: Config> StakeReward<T::AccountId, BalanceOf<T>, CreditOf<T>> for Pallet<T> {
	fn stake_reward(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		amount: BalanceOf<T>,
	) -> sp_runtime::DispatchResult {
		Self::do_stake_reward(coldkey, hotkey, amount)
	}

	fn share_reward(hotkey: &T::AccountId, reward: CreditOf<T>) -> Result<(), CreditOf<T>> {
		Self::do_share_reward(hotkey, reward)
	}
}
