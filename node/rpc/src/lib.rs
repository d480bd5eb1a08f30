//! # Merit's JSON-RPC namespace
//!
//! `merit_*` methods read subnets, metagraphs, neurons, stakes, delegates, registration costs,
//! epoch positions and weights, and answer JSON a person reads (see [`json`]): every answer
//! is `{"at": {"hash", "number"}, "token": {"symbol", "decimals"}, <name>: ...}`, naming the
//! block whose state it read (the best block unless `at` is given). Two subscriptions follow
//! finalized blocks: `merit_subscribeEpochs` (one message per completed epoch of a subnet,
//! with its payouts) and `merit_subscribeMetagraph` (the metagraph now, then after each
//! epoch).
//!
//! Each method is a thin wrapper over the runtime APIs (`SubnetsApi`, `StakingApi`,
//! `AccountsApi`, `ConsensusApi`, `MetagraphApi`), so any node serves the same answers its
//! runtime gives to `state_call`. Bad input gets a JSON-RPC error with a code from [`error`]
//! and a message naming what was wrong; reads are bounded (a metagraph page holds at most
//! [`MAX_METAGRAPH_PAGE`] UIDs). docs/rpc.md has every method with a real request and answer.

pub mod error;
mod feed;
pub mod json;
pub mod params;
mod subscribe;

use error::{error, runtime, UNKNOWN_BLOCK, UNKNOWN_NEURON, UNKNOWN_SUBNET};
use json::{AccountId, Balance, BlockRef, Reply, Token};
use jsonrpsee::{
	core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned, PendingSubscriptionSink,
};
use merit_primitives::{NetUid, Uid};
pub use pallet_merit_consensus_runtime_api::MAX_METAGRAPH_PAGE;
use pallet_merit_consensus_runtime_api::{
	ConsensusApi, MetagraphApi, MetagraphError, MetagraphField, MetagraphPage,
};
use pallet_merit_staking_runtime_api::{AccountsApi, StakingApi};
use pallet_merit_subnets_runtime_api::SubnetsApi;
use params::UidRange;
use sc_client_api::BlockchainEvents;
use sc_rpc::SubscriptionTaskExecutor;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::{Block as BlockT, UniqueSaturatedInto};
use std::{marker::PhantomData, sync::Arc};

/// The `merit_*` methods.
#[rpc(server, namespace = "merit")]
pub trait MeritApi<Hash> {
	/// Every subnet, by netuid.
	#[method(name = "subnets", blocking)]
	fn subnets(&self, at: Option<Hash>) -> RpcResult<Reply<Vec<json::Subnet>>>;

	/// One subnet; an error if `netuid` is not registered.
	#[method(name = "subnet", blocking)]
	fn subnet(&self, netuid: NetUid, at: Option<Hash>) -> RpcResult<Reply<json::Subnet>>;

	/// The `fields` (all if left out) of the UIDs in `range` (all if left out) of a subnet's
	/// metagraph.
	#[method(name = "metagraph", blocking)]
	fn metagraph(
		&self,
		netuid: NetUid,
		fields: Option<Vec<String>>,
		range: Option<UidRange>,
		at: Option<Hash>,
	) -> RpcResult<Reply<json::Metagraph>>;

	/// One neuron with every metagraph field.
	#[method(name = "neuron", blocking)]
	fn neuron(&self, netuid: NetUid, uid: Uid, at: Option<Hash>) -> RpcResult<Reply<json::Neuron>>;

	/// What a coldkey (SS58) has staked, by hotkey, and its funds with holds split by reason.
	#[method(name = "stake", blocking)]
	fn stake(&self, coldkey: String, at: Option<Hash>) -> RpcResult<Reply<json::Stake>>;

	/// Everything backing a hotkey (SS58), and its take if it is a delegate.
	#[method(name = "hotkey", blocking)]
	fn hotkey(&self, hotkey: String, at: Option<Hash>) -> RpcResult<Reply<json::HotkeyStake>>;

	/// Every delegate with its take and stake.
	#[method(name = "delegates", blocking)]
	fn delegates(&self, at: Option<Hash>) -> RpcResult<Reply<Vec<json::Delegate>>>;

	/// What registering costs now: a subnet's lock, and a neuron's burn and bond on every
	/// subnet.
	#[method(name = "costs", blocking)]
	fn costs(&self, at: Option<Hash>) -> RpcResult<Reply<json::Costs>>;

