//! Hyperparameters and network parameters: standard values, range checks and changes.

use crate::{
	BalanceOf, Config, DefaultHyperparameters, Error, Event, Hyperparameter, Hyperparameters,
	HyperparamsOf, NetworkParams, NeuronCount, Pallet, PendingHyperparameters, Registry,
	MAX_IMMUNITY_PERIOD, MAX_OWNER_CUT,
};
use frame_support::pallet_prelude::*;
use merit_primitives::EpochClock;
use merit_primitives::{NetUid, MAX_REVEAL_PERIOD, MAX_UIDS, MAX_VALIDATORS};
use sp_runtime::{Perbill, SaturatedConversion};

/// One token at 12 decimals, the unit the standard values are written in.
const TOKEN: u128 = 1_000_000_000_000;

impl<T: Config> Pallet<T> {
	/// Network parameters a genesis gets unless it says otherwise (12-decimal token, 6-second
	/// blocks): lock floor 1,000 tokens, decaying over 14,400 blocks (a day), one subnet
	/// registration per 600 blocks, subnets immune for 100,800 blocks (a week), owners change a
	/// hyperparameter at most once per 100 blocks.
	pub fn standard_network() -> NetworkParams<BalanceOf<T>> {
		NetworkParams {
			lock_floor: TOKEN.saturating_mul(1_000).saturated_into(),
			lock_decay_blocks: 14_400,
			subnet_rate_limit: 600,
			subnet_immunity_period: 100_800,
			owner_rate_limit: 100,
		}
	}

	/// Hyperparameters a genesis gets unless it says otherwise (12-decimal token, 6-second
	/// blocks): epochs of 100 blocks, 256 UIDs and 64 validators, 2,000 blocks of immunity,
	/// a burn between 0.1 and 100 tokens rising 10% per registration and decaying 0.1% per
	/// block, at most 4 registrations per block and 32 per 100 blocks, commit–reveal on with a
	/// one-epoch reveal, κ = 50%, bonds moving average 90%, bonds penalty 100%, 1,000 tokens for a validator
	/// permit, an 18% owner cut and a 1-token miner bond.
	pub fn standard_hyperparams() -> HyperparamsOf<T> {
		crate::SubnetHyperparams {
			tempo: 100,
			max_uids: 256,
			max_validators: 64,
			immunity_period: 2_000,
			min_burn: (TOKEN / 10).saturated_into(),
			max_burn: TOKEN.saturating_mul(100).saturated_into(),
			burn_increase: Perbill::from_percent(10),
			burn_decay: Perbill::from_parts(1_000_000),
			max_regs_per_block: 4,
			max_regs_per_interval: 32,
			registration_interval: 100,
			min_allowed_weights: 1,
			max_weight_limit: Perbill::one(),
			weights_rate_limit: 100,
			weights_version_key: 0,
			commit_reveal: true,
			reveal_period: 1,
			kappa: Perbill::from_percent(50),
			bonds_moving_average: Perbill::from_percent(90),
			bonds_penalty: Perbill::one(),
			activity_cutoff: 5_000,
			registration_allowed: true,
			min_validator_stake: TOKEN.saturating_mul(1_000).saturated_into(),
			owner_cut: Perbill::from_percent(18),
			miner_bond: TOKEN.saturated_into(),
			serving_rate_limit: 50,
			allow_private_axons: false,
		}
	}

	/// Fails with [`Error::InvalidNetworkParams`] unless `lock_decay_blocks` is at least 1.
	pub fn check_network(params: &NetworkParams<BalanceOf<T>>) -> DispatchResult {
		ensure!(params.lock_decay_blocks >= 1, Error::<T>::InvalidNetworkParams);
		Ok(())
	}

