//! The slash primitive, a page of stakers at a time. A hotkey may have
//! [`Config::MaxStakersPerHotkey`] stakers (1,024 in Merit's runtime), too many to slash in one
//! block; the caller (the slashing pallet) applies a slash over several blocks, handing back
//! the last staker of each page as the cursor of the next, and names the hotkey in
//! [`Config::SlashesApplying`] meanwhile, so no stake enters, leaves or unbonds on it between
//! pages.
//!
//! Stakers are visited in the order of their storage keys under the hotkey: [`Stake`] and
//! [`Unbonding`] use the same hashers, so a coldkey holding bonded stake, unbonding chunks or
//! both is met once, at the same place in both maps.

use crate::{funds, BalanceOf, Config, Event, Pallet, Stake, Unbonding};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{Blake2_128Concat, StorageHasher};
use merit_primitives::{SlashPage, SlashReason};
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

/// The part of a coldkey's storage key under a hotkey that orders it: the same in [`Stake`]
/// and [`Unbonding`].
fn order_key<A: Encode>(coldkey: &A) -> Vec<u8> {
	Blake2_128Concat::hash(&coldkey.encode())
}

/// The first `n` distinct coldkeys of two key-ordered iterators, in key order.
fn merge_first<A: Encode + PartialEq>(
	a: impl Iterator<Item = A>,
	b: impl Iterator<Item = A>,
	n: usize,
) -> Vec<A> {
	let mut a = a.map(|c| (order_key(&c), c)).peekable();
	let mut b = b.map(|c| (order_key(&c), c)).peekable();
	let mut out = Vec::new();
	while out.len() < n {
		let next = match (a.peek(), b.peek()) {
			(Some((ka, _)), Some((kb, _))) => match ka.cmp(kb) {
				core::cmp::Ordering::Less => a.next(),
				core::cmp::Ordering::Greater => b.next(),
				core::cmp::Ordering::Equal => {
					b.next();
					a.next()
				},
			},
			(Some(_), None) => a.next(),
			(None, Some(_)) => b.next(),
			(None, None) => break,
		};
		match next {
			Some((_, coldkey)) => out.push(coldkey),
			None => break,
		}
	}
	out
}

impl<T: Config> Pallet<T> {
	/// Slashes `fraction` of the stake of at most `limit` stakers of `hotkey` after `after`
	/// (from the first when `None`); see the module docs.
	pub(crate) fn do_slash_page(
		hotkey: &T::AccountId,
		fraction: Perbill,
		reason: SlashReason,
		after: Option<&T::AccountId>,
		limit: u32,
	) -> SlashPage<T::AccountId, BalanceOf<T>> {
		// A page visits at least one staker, so a slash always ends.
		let limit = usize::try_from(limit.max(1)).unwrap_or(usize::MAX);
		let (bonded, unbonding) = match after {
			Some(after) => (
				Stake::<T>::iter_key_prefix_from(hotkey, Stake::<T>::hashed_key_for(hotkey, after)),
				Unbonding::<T>::iter_key_prefix_from(
					hotkey,
					Unbonding::<T>::hashed_key_for(hotkey, after),
				),
			),
			None => (Stake::<T>::iter_key_prefix(hotkey), Unbonding::<T>::iter_key_prefix(hotkey)),
		};
		// One more than the page, to tell whether stakers remain after it. Read before any is
		// slashed: a slash may remove the entries being iterated.
		let mut stakers = merge_first(bonded, unbonding, limit.saturating_add(1));
		let more = stakers.len() > limit;
		stakers.truncate(limit);
		let mut taken = BalanceOf::<T>::zero();
		for coldkey in &stakers {
			taken = taken.saturating_add(Self::slash_staker(coldkey, hotkey, fraction, reason));
		}
		SlashPage {
			taken,
			visited: u32::try_from(stakers.len()).unwrap_or(u32::MAX),
			next: if more { stakers.pop() } else { None },
		}
	}

	/// Slashes `fraction` of `coldkey`'s bonded stake and unbonding chunks on `hotkey`, its
	/// shared rewards compounded first; returns what was taken.
	fn slash_staker(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		fraction: Perbill,
		reason: SlashReason,
	) -> BalanceOf<T> {
		// Rewards already shared with the pair are part of what backed the offender. Should
		// the pot fail to pay, they stay pending (checkpoint unmoved) on the reduced stake,
		// which cuts them by the same fraction: the slash proceeds either way.
		let _ = Self::compound_rewards(coldkey, hotkey);
		let bonded = fraction.mul_floor(Stake::<T>::get(hotkey, coldkey));
		let mut unbonding = BalanceOf::<T>::zero();
		Unbonding::<T>::mutate_exists(hotkey, coldkey, |chunks| {
			if let Some(list) = chunks {
				for chunk in list.iter_mut() {
					let cut = fraction.mul_floor(chunk.amount);
					chunk.amount = chunk.amount.saturating_sub(cut);
					unbonding = unbonding.saturating_add(cut);
				}
				list.retain(|c| !c.amount.is_zero());
				if list.is_empty() {
					*chunks = None;
				}
			}
		});
		Self::debit_stake(coldkey, hotkey, bonded);
		Self::sync_position(coldkey, hotkey);
		let amount = funds::slash::<T>(coldkey, bonded.saturating_add(unbonding));
		if !amount.is_zero() {
			Self::deposit_event(Event::Slashed {
				coldkey: coldkey.clone(),
				hotkey: hotkey.clone(),
				amount,
				reason,
			});
		}
		amount
	}
}
