//! Shared rewards: a validator's dividends shared among its stakers in O(1) through a
//! reward-per-stake accumulator, each pair's part compounding into its stake lazily.

use crate::{
	funds, BalanceOf, ColdkeyStake, Config, CreditOf, Error, Event, HotkeyStake, Pallet,
	RewardCheckpoint, RewardPerStake, Stake, TotalStake, UnclaimedRewards,
};
use frame_support::traits::{fungible::Balanced, Get, Imbalance};
use sp_runtime::{
	traits::{AccountIdConversion, Saturating, Zero},
	DispatchError, FixedPointNumber, FixedU128, SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// The account shared rewards wait in until they compound.
	pub fn reward_pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Bonded stake on `hotkey`: its total without the unclaimed rewards.
	pub(crate) fn bonded_on(hotkey: &T::AccountId) -> BalanceOf<T> {
		HotkeyStake::<T>::get(hotkey).saturating_sub(UnclaimedRewards::<T>::get(hotkey))
	}

	/// What the pair would gain by compounding now: `stake · (RewardPerStake − checkpoint)`,
	/// rounded down, never more than the hotkey's unclaimed rewards. The only bonded stake on
	/// a hotkey is owed all of its unclaimed rewards, rounding dust included (every other
	/// pair compounded before its stake left).
	pub fn pending_rewards(coldkey: &T::AccountId, hotkey: &T::AccountId) -> BalanceOf<T> {
		let bonded = Stake::<T>::get(hotkey, coldkey);
		if bonded.is_zero() {
			return Zero::zero();
		}
		let unclaimed = UnclaimedRewards::<T>::get(hotkey);
		if bonded == Self::bonded_on(hotkey) {
			return unclaimed;
		}
		let earned = RewardPerStake::<T>::get(hotkey)
			.saturating_sub(RewardCheckpoint::<T>::get(hotkey, coldkey));
		let owed: BalanceOf<T> =
			earned.saturating_mul_int(bonded.saturated_into::<u128>()).saturated_into();
		owed.min(unclaimed)
	}

	/// Shares `reward` among `hotkey`'s bonded stake; gives it back if there is none or the
	/// pot cannot take it.
	pub(crate) fn do_share_reward(
		hotkey: &T::AccountId,
		reward: CreditOf<T>,
	) -> Result<(), CreditOf<T>> {
		let amount = reward.peek();
		let bonded: u128 = Self::bonded_on(hotkey).saturated_into();
		if amount.is_zero() || bonded == 0 {
			return Err(reward);
		}
		let Some(per_stake) =
			FixedU128::checked_from_rational(amount.saturated_into::<u128>(), bonded)
		else {
			return Err(reward);
		};
		T::Currency::resolve(&Self::reward_pot(), reward)?;
		RewardPerStake::<T>::mutate(hotkey, |acc| *acc = acc.saturating_add(per_stake));
		UnclaimedRewards::<T>::mutate(hotkey, |u| *u = u.saturating_add(amount));
		HotkeyStake::<T>::mutate(hotkey, |s| *s = s.saturating_add(amount));
		TotalStake::<T>::mutate(|s| *s = s.saturating_add(amount));
		Self::deposit_event(Event::RewardShared { hotkey: hotkey.clone(), amount });
		Ok(())
	}

	/// Compounds the pair's pending rewards into its bonded stake (moving them from the pot
	/// onto the coldkey's staking hold) and moves its checkpoint up. Call before any change to
	/// the pair's bonded stake. Returns what compounded. If the pot cannot pay (only possible
	/// if its accounting broke) nothing changes and the error is returned: the caller must not
	/// change the pair's stake then, or the old checkpoint would pay the new stake for rewards
	/// shared before it arrived.
	pub(crate) fn compound_rewards(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		if !Stake::<T>::contains_key(hotkey, coldkey) {
			// A pair without bonded stake has nothing owed; its checkpoint is set when stake
			// arrives.
			return Ok(Zero::zero());
		}
		let owed = Self::pending_rewards(coldkey, hotkey);
		if !owed.is_zero() {
			funds::hold_from_pot::<T>(&Self::reward_pot(), coldkey, owed)
				.map_err(|_| Error::<T>::RewardPotShort)?;
		}
		// Below one planck of reward is given up here; it stays in the pot as dust.
		RewardCheckpoint::<T>::insert(hotkey, coldkey, RewardPerStake::<T>::get(hotkey));
		if owed.is_zero() {
			return Ok(owed);
		}
		Stake::<T>::mutate(hotkey, coldkey, |s| *s = s.saturating_add(owed));
		ColdkeyStake::<T>::mutate(coldkey, |s| *s = s.saturating_add(owed));
		UnclaimedRewards::<T>::mutate_exists(hotkey, |u| {
			*u = u.map(|u| u.saturating_sub(owed)).filter(|u| !u.is_zero())
		});
		Self::deposit_event(Event::RewardsCompounded {
			coldkey: coldkey.clone(),
			hotkey: hotkey.clone(),
			amount: owed,
		});
		Ok(owed)
	}
}
