//! # Consensus pallet
//!
//! Weights, Yuma consensus, block emission and epoch payouts.
//!
//! ## Overview
//!
//! - **Weights.** A validator (a hotkey holding a **validator permit** on a subnet) says how
//!   good it found each miner by setting weights: [`Pallet::set_weights`] directly, or, while
//!   the subnet has commit–reveal on, [`Pallet::commit_weights`] with a hash and
//!   [`Pallet::reveal_weights`] with the weights `reveal_period` epochs later. A reveal must
//!   come in exactly that epoch: earlier is refused ([`Error::RevealTooEarly`]), later too
//!   ([`Error::CommitExpired`]): a commit not revealed by its epoch's end has expired. It is
//!   dropped, with [`Event::WeightsCommitExpired`], at the hotkey's next commit or reveal,
//!   so an expired commit never takes a slot and the epoch does no work per committer. There is no trusted decryptor: the hash is
//!   `blake2_256(SCALE(hotkey, netuid, uids, weights, basis, salt, version_key))`, so nobody
//!   can read (and copy) weights before their reveal epoch. Direct weights are rate-limited by
//!   `weights_rate_limit` against the last weights; commits only against earlier commits
//!   ([`LastCommit`]), with one commit per epoch always allowed, so a validator that reveals
//!   and then commits in the same epoch lands weights every epoch.
//! - **Rounds.** Each epoch fixes the candidates of the scoring round it opens
//!   ([`RoundCandidates`], kept `ROUND_HISTORY` epochs): every validator scores the same
//!   miners whatever block it reads the chain at. Weights carry their **basis**
//!   ([`merit_primitives::round::WeightsBasis`]): the round scored (the current one for
//!   `set_weights`, the commit's for a reveal, else [`Error::WrongRound`]) and the UIDs whose
//!   files the validator obtained. The chain keeps it beside the weights
//!   ([`WeightSources`]), so anyone can re-run the round and dispute weights that do not
//!   follow from it (docs/disputes.md).
//! - **Validator permits** go to the `max_validators` hotkeys with the most stake (ties to the
//!   lower UID) among those with at least `min_validator_stake`, recomputed at each epoch for
//!   the next one.
//! - **Epochs.** Subnet `netuid` runs an epoch every `tempo` blocks, at blocks where
//!   `(block + netuid) % tempo == 0`, so subnets with the same tempo are staggered. At most
//!   [`Config::MaxEpochsPerBlock`] run in one block; the rest are deferred to the next blocks
//!   (oldest due first) with [`Event::EpochDeferred`]. An epoch runs [`yuma::epoch`] on the
//!   subnet's stake, revealed weights and bonds, stores the results, pays the subnet's
//!   accumulated emission and recomputes permits.
//! - **Emission.** Every block mints nothing but accrues `block_emission` to the subnets with
//!   emission on, split by their **emission shares** (each subnet's share weight over the sum;
//!   a new subnet has weight 0 and earns nothing until the admin origin grants it a share:
//!   otherwise anyone could lock, register their own validator and miners, and farm a share
//!   of the emission with nobody else competing). The accrued amount is minted and paid at the subnet's epoch:
//!   1. the **owner cut** (`owner_cut` of it) to the subnet owner, as stake on the owner hotkey;
//!   2. half of the rest to **miners** by incentive, as stake of each miner's coldkey on its
//!      hotkey;
//!   3. the other half to **validators** by dividends: a delegate first keeps its take (as
//!      stake of its owner), the remainder is shared with everyone staked on the validator
//!      pro rata to bonded stake (owner included) through staking's reward pool
//!      ([`merit_primitives::StakeReward::share_reward`]): one write per validator, however
//!      many stakers it has; each staker's part compounds into its stake lazily. If nobody
//!      has bonded stake on it, the owner gets it all.
//!
//!   A part nobody earned (no incentive or no dividends in that epoch, and rounding) is
//!   minted into the **treasury** ([`Config::Treasury`]), where token holders decide its use
//!   by referendum; it is not paid to anyone in the subnet, so a subnet that reaches no
//!   consensus earns its members nothing. (If the treasury cannot take it, an amount under
//!   the existential deposit into an empty treasury, it is not minted.)
//!
//!   The owner cut and the treasury's part are paid in the epoch block. What each neuron
//!   earned (2 and 3) is **queued** ([`PayoutPages`], [`PayoutQueue`]) in pages of
//!   [`Config::PayoutsPerBlock`] neurons, to the keys the UID had when the epoch ran, and
//!   every block pays the oldest page (the epoch's own block pays its first page when nothing
//!   older waits), so no block pays more than one page whatever the subnets' sizes. A
//!   subnet's next epoch waits ([`Event::EpochDeferred`]) while pages of its last one are
//!   queued ([`QueuedPages`]), so the queue never holds more than one epoch of each subnet:
//!   an owner who shortens the tempo of a large subnet mostly slows its own epochs, and
//!   another subnet's page waits behind at most one epoch of each other subnet (at most
//!   `MaxSubnets − 1` epochs of pages). Queued earnings stay in the books' `pending` until
//!   paid; a subnet dissolved meanwhile still pays what its neurons earned. A validator's
//!   dividend is shared among those staked on it when its page is paid, not at the epoch.
//!
//! ## The maths
//!
//! - **Halving by issuance.** With `E₀ = block_emission` and `M = emission_cap` (the most
//!   emission will ever mint), the block emission is `E₀ / 2ᵏ` while the minted total `m`
//!   lies in `[M·(1 − 2⁻ᵏ), M·(1 − 2⁻ᵏ⁻¹))`: it halves when half of `M` has been minted, again
//!   at three quarters, and so on; each era lasts about `M / (2·E₀)` blocks, and minting stops
//!   at `M`.
//! - **Yuma consensus** is in [`yuma`], step by step. The pallet feeds it the stake of each
//!   UID's hotkey, the permits of the epoch, activity (`last_update + activity_cutoff ≥ now`),
//!   the weights of permit holders without self-weights and without weights on UIDs whose
//!   neuron registered after the weights were set, and the bonds of the last epoch (reset for
//!   UIDs registered since).
//!
//! ## Token conservation
//!
//! The pallet keeps the books of the whole token supply in [`Issuance`]: what existed at
//! genesis, what emission minted and what was burned. Every burn in the runtime (fees, dust,
//! registration burns, slashes sent to burn) goes through [`RecordBurn`], which records it.
//!
//! ## Invariants ([`Pallet::do_try_state`])
//!
//! - Total issuance = genesis + minted − burned, and minted ≤ the emission cap.
//! - Weights, bonds and last updates exist only for registered neurons; weights with their
//!   source ([`WeightSources`]), except weights stored before storage version 2 (which have
//!   no submission log either), and sources only with weights; weight and bond rows
//!   are sorted by target with no zeros; weight commits only for registered hotkeys, never
//!   more than [`Config::MaxPendingCommits`].
//! - Emission accrues only for registered subnets, and the books' `pending` is what subnets
//!   accrued plus what queued pages owe.
//! - Queued pages are exactly those of [`PayoutQueue`], none empty, and [`QueuedPages`]
//!   counts each subnet's.
//! - Rounds are kept only for scheduled subnets, at most `ROUND_HISTORY` each, and
//!   candidates only for kept rounds.
//! - Validator permits name registered neurons, and [`PermitStake`] lists exactly the permit
//!   holders, by increasing UID.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod adapters;
mod emission;
mod epoch;
mod funds;
mod invariants;
mod lifecycle;
pub mod migrations;
mod payouts;
mod permits;
mod rounds;
mod submission;
pub mod types;
pub mod views;
pub mod weights;
pub mod yuma;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use epoch::epoch_weight;
pub use funds::{RecordBurn, ResolveOrBurn};

