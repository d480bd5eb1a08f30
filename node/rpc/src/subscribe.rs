//! The subscriptions: both follow finalized blocks through the shared [`EpochFeed`], so a
//! message is never taken back by a reorg, no epoch is skipped when finality jumps several
//! blocks, and a thousand subscriptions cost the node what one does per block.

use crate::{
	block_ref, error, json, page, params, unknown_subnet, AccountId, Balance, Merit,
	MeritRuntimeApis, Reply, Token, UidRange,
};
use futures::{stream, StreamExt};
use jsonrpsee::PendingSubscriptionSink;
use merit_primitives::NetUid;
use pallet_merit_consensus_runtime_api::{ConsensusApi, MetagraphApi, MetagraphField};
use sc_client_api::BlockchainEvents;
use sc_rpc::utils::{spawn_subscription_task, BoundedVecDeque, PendingSubscription};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

/// Messages a slow client may fall behind by before its subscription is dropped.
const BUFFER: usize = 64;

/// Refuses `pending` unless `netuid` is registered at the best block.
fn check_subnet<B, C>(client: &C, netuid: NetUid) -> Result<(), jsonrpsee::types::ErrorObjectOwned>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B>,
	C::Api: MeritRuntimeApis<B>,
{
	let best = client.info().best_hash;
	match client.runtime_api().subnet_epoch(best, netuid) {
		Ok(Some(_)) => Ok(()),
		Ok(None) => Err(unknown_subnet(netuid)),
		Err(e) => Err(error::runtime("ConsensusApi_subnet_epoch", e)),
	}
}

/// `merit_subscribeEpochs`.
pub fn epochs<B, C>(merit: &Merit<C, B>, pending: PendingSubscriptionSink, netuid: NetUid)
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B> + BlockchainEvents<B> + Send + Sync + 'static,
	C::Api: MeritRuntimeApis<B>,
{
	let (client, token, executor) = (merit.client.clone(), merit.token.clone(), &merit.executor);
	if let Err(e) = check_subnet(&*client, netuid) {
		spawn_subscription_task(executor, pending.reject(e));
		return;
	}
	let messages = merit.feed.epochs_of(netuid).filter_map(move |hash| {
		let message = (|| {
			let paid = client.runtime_api().epoch_payouts(hash, netuid).ok().flatten()?;
			let at = block_ref(&*client, hash).ok()?;
			let body = json::EpochPaid::new(&token, &paid);
			Some(Reply { at, token: token.clone(), name: "epoch", body })
		})();
		futures::future::ready(message)
	});
	spawn_subscription_task(
		executor,
		PendingSubscription::from(pending)
			.pipe_from_stream(Box::pin(messages), BoundedVecDeque::new(BUFFER)),
	);
}

/// `netuid`'s metagraph at `hash`, as a message.
fn snapshot<B, C>(
	client: &C,
	token: &Token,
	hash: B::Hash,
	netuid: NetUid,
	fields: &[MetagraphField],
) -> Option<Reply<json::Metagraph>>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B>,
	C::Api: MeritRuntimeApis<B>,
{
	let page: pallet_merit_consensus_runtime_api::MetagraphPage<AccountId, Balance> =
		page(client, hash, netuid, fields, UidRange::default()).ok()?;
	let at = block_ref(client, hash).ok()?;
	let body = json::Metagraph::new(token, fields, &page);
	Some(Reply { at, token: token.clone(), name: "metagraph", body })
}

/// `merit_subscribeMetagraph`.
pub fn metagraph<B, C>(
	merit: &Merit<C, B>,
	pending: PendingSubscriptionSink,
	netuid: NetUid,
	fields: Option<Vec<String>>,
) where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B> + BlockchainEvents<B> + Send + Sync + 'static,
	C::Api: MeritRuntimeApis<B>,
{
	let (client, token, executor) = (merit.client.clone(), merit.token.clone(), &merit.executor);
	let fields =
		match params::fields(fields).and_then(|f| check_subnet(&*client, netuid).map(|()| f)) {
			Ok(fields) => fields,
			Err(e) => {
				spawn_subscription_task(executor, pending.reject(e));
				return;
			},
		};
	let finalized = client.info().finalized_hash;
	let first = snapshot(&*client, &token, finalized, netuid, &fields);
	let later = merit.feed.epochs_of(netuid).filter_map(move |hash| {
		futures::future::ready(snapshot(&*client, &token, hash, netuid, &fields))
	});
	let messages = stream::iter(first).chain(later);
	spawn_subscription_task(
		executor,
		PendingSubscription::from(pending)
			.pipe_from_stream(Box::pin(messages), BoundedVecDeque::new(BUFFER)),
	);
}
