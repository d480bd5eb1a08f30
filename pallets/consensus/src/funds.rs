//! Every movement of funds the consensus pallet makes: minting emission, and recording burns.

use crate::{BalanceOf, Config, Issuance};
use core::marker::PhantomData;
use frame_support::traits::{
	fungible::{self, Mutate},
	Imbalance, OnUnbalanced,
};
use sp_runtime::{traits::Saturating, DispatchResult};

/// Mints `amount` of emission into `who`'s free balance and books it as minted.
pub fn mint<T: Config>(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
	T::Currency::mint_into(who, amount)?;
	Issuance::<T>::mutate(|books| books.minted = books.minted.saturating_add(amount));
	Ok(())
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
