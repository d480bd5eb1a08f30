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
	/// Share of a copier's stake and bond taken.
	pub copied_model_fraction: Perbill,
	/// Share of a miner's stake and bond taken for an unavailable or mismatched model.
	pub unavailable_model_fraction: Perbill,
}

impl SlashParams {
	/// Whether the parameters are in range.
	pub fn is_valid(&self) -> bool {
		self.trust_epochs >= 1
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
	/// epochs, slashes deferred 2 epochs; 1% of a persistently disagreeing validator's stake,
	/// 50% of a copier's, 10% of a miner's whose model is unavailable.
	fn default() -> Self {
		Self {
			trust_threshold: Perbill::from_percent(20),
			trust_epochs: 3,
			defer_epochs: 2,
			low_trust_fraction: Perbill::from_percent(1),
			copied_model_fraction: Perbill::from_percent(50),
			unavailable_model_fraction: Perbill::from_percent(10),
		}
	}
}

/// A slash waiting for its epoch.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct DeferredSlash<AccountId> {
	/// The offender's hotkey.
	pub offender: AccountId,
	/// The offence.
	pub reason: SlashReason,
	/// The share of its stake (and, for miners, bond) to take.
	pub fraction: Perbill,
	/// The subnet epoch in which it applies.
	pub apply_epoch: u32,
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
	/// Whether their stake already reached `kappa` (the offence was reported).
	pub offence: bool,
}
