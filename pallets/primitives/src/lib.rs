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
//!   these traits: [`HotkeyOwnership`] (subnets → staking), [`StakeInfo`] and [`StakeSlash`]
//!   (staking → consensus and slashing), [`OnModelCopied`] and [`BondSlash`] (subnets →
//!   slashing) and
//!   [`EmissionRecorder`] (consensus → subnets, for pruning).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Identifies a subnet.
pub type NetUid = u16;

/// A neuron's slot in a subnet; dense from 0.
pub type Uid = u16;

/// The largest number of neurons any subnet can hold (a subnet's `max_uids` is at most this).
pub const MAX_UIDS: u16 = 4096;

/// The largest model-size cap a task may set: 256 MiB.
pub const MAX_MODEL_BYTES: u32 = 256 * 1024 * 1024;

/// The largest evaluation set a task may ask validators to score each epoch.
pub const MAX_EVAL_SIZE: u32 = 100_000;

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
}

/// The slash primitive, implemented by staking.
pub trait StakeSlash<AccountId, Balance> {
	/// Slashes `fraction` of every stake backing `hotkey` (its owner's and its nominators',
	/// bonded and unbonding alike), pro rata, and returns the total taken.
	fn slash(hotkey: &AccountId, fraction: Perbill, reason: SlashReason) -> Balance;
}

/// Slashing a miner's bond, implemented by the subnets pallet (for copied or unavailable
/// models).
pub trait BondSlash<AccountId, Balance> {
	/// Slashes `fraction` of the bond `hotkey` holds on `netuid` and returns what was taken
	/// (zero if it holds no UID there).
	fn slash_bond(
		netuid: NetUid,
		hotkey: &AccountId,
		fraction: Perbill,
		reason: SlashReason,
	) -> Balance;
}

/// Told when a revealed model turns out to be a copy of an earlier commitment.
pub trait OnModelCopied<AccountId> {
	/// `copier` revealed `model_hash` on `netuid`, which `original` had committed earlier.
	fn on_model_copied(
		netuid: NetUid,
		copier: &AccountId,
		original: &AccountId,
		model_hash: &Hash32,
	);
}

impl<AccountId> OnModelCopied<AccountId> for () {
	fn on_model_copied(_: NetUid, _: &AccountId, _: &AccountId, _: &Hash32) {}
}

/// Where consensus records what an epoch paid, so registration can prune the least useful
/// neurons and subnets. Implemented by the subnets pallet.
pub trait EmissionRecorder<Balance> {
	/// Records one epoch of `netuid`: `emission[uid]` is what neuron `uid` earned.
	/// Entries past the subnet's neuron count are ignored.
	fn record_epoch_emission(netuid: NetUid, emission: &[Balance]);
}
