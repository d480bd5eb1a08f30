//! The records the slashing pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use merit_primitives::SlashReason;
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Identifies a pending slash.
pub type SlashId = u32;

/// What a validator found wrong with a miner's model.
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
pub enum ModelFault {
	/// The miner's axon did not serve the file.
	Unavailable,
	/// The served file's hash was not the revealed hash.
	HashMismatch,
}

/// What a validator's round decided to report (`merit_primitives::round`), as the call takes it.
impl From<merit_primitives::round::Fault> for ModelFault {
	fn from(fault: merit_primitives::round::Fault) -> Self {
		match fault {
			merit_primitives::round::Fault::Unavailable => Self::Unavailable,
			merit_primitives::round::Fault::HashMismatch => Self::HashMismatch,
		}
	}
}

/// The slashing parameters.
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
pub struct SlashParams {
	/// Validator trust below this counts toward a low-trust offence.
	pub trust_threshold: Perbill,
	/// Consecutive low-trust epochs that make an offence (`SlashEpochs`, at least 1).
	pub trust_epochs: u32,
	/// Epochs of the subnet between an offence and its slash (`SlashDeferEpochs`), in which
	/// the admin origin may cancel it.
	pub defer_epochs: u32,
	/// Share of the stake backing a validator taken for persistently low trust.
	pub low_trust_fraction: Perbill,
	/// Share of a copier's bond taken at once (when the copy is revealed; the copier also
	/// forfeits its UID), and of the stake backing it taken by the deferred slash.
	pub copied_model_fraction: Perbill,
	/// Consecutive epochs in which validators holding `kappa` of the permit holders' stake
	/// must report a miner's model unavailable (or mismatched) before it is an offence (at
	/// least 1). A shorter outage costs nothing.
	pub unavailable_epochs: u32,
	/// Share of the miner's **bond** taken for a model that stayed unavailable; the miner also
	/// forfeits its UID. Nobody's stake is touched: an outage is not fraud.
	pub unavailable_model_fraction: Perbill,
}

impl SlashParams {
	/// Whether the parameters are in range: `trust_epochs` and `unavailable_epochs` at
	/// least 1.
	pub fn is_valid(&self) -> bool {
		self.trust_epochs >= 1 && self.unavailable_epochs >= 1
	}

	/// The slash fraction of an offence.
	pub fn fraction(&self, reason: SlashReason) -> Perbill {
		match reason {
			SlashReason::LowValidatorTrust => self.low_trust_fraction,
			SlashReason::CopiedModel => self.copied_model_fraction,
			SlashReason::UnavailableModel => self.unavailable_model_fraction,
		}
	}
}

impl Default for SlashParams {
	/// A genesis gets these unless it says otherwise: trust below 20% for 3 consecutive
	/// epochs, slashes deferred 2 epochs; 1% of a persistently disagreeing validator's stake;
	/// 50% of a copier's bond (at once) and stake; 10% of the bond of a miner whose model was
	/// unavailable for 3 consecutive epochs.
	fn default() -> Self {
		Self {
			trust_threshold: Perbill::from_percent(20),
			trust_epochs: 3,
			defer_epochs: 2,
			low_trust_fraction: Perbill::from_percent(1),
			copied_model_fraction: Perbill::from_percent(50),
			unavailable_epochs: 3,
			unavailable_model_fraction: Perbill::from_percent(10),
		}
	}
}

/// A slash waiting for its epoch.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct DeferredSlash<AccountId, Balance> {
	/// The offender's hotkey.
	pub offender: AccountId,
	/// The offence.
	pub reason: SlashReason,
	/// The share to take: of the stake backing the offender (low trust, copies) or of its
	/// bond (unavailable models).
	pub fraction: Perbill,
	/// The subnet epoch in which it applies.
	pub apply_epoch: u32,
	/// What the slash would take, as of when it was scheduled. A full queue makes room for
	/// an offence with more at risk by dropping the pending slash with the least.
	pub at_risk: Balance,
}

/// The reports against one miner in one epoch.
#[derive(
	Encode, Decode, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxReporters))]
pub struct ReportRound<AccountId, Balance, MaxReporters: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The epoch the reports are for.
	pub epoch: u32,
	/// The miner's hotkey when reported (a new neuron on the UID starts afresh).
	pub miner: AccountId,
	/// The validators that reported it.
	pub reporters: BoundedVec<AccountId, MaxReporters>,
	/// Their stake together.
	pub stake: Balance,
	/// Whether their stake reached `kappa`: at the epoch's end the miner's unavailability
	/// streak grows.
	pub offence: bool,
}
