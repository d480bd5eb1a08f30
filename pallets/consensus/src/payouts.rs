//! Paying what neurons earned in an epoch: queued in pages at the epoch, one page paid per
//! block, so no block pays more than [`Config::PayoutsPerBlock`] neurons however large the
//! subnets are.

use crate::{
	funds, BalanceOf, Config, Event, Issuance, Pallet, Payee, PayoutPage, PayoutPageOf,
	PayoutPages, PayoutQueue, QueuedPages, WeightInfo,
};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Get};
use merit_primitives::{NetUid, StakeInfo, StakeReward};
use sp_runtime::{
	traits::{Saturating, Zero},
	SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// Queues the earnings of `netuid`'s epoch `epoch` at the end of the payout queue, in
	/// pages of [`Config::PayoutsPerBlock`]; returns how many pages. Their total must already
	/// be in the books' `pending` (it stays there until paid).
	pub(crate) fn queue_payouts(
		netuid: NetUid,
		epoch: u32,
		payees: Vec<Payee<T::AccountId, BalanceOf<T>>>,
	) -> u32 {
		let per_page = usize::try_from(T::PayoutsPerBlock::get()).unwrap_or(usize::MAX).max(1);
		let mut queue = PayoutQueue::<T>::get();
		let mut pages = 0u32;
		let mut payees = payees.into_iter().peekable();
		while payees.peek().is_some() {
			let page: Vec<_> = payees.by_ref().take(per_page).collect();
			let page = PayoutPage { netuid, epoch, payees: BoundedVec::truncate_from(page) };
			PayoutPages::<T>::insert(queue.end, page);
			queue.end = queue.end.wrapping_add(1);
			pages = pages.saturating_add(1);
		}
		if pages > 0 {
			PayoutQueue::<T>::put(queue);
			QueuedPages::<T>::mutate(netuid, |queued| *queued = queued.saturating_add(pages));
		}
		pages
	}

	/// Pays the oldest queued page, if any, and returns the weight of doing so.
	pub(crate) fn pay_next_page() -> Weight {
		let mut queue = PayoutQueue::<T>::get();
		if queue.is_empty() {
			return T::WeightInfo::pay_page(0);
		}
		let page = PayoutPages::<T>::take(queue.first);
		queue.first = queue.first.wrapping_add(1);
		if queue.is_empty() {
			PayoutQueue::<T>::kill();
		} else {
			PayoutQueue::<T>::put(queue);
		}
		let Some(page) = page else { return T::WeightInfo::pay_page(0) };
		QueuedPages::<T>::mutate_exists(page.netuid, |queued| {
			*queued = queued.and_then(|q| q.checked_sub(1)).filter(|q| *q > 0u32)
		});
		let payees = u32::try_from(page.payees.len()).unwrap_or(u32::MAX);
		Self::settle_page(page, payees, queue.len());
		T::WeightInfo::pay_page(payees)
	}

	/// Pays one page of `payees` payees: each payee's incentive as stake, its dividend through
	/// [`Self::pay_validator`]. What a payee could not receive is minted into the treasury.
	fn settle_page(page: PayoutPageOf<T>, payees: u32, pages_left: u32) {
		let (mut owed, mut miners, mut validators) = (0u128, 0u128, 0u128);
		for payee in &page.payees {
			let incentive: u128 = payee.incentive.saturated_into();
			let dividend: u128 = payee.dividend.saturated_into();
			owed = owed.saturating_add(incentive).saturating_add(dividend);
			miners = miners.saturating_add(Self::reward(&payee.coldkey, &payee.hotkey, incentive));
			validators = validators.saturating_add(Self::pay_validator(
				&payee.coldkey,
				&payee.hotkey,
				dividend,
			));
		}
		Issuance::<T>::mutate(|books| {
			books.pending = books.pending.saturating_sub(owed.saturated_into())
		});
		let to_treasury =
			Self::mint_to_treasury(owed.saturating_sub(miners.saturating_add(validators)));
		Self::deposit_event(Event::PayoutPaid {
			netuid: page.netuid,
			epoch: page.epoch,
			payees,
			miners: miners.saturated_into(),
			validators: validators.saturated_into(),
			to_treasury: to_treasury.saturated_into(),
			pages_left,
		});
	}

	/// Mints `amount` into the treasury and returns it; or returns zero, minting nothing, if
	/// the treasury cannot take it (an amount under the existential deposit into an empty
	/// treasury): it stays under the cap for later blocks.
	pub(crate) fn mint_to_treasury(amount: u128) -> u128 {
		if amount == 0 {
			return 0;
		}
		match funds::mint::<T>(&T::Treasury::get(), amount.saturated_into()) {
			Ok(()) => amount,
			Err(_) => 0,
		}
	}

	/// Mints `amount` to `coldkey` and stakes it on `hotkey` (it stays free balance when it
	/// cannot be staked). Returns what was minted: zero if the account cannot receive it.
	pub(crate) fn reward(coldkey: &T::AccountId, hotkey: &T::AccountId, amount: u128) -> u128 {
		let value: BalanceOf<T> = amount.saturated_into();
		if value.is_zero() || funds::mint::<T>(coldkey, value).is_err() {
			return 0;
		}
		// Left as free balance if it cannot be held as stake.
		let _ = T::Stake::stake_reward(coldkey, hotkey, value);
		amount
	}

	/// Pays a validator's dividends: a delegate's take to its owner, the rest shared among
	/// everyone staked on it pro rata to bonded stake (staking's reward pool: one write
	/// whatever the number of stakers). If nobody has bonded stake on it, the owner gets it
	/// all. Returns what was paid.
	fn pay_validator(coldkey: &T::AccountId, hotkey: &T::AccountId, amount: u128) -> u128 {
		if amount == 0 {
			return 0;
		}
		let take = T::Stake::delegate_take(hotkey).unwrap_or_default();
		let to_share: BalanceOf<T> = amount.saturating_sub(take.mul_floor(amount)).saturated_into();
		let shared: u128 = funds::share::<T>(hotkey, to_share).saturated_into();
		let to_owner = amount.saturating_sub(shared);
		shared.saturating_add(Self::reward(coldkey, hotkey, to_owner))
	}
}