	/// Fails with [`Error::EpochTooHeavy`] if an epoch with `hp`'s UID and validator caps,
	/// full, would weigh more than [`merit_primitives::EpochBudget::max_epoch_weight`].
	pub fn check_epoch_budget(hp: &HyperparamsOf<T>) -> DispatchResult {
		use merit_primitives::EpochBudget;
		let validators = hp.max_validators.min(hp.max_uids);
		let weight = T::EpochBudget::epoch_weight(hp.max_uids, validators);
		ensure!(weight.all_lte(T::EpochBudget::max_epoch_weight()), Error::<T>::EpochTooHeavy);
		Ok(())
	}

	/// Fails with [`Error::SlashOutlastsUnbonding`] if a subnet with `tempo` would let a
	/// deferred slash apply after stake unbonding from the moment of the offence has left
	/// ([`merit_primitives::unbonding_outlasts_slashes`]).
	pub(crate) fn check_slash_window(tempo: u32) -> DispatchResult {
		use merit_primitives::SlashWindow;
		let (unbonding, defer) =
			(T::SlashWindow::unbonding_blocks(), T::SlashWindow::defer_epochs());
		ensure!(
			merit_primitives::unbonding_outlasts_slashes(unbonding, defer, tempo),
			Error::<T>::SlashOutlastsUnbonding
		);
		Ok(())
	}

	/// The longest tempo of any subnet (being cleaned up or not) and of the defaults.
	pub fn longest_tempo() -> u32 {
		let default = DefaultHyperparameters::<T>::get().map_or(0, |hp| hp.tempo);
		Hyperparameters::<T>::iter_values().map(|hp| hp.tempo).fold(default, u16::max).into()
	}

	/// Fails with [`Error::InvalidHyperparameter`] unless every field is in the range its
	/// documentation gives.
	pub fn check_hyperparams(hp: &HyperparamsOf<T>) -> DispatchResult {
		let ok = hp.tempo >= 1
			&& (1..=MAX_UIDS).contains(&hp.max_uids)
			&& (1..=hp.max_uids.min(MAX_VALIDATORS)).contains(&hp.max_validators)
			&& hp.min_burn <= hp.max_burn
			&& hp.max_regs_per_block >= 1
			&& hp.max_regs_per_interval >= 1
			&& hp.registration_interval >= 1
			&& hp.min_allowed_weights <= hp.max_uids
			&& !hp.max_weight_limit.is_zero()
			&& (1..=MAX_REVEAL_PERIOD).contains(&hp.reveal_period)
			&& !hp.kappa.is_zero()
			&& hp.activity_cutoff >= 1
			&& hp.owner_cut <= MAX_OWNER_CUT
			&& hp.immunity_period <= MAX_IMMUNITY_PERIOD;
		ensure!(ok, Error::<T>::InvalidHyperparameter);
		Ok(())
	}

	/// `hp` with `param` applied.
	fn with_param(
		mut hp: HyperparamsOf<T>,
		param: Hyperparameter<BalanceOf<T>>,
	) -> HyperparamsOf<T> {
		use Hyperparameter::*;
		match param {
			Tempo(v) => hp.tempo = v,
			MaxUids(v) => hp.max_uids = v,
			MaxValidators(v) => hp.max_validators = v,
			ImmunityPeriod(v) => hp.immunity_period = v,
			MinBurn(v) => hp.min_burn = v,
			MaxBurn(v) => hp.max_burn = v,
			BurnIncrease(v) => hp.burn_increase = v,
			BurnDecay(v) => hp.burn_decay = v,
			MaxRegsPerBlock(v) => hp.max_regs_per_block = v,
			MaxRegsPerInterval(v) => hp.max_regs_per_interval = v,
			RegistrationInterval(v) => hp.registration_interval = v,
			MinAllowedWeights(v) => hp.min_allowed_weights = v,
			MaxWeightLimit(v) => hp.max_weight_limit = v,
			WeightsRateLimit(v) => hp.weights_rate_limit = v,
			WeightsVersionKey(v) => hp.weights_version_key = v,
			CommitReveal(v) => hp.commit_reveal = v,
			RevealPeriod(v) => hp.reveal_period = v,
			Kappa(v) => hp.kappa = v,
			BondsMovingAverage(v) => hp.bonds_moving_average = v,
			BondsPenalty(v) => hp.bonds_penalty = v,
			ActivityCutoff(v) => hp.activity_cutoff = v,
			RegistrationAllowed(v) => hp.registration_allowed = v,
			MinValidatorStake(v) => hp.min_validator_stake = v,
			OwnerCut(v) => hp.owner_cut = v,
			MinerBond(v) => hp.miner_bond = v,
			ServingRateLimit(v) => hp.serving_rate_limit = v,
			AllowPrivateAxons(v) => hp.allow_private_axons = v,
		}
		hp
	}