	/// Where a subnet is in its epoch cycle.
	#[method(name = "epoch", blocking)]
	fn epoch(&self, netuid: NetUid, at: Option<Hash>) -> RpcResult<Reply<json::Epoch>>;

	/// The weights the validator at `uid` last set or revealed on a subnet.
	#[method(name = "weights", blocking)]
	fn weights(
		&self,
		netuid: NetUid,
		uid: Uid,
		at: Option<Hash>,
	) -> RpcResult<Reply<json::Weights>>;

	/// One message per completed epoch of `netuid`, from finalized blocks, with its payouts.
	#[subscription(
		name = "subscribeEpochs" => "epochCompleted",
		unsubscribe = "unsubscribeEpochs",
		item = Reply<json::EpochPaid>
	)]
	fn subscribe_epochs(&self, netuid: NetUid);

	/// `netuid`'s metagraph (`fields`, all if left out) at the finalized block, then again
	/// after each of its epochs.
	#[subscription(
		name = "subscribeMetagraph" => "metagraphUpdate",
		unsubscribe = "unsubscribeMetagraph",
		item = Reply<json::Metagraph>
	)]
	fn subscribe_metagraph(&self, netuid: NetUid, fields: Option<Vec<String>>);
}

/// The `merit_*` methods over a client whose runtime has Merit's APIs.
pub struct Merit<C, B: BlockT> {
	client: Arc<C>,
	token: Token,
	executor: SubscriptionTaskExecutor,
	feed: feed::EpochFeed<B::Hash>,
	_block: PhantomData<B>,
}

impl<C, B> Merit<C, B>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B> + BlockchainEvents<B> + Send + Sync + 'static,
	C::Api: MeritRuntimeApis<B>,
{
	/// Serves `client`'s state; `token` from the chain spec's properties. Starts the one task
	/// that follows finality for every subscription, and counts open subscriptions in
	/// `registry`'s `merit_rpc_subscriptions` gauge.
	pub fn new(
		client: Arc<C>,
		token: Token,
		executor: SubscriptionTaskExecutor,
		registry: Option<&substrate_prometheus_endpoint::Registry>,
	) -> Self {
		let feed = feed::EpochFeed::start(client.clone(), &executor, registry);
		Self { client, token, executor, feed, _block: PhantomData }
	}
}

/// The runtime APIs `merit_*` reads through.
pub trait MeritRuntimeApis<B: BlockT>:
	SubnetsApi<B, AccountId, Balance>
	+ StakingApi<B, AccountId, Balance>
	+ AccountsApi<B, AccountId, Balance>
	+ ConsensusApi<B, AccountId, Balance>
	+ MetagraphApi<B, AccountId, Balance>
{
}

impl<B: BlockT, T> MeritRuntimeApis<B> for T where
	T: SubnetsApi<B, AccountId, Balance>
		+ StakingApi<B, AccountId, Balance>
		+ AccountsApi<B, AccountId, Balance>
		+ ConsensusApi<B, AccountId, Balance>
		+ MetagraphApi<B, AccountId, Balance>
{
}

/// The block `hash` as answers name it, or an error if this node does not know it.
fn block_ref<B: BlockT, C: HeaderBackend<B>>(
	client: &C,
	hash: B::Hash,
) -> Result<BlockRef, ErrorObjectOwned> {
	let number = client
		.number(hash)
		.map_err(|e| error(UNKNOWN_BLOCK, format!("block {hash:?}: {e}")))?
		.ok_or_else(|| error(UNKNOWN_BLOCK, format!("block {hash:?} is not known to this node")))?;
	Ok(BlockRef { hash: json::hex(hash.as_ref()), number: number.unique_saturated_into() })
}

/// The error for an unknown netuid.
fn unknown_subnet(netuid: NetUid) -> ErrorObjectOwned {
	error(UNKNOWN_SUBNET, format!("no subnet has netuid {netuid} (merit_subnets lists them)"))
}

