//! Benchmarks of every call and of the hook's parts, each in its worst case.

use super::*;
use crate::pallet::{
	BalanceOf, Bonds, Config, EmissionConfig, LastUpdate, Pallet, PendingEmission, RoundCandidates,
	Rounds, Schedule, ValidatorPermits, WeightCommits, Weights,
};
use crate::MAX_PAYOUTS_PER_BLOCK;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use merit_primitives::{
	round::{FetchedSet, RoundRecord, WeightLimits, WeightsBasis},
	NetUid, StakeInfo, SubnetRegistry, Uid, MAX_UIDS, MAX_VALIDATORS, ROUND_HISTORY,
};
use sp_runtime::{traits::Bounded, Perbill, SaturatedConversion};

fn now<T: Config>() -> u32 {
	frame_system::Pallet::<T>::block_number().saturated_into()
}

fn next_block<T: Config>() {
	frame_system::Pallet::<T>::set_block_number(
		frame_system::Pallet::<T>::block_number() + 1u32.into(),
	);
}

/// A subnet of `n` neurons (hotkeys `account("hotkey", i, 0)`, coldkeys
/// `account("coldkey", i, 0)`) with direct weights or commit–reveal, no rate limit, a
/// one-epoch reveal and every neuron able to be a validator.
fn subnet<T: Config>(n: u32, commit_reveal: bool) -> NetUid {
	let owner: T::AccountId = account("owner", 0, 0);
	let plenty = BalanceOf::<T>::max_value() / 1_000_000u32.into();
	let _ = T::Currency::set_balance(&owner, plenty);
	let netuid = T::Subnets::create_subnet_for_benchmark(&owner, n.min(u32::from(MAX_UIDS)) as u16);
	let mut params =
		T::Subnets::epoch_params(netuid).unwrap_or_else(|| merit_primitives::EpochParams {
			tempo: 100,
			max_validators: 64,
			min_allowed_weights: 1,
			max_weight_limit: Perbill::one(),
			weights_rate_limit: 0,
			weights_version_key: 0,
			commit_reveal,
			reveal_period: 1,
			kappa: Perbill::from_percent(50),
			bonds_moving_average: Perbill::from_percent(90),
			bonds_penalty: Perbill::one(),
			activity_cutoff: 5_000,
			min_validator_stake: 0u32.into(),
			owner_cut: Perbill::from_percent(18),
		});
	params.commit_reveal = commit_reveal;
	params.weights_version_key = 0;
	params.weights_rate_limit = 0;
	params.reveal_period = 1;
	params.min_allowed_weights = 1;
	params.max_weight_limit = Perbill::one();
	params.max_validators = MAX_VALIDATORS.min(n.max(1) as u16);
	params.min_validator_stake = 0u32.into();
	params.activity_cutoff = u32::MAX / 2;
	T::Subnets::set_epoch_params_for_benchmark(netuid, params);
	netuid
}

fn hotkey<T: Config>(i: u32) -> T::AccountId {
	account("hotkey", i, 0)
}

fn coldkey<T: Config>(i: u32) -> T::AccountId {
	account("coldkey", i, 0)
}

/// Gives the first `v` UIDs of `netuid` permits.
fn permit<T: Config>(netuid: NetUid, n: u32, v: u32) {
	let permits: Vec<bool> = (0..n).map(|i| i < v).collect();
	ValidatorPermits::<T>::insert(netuid, PerUid::truncate_from(permits));
}

/// A round fixed at block `fixed_at`.
fn round_at(fixed_at: u32) -> RoundRecord {
	RoundRecord { fixed_at, limits: WeightLimits { min_count: 1, max_share_ppb: 1_000_000_000 } }
}

/// A full submission log for the validator at UID 0 (the worst case: the oldest is dropped).
fn full_log<T: Config>(netuid: NetUid, round: u32) {
	let entries: Vec<crate::SubmissionEntry> = (0..merit_primitives::SUBMISSION_LOG)
		.map(|i| crate::SubmissionEntry {
			round,
			stored_at: i,
			digest: [i as u8; 32],
			claimed: false,
		})
		.collect();
	crate::Submissions::<T>::insert(netuid, 0, BoundedVec::truncate_from(entries));
}

/// The largest basis: round `round`, every UID's file fetched (a full bitmap).
fn basis(round: u32) -> WeightsBasis {
	WeightsBasis { round, fetched: FetchedSet::of(0..MAX_UIDS) }
}

