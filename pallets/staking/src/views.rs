//! Read-only views for clients, served through `StakingApi` (see `runtime-api/`).

use crate::{
	BalanceOf, ColdkeyStake, Config, DelegateInfo, Delegates, HotkeyStake, Pallet, Positions,
	Stake, StakerCount, Unbonding, UnbondingChunk,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use merit_primitives::HotkeyOwnership;
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

/// One hotkey a coldkey has placed stake on.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct StakePosition<AccountId, Balance> {
	pub hotkey: AccountId,
	/// Bonded stake.
	pub stake: Balance,
	/// Its part of the rewards shared on the hotkey, not yet compounded: it already counts
	/// towards the hotkey's stake and becomes bonded stake with the next change or claim.
	pub rewards: Balance,
	/// Chunks on their way out, with the block each can be withdrawn from.
	pub unbonding: Vec<UnbondingChunk<Balance>>,
}

/// Everything a coldkey has staked.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct ColdkeyStakeView<AccountId, Balance> {
	pub coldkey: AccountId,
	/// Stake across hotkeys: bonded plus pending rewards.
	pub total_stake: Balance,
	pub positions: Vec<StakePosition<AccountId, Balance>>,
}

/// Everything backing a hotkey.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct HotkeyStakeView<AccountId, Balance> {
	pub hotkey: AccountId,
	/// Its owner, if it was ever registered.
	pub owner: Option<AccountId>,
	/// Stake backing it: bonded plus rewards shared with its stakers.
	pub total_stake: Balance,
	/// Its terms, if it is a delegate.
	pub delegate: Option<DelegateInfo>,
	/// `(coldkey, stake)` of everyone backing it, each with its pending rewards.
	pub stakers: Vec<(AccountId, Balance)>,
}

/// A delegate, as nominators shop for one.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct DelegateView<AccountId, Balance> {
	pub hotkey: AccountId,
	pub owner: Option<AccountId>,
	pub take: Perbill,
	pub total_stake: Balance,
	/// Coldkeys with stake or unbonding on it.
	pub stakers: u32,
}

impl<T: Config> Pallet<T> {
	/// What `coldkey` has staked, by hotkey.
	pub fn coldkey_view(coldkey: T::AccountId) -> ColdkeyStakeView<T::AccountId, BalanceOf<T>> {
		let positions: Vec<_> = Positions::<T>::iter_key_prefix(&coldkey)
			.map(|hotkey| StakePosition {
				stake: Stake::<T>::get(&hotkey, &coldkey),
				rewards: Self::pending_rewards(&coldkey, &hotkey),
				unbonding: Unbonding::<T>::get(&hotkey, &coldkey).into_inner(),
				hotkey,
			})
			.collect();
		let rewards =
			positions.iter().fold(BalanceOf::<T>::zero(), |t, p| t.saturating_add(p.rewards));
		ColdkeyStakeView {
			total_stake: ColdkeyStake::<T>::get(&coldkey).saturating_add(rewards),
			coldkey,
			positions,
		}
	}

	/// What backs `hotkey`.
	pub fn hotkey_view(hotkey: T::AccountId) -> HotkeyStakeView<T::AccountId, BalanceOf<T>> {
		HotkeyStakeView {
			owner: T::Hotkeys::owner_of(&hotkey),
			total_stake: HotkeyStake::<T>::get(&hotkey),
			delegate: Delegates::<T>::get(&hotkey),
			stakers: <Self as merit_primitives::StakeInfo<_, _>>::stakers_of(&hotkey),
			hotkey,
		}
	}

	/// Every delegate.
	pub fn delegate_views() -> Vec<DelegateView<T::AccountId, BalanceOf<T>>> {
		Delegates::<T>::iter()
			.map(|(hotkey, info)| DelegateView {
				owner: T::Hotkeys::owner_of(&hotkey),
				take: info.take,
				total_stake: HotkeyStake::<T>::get(&hotkey),
				stakers: StakerCount::<T>::get(&hotkey),
				hotkey,
			})
			.collect()
	}
}
