//! Runtime API for reading Merit's stakes and delegates.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_merit_staking::views::{
	ColdkeyStakeView, DelegateView, HotkeyStakeView, StakePosition,
};

sp_api::decl_runtime_apis! {
	/// Stakes, unbonding chunks and delegates.
	pub trait StakingApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// Everything `coldkey` has staked, by hotkey, with its unbonding chunks.
		fn coldkey_stake(coldkey: AccountId) -> ColdkeyStakeView<AccountId, Balance>;
		/// Everything backing `hotkey`, and its delegate terms.
		fn hotkey_stake(hotkey: AccountId) -> HotkeyStakeView<AccountId, Balance>;
		/// Every delegate with its take and stake.
		fn delegates() -> Vec<DelegateView<AccountId, Balance>>;
	}
}