/// `n` weights on every UID: a deterministic spread of values.
fn row(n: u32) -> (Vec<Uid>, Vec<u16>) {
	let uids: Vec<Uid> = (0..n as u16).collect();
	let weights = uids.iter().map(|u| 1 + (u.wrapping_mul(7919) % 1_000)).collect();
	(uids, weights)
}

/// A subnet ready for its epoch: `n` UIDs, the first `v` permit holders, each a delegate with
/// a coldkey's stake; UID 0 with more stake than the others together, weighting (and bonded
/// to) every UID; each other validator weighting (and bonded to) `1 + x` UIDs from the one
/// after its own. Every UID earns. Returns the subnet and UID 0's stake.
fn epoch_subnet<T: Config>(n: u32, v: u32, x: u32) -> (NetUid, BalanceOf<T>) {
	let netuid = subnet::<T>(n, false);
	permit::<T>(netuid, n, v);
	next_block::<T>();
	let at = now::<T>();
	let (uids, weights) = row(n);
	let unit = 1_000_000_000_000u64;
	for i in 0..v {
		let (stake, row_uids): (u64, Vec<Uid>) = if i == 0 {
			(unit.saturating_mul(u64::from(v)), uids.clone())
		} else {
			let len = x.saturating_add(1).min(n);
			(unit, (1..=len).map(|k| ((i + k) % n) as Uid).collect())
		};
		let mut entries: Vec<(Uid, u16)> = row_uids
			.iter()
			.map(|u| (*u, weights.get(usize::from(*u)).copied().unwrap_or(1)))
			.collect();
		entries.sort_unstable();
		let bonds: Vec<(Uid, yuma::Fixed)> =
			entries.iter().map(|(u, _)| (*u, yuma::ONE / u64::from(v))).collect();
		T::Stake::stake_for_benchmark(&coldkey::<T>(i), &hotkey::<T>(i), stake.saturated_into());
		T::Stake::delegate_for_benchmark(&hotkey::<T>(i));
		Weights::<T>::insert(netuid, i as Uid, WeightRow::truncate_from(entries));
		Bonds::<T>::insert(netuid, i as Uid, BondRow::truncate_from(bonds));
		LastUpdate::<T>::insert(netuid, i as Uid, at);
	}
	Schedule::<T>::insert(netuid, EpochSchedule { index: 1, last_run: at, next_due: at });
	let pending: BalanceOf<T> = 1_000_000_000_000_000u64.saturated_into();
	PendingEmission::<T>::insert(netuid, pending);
	crate::Issuance::<T>::mutate(|books| books.pending = pending);
	next_block::<T>();
	(netuid, T::Stake::stake_of(&hotkey::<T>(0)))
}

