//! The records the slashing pallet stores.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use merit_primitives::{
	round::{Attestation, FetchedSet, WeightLimits},
	Hash32, SlashReason, Uid, MAX_UIDS, MAX_VALIDATORS,
};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// Identifies a pending slash.
pub type SlashId = u32;

/// Identifies a dispute.
pub type DisputeId = u32;

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
	/// Share of the stake backing a validator taken when permit holders with `kappa` of the
	/// permit stake attest that its weights do not follow from its round.
	pub disputed_weights_fraction: Perbill,
	/// Share of that slash paid to the disputer (from the treasury, which the slash goes
	/// to) when it applies, at most the dispute bond.
	pub disputer_share: Perbill,
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
			SlashReason::DisputedWeights => self.disputed_weights_fraction,
		}
	}
}

impl Default for SlashParams {
	/// A genesis gets these unless it says otherwise: trust below 20% for 3 consecutive
	/// epochs, slashes deferred 2 epochs; 1% of a persistently disagreeing validator's stake;
	/// 50% of a copier's bond (at once) and stake; 10% of the bond of a miner whose model was
	/// unavailable for 3 consecutive epochs; 10% of the stake backing a validator whose
	/// weights were disputed and attested against, a fifth of it to the disputer.
	fn default() -> Self {
		Self {
			trust_threshold: Perbill::from_percent(20),
			trust_epochs: 3,
			defer_epochs: 2,
			low_trust_fraction: Perbill::from_percent(1),
			copied_model_fraction: Perbill::from_percent(50),
			unavailable_epochs: 3,
			unavailable_model_fraction: Perbill::from_percent(10),
			disputed_weights_fraction: Perbill::from_percent(10),
			disputer_share: Perbill::from_percent(20),
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

/// A slash of stake being applied, a page of the offender's stakers a block
/// ([`crate::Applying`]).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct ApplyingSlash<AccountId, Balance> {
	/// The subnet whose epoch applied it.
	pub netuid: merit_primitives::NetUid,
	/// Its id, as it was pending.
	pub id: SlashId,
	/// The offender's hotkey: the stake backing it is slashed.
	pub offender: AccountId,
	/// The offence.
	pub reason: SlashReason,
	/// The share of each staker's stake taken.
	pub fraction: Perbill,
	/// The last staker slashed so far; the next page starts after it (`None`: none yet).
	pub cursor: Option<AccountId>,
	/// Stake taken so far.
	pub taken: Balance,
	/// Stakers slashed so far.
	pub stakers: u32,
	/// The disputer owed a share of the slash when it ends, if a dispute led to it.
	pub disputer: Option<AccountId>,
}

/// A miner's run of consecutive epochs in which its model was reported unavailable by `kappa`
/// of the permit holders' stake. The run is extended when a report reaches `kappa`, not at the
/// epoch's end, so an epoch does nothing per miner: a run that an epoch without `kappa` broke
/// is noticed at the miner's next marked epoch, which starts a new run.
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug, Default, TypeInfo, MaxEncodedLen)]
pub struct UnavailableRun {
	/// The run's last epoch.
	pub last_epoch: u32,
	/// Its length: consecutive epochs up to and including `last_epoch`.
	pub epochs: u32,
}

impl UnavailableRun {
	/// The run with `epoch` marked: one longer if `epoch` follows its last epoch, unchanged if
	/// it is its last epoch, otherwise a new run of one.
	pub fn extended(self, epoch: u32) -> Self {
		if self.epochs > 0 && self.last_epoch == epoch {
			self
		} else if self.epochs > 0 && self.last_epoch.saturating_add(1) == epoch {
			Self { last_epoch: epoch, epochs: self.epochs.saturating_add(1) }
		} else {
			Self { last_epoch: epoch, epochs: 1 }
		}
	}

	/// The run's length as it stands during `epoch`: zero once an epoch passed unmarked.
	pub fn as_of(self, epoch: u32) -> u32 {
		if self.last_epoch.saturating_add(1) >= epoch {
			self.epochs
		} else {
			0
		}
	}
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
	/// Whether their stake reached `kappa`: the report that reached it extended the miner's
	/// [`UnavailableRun`].
	pub offence: bool,
}

/// A permit holder asked to re-run a disputed round, with its stake when the dispute opened
/// and what it attested, if it has.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Verifier<AccountId, Balance> {
	pub hotkey: AccountId,
	/// Its permit stake when the dispute opened.
	pub stake: Balance,
	pub said: Option<Attestation>,
}

/// An open dispute of a validator's weights: everything its verifiers need to re-run the
/// round (with the round's candidates, kept beside it in `DisputeCandidates`), and the
/// tally. Snapshotted when it opens, so nothing that changes later (new weights, a pruned
/// round, stake moved) changes the verdict.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Dispute<AccountId, Balance> {
	/// The disputed validator's hotkey.
	pub validator: AccountId,
	/// The round its weights name (the subnet's epoch).
	pub round: u32,
	pub disputer: AccountId,
	/// What the disputer holds until the dispute ends: returned if upheld, to the treasury
	/// otherwise.
	pub bond: Balance,
	/// The block from which the dispute is dismissed unless upheld.
	pub closes_at: u32,
	/// The round's seed block and its hash.
	pub seed_block: u32,
	pub seed_hash: Hash32,
	/// The round's weight limits.
	pub limits: WeightLimits,
	/// The disputed weights as the chain kept them: `(uid, weight)` by UID, no zeros.
	pub weights: BoundedVec<(Uid, u16), frame_support::traits::ConstU32<{ MAX_UIDS as u32 }>>,
	/// The files the validator said it obtained.
	pub fetched: FetchedSet,
	/// UIDs left out of the comparison on both sides: their neuron registered at or after
	/// the weights were fixed (the chain drops weights meant for a predecessor).
	pub excluded: BoundedVec<Uid, frame_support::traits::ConstU32<{ MAX_UIDS as u32 }>>,
	/// The subnet's permit holders when it opened, but the disputed validator, which
	/// never attests.
	pub verifiers: BoundedVec<
		Verifier<AccountId, Balance>,
		frame_support::traits::ConstU32<{ MAX_VALIDATORS as u32 }>,
	>,
	/// The permit stake of the subnet when it opened, the disputed validator's included:
	/// `Mismatch` must reach `kappa` of it.
	pub total: Balance,
	pub kappa: Perbill,
	/// The stake that attested each way so far; the disputed validator's own counts as a
	/// match from the start.
	pub mismatch: Balance,
	pub matched: Balance,
}

/// How a dispute ended.
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
pub enum DisputeEnd {
	/// `kappa` of the verifiers' stake attested a mismatch: the validator's offence is
	/// reported and the disputer's bond returned.
	Upheld,
	/// Enough of the stake attested a match that a mismatch can no longer win.
	Rejected,
	/// The window closed without a verdict (verifiers could not obtain a file, or split):
	/// the bond is returned.
	Expired,
	/// The subnet was dissolved: the bond is returned.
	Dropped,
}