/// The most [`Config::PayoutsPerBlock`] may be: the largest page `pay_page` is benchmarked
/// with.
pub const MAX_PAYOUTS_PER_BLOCK: u32 = 64;

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
	use merit_primitives::{
		round::{FixedCandidates, RoundRecord, WeightsBasis},
		EmissionRecorder, EpochObserver, Hash32, NetUid, StakeInfo, StakeReward, SubnetRegistry,
		Uid, MAX_UIDS,
	};

	/// The balance type of the pallet's currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// Newly issued emission on its way into an account.
	pub type CreditOf<T> =
		fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

	/// A weights call's UIDs or weights: at most one per UID a subnet can have.
	pub type UidVec = BoundedVec<Uid, ConstU32<{ MAX_UIDS as u32 }>>;

	/// A stored weight row: `(target uid, weight)`, sorted by target, no zeros.
	pub type WeightRow = BoundedVec<(Uid, u16), ConstU32<{ MAX_UIDS as u32 }>>;

	/// A stored bond row: `(target uid, bond)` as [`yuma::Fixed`], sorted by target, no zeros.
	pub type BondRow = BoundedVec<(Uid, yuma::Fixed), ConstU32<{ MAX_UIDS as u32 }>>;

	/// One value per UID.
	pub type PerUid<V> = BoundedVec<V, ConstU32<{ MAX_UIDS as u32 }>>;

	/// A page of epoch payouts. Bounded by [`MAX_PAYOUTS_PER_BLOCK`], not by
	/// [`Config::PayoutsPerBlock`], so pages queued before that constant is lowered still
	/// decode.
	pub type PayoutPageOf<T> = PayoutPage<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		ConstU32<MAX_PAYOUTS_PER_BLOCK>,
	>;

	/// 2: rounds fixed by the chain, weights with their basis (spec 109, migrated from 1 in
	/// 110: `migrations::v2`). 3: epoch earnings paid a page a block (spec 112:
	/// `migrations::v3`).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency emission is minted in.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::Balanced<Self::AccountId>;

		/// The subnet registry (the subnets pallet).
		type Subnets: SubnetRegistry<Self::AccountId, BalanceOf<Self>>;

		/// Stake reads, reward staking and reward sharing (the staking pallet).
		type Stake: StakeInfo<Self::AccountId, BalanceOf<Self>>
			+ StakeReward<Self::AccountId, BalanceOf<Self>, CreditOf<Self>>;

		/// Where each epoch's per-neuron emission is recorded for pruning (the subnets pallet).
		type Emissions: EmissionRecorder<BalanceOf<Self>>;

		/// Told the validators' trust after each epoch (the slashing pallet).
		type OnEpoch: EpochObserver<Self::AccountId>;

		/// May set the subnets' emission shares (Merit's subnet admin track, or root).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// May set the block emission and its cap (Merit's emission admin track, or root).
		type EmissionOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The treasury's account: the part of an epoch's emission that nobody earned is
		/// minted into it.
		type Treasury: Get<Self::AccountId>;

		/// The most subnet epochs run in one block; later ones wait for the next blocks.
		#[pallet::constant]
		type MaxEpochsPerBlock: Get<u32>;

		/// Unrevealed weight commits one hotkey may have on one subnet.
		#[pallet::constant]
		type MaxPendingCommits: Get<u32>;

		/// Neurons paid in one block: an epoch queues its payouts in pages of this many, and
		/// each block (the epoch's own included) pays the oldest page. At least 1, at most
		/// [`MAX_PAYOUTS_PER_BLOCK`] (what the benchmark measures).
		#[pallet::constant]
		type PayoutsPerBlock: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// The block emission and its cap. Set in genesis and by the admin origin.
	#[pallet::storage]
	pub type EmissionConfig<T: Config> = StorageValue<_, EmissionParams<BalanceOf<T>>, OptionQuery>;

	/// The books of the token supply: genesis, minted by emission, burned.
	#[pallet::storage]
	pub type Issuance<T: Config> = StorageValue<_, IssuanceLedger<BalanceOf<T>>, ValueQuery>;

	/// Each subnet's emission share weight, granted by the admin origin; a subnet not listed
	/// has weight 0 (earns nothing). `Twox64Concat`: netuids are chosen by the chain.
	#[pallet::storage]
	pub type EmissionShares<T: Config> = StorageMap<_, Twox64Concat, NetUid, u32, OptionQuery>;

	/// Emission accrued to each subnet since its last epoch, minted and paid at the next.
	#[pallet::storage]
	pub type PendingEmission<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BalanceOf<T>, ValueQuery>;

	/// Each subnet's epoch counter and schedule.
	#[pallet::storage]
	pub type Schedule<T: Config> = StorageMap<_, Twox64Concat, NetUid, EpochSchedule, OptionQuery>;

	/// Validator permits of each subnet by UID, for the current epoch.
	#[pallet::storage]
	pub type ValidatorPermits<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, PerUid<bool>, ValueQuery>;

	/// The stake of each permit holder when the current permits were given out, by UID:
	/// what model reports are weighed by.
	#[pallet::storage]
	pub type PermitStake<T: Config> = StorageMap<
		_,
		Twox64Concat,
		NetUid,
		BoundedVec<(Uid, BalanceOf<T>), ConstU32<{ merit_primitives::MAX_VALIDATORS as u32 }>>,
		ValueQuery,
	>;

	/// Each validator's latest weights. `Twox64Concat`: both keys are chain-chosen.
	#[pallet::storage]
	pub type Weights<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Twox64Concat, Uid, WeightRow, OptionQuery>;

	/// What each validator's latest weights rest on (the round and the files it obtained),
	/// kept and cleared with [`Weights`]. `Twox64Concat`: both keys are chain-chosen.
	#[pallet::storage]
	pub type WeightSources<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Twox64Concat, Uid, WeightsSource, OptionQuery>;

	/// Each validator's latest weights submissions (at most `SUBMISSION_LOG`, of rounds still
	/// kept), newest last: what a dispute names, so newer weights cannot hide older ones.
	#[pallet::storage]
	pub type Submissions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		Uid,
		BoundedVec<SubmissionEntry, ConstU32<{ merit_primitives::SUBMISSION_LOG }>>,
		ValueQuery,
	>;

	/// Each round of each subnet: the block it was fixed in (the block its opening epoch ran
	/// in; its seed block is the next) and the weight limits then, for the last
	/// [`merit_primitives::ROUND_HISTORY`] rounds.
	#[pallet::storage]
	pub type Rounds<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Twox64Concat, u32, RoundRecord, OptionQuery>;

	/// Each round's candidates, fixed by the round core's rule when its epoch opened, for the
	/// last [`merit_primitives::ROUND_HISTORY`] rounds: every validator scores these, whenever it reads the
	/// chain, and a dispute re-runs them.
	#[pallet::storage]
	pub type RoundCandidates<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Twox64Concat, u32, FixedCandidates, ValueQuery>;

	/// Block of each UID's last weights (activity, rate limit, outdated-weight masking).
	#[pallet::storage]
	pub type LastUpdate<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Twox64Concat, Uid, u32, OptionQuery>;

	/// Each validator's last weight commit on each subnet: `(block, epoch)`. Commits are
	/// rate-limited against this alone (never against reveals), so a validator that reveals
	/// and then commits in the same epoch is not refused. `Blake2_128Concat` on the hotkey:
	/// users choose it.
	#[pallet::storage]
	pub type LastCommit<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Blake2_128Concat,
		T::AccountId,
		(u32, u32),
		OptionQuery,
	>;

	/// Each validator's bonds after the last epoch.
	#[pallet::storage]
	pub type Bonds<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Twox64Concat, Uid, BondRow, OptionQuery>;

	/// Unrevealed weight commits, by subnet and hotkey. `Blake2_128Concat` on the hotkey: users
	/// choose it.
	#[pallet::storage]
	pub type WeightCommits<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<WeightCommit, T::MaxPendingCommits>,
		OptionQuery,
	>;

	/// What the last epoch of each subnet computed and paid, by UID.
	#[pallet::storage]
	pub type EpochResults<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, EpochSummary<BalanceOf<T>>, OptionQuery>;

	/// Epoch earnings not paid yet, a page per block's payouts; see [`PayoutQueue`].
	#[pallet::storage]
	pub type PayoutPages<T: Config> =
		StorageMap<_, Twox64Concat, u32, PayoutPageOf<T>, OptionQuery>;

	/// Which [`PayoutPages`] wait: each block pays the first, epochs add theirs at the end.
	#[pallet::storage]
	pub type PayoutQueue<T: Config> = StorageValue<_, PageRange, ValueQuery>;

	/// How many of [`PayoutPages`] are a subnet's. A subnet's next epoch waits until they
	/// are paid, so the queue holds at most one epoch of each subnet.
	#[pallet::storage]
	pub type QueuedPages<T: Config> = StorageMap<_, Twox64Concat, NetUid, u32, ValueQuery>;

	/// Genesis: the emission parameters. The total issuance after the other pallets' genesis
	/// (balances) becomes the books' opening figure.
	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Block emission and cap.
		pub emission: EmissionParams<BalanceOf<T>>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { emission: Pallet::<T>::standard_emission() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(Pallet::<T>::check_emission(&self.emission).is_ok(), "invalid emission");
			EmissionConfig::<T>::put(self.emission.clone());
			Issuance::<T>::put(IssuanceLedger {
				genesis: <T::Currency as fungible::Inspect<T::AccountId>>::total_issuance(),
				minted: Default::default(),
				burned: Default::default(),
				pending: Default::default(),
			});
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator set weights on `count` UIDs.
		WeightsSet { netuid: NetUid, uid: Uid, hotkey: T::AccountId, count: u16 },
		/// A validator committed the hash of its weights, to reveal in epoch `reveal_epoch`.
		WeightsCommitted {
			netuid: NetUid,
			hotkey: T::AccountId,
			commit_hash: Hash32,
			reveal_epoch: u32,
		},
		/// A validator revealed committed weights on `count` UIDs.
		WeightsRevealed {
			netuid: NetUid,
			uid: Uid,
			hotkey: T::AccountId,
			commit_hash: Hash32,
			count: u16,
		},
		/// Round `epoch` of a subnet opened: its `candidates` are fixed (revealed models
		/// committed before the seed block, the next block).
		RoundFixed { netuid: NetUid, epoch: u32, candidates: u16 },
		/// A weight commit was not revealed in its epoch and was dropped: at its hotkey's next
		/// commit or reveal on the subnet, which is when the chain looks (an epoch does no
		/// work per committer). A reveal after the epoch fails with
		/// [`Error::CommitExpired`] whether or not this has been deposited yet.
		WeightsCommitExpired { netuid: NetUid, hotkey: T::AccountId, commit_hash: Hash32 },
		/// Epoch `epoch` of a subnet ran over `neurons` UIDs and split its emission: the owner
		/// cut and the treasury's part are paid now; what `miners` and validators earned is
		/// queued in `payout_pages` pages, paid one per block from this one
		/// ([`Event::PayoutPaid`]).
		EpochCompleted {
			netuid: NetUid,
			epoch: u32,
			neurons: u16,
			validators: u16,
			owner_cut: BalanceOf<T>,
			/// Earned by miners (by incentive).
			miners: BalanceOf<T>,
			/// Earned by validators and their stakers (by dividends).
			validators_paid: BalanceOf<T>,
			/// Pages the earnings were queued in.
			payout_pages: u32,
			/// What nobody earned (no consensus, no dividends, rounding), minted into the
			/// treasury.
			to_treasury: BalanceOf<T>,
		},
		/// A subnet's epoch was due but the block's epoch budget was used up, or what its
		/// last epoch earned is still being paid; it runs in a later block.
		EpochDeferred { netuid: NetUid },
		/// A page of epoch `epoch`'s earnings was paid to `payees` neurons: `miners` as stake,
		/// `validators` as take and shared rewards. A payee that could not receive its part
		/// (an account that cannot exist with so little) left it to the treasury
		/// (`to_treasury`).
		PayoutPaid {
			netuid: NetUid,
			epoch: u32,
			payees: u32,
			miners: BalanceOf<T>,
			validators: BalanceOf<T>,
			to_treasury: BalanceOf<T>,
			/// Pages still waiting, of any subnet.
			pages_left: u32,
		},
		/// The emission parameters changed.
		EmissionParamsSet { params: EmissionParams<BalanceOf<T>> },
		/// A subnet's emission share weight changed (0: emission off).
		EmissionShareSet { netuid: NetUid, share: u32 },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No subnet has this netuid.
		SubnetNotFound,
		/// The hotkey holds no UID on this subnet.
		NotRegistered,
		/// Only hotkeys holding a validator permit may set weights.
		NoValidatorPermit,
		/// UIDs and weights differ in length.
		LengthMismatch,
		/// A UID appears twice.
		DuplicateUid,
		/// A UID is not registered on this subnet.
		UidOutOfRange,
		/// Fewer non-zero weights than the subnet's `min_allowed_weights`.
		TooFewWeights,
		/// Every weight is zero.
		AllWeightsZero,
		/// A normalized weight is above the subnet's `max_weight_limit`.
		WeightAboveLimit,
		/// The version key is below the subnet's `weights_version_key`: update the validator.
		OutdatedVersionKey,
		/// Weights were set less than `weights_rate_limit` blocks ago, or committed less than
		/// that long ago in the same epoch.
		WeightsRateLimited,
		/// The subnet uses commit–reveal: commit a hash, then reveal.
		CommitRevealEnabled,
		/// The subnet does not use commit–reveal: set weights directly.
		CommitRevealDisabled,
		/// The hotkey has the most unrevealed commits allowed on this subnet.
		TooManyPendingCommits,
		/// No pending commit of this hotkey matches the revealed weights.
		NoMatchingCommit,
		/// The commit's reveal epoch has not started yet.
		RevealTooEarly,
		/// The weights' basis names another round than the one they were set or committed
		/// in (a late transaction, or a round the chain no longer keeps).
		WrongRound,
		/// The fetched set is not in its canonical form (it ends in a zero byte).
		FetchedSetNotCanonical,
		/// The emission parameters are out of range (the cap must be at least one block's
		/// emission and at least what has been issued).
		InvalidEmissionParams,
		/// The commit's reveal epoch has ended: it expired unrevealed (and is dropped at the
		/// hotkey's next commit or reveal).
		CommitExpired,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Accrues the block's emission to the subnets, runs the epochs that are due (at most
		/// [`Config::MaxEpochsPerBlock`]) and pays the oldest page of earnings; returns the
		/// benchmarked weight of all three.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			let netuids = T::Subnets::netuids();
			let subnets = Self::accrue_block_emission(&netuids);
			let mut weight = T::WeightInfo::bookkeeping(subnets);
			weight.saturating_accrue(Self::run_due_epochs(&netuids));
			weight.saturating_accrue(Self::pay_next_page());
			weight
		}

		fn integrity_test() {
			let per_block = T::PayoutsPerBlock::get();
			assert!(
				(1..=MAX_PAYOUTS_PER_BLOCK).contains(&per_block),
				"PayoutsPerBlock must be in 1..=MAX_PAYOUTS_PER_BLOCK"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets the signing validator's weights on `netuid`: `weights[k]` for `uids[k]`, any
		/// scale (they are normalized). `basis` says what they rest on: the round scored
		/// (the current epoch) and the UIDs whose files were obtained; disputes re-run it.
		/// The subnet must not use commit–reveal.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_weights(uids.len() as u32))]
		pub fn set_weights(
			origin: OriginFor<T>,
			netuid: NetUid,
			uids: UidVec,
			weights: UidVec,
			basis: WeightsBasis,
			version_key: u64,
		) -> DispatchResult {
			let hotkey = ensure_signed(origin)?;
			Self::do_set_weights(netuid, hotkey, uids, weights, basis, version_key)
		}

		/// Commits `commit_hash = blake2_256(SCALE(hotkey, netuid, uids, weights, basis, salt,
		/// version_key))` of the signing validator's weights, to reveal `reveal_period` epochs
		/// later; `basis.round` must be the current epoch (the round scored).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::commit_weights())]
		pub fn commit_weights(
			origin: OriginFor<T>,
			netuid: NetUid,
			commit_hash: Hash32,
		) -> DispatchResult {
			let hotkey = ensure_signed(origin)?;
			Self::do_commit_weights(netuid, hotkey, commit_hash)
		}

		/// Reveals weights committed earlier; they must hash to a pending commit whose reveal
		/// epoch is now, made in the round `basis` names.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reveal_weights(uids.len() as u32))]
		pub fn reveal_weights(
			origin: OriginFor<T>,
			netuid: NetUid,
			uids: UidVec,
			weights: UidVec,
			basis: WeightsBasis,
			salt: Hash32,
			version_key: u64,
		) -> DispatchResult {
			let hotkey = ensure_signed(origin)?;
			Self::do_reveal_weights(netuid, hotkey, uids, weights, basis, salt, version_key)
		}

		/// Sets the block emission and its cap. [`Config::EmissionOrigin`] only.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_emission_params())]
		pub fn set_emission_params(
			origin: OriginFor<T>,
			params: EmissionParams<BalanceOf<T>>,
		) -> DispatchResult {
			T::EmissionOrigin::ensure_origin(origin)?;
			Self::check_emission(&params)?;
			EmissionConfig::<T>::put(params.clone());
			Self::deposit_event(Event::EmissionParamsSet { params });
			Ok(())
		}

		/// Sets a subnet's emission share weight (0 turns its emission off; subnets start at
		/// 0, earning nothing until granted a share). Admin origin only.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_emission_share())]
		pub fn set_emission_share(
			origin: OriginFor<T>,
			netuid: NetUid,
			share: u32,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(T::Subnets::exists(netuid), Error::<T>::SubnetNotFound);
			EmissionShares::<T>::insert(netuid, share);
			Self::deposit_event(Event::EmissionShareSet { netuid, share });
			Ok(())
		}
	}

	/// Reads for clients (metadata V16 view functions), typed in any client that reads them.
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Where `netuid` is in its epoch cycle, or `None` if it is not registered.
		pub fn epoch(netuid: NetUid) -> Option<views::SubnetEpochView<BalanceOf<T>>> {
			Self::subnet_epoch(netuid)
		}

		/// Every subnet's epoch position, by netuid.
		pub fn epochs() -> alloc::vec::Vec<views::SubnetEpochView<BalanceOf<T>>> {
			T::Subnets::netuids().into_iter().filter_map(Self::subnet_epoch).collect()
		}

		/// The weights the validator at `uid` last set or revealed on `netuid`.
		pub fn weights(netuid: NetUid, uid: Uid) -> Option<alloc::vec::Vec<(Uid, u16)>> {
			Self::weights_of(netuid, uid)
		}

		/// What the weights of the validator at `uid` on `netuid` rest on.
		pub fn weights_source(netuid: NetUid, uid: Uid) -> Option<WeightsSource> {
			WeightSources::<T>::get(netuid, uid)
		}

		/// Round `epoch` of `netuid`: the block it was fixed in (its seed block is the next)
		/// and its candidates; `None` if the chain does not keep it.
		pub fn round(netuid: NetUid, epoch: u32) -> Option<views::RoundView> {
			Self::round_view(netuid, epoch)
		}

		/// `hotkey`'s unrevealed weight commits on `netuid` that can still be revealed.
		pub fn weight_commits(
			netuid: NetUid,
			hotkey: T::AccountId,
		) -> alloc::vec::Vec<WeightCommit> {
			Self::commits_of(netuid, &hotkey)
		}

		/// The emission parameters, this block's emission and the token books.
		pub fn emission() -> views::EmissionView<BalanceOf<T>> {
			Self::emission_view()
		}
	}
}
