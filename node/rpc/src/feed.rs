//! One follower of finality for every subscription: for each newly finalized block (every block
//! a finality notification covers, in order) it asks the runtime, once per watched subnet,
//! whether that subnet's epoch ran in it, and tells the subscriptions of that subnet. The cost
//! per block is one runtime call per subnet someone watches, however many subscriptions there
//! are (a connection may hold a thousand).

use crate::{json::AccountId, json::Balance, MeritRuntimeApis};
use futures::{FutureExt, StreamExt};
use merit_primitives::NetUid;
use pallet_merit_consensus_runtime_api::ConsensusApi;
use sc_client_api::BlockchainEvents;
use sc_rpc::SubscriptionTaskExecutor;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::{Block as BlockT, UniqueSaturatedInto};
use std::{
	collections::BTreeMap,
	sync::{Arc, Mutex},
};
use substrate_prometheus_endpoint::{register, Gauge, Registry, U64};
use tokio::sync::broadcast;

/// Completed epochs a slow subscription may fall behind by before it skips some.
const BACKLOG: usize = 256;

/// An epoch of `netuid` ran in finalized block `hash`.
#[derive(Clone, Copy, Debug)]
pub struct EpochRan<H> {
	pub hash: H,
	pub netuid: NetUid,
}

/// How many subscriptions watch each subnet.
type Watched = Arc<Mutex<BTreeMap<NetUid, usize>>>;

/// The shared follower; cheap to clone.
pub struct EpochFeed<H> {
	sender: broadcast::Sender<EpochRan<H>>,
	watched: Watched,
	/// `merit_rpc_subscriptions`: Merit subscriptions open now.
	open: Option<Gauge<U64>>,
}

impl<H> Clone for EpochFeed<H> {
	fn clone(&self) -> Self {
		Self { sender: self.sender.clone(), watched: self.watched.clone(), open: self.open.clone() }
	}
}

/// A subscription's interest in a subnet: the feed checks the subnet while one is alive.
pub struct Watch {
	netuid: NetUid,
	watched: Watched,
	open: Option<Gauge<U64>>,
}

impl Drop for Watch {
	fn drop(&mut self) {
		if let Some(open) = &self.open {
			open.dec();
		}
		let mut watched = self.watched.lock().unwrap_or_else(|e| e.into_inner());
		if let Some(count) = watched.get_mut(&self.netuid) {
			*count = count.saturating_sub(1);
			if *count == 0 {
				watched.remove(&self.netuid);
			}
		}
	}
}

