//! Every movement of funds the consensus pallet makes: minting emission, sharing it with
//! stakers, and recording burns.

use crate::{BalanceOf, Config, Issuance};
use core::marker::PhantomData;
use frame_support::traits::{
	fungible::{self, Balanced, Mutate},
	Imbalance, OnUnbalanced,
};
use merit_primitives::StakeReward;
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchResult,
};

/// Mints `amount` of emission into `who`'s free balance and books it as minted.
pub fn mint<T: Config>(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
	T::Currency::mint_into(who, amount)?;
	Issuance::<T>::mutate(|books| books.minted = books.minted.saturating_add(amount));
	Ok(())
}

/// Mints `amount` of emission and shares it among everyone staked on `hotkey` (staking's
/// reward pool), booking it as minted. Returns what was shared: zero, with nothing minted, if
/// nobody has bonded stake on `hotkey`.
pub fn share<T: Config>(hotkey: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
	if amount.is_zero() {
		return amount;
	}
	match T::Stake::share_reward(hotkey, T::Currency::issue(amount)) {
		Ok(()) => {
			Issuance::<T>::mutate(|books| books.minted = books.minted.saturating_add(amount));
			amount
		},
		// Dropping the credit takes the issue back.
		Err(unshared) => {
			drop(unshared);
			Zero::zero()
		},
	}
}

/// Burns what it is given and books it as burned. The runtime routes every burn through it
/// (fees, dust, registration burns, slashes sent to burn), so the token-conservation
/// invariant `total issuance = genesis + minted − burned` holds.
pub struct RecordBurn<T>(PhantomData<T>);

impl<T: Config> OnUnbalanced<fungible::Credit<T::AccountId, T::Currency>> for RecordBurn<T> {
	fn on_nonzero_unbalanced(credit: fungible::Credit<T::AccountId, T::Currency>) {
		let amount = credit.peek();
		Issuance::<T>::mutate(|books| books.burned = books.burned.saturating_add(amount));
		// Dropping the credit lowers total issuance by `amount`.
		drop(credit);
	}
}

/// Pays what it is given into `To`'s account: the runtime sends slashed stake and bonds to the
/// treasury through it. If the account cannot take it (an amount under the existential
/// deposit into an empty account), it is burned and booked instead, so the token books hold
/// either way.
pub struct ResolveOrBurn<T, To>(PhantomData<(T, To)>);

impl<T: Config, To: frame_support::traits::Get<T::AccountId>>
	OnUnbalanced<fungible::Credit<T::AccountId, T::Currency>> for ResolveOrBurn<T, To>
{
	fn on_nonzero_unbalanced(credit: fungible::Credit<T::AccountId, T::Currency>) {
		if let Err(credit) = T::Currency::resolve(&To::get(), credit) {
			RecordBurn::<T>::on_unbalanced(credit);
		}
	}
}
