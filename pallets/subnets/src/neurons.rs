//! Neuron registration: hotkey ownership, the registration burn, rate limits, pruning and
//! deregistration.

use crate::{
	consent::ConsentOf, funds, Axons, BalanceOf, Burn, BurnState, Config, Error, Event, Forfeited,
	Hyperparameters, ModelCommitments, NeuronCount, NeuronInfo, Neurons, Pallet, RegistrationCount,
	Registry, RevealedModels, Uids,
};
use frame_support::pallet_prelude::*;
use merit_primitives::{NetUid, Uid};
use sp_runtime::{traits::Saturating, Perbill};

impl<T: Config> Pallet<T> {
	/// Starts a new subnet's burn at `min_burn`.
	pub(crate) fn init_burn(netuid: NetUid, min_burn: BalanceOf<T>) {
		Burn::<T>::insert(netuid, BurnState { burn: min_burn, updated_at: Self::now() });
	}

	/// What registering on `netuid` burns now: the last burn decayed by `burn_decay` per block
	/// since, clamped to `[min_burn, max_burn]`. Zero for an unknown subnet.
	pub fn current_burn(netuid: NetUid) -> BalanceOf<T> {
		let Some(hp) = Hyperparameters::<T>::get(netuid) else { return Default::default() };
		let state = Burn::<T>::get(netuid);
		let elapsed = Self::now().saturating_sub(state.updated_at);
		let keep = Perbill::one()
			.saturating_sub(hp.burn_decay)
			.saturating_pow(usize::try_from(elapsed).unwrap_or(usize::MAX));
		keep.mul_floor(state.burn).max(hp.min_burn).min(hp.max_burn)
	}

	/// The UID of the neuron a newcomer replaces on a full `netuid`: a forfeited one first,
	/// else the non-immune neuron with the lowest emission (ties: oldest registration, then
	/// lowest UID).
	pub fn prune_candidate(netuid: NetUid) -> Option<Uid> {
		let immunity = Hyperparameters::<T>::get(netuid)?.immunity_period;
		if let Some(uid) = Self::forfeited_uid(netuid) {
			return Some(uid);
		}
		let scores = crate::Scores::<T>::get(netuid);
		Neurons::<T>::iter_prefix(netuid)
			.filter(|(_, n)| !Self::is_immune(n.registered_at, immunity))
			.map(|(uid, n)| (scores.of(uid, n.registered_at), n.registered_at, uid))
			.min()
			.map(|(_, _, uid)| uid)
	}

	/// The lowest forfeited UID on `netuid`, if any: its slot is reused by the next
	/// registrant even when the subnet has free UIDs. Reads only the forfeited ones.
	pub(crate) fn forfeited_uid(netuid: NetUid) -> Option<Uid> {
		Forfeited::<T>::iter_key_prefix(netuid).min()
	}

	/// Takes the neuron at `uid` out of the competition for an offence: `fraction` of its
	/// bond is slashed (to `OnBondSlash`), the rest returned to its coldkey, and the neuron is
	/// marked forfeited (no more model commits; its UID goes to the next registrant; an
	/// unavailable model is dropped). Returns what was slashed.
	pub(crate) fn forfeit_uid(
		netuid: NetUid,
		uid: Uid,
		fraction: Perbill,
		reason: merit_primitives::SlashReason,
	) -> BalanceOf<T> {
		if Forfeited::<T>::contains_key(netuid, uid) {
			return Default::default();
		}
		let Some(mut neuron) = Neurons::<T>::get(netuid, uid) else { return Default::default() };
		let slashed = funds::slash_bond::<T>(&neuron.coldkey, fraction.mul_floor(neuron.bond));
		let rest = neuron.bond.saturating_sub(slashed);
		let returned = funds::release_bond::<T>(&neuron.coldkey, rest);
		neuron.bond = rest.saturating_sub(returned);
		let (hotkey, coldkey) = (neuron.hotkey.clone(), neuron.coldkey.clone());
		Neurons::<T>::insert(netuid, uid, neuron);
		Forfeited::<T>::insert(netuid, uid, ());
		// An unavailable model is dropped (nobody scores it again); a copy keeps its record,
		// marked `copy_of`, which no validator scores either.
		if reason == merit_primitives::SlashReason::UnavailableModel {
			Self::forget_model(netuid, &hotkey);
		}
		Self::deposit_event(Event::NeuronForfeited {
			netuid,
			uid,
			hotkey,
			coldkey,
			bond_slashed: slashed,
			bond_returned: returned,
			reason,
		});
		slashed
	}

