//! The subnet registry: lock cost, registration (with replacement when full), ownership
//! checks and dissolution.

use crate::{
	consent::ConsentOf, funds, BalanceOf, Burn, Config, DefaultHyperparameters, Dissolving, Error,
	Event, Hyperparameters, LastSubnetRegistration, LockCostPeak, NetworkParameters, NetworkParams,
	NeuronCount, Pallet, RegistrationCount, Registry, SubnetEmission, SubnetInfo,
};
use frame_support::{pallet_prelude::*, traits::EnsureOrigin};
use frame_system::pallet_prelude::OriginFor;
use merit_primitives::{NetUid, PendingSlashes, TaskSpec, MAX_EVAL_SIZE, MAX_MODEL_BYTES};
use sp_runtime::{
	traits::{Saturating, Zero},
	SaturatedConversion,
};

impl<T: Config> Pallet<T> {
	/// Whether something registered at `registered_at` is still inside an immunity of
	/// `period` blocks (neurons against pruning, subnets against replacement).
	pub(crate) fn is_immune(registered_at: u32, period: u32) -> bool {
		Self::now() < registered_at.saturating_add(period)
	}

	/// The current block number as `u32`.
	pub(crate) fn now() -> u32 {
		frame_system::Pallet::<T>::block_number().saturated_into()
	}

	/// The network parameters set in genesis.
	pub(crate) fn network() -> Result<NetworkParams<BalanceOf<T>>, DispatchError> {
		NetworkParameters::<T>::get().ok_or_else(|| Error::<T>::NotConfigured.into())
	}

	/// What registering a subnet costs now: the peak left by the last registration, decayed
	/// linearly to the floor over `lock_decay_blocks`.
	pub fn lock_cost() -> BalanceOf<T> {
		let Ok(network) = Self::network() else { return Zero::zero() };
		let floor = network.lock_floor;
		let (Some(peak), Some(last)) =
			(LockCostPeak::<T>::get(), LastSubnetRegistration::<T>::get())
		else {
			return floor;
		};
		let decay = network.lock_decay_blocks.max(1);
		let elapsed = Self::now().saturating_sub(last).min(decay);
		let excess = peak.saturating_sub(floor);
		let remaining = sp_runtime::Perbill::from_rational(decay.saturating_sub(elapsed), decay);
		floor.saturating_add(remaining.mul_floor(excess))
	}

	/// Fails unless `task` is in range: a model cap and an eval size above zero and within
	/// their maximums, and a data set id.
	pub(crate) fn check_task(task: &TaskSpec) -> DispatchResult {
		ensure!(
			(1..=MAX_MODEL_BYTES).contains(&task.max_model_bytes)
				&& (1..=MAX_EVAL_SIZE).contains(&task.eval_size)
				&& !task.dataset_id.is_empty(),
			Error::<T>::InvalidTaskSpec
		);
		Ok(())
	}

	/// Lets the admin origin through (returns `false`), or a signed origin that owns
	/// `netuid` (returns `true`).
	pub(crate) fn ensure_owner_or_admin(
		origin: OriginFor<T>,
		netuid: NetUid,
	) -> Result<bool, DispatchError> {
		match T::AdminOrigin::try_origin(origin) {
			Ok(_) => {
				ensure!(Registry::<T>::contains_key(netuid), Error::<T>::SubnetNotFound);
				Ok(false)
			},
			Err(origin) => {
				let who = frame_system::ensure_signed(origin)?;
				let subnet = Registry::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
				ensure!(subnet.owner == who, Error::<T>::NotSubnetOwner);
				Ok(true)
			},
		}
	}

