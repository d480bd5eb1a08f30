//! # Slashing pallet
//!
//! Offences become deferred slashes, which governance may cancel before they apply.
//!
//! ## Offences
//!
//! 1. **Low validator trust.** After each epoch of a subnet, consensus reports every validator
//!    that held a permit ([`merit_primitives::EpochObserver`]). An active one (it set weights
//!    within the activity cutoff) whose validator trust is below
//!    [`SlashParams::trust_threshold`] extends its streak; an active one at or above it resets
//!    it. An inactive one, or a hotkey that lost its permit, keeps its streak as it is (so
//!    dropping out of the permits for an epoch does not wipe a streak). A streak of
//!    [`SlashParams::trust_epochs`] consecutive judged epochs is an offence, and the streak
//!    starts over. An epoch establishes at most [`Config::MaxTrustOffencesPerEpoch`] of them,
//!    offences owed first (the longest owed first), then new ones in UID order; a validator
//!    beyond owes its offence, established at a later epoch at which it is judged whatever
//!    its trust then ([`Event::OffencesOwed`]). The epoch's cost does not grow with its
//!    offenders, nobody escapes by behaving once it is owed, and no stream of new offenders
//!    keeps an owed one waiting: its streak grows each epoch it waits. (An inactive
//!    validator is not judged: without weights it earns no dividends.)
//! 2. **Copied model.** The subnets pallet reports a hotkey that revealed a model another
//!    hotkey committed earlier ([`merit_primitives::OnModelCopied`]). The copier forfeits its
//!    UID at once and [`SlashParams::copied_model_fraction`] of its bond is taken then; the
//!    same share of the stake backing it is the deferred slash.
//! 3. **Unavailable model.** Permit-holding validators report a miner whose revealed model
//!    they could not fetch, or whose file did not match its hash ([`Pallet::report_model`]),
//!    at most once per validator per miner per epoch. An epoch in which the reporters hold
//!    at least `kappa` of the stake of the subnet's permit holders (both as of the epoch's
//!    permits, so stake moved afterwards counts for nothing) extends the miner's
//!    unavailability streak, at the report that reaches `kappa` (so the epoch's end does
//!    nothing per miner); an epoch without extends nothing and ends it. A streak of
//!    [`SlashParams::unavailable_epochs`] consecutive epochs is an offence: the deferred
//!    slash takes [`SlashParams::unavailable_model_fraction`] of the miner's **bond** (never
//!    anyone's stake) and the miner forfeits its UID. A one-epoch outage costs nothing.
//! 4. **Disputed weights.** Anyone may dispute weights a validator submitted on a subnet
//!    ([`Pallet::dispute_weights`], naming them, their basis and the block they were fixed
//!    in: the chain remembers a digest of each validator's latest submissions, so newer
//!    weights cannot hide older ones), within [`Config::DisputeWindow`] blocks of their
//!    reveal, holding [`Config::DisputeBond`]; each submission is disputed once. The
//!    chain snapshots what the round re-runs on: the round's fixed candidates restricted to
//!    the validator's fetched set, its seed and weight limits, and the weights. The subnet's
//!    permit holders (but the disputed validator) re-run the round with the round core and
//!    [`Pallet::attest`] `Match` or `Mismatch`, weighed by their permit stake when it opened.
//!    `kappa` of the subnet's permit stake (the disputed validator's included, counted as a
//!    match) attesting a mismatch is an offence: the deferred slash takes
//!    [`SlashParams::disputed_weights_fraction`] of the stake backing the validator, and when
//!    it applies the disputer is paid [`SlashParams::disputer_share`] of it, at most the
//!    bond (from the treasury, where slashes go); its bond is returned at once. A dispute
//!    that can no longer reach `kappa` sends the bond to the treasury; one whose window
//!    closes first (verifiers could not obtain a file, or split) returns it. At most
//!    [`Config::MaxOpenDisputes`] open on the chain.
//!    (docs/disputes.md: what is proven and what is trusted.)
//!
//! ## Slashes
//!
//! Each offence kind has a slash fraction ([`SlashParams`]). An offence schedules a slash on
//! its subnet, due [`SlashParams::defer_epochs`] epochs later; until then the admin origin
//! may cancel it ([`Pallet::cancel_deferred_slash`]). When the subnet's epoch reaches it, the
//! slash is applied (at most [`Config::MaxAppliedPerEpoch`] per epoch of the subnet, the
//! most at risk first, ties oldest first; the rest wait for the next epoch): unavailable models
//! to the miner's bond, at once; low trust, copies and disputed weights to the stake that backs
//! the offender's hotkey only (its owner's and its nominators', pro rata), through staking's
//! slash primitive, **a page of stakers a block**. A hotkey may have 1,024 stakers, too many
//! for the epoch's block: the slash joins [`Applying`] ([`Event::SlashStarted`]) and each
//! block's `on_initialize` slashes the next [`Config::SlashPageStakers`] stakers of the
//! oldest slash there, until [`Event::SlashApplied`] reports the total. From the epoch that
//! applies it until it ends, staking refuses to add, unbond or withdraw stake on the hotkey
//! ([`SlashesApplying`]): nobody slips out between pages, nobody new pays for it. At most
//! [`Config::MaxApplying`] slashes are applied at once; a due slash that finds no room stays
//! pending for the subnet's next epoch ([`Event::SlashWaiting`]). A slash being applied can
//! no longer be cancelled, and goes on if its subnet is dissolved (the stake is still there).
//! The slashed funds go where staking and subnets send them (Merit's runtime: to the
//! treasury).
//!
//! The queue cannot be spammed shut:
//! - an offender has at most one pending slash per offence kind on a subnet (a repeat is
//!   reported with [`Event::SlashAlreadyPending`]);
//! - an offence that would take nothing (no stake, or no bond) is reported but not queued;
//! - a subnet holds at most [`Config::MaxDeferred`] pending slashes; when full, an offence
//!   with more at risk than the smallest queued one takes its place
//!   ([`Event::SlashEvicted`]), and only one with no more at risk is refused
//!   ([`Event::SlashQueueFull`]).
//!
//! A subnet with pending slashes cannot be dissolved or replaced
//! ([`merit_primitives::PendingSlashes`]): dissolving never lets an offender escape.
//!
//! ## Invariants ([`Pallet::do_try_state`])
//!
//! - Slashes being applied have ids below [`NextSlashId`] and are no longer pending;
//!   [`ApplyingHotkeys`] counts them per hotkey.
//! - Pending slashes exist only for registered subnets, have ids below [`NextSlashId`], and
//!   [`PendingCount`] counts them; at most [`Config::MaxDeferred`] per subnet; the
//!   [`PendingOffences`] index names exactly the pending slashes, one per offender and kind.
//! - Low-trust streaks are at least 1 (at or above `trust_epochs`: an offence owed,
//!   [`Config::MaxTrustOffencesPerEpoch`]), unavailability streaks at least 1 and below
//!   `unavailable_epochs`, both for registered neurons. (After the admin lowers a
//!   threshold, a low-trust streak at or above it is owed whatever the validator's trust; an
//!   unavailability streak longer than it waits for the miner's next epoch reported by
//!   `kappa` to become an offence; [`StreakCeilings`], the highest thresholds ever set, bounds streaks always.)
//! - Unavailability runs end no later than the subnet's current epoch.
//! - Model reports (one round per miner: a later epoch's first report replaces it) belong to
//!   no future epoch, have distinct reporters and name a registered neuron; a round of the
//!   current epoch has the sum of its reporters' permit stake. (A dissolved subnet's reports
//!   and runs go with its neurons at cleanup.)

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use applying::SlashesApplying;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod applying;
mod deferred;
mod disputes;
mod invariants;
pub mod migrations;
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
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, BuildGenesisConfig, OnUnbalanced},
	};
	use frame_system::pallet_prelude::*;
	use merit_primitives::{
		round::{Attestation, FixedCandidates, WeightsBasis},
		BondSlash, EpochInfo, NetUid, SlashReason, StakeInfo, StakeSlash, SubnetRegistry, Uid,
	};
	use sp_runtime::Perbill;

	/// 2: disputes (spec 109, migrated from 1 in 110: `migrations::v2`). 3: slashes of stake
	/// applied a page a block (spec 113: `migrations::v3`).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(4);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The balance type of stake.
		type Balance: frame_support::traits::tokens::Balance + MaybeSerializeDeserialize;

		/// The subnet registry (the subnets pallet).
		type Subnets: SubnetRegistry<Self::AccountId, Self::Balance>;

		/// Epochs and permits (the consensus pallet).
		type Epochs: EpochInfo<Self::Balance>;

		/// Stake reads and the slash primitive (the staking pallet).
		type Stake: StakeInfo<Self::AccountId, Self::Balance>
			+ StakeSlash<Self::AccountId, Self::Balance>;

		/// Miners' bonds (the subnets pallet).
		type Bonds: BondSlash<Self::AccountId, Self::Balance>;

		/// May set the slashing parameters (root).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// May cancel pending slashes (Merit's slash canceller track, or root).
		type CancelOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Reports one miner may receive in one epoch (at least the most validators a subnet
		/// may have).
		#[pallet::constant]
		type MaxReporters: Get<u32>;

		/// Pending slashes one subnet may hold.
		#[pallet::constant]
		type MaxDeferred: Get<u32>;

		/// Slashes applied at one epoch of a subnet; further due ones wait for the next epoch,
		/// the most at risk first. (A slash of stake only starts there: its stakers are
		/// slashed over the following blocks, [`Config::SlashPageStakers`] a block.)
		#[pallet::constant]
		type MaxAppliedPerEpoch: Get<u32>;

		/// Low-trust offences one epoch of a subnet establishes, offences owed first (the
		/// longest owed first). A further validator whose streak reaches `trust_epochs` owes
		/// its offence: it is established at one of the subnet's next epochs at which it is
		/// judged, whatever its trust then ([`Event::OffencesOwed`]). Slashes are applied only
		/// [`Config::MaxAppliedPerEpoch`] an epoch, so establishing more offences an epoch
		/// would only queue them sooner; the bound keeps an epoch's cost from growing with its
		/// offenders.
		#[pallet::constant]
		type MaxTrustOffencesPerEpoch: Get<u32>;

		/// Stakers one block slashes of the slash being applied (each: its shared rewards
		/// compounded, its stake and unbonding chunks cut). A hotkey's 1,024 stakers take
		/// 1,024 / this blocks.
		#[pallet::constant]
		type SlashPageStakers: Get<u32>;

		/// Slashes of stake being applied at once, each freezing the stake on its hotkey until
		/// it ends; a due slash that finds no room waits, pending, for its subnet's next epoch.
		#[pallet::constant]
		type MaxApplying: Get<u32>;

		/// The weight of staking's slash primitive over [`Config::SlashPageStakers`] stakers
		/// at its worst (measured by staking's benchmark); charged for each block's page on
		/// top of this pallet's measured `slash_page`.
		type SlashPageWeight: Get<Weight>;

		/// The subnets' tempo and the unbonding period: a deferral so long that unbonding
		/// stake would leave before its slash applies is refused, in genesis and later.
		type SlashWindow: merit_primitives::SlashWindow;

		/// The currency disputers' bonds are held in and disputers are paid in.
		type Currency: fungible::Inspect<Self::AccountId, Balance = Self::Balance>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::hold::Balanced<Self::AccountId>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Where a failed dispute's bond goes (Merit's runtime: the treasury).
		type OnBondForfeit: OnUnbalanced<fungible::Credit<Self::AccountId, Self::Currency>>;

		/// The treasury's account, which slashes go to: disputers are paid their share from
		/// it.
		type Treasury: Get<Self::AccountId>;

		/// What a disputer holds while its dispute is open. Every dispute asks every permit
		/// holder of the subnet to re-run a round, so it must outweigh what spam would cost
		/// them.
		#[pallet::constant]
		type DisputeBond: Get<Self::Balance>;

		/// Blocks after weights are revealed (or set) in which they may be disputed, and
		/// blocks a dispute stays open for attestations.
		#[pallet::constant]
		type DisputeWindow: Get<u32>;

		/// Disputes open at once on the whole chain.
		#[pallet::constant]
		type MaxOpenDisputes: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A disputer's bond, held while its dispute is open.
		DisputeBond,
	}

	/// Thresholds, streak length, deferral and slash fractions. Set in genesis and by the
	/// admin origin.
	#[pallet::storage]
	pub type Params<T: Config> = StorageValue<_, SlashParams, OptionQuery>;

	/// Consecutive low-trust epochs of each validator (judged epochs only: kept as it is while
	/// the validator is inactive or without a permit). `Blake2_128Concat` on the hotkey: users
	/// choose it.
	#[pallet::storage]
	pub type LowTrustStreak<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Each miner's last run of epochs in which its model was reported unavailable by `kappa`
	/// of the permit holders' stake ([`Pallet::unavailable_streak`] is its length now). Kept
	/// until the run becomes an offence, a later run replaces it or the neuron leaves.
	/// `Blake2_128Concat` on the hotkey: users choose it.
	#[pallet::storage]
	pub type UnavailableStreak<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Blake2_128Concat,
		T::AccountId,
		UnavailableRun,
		OptionQuery,
	>;

	/// The last reports against each miner (one round per UID, of the epoch it names: a
	/// report in a later epoch starts a new round). `Twox64Concat`: chain-chosen keys.
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
		DeferredSlash<T::AccountId, T::Balance>,
		OptionQuery,
	>;

	/// The pending slash of each offender and offence kind on a subnet: one at most.
	/// `Blake2_128Concat`: the hotkey is user-chosen.
	#[pallet::storage]
	pub type PendingOffences<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Blake2_128Concat,
		(T::AccountId, SlashReason),
		SlashId,
		OptionQuery,
	>;

	/// Number of pending slashes of each subnet.
	#[pallet::storage]
	pub type PendingCount<T: Config> = StorageMap<_, Twox64Concat, NetUid, u32, ValueQuery>;

	/// The highest `trust_epochs` and `unavailable_epochs` ever in force: no streak reaches
	/// them (an invariant; a lowered threshold turns longer streaks into offences at the
	/// subnet's next epoch).
	#[pallet::storage]
	pub type StreakCeilings<T: Config> = StorageValue<_, (u32, u32), ValueQuery>;

	/// The id the next slash gets.
	#[pallet::storage]
	pub type NextSlashId<T: Config> = StorageValue<_, SlashId, ValueQuery>;

	/// Open disputes by subnet and id.
	#[pallet::storage]
	pub type Disputes<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		DisputeId,
		Dispute<T::AccountId, T::Balance>,
		OptionQuery,
	>;

	/// Each open dispute's candidates: the round's, restricted to the validator's fetched
	/// set.
	#[pallet::storage]
	pub type DisputeCandidates<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		DisputeId,
		FixedCandidates,
		ValueQuery,
	>;

	/// Every open dispute as `(closes_at, netuid, id)`, in closing order.
	#[pallet::storage]
	pub type DisputeQueue<T: Config> =
		StorageValue<_, BoundedVec<(u32, NetUid, DisputeId), T::MaxOpenDisputes>, ValueQuery>;

	/// The disputer owed a share of each pending slash an upheld dispute scheduled.
	#[pallet::storage]
	pub type DisputeRewards<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Twox64Concat, SlashId, T::AccountId, OptionQuery>;

	/// The id the next dispute gets.
	#[pallet::storage]
	pub type NextDisputeId<T: Config> = StorageValue<_, DisputeId, ValueQuery>;

	/// Slashes of stake being applied, oldest first: each block slashes a page of
	/// [`Config::SlashPageStakers`] stakers of the first.
	#[pallet::storage]
	pub type Applying<T: Config> = StorageValue<
		_,
		BoundedVec<ApplyingSlash<T::AccountId, T::Balance>, T::MaxApplying>,
		ValueQuery,
	>;

	/// How many slashes in [`Applying`] name each hotkey: stake on these does not move
	/// (staking's `SlashesApplying`). `Blake2_128Concat`: hotkeys are user-chosen.
	#[pallet::storage]
	pub type ApplyingHotkeys<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, OptionQuery>;

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
			// Built after subnets and staking, whose genesis set the tempo and unbonding.
			assert!(
				Pallet::<T>::outlasted_by_unbonding(self.params.defer_epochs),
				"unbonding_blocks must exceed (defer_epochs + 1) * tempo for every subnet tempo"
			);
			Params::<T>::put(self.params.clone());
			StreakCeilings::<T>::put((self.params.trust_epochs, self.params.unavailable_epochs));
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator reported a miner's model.
		ModelReported { netuid: NetUid, uid: Uid, reporter: T::AccountId, fault: ModelFault },
		/// An offence was established.
		OffenceReported { netuid: NetUid, offender: T::AccountId, reason: SlashReason },
		/// `owed` validators' low-trust streaks reached `trust_epochs` beyond the epoch's
		/// [`Config::MaxTrustOffencesPerEpoch`] (or were owed already): their offences are
		/// established at the subnet's later epochs, the longest owed first, whatever their
		/// trust then.
		OffencesOwed { netuid: NetUid, owed: u32 },
		/// A slash was scheduled for epoch `apply_epoch` of the subnet.
		SlashScheduled {
			netuid: NetUid,
			id: SlashId,
			offender: T::AccountId,
			reason: SlashReason,
			fraction: Perbill,
			apply_epoch: u32,
		},
		/// A pending slash of stake started: the stakers of `offender` are slashed over the
		/// next blocks, a page a block, and stake on it cannot move until [`Event::SlashApplied`].
		SlashStarted { netuid: NetUid, id: SlashId, offender: T::AccountId },
		/// A due slash of stake waits, still pending, for the subnet's next epoch: the most
		/// slashes allowed are being applied.
		SlashWaiting { netuid: NetUid, id: SlashId },
		/// A pending slash was applied: `stake` taken from the stake backing the offender (over
		/// `stakers` stakers) and `bond` from its bond on the subnet.
		SlashApplied {
			netuid: NetUid,
			id: SlashId,
			offender: T::AccountId,
			stake: T::Balance,
			stakers: u32,
			bond: T::Balance,
		},
		/// The admin origin cancelled a pending slash.
		SlashCancelled { netuid: NetUid, id: SlashId },
		/// A pending slash was dropped with its dissolved subnet (never expected: a subnet with
		/// pending slashes is not dissolved).
		SlashDropped { netuid: NetUid, id: SlashId },
		/// An offence was not scheduled: the subnet's queue is full and every queued slash has
		/// at least as much at risk.
		SlashQueueFull { netuid: NetUid, offender: T::AccountId, reason: SlashReason },
		/// A pending slash was dropped to make room for an offence with more at risk.
		SlashEvicted { netuid: NetUid, id: SlashId, offender: T::AccountId, at_risk: T::Balance },
		/// The offender already has a slash pending for this offence kind on this subnet; no
		/// second one is scheduled.
		SlashAlreadyPending {
			netuid: NetUid,
			offender: T::AccountId,
			reason: SlashReason,
			id: SlashId,
		},
		/// A miner's model was reported unavailable by `kappa` of the stake in `streak`
		/// consecutive epochs, this one included (an offence once the streak reaches
		/// `unavailable_epochs`). Deposited by the report that reached `kappa`.
		ModelUnavailable { netuid: NetUid, miner: T::AccountId, streak: u32 },
		/// The slashing parameters changed.
		ParamsSet { params: SlashParams },
		/// A validator's weights of round `round` were disputed; permit holders attest until
		/// block `closes_at`.
		DisputeOpened {
			netuid: NetUid,
			id: DisputeId,
			validator: T::AccountId,
			round: u32,
			disputer: T::AccountId,
			closes_at: u32,
		},
		/// A permit holder re-ran a disputed round.
		Attested { netuid: NetUid, id: DisputeId, verifier: T::AccountId, said: Attestation },
		/// A dispute ended: `bond` went back to the disputer (upheld, dropped) or to the
		/// treasury (rejected, expired); an upheld one scheduled slash `slash`.
		DisputeEnded {
			netuid: NetUid,
			id: DisputeId,
			validator: T::AccountId,
			end: DisputeEnd,
			bond: T::Balance,
			slash: Option<SlashId>,
		},
		/// A disputer was paid its share of the slash its dispute led to (`paid`: whether the
		/// treasury could pay it).
		DisputerRewarded {
			netuid: NetUid,
			id: SlashId,
			disputer: T::AccountId,
			amount: T::Balance,
			paid: bool,
		},
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
		/// The parameters are out of range (`trust_epochs` and `unavailable_epochs` must be at
		/// least 1).
		InvalidParams,
		/// With this deferral a slash could apply after stake unbonded at the offence has
		/// left: `(defer_epochs + 1) · tempo` must stay below `unbonding_blocks`.
		SlashOutlastsUnbonding,
		/// A validator cannot dispute its own weights.
		CannotDisputeSelf,
		/// The chain remembers no such submission of the validator (weights, basis and block
		/// as it kept them; older submissions are forgotten).
		UnknownSubmission,
		/// The weights were revealed more than `DisputeWindow` blocks ago.
		DisputeTooLate,
		/// This submission was disputed already.
		AlreadyDisputed,
		/// The chain no longer keeps the round the weights rest on.
		RoundNotKept,
		/// The subnet has no other permit holder to re-run the round.
		NoVerifiers,
		/// The other permit holders hold less than `kappa` of the permit stake: their
		/// attestations could never uphold the dispute (the disputed validator holds the
		/// rest, as it would steer Yuma's consensus).
		DisputeCannotSucceed,
		/// The most disputes the chain holds open at once are open.
		TooManyDisputes,
		/// The disputer cannot hold the dispute bond.
		InsufficientBond,
		/// No open dispute has this id on this subnet.
		UnknownDispute,
		/// Only the subnet's permit holders when the dispute opened (but the disputed
		/// validator) attest.
		NotAVerifier,
		/// This verifier already attested.
		AlreadyAttested,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Ends the disputes whose window closed and slashes a page of stakers of the slash
		/// being applied; returns the benchmarked weight.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			let closed = Self::close_expired(Self::block_now());
			let paged = Self::slash_next_page();
			T::WeightInfo::close_disputes(closed).saturating_add(paged)
		}

		fn integrity_test() {
			assert!(T::SlashPageStakers::get() >= 1, "a page slashes at least one staker");
			assert!(T::MaxApplying::get() >= 1, "at least one slash can be applied at once");
		}

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

		/// Cancels the pending slash `id` of `netuid`. [`Config::CancelOrigin`] only.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::cancel_deferred_slash())]
		pub fn cancel_deferred_slash(
			origin: OriginFor<T>,
			netuid: NetUid,
			id: SlashId,
		) -> DispatchResult {
			T::CancelOrigin::ensure_origin(origin)?;
			Self::take_pending(netuid, id).ok_or(Error::<T>::UnknownSlash)?;
			Self::deposit_event(Event::SlashCancelled { netuid, id });
			Ok(())
		}

		/// Sets the slashing parameters. Admin origin only; a deferral unbonding stake would
		/// outlast is refused ([`merit_primitives::unbonding_outlasts_slashes`]).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_params().saturating_add(T::DbWeight::get().reads(
			<T::SlashWindow as merit_primitives::SlashWindow>::longest_tempo_reads(),
		)))]
		pub fn set_params(origin: OriginFor<T>, params: SlashParams) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(params.is_valid(), Error::<T>::InvalidParams);
			ensure!(
				Self::outlasted_by_unbonding(params.defer_epochs),
				Error::<T>::SlashOutlastsUnbonding
			);
			StreakCeilings::<T>::mutate(|(trust, unavailable)| {
				*trust = (*trust).max(params.trust_epochs);
				*unavailable = (*unavailable).max(params.unavailable_epochs);
			});
			Params::<T>::put(params.clone());
			Self::deposit_event(Event::ParamsSet { params });
			Ok(())
		}

		/// Disputes weights `validator` submitted on `netuid`, within `DisputeWindow` blocks
		/// of their reveal (or `set_weights`), even if newer weights replaced them: `weights`
		/// as the chain kept them (`(uid, weight)` by UID, no zeros), their `basis`, and
		/// `as_of`, the block they were fixed in (the `weights` and `weights_source` views at
		/// a block where they were current). Holds `DisputeBond` from the signer until the
		/// dispute ends. The subnet's permit holders re-run the round and attest.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::dispute_weights())]
		pub fn dispute_weights(
			origin: OriginFor<T>,
			netuid: NetUid,
			validator: T::AccountId,
			weights: BoundedVec<(Uid, u16), ConstU32<{ merit_primitives::MAX_UIDS as u32 }>>,
			basis: WeightsBasis,
			as_of: u32,
		) -> DispatchResult {
			let disputer = ensure_signed(origin)?;
			Self::do_dispute(netuid, disputer, validator, weights.into_inner(), basis, as_of)
		}

		/// Attests, as a permit holder of the disputed subnet, whether the disputed weights
		/// are the ones the round gives (`Match`) or not (`Mismatch`). A verifier that could
		/// not obtain a file of the round abstains (sends nothing).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::attest())]
		pub fn attest(
			origin: OriginFor<T>,
			netuid: NetUid,
			id: DisputeId,
			said: Attestation,
		) -> DispatchResult {
			let hotkey = ensure_signed(origin)?;
			Self::do_attest(netuid, id, hotkey, said)
		}
	}
}
