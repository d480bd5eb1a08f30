//! Benchmarks of every call and of the epoch hook, each in its worst case.

use super::*;
use crate::pallet::{
	Config, DeferredSlashes, LowTrustStreak, ModelReports, Pallet, Params, PendingCount,
};
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use merit_primitives::{
	round::{Attestation, FetchedSet, FixedCandidate, WeightsBasis},
	EpochInfo, EpochObserver, NetUid, SlashReason, StakeInfo, SubnetRegistry, ValidatorRecord,
	MAX_UIDS, MAX_VALIDATORS,
};
use sp_runtime::{Perbill, SaturatedConversion};

/// An account holding plenty to bond.
fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	use frame_support::traits::fungible::Mutate;
	let who: T::AccountId = account(name, i, 0);
	let plenty =
		sp_runtime::traits::Saturating::saturating_mul(T::DisputeBond::get(), 1_000u32.into());
	let _ = T::Currency::set_balance(&who, plenty);
	who
}

/// What a dispute names: the validator, its weights, their basis and the block they were
/// fixed in.
type Disputable<T> =
	(NetUid, <T as frame_system::Config>::AccountId, Vec<(u16, u16)>, WeightsBasis, u32);

/// A subnet (owner `i`) of `n` neurons whose first `v` hold permits (UID 1 with the most
/// stake), with UID 0's weights on every UID resting on a round of every UID's model, all
/// fetched.
fn disputable<T: Config>(n: u16, v: u16, i: u32) -> Disputable<T> {
	let owner: T::AccountId = account("owner", i, 0);
	let netuid = T::Subnets::create_subnet_for_benchmark(&owner, n);
	for k in 0..v.min(n) {
		let hotkey: T::AccountId = account("hotkey", u32::from(k), 0);
		let coldkey: T::AccountId = account("coldkey", u32::from(k), 0);
		let stake: u64 = if k == 1 { 1_000_000_000_000_000 } else { 1_000_000_000_000 };
		T::Stake::stake_for_benchmark(&coldkey, &hotkey, stake.saturated_into());
		T::Epochs::grant_permit_for_benchmark(netuid, k);
	}
	let round = T::Epochs::current_epoch(netuid);
	let candidates: Vec<FixedCandidate> = (0..n)
		.map(|uid| FixedCandidate { uid, model_hash: [uid as u8; 32], committed_at: 0 })
		.collect();
	let weights: Vec<(u16, u16)> = (0..n).map(|uid| (uid, 1 + uid % 7)).collect();
	let basis = WeightsBasis { round, fetched: FetchedSet::of(0..n) };
	T::Epochs::submit_weights_for_benchmark(netuid, 0, weights.clone(), basis.clone(), candidates);
	let as_of: u32 = frame_system::Pallet::<T>::block_number().saturated_into();
	// The round's seed block (block 1) is known.
	frame_system::BlockHash::<T>::insert(
		frame_system::pallet_prelude::BlockNumberFor::<T>::from(1u32),
		<<T as frame_system::Config>::Hashing as sp_runtime::traits::Hash>::hash(b"seed"),
	);
	let validator = T::Subnets::neuron(netuid, 0).expect("registered").hotkey;
	(netuid, validator, weights, basis, as_of)
}

/// A subnet of `n` neurons (hotkeys `account("hotkey", i, 0)`, coldkeys
/// `account("coldkey", i, 0)`, each with a revealed model and a bond), the first
/// `validators` with a permit and stake.
fn subnet<T: Config>(n: u16, validators: u16) -> NetUid {
	let owner: T::AccountId = account("owner", 0, 0);
	let netuid = T::Subnets::create_subnet_for_benchmark(&owner, n);
	for i in 0..validators {
		let hotkey: T::AccountId = account("hotkey", u32::from(i), 0);
		let coldkey: T::AccountId = account("coldkey", u32::from(i), 0);
		T::Stake::stake_for_benchmark(&coldkey, &hotkey, 1_000_000_000_000u64.saturated_into());
		T::Epochs::grant_permit_for_benchmark(netuid, i);
	}
	netuid
}

