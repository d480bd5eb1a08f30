//! Storage migrations, each behind the pallet's [`StorageVersion`](frame_support::traits::StorageVersion)
//! (docs/upgrades.md has the rule: every storage change after the testnet freeze ships one).

use crate::{Config, Pallet, Schedule, WeightCommits};
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};

/// Version 1 → 2: rounds fixed by the chain and weights that name their round (spec 109; the
/// migration ships in 110).
pub mod v2 {
	use super::*;
	use merit_primitives::SubnetRegistry;

	/// Opens the current round of every scheduled subnet, and drops the unrevealed weight
	/// commits.
	///
	/// - Rounds: before version 2 a subnet's round was fixed by nobody; from version 2
	///   `set_weights` and commits must name the open round ([`crate::Rounds`]), which an
	///   epoch fixes when it runs. Without this a subnet would refuse every submission
	///   (`WrongRound`) until its next epoch. The round is fixed as the epoch would have:
	///   the subnet's candidates now, its seed the next block. (Migrations run before the
	///   executive sets the block's number, so "now" is the block before the new runtime's
	///   first, and the seed is that first block.)
	/// - Commits: a version-1 commit hashes the weights without their basis, so it can never
	///   be revealed; it is dropped now instead of expiring with `InvalidReveal`s. Its
	///   validator's stored weights stay, so the next epoch still has them.
	///
	/// Weights stored before version 2 have no [`crate::WeightSources`] entry and no
	/// submission log: they cannot be disputed, and are replaced at their validator's next
	/// submission.
	pub struct OpenRounds<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for OpenRounds<T> {
		fn on_runtime_upgrade() -> Weight {
			let now = Pallet::<T>::now();
			let db = T::DbWeight::get();
			let mut weight = Weight::zero();
			for (netuid, schedule) in Schedule::<T>::iter() {
				weight.saturating_accrue(db.reads(2));
				if crate::Rounds::<T>::contains_key(netuid, schedule.index) {
					continue;
				}
				if let Some(params) = T::Subnets::epoch_params(netuid) {
					// The subnet's registry entry and hyperparameters.
					weight.saturating_accrue(db.reads(2));
					weight.saturating_accrue(Pallet::<T>::fix_round(
						netuid,
						schedule.index,
						now,
						&params,
					));
				}
			}
			// At most `MaxSubnets × MAX_UIDS` entries, each a key and a short bounded list.
			let removed = WeightCommits::<T>::clear(u32::MAX, None).unique;
			weight.saturating_accrue(db.reads_writes(u64::from(removed), u64::from(removed)));
			weight
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			for (netuid, schedule) in Schedule::<T>::iter() {
				ensure!(
					crate::Rounds::<T>::contains_key(netuid, schedule.index),
					"a scheduled subnet without its open round"
				);
			}
			ensure!(WeightCommits::<T>::iter().next().is_none(), "a version-1 commit is left");
			Ok(())
		}
	}

	/// [`OpenRounds`] run once, when the pallet's storage is at version 1.
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, OpenRounds<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// Version 2 → 3: epoch earnings paid a page a block ([`crate::PayoutPages`],
/// [`crate::PayoutQueue`], [`crate::QueuedPages`]; spec 112).
pub mod v3 {
	use super::*;

	/// Nothing to move: a version-2 chain paid every epoch's earnings in the epoch's block, so
	/// the queue starts empty and the books' `pending` is exactly the subnets' accrued
	/// emission, as version 3 wants. The version records that the queue exists.
	pub struct StartPayoutQueue<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for StartPayoutQueue<T> {
		fn on_runtime_upgrade() -> Weight {
			Weight::zero()
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(crate::PayoutQueue::<T>::get().is_empty(), "a payout queued before v3");
			ensure!(crate::PayoutPages::<T>::iter().next().is_none(), "a payout page before v3");
			Ok(())
		}
	}

	/// [`StartPayoutQueue`] run once, when the pallet's storage is at version 2.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		StartPayoutQueue<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
