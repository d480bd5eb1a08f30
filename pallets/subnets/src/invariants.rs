//! The pallet's invariants, checked after every unit test and by try-runtime.

use crate::{
	funds, Axons, BalanceOf, Burn, Config, DefaultHyperparameters, Dissolving, HoldReason,
	HotkeyOwner, Hyperparameters, ModelCommitments, NeuronCount, Neurons, Pallet,
	RegistrationCount, Registry, RevealedModels, SubnetEmission, Uids,
};
use alloc::collections::btree_map::BTreeMap;
use frame_support::ensure;
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Checks the invariants listed in the crate docs:
	///
	/// 1. every subnet has hyperparameters, and `n ≤ max_uids`; every stored set of
	///    hyperparameters (default, per subnet, queued) is within its ranges;
	/// 2. UIDs are dense (`Neurons` holds exactly `0..n`) and `Uids` is its inverse;
	/// 3. every neuron's coldkey owns its hotkey;
	/// 4. `SubnetLock` holds equal the owners' locks and `MinerBond` holds the neurons' bonds;
	/// 5. axons and commitments belong to registered neurons, `RevealedModels` and
	///    `ModelClaims` are inverses, and nothing is stored for a netuid without a subnet;
	/// 6. forfeited UIDs hold neurons, and those neurons hold no bond.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut locks: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (netuid, subnet) in Registry::<T>::iter() {
			let hp = Hyperparameters::<T>::get(netuid).ok_or("subnet without hyperparameters")?;
			ensure!(NeuronCount::<T>::get(netuid) <= hp.max_uids, "more neurons than max_uids");
			ensure!(!Dissolving::<T>::contains_key(netuid), "registered and dissolving");
			let lock = locks.entry(subnet.owner.clone()).or_default();
			*lock = lock.saturating_add(subnet.lock);
		}
		let stored = DefaultHyperparameters::<T>::get()
			.into_iter()
			.chain(Hyperparameters::<T>::iter_values())
			.chain(crate::PendingHyperparameters::<T>::iter_values());
		for hp in stored {
			ensure!(Self::check_hyperparams(&hp).is_ok(), "hyperparameters out of their ranges");
		}
		for netuid in Dissolving::<T>::iter_keys() {
			ensure!(NeuronCount::<T>::get(netuid) > 0, "dissolving subnet without neurons");
		}
		let with_neurons = Registry::<T>::iter_keys().chain(Dissolving::<T>::iter_keys());
		for netuid in with_neurons {
			let n = NeuronCount::<T>::get(netuid);
			for uid in 0..n {
				let neuron = Neurons::<T>::get(netuid, uid).ok_or("UIDs not dense")?;
				ensure!(Uids::<T>::get(netuid, &neuron.hotkey) == Some(uid), "Uids not inverse");
				ensure!(
					HotkeyOwner::<T>::get(&neuron.hotkey).as_ref() == Some(&neuron.coldkey),
					"neuron's coldkey does not own its hotkey"
				);
				let bond = bonds.entry(neuron.coldkey.clone()).or_default();
				*bond = bond.saturating_add(neuron.bond);
			}
			ensure!(Neurons::<T>::iter_prefix(netuid).count() == usize::from(n), "stray UIDs");
			ensure!(Uids::<T>::iter_prefix(netuid).count() == usize::from(n), "stray Uids");
		}
		for (netuid, uid, ()) in crate::Forfeited::<T>::iter() {
			let neuron = Neurons::<T>::get(netuid, uid).ok_or("forfeited UID of no neuron")?;
			ensure!(neuron.bond.is_zero(), "a forfeited neuron still holds a bond");
		}
		for (netuid, hotkey, _) in Axons::<T>::iter() {
			ensure!(Uids::<T>::contains_key(netuid, &hotkey), "axon of unregistered hotkey");
		}
		for (netuid, hotkey, _) in ModelCommitments::<T>::iter() {
			ensure!(Uids::<T>::contains_key(netuid, &hotkey), "commitment of unregistered hotkey");
		}
		for (netuid, hash, (hotkey, _)) in RevealedModels::<T>::iter() {
			ensure!(Uids::<T>::contains_key(netuid, &hotkey), "model claim of unregistered hotkey");
			ensure!(
				crate::ModelClaims::<T>::get(netuid, &hotkey) == Some(hash),
				"RevealedModels and ModelClaims disagree"
			);
		}
		for (netuid, hotkey, hash) in crate::ModelClaims::<T>::iter() {
			ensure!(
				RevealedModels::<T>::get(netuid, hash).is_some_and(|(first, _)| first == hotkey),
				"ModelClaims and RevealedModels disagree"
			);
		}
		// Parameters go at dissolution; neurons (and their count) only once cleaned up.
		let orphan = |netuid| !Registry::<T>::contains_key(netuid);
		let gone = |netuid| orphan(netuid) && !Dissolving::<T>::contains_key(netuid);
		ensure!(!Hyperparameters::<T>::iter_keys().any(orphan), "hyperparameters left behind");
		ensure!(
			!crate::PendingHyperparameters::<T>::iter_keys().any(orphan),
			"pending hyperparameters left behind"
		);
		ensure!(!Burn::<T>::iter_keys().any(orphan), "burn left behind");
		ensure!(!RegistrationCount::<T>::iter_keys().any(orphan), "counters left behind");
		ensure!(!SubnetEmission::<T>::iter_keys().any(orphan), "emission left behind");
		ensure!(!NeuronCount::<T>::iter_keys().any(gone), "neuron count left behind");
		ensure!(!crate::Scores::<T>::iter_keys().any(gone), "pruning scores left behind");
		// A dissolving subnet's neurons go a few per block; its scores with the last of them.
		for (netuid, scores) in crate::Scores::<T>::iter().filter(|(n, _)| !orphan(*n)) {
			ensure!(
				scores.emission.len() <= usize::from(NeuronCount::<T>::get(netuid)),
				"pruning scores for UIDs that do not exist"
			);
		}
		ensure!(!Neurons::<T>::iter_keys().any(|(netuid, _)| gone(netuid)), "neurons left behind");
		for who in frame_system::Account::<T>::iter_keys() {
			let lock = locks.get(&who).copied().unwrap_or_default();
			let bond = bonds.get(&who).copied().unwrap_or_default();
			ensure!(funds::held::<T>(HoldReason::SubnetLock, &who) == lock, "lock != held");
			ensure!(funds::held::<T>(HoldReason::MinerBond, &who) == bond, "bonds != held");
		}
		Ok(())
	}
}
