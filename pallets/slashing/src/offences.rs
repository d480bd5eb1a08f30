//! Establishing offences: low validator trust (after each epoch), copied models (reported by
//! the subnets pallet), unavailable models (reported by validators).

use crate::{
	Config, Error, Event, LowTrustStreak, ModelFault, ModelReports, Pallet, Params, ReportRound,
	WeightInfo,
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
		let reached = !round.offence && !total.is_zero() && round.stake >= kappa.mul_ceil(total);
		if reached {
			round.offence = true;
		}
		ModelReports::<T>::insert(netuid, uid, round);
		Self::deposit_event(Event::ModelReported { netuid, uid, reporter, fault });
		if reached {
			Self::offence(netuid, miner.hotkey, SlashReason::UnavailableModel);
		}
		Ok(())
	}

	/// Updates the low-trust streaks of `netuid` after an epoch; returns how many streak
	/// entries were read or written.
	fn judge_trust(netuid: NetUid, validators: &[ValidatorRecord<T::AccountId>]) -> u32 {
		let Some(params) = Params::<T>::get() else { return 0 };
		let mut touched = 0u32;
		// Streaks of hotkeys that no longer hold a permit end.
		let ended: Vec<T::AccountId> = LowTrustStreak::<T>::iter_key_prefix(netuid)
			.filter(|hotkey| !validators.iter().any(|v| &v.hotkey == hotkey))
			.collect();
		for hotkey in ended {
			LowTrustStreak::<T>::remove(netuid, &hotkey);
			touched = touched.saturating_add(1);
		}
		for validator in validators {
			touched = touched.saturating_add(1);
			if !validator.active || validator.trust >= params.trust_threshold {
				LowTrustStreak::<T>::remove(netuid, &validator.hotkey);
				continue;
			}
			let streak = LowTrustStreak::<T>::get(netuid, &validator.hotkey).saturating_add(1);
			if streak >= params.trust_epochs {
				LowTrustStreak::<T>::remove(netuid, &validator.hotkey);
				Self::offence(netuid, validator.hotkey.clone(), SlashReason::LowValidatorTrust);
			} else {
				LowTrustStreak::<T>::insert(netuid, &validator.hotkey, streak);
			}
		}
		touched
	}
}

impl<T: Config> EpochObserver<T::AccountId> for Pallet<T> {
	/// Judges the validators' trust, applies the slashes now due and forgets the epoch's
	/// model reports.
	fn on_epoch(
		netuid: NetUid,
		epoch: u32,
		validators: &[ValidatorRecord<T::AccountId>],
	) -> Weight {
		// Due slashes first, so the queue has room for this epoch's offences.
		let applied = Self::apply_due(netuid, epoch);
		let judged = Self::judge_trust(netuid, validators);
		let reports = ModelReports::<T>::clear_prefix(netuid, u32::MAX, None).backend;
		T::WeightInfo::on_epoch(judged, applied, reports)
			.saturating_add(T::SlashWeight::get().saturating_mul(u64::from(applied)))
	}
}

impl<T: Config> OnModelCopied<T::AccountId> for Pallet<T> {
	fn on_model_copied(netuid: NetUid, copier: &T::AccountId, _: &T::AccountId, _: &Hash32) {
		Self::offence(netuid, copier.clone(), SlashReason::CopiedModel);
	}
}

impl<T: Config> NeuronLifecycle<T::AccountId> for Pallet<T> {
	/// A departing neuron's streak and reports go; its pending slashes stay (the stake that
	/// backed it is still there).
	fn on_neuron_deregistered(netuid: NetUid, uid: Uid, hotkey: &T::AccountId) {
		LowTrustStreak::<T>::remove(netuid, hotkey);
		ModelReports::<T>::remove(netuid, uid);
	}

	fn on_subnet_dissolved(netuid: NetUid) {
		Self::drop_subnet(netuid);
	}
}