	/// The netuid a new subnet gets: the lowest one neither registered nor being cleaned up.
	/// When [`Config::MaxSubnets`] are registered, the non-immune subnet with the lowest
	/// emission (ties: oldest, then lowest netuid) and no pending slashes is dissolved first.
	fn make_room(network: &NetworkParams<BalanceOf<T>>) -> Result<NetUid, DispatchError> {
		if Registry::<T>::count() >= u32::from(T::MaxSubnets::get()) {
			let (emission, _, doomed) = Registry::<T>::iter()
				.filter(|(_, s)| !Self::is_immune(s.registered_at, network.subnet_immunity_period))
				.filter(|(netuid, _)| !T::Slashes::has_pending(*netuid))
				.map(|(netuid, s)| (SubnetEmission::<T>::get(netuid), s.registered_at, netuid))
				.min()
				.ok_or(Error::<T>::SubnetLimitReached)?;
			Self::do_dissolve_subnet(doomed)?;
			Self::deposit_event(Event::SubnetReplaced { netuid: doomed, emission });
		}
		// At most `MaxSubnets` netuids are registered and at most one per dissolution is being
		// cleaned up, so a free one is always found.
		(0..=NetUid::MAX)
			.find(|n| !Registry::<T>::contains_key(n) && !Dissolving::<T>::contains_key(n))
			.ok_or_else(|| Error::<T>::SubnetLimitReached.into())
	}

	/// Registers a subnet.
	pub(crate) fn do_register_subnet(
		owner: T::AccountId,
		owner_hotkey: T::AccountId,
		task: TaskSpec,
		consent: Option<&ConsentOf<T>>,
	) -> DispatchResult {
		Self::check_task(&task)?;
		let network = Self::network()?;
		let hyperparams = DefaultHyperparameters::<T>::get().ok_or(Error::<T>::NotConfigured)?;
		let now = Self::now();
		if let Some(last) = LastSubnetRegistration::<T>::get() {
			ensure!(
				now >= last.saturating_add(network.subnet_rate_limit),
				Error::<T>::SubnetRegistrationRateLimited
			);
		}
		Self::ensure_may_own(&owner, &owner_hotkey, consent)?;
		let lock = Self::lock_cost();
		funds::ensure_can_pay::<T>(&owner, lock)?;
		let netuid = Self::make_room(&network)?;

		funds::hold_lock::<T>(&owner, lock)?;
		Self::claim_hotkey(&owner, &owner_hotkey);
		LockCostPeak::<T>::put(lock.saturating_add(lock).max(network.lock_floor));
		LastSubnetRegistration::<T>::put(now);
		Self::init_burn(netuid, hyperparams.min_burn);
		Hyperparameters::<T>::insert(netuid, hyperparams);
		Registry::<T>::insert(
			netuid,
			SubnetInfo {
				owner: owner.clone(),
				owner_hotkey: owner_hotkey.clone(),
				task: task.clone(),
				lock,
				registered_at: now,
				owner_changed_at: None,
				owner_emission: Zero::zero(),
			},
		);
		Self::deposit_event(Event::SubnetRegistered { netuid, owner, owner_hotkey, task, lock });
		Ok(())
	}

	/// Dissolves `netuid`: returns the lock minus the owner cut the subnet paid (burning the
	/// rest) and removes the subnet and its parameters now; queues its neurons for cleanup
	/// (or clears its state at once if it has none). Refused while slashes are pending on it.
	pub(crate) fn do_dissolve_subnet(netuid: NetUid) -> DispatchResult {
		ensure!(Registry::<T>::contains_key(netuid), Error::<T>::SubnetNotFound);
		ensure!(!T::Slashes::has_pending(netuid), Error::<T>::SlashesPending);
		let subnet = Registry::<T>::take(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		let refund = subnet.lock.saturating_sub(subnet.owner_emission);
		let lock_burned = funds::burn_lock::<T>(&subnet.owner, subnet.lock.saturating_sub(refund));
		let lock_returned = funds::release_lock::<T>(&subnet.owner, refund);
		Hyperparameters::<T>::remove(netuid);
		crate::PendingHyperparameters::<T>::remove(netuid);
		SubnetEmission::<T>::remove(netuid);
		Burn::<T>::remove(netuid);
		RegistrationCount::<T>::remove(netuid);
		let neurons = NeuronCount::<T>::get(netuid);
		<T::Lifecycle as merit_primitives::NeuronLifecycle<T::AccountId>>::on_subnet_dissolved(
			netuid,
		);
		Self::deposit_event(Event::SubnetDissolved {
			netuid,
			owner: subnet.owner,
			lock_returned,
			lock_burned,
			neurons,
		});
		if neurons == 0 {
			Self::finish_dissolution(netuid);
		} else {
			Dissolving::<T>::insert(netuid, ());
		}
		Ok(())
	}
}
