//! A soak of the subscriptions: 200 WebSocket clients at once, each connecting, subscribing to
//! a subnet's epochs and metagraph, reading the first snapshot, unsubscribing and hanging up,
//! again and again for a bounded time, against one node sealing a block every 300 ms (a
//! 10-block epoch every 3 s) and taking up to 1,000 connections (a connection being closed
//! still counts for a moment, and the clients reconnect at once). Afterwards no subscription and no session is left open (the
//! node's `merit_rpc_subscriptions` gauge and its RPC session counters), and the node's memory
//! is back near where it was before. Loopback only; the node is this test's own.

use jsonrpsee::{
	core::client::{Subscription, SubscriptionClientT},
	rpc_params,
	ws_client::WsClientBuilder,
};
use merit_e2e::{
	http::metric,
	node::{MeritNode, STARTUP},
	rpc::Rpc,
	scenario::{self, NETUID},
};
use serde_json::Value;
use std::time::{Duration, Instant};

const CLIENTS: usize = 200;
/// Each of the two soaks.
const SOAK: Duration = Duration::from_secs(15);

/// One client's round: connect, subscribe twice, read the metagraph snapshot, unsubscribe.
async fn round(url: &str) -> Result<(), String> {
	let ws = WsClientBuilder::default()
		.connection_timeout(Duration::from_secs(10))
		.build(url)
		.await
		.map_err(|e| format!("connect: {e}"))?;
	let epochs: Subscription<Value> = ws
		.subscribe("merit_subscribeEpochs", rpc_params![NETUID], "merit_unsubscribeEpochs")
		.await
		.map_err(|e| format!("subscribe epochs: {e}"))?;
	let mut graph: Subscription<Value> = ws
		.subscribe(
			"merit_subscribeMetagraph",
			rpc_params![NETUID, ["stake"]],
			"merit_unsubscribeMetagraph",
		)
		.await
		.map_err(|e| format!("subscribe metagraph: {e}"))?;
	let first = tokio::time::timeout(Duration::from_secs(15), graph.next())
		.await
		.map_err(|_| "no snapshot within 15 s".to_string())?;
	match first {
		Some(Ok(snapshot)) if snapshot["metagraph"]["rows"].is_array() => {},
		other => return Err(format!("snapshot: {other:?}")),
	}
	epochs.unsubscribe().await.map_err(|e| format!("unsubscribe epochs: {e}"))?;
	graph.unsubscribe().await.map_err(|e| format!("unsubscribe metagraph: {e}"))?;
	Ok(())
}

/// Runs `CLIENTS` clients doing rounds until `until`; returns (rounds done, errors).
async fn clients(url: String, until: Instant) -> (usize, Vec<String>) {
	let tasks: Vec<_> = (0..CLIENTS)
		.map(|_| {
			let url = url.clone();
			tokio::spawn(async move {
				let (mut done, mut errors) = (0, Vec::new());
				loop {
					match round(&url).await {
						Ok(()) => done += 1,
						Err(e) => errors.push(e),
					}
					if Instant::now() >= until {
						return (done, errors);
					}
				}
			})
		})
		.collect();
	let mut total = (0, Vec::new());
	for task in tasks {
		let (done, errors) = task.await.expect("a client task");
		total.0 += done;
		total.1.extend(errors);
	}
	total
}

/// Merit subscriptions the node has open now.
async fn live_subscriptions(node: &MeritNode) -> f64 {
	metric(node.prometheus_port, "merit_rpc_subscriptions", "").await
}

/// RPC sessions the node has open now.
async fn live_sessions(node: &MeritNode) -> f64 {
	let port = node.prometheus_port;
	metric(port, "substrate_rpc_sessions_opened", "").await
		- metric(port, "substrate_rpc_sessions_closed", "").await
}

/// Waits (at most 10 s: the close handshakes take a moment) until no Merit subscription and no
/// RPC session is open, or fails naming what is left.
async fn wait_until_closed(node: &MeritNode) {
	for _ in 0..20 {
		if live_subscriptions(node).await == 0.0 && live_sessions(node).await == 0.0 {
			return;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	panic!(
		"left open: {} subscriptions, {} sessions",
		live_subscriptions(node).await,
		live_sessions(node).await
	);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_clients_subscribe_and_leave_nothing_behind() {
	let mut node =
		MeritNode::start("soak", &["--dev", "--sealing", "300", "--rpc-max-connections", "1000"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	scenario::register_subnet(&rpc).await;
	scenario::register_neurons(&rpc).await;
	drop(rpc);
	let url = node.ws_url();

	// The gauge counts: one client's two subscriptions, then none once it unsubscribes.
	let ws = WsClientBuilder::default().build(&url).await.expect("connect");
	let epochs: Subscription<Value> = ws
		.subscribe("merit_subscribeEpochs", rpc_params![NETUID], "merit_unsubscribeEpochs")
		.await
		.expect("subscribe");
	let graph: Subscription<Value> = ws
		.subscribe("merit_subscribeMetagraph", rpc_params![NETUID], "merit_unsubscribeMetagraph")
		.await
		.expect("subscribe");
	assert_eq!(live_subscriptions(&node).await, 2.0);
	epochs.unsubscribe().await.expect("unsubscribe");
	drop(graph); // dropped unread: the client unsubscribes
	drop(ws);
	wait_until_closed(&node).await;

	// Warm up (allocator pools, runtime instances), then take the baseline.
	let (warm, errors) = clients(url.clone(), Instant::now()).await;
	assert!(errors.is_empty(), "warm-up: {errors:?}");
	assert_eq!(warm, CLIENTS);
	tokio::time::sleep(Duration::from_secs(3)).await;
	let baseline = node.rss_kib();

	// Two soaks in a row: memory an allocator keeps after the first is reused by the second,
	// while a leak grows with every round.
	let mut rss = vec![baseline];
	let mut total = 0;
	for soak in 1..=2 {
		let started = Instant::now();
		let (rounds, errors) = clients(url.clone(), started + SOAK).await;
		let took = started.elapsed();
		assert!(errors.is_empty(), "{} failed rounds, e.g. {:?}", errors.len(), errors.first());
		assert!(rounds >= CLIENTS, "{rounds} rounds");
		total += rounds;
		// Every subscription and every session closed.
		wait_until_closed(&node).await;
		tokio::time::sleep(Duration::from_secs(3)).await;
		rss.push(node.rss_kib());
		println!(
			"soak {soak}: {CLIENTS} clients, {rounds} rounds ({} subscriptions) in {:.1} s; RSS \
			 {} MiB",
			2 * rounds,
			took.as_secs_f64(),
			rss[soak] / 1024
		);
	}
	println!("soak: RSS {} MiB before, after each soak {:?} KiB", baseline / 1024, &rss[1..]);
	assert!(rss[2] <= rss[1] + 8 * 1024, "RSS kept growing: {rss:?} KiB over {total} rounds");
	assert!(
		rss[2] <= baseline + baseline / 10 + 16 * 1024,
		"RSS did not come back near the baseline: {rss:?} KiB"
	);
}
