//! Storage migrations, each behind the pallet's [`StorageVersion`](frame_support::traits::StorageVersion)
//! (docs/upgrades.md has the rule: every storage change after the testnet freeze ships one).

use crate::{
	Config, DefaultHyperparameters, Hyperparameters, HyperparamsOf, Pallet, PendingHyperparameters,
};
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};
use merit_primitives::MAX_REVEAL_PERIOD;

/// Version 1 → 2: `reveal_period` capped at [`MAX_REVEAL_PERIOD`] (spec 109; the migration
/// ships in 110).
pub mod v2 {
	use super::*;

	/// `hp` with its reveal period capped.
	fn capped<T: Config>(mut hp: HyperparamsOf<T>) -> HyperparamsOf<T> {
		hp.reveal_period = hp.reveal_period.min(MAX_REVEAL_PERIOD);
		hp
	}

	/// Caps the reveal period of the default, every subnet's and every queued set of
	/// hyperparameters at [`MAX_REVEAL_PERIOD`] epochs: the chain keeps a round's record that
	/// long ([`merit_primitives::ROUND_HISTORY`]), and a commit revealed later could not be
	/// checked against it. Version 1 allowed any period from 1; a subnet with a longer one
	/// reveals sooner from the upgrade on.
	pub struct CapRevealPeriod<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for CapRevealPeriod<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut touched = 1u64;
			DefaultHyperparameters::<T>::mutate(|hp| *hp = hp.take().map(capped::<T>));
			Hyperparameters::<T>::translate_values(|hp: HyperparamsOf<T>| {
				touched = touched.saturating_add(1);
				Some(capped::<T>(hp))
			});
			PendingHyperparameters::<T>::translate_values(|hp: HyperparamsOf<T>| {
				touched = touched.saturating_add(1);
				Some(capped::<T>(hp))
			});
			T::DbWeight::get().reads_writes(touched, touched)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let all = DefaultHyperparameters::<T>::get()
				.into_iter()
				.chain(Hyperparameters::<T>::iter_values())
				.chain(PendingHyperparameters::<T>::iter_values());
			for hp in all {
				ensure!(hp.reveal_period <= MAX_REVEAL_PERIOD, "reveal period above the cap");
			}
			Ok(())
		}
	}

	/// [`CapRevealPeriod`] run once, when the pallet's storage is at version 1.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		CapRevealPeriod<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 2 → 3: pruning scores in one value per subnet ([`crate::Scores`]) instead of an
/// `emission` field in every neuron (spec 112), so an epoch writes one value, not one per UID.
pub mod v3 {
	use super::*;
	use crate::{BalanceOf, NeuronInfo, Neurons, PruningScores, Scores};
	use alloc::{collections::BTreeMap, vec::Vec};
	use merit_primitives::NetUid;
	use sp_runtime::traits::Zero;

	/// A neuron as version 2 stored it.
	#[derive(Encode, Decode)]
	pub struct OldNeuronInfo<AccountId, Balance> {
		pub hotkey: AccountId,
		pub coldkey: AccountId,
		pub registered_at: u32,
		pub bond: Balance,
		pub emission: Balance,
	}

	/// Moves every neuron's `emission` into its subnet's [`crate::Scores`], recorded as of the
	/// next block, so every neuron registered so far keeps its score and one registered from
	/// the new runtime's first block on starts at zero, as before. One pass over the neurons
	/// (the testnet has a few; `MaxSubnets` × 4,096 would want a multi-block migration).
	pub struct MoveScores<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for MoveScores<T> {
		fn on_runtime_upgrade() -> Weight {
			let recorded_at = Pallet::<T>::now().saturating_add(1);
			let mut scores: BTreeMap<NetUid, Vec<BalanceOf<T>>> = BTreeMap::new();
			let mut neurons = 0u64;
			Neurons::<T>::translate::<OldNeuronInfo<T::AccountId, BalanceOf<T>>, _>(
				|netuid, uid, old| {
					neurons = neurons.saturating_add(1);
					let subnet = scores.entry(netuid).or_default();
					let at = usize::from(uid);
					if subnet.len() <= at {
						subnet.resize(at.saturating_add(1), Zero::zero());
					}
					if let Some(score) = subnet.get_mut(at) {
						*score = old.emission;
					}
					Some(NeuronInfo {
						hotkey: old.hotkey,
						coldkey: old.coldkey,
						registered_at: old.registered_at,
						bond: old.bond,
					})
				},
			);
			let subnets = u64::try_from(scores.len()).unwrap_or(u64::MAX);
			for (netuid, emission) in scores {
				Scores::<T>::insert(
					netuid,
					PruningScores { recorded_at, emission: BoundedVec::truncate_from(emission) },
				);
			}
			T::DbWeight::get().reads_writes(neurons, neurons.saturating_add(subnets))
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			for (netuid, _) in Neurons::<T>::iter_keys() {
				ensure!(Scores::<T>::contains_key(netuid), "a subnet's scores were not moved");
			}
			Ok(())
		}
	}

	/// [`MoveScores`] run once, when the pallet's storage is at version 2.
	pub type MigrateV2ToV3<T> =
		VersionedMigration<2, 3, MoveScores<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