	/// Registers `hotkey` on `netuid` for `coldkey` (with the hotkey's `consent` if `coldkey`
	/// does not own it yet); returns how many neurons were scanned to find one to prune (0
	/// when a free UID was available).
	pub(crate) fn do_burned_register(
		netuid: NetUid,
		coldkey: T::AccountId,
		hotkey: T::AccountId,
		consent: Option<&ConsentOf<T>>,
	) -> Result<u32, DispatchError> {
		ensure!(Registry::<T>::contains_key(netuid), Error::<T>::SubnetNotFound);
		let hp = Hyperparameters::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		ensure!(hp.registration_allowed, Error::<T>::RegistrationDisabled);
		ensure!(!Uids::<T>::contains_key(netuid, &hotkey), Error::<T>::HotkeyAlreadyRegistered);
		Self::ensure_may_own(&coldkey, &hotkey, consent)?;

		let now = Self::now();
		let mut counters = RegistrationCount::<T>::get(netuid);
		if counters.block != now {
			counters.block = now;
			counters.in_block = 0;
		}
		if now >= counters.interval_start.saturating_add(hp.registration_interval) {
			counters.interval_start = now;
			counters.in_interval = 0;
		}
		ensure!(
			counters.in_block < hp.max_regs_per_block,
			Error::<T>::TooManyRegistrationsThisBlock
		);
		ensure!(
			counters.in_interval < hp.max_regs_per_interval,
			Error::<T>::TooManyRegistrationsThisInterval
		);

		let burn = Self::current_burn(netuid);
		let bond = hp.miner_bond;
		funds::ensure_can_pay::<T>(&coldkey, burn.saturating_add(bond))?;
		let n = NeuronCount::<T>::get(netuid);
		// A forfeited neuron's UID first, then a free one, then the prune candidate's.
		let (uid, scanned, replaces) = match Self::forfeited_uid(netuid) {
			Some(uid) => (uid, 0, true),
			None if n < hp.max_uids => (n, 0, false),
			None => {
				let uid = Self::prune_candidate(netuid).ok_or(Error::<T>::AllNeuronsImmune)?;
				(uid, u32::from(n), true)
			},
		};

		// Everything is checked: write.
		if replaces {
			Self::deregister(netuid, uid);
		} else {
			NeuronCount::<T>::insert(netuid, n.saturating_add(1));
		}
		funds::burn_and_bond::<T>(&coldkey, burn, bond)?;
		let raised = burn.saturating_add(hp.burn_increase.mul_floor(burn));
		Burn::<T>::insert(
			netuid,
			BurnState { burn: raised.max(hp.min_burn).min(hp.max_burn), updated_at: now },
		);
		counters.in_block = counters.in_block.saturating_add(1);
		counters.in_interval = counters.in_interval.saturating_add(1);
		RegistrationCount::<T>::insert(netuid, counters);
		Self::claim_hotkey(&coldkey, &hotkey);
		Uids::<T>::insert(netuid, &hotkey, uid);
		Neurons::<T>::insert(
			netuid,
			uid,
			NeuronInfo {
				hotkey: hotkey.clone(),
				coldkey: coldkey.clone(),
				registered_at: now,
				bond,
			},
		);
		Self::deposit_event(Event::NeuronRegistered {
			netuid,
			uid,
			hotkey,
			coldkey,
			burned: burn,
			bond,
		});
		Ok(scanned)
	}

	/// Removes the neuron at `uid` (its hotkey's UID, axon and model records) and returns its
	/// bond. The UID slot itself is left for the caller to refill or clear.
	pub(crate) fn deregister(netuid: NetUid, uid: Uid) {
		let Some(neuron) = Neurons::<T>::take(netuid, uid) else { return };
		Uids::<T>::remove(netuid, &neuron.hotkey);
		Axons::<T>::remove(netuid, &neuron.hotkey);
		Forfeited::<T>::remove(netuid, uid);
		Self::forget_model(netuid, &neuron.hotkey);
		let bond_returned = funds::release_bond::<T>(&neuron.coldkey, neuron.bond);
		<T::Lifecycle as merit_primitives::NeuronLifecycle<T::AccountId>>::on_neuron_deregistered(
			netuid,
			uid,
			&neuron.hotkey,
		);
		Self::deposit_event(Event::NeuronDeregistered {
			netuid,
			uid,
			hotkey: neuron.hotkey,
			bond_returned,
		});
	}

	/// Removes whatever per-subnet entries are left for `netuid` after its neurons are gone.
	pub(crate) fn clear_subnet_state(netuid: NetUid) {
		NeuronCount::<T>::remove(netuid);
		crate::Scores::<T>::remove(netuid);
		let _ = Neurons::<T>::clear_prefix(netuid, u32::MAX, None);
		let _ = Uids::<T>::clear_prefix(netuid, u32::MAX, None);
		let _ = Axons::<T>::clear_prefix(netuid, u32::MAX, None);
		let _ = ModelCommitments::<T>::clear_prefix(netuid, u32::MAX, None);
		let _ = RevealedModels::<T>::clear_prefix(netuid, u32::MAX, None);
		let _ = crate::ModelClaims::<T>::clear_prefix(netuid, u32::MAX, None);
		let _ = Forfeited::<T>::clear_prefix(netuid, u32::MAX, None);
	}
}
