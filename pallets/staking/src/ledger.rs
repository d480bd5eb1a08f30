//! The stake ledger: adding, unbonding, withdrawing and slashing stake, keeping the pair,
//! hotkey, coldkey and overall totals and the position index in step.

use crate::{
	funds, BalanceOf, ColdkeyStake, Config, Delegates, Error, Event, HotkeyStake, Pallet,
	Positions, RewardCheckpoint, RewardPerStake, Stake, StakerCount, TotalStake, Unbonding,
	UnbondingBlocks, UnbondingChunk,
};
use frame_support::pallet_prelude::*;
use merit_primitives::HotkeyOwnership;
use sp_runtime::{
	traits::{Saturating, Zero},
	SaturatedConversion,
};

/// A coldkey's position on a hotkey and its size, if there is one.
type Position<T> = Option<(<T as frame_system::Config>::AccountId, BalanceOf<T>)>;

impl<T: Config> Pallet<T> {
	/// `add_stake`'s weight when `read` positions were read to find the smallest: the
	/// benchmarked call plus two reads per position (stake and unbonding) and the eviction's
	/// writes.
	pub fn add_stake_weight(read: u32) -> Weight {
		use crate::WeightInfo;
		let weight = T::WeightInfo::add_stake();
		if read == 0 {
			return weight;
		}
		weight.saturating_add(T::DbWeight::get().reads_writes(u64::from(read).saturating_mul(2), 8))
	}

	/// Refuses stake moves on a hotkey whose stakers are being slashed.
	fn ensure_not_slashing(hotkey: &T::AccountId) -> DispatchResult {
		use frame_support::traits::Contains;
		ensure!(!T::SlashesApplying::contains(hotkey), Error::<T>::SlashApplying);
		Ok(())
	}

	/// The current block number as `u32`.
	pub(crate) fn now() -> u32 {
		frame_system::Pallet::<T>::block_number().saturated_into()
	}

	/// Adds `delta` to the pair's stake and to every total; a new pair's reward checkpoint
	/// starts at the hotkey's accumulator. Compound the pair's rewards first.
	fn credit_stake(coldkey: &T::AccountId, hotkey: &T::AccountId, delta: BalanceOf<T>) {
		if !Stake::<T>::contains_key(hotkey, coldkey) {
			RewardCheckpoint::<T>::insert(hotkey, coldkey, RewardPerStake::<T>::get(hotkey));
		}
		Stake::<T>::mutate(hotkey, coldkey, |s| *s = s.saturating_add(delta));
		HotkeyStake::<T>::mutate(hotkey, |s| *s = s.saturating_add(delta));
		ColdkeyStake::<T>::mutate(coldkey, |s| *s = s.saturating_add(delta));
		TotalStake::<T>::mutate(|s| *s = s.saturating_add(delta));
	}

	/// Takes `delta` off the pair's stake and every total, removing entries that reach zero.
	/// Compound the pair's rewards first.
	pub(crate) fn debit_stake(coldkey: &T::AccountId, hotkey: &T::AccountId, delta: BalanceOf<T>) {
		let shrink =
			|v: Option<BalanceOf<T>>| v.map(|v| v.saturating_sub(delta)).filter(|v| !v.is_zero());
		Stake::<T>::mutate_exists(hotkey, coldkey, |s| *s = shrink(s.take()));
		if !Stake::<T>::contains_key(hotkey, coldkey) {
			RewardCheckpoint::<T>::remove(hotkey, coldkey);
		}
		HotkeyStake::<T>::mutate_exists(hotkey, |s| *s = shrink(s.take()));
		ColdkeyStake::<T>::mutate_exists(coldkey, |s| *s = shrink(s.take()));
		TotalStake::<T>::mutate(|s| *s = s.saturating_sub(delta));
	}

	/// Whether the pair has stake or unbonding chunks.
	fn has_position(coldkey: &T::AccountId, hotkey: &T::AccountId) -> bool {
		Stake::<T>::contains_key(hotkey, coldkey) || Unbonding::<T>::contains_key(hotkey, coldkey)
	}

