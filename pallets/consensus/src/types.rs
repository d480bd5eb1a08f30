//! The records the consensus pallet stores.

use crate::PerUid;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use merit_primitives::{round::WeightsBasis, Hash32};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// The block emission and the most emission will ever mint; see the crate docs for the
/// halving.
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
pub struct EmissionParams<Balance> {
	/// Emission per block before the first halving.
	pub block_emission: Balance,
	/// The most emission will ever mint (at least `block_emission`).
	pub emission_cap: Balance,
}

/// The books of the token supply: `total issuance = genesis + minted − burned` at all times.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct IssuanceLedger<Balance> {
	/// Total issuance at genesis.
	pub genesis: Balance,
	/// Minted by emission since.
	pub minted: Balance,
	/// Burned since (fees, dust, registration burns, slashes sent to burn).
	pub burned: Balance,
	/// Emission accrued to subnets and not yet paid (the sum of `PendingEmission`). It counts
	/// toward the emission cap and the halving, but is not part of total issuance until paid.
	pub pending: Balance,
}

/// A subnet's place in its epoch cycle.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct EpochSchedule {
	/// Epochs run so far; weight commits name the epoch they are revealed in by this count.
	pub index: u32,
	/// Block the last epoch ran in (0 before the first).
	pub last_run: u32,
	/// Block the next epoch is due in; it runs then or, when the block is full, later.
	pub next_due: u32,
}

/// What a validator's stored weights rest on, kept beside them for disputes.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct WeightsSource {
	/// The round (its epoch) and the files it obtained, as the validator sent them.
	pub basis: WeightsBasis,
	/// The block the weights were fixed in: set, or committed. A UID whose neuron
	/// registered at or after it is left out of the weights (they were meant for its
	/// predecessor).
	pub as_of: u32,
}

/// A weights submission the chain remembers so it can be disputed after newer weights
/// replaced it.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct SubmissionEntry {
	/// The round the weights named.
	pub round: u32,
	/// The block they were stored in (set, or revealed).
	pub stored_at: u32,
	/// `merit_primitives::round::submission_digest` of the weights as stored, their basis
	/// and the block they were fixed in.
	pub digest: Hash32,
	/// Whether a dispute claimed it (each is disputed once).
	pub claimed: bool,
}

/// An unrevealed weight commit.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct WeightCommit {
	/// `blake2_256(SCALE(hotkey, netuid, uids, weights, basis, salt, version_key))`.
	pub commit_hash: Hash32,
	/// The epoch (by the subnet's counter) the commit may be revealed in, and only then.
	pub reveal_epoch: u32,
	/// Block of the commit (rate limit).
	pub block: u32,
}

/// What a subnet's last epoch computed and paid, by UID.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct EpochSummary<Balance> {
	/// The epoch's number.
	pub epoch: u32,
	/// Block it ran in.
	pub block: u32,
	/// Stake each UID's hotkey had.
	pub stake: PerUid<Balance>,
	/// Whether each permit holder was active (set weights within the activity cutoff); `false`
	/// for every other UID.
	pub active: PerUid<bool>,
	/// Consensus weight each UID received.
	pub consensus: PerUid<Perbill>,
	/// Each UID's share of the miners' emission.
	pub incentive: PerUid<Perbill>,
	/// Each UID's share of the validators' emission.
	pub dividends: PerUid<Perbill>,
	/// Each permit holder's validator trust.
	pub validator_trust: PerUid<Perbill>,
	/// What each UID earned (miner and validator parts; the owner cut is not included).
	pub emission: PerUid<Balance>,
}

/// One neuron's earnings from an epoch, paid in a later block (or the epoch's own) by
/// [`crate::Pallet::pay_next_page`] to the keys the UID had when the epoch ran.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Payee<AccountId, Balance> {
	/// The UID that earned it (in the epoch's subnet).
	pub uid: u16,
	/// Receives the miner part as stake on `hotkey`, and a delegate's take.
	pub coldkey: AccountId,
	/// The neuron's hotkey.
	pub hotkey: AccountId,
	/// Its share of the miners' half, by incentive.
	pub incentive: Balance,
	/// Its share of the validators' half, by dividends (take to `coldkey`, the rest shared
	/// with the hotkey's stakers).
	pub dividend: Balance,
}

/// One block's payouts: earnings of one subnet's epoch, at most
/// [`crate::Config::PayoutsPerBlock`] payees.
#[derive(
	Encode,
	Decode,
	frame_support::CloneNoBound,
	frame_support::PartialEqNoBound,
	frame_support::EqNoBound,
	frame_support::DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(S))]
pub struct PayoutPage<AccountId, Balance, S: frame_support::traits::Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The subnet whose epoch earned it.
	pub netuid: u16,
	/// That epoch's number.
	pub epoch: u32,
	/// Who is paid what.
	pub payees: frame_support::BoundedVec<Payee<AccountId, Balance>, S>,
}

/// The pages of [`crate::PayoutPages`] waiting: `first..end`, paid oldest first.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct PageRange {
	/// The next page to pay.
	pub first: u32,
	/// One past the last page queued.
	pub end: u32,
}

impl PageRange {
	/// How many pages wait.
	pub fn len(&self) -> u32 {
		self.end.wrapping_sub(self.first)
	}

	/// Whether no page waits.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}
}
