//! # Merit primitives
//!
//! The vocabulary every Merit pallet shares, and nothing that owns storage:
//!
//! - **Ids**: [`NetUid`] names a subnet, [`Uid`] a neuron's slot inside one. UIDs of a subnet
//!   are dense: `0..n` where `n` is the subnet's neuron count.
//! - **Tasks**: a subnet's competition is data, a [`TaskSpec`] naming a [`TaskKind`] and its
//!   bounded parameters. A new task kind is a new enum variant plus a scoring module off-chain;
//!   the pallets store and check task specs without interpreting the kind.
//! - **Glue traits**: pallets never name each other's `Config`. The runtime wires them through
//!   these traits: [`HotkeyOwnership`] (subnets → staking); [`StakeInfo`], [`StakeReward`]
//!   and [`StakeSlash`] (staking → consensus and slashing); [`SubnetRegistry`] (subnets →
//!   consensus and slashing); [`NeuronLifecycle`] (subnets → consensus, when neurons leave);
//!   [`OnModelCopied`] and [`BondSlash`] (subnets → slashing); [`EmissionRecorder`]
//!   (consensus → subnets, for pruning); [`EpochObserver`] and [`EpochInfo`] (consensus →
//!   slashing); [`SlashWindow`] (the runtime, over subnets, slashing and staking).
//! - **The validator's round** ([`round`]): the sans-IO core every scoring driver runs
//!   (the node's off-chain worker, `merit-validator run` and `verify`, the dispute
//!   verifier): candidates, fetch order, fault policy, weights, submission, pending reveals.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

pub mod round;

/// Identifies a subnet.
pub type NetUid = u16;

/// A neuron's slot in a subnet; dense from 0.
pub type Uid = u16;

/// The largest number of neurons any subnet can hold (a subnet's `max_uids` is at most this).
pub const MAX_UIDS: u16 = 4096;

/// The most validator permits a subnet can hand out (a subnet's `max_validators` is at most
/// this): bounds the weights Yuma reads per epoch to `MAX_VALIDATORS · MAX_UIDS`.
pub const MAX_VALIDATORS: u16 = 256;

/// The longest `reveal_period` a subnet may have, in epochs.
pub const MAX_REVEAL_PERIOD: u16 = 4;

/// How many epochs the chain keeps each round's fixed candidates: a round's weights are
/// revealed at most [`MAX_REVEAL_PERIOD`] epochs after it, and may be disputed in the epoch
/// after that.
pub const ROUND_HISTORY: u32 = MAX_REVEAL_PERIOD as u32 + 2;

/// The largest model-size cap a task may set: 256 MiB.
pub const MAX_MODEL_BYTES: u32 = 256 * 1024 * 1024;

/// The largest evaluation set a task may ask validators to score each epoch: a full 256-UID
/// text subnet then takes a validator about 75 s of one core (docs/benchmarks.md), well
/// inside a 100-block epoch.
pub const MAX_EVAL_SIZE: u32 = 16_384;

/// Longest data set id a task may name, in bytes.
pub const MAX_DATASET_ID_LEN: u32 = 64;

/// A 32-byte hash (blake2-256 of a model file, or of a commitment preimage).
pub type Hash32 = [u8; 32];

/// What a subnet's miners compete at. The scoring library implements one module per kind.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum TaskKind {
	/// Classify 8×8 handwritten digits (UCI optical digits), scored by accuracy and
	/// cross-entropy on a seeded, augmented sample.
	Digits,
	/// Byte-level language modelling on a fixed text corpus, scored in bits per byte.
	TextBytes,
}

impl TaskKind {
	/// The most parameters a valid model of the task has (the scoring library's model
	/// families enforce the same numbers; `merit-host` tests that they agree).
	pub const fn max_params(&self) -> u32 {
		match self {
			Self::Digits => 50_000,
			Self::TextBytes => 250_000,
		}
	}

	/// The largest file a valid model of the task can be: its most parameters as F32 plus
	/// [`MODEL_HEADER_ALLOWANCE`] for the safetensors header. Validators fetch no more than
	/// this, whatever a subnet's cap allows.
	pub const fn max_file_bytes(&self) -> u32 {
		self.max_params().saturating_mul(4).saturating_add(MODEL_HEADER_ALLOWANCE)
	}

