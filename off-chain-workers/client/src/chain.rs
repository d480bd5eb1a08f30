//! Typed reads of Merit's state through its runtime APIs, and the hashes miners and
//! validators commit.

use crate::{AccountId, Balance, Client, Error, Hash};
use merit_primitives::{round::WeightsBasis, NetUid, Uid};
use merit_runtime::Runtime;

/// A subnet as `SubnetsApi` reports it.
pub type Subnet = pallet_merit_subnets::views::SubnetView<AccountId, Balance>;
/// A neuron as `SubnetsApi` reports it.
pub type Neuron = pallet_merit_subnets::views::NeuronView<AccountId, Balance>;
/// A metagraph entry as `ConsensusApi` reports it.
pub type MetagraphNeuron = pallet_merit_consensus_runtime_api::MetagraphNeuron<AccountId, Balance>;
/// A subnet's epoch position as `ConsensusApi` reports it.
pub type SubnetEpoch = pallet_merit_consensus_runtime_api::SubnetEpochView<Balance>;
/// A page of selected metagraph columns as `MetagraphApi` reports it.
pub type MetagraphPage = pallet_merit_consensus_runtime_api::MetagraphPage<AccountId, Balance>;
/// An epoch's payouts as `MetagraphApi` reports it.
pub type EpochPayouts = pallet_merit_consensus_runtime_api::EpochPayouts<AccountId, Balance>;
/// An account's funds, holds split by reason, as `AccountsApi` reports them.
pub type AccountBalances = pallet_merit_staking_runtime_api::AccountBalances<Balance>;
/// A pending weight commit.
pub use pallet_merit_consensus_runtime_api::WeightCommit;
pub use pallet_merit_consensus_runtime_api::{MetagraphError, MetagraphField, MAX_METAGRAPH_PAGE};
/// A scoring round as `RoundsApi` reports it, and what a validator's weights rest on.
pub use pallet_merit_consensus_runtime_api::{RoundView, WeightsSource};
pub use pallet_merit_subnets::{AxonInfo, ModelCommitment};

/// The hash a model file is known by on chain: `blake2_256` of its bytes.
pub fn model_hash(file: &[u8]) -> [u8; 32] {
	sp_io::hashing::blake2_256(file)
}

/// The binding a miner commits before revealing `model_hash`:
/// `blake2_256(SCALE(model_hash, hotkey, netuid))`.
pub fn model_binding(model_hash: &[u8; 32], hotkey: &AccountId, netuid: NetUid) -> [u8; 32] {
	pallet_merit_subnets::Pallet::<Runtime>::model_binding(model_hash, hotkey, netuid)
}

/// The hash a validator commits before revealing weights:
/// `blake2_256(SCALE(hotkey, netuid, uids, weights, basis, salt, version_key))`.
pub fn weights_hash(
	hotkey: &AccountId,
	netuid: NetUid,
	uids: &[Uid],
	weights: &[u16],
	basis: &WeightsBasis,
	salt: &[u8; 32],
	version_key: u64,
) -> [u8; 32] {
	pallet_merit_consensus::Pallet::<Runtime>::weights_hash(
		hotkey,
		netuid,
		uids,
		weights,
		basis,
		salt,
		version_key,
	)
}

impl Client {
	/// Every registered subnet, at block `at` (or the best block).
	pub async fn subnets(&self, at: Option<Hash>) -> Result<Vec<Subnet>, Error> {
		self.runtime_api("SubnetsApi_subnets", (), at).await
	}

	/// Subnet `netuid`, if registered.
	pub async fn subnet(&self, netuid: NetUid, at: Option<Hash>) -> Result<Option<Subnet>, Error> {
		self.runtime_api("SubnetsApi_subnet", netuid, at).await
	}

	/// Every neuron of subnet `netuid`, by UID.
	pub async fn neurons(&self, netuid: NetUid, at: Option<Hash>) -> Result<Vec<Neuron>, Error> {
		self.runtime_api("SubnetsApi_neurons", netuid, at).await
	}

	/// The neuron `hotkey` holds on subnet `netuid`, if any.
	pub async fn neuron_by_hotkey(
		&self,
		netuid: NetUid,
		hotkey: &AccountId,
		at: Option<Hash>,
	) -> Result<Option<Neuron>, Error> {
		self.runtime_api("SubnetsApi_neuron_by_hotkey", (netuid, hotkey), at).await
	}

