//! Storage migrations, each behind the pallet's [`StorageVersion`](frame_support::traits::StorageVersion)
//! (docs/upgrades.md has the rule: every storage change after the testnet freeze ships one).

use crate::{Config, Pallet, Params, SlashParams};
use codec::{Decode, Encode};
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};
use sp_runtime::Perbill;

/// Version 1 → 2: disputes of validators' weights (spec 109; the migration ships in 110).
pub mod v2 {
	use super::*;

	/// [`SlashParams`] before version 2, which added `disputed_weights_fraction` and
	/// `disputer_share`.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
	pub struct SlashParamsV1 {
		pub trust_threshold: Perbill,
		pub trust_epochs: u32,
		pub defer_epochs: u32,
		pub low_trust_fraction: Perbill,
		pub copied_model_fraction: Perbill,
		pub unavailable_epochs: u32,
		pub unavailable_model_fraction: Perbill,
	}

	impl SlashParamsV1 {
		/// The same parameters with the dispute fractions every genesis gets by default (10%
		/// of the stake, a fifth of it to the disputer).
		pub fn upgraded(self) -> SlashParams {
			let defaults = SlashParams::default();
			SlashParams {
				trust_threshold: self.trust_threshold,
				trust_epochs: self.trust_epochs,
				defer_epochs: self.defer_epochs,
				low_trust_fraction: self.low_trust_fraction,
				copied_model_fraction: self.copied_model_fraction,
				unavailable_epochs: self.unavailable_epochs,
				unavailable_model_fraction: self.unavailable_model_fraction,
				disputed_weights_fraction: defaults.disputed_weights_fraction,
				disputer_share: defaults.disputer_share,
			}
		}
	}

	/// Rewrites the stored [`SlashParams`] in the version-2 layout. The dispute maps are new
	/// and start empty.
	pub struct AddDisputeParams<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for AddDisputeParams<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut writes = 0;
			// No value stays none; a value that does not decode as version 1 (none was ever
			// stored) is left as it is, for `post_upgrade` and `do_try_state` to report.
			let _ = Params::<T>::translate(|old: Option<SlashParamsV1>| {
				old.map(|old| {
					writes = 1;
					old.upgraded()
				})
			});
			T::DbWeight::get().reads_writes(1, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			let raw = frame_support::storage::unhashed::get_raw(&Params::<T>::hashed_key());
			let old = raw.map(|b| SlashParamsV1::decode(&mut &b[..])).transpose();
			Ok(old.map_err(|_| "SlashParams is not version 1")?.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let old = Option::<SlashParamsV1>::decode(&mut &state[..])
				.map_err(|_| "pre-upgrade state")?;
			ensure!(Params::<T>::get() == old.map(SlashParamsV1::upgraded), "SlashParams moved");
			Ok(())
		}
	}

	/// [`AddDisputeParams`] run once, when the pallet's storage is at version 1.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		AddDisputeParams<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 2 → 3: slashes of stake applied a page of stakers a block ([`crate::Applying`],
/// [`crate::ApplyingHotkeys`]; spec 113).
pub mod v3 {
	use super::*;

	/// Nothing to move: a version-2 chain applied every slash whole in its epoch's block, so
	/// none is half done and both new items start empty. The version records that they exist.
	pub struct StartApplyingInPages<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for StartApplyingInPages<T> {
		fn on_runtime_upgrade() -> Weight {
			Weight::zero()
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(crate::Applying::<T>::get().is_empty(), "a slash being applied before v3");
			ensure!(
				crate::ApplyingHotkeys::<T>::iter().next().is_none(),
				"a hotkey frozen before v3"
			);
			Ok(())
		}
	}

	/// [`StartApplyingInPages`] run once, when the pallet's storage is at version 2.
	pub type MigrateV2ToV3<T> = VersionedMigration<
		2,
		3,
		StartApplyingInPages<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// Version 3 → 4: a miner's unavailability streak records the epoch it last grew in
/// ([`UnavailableRun`]), and grows when a report reaches `kappa` rather than at the epoch's end
/// (spec 114), so an epoch does nothing per miner.
pub mod v4 {
	use super::*;
	use crate::{ModelReports, UnavailableRun, UnavailableStreak, WeightInfo};
	use alloc::vec::Vec;
	use merit_primitives::{EpochInfo, NetUid, SubnetRegistry};

	/// Dates every stored streak and applies what version 3 would have done at the current
	/// epoch's end.
	pub struct DateUnavailableRuns<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for DateUnavailableRuns<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (0u64, 0u64);
			// Version 3 grew a streak at the end of the epoch its reports named and ended it
			// at the end of any epoch without: a stored streak last grew for the epoch before
			// the current one.
			// A dissolved subnet (its neurons not yet cleaned up) has no epochs left: its
			// streaks go now rather than with its neurons.
			UnavailableStreak::<T>::translate::<u32, _>(|netuid, _, epochs| {
				// The streak, the subnet's registration and its schedule.
				reads = reads.saturating_add(3);
				writes = writes.saturating_add(1);
				if !T::Subnets::exists(netuid) {
					return None;
				}
				let last_epoch = T::Epochs::current_epoch(netuid).saturating_sub(1);
				Some(UnavailableRun { last_epoch, epochs })
			});
			// Reports of the current epoch that already reached `kappa`: version 3 would have
			// grown their streaks at this epoch's end, which version 4 no longer visits.
			let marked: Vec<(NetUid, T::AccountId, u32)> = ModelReports::<T>::iter()
				.filter(|(netuid, _, round)| {
					reads = reads.saturating_add(3);
					round.offence
						&& T::Subnets::exists(*netuid)
						&& round.epoch == T::Epochs::current_epoch(*netuid)
				})
				.map(|(netuid, _, round)| (netuid, round.miner, round.epoch))
				.collect();
			let mut weight = T::DbWeight::get().reads_writes(reads, writes);
			for (netuid, miner, epoch) in marked {
				Pallet::<T>::extend_unavailability(netuid, miner, epoch);
				// The benchmarked report that grows a streak into an offence.
				weight.saturating_accrue(T::WeightInfo::report_model());
			}
			weight
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			Pallet::<T>::do_try_state()
		}
	}

	/// [`DateUnavailableRuns`] run once, when the pallet's storage is at version 3.
	pub type MigrateV3ToV4<T> = VersionedMigration<
		3,
		4,
		DateUnavailableRuns<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
