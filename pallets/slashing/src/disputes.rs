//! Disputes of validators' weights: anyone posting [`Config::DisputeBond`] names a
//! validator and the round its latest weights rest on; the chain snapshots the round (its
//! candidates restricted to the validator's fetched set, seed, limits) and the weights; the
//! subnet's permit holders re-run it with the round core and attest. `kappa` of their stake
//! attesting a mismatch is an offence ([`SlashReason::DisputedWeights`]: a deferred,
//! cancellable slash, part of which the disputer is paid when it applies); a dispute that
//! cannot reach that costs the disputer its bond.

use crate::{
	Config, Dispute, DisputeCandidates, DisputeEnd, DisputeId, DisputeQueue, DisputeRewards,
	Disputes, Error, Event, HoldReason, NextDisputeId, Pallet, Verifier,
};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{hold::Balanced as _, MutateHold},
		tokens::Precision,
		Imbalance, OnUnbalanced,
	},
};
use merit_primitives::{
	round::{submission_digest, Attestation, FixedCandidates, WeightsBasis},
	ClaimError, EpochInfo, NetUid, SlashReason, SubnetRegistry, Uid,
};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// The current block number as `u32`.
	pub(crate) fn block_now() -> u32 {
		use sp_runtime::SaturatedConversion;
		frame_system::Pallet::<T>::block_number().saturated_into()
	}

	/// Opens a dispute of a weights submission of `validator` on `netuid`: `weights` as the
	/// chain kept them, resting on `basis`, fixed at block `as_of` (the chain remembers the
	/// digest of each of its latest submissions); holds the disputer's bond.
	pub(crate) fn do_dispute(
		netuid: NetUid,
		disputer: T::AccountId,
		validator: T::AccountId,
		weights: Vec<(Uid, u16)>,
		basis: WeightsBasis,
		as_of: u32,
	) -> DispatchResult {
		ensure!(T::Subnets::exists(netuid), Error::<T>::SubnetNotFound);
		ensure!(disputer != validator, Error::<T>::CannotDisputeSelf);
		let uid = T::Subnets::uid_of(netuid, &validator).ok_or(Error::<T>::NotRegistered)?;
		let digest = submission_digest(&weights, &basis, as_of);
		// Claimed once: a submission is disputed at most once (rolled back if refused below).
		let stored_at = T::Epochs::claim_submission(netuid, uid, digest).map_err(|e| match e {
			ClaimError::Unknown => Error::<T>::UnknownSubmission,
			ClaimError::Claimed => Error::<T>::AlreadyDisputed,
		})?;
		let round = basis.round;
		let now = Self::block_now();
		ensure!(
			now <= stored_at.saturating_add(T::DisputeWindow::get()),
			Error::<T>::DisputeTooLate
		);
		let (record, candidates) =
			T::Epochs::fixed_round(netuid, round).ok_or(Error::<T>::RoundNotKept)?;
		let seed_hash = Self::block_hash(record.seed_block()).ok_or(Error::<T>::RoundNotKept)?;
		// The whole permit stake decides, the disputed validator's included: its stake counts
		// as a match (it never attests against itself), so a minority of the permit stake
		// can never convict a majority holder.
		let (_, kappa) = T::Epochs::validator_stake(netuid);
		let permits = T::Epochs::permit_stakes(netuid);
		let total = permits.iter().fold(T::Balance::zero(), |t, (_, s)| t.saturating_add(*s));
		let own = permits.iter().find(|(u, _)| *u == uid).map_or(Zero::zero(), |(_, s)| *s);
		let verifiers: Vec<Verifier<T::AccountId, T::Balance>> = permits
			.into_iter()
			.filter(|(u, _)| *u != uid)
			.filter_map(|(u, stake)| {
				let hotkey = T::Subnets::neuron(netuid, u)?.hotkey;
				Some(Verifier { hotkey, stake, said: None })
			})
			.collect();
		let others = verifiers.iter().fold(T::Balance::zero(), |t, v| t.saturating_add(v.stake));
		ensure!(!others.is_zero(), Error::<T>::NoVerifiers);
		ensure!(others >= kappa.mul_ceil(total), Error::<T>::DisputeCannotSucceed);
		let mut queue = DisputeQueue::<T>::get();
		ensure!((queue.len() as u32) < T::MaxOpenDisputes::get(), Error::<T>::TooManyDisputes);

		let fixed: Vec<_> =
			candidates.into_iter().filter(|c| basis.fetched.contains(c.uid)).collect();
		// A UID whose neuron registered at or after the weights were fixed is compared on
		// neither side.
		let mut excluded: Vec<Uid> = fixed
			.iter()
			.map(|c| c.uid)
			.chain(weights.iter().map(|(u, _)| *u))
			.filter(|u| T::Subnets::neuron(netuid, *u).is_none_or(|n| n.registered_at >= as_of))
			.collect();
		excluded.sort_unstable();
		excluded.dedup();

		let bond = T::DisputeBond::get();
		T::Currency::hold(&HoldReason::DisputeBond.into(), &disputer, bond)
			.map_err(|_| Error::<T>::InsufficientBond)?;
		let id = NextDisputeId::<T>::get();
		NextDisputeId::<T>::put(id.saturating_add(1));
		let closes_at = now.saturating_add(T::DisputeWindow::get());
		// Every dispute has the same window: pushing keeps the queue in closing order.
		queue.try_push((closes_at, netuid, id)).map_err(|_| Error::<T>::TooManyDisputes)?;
		DisputeQueue::<T>::put(queue);
		// At most one candidate, weight and exclusion per UID, and one verifier per permit:
		// each fits its bound.
		DisputeCandidates::<T>::insert(netuid, id, FixedCandidates::truncate_from(fixed));
		Disputes::<T>::insert(
			netuid,
			id,
			Dispute {
				validator: validator.clone(),
				round,
				disputer: disputer.clone(),
				bond,
				closes_at,
				seed_block: record.seed_block(),
				seed_hash,
				limits: record.limits,
				weights: BoundedVec::truncate_from(weights),
				fetched: basis.fetched,
				excluded: BoundedVec::truncate_from(excluded),
				verifiers: BoundedVec::truncate_from(verifiers),
				total,
				kappa,
				mismatch: Zero::zero(),
				matched: own,
			},
		);
		Self::deposit_event(Event::DisputeOpened {
			netuid,
			id,
			validator,
			round,
			disputer,
			closes_at,
		});
		Ok(())
	}

	/// Records `hotkey`'s attestation of dispute `id` and ends the dispute once the tally
	/// decides it.
	pub(crate) fn do_attest(
		netuid: NetUid,
		id: DisputeId,
		hotkey: T::AccountId,
		said: Attestation,
	) -> DispatchResult {
		let mut dispute = Disputes::<T>::get(netuid, id).ok_or(Error::<T>::UnknownDispute)?;
		let verifier = dispute
			.verifiers
			.iter_mut()
			.find(|v| v.hotkey == hotkey)
			.ok_or(Error::<T>::NotAVerifier)?;
		ensure!(verifier.said.is_none(), Error::<T>::AlreadyAttested);
		verifier.said = Some(said);
		let stake = verifier.stake;
		match said {
			Attestation::Mismatch => dispute.mismatch = dispute.mismatch.saturating_add(stake),
			Attestation::Match => dispute.matched = dispute.matched.saturating_add(stake),
		}
		Self::deposit_event(Event::Attested { netuid, id, verifier: hotkey, said });
		let needed = dispute.kappa.mul_ceil(dispute.total);
		if dispute.mismatch >= needed {
			Self::end_dispute(netuid, id, dispute, DisputeEnd::Upheld);
		} else if dispute.total.saturating_sub(dispute.matched) < needed {
			Self::end_dispute(netuid, id, dispute, DisputeEnd::Rejected);
		} else {
			Disputes::<T>::insert(netuid, id, dispute);
		}
		Ok(())
	}

	/// Ends dispute `id`: upheld, the offence is reported (and the disputer recorded for its
	/// share of the slash) and the bond returned; dropped, the bond returned; otherwise the
	/// bond goes to [`Config::OnBondForfeit`] (the treasury).
	pub(crate) fn end_dispute(
		netuid: NetUid,
		id: DisputeId,
		dispute: Dispute<T::AccountId, T::Balance>,
		end: DisputeEnd,
	) {
		Disputes::<T>::remove(netuid, id);
		DisputeCandidates::<T>::remove(netuid, id);
		DisputeQueue::<T>::mutate(|queue| queue.retain(|(_, n, i)| (*n, *i) != (netuid, id)));
		let reason = HoldReason::DisputeBond.into();
		let mut slash = None;
		let bond = match end {
			// An expired dispute reached no verdict (verifiers could not obtain a file, or
			// split): nothing says the disputer was wrong.
			DisputeEnd::Upheld | DisputeEnd::Dropped | DisputeEnd::Expired => {
				if end == DisputeEnd::Upheld {
					slash = Self::offence(
						netuid,
						dispute.validator.clone(),
						SlashReason::DisputedWeights,
					);
					if let Some(slash) = slash {
						DisputeRewards::<T>::insert(netuid, slash, &dispute.disputer);
					}
				}
				T::Currency::release(
					&reason,
					&dispute.disputer,
					dispute.bond,
					Precision::BestEffort,
				)
				.unwrap_or_default()
			},
			DisputeEnd::Rejected => {
				let (credit, _) = T::Currency::slash(&reason, &dispute.disputer, dispute.bond);
				let taken = credit.peek();
				T::OnBondForfeit::on_unbalanced(credit);
				taken
			},
		};
		Self::deposit_event(Event::DisputeEnded {
			netuid,
			id,
			validator: dispute.validator,
			end,
			bond,
			slash,
		});
	}

	/// Ends the disputes whose window closed by block `now`, oldest first; returns how
	/// many.
	pub(crate) fn close_expired(now: u32) -> u32 {
		let expired: Vec<(NetUid, DisputeId)> = DisputeQueue::<T>::get()
			.iter()
			.take_while(|(closes_at, _, _)| *closes_at <= now)
			.map(|(_, netuid, id)| (*netuid, *id))
			.collect();
		for (netuid, id) in &expired {
			match Disputes::<T>::get(netuid, id) {
				Some(dispute) => Self::end_dispute(*netuid, *id, dispute, DisputeEnd::Expired),
				// Defensive: a queue entry without its dispute is dropped.
				None => DisputeQueue::<T>::mutate(|queue| {
					queue.retain(|(_, n, i)| (n, i) != (netuid, id))
				}),
			}
		}
		expired.len() as u32
	}

	/// Ends a dissolved subnet's disputes, returning the bonds.
	pub(crate) fn drop_disputes(netuid: NetUid) {
		let open: Vec<_> = Disputes::<T>::iter_prefix(netuid).collect();
		for (id, dispute) in open {
			Self::end_dispute(netuid, id, dispute, DisputeEnd::Dropped);
		}
	}

	/// The hash of block `n`, if the chain still keeps it.
	fn block_hash(n: u32) -> Option<merit_primitives::Hash32> {
		let hash = frame_system::Pallet::<T>::block_hash(
			frame_system::pallet_prelude::BlockNumberFor::<T>::from(n),
		);
		let bytes: merit_primitives::Hash32 = hash.as_ref().try_into().ok()?;
		(bytes != [0; 32]).then_some(bytes)
	}
}
