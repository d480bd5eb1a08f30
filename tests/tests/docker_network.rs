//! docker/compose.yaml as operators run it, and the faults a network must survive. One compose
//! network of the test's own, built from the release binaries (scripts/docker.sh), serves
//! every check in turn: four authorities, an RPC node, a scoring validator's node, the demo
//! and three miners. The test addresses only its own containers (over their Docker network)
//! and the RPC port it publishes on loopback; the network and its volumes are removed at the
//! end, whatever happens.
//!
//! 1. The network comes up: blocks are finalized, seen through the published RPC port.
//! 2. Dave's node is killed (SIGKILL): the other three keep finalizing. Restarted, it catches
//!    up and authors again.
//! 3. Charlie is cut off the network for [`PARTITION`]: the other three finalize. Healed, it
//!    takes the finalized chain (its own blocks of the partition are dropped).
//! 4. The demo works: the validator's node scores the miners, and the good miner earns more
//!    than the weak one, the corrupt one nothing.
//! 5. The validator's node is killed between its weights commit and their reveal: restarted,
//!    it still reveals them (its off-chain database kept the pending reveal).
//! 6. Every node restarts, one at a time (the authorities while the demo's subnet starts, so
//!    the two overlap), then all at once: the chain resumes from disk, no finalized block
//!    lost, and finality goes on.
//! 7. No two nodes ever finalized different blocks at the same height.

use codec::Decode;
use merit_client::chain::{MetagraphField, MAX_METAGRAPH_PAGE};
use merit_e2e::{
	compose::{Compose, CONTAINER_START},
	rpc::{from_hex, Rpc},
};
use merit_runtime::{AccountId, Hash};
use sp_keyring::Sr25519Keyring::*;
use std::time::{Duration, Instant};

/// How long Charlie stays cut off: ten 6-second slots, two or three of them its own (Aura
/// takes the four authorities in turn), so it authors blocks of its own that the healed
/// network drops, and the other three finalize past the cut.
const PARTITION: Duration = Duration::from_secs(60);
/// Finality's pace with three or four authorities on 6-second slots, with room.
const FINALITY: Duration = Duration::from_secs(120);
const NODES: [&str; 6] = ["alice", "bob", "charlie", "dave", "rpc", "validator"];
const AUTHORITIES: [&str; 4] = ["alice", "bob", "charlie", "dave"];

async fn node(net: &Compose, service: &str) -> Rpc {
	let connected = Rpc::try_connect_url(&net.ws_url(service), CONTAINER_START).await;
	connected.unwrap_or_else(|e| panic!("{e}\n{}", net.diagnose(service)))
}

/// The RPC node through the port it publishes on the host's loopback, as a dApp sees it.
/// Docker picks the port again at each start of the container.
async fn published(net: &Compose) -> Rpc {
	let url = format!("ws://127.0.0.1:{}", net.rpc_port());
	let connected = Rpc::try_connect_url(&url, CONTAINER_START).await;
	connected.unwrap_or_else(|e| panic!("{e}\n{}", net.diagnose("rpc")))
}

/// Restarts each service in turn; each comes back and reaches the finalized block another
/// node had when it came back, before the next one goes down.
async fn restart_one_at_a_time(net: &Compose, services: &[&str]) {
	for service in services {
		net.compose(&["restart", "--timeout", "10", service]);
		let other = node(net, if *service == "alice" { "bob" } else { "alice" }).await;
		let (_, finalized) = other.finalized().await;
		node(net, service).await.wait_for_finalized(finalized, FINALITY).await;
	}
}

