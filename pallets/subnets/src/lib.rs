//! # Subnets pallet
//!
//! The registry of Merit's subnets and of the neurons on them.
//!
//! ## Overview
//!
//! A **subnet** is an open competition at one task ([`merit_primitives::TaskSpec`]). A coldkey
//! registers one with [`Pallet::register_subnet`], naming the **owner hotkey** that will
//! receive the owner cut, and locks funds for as long as the subnet lives. Each subnet has its
//! own [`SubnetHyperparams`], copied from [`DefaultHyperparameters`] (genesis) at registration
//! and changed later through [`Pallet::set_hyperparameter`]: by `AdminOrigin` for all, at
//! once; by the owner for the subnet-local ones only, each within its owner range
//! ([`Hyperparameter::owner_may_set`]: e.g. `activity_cutoff` at least two epochs,
//! `bonds_moving_average` 50%–97.5%, commit–reveal never off), rate-limited, refused in the
//! last `tempo / 10` blocks before an epoch ([`Config::Epochs`]), and queued in
//! [`PendingHyperparameters`] until the subnet's next epoch has run, so no epoch is computed
//! under rules its owner changed during it. Closing registration, the weights version key
//! and dissolution are the admin's.
//!
//! A **neuron** is a hotkey holding a **UID** on a subnet. A coldkey registers a hotkey with
//! [`Pallet::burned_register`]: it burns the subnet's current registration burn (total issuance
//! goes down) and puts the subnet's miner bond on hold. The first coldkey to register a hotkey
//! anywhere becomes its **owner**, and only with the hotkey's signed consent
//! ([`HotkeyConsent`], see [`consent`]) unless the hotkey is the coldkey itself: nobody can
//! squat a hotkey they do not hold. One hotkey may sit on many subnets, always under the same
//! owner. Neurons announce where they serve with [`Pallet::serve_axon`] and commit models in
//! two steps ([`Pallet::commit_model`], [`Pallet::reveal_model`]).
//!
//! **Dissolution** ([`Pallet::dissolve_subnet`] by the admin origin, or a replacement when
//! the registry is full) returns the owner's lock **less the owner cut the subnet has paid**
//! (that part is burned) and removes the subnet and its parameters at once. A subnet with
//! pending slashes is neither dissolved nor replaced until they are applied or cancelled, so
//! dissolving never lets an offender escape. Its neurons
//! are then deregistered in `on_initialize`, at most [`Config::MaxCleanupPerBlock`] per
//! block, each bond returned as it goes, so no block's work grows with the subnet's size.
//! Until [`Event::SubnetCleanedUp`], the netuid is listed in [`Dissolving`] and not reused.
//!
//! A neuron caught copying a model, or whose model stayed unavailable, **forfeits** its
//! place ([`Forfeited`]): part of its bond is slashed and the rest returned at once, it may
//! not commit models, and its UID goes to the next registrant before any free or prunable
//! one (UIDs stay dense).
//!
//! Other pallets reach this one through `merit_primitives` traits: hotkey ownership
//! ([`merit_primitives::HotkeyOwnership`]), epoch emissions for pruning
//! ([`merit_primitives::EmissionRecorder`]), bond slashing ([`merit_primitives::BondSlash`])
//! and the registry itself ([`merit_primitives::SubnetRegistry`]); it tells them when neurons
//! and subnets go away ([`merit_primitives::NeuronLifecycle`]).
//!
//! ## The maths
//!
//! - **Lock cost.** Registering a subnet at lock cost `L` sets the peak to `2L`. The cost then
//!   falls linearly from the peak to `lock_floor` over `lock_decay_blocks`:
//!   `cost(t) = floor + (peak − floor) · max(0, D − t) / D`, with `t` the blocks since the last
//!   registration and `D = lock_decay_blocks`.
//! - **Registration burn.** After each registration the burn becomes
//!   `min(max_burn, burn · (1 + burn_increase))`; every block it shrinks by `burn_decay`, so
//!   `t` blocks later it is `max(min_burn, burn · (1 − burn_decay)^t)`. The decay is computed
//!   when read: no per-block work.
//! - **Pruning.** When a subnet is full, a newcomer takes the UID of the non-immune neuron
//!   with the lowest pruning score (its emission in the last epoch), ties going to the oldest
//!   registration, then the lowest UID. The pruned neuron's bond is returned. A subnet
//!   replaced when [`Config::MaxSubnets`] is reached is chosen the same way among non-immune
//!   subnets without pending slashes, by the moving average of their epoch emission.
//! - **Dissolution refund.** `returned = lock − owner cut paid` (never below zero; the rest
//!   of the lock is burned): an owner leaves with at most what it locked, its owner cut
//!   included.
//! - **Model commitments.** `binding = blake2_256(model_hash ‖ hotkey ‖ netuid)` (SCALE
//!   encodings) is committed first; the reveal from a later block must match it. The binding
//!   names the hotkey, so copying someone's pending commit is worthless. When two hotkeys
//!   reveal the same model hash, the one whose commit came later (or in the same block but was
//!   revealed second) is recorded as a copy and reported through [`Config::OnModelCopied`],
//!   which names the share of the copier's bond to slash; the copier forfeits its UID at
//!   once, so one registration buys at most one copy. The original keeps its claim (with its first commit's block) when it commits again, and
//!   gives it up only by revealing another model or leaving the subnet.
//!
//! ## Invariants ([`Pallet::do_try_state`])
//!
//! - UIDs are dense: a subnet (registered or being cleaned up) with `n` neurons has exactly
//!   UIDs `0..n`, `n ≤ max_uids`, and `Uids` is the exact inverse of `Neurons`.
//! - Every neuron's coldkey owns its hotkey.
//! - Locks and bonds equal held balance: for every account, the `SubnetLock` hold is the sum
//!   of the locks of the subnets it owns and the `MinerBond` hold the sum of its neurons' bonds.
//! - Axons, model commitments and model claims exist only for registered neurons, and each
//!   revealed model is claimed by exactly the neuron it names.
//! - Forfeited UIDs hold neurons, and a forfeited neuron holds no bond.
//! - Nothing is stored for a netuid that has no subnet, except, for a dissolved one still
//!   being cleaned up, its neurons and what they hold (axons, commitments, claims).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use consent::{consent_message, HotkeyConsent, CONSENT_CONTEXT};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod adapters;
mod axons;
mod cleanup;
pub mod consent;
mod funds;
mod hyperparams;
mod invariants;
pub mod migrations;
mod models;
mod neurons;
mod registry;
#[cfg(feature = "std")]
pub mod testing;
pub mod types;
pub mod views;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
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
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, BuildGenesisConfig},
	};
	use frame_system::pallet_prelude::*;
	use merit_primitives::{Hash32, NetUid, OnModelCopied, TaskSpec, Uid};
	use sp_runtime::traits::{IdentifyAccount, Verify};

	/// The balance type of the pallet's currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// Hyperparameters in the pallet's balance type.
	pub type HyperparamsOf<T> = SubnetHyperparams<BalanceOf<T>>;

	/// 2: `reveal_period` at most `MAX_REVEAL_PERIOD` (spec 109, migrated from 1 in 110:
	/// `migrations::v2`). 3: pruning scores in one value per subnet ([`Scores`]), not in each
	/// neuron (spec 112: `migrations::v3`).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A subnet owner's lock, returned when the subnet is dissolved.
		SubnetLock,
		/// A neuron's bond, returned (minus slashes) when it is deregistered.
		MinerBond,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency locks and bonds are held in, and burns are taken from.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::hold::Balanced<Self::AccountId>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// May change every hyperparameter and network parameter, and dissolve any subnet.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most subnets that can exist at once.
		#[pallet::constant]
		type MaxSubnets: Get<u16>;

		/// Neurons of dissolved subnets deregistered per block (their bonds returned); bounds
		/// the work `on_initialize` does for dissolutions.
		#[pallet::constant]
		type MaxCleanupPerBlock: Get<u32>;

		/// Told when a revealed model is a copy of an earlier commitment.
		type OnModelCopied: OnModelCopied<Self::AccountId>;

		/// Where slashed bonds go. `()` burns them.
		type OnBondSlash: frame_support::traits::OnUnbalanced<
			fungible::Credit<Self::AccountId, Self::Currency>,
		>;

		/// Where registration burns go. `()` burns them; the runtime also records them for
		/// its token-conservation check.
		type OnBurn: frame_support::traits::OnUnbalanced<
			fungible::Credit<Self::AccountId, Self::Currency>,
		>;

		/// Told when a neuron leaves its UID or a subnet is dissolved (consensus clears its
		/// per-UID state).
		type Lifecycle: merit_primitives::NeuronLifecycle<Self::AccountId>;

		/// Whether a subnet has pending slashes (the slashing pallet): such a subnet is not
		/// dissolved or replaced until they are applied or cancelled.
		type Slashes: merit_primitives::PendingSlashes;

		/// When each subnet's next epoch runs (the consensus pallet): owners may not change
		/// parameters in the freeze window before it.
		type Epochs: merit_primitives::EpochClock;

		/// What an epoch costs for given UID and validator caps, and the most it may cost:
		/// caps whose epoch would not fit are refused.
		type EpochBudget: merit_primitives::EpochBudget;

		/// What a hotkey signs to consent to its first owner ([`HotkeyConsent`]); the
		/// runtime's transaction signature.
		type HotkeySignature: Verify<Signer = Self::HotkeySigner> + Parameter;

		/// The signer of [`Config::HotkeySignature`], identifying an account.
		type HotkeySigner: IdentifyAccount<AccountId = Self::AccountId>;

		/// Makes hotkeys and their consents for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::benchmarking::ConsentHelper<
			Self::AccountId,
			Self::HotkeySignature,
		>;

		/// The slash deferral and unbonding period: a tempo so long that a deferred slash
		/// would apply after unbonding stake has left is refused.
		type SlashWindow: merit_primitives::SlashWindow;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Network-wide registration parameters. Plain value: read on every subnet registration.
	#[pallet::storage]
	pub type NetworkParameters<T: Config> =
		StorageValue<_, NetworkParams<BalanceOf<T>>, OptionQuery>;

	/// The hyperparameters a new subnet starts with.
	#[pallet::storage]
	pub type DefaultHyperparameters<T: Config> = StorageValue<_, HyperparamsOf<T>, OptionQuery>;

	/// Registered subnets. `Twox64Concat`: netuids are chosen by the pallet, not by users.
	#[pallet::storage]
	pub type Registry<T: Config> =
		CountedStorageMap<_, Twox64Concat, NetUid, SubnetInfo<T::AccountId, BalanceOf<T>>>;

	/// Dissolved subnets whose neurons are still being deregistered, a bounded number per
	/// block. Their netuids are not reused until the cleanup is done.
	#[pallet::storage]
	pub type Dissolving<T: Config> = StorageMap<_, Twox64Concat, NetUid, ()>;

	/// Each subnet's hyperparameters. `Twox64Concat`: pallet-chosen keys.
	#[pallet::storage]
	pub type Hyperparameters<T: Config> = StorageMap<_, Twox64Concat, NetUid, HyperparamsOf<T>>;

	/// Each subnet's hyperparameters with its owner's queued changes, applied once the
	/// subnet's next epoch has run. `Twox64Concat`: pallet-chosen keys.
	#[pallet::storage]
	pub type PendingHyperparameters<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, HyperparamsOf<T>>;

	/// The lock cost right after the last subnet registration (twice what it paid), from which
	/// the cost decays to the floor. `None` before the first registration.
	#[pallet::storage]
	pub type LockCostPeak<T: Config> = StorageValue<_, BalanceOf<T>, OptionQuery>;

	/// Block of the last subnet registration (rate limit and lock decay).
	#[pallet::storage]
	pub type LastSubnetRegistration<T: Config> = StorageValue<_, u32, OptionQuery>;

	/// Moving average of each subnet's epoch emission: its score when subnets are replaced.
	#[pallet::storage]
	pub type SubnetEmission<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BalanceOf<T>, ValueQuery>;

	/// Each subnet's pruning scores: what its UIDs earned in its last epoch.
	#[pallet::storage]
	pub type Scores<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, PruningScores<BalanceOf<T>>, ValueQuery>;

	/// Number of neurons on each subnet; their UIDs are `0..n`.
	#[pallet::storage]
	pub type NeuronCount<T: Config> = StorageMap<_, Twox64Concat, NetUid, u16, ValueQuery>;

	/// Neurons by subnet and UID. `Twox64Concat`: both keys are pallet-chosen.
	#[pallet::storage]
	pub type Neurons<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		Uid,
		NeuronInfo<T::AccountId, BalanceOf<T>>,
	>;

	/// A hotkey's UID on a subnet. `Blake2_128Concat` on the hotkey: users choose it.
	#[pallet::storage]
	pub type Uids<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Blake2_128Concat, T::AccountId, Uid>;

	/// The coldkey owning each hotkey ever registered. `Blake2_128Concat`: user-chosen keys.
	#[pallet::storage]
	pub type HotkeyOwner<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId>;

	/// Each subnet's registration burn as last written.
	#[pallet::storage]
	pub type Burn<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BurnState<BalanceOf<T>>, ValueQuery>;

	/// Each subnet's registration counters (per-block and per-interval limits).
	#[pallet::storage]
	pub type RegistrationCount<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, RegistrationCounters, ValueQuery>;

	/// Axons of registered neurons, by subnet and hotkey.
	#[pallet::storage]
	pub type Axons<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Blake2_128Concat, T::AccountId, AxonInfo>;

	/// Model commitments of registered neurons, by subnet and hotkey.
	#[pallet::storage]
	pub type ModelCommitments<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Blake2_128Concat,
		T::AccountId,
		ModelCommitment<T::AccountId>,
	>;

	/// Who revealed each model hash on a subnet first, with the block of their commit: the
	/// record copies are detected against. `Blake2_128Concat`: hashes are user-supplied.
	#[pallet::storage]
	pub type RevealedModels<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Blake2_128Concat, Hash32, (T::AccountId, u32)>;

	/// The model hash each hotkey is the recorded original of on a subnet (the inverse of
	/// `RevealedModels`): at most one per neuron, given up when it reveals another model or
	/// is deregistered.
	#[pallet::storage]
	pub type ModelClaims<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Blake2_128Concat, T::AccountId, Hash32>;

	/// Neurons that lost their place for an offence (a copied model, or a model unavailable
	/// for too long): they may not commit models and their UIDs go to the next registrants
	/// first. `Twox64Concat`: chain-chosen keys.
	#[pallet::storage]
	pub type Forfeited<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Twox64Concat, Uid, (), OptionQuery>;

	/// Genesis: the network parameters and the hyperparameters new subnets start with.
	/// `Default` gives the values documented on [`Pallet::standard_network`] and
	/// [`Pallet::standard_hyperparams`].
	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Network-wide registration parameters.
		pub network: NetworkParams<BalanceOf<T>>,
		/// The hyperparameters new subnets start with.
		pub default_hyperparams: HyperparamsOf<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self {
				network: Pallet::<T>::standard_network(),
				default_hyperparams: Pallet::<T>::standard_hyperparams(),
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(Pallet::<T>::check_network(&self.network).is_ok(), "invalid network params");
			assert!(
				Pallet::<T>::check_hyperparams(&self.default_hyperparams).is_ok(),
				"invalid default hyperparameters"
			);
			assert!(
				Pallet::<T>::check_epoch_budget(&self.default_hyperparams).is_ok(),
				"the default UID and validator caps make an epoch heavier than allowed"
			);
			NetworkParameters::<T>::put(self.network.clone());
			DefaultHyperparameters::<T>::put(self.default_hyperparams.clone());
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A subnet was registered and its owner's lock put on hold.
		SubnetRegistered {
			netuid: NetUid,
			owner: T::AccountId,
			owner_hotkey: T::AccountId,
			task: TaskSpec,
			lock: BalanceOf<T>,
		},
		/// A subnet was dissolved: its lock, less the owner cut it paid, was returned
		/// (`lock_returned`) and the rest burned (`lock_burned`). Its `neurons` are
		/// deregistered (bonds returned) over the next blocks, ending with
		/// [`Event::SubnetCleanedUp`].
		SubnetDissolved {
			netuid: NetUid,
			owner: T::AccountId,
			lock_returned: BalanceOf<T>,
			lock_burned: BalanceOf<T>,
			neurons: u16,
		},
		/// The last neuron of a dissolved subnet was deregistered; nothing of it is left and
		/// its netuid is free again.
		SubnetCleanedUp { netuid: NetUid },
		/// A subnet was dissolved to make room for a new registration (the subnet limit was
		/// reached); `emission` was its score.
		SubnetReplaced { netuid: NetUid, emission: BalanceOf<T> },
		/// The admin origin changed a subnet hyperparameter; it applies at once.
		HyperparameterSet { netuid: NetUid, param: Hyperparameter<BalanceOf<T>> },
		/// The owner changed a subnet hyperparameter; it applies once the subnet's next epoch
		/// has run ([`Event::PendingHyperparametersApplied`]).
		HyperparameterScheduled { netuid: NetUid, param: Hyperparameter<BalanceOf<T>> },
		/// The owner's queued changes took effect after an epoch of the subnet.
		PendingHyperparametersApplied { netuid: NetUid },
		/// The admin's change made the owner's queued changes invalid, so they were dropped;
		/// the owner may queue them again.
		PendingHyperparametersDropped { netuid: NetUid },
		/// The network-wide registration parameters changed.
		NetworkParamsSet { params: NetworkParams<BalanceOf<T>> },
		/// A coldkey became the owner of a hotkey (with the hotkey's consent, or the hotkey
		/// being the coldkey itself); it is the only coldkey that may register it anywhere.
		HotkeyClaimed { hotkey: T::AccountId, coldkey: T::AccountId },
		/// A hotkey took a UID on a subnet.
		NeuronRegistered {
			netuid: NetUid,
			uid: Uid,
			hotkey: T::AccountId,
			coldkey: T::AccountId,
			burned: BalanceOf<T>,
			bond: BalanceOf<T>,
		},
		/// A neuron left its UID (pruned or its subnet dissolved); its bond was returned.
		NeuronDeregistered {
			netuid: NetUid,
			uid: Uid,
			hotkey: T::AccountId,
			bond_returned: BalanceOf<T>,
		},
		/// A neuron announced its axon.
		AxonServed {
			netuid: NetUid,
			hotkey: T::AccountId,
			ip: IpAddress,
			port: u16,
			protocol: AxonProtocol,
			version: u32,
		},
		/// A neuron committed a model (its hash still hidden in the binding).
		ModelCommitted { netuid: NetUid, hotkey: T::AccountId, binding: Hash32, size_bytes: u32 },
		/// A neuron revealed the model hash behind its commitment.
		ModelRevealed { netuid: NetUid, hotkey: T::AccountId, model_hash: Hash32 },
		/// A neuron lost its place for an offence: `bond_slashed` of its bond was taken, the
		/// rest returned; its UID goes to the next registrant.
		NeuronForfeited {
			netuid: NetUid,
			uid: Uid,
			hotkey: T::AccountId,
			coldkey: T::AccountId,
			bond_slashed: BalanceOf<T>,
			bond_returned: BalanceOf<T>,
			reason: merit_primitives::SlashReason,
		},
		/// A revealed model had been committed earlier by another hotkey.
		ModelCopied {
			netuid: NetUid,
			copier: T::AccountId,
			original: T::AccountId,
			model_hash: Hash32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No subnet has this netuid.
		SubnetNotFound,
		/// Only the subnet's owner (or the admin origin) may do this.
		NotSubnetOwner,
		/// Every subnet slot is taken and every subnet is still immune.
		SubnetLimitReached,
		/// Subnets are registered at most once per `subnet_rate_limit` blocks.
		SubnetRegistrationRateLimited,
		/// The task spec is out of range: a model cap or eval size of zero or above its maximum
		/// (`MAX_MODEL_BYTES`, `MAX_EVAL_SIZE`), or an empty data set id.
		InvalidTaskSpec,
		/// The hotkey is owned by another coldkey.
		HotkeyOwnedByAnotherColdkey,
		/// Nobody owns this hotkey yet: its first owner must bring the hotkey's signed
		/// consent ([`HotkeyConsent`] over [`consent_message`]).
		HotkeyConsentRequired,
		/// The hotkey's consent is past its `expires_at` block; sign a new one.
		HotkeyConsentExpired,
		/// The consent's signature is not the hotkey's over this chain's genesis hash, this
		/// coldkey and this `expires_at`.
		InvalidHotkeyConsent,
		/// The account cannot pay this (burn, bond or lock) and stay alive.
		InsufficientBalance,
		/// The subnet does not accept registrations now.
		RegistrationDisabled,
		/// The hotkey already holds a UID on this subnet.
		HotkeyAlreadyRegistered,
		/// The subnet's registrations for this block are used up.
		TooManyRegistrationsThisBlock,
		/// The subnet's registrations for this interval are used up.
		TooManyRegistrationsThisInterval,
		/// The subnet is full and every neuron on it is still immune.
		AllNeuronsImmune,
		/// The value is out of this hyperparameter's range.
		InvalidHyperparameter,
		/// With these UID and validator caps a full epoch would weigh more than a block
		/// allows; lower `max_uids` or `max_validators`.
		EpochTooHeavy,
		/// Only the admin origin may set this hyperparameter.
		HyperparameterAdminOnly,
		/// The owner changed a hyperparameter less than `owner_rate_limit` blocks ago.
		HyperparameterRateLimited,
		/// The value is outside the range an owner may set (see
		/// [`Hyperparameter::owner_may_set`]); the admin origin may set it.
		OutsideOwnerRange,
		/// Owners may not change parameters in the last `tempo / 10` blocks before an epoch.
		HyperparameterFrozen,
		/// The network parameters are out of range (`lock_decay_blocks` must be at least 1).
		InvalidNetworkParams,
		/// The pallet has no parameters: genesis did not set them.
		NotConfigured,
		/// With this tempo a deferred slash could apply after stake unbonded at the offence
		/// has left: `unbonding_blocks` must exceed `(defer_epochs + 1) · tempo`.
		SlashOutlastsUnbonding,
		/// The hotkey holds no UID on this subnet.
		NotRegistered,
		/// The address is unspecified, multicast, broadcast or reserved, or private on a
		/// subnet that does not allow private addresses.
		InvalidIpAddress,
		/// Port 0 cannot be served.
		InvalidPort,
		/// The neuron updated its axon less than `serving_rate_limit` blocks ago.
		ServingRateLimited,
		/// The model is larger than the subnet's task allows.
		ModelTooLarge,
		/// A model cannot be empty.
		EmptyModel,
		/// The hotkey has no model commitment on this subnet.
		NoCommitment,
		/// A model is revealed from the block after its commit on.
		RevealTooEarly,
		/// This commitment was already revealed; commit again to change the model.
		AlreadyRevealed,
		/// The revealed hash does not match the binding committed.
		BindingMismatch,
		/// Slashes are pending on this subnet: it cannot be dissolved until they are applied
		/// or cancelled.
		SlashesPending,
		/// The neuron lost its place for an offence and may not commit models.
		NeuronForfeited,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Deregisters up to [`Config::MaxCleanupPerBlock`] neurons of dissolved subnets.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			let cleaned = Self::cleanup_dissolved(T::MaxCleanupPerBlock::get());
			T::WeightInfo::cleanup_dissolved(cleaned)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a subnet for `task`, owned by the signing coldkey, with `owner_hotkey`
		/// receiving the owner cut. Holds the current lock cost from the coldkey. When
		/// [`Config::MaxSubnets`] subnets exist, the non-immune one with the lowest emission is
		/// dissolved to make room. `consent` is the hotkey's, needed when nobody owns
		/// `owner_hotkey` yet and it is not the coldkey itself ([`HotkeyConsent`]).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_subnet())]
		pub fn register_subnet(
			origin: OriginFor<T>,
			owner_hotkey: T::AccountId,
			task: TaskSpec,
			consent: Option<HotkeyConsent<T::HotkeySignature>>,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_register_subnet(coldkey, owner_hotkey, task, consent.as_ref())
		}

		/// Dissolves a subnet: returns the owner's lock, less the owner cut the subnet paid
		/// (that part is burned), and removes the subnet at once; its neurons are
		/// deregistered (bonds returned) over the next blocks, at most
		/// [`Config::MaxCleanupPerBlock`] per block. Admin origin only (an owner asks
		/// governance), and refused while slashes are pending on the subnet.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::dissolve_subnet())]
		pub fn dissolve_subnet(origin: OriginFor<T>, netuid: NetUid) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_dissolve_subnet(netuid)
		}

		/// Sets one hyperparameter of a subnet. The admin origin may set any, at once. The
		/// owner only the subnet-local ones, inside their owner ranges
		/// ([`Hyperparameter::owner_may_set`]), once per `owner_rate_limit` blocks and not in
		/// the last `tempo / 10` blocks before an epoch; the owner's change applies once the
		/// subnet's next epoch has run.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_hyperparameter())]
		pub fn set_hyperparameter(
			origin: OriginFor<T>,
			netuid: NetUid,
			param: Hyperparameter<BalanceOf<T>>,
		) -> DispatchResult {
			let by_owner = Self::ensure_owner_or_admin(origin, netuid)?;
			Self::do_set_hyperparameter(netuid, param, by_owner)
		}

		/// Sets the network-wide registration parameters. Admin origin only.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_network_params())]
		pub fn set_network_params(
			origin: OriginFor<T>,
			params: NetworkParams<BalanceOf<T>>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::check_network(&params)?;
			NetworkParameters::<T>::put(params.clone());
			Self::deposit_event(Event::NetworkParamsSet { params });
			Ok(())
		}

		/// Registers `hotkey` on `netuid` for the signing coldkey: burns the current
		/// registration burn and holds the subnet's miner bond. On a full subnet the newcomer
		/// takes the UID of the non-immune neuron with the lowest pruning score. `consent` is
		/// the hotkey's, needed when nobody owns it yet and it is not the coldkey itself
		/// ([`HotkeyConsent`]): nobody registers a hotkey they do not hold.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::burned_register(merit_primitives::MAX_UIDS.into()))]
		pub fn burned_register(
			origin: OriginFor<T>,
			netuid: NetUid,
			hotkey: T::AccountId,
			consent: Option<HotkeyConsent<T::HotkeySignature>>,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			let scanned = Self::do_burned_register(netuid, coldkey, hotkey, consent.as_ref())?;
			Ok(Some(T::WeightInfo::burned_register(scanned)).into())
		}

		/// Announces the signing hotkey's axon on `netuid`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::serve_axon())]
		pub fn serve_axon(
			origin: OriginFor<T>,
			netuid: NetUid,
			ip: IpAddress,
			port: u16,
			protocol: AxonProtocol,
			version: u32,
		) -> DispatchResult {
			let hotkey = ensure_signed(origin)?;
			Self::do_serve_axon(netuid, hotkey, ip, port, protocol, version)
		}

		/// Commits a model of `size_bytes` bytes for the signing hotkey on `netuid`, by its binding
		/// `blake2_256(model_hash ‖ hotkey ‖ netuid)`. Replaces any earlier commitment.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::commit_model())]
		pub fn commit_model(
			origin: OriginFor<T>,
			netuid: NetUid,
			binding: Hash32,
			size_bytes: u32,
		) -> DispatchResult {
			let hotkey = ensure_signed(origin)?;
			Self::do_commit_model(netuid, hotkey, binding, size_bytes)
		}

		/// Reveals the model hash behind the signing hotkey's commitment on `netuid`, from the
		/// block after the commit on. A model another hotkey committed earlier is recorded as a
		/// copy (the call still succeeds).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::reveal_model())]
		pub fn reveal_model(
			origin: OriginFor<T>,
			netuid: NetUid,
			model_hash: Hash32,
		) -> DispatchResult {
			let hotkey = ensure_signed(origin)?;
			Self::do_reveal_model(netuid, hotkey, model_hash)
		}
	}

	/// Reads for clients (metadata V16 view functions), typed in any client that reads them.
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Every subnet, by netuid.
		pub fn subnets() -> alloc::vec::Vec<views::SubnetView<T::AccountId, BalanceOf<T>>> {
			Self::subnet_views()
		}

		/// Subnet `netuid`, or `None` if it is not registered.
		pub fn subnet(netuid: NetUid) -> Option<views::SubnetView<T::AccountId, BalanceOf<T>>> {
			Self::subnet_view(netuid)
		}

		/// The neuron at `uid` on `netuid`, if there is one.
		pub fn neuron(
			netuid: NetUid,
			uid: Uid,
		) -> Option<views::NeuronView<T::AccountId, BalanceOf<T>>> {
			Self::neuron_view(netuid, uid)
		}

		/// The neuron `hotkey` holds on `netuid`, if it is registered there.
		pub fn neuron_by_hotkey(
			netuid: NetUid,
			hotkey: T::AccountId,
		) -> Option<views::NeuronView<T::AccountId, BalanceOf<T>>> {
			Self::neuron_view_by_hotkey(netuid, &hotkey)
		}

		/// What registering a subnet costs now, and a neuron on every subnet, in one read.
		pub fn registration_costs() -> views::RegistrationCosts<BalanceOf<T>> {
			Self::registration_costs_view()
		}
	}
}
