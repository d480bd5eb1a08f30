//! Epochs: when they run, and one run: gather inputs, run Yuma, store results, queue the
//! payouts, recompute permits, fix the next round's candidates. (Weight commits expire
//! lazily, in `submission.rs`.)

use crate::{
	permits::compute_permits, yuma, BalanceOf, BondRow, Bonds, Config, EpochResults, EpochSchedule,
	EpochSummary, Event, LastUpdate, Pallet, PerUid, PermitStake, QueuedPages, Schedule,
	ValidatorPermits, WeightInfo, Weights,
};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Get};
use merit_primitives::{
	EmissionRecorder, EpochObserver, NetUid, NeuronRef, StakeInfo, SubnetRegistry, Uid,
	ValidatorRecord,
};
use sp_runtime::{Perbill, SaturatedConversion};

/// `p` as a [`yuma::Fixed`].
fn perbill_to_fixed(p: Perbill) -> yuma::Fixed {
	yuma::ratio(u128::from(p.deconstruct()), u128::from(Perbill::one().deconstruct()))
}

/// `f` (a fraction of [`yuma::ONE`]) as a `Perbill`, rounded down.
fn fixed_to_perbill(f: yuma::Fixed) -> Perbill {
	Perbill::from_rational(f.min(yuma::ONE), yuma::ONE)
}

/// The first block after `after` in which `netuid` runs an epoch with `tempo`: the next block
/// with `(block + netuid) % tempo == 0`.
pub fn next_epoch_block(after: u32, netuid: NetUid, tempo: u16) -> u32 {
	let tempo = u32::from(tempo.max(1));
	let start = after.saturating_add(1);
	let offset = start.saturating_add(u32::from(netuid)).checked_rem(tempo).unwrap_or(0);
	start.saturating_add(tempo.saturating_sub(offset).checked_rem(tempo).unwrap_or(0))
}

/// A bounded vector from a per-UID vector (which never has more than `MAX_UIDS` entries).
fn per_uid<V>(values: Vec<V>) -> PerUid<V> {
	PerUid::truncate_from(values)
}

impl<T: Config> Pallet<T> {
	/// Schedules subnets seen for the first time (fixing their round 0) and runs the epochs
	/// that are due, oldest first, at most [`Config::MaxEpochsPerBlock`]; the others, and
	/// those whose last epoch's earnings are still queued, are deferred. Returns the weight of
	/// the rounds fixed and the epochs run.
	pub(crate) fn run_due_epochs(netuids: &[NetUid]) -> Weight {
		let now = Self::now();
		let mut weight = Weight::zero();
		let mut due: Vec<(u32, NetUid)> = Vec::new();
		for netuid in netuids {
			match Schedule::<T>::get(netuid) {
				Some(s) if s.next_due <= now => {
					// Its last epoch's earnings first (one read per due subnet).
					weight.saturating_accrue(T::DbWeight::get().reads(1));
					if QueuedPages::<T>::get(netuid) > 0 {
						Self::deposit_event(Event::EpochDeferred { netuid: *netuid });
					} else {
						due.push((s.next_due, *netuid));
					}
				},
				Some(_) => {},
				None => {
					let Some(params) = T::Subnets::epoch_params(*netuid) else { continue };
					let next_due = next_epoch_block(now, *netuid, params.tempo);
					Schedule::<T>::insert(netuid, EpochSchedule { next_due, ..Default::default() });
					weight.saturating_accrue(Self::fix_round(*netuid, 0, now, &params));
				},
			}
		}
		due.sort_unstable();
		let budget = usize::try_from(T::MaxEpochsPerBlock::get()).unwrap_or(usize::MAX);
		for (k, (_, netuid)) in due.into_iter().enumerate() {
			if k < budget {
				weight.saturating_accrue(Self::run_epoch(netuid, now));
			} else {
				Self::deposit_event(Event::EpochDeferred { netuid });
			}
		}
		weight
	}

