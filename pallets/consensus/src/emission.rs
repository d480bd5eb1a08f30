//! Block emission (with halving), its split across subnets, and the payout at each epoch.

use crate::{
	funds, yuma, BalanceOf, Config, EmissionConfig, EmissionParams, EmissionShares, Error,
	Issuance, Pallet, PendingEmission,
};
use alloc::{vec, vec::Vec};
use frame_support::pallet_prelude::*;
use merit_primitives::{EpochParams, NetUid, NeuronRef, StakeInfo, StakeReward, SubnetRegistry};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Saturating, Zero},
	Rounding, SaturatedConversion,
};

/// One token at 12 decimals, the unit the standard values are written in.
const TOKEN: u128 = 1_000_000_000_000;

/// What one epoch's payout did.
pub(crate) struct Payout<Balance> {
	/// What each UID earned (miner and validator parts).
	pub emission: Vec<Balance>,
	/// Paid to the subnet owner.
	pub owner_cut: Balance,
	/// Paid to miners.
	pub miners: Balance,
	/// Paid to validators and their stakers.
	pub validators: Balance,
	/// Nobody earned it (or rounding left it): minted into the treasury.
	pub to_treasury: Balance,
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

	/// Mints `amount` to `coldkey` and stakes it on `hotkey` (it stays free balance when it
	/// cannot be staked). Returns what was minted: zero if the account cannot receive it.
	fn reward(coldkey: &T::AccountId, hotkey: &T::AccountId, amount: u128) -> u128 {
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
	pub(crate) fn pay_validator(neuron: &NeuronRef<T::AccountId>, amount: u128) -> u128 {
		let take = T::Stake::delegate_take(&neuron.hotkey).unwrap_or_default();
		let to_share: BalanceOf<T> = amount.saturating_sub(take.mul_floor(amount)).saturated_into();
		let shared: u128 = funds::share::<T>(&neuron.hotkey, to_share).saturated_into();
		let to_owner = amount.saturating_sub(shared);
		shared.saturating_add(Self::reward(&neuron.coldkey, &neuron.hotkey, to_owner))
	}

	/// Mints and pays what `netuid` accrued since its last epoch, by the epoch's incentive
	/// and dividends; see the crate docs for the split.
	pub(crate) fn pay_epoch(
		netuid: NetUid,
		params: &EpochParams<BalanceOf<T>>,
		neurons: &[NeuronRef<T::AccountId>],
		out: &yuma::EpochOutput,
	) -> Payout<BalanceOf<T>> {
		let pending: u128 = PendingEmission::<T>::take(netuid).saturated_into();
		Issuance::<T>::mutate(|books| {
			books.pending = books.pending.saturating_sub(pending.saturated_into())
		});
		let owner_part = params.owner_cut.mul_floor(pending);
		let rest = pending.saturating_sub(owner_part);
		let miners_pot = rest.saturating_div(2);
		let validators_pot = rest.saturating_sub(miners_pot);

		let mut emission = vec![0u128; neurons.len()];
		let (mut miners, mut validators) = (0u128, 0u128);
		for ((neuron, incentive), earned) in neurons.iter().zip(&out.incentive).zip(&mut emission) {
			let paid =
				Self::reward(&neuron.coldkey, &neuron.hotkey, fraction_of(*incentive, miners_pot));
			*earned = earned.saturating_add(paid);
			miners = miners.saturating_add(paid);
		}
		for ((neuron, dividend), earned) in neurons.iter().zip(&out.dividends).zip(&mut emission) {
			let amount = fraction_of(*dividend, validators_pot);
			if amount == 0 {
				continue;
			}
			let paid = Self::pay_validator(neuron, amount);
			*earned = earned.saturating_add(paid);
			validators = validators.saturating_add(paid);
		}
		let owner_cut = T::Subnets::owner(netuid)
			.map(|(coldkey, hotkey)| Self::reward(&coldkey, &hotkey, owner_part))
			.unwrap_or(0);
		let unearned =
			pending.saturating_sub(owner_cut.saturating_add(miners).saturating_add(validators));
		// Not minted at all if the treasury cannot take it (an amount under the existential
		// deposit into an empty treasury): it stays under the cap for later blocks.
		let to_treasury = match funds::mint::<T>(&T::Treasury::get(), unearned.saturated_into()) {
			Ok(()) => unearned,
			Err(_) => 0,
		};
		Payout {
			emission: emission.into_iter().map(|e| e.saturated_into()).collect(),
			owner_cut: owner_cut.saturated_into(),
			miners: miners.saturated_into(),
			validators: validators.saturated_into(),
			to_treasury: to_treasury.saturated_into(),
		}
	}
}
