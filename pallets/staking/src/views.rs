//! Read-only views for clients, served through `StakingApi` (see `runtime-api/`).

use crate::{
	BalanceOf, ColdkeyStake, Config, DelegateInfo, Delegates, HotkeyStake, Pallet, Positions,
	Stake, StakerCount, Unbonding, UnbondingChunk,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use merit_primitives::HotkeyOwnership;
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// One hotkey a coldkey has placed stake on.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct StakePosition<AccountId, Balance> {
	pub hotkey: AccountId,
	/// Bonded stake.
	pub stake: Balance,
	/// Chunks on their way out, with the block each can be withdrawn from.
	pub unbonding: Vec<UnbondingChunk<Balance>>,
}

/// Everything a coldkey has staked.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct ColdkeyStakeView<AccountId, Balance> {
	pub coldkey: AccountId,
	/// Bonded stake across hotkeys.
	pub total_stake: Balance,
	pub positions: Vec<StakePosition<AccountId, Balance>>,
}

/// Everything backing a hotkey.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct HotkeyStakeView<AccountId, Balance> {
	pub hotkey: AccountId,
	/// Its owner, if it was ever registered.
	pub owner: Option<AccountId>,
	/// Bonded stake backing it.
	pub total_stake: Balance,
	/// Its terms, if it is a delegate.
	pub delegate: Option<DelegateInfo>,
	/// `(coldkey, bonded stake)` of everyone backing it.
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
		let positions = Positions::<T>::iter_key_prefix(&coldkey)
			.map(|hotkey| StakePosition {
				stake: Stake::<T>::get(&hotkey, &coldkey),
				unbonding: Unbonding::<T>::get(&hotkey, &coldkey).into_inner(),
				hotkey,
			})
			.collect();
		ColdkeyStakeView { total_stake: ColdkeyStake::<T>::get(&coldkey), coldkey, positions }
	}

	/// What backs `hotkey`.
	pub fn hotkey_view(hotkey: T::AccountId) -> HotkeyStakeView<T::AccountId, BalanceOf<T>> {
		HotkeyStakeView {
			owner: T::Hotkeys::owner_of(&hotkey),
			total_stake: HotkeyStake::<T>::get(&hotkey),
			delegate: Delegates::<T>::get(&hotkey),
			stakers: Stake::<T>::iter_prefix(&hotkey).collect(),
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
