//! Every movement of funds the staking pallet makes: holding stake, releasing it, slashing it,
//! compounding shared rewards from the pot.

use crate::{BalanceOf, Config, Error, HoldReason};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{hold::Balanced as _, Inspect, InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
		OnUnbalanced,
	},
};

/// Fails with [`Error::InsufficientBalance`] unless `coldkey` can hold `amount` and stay
/// alive.
pub fn ensure_can_hold<T: Config>(coldkey: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
	let spendable =
		T::Currency::reducible_balance(coldkey, Preservation::Preserve, Fortitude::Polite);
	ensure!(spendable >= amount, Error::<T>::InsufficientBalance);
	Ok(())
}

/// Puts `amount` of `coldkey`'s free balance on hold as stake; it must stay alive.
pub fn hold<T: Config>(coldkey: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
	ensure_can_hold::<T>(coldkey, amount)?;
	T::Currency::hold(&HoldReason::Staking.into(), coldkey, amount)
}

/// Moves `amount` from the reward `pot` (kept alive) onto `coldkey`'s staking hold.
pub fn hold_from_pot<T: Config>(
	pot: &T::AccountId,
	coldkey: &T::AccountId,
	amount: BalanceOf<T>,
) -> DispatchResult {
	T::Currency::transfer_and_hold(
		&HoldReason::Staking.into(),
		pot,
		coldkey,
		amount,
		Precision::Exact,
		Preservation::Preserve,
		Fortitude::Polite,
	)
	.map(|_| ())
}

/// Releases up to `amount` of `coldkey`'s staking hold; returns what was released.
pub fn release<T: Config>(coldkey: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
	T::Currency::release(&HoldReason::Staking.into(), coldkey, amount, Precision::BestEffort)
		.unwrap_or_default()
}

/// Takes up to `amount` from `coldkey`'s staking hold and hands it to `OnSlash`; returns what
/// was taken.
pub fn slash<T: Config>(coldkey: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
	let (credit, _missing) = T::Currency::slash(&HoldReason::Staking.into(), coldkey, amount);
	let taken = frame_support::traits::Imbalance::peek(&credit);
	T::OnSlash::on_unbalanced(credit);
	taken
}

/// What `coldkey` has on hold as stake.
pub fn held<T: Config>(coldkey: &T::AccountId) -> BalanceOf<T> {
	T::Currency::balance_on_hold(&HoldReason::Staking.into(), coldkey)
}

/// `who`'s free balance.
pub fn free<T: Config>(who: &T::AccountId) -> BalanceOf<T> {
	T::Currency::balance(who)
}

/// The currency's existential deposit.
pub fn minimum_balance<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance()
}
