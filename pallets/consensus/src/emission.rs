//! Block emission (with halving), its split across subnets, and the payout at each epoch.

use crate::{
	yuma, BalanceOf, Config, EmissionConfig, EmissionParams, EmissionShares, Error, Issuance,
	Pallet, Payee, PendingEmission,
};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use merit_primitives::{EpochParams, NetUid, NeuronRef, SubnetRegistry};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Saturating, Zero},
	Rounding, SaturatedConversion,
};

/// One token at 12 decimals, the unit the standard values are written in.
const TOKEN: u128 = 1_000_000_000_000;

/// What one epoch's payout did.
pub(crate) struct Payout<Balance> {
	/// What each UID earned (miner and validator parts), queued.
	pub emission: Vec<Balance>,
	/// Paid to the subnet owner.
	pub owner_cut: Balance,
	/// Earned by miners, queued.
	pub miners: Balance,
	/// Earned by validators and their stakers, queued.
	pub validators: Balance,
	/// Nobody earned it (or rounding left it): minted into the treasury.
	pub to_treasury: Balance,
	/// Pages the earnings were queued in.
	pub payout_pages: u32,
}

/// `share · amount` for a fraction `share` of [`yuma::ONE`], rounded down.
fn fraction_of(share: yuma::Fixed, amount: u128) -> u128 {
	multiply_by_rational_with_rounding(
		amount,
		u128::from(share.min(yuma::ONE)),
		u128::from(yuma::ONE),
		Rounding::Down,
	)
	.unwrap_or(0)
}

impl<T: Config> Pallet<T> {
	/// Emission a genesis gets unless it says otherwise: 1 MRT per block, at most 21,000,000
	/// MRT ever (the first halving after 10,500,000 blocks, about two years of 6-second
	/// blocks).
	pub fn standard_emission() -> EmissionParams<BalanceOf<T>> {
		EmissionParams {
			block_emission: TOKEN.saturated_into(),
			emission_cap: TOKEN.saturating_mul(21_000_000).saturated_into(),
		}
	}

	/// Fails with [`Error::InvalidEmissionParams`] unless the cap is at least one block's
	/// emission and at least what emission has issued so far (minted and accrued).
	pub fn check_emission(params: &EmissionParams<BalanceOf<T>>) -> DispatchResult {
		let books = Issuance::<T>::get();
		ensure!(
			params.block_emission <= params.emission_cap
				&& books.minted.saturating_add(books.pending) <= params.emission_cap,
			Error::<T>::InvalidEmissionParams
		);
		Ok(())
	}

	/// This block's emission: `block_emission / 2ᵏ` after `k` halvings, where the `k`-th
	/// halving comes once minted and accrued emission reach `cap · (1 − 2⁻ᵏ)`; never more
	/// than what is left under the cap.
	pub fn block_emission() -> BalanceOf<T> {
		let Some(params) = EmissionConfig::<T>::get() else { return Zero::zero() };
		let books = Issuance::<T>::get();
		let cap: u128 = params.emission_cap.saturated_into();
		let issued: u128 = books.minted.saturating_add(books.pending).saturated_into();
		let remaining = cap.saturating_sub(issued);
		if remaining == 0 {
			return Zero::zero();
		}
		// Halvings so far: the largest k with remaining · 2ᵏ ≤ cap, i.e. ⌊log₂(cap / remaining)⌋.
		let quotient = cap.checked_div(remaining).unwrap_or(1).max(1);
		let halvings = 127u32.saturating_sub(quotient.leading_zeros());
		let base: u128 = params.block_emission.saturated_into();
		base.checked_shr(halvings).unwrap_or(0).min(remaining).saturated_into()
	}

	/// Each subnet's emission share weight: 0 (no emission) until the admin origin grants one.
	pub fn emission_share(netuid: NetUid) -> u32 {
		EmissionShares::<T>::get(netuid).unwrap_or(0)
	}