	/// Sets `param` on `netuid`. The admin origin's change applies at once (to the pending
	/// owner changes too). An owner's change must be owner-settable and inside its owner range
	/// ([`Hyperparameter::owner_may_set`]), rate-limited, and outside the freeze window before
	/// an epoch; it is queued in [`PendingHyperparameters`] and applies when the subnet's next
	/// epoch has run, so nobody's epoch is computed under parameters changed during it.
	pub(crate) fn do_set_hyperparameter(
		netuid: NetUid,
		param: Hyperparameter<BalanceOf<T>>,
		by_owner: bool,
	) -> DispatchResult {
		let mut subnet = Registry::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		let current = Hyperparameters::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		let pending = PendingHyperparameters::<T>::get(netuid);
		let now = Self::now();
		if !by_owner {
			let updated = Self::with_param(current, param.clone());
			Self::check_hyperparams(&updated)?;
			Self::check_epoch_budget(&updated)?;
			Self::check_slash_window(u32::from(updated.tempo))?;
			ensure!(
				updated.max_uids >= NeuronCount::<T>::get(netuid),
				Error::<T>::InvalidHyperparameter
			);
			let had_pending = pending.is_some();
			let pending = pending.map(|pending| Self::with_param(pending, param.clone()));
			// A queued owner change that the admin's change makes invalid is dropped.
			let pending = pending.filter(|pending| Self::check_hyperparams(pending).is_ok());
			let dropped = had_pending && pending.is_none();
			Hyperparameters::<T>::insert(netuid, updated);
			PendingHyperparameters::<T>::set(netuid, pending);
			Self::deposit_event(Event::HyperparameterSet { netuid, param });
			if dropped {
				Self::deposit_event(Event::PendingHyperparametersDropped { netuid });
			}
			return Ok(());
		}

		ensure!(param.owner_settable(), Error::<T>::HyperparameterAdminOnly);
		ensure!(param.owner_may_set(&current), Error::<T>::OutsideOwnerRange);
		if let Some(changed) = subnet.owner_changed_at {
			let limit = Self::network()?.owner_rate_limit;
			ensure!(now >= changed.saturating_add(limit), Error::<T>::HyperparameterRateLimited);
		}
		if let Some(next) = T::Epochs::next_epoch_block(netuid) {
			ensure!(
				now.saturating_add(current.owner_freeze_blocks()) < next,
				Error::<T>::HyperparameterFrozen
			);
		}
		let updated = Self::with_param(pending.unwrap_or(current), param.clone());
		Self::check_hyperparams(&updated)?;
		PendingHyperparameters::<T>::insert(netuid, updated);
		subnet.owner_changed_at = Some(now);
		Registry::<T>::insert(netuid, subnet);
		Self::deposit_event(Event::HyperparameterScheduled { netuid, param });
		Ok(())
	}

	/// Applies the owner changes queued for `netuid` (its epoch has just run); returns
	/// whether there were any.
	pub(crate) fn apply_pending_hyperparameters(netuid: NetUid) -> bool {
		let Some(pending) = PendingHyperparameters::<T>::take(netuid) else { return false };
		if !Registry::<T>::contains_key(netuid) {
			return false;
		}
		Hyperparameters::<T>::insert(netuid, pending);
		Self::deposit_event(Event::PendingHyperparametersApplied { netuid });
		true
	}
}