	/// The score of a uniform guess, in parts per billion of the best score: what a model
	/// must beat to earn anything (`merit-host` tests that the scoring library agrees).
	pub const fn baseline(&self) -> u32 {
		match self {
			// exp(−ln 10): one in ten classes.
			Self::Digits => 100_000_000,
			// 1/256: one in 256 byte values.
			Self::TextBytes => 3_906_250,
		}
	}
}

/// Room for a safetensors header in a valid model file, in bytes.
pub const MODEL_HEADER_ALLOWANCE: u32 = 4_096;

/// A subnet's task: the kind and its bounded parameters.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct TaskSpec {
	/// What is being learned.
	pub kind: TaskKind,
	/// Largest model file a miner may commit, in bytes (1 ..= [`MAX_MODEL_BYTES`]).
	pub max_model_bytes: u32,
	/// Which data set (or corpus) the evaluation set is drawn from; non-empty, at most
	/// [`MAX_DATASET_ID_LEN`] bytes, e.g. `b"uci-digits"`.
	pub dataset_id: BoundedVec<u8, ConstU32<MAX_DATASET_ID_LEN>>,
	/// Number of samples (or windows) in each epoch's evaluation set (1 ..= [`MAX_EVAL_SIZE`]).
	pub eval_size: u32,
}

/// Why stake is slashed.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum SlashReason {
	/// A validator's trust stayed below the threshold for too many epochs.
	LowValidatorTrust,
	/// A miner revealed a model that another hotkey committed earlier.
	CopiedModel,
	/// A miner's revealed model was unavailable or did not match its hash.
	UnavailableModel,
	/// A validator's weights did not follow from its round: permit holders with `kappa` of
	/// the permit stake re-ran it and attested a mismatch.
	DisputedWeights,
}

/// How many of a validator's latest weights submissions on a subnet the chain remembers
/// (their digests), so each can be disputed though newer weights replaced it.
pub const SUBMISSION_LOG: u32 = 8;

/// Why a submission cannot be claimed for a dispute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimError {
	/// No remembered submission of the validator has this digest.
	Unknown,
	/// It was disputed already.
	Claimed,
}

/// Who owns a hotkey. Implemented by the subnets pallet (a hotkey is claimed by the coldkey
/// that first registers it); used by staking.
pub trait HotkeyOwnership<AccountId> {
	/// The coldkey owning `hotkey`, if it was ever registered.
	fn owner_of(hotkey: &AccountId) -> Option<AccountId>;

	/// Makes `coldkey` the owner of `hotkey`, for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_owner_for_benchmark(hotkey: &AccountId, coldkey: &AccountId);
}

/// Read access to stake, for consensus (validator permits, Yuma weights) and payouts.
pub trait StakeInfo<AccountId, Balance> {
	/// Total stake backing `hotkey` (its owner's and its nominators').
	fn stake_of(hotkey: &AccountId) -> Balance;
	/// Stake `coldkey` placed on `hotkey`.
	fn stake_of_pair(coldkey: &AccountId, hotkey: &AccountId) -> Balance;
	/// Every `(coldkey, stake)` backing `hotkey`.
	fn stakers_of(hotkey: &AccountId) -> Vec<(AccountId, Balance)>;
	/// The take `hotkey` keeps of its nominators' rewards, if it is a delegate.
	fn delegate_take(hotkey: &AccountId) -> Option<Perbill>;
	/// Stake across all hotkeys.
	fn total_stake() -> Balance;

	/// Mints `amount` to `coldkey` and stakes it on `hotkey` (which `coldkey` owns), for
	/// other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn stake_for_benchmark(coldkey: &AccountId, hotkey: &AccountId, amount: Balance);
	/// Makes `hotkey` a delegate at the default take, for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn delegate_for_benchmark(hotkey: &AccountId);
}

/// What one page of a slash did: the stake it took, the stakers it visited, and the last of
/// them, where the next page starts (`None`: the slash is complete).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SlashPage<AccountId, Balance> {
	/// Stake taken by this page (bonded and unbonding).
	pub taken: Balance,
	/// Stakers this page visited.
	pub visited: u32,
	/// The last staker visited, when stakers remain after it.
	pub next: Option<AccountId>,
}