	/// Accrues this block's emission to `netuids` by their share weights (rounding down; the
	/// remainder is not accrued). Returns how many subnets were considered.
	pub(crate) fn accrue_block_emission(netuids: &[NetUid]) -> u32 {
		let count = u32::try_from(netuids.len()).unwrap_or(u32::MAX);
		let shares: Vec<(NetUid, u32)> = netuids
			.iter()
			.map(|netuid| (*netuid, Self::emission_share(*netuid)))
			.filter(|(_, share)| *share > 0)
			.collect();
		let total_shares = shares.iter().fold(0u128, |t, (_, s)| t.saturating_add(u128::from(*s)));
		let emission: u128 = Self::block_emission().saturated_into();
		if total_shares == 0 || emission == 0 {
			return count;
		}
		let mut accrued = 0u128;
		for (netuid, share) in shares {
			let part = multiply_by_rational_with_rounding(
				emission,
				u128::from(share),
				total_shares,
				Rounding::Down,
			)
			.unwrap_or(0);
			let part: BalanceOf<T> = part.saturated_into();
			PendingEmission::<T>::mutate(netuid, |p| *p = p.saturating_add(part));
			accrued = accrued.saturating_add(part.saturated_into());
		}
		Issuance::<T>::mutate(|books| {
			books.pending = books.pending.saturating_add(accrued.saturated_into())
		});
		count
	}

	/// Splits what `netuid` accrued since its last epoch by the epoch's incentive and
	/// dividends (see the crate docs): pays the owner cut and the treasury's part, and queues
	/// what each neuron earned for [`Self::pay_next_page`].
	pub(crate) fn pay_epoch(
		netuid: NetUid,
		epoch: u32,
		params: &EpochParams<BalanceOf<T>>,
		neurons: &[NeuronRef<T::AccountId>],
		out: &yuma::EpochOutput,
	) -> Payout<BalanceOf<T>> {
		let pending: u128 = PendingEmission::<T>::take(netuid).saturated_into();
		let owner_part = params.owner_cut.mul_floor(pending);
		let rest = pending.saturating_sub(owner_part);
		let miners_pot = rest.saturating_div(2);
		let validators_pot = rest.saturating_sub(miners_pot);

		let mut emission = Vec::with_capacity(neurons.len());
		let mut payees = Vec::new();
		let (mut miners, mut validators) = (0u128, 0u128);
		for (uid, ((neuron, incentive), dividend)) in
			(0u16..).zip(neurons.iter().zip(&out.incentive).zip(&out.dividends))
		{
			let incentive = fraction_of(*incentive, miners_pot);
			let dividend = fraction_of(*dividend, validators_pot);
			miners = miners.saturating_add(incentive);
			validators = validators.saturating_add(dividend);
			let earned = incentive.saturating_add(dividend);
			emission.push(earned.saturated_into());
			if earned > 0 {
				payees.push(Payee {
					uid,
					coldkey: neuron.coldkey.clone(),
					hotkey: neuron.hotkey.clone(),
					incentive: incentive.saturated_into(),
					dividend: dividend.saturated_into(),
				});
			}
		}
		let payout_pages = Self::queue_payouts(netuid, epoch, payees);
		let owner_cut = T::Subnets::owner(netuid)
			.map(|(coldkey, hotkey)| Self::reward(&coldkey, &hotkey, owner_part))
			.unwrap_or(0);
		let queued = miners.saturating_add(validators);
		let unearned = pending.saturating_sub(owner_cut.saturating_add(queued));
		let to_treasury = Self::mint_to_treasury(unearned);
		// What was queued stays pending until its page is paid.
		Issuance::<T>::mutate(|books| {
			books.pending =
				books.pending.saturating_sub(pending.saturating_sub(queued).saturated_into())
		});
		Payout {
			emission,
			owner_cut: owner_cut.saturated_into(),
			miners: miners.saturated_into(),
			validators: validators.saturated_into(),
			to_treasury: to_treasury.saturated_into(),
			payout_pages,
		}
	}
}
