//! The pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	funds, BalanceOf, ColdkeyStake, Config, Delegates, HotkeyStake, Pallet, Positions,
	RewardCheckpoint, Stake, StakerCount, TotalStake, Unbonding, UnclaimedRewards,
};
use alloc::collections::btree_map::BTreeMap;
use frame_support::{ensure, traits::Get};
use merit_primitives::HotkeyOwnership;
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Checks the invariants listed in the crate docs: totals add up, holds equal stake plus
	/// unbonding, no zero or empty entries, positions and counts match, delegates are owned.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut by_hotkey: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut by_coldkey: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut positions: BTreeMap<(T::AccountId, T::AccountId), ()> = BTreeMap::new();
		let mut total = BalanceOf::<T>::zero();
		let add = |map: &mut BTreeMap<T::AccountId, BalanceOf<T>>, k: &T::AccountId, v| {
			let e = map.entry(k.clone()).or_default();
			*e = e.saturating_add(v);
		};
		for (hotkey, coldkey, stake) in Stake::<T>::iter() {
			ensure!(!stake.is_zero(), "zero stake stored");
			add(&mut by_hotkey, &hotkey, stake);
			add(&mut by_coldkey, &coldkey, stake);
			add(&mut held, &coldkey, stake);
			positions.insert((coldkey, hotkey), ());
			total = total.saturating_add(stake);
		}
		for (hotkey, coldkey, chunks) in Unbonding::<T>::iter() {
			ensure!(!chunks.is_empty(), "empty unbonding entry stored");
			for chunk in chunks {
				ensure!(!chunk.amount.is_zero(), "zero unbonding chunk");
				add(&mut held, &coldkey, chunk.amount);
			}
			positions.insert((coldkey, hotkey), ());
		}
		let mut owed: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (hotkey, coldkey, _) in Stake::<T>::iter() {
			add(&mut owed, &hotkey, Self::pending_rewards(&coldkey, &hotkey));
		}
		let mut unclaimed_total = BalanceOf::<T>::zero();
		for (hotkey, unclaimed) in UnclaimedRewards::<T>::iter() {
			ensure!(
				owed.get(&hotkey).copied().unwrap_or_default() <= unclaimed,
				"stakers owed more than their hotkey's unclaimed rewards"
			);
			add(&mut by_hotkey, &hotkey, unclaimed);
			total = total.saturating_add(unclaimed);
			unclaimed_total = unclaimed_total.saturating_add(unclaimed);
		}
		ensure!(
			owed.iter().all(|(h, o)| o.is_zero() || UnclaimedRewards::<T>::contains_key(h)),
			"rewards owed on a hotkey without unclaimed rewards"
		);
		ensure!(
			funds::free::<T>(&Self::reward_pot())
				>= funds::minimum_balance::<T>().saturating_add(unclaimed_total),
			"reward pot holds less than the unclaimed rewards"
		);
		ensure!(
			RewardCheckpoint::<T>::iter_keys().all(|(h, c)| Stake::<T>::contains_key(h, c)),
			"reward checkpoint without bonded stake"
		);
		ensure!(TotalStake::<T>::get() == total, "TotalStake != sum of stakes");
		ensure!(
			HotkeyStake::<T>::iter().collect::<BTreeMap<_, _>>() == by_hotkey,
			"HotkeyStake != sum of its stakes and unclaimed rewards"
		);
		ensure!(
			ColdkeyStake::<T>::iter().collect::<BTreeMap<_, _>>() == by_coldkey,
			"ColdkeyStake != sum of its stakes"
		);
		for who in frame_system::Account::<T>::iter_keys() {
			let expected = held.get(&who).copied().unwrap_or_default();
			ensure!(funds::held::<T>(&who) == expected, "hold != stake + unbonding");
		}
		ensure!(
			Positions::<T>::iter().map(|(c, h, ())| ((c, h), ())).collect::<BTreeMap<_, _>>()
				== positions,
			"Positions out of step"
		);
		let mut counts: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (_, hotkey) in positions.keys() {
			let n = counts.entry(hotkey.clone()).or_default();
			*n = n.saturating_add(1);
		}
		ensure!(StakerCount::<T>::iter().collect::<BTreeMap<_, _>>() == counts, "StakerCount off");
		ensure!(
			counts.values().all(|n| *n <= T::MaxStakersPerHotkey::get()),
			"too many stakers on a hotkey"
		);
		for hotkey in Delegates::<T>::iter_keys() {
			ensure!(T::Hotkeys::owner_of(&hotkey).is_some(), "delegate without owner");
		}
		Ok(())
	}
}