/// The slash primitive, implemented by staking. A hotkey may have a thousand stakers, so a
/// slash is applied a page of stakers at a time; the caller keeps the cursor and must keep
/// the stake on the hotkey from moving between pages (staking refuses stake moves on a
/// hotkey its `SlashesApplying` names).
pub trait StakeSlash<AccountId, Balance> {
	/// Slashes `fraction` of the stake (bonded and unbonding) of at most `limit` stakers of
	/// `hotkey`, in staking's order, starting after `after` (from the first when `None`).
	fn slash_page(
		hotkey: &AccountId,
		fraction: Perbill,
		reason: SlashReason,
		after: Option<&AccountId>,
		limit: u32,
	) -> SlashPage<AccountId, Balance>;

	/// Slashes `fraction` of every stake backing `hotkey` (its owner's and its nominators',
	/// bonded and unbonding alike), pro rata, in one go, and returns the total taken.
	fn slash(hotkey: &AccountId, fraction: Perbill, reason: SlashReason) -> Balance {
		Self::slash_page(hotkey, fraction, reason, None, u32::MAX).taken
	}
}

/// Miners' bonds, implemented by the subnets pallet (for copied or unavailable models).
pub trait BondSlash<AccountId, Balance> {
	/// The bond `hotkey` holds on `netuid` (zero if it holds no UID there).
	fn bond_of(netuid: NetUid, hotkey: &AccountId) -> Balance;

	/// Takes `hotkey` out of the competition on `netuid`: `fraction` of its bond slashed, the
	/// rest returned, its UID given to the next registrant. Returns what was slashed.
	fn forfeit(
		netuid: NetUid,
		hotkey: &AccountId,
		fraction: Perbill,
		reason: SlashReason,
	) -> Balance;
}

/// Told when a revealed model turns out to be a copy of an earlier commitment.
pub trait OnModelCopied<AccountId> {
	/// `copier` revealed `model_hash` on `netuid`, which `original` had committed earlier.
	/// Returns the share of the copier's bond to slash now (the copier forfeits its UID).
	fn on_model_copied(
		netuid: NetUid,
		copier: &AccountId,
		original: &AccountId,
		model_hash: &Hash32,
	) -> Perbill;
}

impl<AccountId> OnModelCopied<AccountId> for () {
	/// No listener: the copier forfeits its UID and gets its whole bond back.
	fn on_model_copied(_: NetUid, _: &AccountId, _: &AccountId, _: &Hash32) -> Perbill {
		Perbill::zero()
	}
}

/// Where consensus records what an epoch paid, so registration can prune the least useful
/// neurons and subnets. Implemented by the subnets pallet.
pub trait EmissionRecorder<Balance> {
	/// Records one epoch of `netuid`: `emission[uid]` is what neuron `uid` earned.
	/// Entries past the subnet's neuron count are ignored.
	fn record_epoch_emission(netuid: NetUid, emission: &[Balance]);
	/// Records that an epoch of `netuid` paid its owner `amount` (the owner cut).
	fn record_owner_cut(netuid: NetUid, amount: Balance);
}

/// Whether slashes are pending on a subnet. Implemented by slashing; the subnets pallet
/// refuses to dissolve (or replace) a subnet with pending slashes, so dissolving never lets
/// an offender escape.
pub trait PendingSlashes {
	/// Whether `netuid` has slashes scheduled and not yet applied or cancelled.
	fn has_pending(netuid: NetUid) -> bool;
}

impl PendingSlashes for () {
	fn has_pending(_: NetUid) -> bool {
		false
	}
}

/// The hyperparameters of a subnet that consensus and payouts read.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct EpochParams<Balance> {
	/// Blocks per epoch (at least 1).
	pub tempo: u16,
	/// How many neurons may hold a validator permit.
	pub max_validators: u16,
	/// Fewest weights a validator must set.
	pub min_allowed_weights: u16,
	/// Largest share one normalized weight may carry.
	pub max_weight_limit: Perbill,
	/// Blocks a validator must wait between weight submissions.
	pub weights_rate_limit: u32,
	/// Lowest weights version key accepted.
	pub weights_version_key: u64,
	/// Whether weights go through commit–reveal.
	pub commit_reveal: bool,
	/// The epoch after a commit's in which it is revealed (at least 1).
	pub reveal_period: u16,
	/// Stake share that decides consensus in Yuma.
	pub kappa: Perbill,
	/// Weight of last epoch's bonds in their moving average.
	pub bonds_moving_average: Perbill,
	/// How much of the weight above consensus is kept out of bonds.
	pub bonds_penalty: Perbill,
	/// Blocks without weight updates after which a validator counts as inactive.
	pub activity_cutoff: u32,
	/// Least stake a hotkey needs for a validator permit.
	pub min_validator_stake: Balance,
	/// The owner's share of the subnet's emission.
	pub owner_cut: Perbill,
}

