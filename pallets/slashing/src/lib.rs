//! # Slashing pallet
//!
//! Offences become deferred slashes, which governance may cancel before they apply.
//!
//! ## Offences
//!
//! 1. **Low validator trust.** After each epoch of a subnet, consensus reports every validator
//!    that held a permit ([`merit_primitives::EpochObserver`]). An active one (it set weights
//!    within the activity cutoff) whose validator trust is below
//!    [`SlashParams::trust_threshold`] extends its streak; any other resets it. A streak of
//!    [`SlashParams::trust_epochs`] consecutive epochs is an offence, and the streak starts
//!    over. (An inactive validator is not judged: without weights it earns no dividends.)
//! 2. **Copied model.** The subnets pallet reports a hotkey that revealed a model another
//!    hotkey committed earlier ([`merit_primitives::OnModelCopied`]).
//! 3. **Unavailable model.** Permit-holding validators report a miner whose revealed model
//!    they could not fetch, or whose file did not match its hash ([`Pallet::report_model`]),
//!    at most once per validator per miner per epoch. When the reporters of one epoch hold
//!    at least `kappa` of the stake of the subnet's permit holders (both as of the epoch's
//!    permits, so stake moved afterwards counts for nothing), it is an offence (once per
//!    miner per epoch). Reports are forgotten when the epoch ends.
//!
//! ## Slashes
//!
//! Each offence kind has a slash fraction ([`SlashParams`]). An offence schedules a slash on
//! its subnet, due [`SlashParams::defer_epochs`] epochs later; until then the admin origin
//! may cancel it ([`Pallet::cancel_deferred_slash`]). When the subnet's epoch reaches it, the
//! slash is applied (at most [`Config::MaxAppliedPerEpoch`] per epoch of the subnet, oldest
//! first; the rest wait for the next epoch) through staking's slash primitive to the stake that backs the
//! offender's hotkey only (its owner's and its nominators', pro rata), and, for miners'
//! offences, to the offender's bond on the subnet. The slashed funds go where staking and
//! subnets send them (burned and booked, until a treasury exists). A subnet holds at most
//! [`Config::MaxDeferred`] pending slashes; an offence beyond that is reported but not
//! scheduled ([`Event::SlashQueueFull`]). A dissolved subnet's pending slashes are dropped.
//!
//! ## Invariants ([`Pallet::do_try_state`])
//!
//! - Pending slashes exist only for registered subnets, have ids below [`NextSlashId`], and
//!   [`PendingCount`] counts them; at most [`Config::MaxDeferred`] per subnet.
//! - Streaks are at least 1 (below `trust_epochs`, unless the admin just lowered it: the next
//!   epoch then turns them into offences), for registered neurons.
//! - Model reports belong to the subnet's current epoch, have distinct reporters and name a
//!   registered neuron.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod deferred;
mod invariants;
mod offences;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