	/// Brings `Positions` and `StakerCount` in line with the pair's stake and chunks.
	pub(crate) fn sync_position(coldkey: &T::AccountId, hotkey: &T::AccountId) {
		let listed = Positions::<T>::contains_key(coldkey, hotkey);
		match (listed, Self::has_position(coldkey, hotkey)) {
			(false, true) => {
				Positions::<T>::insert(coldkey, hotkey, ());
				StakerCount::<T>::mutate(hotkey, |n| *n = n.saturating_add(1));
			},
			(true, false) => {
				Positions::<T>::remove(coldkey, hotkey);
				StakerCount::<T>::mutate_exists(hotkey, |n| {
					*n = n.map(|n| n.saturating_sub(1)).filter(|n| *n > 0)
				});
			},
			_ => {},
		}
	}

	/// The non-owner position on `hotkey` with the least stake (bonded plus unbonding; ties:
	/// the lowest coldkey), and how many positions were read.
	fn smallest_position(hotkey: &T::AccountId, owner: &T::AccountId) -> (Position<T>, u32) {
		let mut totals: alloc::collections::BTreeMap<T::AccountId, BalanceOf<T>> =
			Stake::<T>::iter_prefix(hotkey).collect();
		for (coldkey, chunks) in Unbonding::<T>::iter_prefix(hotkey) {
			let unbonding =
				chunks.iter().fold(BalanceOf::<T>::zero(), |sum, c| sum.saturating_add(c.amount));
			let total = totals.entry(coldkey).or_default();
			*total = total.saturating_add(unbonding);
		}
		let read = u32::try_from(totals.len()).unwrap_or(u32::MAX);
		let smallest = totals
			.into_iter()
			.filter(|(coldkey, _)| coldkey != owner)
			.min_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
		(smallest, read)
	}

	/// Pushes `coldkey` off `hotkey` to make room for a larger staker: its pending rewards
	/// compound, then its bonded stake and unbonding chunks are released to it at once (so the
	/// slot is free now, not after an unbonding period nobody may finish).
	fn evict(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
		Self::compound_rewards(coldkey, hotkey)?;
		let bonded = Stake::<T>::get(hotkey, coldkey);
		let unbonding = Unbonding::<T>::take(hotkey, coldkey)
			.iter()
			.fold(BalanceOf::<T>::zero(), |sum, c| sum.saturating_add(c.amount));
		Self::debit_stake(coldkey, hotkey, bonded);
		Self::sync_position(coldkey, hotkey);
		let released = funds::release::<T>(coldkey, bonded.saturating_add(unbonding));
		Self::deposit_event(Event::StakerEvicted {
			coldkey: coldkey.clone(),
			hotkey: hotkey.clone(),
			released,
		});
		Ok(())
	}

	/// Stakes `amount` of `coldkey` on `hotkey`. On a hotkey with the most stakers, a new
	/// staker whose amount is larger than the smallest other position (the owner's never
	/// counts) evicts it; a smaller one is refused. Returns how many positions were read to
	/// find the smallest (0 when there was room).
	pub(crate) fn do_add_stake(
		coldkey: T::AccountId,
		hotkey: T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<u32, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		Self::ensure_not_slashing(&hotkey)?;
		let owner = T::Hotkeys::owner_of(&hotkey).ok_or(Error::<T>::HotkeyNotRegistered)?;
		ensure!(
			owner == coldkey || Delegates::<T>::contains_key(&hotkey),
			Error::<T>::NotADelegate
		);
		Self::compound_rewards(&coldkey, &hotkey)?;
		let stake = Stake::<T>::get(&hotkey, &coldkey);
		ensure!(stake.saturating_add(amount) >= T::MinStake::get(), Error::<T>::StakeBelowMinimum);
		let full = !Positions::<T>::contains_key(&coldkey, &hotkey)
			&& StakerCount::<T>::get(&hotkey) >= T::MaxStakersPerHotkey::get();
		let (victim, read) = if full {
			match Self::smallest_position(&hotkey, &owner) {
				(Some((victim, smallest)), read) if amount > smallest => (Some(victim), read),
				_ => return Err(Error::<T>::TooManyStakers.into()),
			}
		} else {
			(None, 0)
		};
		funds::ensure_can_hold::<T>(&coldkey, amount)?;
		if let Some(victim) = victim {
			Self::evict(&victim, &hotkey)?;
		}
		funds::hold::<T>(&coldkey, amount)?;
		Self::credit_stake(&coldkey, &hotkey, amount);
		Self::sync_position(&coldkey, &hotkey);
		Self::deposit_event(Event::StakeAdded { coldkey, hotkey, amount });
		Ok(read)
	}