/// A neuron as consensus sees it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct NeuronRef<AccountId> {
	/// Its hotkey.
	pub hotkey: AccountId,
	/// The coldkey that registered it (paid its miner rewards).
	pub coldkey: AccountId,
	/// Block it registered at: weights set before then do not count for it.
	pub registered_at: u32,
}

/// Read access to the subnet registry, for consensus and slashing. Implemented by the subnets
/// pallet.
pub trait SubnetRegistry<AccountId, Balance> {
	/// Registered subnets (not those being dissolved), by netuid.
	fn netuids() -> Vec<NetUid>;
	/// Whether `netuid` is registered.
	fn exists(netuid: NetUid) -> bool;
	/// The hyperparameters consensus reads, if `netuid` is registered.
	fn epoch_params(netuid: NetUid) -> Option<EpochParams<Balance>>;
	/// The owner's coldkey and the hotkey receiving the owner cut (which the coldkey owns), if
	/// `netuid` is registered.
	fn owner(netuid: NetUid) -> Option<(AccountId, AccountId)>;
	/// Number of neurons on `netuid`; their UIDs are `0..n`.
	fn neuron_count(netuid: NetUid) -> u16;
	/// The neuron at `uid`.
	fn neuron(netuid: NetUid, uid: Uid) -> Option<NeuronRef<AccountId>>;
	/// The UID `hotkey` holds on `netuid`.
	fn uid_of(netuid: NetUid, hotkey: &AccountId) -> Option<Uid>;
	/// The model hash the neuron at `uid` revealed, if any.
	fn revealed_model(netuid: NetUid, uid: Uid) -> Option<Hash32>;
	/// The candidates of a round of `netuid` seeded at `seed_block`, by the round core's rule
	/// ([`round::candidates`]): revealed models committed before it, not copies, by UID.
	fn round_candidates(netuid: NetUid, seed_block: u32) -> Vec<round::FixedCandidate>;

	/// Registers a subnet owned by `owner` with `neurons` neurons (hotkeys chosen by the
	/// implementation, owned by `owner`), for other pallets' benchmarks; returns its netuid.
	#[cfg(feature = "runtime-benchmarks")]
	fn create_subnet_for_benchmark(owner: &AccountId, neurons: u16) -> NetUid;

	/// Commits and reveals a model (hash `[uid; 32]`-like, distinct per UID) for every neuron
	/// of `netuid`, committed at block 0, for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn reveal_models_for_benchmark(netuid: NetUid);

	/// Overwrites the consensus hyperparameters of `netuid`, for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_epoch_params_for_benchmark(netuid: NetUid, params: EpochParams<Balance>);
}

/// Told when neurons and subnets go away, so per-UID state of other pallets is cleared.
/// Implemented by consensus, called by the subnets pallet.
pub trait NeuronLifecycle<AccountId> {
	/// `hotkey` left UID `uid` of `netuid` (pruned, or its subnet dissolved).
	fn on_neuron_deregistered(netuid: NetUid, uid: Uid, hotkey: &AccountId);
	/// `netuid` was dissolved; its neurons follow through `on_neuron_deregistered`.
	fn on_subnet_dissolved(netuid: NetUid);
}

impl<AccountId> NeuronLifecycle<AccountId> for () {
	fn on_neuron_deregistered(_: NetUid, _: Uid, _: &AccountId) {}
	fn on_subnet_dissolved(_: NetUid) {}
}