	/// Runs one epoch of `netuid` in block `now`; returns its weight.
	pub(crate) fn run_epoch(netuid: NetUid, now: u32) -> Weight {
		let Some(params) = T::Subnets::epoch_params(netuid) else {
			return T::DbWeight::get().reads(1);
		};
		let schedule = Schedule::<T>::get(netuid).unwrap_or_default();
		let n = T::Subnets::neuron_count(netuid);
		let neurons: Vec<NeuronRef<T::AccountId>> =
			(0..n).filter_map(|uid| T::Subnets::neuron(netuid, uid)).collect();
		let stake: Vec<BalanceOf<T>> =
			neurons.iter().map(|neuron| T::Stake::stake_of(&neuron.hotkey)).collect();
		let stored_permits = ValidatorPermits::<T>::get(netuid);
		let permit: Vec<bool> =
			(0..neurons.len()).map(|i| stored_permits.get(i).copied().unwrap_or(false)).collect();
		// Only permit holders set weights, and only theirs count: nobody else's activity is
		// read (one read per validator, not per UID).
		let last_update: Vec<Option<u32>> = (0..n)
			.zip(&permit)
			.map(|(uid, permitted)| permitted.then(|| LastUpdate::<T>::get(netuid, uid)).flatten())
			.collect();
		let active: Vec<bool> = last_update
			.iter()
			.map(|lu| lu.is_some_and(|b| b.saturating_add(params.activity_cutoff) >= now))
			.collect();
		let registered_at = |j: Uid| neurons.get(usize::from(j)).map(|n| n.registered_at);

		// Weights of permit holders: no self-weight, none on a UID whose neuron registered at
		// or after the weights were set (they were meant for its predecessor).
		let weights: Vec<yuma::Row<u16>> = (0..n)
			.zip(&permit)
			.zip(&last_update)
			.map(|((i, permitted), updated)| match (permitted, updated) {
				(true, Some(updated)) => Weights::<T>::get(netuid, i)
					.map(|row| {
						row.into_iter()
							.filter(|(j, _)| {
								*j != i && registered_at(*j).is_some_and(|r| r < *updated)
							})
							.collect()
					})
					.unwrap_or_default(),
				_ => Vec::new(),
			})
			.collect();
		// Last epoch's bonds, none on a UID whose neuron registered since they formed. Rows of
		// UIDs that lost their permit go in too: Yuma drops them and scales the rest of their
		// columns back up (`yuma`, "Permit loss"). Stored rows are last epoch's permit
		// holders', so this reads at most `MAX_VALIDATORS` rows.
		let mut bonds: Vec<yuma::Row<yuma::Fixed>> = (0..n).map(|_| Vec::new()).collect();
		let mut stored: Vec<Uid> = Vec::new();
		for (i, row) in Bonds::<T>::iter_prefix(netuid) {
			stored.push(i);
			if let Some(slot) = bonds.get_mut(usize::from(i)) {
				*slot = row
					.into_iter()
					.filter(|(j, _)| registered_at(*j).is_some_and(|r| r < schedule.last_run))
					.collect();
			}
		}
		let raw_stake: Vec<u128> = stake.iter().map(|s| (*s).saturated_into()).collect();
		// What Yuma works through: each row's UIDs with a weight, a bond or both.
		let entries: u64 = weights
			.iter()
			.zip(&bonds)
			.map(|(w, b)| union_len(w.iter().map(|e| e.0), b.iter().map(|e| e.0)))
			.fold(0u64, u64::saturating_add);

		let out = yuma::epoch(&yuma::EpochInput {
			stake: &raw_stake,
			permit: &permit,
			active: &active,
			weights: &weights,
			bonds: &bonds,
			kappa: perbill_to_fixed(params.kappa),
			bonds_moving_average: perbill_to_fixed(params.bonds_moving_average),
			bonds_penalty: perbill_to_fixed(params.bonds_penalty),
		});

		// Charged below for every bond row read, permit or not.
		let bond_rows = u32::try_from(stored.len()).unwrap_or(u32::MAX);
		// New bonds replace the old; rows that came out empty are removed.
		for uid in stored {
			if out.bonds.get(usize::from(uid)).is_none_or(|row| row.is_empty()) {
				Bonds::<T>::remove(netuid, uid);
			}
		}
		for (uid, row) in (0..n).zip(&out.bonds).filter(|(_, row)| !row.is_empty()) {
			Bonds::<T>::insert(netuid, uid, BondRow::truncate_from(row.clone()));
		}

		let epoch = schedule.index.saturating_add(1);
		let payout = Self::pay_epoch(netuid, epoch, &params, &neurons, &out);
		let permits = compute_permits(&stake, params.max_validators, params.min_validator_stake);
		let snapshot: Vec<(Uid, BalanceOf<T>)> = (0..n)
			.zip(&permits)
			.zip(&stake)
			.filter(|((_, permitted), _)| **permitted)
			.map(|((uid, _), s)| (uid, *s))
			.collect();
		PermitStake::<T>::insert(netuid, BoundedVec::truncate_from(snapshot));
		ValidatorPermits::<T>::insert(netuid, per_uid(permits));
		Schedule::<T>::insert(
			netuid,
			EpochSchedule {
				index: epoch,
				last_run: now,
				next_due: next_epoch_block(now, netuid, params.tempo),
			},
		);
		let fixed = Self::fix_round(netuid, epoch, now, &params);

		let validators: Vec<ValidatorRecord<T::AccountId>> = (0..n)
			.zip(&neurons)
			.zip(&permit)
			.zip(&active)
			.zip(&out.validator_trust)
			.filter(|((((_, _), permitted), _), _)| **permitted)
			.map(|((((uid, neuron), _), active), trust)| ValidatorRecord {
				uid,
				hotkey: neuron.hotkey.clone(),
				trust: fixed_to_perbill(*trust),
				active: *active,
			})
			.collect();
		let to_perbill =
			|v: &[yuma::Fixed]| per_uid(v.iter().copied().map(fixed_to_perbill).collect());
		EpochResults::<T>::insert(
			netuid,
			EpochSummary {
				epoch,
				block: now,
				stake: per_uid(stake),
				active: per_uid(active),
				consensus: to_perbill(&out.consensus),
				incentive: to_perbill(&out.incentive),
				dividends: to_perbill(&out.dividends),
				validator_trust: to_perbill(&out.validator_trust),
				emission: per_uid(payout.emission.clone()),
			},
		);
		T::Emissions::record_epoch_emission(netuid, &payout.emission);
		T::Emissions::record_owner_cut(netuid, payout.owner_cut);
		let observed = T::OnEpoch::on_epoch(netuid, epoch, &validators);
		Self::deposit_event(Event::EpochCompleted {
			netuid,
			epoch,
			neurons: n,
			validators: u16::try_from(validators.len()).unwrap_or(u16::MAX),
			owner_cut: payout.owner_cut,
			miners: payout.miners,
			validators_paid: payout.validators,
			payout_pages: payout.payout_pages,
			to_treasury: payout.to_treasury,
		});
		// Weight rows are read for permit holders, bond rows for last epoch's: the benchmark
		// measured `v` of each.
		let weight_rows =
			u32::try_from(permit.iter().filter(|p| **p).count()).unwrap_or(u32::MAX).max(bond_rows);
		epoch_weight::<T::WeightInfo>(u32::from(n), weight_rows, entries)
			.saturating_add(fixed)
			.saturating_add(observed)
	}
}

