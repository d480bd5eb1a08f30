//! Establishing offences: low validator trust (after each epoch), copied models (reported by
//! the subnets pallet), unavailable models (reported by validators over consecutive epochs:
//! the report that reaches `kappa` marks its epoch in the miner's run).

use crate::{
	Config, Error, Event, LowTrustStreak, ModelFault, ModelReports, Pallet, Params, ReportRound,
	UnavailableStreak, WeightInfo,
};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, BoundedVec};
use merit_primitives::{
	EpochInfo, EpochObserver, Hash32, NetUid, NeuronLifecycle, OnModelCopied, SlashReason,
	SubnetRegistry, Uid, ValidatorRecord,
};
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_report_model(
		netuid: NetUid,
		uid: Uid,
		reporter: T::AccountId,
		fault: ModelFault,
	) -> DispatchResult {
		ensure!(T::Subnets::exists(netuid), Error::<T>::SubnetNotFound);
		let reporter_uid =
			T::Subnets::uid_of(netuid, &reporter).ok_or(Error::<T>::NotRegistered)?;
		ensure!(T::Epochs::has_permit(netuid, reporter_uid), Error::<T>::NoValidatorPermit);
		let miner = T::Subnets::neuron(netuid, uid).ok_or(Error::<T>::UnknownUid)?;
		ensure!(reporter_uid != uid, Error::<T>::CannotReportSelf);
		ensure!(T::Subnets::revealed_model(netuid, uid).is_some(), Error::<T>::NoRevealedModel);

		let epoch = T::Epochs::current_epoch(netuid);
		let mut round = match ModelReports::<T>::get(netuid, uid) {
			Some(round) if round.epoch == epoch && round.miner == miner.hotkey => round,
			_ => ReportRound {
				epoch,
				miner: miner.hotkey.clone(),
				reporters: BoundedVec::new(),
				stake: Default::default(),
				offence: false,
			},
		};
		ensure!(!round.reporters.contains(&reporter), Error::<T>::AlreadyReported);
		round.reporters.try_push(reporter.clone()).map_err(|_| Error::<T>::TooManyReports)?;
		// Stake as of the epoch's permits: moving stake after reporting changes nothing.
		let stake = T::Epochs::permit_stake(netuid, reporter_uid).unwrap_or_default();
		round.stake = round.stake.saturating_add(stake);
		let (total, kappa) = T::Epochs::validator_stake(netuid);
		// The report that reaches `kappa` marks the epoch in the miner's run at once (and
		// pays for it: an offence, when the run is long enough), so the epoch's end does
		// nothing per miner.
		let reached = !round.offence && !total.is_zero() && round.stake >= kappa.mul_ceil(total);
		round.offence |= reached;
		ModelReports::<T>::insert(netuid, uid, round);
		Self::deposit_event(Event::ModelReported { netuid, uid, reporter, fault });
		if reached {
			Self::extend_unavailability(netuid, miner.hotkey, epoch);
		}
		Ok(())
	}

	/// Marks `epoch` in `miner`'s run of unavailable epochs ([`UnavailableRun::extended`]).
	/// A run of `unavailable_epochs` is an offence, and ends.
	pub(crate) fn extend_unavailability(netuid: NetUid, miner: T::AccountId, epoch: u32) {
		let Some(params) = Params::<T>::get() else { return };
		let run = UnavailableStreak::<T>::get(netuid, &miner).unwrap_or_default().extended(epoch);
		let streak = run.epochs;
		Self::deposit_event(Event::ModelUnavailable { netuid, miner: miner.clone(), streak });
		if streak >= params.unavailable_epochs {
			UnavailableStreak::<T>::remove(netuid, &miner);
			Self::offence(netuid, miner, SlashReason::UnavailableModel);
		} else {
			UnavailableStreak::<T>::insert(netuid, &miner, run);
		}
	}

	/// How many consecutive epochs, up to this one or the last, `miner`'s model has been
	/// reported unavailable on `netuid` by `kappa` of the stake: zero once an epoch passed
	/// without.
	pub fn unavailable_streak(netuid: NetUid, miner: &T::AccountId) -> u32 {
		let epoch = T::Epochs::current_epoch(netuid);
		UnavailableStreak::<T>::get(netuid, miner).map_or(0, |run| run.as_of(epoch))
	}

	/// Updates the low-trust streaks of `netuid` after an epoch, establishing at most
	/// [`Config::MaxTrustOffencesPerEpoch`] offences, offences owed first (the longest owed
	/// first); returns how many validators were judged and how many offences were
	/// established.
	///
	/// A streak at or above `trust_epochs` is an offence owed: good trust no longer repays
	/// it, and each epoch it waits it grows by one, so the validators owed longest come
	/// first and no stream of new offenders can keep an old one waiting.
	fn judge_trust(netuid: NetUid, validators: &[ValidatorRecord<T::AccountId>]) -> (u32, u32) {
		let Some(params) = Params::<T>::get() else { return (0, 0) };
		let most = T::MaxTrustOffencesPerEpoch::get();
		let judged = u32::try_from(validators.len()).unwrap_or(u32::MAX);
		// Hotkeys without a permit this epoch, and inactive ones, are not judged: their
		// streaks stay as they are (dropping out of the permits does not wipe a streak).
		let mut owed: Vec<(u32, &T::AccountId)> = Vec::new();
		let mut due: Vec<&T::AccountId> = Vec::new();
		for validator in validators.iter().filter(|v| v.active) {
			let hotkey = &validator.hotkey;
			let stored = LowTrustStreak::<T>::get(netuid, hotkey);
			if stored >= params.trust_epochs {
				owed.push((stored, hotkey));
			} else if validator.trust >= params.trust_threshold {
				LowTrustStreak::<T>::remove(netuid, hotkey);
			} else if stored.saturating_add(1) >= params.trust_epochs {
				due.push(hotkey);
			} else {
				LowTrustStreak::<T>::insert(netuid, hotkey, stored.saturating_add(1));
			}
		}
		// The longest owed first (ties: the order of the validators, by UID), then this
		// epoch's new offenders.
		owed.sort_by_key(|(streak, _)| core::cmp::Reverse(*streak));
		// Each entry: the streak to store if it has to wait (one more epoch owed for those
		// owed already, the threshold for the new ones).
		let queue = owed
			.into_iter()
			.map(|(streak, h)| (streak.saturating_add(1), h))
			.chain(due.into_iter().map(|h| (params.trust_epochs, h)));
		let (mut offences, mut waiting) = (0u32, 0u32);
		for (if_waiting, hotkey) in queue {
			if offences < most {
				offences = offences.saturating_add(1);
				LowTrustStreak::<T>::remove(netuid, hotkey);
				Self::offence(netuid, hotkey.clone(), SlashReason::LowValidatorTrust);
			} else {
				waiting = waiting.saturating_add(1);
				LowTrustStreak::<T>::insert(netuid, hotkey, if_waiting);
			}
		}
		if waiting > 0 {
			Self::deposit_event(Event::OffencesOwed { netuid, owed: waiting });
		}
		(judged, offences)
	}
}