/// `netuid`'s metagraph page, or the reason it was refused, as a JSON-RPC error.
fn page<B, C>(
	client: &C,
	hash: B::Hash,
	netuid: NetUid,
	fields: &[MetagraphField],
	range: UidRange,
) -> Result<MetagraphPage<AccountId, Balance>, ErrorObjectOwned>
where
	B: BlockT,
	C: ProvideRuntimeApi<B>,
	C::Api: MeritRuntimeApis<B>,
{
	let answer = client
		.runtime_api()
		.metagraph_page(hash, netuid, fields.to_vec(), range.start, range.count)
		.map_err(|e| runtime("MetagraphApi_metagraph_page", e))?;
	answer.map_err(|e| match e {
		MetagraphError::UnknownSubnet => unknown_subnet(netuid),
		MetagraphError::StartOutOfRange { neurons } => error(
			error::BAD_RANGE,
			format!(
				"the range starts at UID {} but subnet {netuid} has {neurons} neurons (UIDs \
				 0..{neurons})",
				range.start
			),
		),
		MetagraphError::EmptyRange => error(error::BAD_RANGE, "the range is empty"),
		MetagraphError::RangeTooLarge { max } => {
			error(error::BAD_RANGE, format!("a page holds at most {max} UIDs"))
		},
	})
}

impl<C, B> Merit<C, B>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B> + Send + Sync + 'static,
	C::Api: MeritRuntimeApis<B>,
{
	/// The block to read (`at`, or the best block) and how answers name it.
	fn at(&self, at: Option<B::Hash>) -> Result<(B::Hash, BlockRef), ErrorObjectOwned> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		Ok((hash, block_ref(&*self.client, hash)?))
	}

	/// Reads `f(api, hash)` at `at` (or the best block); a runtime failure names `method`.
	fn read<T>(
		&self,
		at: Option<B::Hash>,
		method: &str,
		f: impl FnOnce(&C::Api, B::Hash) -> Result<T, sp_api::ApiError>,
	) -> Result<(T, BlockRef), ErrorObjectOwned> {
		let (hash, at) = self.at(at)?;
		let api = self.client.runtime_api();
		let value = f(&*api, hash).map_err(|e| runtime(method, e))?;
		Ok((value, at))
	}

	fn reply<T>(&self, at: BlockRef, name: &'static str, body: T) -> Reply<T> {
		Reply { at, token: self.token.clone(), name, body }
	}
}

