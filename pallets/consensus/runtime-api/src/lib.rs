//! Runtime API for reading Merit's metagraphs, epochs, weights and emission.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod metagraph;

use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use merit_primitives::{NetUid, Uid};
pub use metagraph::{
	EpochPayouts, MetagraphError, MetagraphField, MetagraphPage, UidPayout, MAX_METAGRAPH_PAGE,
};
pub use pallet_merit_consensus::{
	views::{EmissionView, RoundView, SubnetEpochView},
	WeightCommit, WeightsSource,
};
use pallet_merit_subnets::{AxonInfo, ModelCommitment};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// One neuron of a subnet's metagraph: who it is, what backs it, what the last epoch made of
/// it, and where it serves what.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct MetagraphNeuron<AccountId, Balance> {
	pub uid: Uid,
	pub hotkey: AccountId,
	pub coldkey: AccountId,
	/// Stake backing the hotkey now.
	pub stake: Balance,
	/// Whether it set weights within the activity cutoff (as of the last epoch).
	pub active: bool,
	/// Whether it holds a validator permit this epoch.
	pub validator_permit: bool,
	pub consensus: Perbill,
	pub incentive: Perbill,
	pub dividends: Perbill,
	pub validator_trust: Perbill,
	/// What it earned in the last epoch.
	pub emission: Balance,
	/// Block of its last weights, if any.
	pub last_update: Option<u32>,
	/// Block it registered at.
	pub registered_at: u32,
	pub axon: Option<AxonInfo>,
	/// Its model commitment; `model.revealed` is the model hash once revealed.
	pub model: Option<ModelCommitment<AccountId>>,
}

sp_api::decl_runtime_apis! {
	/// Metagraphs, epoch positions, weights, commits and emission.
	pub trait ConsensusApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// Every neuron of `netuid` by UID; `None` for an unknown subnet.
		fn metagraph(netuid: NetUid) -> Option<Vec<MetagraphNeuron<AccountId, Balance>>>;
		/// Where `netuid` is in its epoch cycle; `None` for an unknown subnet.
		fn subnet_epoch(netuid: NetUid) -> Option<SubnetEpochView<Balance>>;
		/// The weights the validator at `uid` last set on `netuid`.
		fn weights(netuid: NetUid, uid: Uid) -> Option<Vec<(Uid, u16)>>;
		/// `hotkey`'s unrevealed weight commits on `netuid`.
		fn weight_commits(netuid: NetUid, hotkey: AccountId) -> Vec<WeightCommit>;
		/// The emission parameters, this block's emission and the token books.
		fn emission() -> EmissionView<Balance>;
	}

	/// Scoring rounds and what validators' weights rest on: what a validator scores, and
	/// what a verifier re-runs.
	pub trait RoundsApi {
		/// Round `epoch` of `netuid` (its seed block and fixed candidates); `None` if the
		/// chain does not keep it (older than `ROUND_HISTORY` epochs, or not opened).
		fn round(netuid: NetUid, epoch: u32) -> Option<RoundView>;
		/// What the latest weights of the validator at `uid` on `netuid` rest on: the round
		/// and the files it obtained, and the block they were fixed in.
		fn weights_source(netuid: NetUid, uid: Uid) -> Option<WeightsSource>;
	}

	/// Selective, paginated metagraph reads and an epoch's payouts.
	pub trait MetagraphApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// The `fields` (every field if empty) of UIDs `start..start + count` of `netuid`'s
		/// metagraph, cut at its last UID; `count` is at most [`MAX_METAGRAPH_PAGE`].
		fn metagraph_page(
			netuid: NetUid,
			fields: Vec<MetagraphField>,
			start: Uid,
			count: u16,
		) -> Result<MetagraphPage<AccountId, Balance>, MetagraphError>;
		/// The epoch of `netuid` that completed in the block read, with its payouts; `None`
		/// if none did.
		fn epoch_payouts(netuid: NetUid) -> Option<EpochPayouts<AccountId, Balance>>;
	}
}
