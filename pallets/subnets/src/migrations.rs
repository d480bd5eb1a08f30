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