/// Waits until `rpc`'s finalized block passes `past`; returns the new height.
async fn finalizes_past(net: &Compose, rpc: &Rpc, past: u32, timeout: Duration) -> u32 {
	let deadline = Instant::now() + timeout;
	loop {
		let (_, finalized) = rpc.finalized().await;
		if finalized > past {
			return finalized;
		}
		assert!(
			Instant::now() < deadline,
			"finality stuck at {finalized}:\n{}",
			net.logs("alice", 30)
		);
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

/// The Aura author index (slot modulo the four authorities) of block `number`.
async fn author(rpc: &Rpc, number: u32) -> u64 {
	let hash = rpc.block_hash(number).await.expect("the block exists");
	let header = rpc.ok("chain_getHeader", jsonrpsee::rpc_params![hash]).await;
	let logs = header["digest"]["logs"].as_array().expect("digest logs").clone();
	for log in logs {
		let bytes = from_hex(log.as_str().expect("hex"));
		let item = sp_runtime::generic::DigestItem::decode(&mut &bytes[..]).expect("a digest item");
		if let Some((engine, data)) = item.as_pre_runtime() {
			if engine == *b"aura" {
				return u64::decode(&mut &data[..]).expect("a slot") % 4;
			}
		}
	}
	panic!("block {number} has no Aura slot");
}

/// Every node's finalized chain agrees with Alice's at heights 1..=`up_to` (every tenth and
/// the last).
async fn finalized_chains_agree(net: &Compose, up_to: u32) {
	let alice = node(net, "alice").await;
	for service in NODES {
		let other = node(net, service).await;
		let (_, finalized) = other.finalized().await;
		let top = finalized.min(up_to);
		for height in (1..=top).filter(|h| h % 10 == 0 || *h == top) {
			let ours: Option<Hash> = alice.block_hash(height).await;
			assert_eq!(other.block_hash(height).await, ours, "{service} at {height}");
		}
	}
}

/// The metagraph's incentive of each miner hotkey of the demo (good, weak, corrupt).
async fn incentives(rpc: &Rpc) -> Option<[u32; 3]> {
	let fields = [MetagraphField::Hotkey, MetagraphField::Incentive];
	let page =
		rpc.client.metagraph_page(0, &fields, 0, MAX_METAGRAPH_PAGE, None).await.ok()?.ok()?;
	let (hotkeys, incentive) = (page.hotkey?, page.incentive?);
	let of =
		|who: AccountId| hotkeys.iter().position(|h| *h == who).map(|i| incentive[i].deconstruct());
	Some([
		of(DaveStash.to_account_id())?,
		of(EveStash.to_account_id())?,
		of(FerdieStash.to_account_id())?,
	])
}

/// Ignored by a plain `cargo test`: it installs and starts Docker. scripts/test.sh runs it
/// (`--ignored`) beside the other tests.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Docker: scripts/test.sh runs it"]
async fn the_compose_network_runs_the_demo_and_survives_faults() {
	let started = Instant::now();
	let net = Compose::up("merit-docker");
	let phase =
		|what: &str| eprintln!("docker_network: {:>4} s {what}", started.elapsed().as_secs());
	phase("the image built and the network started");

	// 1. Up, through the published port as a dApp would see it.
	let rpc = published(&net).await;
	let first = finalizes_past(&net, &rpc, 1, Duration::from_secs(180)).await;
	phase("finalizing");

	// 2. Dave dies at once; three of four keep finalizing.
	net.kill("dave", "KILL");
	let (_, before) = rpc.finalized().await;
	finalizes_past(&net, &rpc, before + 2, FINALITY).await;
	net.compose(&["start", "dave"]);
	let dave = node(&net, "dave").await;
	let restarted_at = rpc.best_number().await;
	let (_, target) = rpc.finalized().await;
	dave.wait_for_finalized(target, FINALITY).await;
	let mut authored = false;
	let deadline = Instant::now() + FINALITY;
	let mut next = restarted_at + 1;
	while !authored && Instant::now() < deadline {
		while next <= rpc.best_number().await && !authored {
			authored = author(&rpc, next).await == 3;
			next += 1;
		}
		tokio::time::sleep(Duration::from_secs(2)).await;
	}
	assert!(authored, "Dave authored nothing after its restart:\n{}", net.logs("dave", 30));
	phase("dave killed, restarted, caught up and authoring");

	// 3. Charlie cut off; the other three finalize; healed, Charlie takes their chain.
	net.connected("charlie", false);
	let (_, at_cut) = rpc.finalized().await;
	tokio::time::sleep(PARTITION).await;
	let during = finalizes_past(&net, &rpc, at_cut + 5, FINALITY).await;
	net.connected("charlie", true);
	let charlie = node(&net, "charlie").await;
	charlie.wait_for_finalized(during, FINALITY).await;
	assert_eq!(charlie.block_hash(during).await, rpc.block_hash(during).await);
	phase(&format!("charlie partitioned {} s, then rejoined", PARTITION.as_secs()));

	// 6a. The authorities restart one at a time while the demo's subnet gets going (its
	// referendum and first epochs take a few minutes of 6-second blocks): three of four keep
	// authoring, so the demo only loses a slot or two.
	restart_one_at_a_time(&net, &AUTHORITIES).await;
	phase("authorities restarted one at a time");

	// 4. The demo: the validator's node scores, the good miner earns more than the weak one.
	let deadline = Instant::now() + Duration::from_secs(600);
	loop {
		match incentives(&rpc).await {
			Some([good, weak, corrupt]) if good > weak && good > 500_000_000 => {
				assert_eq!(corrupt, 0, "the corrupt miner earns nothing");
				break;
			},
			other => assert!(
				Instant::now() < deadline,
				"no scores yet ({other:?}):\n{}\n{}",
				net.logs("demo", 20),
				net.logs("validator", 40)
			),
		}
		tokio::time::sleep(Duration::from_secs(3)).await;
	}
	phase("the demo's miners scored");

	// 5. The validator's node dies between commit and reveal, and still reveals. The kill
	// comes before the commit's reveal epoch, when the worker has not sent the reveal; a kill
	// that came too late anyway (the reveal already in a block) proves nothing, and the next
	// commit is tried.
	let validator = BobStash.to_account_id();
	let uid =
		rpc.client.neuron_by_hotkey(0, &validator, None).await.ok().flatten().expect("Bob's").uid;
	let source_at = |at: Option<Hash>| {
		let client = &rpc.client;
		async move { client.weights_source(0, uid, at).await.expect("weights source") }
	};
	let mut exercised = false;
	for _ in 0..3 {
		let deadline = Instant::now() + Duration::from_secs(240);
		let commit = loop {
			let commits = rpc.client.weight_commits(0, &validator, None).await.expect("commits");
			let epoch = rpc.client.subnet_epoch(0, None).await.ok().flatten().map(|e| e.epoch);
			let newest = commits.into_iter().max_by_key(|c| c.block);
			if let Some(commit) = newest.filter(|c| epoch.is_some_and(|e| e < c.reveal_epoch)) {
				break commit;
			}
			assert!(Instant::now() < deadline, "no commit:\n{}", net.logs("validator", 40));
			tokio::time::sleep(Duration::from_millis(500)).await;
		};
		net.kill("validator", "KILL");
		net.compose(&["start", "validator"]);
		let restarted = rpc.block_hash(rpc.best_number().await).await;
		let before_restart = source_at(restarted).await;
		let deadline = Instant::now() + Duration::from_secs(300);
		while source_at(None).await.is_none_or(|s| s.as_of != commit.block) {
			assert!(
				Instant::now() < deadline,
				"the commit of block {} was never revealed:\n{}",
				commit.block,
				net.logs("validator", 60)
			);
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
		if before_restart.is_none_or(|s| s.as_of != commit.block) {
			exercised = true;
			break;
		}
	}
	assert!(exercised, "every kill came after the reveal was sent");
	phase("validator killed after its commit; revealed after restart");

	// 6. Restarts: the RPC and validator nodes one at a time (the authorities restarted while
	// the demo ran), then every node at once.
	restart_one_at_a_time(&net, &["rpc", "validator"]).await;
	phase("rpc and validator restarted");
	let rpc = published(&net).await;
	let (kept_hash, kept) = rpc.finalized().await;
	net.compose(&["stop", "--timeout", "10"]);
	net.compose(&["start"]);
	let rpc = published(&net).await;
	assert_eq!(rpc.block_hash(kept).await, Some(kept_hash), "finalized block {kept} lost");
	let resumed = finalizes_past(&net, &rpc, kept + 2, Duration::from_secs(180)).await;
	phase("all nodes stopped and started");

	// 7. One finalized chain.
	finalized_chains_agree(&net, resumed).await;
	assert!(resumed > first);
	phase("finalized chains agree");
}