/// The epoch ran, queued its earnings and paid nothing yet.
fn assert_epoch_ran<T: Config>(netuid: NetUid, validator_stake: BalanceOf<T>) {
	assert_eq!(Schedule::<T>::get(netuid).map(|s| s.index), Some(2));
	assert!(!crate::PayoutQueue::<T>::get().is_empty(), "earnings were queued");
	assert_eq!(T::Stake::stake_of(&hotkey::<T>(0)), validator_stake, "paid later");
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `n` weights, replacing an earlier row of `n`.
	#[benchmark]
	fn set_weights(n: Linear<1, { MAX_UIDS as u32 }>) {
		let netuid = subnet::<T>(n, false);
		permit::<T>(netuid, n, 1);
		let (uids, weights) = row(n);
		let validator = hotkey::<T>(0);
		Weights::<T>::insert(
			netuid,
			0,
			WeightRow::truncate_from(uids.iter().map(|u| (*u, 1)).collect()),
		);
		LastUpdate::<T>::insert(netuid, 0, 0);
		Rounds::<T>::insert(netuid, 0, round_at(0));
		full_log::<T>(netuid, 0);
		next_block::<T>();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(validator),
			netuid,
			UidVec::truncate_from(uids),
			UidVec::truncate_from(weights),
			basis(0),
			0,
		);

		assert_eq!(Weights::<T>::get(netuid, 0).map(|r| r.len() as u32), Some(n));
	}

	/// A commit beside `MaxPendingCommits − 1` pending ones.
	#[benchmark]
	fn commit_weights() {
		let netuid = subnet::<T>(1, true);
		permit::<T>(netuid, 1, 1);
		let validator = hotkey::<T>(0);
		let max = T::MaxPendingCommits::get();
		// Every slot taken by an expired commit: each is dropped, with an event.
		let pending: Vec<WeightCommit> = (0..max)
			.map(|i| WeightCommit { commit_hash: [i as u8; 32], reveal_epoch: 0, block: 0 })
			.collect();
		WeightCommits::<T>::insert(netuid, &validator, BoundedVec::truncate_from(pending));
		Schedule::<T>::insert(netuid, EpochSchedule { index: 1, last_run: 0, next_due: u32::MAX });
		next_block::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(validator.clone()), netuid, [0xffu8; 32]);

		assert_eq!(WeightCommits::<T>::get(netuid, &validator).map(|c| c.len() as u32), Some(1));
	}

	/// A reveal of `n` weights, the matching commit last of `MaxPendingCommits`.
	#[benchmark]
	fn reveal_weights(n: Linear<1, { MAX_UIDS as u32 }>) {
		let netuid = subnet::<T>(n, true);
		permit::<T>(netuid, n, 1);
		let validator = hotkey::<T>(0);
		let (uids, weights) = row(n);
		let salt = [9u8; 32];
		let hash =
			Pallet::<T>::weights_hash(&validator, netuid, &uids, &weights, &basis(0), &salt, 0);
		// Committed after every neuron registered (earlier commits are masked at reveal).
		next_block::<T>();
		let at = now::<T>();
		let max = T::MaxPendingCommits::get();
		// The other slots taken by expired commits, dropped by the reveal.
		let mut commits: Vec<WeightCommit> = (1..max)
			.map(|i| WeightCommit { commit_hash: [i as u8; 32], reveal_epoch: 0, block: 0 })
			.collect();
		commits.push(WeightCommit { commit_hash: hash, reveal_epoch: 1, block: at });
		WeightCommits::<T>::insert(netuid, &validator, BoundedVec::truncate_from(commits));
		Schedule::<T>::insert(netuid, EpochSchedule { index: 1, last_run: 0, next_due: u32::MAX });
		// Committed in round 0; round 1 opened after.
		Rounds::<T>::insert(netuid, 0, round_at(0));
		Rounds::<T>::insert(netuid, 1, round_at(at.saturating_add(1)));
		full_log::<T>(netuid, 0);

		#[extrinsic_call]
		_(
			RawOrigin::Signed(validator.clone()),
			netuid,
			UidVec::truncate_from(uids),
			UidVec::truncate_from(weights),
			basis(0),
			salt,
			0,
		);

		assert_eq!(Weights::<T>::get(netuid, 0).map(|r| r.len() as u32), Some(n));
		assert!(WeightCommits::<T>::get(netuid, &validator).is_none());
	}

	#[benchmark]
	fn set_emission_params() -> Result<(), BenchmarkError> {
		let origin =
			T::EmissionOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = Pallet::<T>::standard_emission();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());

		assert_eq!(EmissionConfig::<T>::get(), Some(params));
		Ok(())
	}

	#[benchmark]
	fn set_emission_share() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let netuid = subnet::<T>(0, false);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, netuid, 3);

		assert_eq!(crate::EmissionShares::<T>::get(netuid), Some(3));
		Ok(())
	}

	/// Every block: accruing emission to `s` subnets, each with a share, and checking their
	/// schedules (each seen for the first time, the costlier case), none due.
	#[benchmark]
	fn bookkeeping(s: Linear<1, 32>) {
		for i in 0..s {
			let owner: T::AccountId = account("owner", i, 0);
			let plenty = BalanceOf::<T>::max_value() / 1_000_000u32.into();
			let _ = T::Currency::set_balance(&owner, plenty);
			T::Subnets::create_subnet_for_benchmark(&owner, 0);
		}
		let netuids = T::Subnets::netuids();
		for netuid in &netuids {
			Schedule::<T>::remove(netuid);
			// Every subnet earning: each accrues (new subnets start without a share).
			crate::EmissionShares::<T>::insert(netuid, 1);
		}

		#[block]
		{
			let netuids = T::Subnets::netuids();
			Pallet::<T>::accrue_block_emission(&netuids);
			Pallet::<T>::run_due_epochs(&netuids);
		}

		assert!(netuids.iter().all(|n| Schedule::<T>::contains_key(n)));
	}

	/// One epoch over `n` UIDs with `v` permit holders (at most `n`): UID 0 holds most of the
	/// stake and weights (and is bonded to) every UID, the others one UID each, so every UID
	/// earns and every validator is paid as a delegate sharing with its stakers. What the
	/// epoch costs per UID and per validator; each weight beyond these is `epoch_entries`.
	#[benchmark]
	fn run_epoch(n: Linear<2, { MAX_UIDS as u32 }>, v: Linear<1, { MAX_VALIDATORS as u32 }>) {
		let v = v.min(n);
		let (netuid, validator_stake) = epoch_subnet::<T>(n, v, 0);

		#[block]
		{
			Pallet::<T>::run_epoch(netuid, now::<T>());
		}

		assert_epoch_ran::<T>(netuid, validator_stake);
	}

	/// One epoch of the largest subnet (`MAX_UIDS` UIDs, `MAX_VALIDATORS` permit holders) as
	/// in `run_epoch`, each validator but UID 0 weighting and bonded to `x` more UIDs: the
	/// cost of each weight and bond, `MAX_VALIDATORS - 1` of them per step of `x`
	/// ([`crate::epoch_weight`]). At `x = MAX_UIDS - 1` every validator weights every UID.
	#[benchmark]
	fn epoch_entries(x: Linear<0, { MAX_UIDS as u32 - 1 }>) {
		let (netuid, validator_stake) =
			epoch_subnet::<T>(u32::from(MAX_UIDS), u32::from(MAX_VALIDATORS), x);

		#[block]
		{
			Pallet::<T>::run_epoch(netuid, now::<T>());
		}

		assert_epoch_ran::<T>(netuid, validator_stake);
	}

	/// Paying a page of `p` payees, each earning both parts as a delegate backed by another
	/// coldkey's stake: the incentive and the take staked for the payee's coldkey, which holds
	/// no position yet (one is opened), the rest shared with the stakers.
	#[benchmark]
	fn pay_page(p: Linear<1, MAX_PAYOUTS_PER_BLOCK>) {
		let p = p.min(T::PayoutsPerBlock::get()).max(1);
		let netuid = subnet::<T>(p, false);
		let token: BalanceOf<T> = 1_000_000_000_000u64.saturated_into();
		let payees: Vec<_> = (0..p)
			.map(|i| {
				let stake: BalanceOf<T> =
					(1_000_000_000_000u64 * u64::from(i + 1)).saturated_into();
				let backer: T::AccountId = account("backer", i, 0);
				T::Stake::stake_for_benchmark(&backer, &hotkey::<T>(i), stake);
				T::Stake::delegate_for_benchmark(&hotkey::<T>(i));
				crate::Payee {
					uid: i as Uid,
					coldkey: coldkey::<T>(i),
					hotkey: hotkey::<T>(i),
					incentive: token,
					dividend: token,
				}
			})
			.collect();
		let owed: BalanceOf<T> = (2_000_000_000_000u64 * u64::from(p)).saturated_into();
		crate::Issuance::<T>::mutate(|books| books.pending = owed);
		Pallet::<T>::queue_payouts(netuid, 1, payees);
		let stake = T::Stake::stake_of(&hotkey::<T>(0));

		#[block]
		{
			Pallet::<T>::pay_next_page();
		}

		assert!(crate::PayoutQueue::<T>::get().is_empty());
		assert!(T::Stake::stake_of(&hotkey::<T>(0)) > stake, "paid as stake");
	}

	/// Fixing a round of a subnet of `n` neurons, each with a revealed model (every one a
	/// candidate), and dropping the round `ROUND_HISTORY` epochs older.
	#[benchmark]
	fn fix_round(n: Linear<1, { MAX_UIDS as u32 }>) {
		let netuid = subnet::<T>(n, false);
		T::Subnets::reveal_models_for_benchmark(netuid);
		let epoch = ROUND_HISTORY + 1;
		let params = T::Subnets::epoch_params(netuid).expect("registered");
		let _ = Pallet::<T>::fix_round(netuid, 1, 0, &params);
		next_block::<T>();

		#[block]
		{
			Pallet::<T>::fix_round(netuid, epoch, now::<T>(), &params);
		}

		assert_eq!(RoundCandidates::<T>::get(netuid, epoch).len() as u32, n);
		assert!(!Rounds::<T>::contains_key(netuid, 1), "the oldest round is dropped");
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
