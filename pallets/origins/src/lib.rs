//! # Origins pallet
//!
//! Merit's governance origins: one per OpenGov track that is not root. A referendum on a track
//! is submitted with the track's origin as its proposal origin; when it passes, the scheduler
//! dispatches the call with that origin, and the pallet whose call it is checks the origin with
//! one of the [`EnsureOrigin`] types below, configured as its admin origin by the runtime.
//!
//! | origin | what it may do | checked by |
//! | --- | --- | --- |
//! | [`Origin::SubnetAdmin`] | hyperparameters beyond the owner's bounds, network-wide registration parameters, dissolving subnets, emission shares | [`SubnetAdmin`] |
//! | [`Origin::EmissionAdmin`] | the block emission and its cap | [`EmissionAdmin`] |
//! | [`Origin::SlashCanceller`] | cancelling a deferred slash before it applies | [`SlashCanceller`] |
//! | [`Origin::SmallSpender`] | treasury spends up to [`Config::SmallSpendLimit`] | [`Spender`] |
//! | [`Origin::Treasurer`] | treasury spends up to [`Config::TreasurerSpendLimit`] | [`Spender`] |
//!
//! Root (the root track) may do all of it; the runtime pairs each of these with `EnsureRoot`.
//!
//! ## Timescale
//!
//! The tracks' periods depend on the chain: days on the public networks, blocks on development
//! chains, so that a referendum passes in minutes there. [`TrackTimescale`] holds which, set at
//! genesis; the runtime's track table reads it.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

// The pallet macros expand to code the panic lints flag; the code written here has no panics.
#[allow(clippy::expect_used, clippy::unwrap_used)]
#[frame_support::pallet]
pub mod pallet {
	use frame_support::pallet_prelude::*;

	/// The configuration of the origins pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The balance treasury spend limits are written in.
		type Balance: Parameter + MaxEncodedLen + Copy;
		/// The most one [`Origin::SmallSpender`] referendum may spend from the treasury.
		#[pallet::constant]
		type SmallSpendLimit: Get<Self::Balance>;
		/// The most one [`Origin::Treasurer`] referendum may spend from the treasury.
		#[pallet::constant]
		type TreasurerSpendLimit: Get<Self::Balance>;
	}

	/// The storage layout's version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The origins a referendum on one of Merit's tracks dispatches its call with.
	#[derive(
		PartialEq, Eq, Clone, MaxEncodedLen, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// The subnet admin track: subnet hyperparameters, registration, dissolution and
		/// emission shares.
		SubnetAdmin,
		/// The emission admin track: the block emission and its cap.
		EmissionAdmin,
		/// The slash canceller track: cancels deferred slashes.
		SlashCanceller,
		/// The small spender track: treasury spends up to [`Config::SmallSpendLimit`].
		SmallSpender,
		/// The treasurer track: treasury spends up to [`Config::TreasurerSpendLimit`].
		Treasurer,
	}

	/// How long a chain's governance tracks take.
	#[derive(
		PartialEq,
		Eq,
		Clone,
		Copy,
		Default,
		MaxEncodedLen,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		Debug,
		serde::Serialize,
		serde::Deserialize,
	)]
	pub enum Timescale {
		/// Periods of hours and days: the public networks.
		#[default]
		Days,
		/// Periods of a few blocks: development and local chains, demos and tests.
		Blocks,
	}

	/// Errors of Merit's governance rules (checked by the runtime's voting hooks).
	#[pallet::error]
	pub enum Error<T> {
		/// The voter owns, or has stake on, the hotkey whose slash the referendum would
		/// cancel: stake (or a bond) at risk does not vote on its own slash.
		StakeAtRisk,
	}

	/// The timescale of this chain's tracks. Set at genesis; only a root referendum could
	/// change it (by `system.set_storage`), and none should.
	#[pallet::storage]
	pub type TrackTimescale<T: Config> = StorageValue<_, Timescale, ValueQuery>;

	/// The genesis state: the timescale of the chain's tracks.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// [`Timescale::Days`] unless the chain is for development.
		pub timescale: Timescale,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			TrackTimescale::<T>::put(self.timescale);
		}
	}

	/// Declares an [`EnsureOrigin`] that succeeds only for the given [`Origin`].
	macro_rules! ensure_track_origin {
		($($(#[$doc:meta])* $name:ident),+ $(,)?) => { $(
			$(#[$doc])*
			pub struct $name;
			impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for $name
			where
				for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
			{
				type Success = ();
				fn try_origin(o: O) -> Result<Self::Success, O> {
					let ours = matches!(o.caller().try_into(), Ok(Origin::$name));
					if ours { Ok(()) } else { Err(o) }
				}
				#[cfg(feature = "runtime-benchmarks")]
				fn try_successful_origin() -> Result<O, ()> {
					Ok(O::from(Origin::$name))
				}
			}
		)+ };
	}

	ensure_track_origin!(
		/// Succeeds for [`Origin::SubnetAdmin`].
		SubnetAdmin,
		/// Succeeds for [`Origin::EmissionAdmin`].
		EmissionAdmin,
		/// Succeeds for [`Origin::SlashCanceller`].
		SlashCanceller,
	);

	/// Succeeds for the treasury spender origins, with the most their referendum may spend.
	pub struct Spender<T>(core::marker::PhantomData<T>);
	impl<T: Config, O: OriginTrait + From<Origin>> EnsureOrigin<O> for Spender<T>
	where
		for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
	{
		type Success = T::Balance;
		fn try_origin(o: O) -> Result<Self::Success, O> {
			let limit = match o.caller().try_into() {
				Ok(Origin::SmallSpender) => Some(T::SmallSpendLimit::get()),
				Ok(Origin::Treasurer) => Some(T::TreasurerSpendLimit::get()),
				_ => None,
			};
			limit.ok_or(o)
		}
		#[cfg(feature = "runtime-benchmarks")]
		fn try_successful_origin() -> Result<O, ()> {
			Ok(O::from(Origin::Treasurer))
		}
	}
}