/// Both listeners are told, `A` first.
impl<AccountId, A: NeuronLifecycle<AccountId>, B: NeuronLifecycle<AccountId>>
	NeuronLifecycle<AccountId> for (A, B)
{
	fn on_neuron_deregistered(netuid: NetUid, uid: Uid, hotkey: &AccountId) {
		A::on_neuron_deregistered(netuid, uid, hotkey);
		B::on_neuron_deregistered(netuid, uid, hotkey);
	}
	fn on_subnet_dissolved(netuid: NetUid) {
		A::on_subnet_dissolved(netuid);
		B::on_subnet_dissolved(netuid);
	}
}

/// Turning freshly minted rewards into stake, implemented by staking. `Credit` is the
/// currency's imbalance: newly issued funds that are not in any account yet.
pub trait StakeReward<AccountId, Balance, Credit> {
	/// Moves `amount` of `coldkey`'s free balance into stake on `hotkey`, without the checks a
	/// user's `add_stake` faces (ownership, delegation, minimum). Fails, changing nothing, if
	/// the funds cannot be held or the hotkey has the most stakers allowed; the reward then
	/// stays free balance.
	fn stake_reward(
		coldkey: &AccountId,
		hotkey: &AccountId,
		amount: Balance,
	) -> sp_runtime::DispatchResult;

	/// Shares `reward` among everyone staked on `hotkey`, pro rata to their bonded stake, as
	/// stake: it counts towards the hotkey's stake at once, and each staker's part compounds
	/// into its own stake the next time its position changes or it claims. The cost does not
	/// depend on the number of stakers. Gives `reward` back, changing nothing, if no bonded
	/// stake backs `hotkey` or the funds cannot be kept.
	fn share_reward(hotkey: &AccountId, reward: Credit) -> Result<(), Credit>;
}

/// A permit-holding validator as one epoch left it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct ValidatorRecord<AccountId> {
	/// Its UID.
	pub uid: Uid,
	/// Its hotkey.
	pub hotkey: AccountId,
	/// Its validator trust: the share of its weight at or below consensus.
	pub trust: Perbill,
	/// Whether it set weights within the subnet's activity cutoff.
	pub active: bool,
}

/// Told after each epoch of a subnet, with every validator that held a permit in it.
/// Implemented by slashing (persistently low trust is an offence; deferred slashes fall due).
pub trait EpochObserver<AccountId> {
	/// Epoch `epoch` of `netuid` ran; returns the weight of what the observer did.
	fn on_epoch(
		netuid: NetUid,
		epoch: u32,
		validators: &[ValidatorRecord<AccountId>],
	) -> frame_support::weights::Weight;
}

impl<AccountId> EpochObserver<AccountId> for () {
	fn on_epoch(
		_: NetUid,
		_: u32,
		_: &[ValidatorRecord<AccountId>],
	) -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

/// Both observers are told, `A` first; the weight is the sum.
impl<AccountId, A: EpochObserver<AccountId>, B: EpochObserver<AccountId>> EpochObserver<AccountId>
	for (A, B)
{
	fn on_epoch(
		netuid: NetUid,
		epoch: u32,
		validators: &[ValidatorRecord<AccountId>],
	) -> frame_support::weights::Weight {
		A::on_epoch(netuid, epoch, validators)
			.saturating_add(B::on_epoch(netuid, epoch, validators))
	}
}

/// What a subnet's epoch costs and how much of a block it may take. Implemented by the
/// runtime from the benchmarked weights of consensus (Yuma, payouts, commit expiry) and
/// slashing (due slashes, streaks, reports); the subnets pallet refuses UID and validator
/// caps whose epoch would not fit, so no parameter change can make an epoch overrun a block.
pub trait EpochBudget {
	/// The weight of the epoch of a subnet with `uids` neurons and `validators` permit
	/// holders, everything it does in its block included.
	fn epoch_weight(uids: u16, validators: u16) -> frame_support::weights::Weight;
	/// The most one epoch may weigh.
	fn max_epoch_weight() -> frame_support::weights::Weight;
}

impl EpochBudget for () {
	fn epoch_weight(_: u16, _: u16) -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
	fn max_epoch_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::MAX
	}
}

