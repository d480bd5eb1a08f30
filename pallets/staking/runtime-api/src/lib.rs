//! Runtime APIs for reading Merit's stakes and delegates, and an account's funds by what
//! holds them.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
pub use pallet_merit_staking::views::{
	ColdkeyStakeView, DelegateView, HotkeyStakeView, StakePosition,
};
use scale_info::TypeInfo;

/// An account's funds, with what is held split by the reason it is held.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, Default, TypeInfo)]
pub struct AccountBalances<Balance> {
	/// Free balance (some of it may be frozen).
	pub free: Balance,
	/// What it can transfer now without being reaped: free less frozen and the existential
	/// deposit.
	pub transferable: Balance,
	/// Held as stake, bonded or unbonding.
	pub stake: Balance,
	/// Held as miners' registration bonds.
	pub bond: Balance,
	/// Held as subnet owners' locks.
	pub subnet_lock: Balance,
	/// Held for another reason (preimage deposits, dispute bonds).
	pub other_held: Balance,
	/// Reserved outside holds (referendum deposits).
	pub reserved: Balance,
	/// Frozen in the free balance (conviction-vote locks): it stays but cannot move.
	pub frozen: Balance,
}

sp_api::decl_runtime_apis! {
	/// An account's funds by what holds them.
	pub trait AccountsApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// `who`'s free, transferable, held (by reason), reserved and frozen funds.
		fn balances(who: AccountId) -> AccountBalances<Balance>;
	}

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