impl<C, B> MeritApiServer<B::Hash> for Merit<C, B>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B> + BlockchainEvents<B> + Send + Sync + 'static,
	C::Api: MeritRuntimeApis<B>,
{
	fn subnets(&self, at: Option<B::Hash>) -> RpcResult<Reply<Vec<json::Subnet>>> {
		let (subnets, at) = self.read(at, "SubnetsApi_subnets", |api, h| api.subnets(h))?;
		let body = subnets.iter().map(|s| json::Subnet::new(&self.token, s)).collect();
		Ok(self.reply(at, "subnets", body))
	}

	fn subnet(&self, netuid: NetUid, at: Option<B::Hash>) -> RpcResult<Reply<json::Subnet>> {
		let (subnet, at) = self.read(at, "SubnetsApi_subnet", |api, h| api.subnet(h, netuid))?;
		let subnet = subnet.ok_or_else(|| unknown_subnet(netuid))?;
		Ok(self.reply(at, "subnet", json::Subnet::new(&self.token, &subnet)))
	}

	fn metagraph(
		&self,
		netuid: NetUid,
		fields: Option<Vec<String>>,
		range: Option<UidRange>,
		at: Option<B::Hash>,
	) -> RpcResult<Reply<json::Metagraph>> {
		let fields = params::fields(fields)?;
		let range = UidRange::check(range)?;
		let (hash, at) = self.at(at)?;
		let page = page(&*self.client, hash, netuid, &fields, range)?;
		Ok(self.reply(at, "metagraph", json::Metagraph::new(&self.token, &fields, &page)))
	}

	fn neuron(
		&self,
		netuid: NetUid,
		uid: Uid,
		at: Option<B::Hash>,
	) -> RpcResult<Reply<json::Neuron>> {
		let (hash, at) = self.at(at)?;
		let api = self.client.runtime_api();
		let neuron = api.neuron(hash, netuid, uid).map_err(|e| runtime("SubnetsApi_neuron", e))?;
		let Some(neuron) = neuron else {
			let subnet = api.subnet(hash, netuid).map_err(|e| runtime("SubnetsApi_subnet", e))?;
			let Some(subnet) = subnet else { return Err(unknown_subnet(netuid)) };
			return Err(error(
				UNKNOWN_NEURON,
				format!(
					"subnet {netuid} has no UID {uid}: it has {} neurons (UIDs 0..{})",
					subnet.neurons, subnet.neurons
				),
			));
		};
		let range = UidRange { start: uid, count: 1 };
		let page = page(&*self.client, hash, netuid, &MetagraphField::ALL, range)?;
		let mut rows = json::Metagraph::new(&self.token, &MetagraphField::ALL, &page).rows;
		let row = rows.pop().ok_or_else(|| error(UNKNOWN_NEURON, format!("no UID {uid}")))?;
		Ok(self.reply(at, "neuron", json::neuron(row, &neuron)))
	}

	fn stake(&self, coldkey: String, at: Option<B::Hash>) -> RpcResult<Reply<json::Stake>> {
		let coldkey = params::address(&coldkey, self.token.ss58_prefix)?;
		let ((stake, balances), at) =
			self.read(at, "StakingApi_coldkey_stake, AccountsApi_balances", |api, h| {
				Ok((api.coldkey_stake(h, coldkey.clone())?, api.balances(h, coldkey)?))
			})?;
		Ok(self.reply(at, "stake", json::Stake::new(&self.token, &stake, &balances)))
	}

	fn hotkey(&self, hotkey: String, at: Option<B::Hash>) -> RpcResult<Reply<json::HotkeyStake>> {
		let hotkey = params::address(&hotkey, self.token.ss58_prefix)?;
		let (view, at) =
			self.read(at, "StakingApi_hotkey_stake", |api, h| api.hotkey_stake(h, hotkey))?;
		Ok(self.reply(at, "hotkey", json::HotkeyStake::new(&self.token, &view)))
	}

	fn delegates(&self, at: Option<B::Hash>) -> RpcResult<Reply<Vec<json::Delegate>>> {
		let (delegates, at) = self.read(at, "StakingApi_delegates", |api, h| api.delegates(h))?;
		let body = delegates.iter().map(|d| json::Delegate::new(&self.token, d)).collect();
		Ok(self.reply(at, "delegates", body))
	}

	fn costs(&self, at: Option<B::Hash>) -> RpcResult<Reply<json::Costs>> {
		let ((subnets, lock), at) =
			self.read(at, "SubnetsApi_subnets, SubnetsApi_subnet_lock_cost", |api, h| {
				Ok((api.subnets(h)?, api.subnet_lock_cost(h)?))
			})?;
		let costs = pallet_merit_subnets::views::RegistrationCosts {
			subnet_lock: lock,
			subnets: subnets
				.iter()
				.map(|s| pallet_merit_subnets::views::SubnetCost {
					netuid: s.netuid,
					burn: s.burn,
					bond: s.hyperparams.miner_bond,
					registration_allowed: s.hyperparams.registration_allowed,
					neurons: s.neurons,
					max_uids: s.hyperparams.max_uids,
				})
				.collect(),
		};
		Ok(self.reply(at, "costs", (&costs).into()))
	}

	fn epoch(&self, netuid: NetUid, at: Option<B::Hash>) -> RpcResult<Reply<json::Epoch>> {
		let (epoch, at) =
			self.read(at, "ConsensusApi_subnet_epoch", |api, h| api.subnet_epoch(h, netuid))?;
		let epoch = epoch.ok_or_else(|| unknown_subnet(netuid))?;
		let body = json::Epoch::new(&epoch, at.number);
		Ok(self.reply(at, "epoch", body))
	}

	fn weights(
		&self,
		netuid: NetUid,
		uid: Uid,
		at: Option<B::Hash>,
	) -> RpcResult<Reply<json::Weights>> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let neuron = self.neuron(netuid, uid, Some(hash))?;
		let row = self
			.client
			.runtime_api()
			.weights(hash, netuid, uid)
			.map_err(|e| runtime("ConsensusApi_weights", e))?
			.unwrap_or_default();
		let hotkey = neuron.body.row.hotkey.clone().unwrap_or_default();
		Ok(self.reply(neuron.at, "weights", json::Weights::new(netuid, uid, hotkey, &row)))
	}

	fn subscribe_epochs(&self, pending: PendingSubscriptionSink, netuid: NetUid) {
		subscribe::epochs(self, pending, netuid)
	}

	fn subscribe_metagraph(
		&self,
		pending: PendingSubscriptionSink,
		netuid: NetUid,
		fields: Option<Vec<String>>,
	) {
		subscribe::metagraph(self, pending, netuid, fields)
	}
}