impl<T: Config> EpochObserver<T::AccountId> for Pallet<T> {
	/// Applies the slashes now due and judges the validators' trust. Miners' availability is
	/// judged as reports reach `kappa` (`report_model`), so nothing here grows with the
	/// miners: a round of reports is replaced by the next epoch's first report.
	fn on_epoch(
		netuid: NetUid,
		epoch: u32,
		validators: &[ValidatorRecord<T::AccountId>],
	) -> Weight {
		// Due slashes first, so the queue has room for this epoch's offences.
		let applied = Self::apply_due(netuid, epoch);
		let (judged, offences) = Self::judge_trust(netuid, validators);
		T::WeightInfo::on_epoch(judged, offences, applied)
	}
}

impl<T: Config> OnModelCopied<T::AccountId> for Pallet<T> {
	/// Schedules the slash of the stake backing the copier; returns the share of its bond the
	/// subnets pallet takes at once (as it takes the copier's UID).
	fn on_model_copied(
		netuid: NetUid,
		copier: &T::AccountId,
		_: &T::AccountId,
		_: &Hash32,
	) -> sp_runtime::Perbill {
		Self::offence(netuid, copier.clone(), SlashReason::CopiedModel);
		Params::<T>::get().map(|p| p.copied_model_fraction).unwrap_or_default()
	}
}

impl<T: Config> NeuronLifecycle<T::AccountId> for Pallet<T> {
	/// A departing neuron's streaks and reports go; its pending slashes stay (the stake that
	/// backed it is still there).
	fn on_neuron_deregistered(netuid: NetUid, uid: Uid, hotkey: &T::AccountId) {
		LowTrustStreak::<T>::remove(netuid, hotkey);
		UnavailableStreak::<T>::remove(netuid, hotkey);
		ModelReports::<T>::remove(netuid, uid);
	}

	fn on_subnet_dissolved(netuid: NetUid) {
		Self::drop_subnet(netuid);
		Self::drop_disputes(netuid);
	}
}
