//! Every movement of funds the subnets pallet makes: subnet locks and miner bonds (holds)
//! and registration burns.

use crate::{BalanceOf, Config, Error, HoldReason};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Credit, Inspect, InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
		OnUnbalanced,
	},
};
use sp_runtime::traits::{Saturating, Zero};

/// Fails with [`Error::InsufficientBalance`] unless `who` can part with `amount` and stay
/// alive.
pub fn ensure_can_pay<T: Config>(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
	let spendable = T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite);
	ensure!(spendable >= amount, Error::<T>::InsufficientBalance);
	Ok(())
}

/// Holds a subnet's lock from its owner.
pub fn hold_lock<T: Config>(owner: &T::AccountId, lock: BalanceOf<T>) -> DispatchResult {
	T::Currency::hold(&HoldReason::SubnetLock.into(), owner, lock)
}

/// Returns a subnet's lock to its owner; returns what was released.
pub fn release_lock<T: Config>(owner: &T::AccountId, lock: BalanceOf<T>) -> BalanceOf<T> {
	T::Currency::release(&HoldReason::SubnetLock.into(), owner, lock, Precision::BestEffort)
		.unwrap_or_default()
}

/// Burns `amount` of `owner`'s subnet lock (handed to `OnBurn`); returns what was burned.
pub fn burn_lock<T: Config>(owner: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
	if amount.is_zero() {
		return amount;
	}
	slash_hold::<T, T::OnBurn>(HoldReason::SubnetLock, owner, amount)
}

/// Slashes up to `amount` of what `who` holds for `reason` and hands it to `To`; returns what
/// was taken.
fn slash_hold<T: Config, To: OnUnbalanced<Credit<T::AccountId, T::Currency>>>(
	reason: HoldReason,
	who: &T::AccountId,
	amount: BalanceOf<T>,
) -> BalanceOf<T> {
	use frame_support::traits::{fungible::hold::Balanced, Imbalance};
	let (credit, _missing) =
		<T::Currency as Balanced<T::AccountId>>::slash(&reason.into(), who, amount);
	let taken = credit.peek();
	To::on_unbalanced(credit);
	taken
}

/// Takes `burn` from `coldkey` and hands it to `OnBurn` (dropping it lowers total issuance),
/// and holds `bond`.
pub fn burn_and_bond<T: Config>(
	coldkey: &T::AccountId,
	burn: BalanceOf<T>,
	bond: BalanceOf<T>,
) -> DispatchResult {
	ensure_can_pay::<T>(coldkey, burn.saturating_add(bond))?;
	let burned =
		<T::Currency as frame_support::traits::fungible::Balanced<T::AccountId>>::withdraw(
			coldkey,
			burn,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)?;
	<T::OnBurn as frame_support::traits::OnUnbalanced<_>>::on_unbalanced(burned);
	T::Currency::hold(&HoldReason::MinerBond.into(), coldkey, bond)
}

/// Returns a neuron's bond to its coldkey; returns what was released.
pub fn release_bond<T: Config>(coldkey: &T::AccountId, bond: BalanceOf<T>) -> BalanceOf<T> {
	T::Currency::release(&HoldReason::MinerBond.into(), coldkey, bond, Precision::BestEffort)
		.unwrap_or_default()
}

/// Takes up to `amount` of `coldkey`'s bond hold and hands it to `OnBondSlash`; returns what
/// was taken.
pub fn slash_bond<T: Config>(coldkey: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
	slash_hold::<T, T::OnBondSlash>(HoldReason::MinerBond, coldkey, amount)
}

/// What `who` has on hold for `reason`.
pub fn held<T: Config>(reason: HoldReason, who: &T::AccountId) -> BalanceOf<T> {
	T::Currency::balance_on_hold(&reason.into(), who)
}
