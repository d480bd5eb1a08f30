//! Rounds: the candidates each epoch's scoring round is fixed to, and the round a
//! validator's weights name.
//!
//! When a subnet's epoch runs (and when the subnet is first scheduled, for round 0), the
//! chain applies the round core's candidate rule ([`merit_primitives::round::candidates`])
//! to the subnet as it stands and keeps the list for [`ROUND_HISTORY`] epochs. Validators
//! score exactly these, whichever block they read the chain at; a model revealed or
//! re-committed later in the epoch waits for the next round. Weights carry the round they
//! come from ([`WeightsBasis`]): `set_weights` must name the current round, a reveal the
//! round its commit was made in, so a transaction that lands after the round changed is
//! refused rather than judged against candidates it never saw.

use crate::{
	views::RoundView, BalanceOf, Config, Error, Event, Pallet, RoundCandidates, Rounds, WeightInfo,
};
use frame_support::pallet_prelude::*;
use merit_primitives::{
	round::{FixedCandidates, RoundRecord, WeightLimits, WeightsBasis},
	EpochParams, NetUid, SubnetRegistry, ROUND_HISTORY,
};

impl<T: Config> Pallet<T> {
	/// Fixes round `epoch` of `netuid` in block `now` (its seed block is `now + 1`) under the
	/// subnet's weight limits `params`, and drops the round [`ROUND_HISTORY`] epochs older;
	/// returns the weight.
	pub(crate) fn fix_round(
		netuid: NetUid,
		epoch: u32,
		now: u32,
		params: &EpochParams<BalanceOf<T>>,
	) -> Weight {
		let candidates = T::Subnets::round_candidates(netuid, now.saturating_add(1));
		// At most one candidate per UID: it fits.
		let candidates = FixedCandidates::truncate_from(candidates);
		let count = u16::try_from(candidates.len()).unwrap_or(u16::MAX);
		let limits = WeightLimits {
			min_count: params.min_allowed_weights,
			max_share_ppb: params.max_weight_limit.deconstruct(),
		};
		Rounds::<T>::insert(netuid, epoch, RoundRecord { fixed_at: now, limits });
		RoundCandidates::<T>::insert(netuid, epoch, candidates);
		if let Some(old) = epoch.checked_sub(ROUND_HISTORY) {
			Rounds::<T>::remove(netuid, old);
			RoundCandidates::<T>::remove(netuid, old);
		}
		Self::deposit_event(Event::RoundFixed { netuid, epoch, candidates: count });
		T::WeightInfo::fix_round(u32::from(T::Subnets::neuron_count(netuid)))
	}

	/// Fails unless `basis` names the round the weights were fixed in at block `at` (the
	/// round that was open then) and its fetched set is canonical.
	pub(crate) fn check_basis(netuid: NetUid, basis: &WeightsBasis, at: u32) -> DispatchResult {
		ensure!(basis.fetched.is_canonical(), Error::<T>::FetchedSetNotCanonical);
		let opened = Rounds::<T>::get(netuid, basis.round).ok_or(Error::<T>::WrongRound)?.fixed_at;
		let next = Rounds::<T>::get(netuid, basis.round.saturating_add(1)).map(|r| r.fixed_at);
		ensure!(opened <= at && next.is_none_or(|n| at < n), Error::<T>::WrongRound);
		Ok(())
	}

	/// Round `epoch` of `netuid`, if kept.
	pub fn round_view(netuid: NetUid, epoch: u32) -> Option<RoundView> {
		let record = Rounds::<T>::get(netuid, epoch)?;
		Some(RoundView {
			epoch,
			fixed_at: record.fixed_at,
			seed_block: record.seed_block(),
			limits: record.limits,
			candidates: RoundCandidates::<T>::get(netuid, epoch).into_inner(),
		})
	}
}