// The pallet macros expand to code the panic lints flag; the logic lives in the sibling
// modules, which the lints check.
#[allow(
	clippy::expect_used,
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::BuildGenesisConfig};
	use frame_system::pallet_prelude::*;
	use merit_primitives::{
		BondSlash, EpochInfo, NetUid, SlashReason, StakeInfo, StakeSlash, SubnetRegistry, Uid,
	};
	use sp_runtime::{traits::AtLeast32BitUnsigned, Perbill};

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The balance type of stake.
		type Balance: Parameter
			+ Member
			+ AtLeast32BitUnsigned
			+ Default
			+ Copy
			+ MaxEncodedLen
			+ MaybeSerializeDeserialize;

		/// The subnet registry (the subnets pallet).
		type Subnets: SubnetRegistry<Self::AccountId, Self::Balance>;

		/// Epochs and permits (the consensus pallet).
		type Epochs: EpochInfo<Self::Balance>;

		/// Stake reads and the slash primitive (the staking pallet).
		type Stake: StakeInfo<Self::AccountId, Self::Balance>
			+ StakeSlash<Self::AccountId, Self::Balance>;

		/// Miners' bonds (the subnets pallet).
		type Bonds: BondSlash<Self::AccountId, Self::Balance>;

		/// May cancel pending slashes and set the parameters.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Reports one miner may receive in one epoch (at least the most validators a subnet
		/// may have).
		#[pallet::constant]
		type MaxReporters: Get<u32>;

		/// Pending slashes one subnet may hold.
		#[pallet::constant]
		type MaxDeferred: Get<u32>;

		/// Slashes applied at one epoch of a subnet (each may touch every staker of a hotkey);
		/// further due ones wait for the next epoch, oldest first.
		#[pallet::constant]
		type MaxAppliedPerEpoch: Get<u32>;

		/// The weight of applying one slash: staking's slash primitive at its worst case (the
		/// most stakers on a hotkey) plus a bond slash. Charged per applied slash, on top of
		/// this pallet's own measured work.
		type SlashWeight: Get<Weight>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// Thresholds, streak length, deferral and slash fractions. Set in genesis and by the
	/// admin origin.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, SlashParams, OptionQuery>;

	/// Consecutive low-trust epochs of each active validator. `Blake2_128Concat` on the
	/// hotkey: users choose it.
	#[pallet::storage]
	pub type LowTrustStreak<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// This epoch's reports against each miner. `Twox64Concat`: chain-chosen keys.
	#[pallet::storage]
	pub type ModelReports<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		Uid,
		ReportRound<T::AccountId, T::Balance, T::MaxReporters>,
		OptionQuery,
	>;

	/// Pending slashes by subnet and id.
	#[pallet::storage]
	pub type DeferredSlashes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		SlashId,
		DeferredSlash<T::AccountId>,
		OptionQuery,
	>;

	/// Number of pending slashes of each subnet.
	#[pallet::storage]
	pub type PendingCount<T: Config> = StorageMap<_, Twox64Concat, NetUid, u32, ValueQuery>;

	/// The id the next slash gets.
	#[pallet::storage]
	pub type NextSlashId<T: Config> = StorageValue<_, SlashId, ValueQuery>;

	/// Genesis: the slashing parameters.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Thresholds, streak length, deferral and fractions.
		pub params: SlashParams,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(self.params.is_valid(), "invalid slashing parameters");
			Params::<T>::put(self.params.clone());
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator reported a miner's model.
		ModelReported { netuid: NetUid, uid: Uid, reporter: T::AccountId, fault: ModelFault },
		/// An offence was established.
		OffenceReported { netuid: NetUid, offender: T::AccountId, reason: SlashReason },
		/// A slash was scheduled for epoch `apply_epoch` of the subnet.
		SlashScheduled {
			netuid: NetUid,
			id: SlashId,
			offender: T::AccountId,
			reason: SlashReason,
			fraction: Perbill,
			apply_epoch: u32,
		},
		/// A pending slash was applied: `stake` taken from the stake backing the offender and
		/// `bond` from its bond on the subnet.
		SlashApplied {
			netuid: NetUid,
			id: SlashId,
			offender: T::AccountId,
			stake: T::Balance,
			bond: T::Balance,
		},
		/// The admin origin cancelled a pending slash.
		SlashCancelled { netuid: NetUid, id: SlashId },
		/// A pending slash was dropped with its dissolved subnet.
		SlashDropped { netuid: NetUid, id: SlashId },
		/// An offence could not be scheduled: the subnet has the most pending slashes allowed.
		SlashQueueFull { netuid: NetUid, offender: T::AccountId, reason: SlashReason },
		/// The slashing parameters changed.
		ParamsSet { params: SlashParams },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No subnet has this netuid.
		SubnetNotFound,
		/// The reporting hotkey holds no UID on this subnet.
		NotRegistered,
		/// Only permit-holding validators may report models.
		NoValidatorPermit,
		/// No neuron holds this UID.
		UnknownUid,
		/// The neuron has not revealed a model.
		NoRevealedModel,
		/// A validator cannot report its own model.
		CannotReportSelf,
		/// This validator already reported this miner in this epoch.
		AlreadyReported,
		/// The miner has received the most reports allowed this epoch.
		TooManyReports,
		/// No pending slash has this id on this subnet.
		UnknownSlash,
		/// The parameters are out of range (`trust_epochs` must be at least 1).
		InvalidParams,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Reports that the model the miner at `uid` revealed on `netuid` is unavailable or
		/// does not match its hash. By a permit-holding validator's hotkey, once per miner per
		/// epoch.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::report_model())]
		pub fn report_model(
			origin: OriginFor<T>,
			netuid: NetUid,
			uid: Uid,
			fault: ModelFault,
		) -> DispatchResult {
			let reporter = ensure_signed(origin)?;
			Self::do_report_model(netuid, uid, reporter, fault)
		}

		/// Cancels the pending slash `id` of `netuid`. Admin origin only.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::cancel_deferred_slash())]
		pub fn cancel_deferred_slash(
			origin: OriginFor<T>,
			netuid: NetUid,
			id: SlashId,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			DeferredSlashes::<T>::take(netuid, id).ok_or(Error::<T>::UnknownSlash)?;
			Self::uncount(netuid);
			Self::deposit_event(Event::SlashCancelled { netuid, id });
			Ok(())
		}

		/// Sets the slashing parameters. Admin origin only.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_params())]
		pub fn set_params(origin: OriginFor<T>, params: SlashParams) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(params.is_valid(), Error::<T>::InvalidParams);
			Params::<T>::put(params.clone());
			Self::deposit_event(Event::ParamsSet { params });
			Ok(())
		}
	}
}
