//! The selective, paginated metagraph read and an epoch's payouts, as `MetagraphApi` returns
//! them.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use merit_primitives::{NetUid, Uid};
use pallet_merit_subnets::{AxonInfo, ModelCommitment};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Most UIDs one metagraph page holds: the largest subnet fits in one page, and a client that
/// wants smaller answers asks for less.
pub const MAX_METAGRAPH_PAGE: u16 = merit_primitives::MAX_UIDS;

/// A column of the metagraph a client can ask for.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, TypeInfo)]
pub enum MetagraphField {
	Hotkey,
	Coldkey,
	/// Stake backing the hotkey now.
	Stake,
	/// Whether it set weights within the activity cutoff (as of the last epoch).
	Active,
	/// Whether it holds a validator permit this epoch.
	ValidatorPermit,
	Consensus,
	Incentive,
	Dividends,
	ValidatorTrust,
	/// What it earned in the last epoch.
	Emission,
	/// Block of its last weights.
	LastUpdate,
	RegisteredAt,
	Axon,
	Model,
}

impl MetagraphField {
	/// Every field, in column order.
	pub const ALL: [Self; 14] = [
		Self::Hotkey,
		Self::Coldkey,
		Self::Stake,
		Self::Active,
		Self::ValidatorPermit,
		Self::Consensus,
		Self::Incentive,
		Self::Dividends,
		Self::ValidatorTrust,
		Self::Emission,
		Self::LastUpdate,
		Self::RegisteredAt,
		Self::Axon,
		Self::Model,
	];

	/// The field's name in JSON (`snake_case`).
	pub fn name(self) -> &'static str {
		match self {
			Self::Hotkey => "hotkey",
			Self::Coldkey => "coldkey",
			Self::Stake => "stake",
			Self::Active => "active",
			Self::ValidatorPermit => "validator_permit",
			Self::Consensus => "consensus",
			Self::Incentive => "incentive",
			Self::Dividends => "dividends",
			Self::ValidatorTrust => "validator_trust",
			Self::Emission => "emission",
			Self::LastUpdate => "last_update",
			Self::RegisteredAt => "registered_at",
			Self::Axon => "axon",
			Self::Model => "model",
		}
	}

	/// The field named `name` (as [`Self::name`] spells it), if there is one.
	pub fn from_name(name: &str) -> Option<Self> {
		Self::ALL.into_iter().find(|f| f.name() == name)
	}
}

/// Part of a subnet's metagraph, by column: each column a client asked for holds one entry
/// per UID in `uids`; the others are `None`.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct MetagraphPage<AccountId, Balance> {
	pub netuid: NetUid,
	/// Neurons registered on the subnet (UIDs `0..neurons`), for paging.
	pub neurons: u16,
	/// The UIDs of this page, ascending.
	pub uids: Vec<Uid>,
	pub hotkey: Option<Vec<AccountId>>,
	pub coldkey: Option<Vec<AccountId>>,
	pub stake: Option<Vec<Balance>>,
	pub active: Option<Vec<bool>>,
	pub validator_permit: Option<Vec<bool>>,
	pub consensus: Option<Vec<Perbill>>,
	pub incentive: Option<Vec<Perbill>>,
	pub dividends: Option<Vec<Perbill>>,
	pub validator_trust: Option<Vec<Perbill>>,
	pub emission: Option<Vec<Balance>>,
	pub last_update: Option<Vec<Option<u32>>>,
	pub registered_at: Option<Vec<u32>>,
	pub axon: Option<Vec<Option<AxonInfo>>>,
	pub model: Option<Vec<Option<ModelCommitment<AccountId>>>>,
}

impl<AccountId, Balance> MetagraphPage<AccountId, Balance> {
	/// A page of `uids` with no column filled in yet.
	pub fn new(netuid: NetUid, neurons: u16, uids: Vec<Uid>) -> Self {
		Self {
			netuid,
			neurons,
			uids,
			hotkey: None,
			coldkey: None,
			stake: None,
			active: None,
			validator_permit: None,
			consensus: None,
			incentive: None,
			dividends: None,
			validator_trust: None,
			emission: None,
			last_update: None,
			registered_at: None,
			axon: None,
			model: None,
		}
	}
}

/// Why a metagraph page was refused.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub enum MetagraphError {
	/// No subnet has this netuid.
	UnknownSubnet,
	/// The page starts past the subnet's last UID.
	StartOutOfRange { neurons: u16 },
	/// A page of zero UIDs was asked for.
	EmptyRange,
	/// More UIDs than one page holds were asked for.
	RangeTooLarge { max: u16 },
}

/// What one UID earned in an epoch.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct UidPayout<AccountId, Balance> {
	pub uid: Uid,
	pub hotkey: AccountId,
	pub incentive: Perbill,
	pub dividends: Perbill,
	/// What it earned (its miner and validator parts; a validator shares its part with its
	/// stakers after its take), paid with its page of the payout queue.
	pub emission: Balance,
}

/// An epoch that completed in the block read, and what it paid. The owner cut and the
/// treasury's part are paid in that block; what miners and validators earned is paid a page
/// of `PayoutsPerBlock` neurons a block from that block on (`Consensus::PayoutPaid` events).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct EpochPayouts<AccountId, Balance> {
	pub netuid: NetUid,
	pub epoch: u32,
	/// The block it ran in (the block read).
	pub block: u32,
	/// Paid to the subnet owner.
	pub owner_cut: Balance,
	/// Earned by miners, by incentive.
	pub miners: Balance,
	/// Earned by validators, by dividends.
	pub validators: Balance,
	/// What nobody earned, minted into the treasury.
	pub to_treasury: Balance,
	/// Every UID that earned something, by UID.
	pub payouts: Vec<UidPayout<AccountId, Balance>>,
}