/// The weight of an epoch over `n` UIDs and `v` validator rows (permit holders' weights, or
/// last epoch's bond rows if more) naming `entries` UIDs in all (per row, the UIDs with a
/// weight, a bond or both). `run_epoch`'s benchmark holds `n + v - 1` of them (one validator
/// weighting every UID, the others one each); each further `MAX_VALIDATORS - 1` cost a step
/// of `epoch_entries`. At its worst, `entries` is `n · v`.
pub fn epoch_weight<W: WeightInfo>(n: u32, v: u32, entries: u64) -> Weight {
	let measured = u64::from(n).saturating_add(u64::from(v).saturating_sub(1));
	let rows = u64::from(merit_primitives::MAX_VALIDATORS).saturating_sub(1).max(1);
	let steps = entries.saturating_sub(measured).div_ceil(rows);
	let steps = u32::try_from(steps).unwrap_or(u32::MAX).min(u32::from(merit_primitives::MAX_UIDS));
	W::run_epoch(n, v).saturating_add(W::epoch_entries(steps).saturating_sub(W::epoch_entries(0)))
}

/// How many UIDs two rows sorted by UID name between them.
pub(crate) fn union_len(a: impl Iterator<Item = Uid>, b: impl Iterator<Item = Uid>) -> u64 {
	let (mut a, mut b) = (a.peekable(), b.peekable());
	let mut count = 0u64;
	loop {
		match (a.peek(), b.peek()) {
			(Some(x), Some(y)) => {
				let (x, y) = (*x, *y);
				if x <= y {
					a.next();
				}
				if y <= x {
					b.next();
				}
			},
			(Some(_), None) => {
				a.next();
			},
			(None, Some(_)) => {
				b.next();
			},
			(None, None) => return count,
		}
		count = count.saturating_add(1);
	}
}
