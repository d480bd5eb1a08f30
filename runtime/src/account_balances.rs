//! `AccountsApi`: an account's funds with its holds split by reason, so a wallet shows "staked",
//! "bonded" and "locked for a subnet" instead of one `reserved` total.

use crate::{AccountId, Balance, Balances, Runtime, RuntimeHoldReason};
use frame_support::traits::{
	fungible::Inspect,
	tokens::{Fortitude, Preservation},
};
use pallet_merit_staking_runtime_api::AccountBalances;
use pallet_merit_subnets::HoldReason as SubnetsHold;

/// `who`'s free, transferable, held (by reason), reserved and frozen funds.
pub fn balances(who: &AccountId) -> AccountBalances<Balance> {
	let account = frame_system::Account::<Runtime>::get(who).data;
	let mut funds = AccountBalances {
		free: account.free,
		transferable: Balances::reducible_balance(who, Preservation::Preserve, Fortitude::Polite),
		frozen: account.frozen,
		..Default::default()
	};
	let mut held: Balance = 0;
	for hold in pallet_balances::Holds::<Runtime>::get(who) {
		held = held.saturating_add(hold.amount);
		let bucket = match hold.id {
			RuntimeHoldReason::Staking(_) => &mut funds.stake,
			RuntimeHoldReason::Subnets(SubnetsHold::MinerBond) => &mut funds.bond,
			RuntimeHoldReason::Subnets(SubnetsHold::SubnetLock) => &mut funds.subnet_lock,
			_ => &mut funds.other_held,
		};
		*bucket = bucket.saturating_add(hold.amount);
	}
	funds.reserved = account.reserved.saturating_sub(held);
	funds
}