	/// Subnet `netuid`'s metagraph, if registered.
	pub async fn metagraph(
		&self,
		netuid: NetUid,
		at: Option<Hash>,
	) -> Result<Option<Vec<MetagraphNeuron>>, Error> {
		self.runtime_api("ConsensusApi_metagraph", netuid, at).await
	}

	/// The `fields` (every field if empty) of UIDs `start..start + count` of subnet `netuid`'s
	/// metagraph, or why the runtime refused the range; at most [`MAX_METAGRAPH_PAGE`] UIDs.
	pub async fn metagraph_page(
		&self,
		netuid: NetUid,
		fields: &[MetagraphField],
		start: Uid,
		count: u16,
		at: Option<Hash>,
	) -> Result<Result<MetagraphPage, MetagraphError>, Error> {
		let args = (netuid, fields.to_vec(), start, count);
		self.runtime_api("MetagraphApi_metagraph_page", args, at).await
	}

	/// The epoch of subnet `netuid` that completed in block `at` (or the best block), with
	/// its payouts; `None` if none did.
	pub async fn epoch_payouts(
		&self,
		netuid: NetUid,
		at: Option<Hash>,
	) -> Result<Option<EpochPayouts>, Error> {
		self.runtime_api("MetagraphApi_epoch_payouts", netuid, at).await
	}

	/// `who`'s free, transferable, held (by reason), reserved and frozen funds.
	pub async fn balances(
		&self,
		who: &AccountId,
		at: Option<Hash>,
	) -> Result<AccountBalances, Error> {
		self.runtime_api("AccountsApi_balances", who, at).await
	}

	/// Where subnet `netuid` stands in its epochs, if registered.
	pub async fn subnet_epoch(
		&self,
		netuid: NetUid,
		at: Option<Hash>,
	) -> Result<Option<SubnetEpoch>, Error> {
		self.runtime_api("ConsensusApi_subnet_epoch", netuid, at).await
	}

	/// Round `epoch` of subnet `netuid`: its seed block and fixed candidates, if the chain
	/// (at block `at`) keeps it.
	pub async fn round(
		&self,
		netuid: NetUid,
		epoch: u32,
		at: Option<Hash>,
	) -> Result<Option<RoundView>, Error> {
		self.runtime_api("RoundsApi_round", (netuid, epoch), at).await
	}

	/// What the latest weights of the validator at `uid` on `netuid` rest on.
	pub async fn weights_source(
		&self,
		netuid: NetUid,
		uid: Uid,
		at: Option<Hash>,
	) -> Result<Option<WeightsSource>, Error> {
		self.runtime_api("RoundsApi_weights_source", (netuid, uid), at).await
	}

	/// `hotkey`'s pending weight commits on subnet `netuid`.
	pub async fn weight_commits(
		&self,
		netuid: NetUid,
		hotkey: &AccountId,
		at: Option<Hash>,
	) -> Result<Vec<WeightCommit>, Error> {
		self.runtime_api("ConsensusApi_weight_commits", (netuid, hotkey), at).await
	}

	/// The weights `uid` last set or revealed on subnet `netuid`.
	pub async fn weights(
		&self,
		netuid: NetUid,
		uid: Uid,
		at: Option<Hash>,
	) -> Result<Option<Vec<(Uid, u16)>>, Error> {
		self.runtime_api("ConsensusApi_weights", (netuid, uid), at).await
	}
}

/// The path a miner serves its model file at: `/model/<hex of the model hash>`.
pub fn model_path(model_hash: &[u8; 32]) -> String {
	pallet_merit_subnets::model_path(model_hash)
}

/// Where the miner behind `axon` serves the model with `model_hash`:
/// `http://<ip>:<port>/model/<hex>` (`https` for an HTTPS axon, IPv6 in brackets).
pub fn model_url(axon: &AxonInfo, model_hash: &[u8; 32]) -> String {
	axon.model_url(model_hash)
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_merit_subnets::{AxonProtocol, IpAddress};

	#[test]
	fn model_urls_name_the_axon_and_the_hash() {
		let mut axon = AxonInfo {
			ip: IpAddress::V4([10, 0, 0, 7]),
			port: 8080,
			protocol: AxonProtocol::Http,
			version: 1,
			block: 3,
		};
		let hash = [0xab; 32];
		let hex = "ab".repeat(32);
		assert_eq!(model_url(&axon, &hash), format!("http://10.0.0.7:8080/model/{hex}"));
		axon.ip = IpAddress::V6([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
		axon.protocol = AxonProtocol::Https;
		assert_eq!(model_url(&axon, &hash), format!("https://[::1]:8080/model/{hex}"));
	}
}