impl<H: Copy + Send + Sync + 'static> EpochFeed<H> {
	/// Starts following `client`'s finalized blocks on `executor`; reports the subscriptions
	/// open to `registry` (as `merit_rpc_subscriptions`), if there is one.
	pub fn start<B, C>(
		client: Arc<C>,
		executor: &SubscriptionTaskExecutor,
		registry: Option<&Registry>,
	) -> Self
	where
		B: BlockT<Hash = H>,
		C: ProvideRuntimeApi<B> + HeaderBackend<B> + BlockchainEvents<B> + Send + Sync + 'static,
		C::Api: MeritRuntimeApis<B>,
	{
		let (sender, _) = broadcast::channel(BACKLOG);
		let watched: Watched = Default::default();
		let open = registry.and_then(|registry| {
			let gauge = Gauge::new(
				"merit_rpc_subscriptions",
				"Merit subscriptions open now (merit_subscribeEpochs, merit_subscribeMetagraph)",
			)
			.ok()?;
			register(gauge, registry).ok()
		});
		let feed = Self { sender: sender.clone(), watched: watched.clone(), open };
		let mut finality = client.finality_notification_stream();
		let follow = async move {
			while let Some(notification) = finality.next().await {
				// Keep the hashes only: holding the notification keeps its blocks pinned.
				let blocks: Vec<H> =
					notification.tree_route.iter().copied().chain([notification.hash]).collect();
				drop(notification);
				for hash in blocks {
					let netuids: Vec<NetUid> = {
						let watched = watched.lock().unwrap_or_else(|e| e.into_inner());
						watched.keys().copied().collect()
					};
					for netuid in netuids {
						if epoch_ran_in(&*client, hash, netuid) {
							// No receiver is fine: everyone unsubscribed meanwhile.
							let _ = sender.send(EpochRan { hash, netuid });
						}
					}
				}
			}
		};
		executor.spawn("merit-epoch-feed", Some("rpc"), follow.boxed());
		feed
	}

	/// The epochs of `netuid` from now on, as a stream that keeps the subnet watched.
	pub fn epochs_of(&self, netuid: NetUid) -> impl futures::Stream<Item = H> + Send + Unpin {
		{
			let mut watched = self.watched.lock().unwrap_or_else(|e| e.into_inner());
			*watched.entry(netuid).or_default() += 1;
		}
		if let Some(open) = &self.open {
			open.inc();
		}
		let watch = Watch { netuid, watched: self.watched.clone(), open: self.open.clone() };
		let receiver = self.sender.subscribe();
		futures::stream::unfold((receiver, watch), move |(mut receiver, watch)| async move {
			loop {
				match receiver.recv().await {
					Ok(ran) if ran.netuid == netuid => return Some((ran.hash, (receiver, watch))),
					Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => continue,
					Err(broadcast::error::RecvError::Closed) => return None,
				}
			}
		})
		.boxed()
	}

	/// Subnets watched now, with how many subscriptions watch each.
	#[cfg(test)]
	fn watched(&self) -> BTreeMap<NetUid, usize> {
		self.watched.lock().unwrap_or_else(|e| e.into_inner()).clone()
	}

	/// A feed no task follows: tests send its epochs.
	#[cfg(test)]
	fn detached() -> Self {
		Self { sender: broadcast::channel(BACKLOG).0, watched: Default::default(), open: None }
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_subnet_is_watched_exactly_while_a_stream_of_it_lives() {
		let feed = EpochFeed::<u64>::detached();
		let a = feed.epochs_of(1);
		let b = feed.epochs_of(1);
		let c = feed.epochs_of(2);
		assert_eq!(feed.watched(), BTreeMap::from([(1, 2), (2, 1)]));
		drop(a);
		drop(c);
		assert_eq!(feed.watched(), BTreeMap::from([(1, 1)]));
		drop(b);
		assert!(feed.watched().is_empty(), "no subnet is checked for nobody");
	}

	#[test]
	fn each_stream_gets_its_own_subnets_epochs_in_order() {
		let feed = EpochFeed::<u64>::detached();
		let mut one = feed.epochs_of(1);
		let mut two = feed.epochs_of(2);
		for (hash, netuid) in [(10, 1), (11, 2), (12, 1)] {
			feed.sender.send(EpochRan { hash, netuid }).unwrap();
		}
		drop(feed.sender.clone());
		let next = |s: &mut (dyn futures::Stream<Item = u64> + Unpin)| {
			futures::executor::block_on(s.next())
		};
		assert_eq!((next(&mut one), next(&mut one)), (Some(10), Some(12)));
		assert_eq!(next(&mut two), Some(11));
	}
}

/// Whether an epoch of `netuid` ran in block `hash`.
fn epoch_ran_in<B, C>(client: &C, hash: B::Hash, netuid: NetUid) -> bool
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B>,
	C::Api: MeritRuntimeApis<B>,
{
	let Ok(Some(number)) = client.number(hash) else { return false };
	let number: u64 = number.unique_saturated_into();
	let epoch =
		ConsensusApi::<B, AccountId, Balance>::subnet_epoch(&*client.runtime_api(), hash, netuid);
	matches!(epoch, Ok(Some(e)) if e.last_run > 0 && u64::from(e.last_run) == number)
}