	/// Moves `amount` of `coldkey`'s free balance into stake on `hotkey` as a reward: no
	/// ownership, delegation or minimum checks, only the staker bound and the hold itself.
	pub(crate) fn do_stake_reward(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		ensure!(
			Positions::<T>::contains_key(coldkey, hotkey)
				|| StakerCount::<T>::get(hotkey) < T::MaxStakersPerHotkey::get(),
			Error::<T>::TooManyStakers
		);
		Self::compound_rewards(coldkey, hotkey)?;
		funds::hold::<T>(coldkey, amount)?;
		Self::credit_stake(coldkey, hotkey, amount);
		Self::sync_position(coldkey, hotkey);
		Self::deposit_event(Event::StakeAdded {
			coldkey: coldkey.clone(),
			hotkey: hotkey.clone(),
			amount,
		});
		Ok(())
	}

	pub(crate) fn do_remove_stake(
		coldkey: T::AccountId,
		hotkey: T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		Self::ensure_not_slashing(&hotkey)?;
		Self::compound_rewards(&coldkey, &hotkey)?;
		let stake = Stake::<T>::get(&hotkey, &coldkey);
		ensure!(stake >= amount, Error::<T>::NotEnoughStake);
		let remaining = stake.saturating_sub(amount);
		let amount = if remaining < T::MinStake::get() { stake } else { amount };
		let unlock_at = Self::now().saturating_add(UnbondingBlocks::<T>::get());
		let mut chunks = Unbonding::<T>::get(&hotkey, &coldkey);
		match chunks.last_mut() {
			Some(last) if last.unlock_at == unlock_at => {
				last.amount = last.amount.saturating_add(amount)
			},
			_ => chunks
				.try_push(UnbondingChunk { amount, unlock_at })
				.map_err(|_| Error::<T>::TooManyUnbondingChunks)?,
		}
		Unbonding::<T>::insert(&hotkey, &coldkey, chunks);
		Self::debit_stake(&coldkey, &hotkey, amount);
		Self::sync_position(&coldkey, &hotkey);
		Self::deposit_event(Event::StakeRemoved { coldkey, hotkey, amount, unlock_at });
		Ok(())
	}

	pub(crate) fn do_withdraw_unbonded(
		coldkey: T::AccountId,
		hotkey: T::AccountId,
	) -> DispatchResult {
		Self::ensure_not_slashing(&hotkey)?;
		let now = Self::now();
		let chunks = Unbonding::<T>::get(&hotkey, &coldkey);
		let (matured, pending): (alloc::vec::Vec<_>, alloc::vec::Vec<_>) =
			chunks.into_iter().partition(|c| c.unlock_at <= now);
		ensure!(!matured.is_empty(), Error::<T>::NothingToWithdraw);
		let amount =
			matured.iter().fold(BalanceOf::<T>::zero(), |sum, c| sum.saturating_add(c.amount));
		if pending.is_empty() {
			Unbonding::<T>::remove(&hotkey, &coldkey);
		} else {
			// `pending` is a subset of a bounded vector, so it fits.
			Unbonding::<T>::insert(&hotkey, &coldkey, crate::ChunksOf::<T>::truncate_from(pending));
		}
		let amount = funds::release::<T>(&coldkey, amount);
		Self::sync_position(&coldkey, &hotkey);
		Self::deposit_event(Event::Withdrawn { coldkey, hotkey, amount });
		Ok(())
	}
}