/// The three parameters that decide whether a deferred slash still reaches stake on its way
/// out: the subnets' tempo, the slash deferral and the unbonding period. Implemented by the
/// runtime over the subnets, slashing and staking pallets; each of them refuses a change of
/// its own parameter that would break [`unbonding_outlasts_slashes`], so that a staker who
/// unbonds the moment an offence is reported is still holding the stake when its slash
/// applies.
pub trait SlashWindow {
	/// The longest tempo (blocks per epoch) of any subnet, and of the defaults new subnets
	/// start with.
	fn longest_tempo() -> u32;
	/// The most storage reads [`Self::longest_tempo`] makes (one per subnet, and the
	/// defaults): callers that check the window charge them on top of their benchmarked
	/// weight, whose setup may hold fewer subnets.
	fn longest_tempo_reads() -> u64;
	/// Epochs a slash waits after the epoch of its offence.
	fn defer_epochs() -> u32;
	/// Blocks removed stake unbonds for (and stays slashable).
	fn unbonding_blocks() -> u32;
}

/// No constraint: for test runtimes without all three pallets.
impl SlashWindow for () {
	fn longest_tempo() -> u32 {
		0
	}
	fn longest_tempo_reads() -> u64 {
		0
	}
	fn defer_epochs() -> u32 {
		0
	}
	fn unbonding_blocks() -> u32 {
		u32::MAX
	}
}

/// Whether stake unbonding for `unbonding_blocks` is still held when a slash deferred
/// `defer_epochs` epochs of `tempo` blocks applies: `unbonding_blocks > (defer_epochs + 1) ·
/// tempo` (an offence may be reported at any point of its epoch, hence the `+ 1`).
pub fn unbonding_outlasts_slashes(unbonding_blocks: u32, defer_epochs: u32, tempo: u32) -> bool {
	let window = u64::from(defer_epochs).saturating_add(1).saturating_mul(u64::from(tempo));
	u64::from(unbonding_blocks) > window
}

/// When a subnet's next epoch runs. Implemented by consensus; used by the subnets pallet to
/// refuse owner changes in the freeze window before an epoch.
pub trait EpochClock {
	/// The block at which `netuid`'s next epoch is due, once scheduled.
	fn next_epoch_block(netuid: NetUid) -> Option<u32>;
}

impl EpochClock for () {
	fn next_epoch_block(_: NetUid) -> Option<u32> {
		None
	}
}

/// Where subnets are in their epochs and who validates them. Implemented by consensus; used
/// by slashing.
pub trait EpochInfo<Balance> {
	/// Epochs `netuid` has run so far.
	fn current_epoch(netuid: NetUid) -> u32;
	/// Whether the neuron at `uid` holds a validator permit this epoch.
	fn has_permit(netuid: NetUid, uid: Uid) -> bool;
	/// The stake the permit holder at `uid` had when this epoch's permits were given out
	/// (`None` without a permit): a snapshot later stake moves cannot change.
	fn permit_stake(netuid: NetUid, uid: Uid) -> Option<Balance>;
	/// The snapshot stake of every permit holder of `netuid` together, and the subnet's
	/// `kappa`.
	fn validator_stake(netuid: NetUid) -> (Balance, Perbill);
	/// Every permit holder's snapshot stake, by UID.
	fn permit_stakes(netuid: NetUid) -> Vec<(Uid, Balance)>;
	/// Claims, for a dispute, the remembered submission with `digest`
	/// ([`round::submission_digest`]) of the validator at `uid` on `netuid`: each is claimed
	/// once. Returns the block it was stored in.
	fn claim_submission(netuid: NetUid, uid: Uid, digest: Hash32) -> Result<u32, ClaimError>;
	/// Round `epoch` of `netuid` as the chain fixed it, while kept: its record and its
	/// candidates.
	fn fixed_round(
		netuid: NetUid,
		epoch: u32,
	) -> Option<(round::RoundRecord, Vec<round::FixedCandidate>)>;

	/// Gives the neuron at `uid` a permit, for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn grant_permit_for_benchmark(netuid: NetUid, uid: Uid);

	/// Stores weights for the validator at `uid` resting on `basis` (fixed now), in round
	/// `basis.round` fixed with `candidates` at block 0, for other pallets' benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn submit_weights_for_benchmark(
		netuid: NetUid,
		uid: Uid,
		weights: Vec<(Uid, u16)>,
		basis: round::WeightsBasis,
		candidates: Vec<round::FixedCandidate>,
	);
}