/// Fills `netuid`'s queue of pending slashes, from id `from` (the ids below are taken), with
/// copiers' slashes not yet due and with little at risk: an offence into it scans the queue
/// for the smallest and evicts it.
fn fill_queue<T: Config>(netuid: NetUid, from: u32) {
	let most = T::MaxDeferred::get();
	for i in from..most {
		let offender: T::AccountId = account("offender", i, 0);
		DeferredSlashes::<T>::insert(
			netuid,
			i,
			DeferredSlash {
				offender: offender.clone(),
				reason: SlashReason::CopiedModel,
				fraction: Perbill::from_percent(10),
				apply_epoch: u32::MAX,
				at_risk: 1u32.into(),
			},
		);
		crate::PendingOffences::<T>::insert(netuid, (&offender, SlashReason::CopiedModel), i);
	}
	PendingCount::<T>::insert(netuid, most.max(from));
	crate::NextSlashId::<T>::put(most.max(from));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The worst report: it reaches `kappa` and completes the miner's run of unavailable
	/// epochs (a run of one here), so the offence is scheduled into a full queue of smaller
	/// slashes, which it scans for the smallest and evicts.
	#[benchmark]
	fn report_model() {
		let netuid = subnet::<T>(2, 1);
		let reporter: T::AccountId = account("hotkey", 0, 0);
		let miner: T::AccountId = account("hotkey", 1, 0);
		Params::<T>::mutate(|p| {
			if let Some(p) = p {
				p.unavailable_epochs = 1;
			}
		});
		fill_queue::<T>(netuid, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(reporter), netuid, 1, ModelFault::Unavailable);

		assert!(ModelReports::<T>::get(netuid, 1).is_some_and(|round| round.offence));
		let pending = (&miner, SlashReason::UnavailableModel);
		assert!(crate::PendingOffences::<T>::contains_key(netuid, pending), "scheduled");
		assert_eq!(PendingCount::<T>::get(netuid), T::MaxDeferred::get(), "one evicted");
	}

	#[benchmark]
	fn cancel_deferred_slash() -> Result<(), BenchmarkError> {
		let origin =
			T::CancelOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let netuid = subnet::<T>(1, 1);
		Pallet::<T>::offence(netuid, account("hotkey", 0, 0), SlashReason::CopiedModel);
		assert_eq!(PendingCount::<T>::get(netuid), 1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, netuid, 0);

		assert!(DeferredSlashes::<T>::get(netuid, 0).is_none());
		Ok(())
	}

	#[benchmark]
	fn set_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		// A change the slash window allows: the genesis deferral, a longer streak.
		let current = Params::<T>::get().unwrap_or_default();
		let params =
			SlashParams { trust_epochs: current.trust_epochs.saturating_add(1), ..current };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());

		assert_eq!(Params::<T>::get(), Some(params));
		Ok(())
	}

	/// After an epoch: `o` validators each completing a low-trust streak (an offence each, into
	/// a queue kept full of smaller slashes: each scans it and evicts one), then `v` more whose
	/// streaks grow or end without an offence (one read and one write each: also the cost of
	/// an offence owed beyond [`Config::MaxTrustOffencesPerEpoch`]), and `s` due slashes of
	/// copiers (each started: its stakers are slashed over the next blocks, `slash_page`).
	/// Nothing per miner: unavailability is judged by the report that reaches `kappa`
	/// (`report_model`).
	#[benchmark]
	fn on_epoch(
		v: Linear<0, { merit_primitives::MAX_VALIDATORS as u32 }>,
		o: Linear<0, { T::MaxTrustOffencesPerEpoch::get() }>,
		s: Linear<0, { T::MaxAppliedPerEpoch::get() }>,
	) {
		let judged = o.saturating_add(v);
		let n = judged.max(s).max(1) as u16;
		let netuid = subnet::<T>(n, judged as u16);
		let params = Params::<T>::get().unwrap_or_default();
		let trust_epochs = params.trust_epochs;
		let mut records = Vec::new();
		for i in 0..judged {
			let hotkey: T::AccountId = account("hotkey", i, 0);
			// The first `o` complete their streaks; the rest start one (a read and a write).
			if i < o {
				LowTrustStreak::<T>::insert(netuid, &hotkey, trust_epochs.saturating_sub(1));
			}
			records.push(ValidatorRecord {
				uid: i as u16,
				hotkey,
				trust: Perbill::zero(),
				active: true,
			});
		}
		for i in 0..s {
			let hotkey: T::AccountId = account("hotkey", i, 0);
			let coldkey: T::AccountId = account("coldkey", i, 0);
			T::Stake::stake_for_benchmark(&coldkey, &hotkey, 1_000_000_000_000u64.saturated_into());
			DeferredSlashes::<T>::insert(
				netuid,
				i,
				DeferredSlash {
					offender: hotkey.clone(),
					reason: SlashReason::CopiedModel,
					fraction: Perbill::from_percent(10),
					apply_epoch: 0,
					at_risk: 1u32.into(),
				},
			);
			crate::PendingOffences::<T>::insert(netuid, (&hotkey, SlashReason::CopiedModel), i);
		}
		// The rest of the queue full of slashes not yet due with little at risk: after the
		// due ones leave, every further offence scans the queue for the smallest and evicts it.
		fill_queue::<T>(netuid, s);
		let epoch = T::Epochs::current_epoch(netuid);

		#[block]
		{
			Pallet::<T>::on_epoch(netuid, epoch, &records);
		}

		let trust_offences = crate::PendingOffences::<T>::iter_prefix(netuid)
			.filter(|((_, reason), _)| *reason == SlashReason::LowValidatorTrust)
			.count();
		assert_eq!(trust_offences as u32, o, "each of the first `o` an offence, no more");
		assert_eq!(LowTrustStreak::<T>::iter_prefix(netuid).count() as u32, v);
	}

	/// One block's page of the oldest slash being applied, which ends it (its disputer paid
	/// from the treasury), with the most slashes being applied: this pallet's part. Staking's
	/// slash primitive over a page of stakers is charged on top (`SlashPageWeight`).
	#[benchmark]
	fn slash_page() {
		use frame_support::traits::fungible::Mutate;
		let netuid = subnet::<T>(1, 1);
		let hotkey: T::AccountId = account("hotkey", 0, 0);
		let disputer = funded::<T>("disputer", 0);
		let plenty =
			sp_runtime::traits::Saturating::saturating_mul(T::DisputeBond::get(), 1_000u32.into());
		let _ = T::Currency::set_balance(&T::Treasury::get(), plenty);
		let most = T::MaxApplying::get();
		crate::NextSlashId::<T>::put(most);
		for id in 0..most {
			let offender = if id == 0 { hotkey.clone() } else { account("offender", id, 0) };
			let slash = DeferredSlash {
				offender,
				reason: SlashReason::DisputedWeights,
				fraction: Perbill::from_percent(10),
				apply_epoch: 1,
				at_risk: 1u32.into(),
			};
			DeferredSlashes::<T>::insert(netuid, id, slash);
			crate::DisputeRewards::<T>::insert(netuid, id, disputer.clone());
			assert!(Pallet::<T>::start_applying(netuid, id));
		}

		#[block]
		{
			Pallet::<T>::slash_next_page();
		}

		assert_eq!(crate::Applying::<T>::get().len() as u32, most - 1);
	}

	/// The largest dispute: `MAX_UIDS` candidates, all fetched and weighted (each UID's
	/// registration read for the exclusions), `MAX_VALIDATORS − 1` verifiers.
	#[benchmark]
	fn dispute_weights() {
		let (netuid, validator, weights, basis, as_of) =
			disputable::<T>(MAX_UIDS, MAX_VALIDATORS, 0);
		let disputer = funded::<T>("disputer", 0);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(disputer),
			netuid,
			validator,
			BoundedVec::truncate_from(weights),
			basis,
			as_of,
		);

		let d = crate::Disputes::<T>::get(netuid, 0).expect("opened");
		assert_eq!(d.verifiers.len() as u32, u32::from(MAX_VALIDATORS) - 1);
		assert_eq!(crate::DisputeCandidates::<T>::get(netuid, 0).len() as u32, u32::from(MAX_UIDS));
	}

	/// The attestation that upholds the largest dispute: the offence scheduled into a full
	/// slash queue (evicting the smallest), the bond released, the dispute's records
	/// removed.
	#[benchmark]
	fn attest() {
		let (netuid, validator, weights, basis, as_of) =
			disputable::<T>(MAX_UIDS, MAX_VALIDATORS, 0);
		let disputer = funded::<T>("disputer", 0);
		assert!(Pallet::<T>::do_dispute(netuid, disputer, validator, weights, basis, as_of).is_ok());
		for i in 0..T::MaxDeferred::get() {
			let offender: T::AccountId = account("offender", i, 0);
			DeferredSlashes::<T>::insert(
				netuid,
				1_000 + i,
				DeferredSlash {
					offender: offender.clone(),
					reason: SlashReason::CopiedModel,
					fraction: Perbill::from_percent(1),
					apply_epoch: 1_000,
					at_risk: 1u32.into(),
				},
			);
			crate::PendingOffences::<T>::insert(
				netuid,
				(&offender, SlashReason::CopiedModel),
				1_000 + i,
			);
		}
		PendingCount::<T>::insert(netuid, T::MaxDeferred::get());
		crate::NextSlashId::<T>::put(1_000 + T::MaxDeferred::get());
		// The largest verifier: enough for `kappa` alone.
		let verifier: T::AccountId = account("hotkey", 1, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(verifier), netuid, 0, Attestation::Mismatch);

		assert!(crate::Disputes::<T>::get(netuid, 0).is_none(), "upheld");
	}

	/// `d` disputes whose window closed, each forfeiting its bond.
	#[benchmark]
	fn close_disputes(d: Linear<0, { T::MaxOpenDisputes::get() }>) {
		let mut closes_at = 0;
		for i in 0..d {
			let (netuid, validator, weights, basis, as_of) = disputable::<T>(2, 2, i);
			let disputer = funded::<T>("disputer", i);
			assert!(
				Pallet::<T>::do_dispute(netuid, disputer, validator, weights, basis, as_of).is_ok()
			);
			closes_at = crate::DisputeQueue::<T>::get().last().map_or(0, |(at, _, _)| *at);
		}
		frame_system::Pallet::<T>::set_block_number(closes_at.into());

		#[block]
		{
			Pallet::<T>::close_expired(closes_at);
		}

		assert!(crate::DisputeQueue::<T>::get().is_empty());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
