//! The local testnet's four authorities: with one of them down, the other three still author
//! blocks and GRANDPA (which needs more than two thirds) still finalizes them.

use jsonrpsee::rpc_params;
use merit_e2e::{
	node::{MeritNode, STARTUP},
	rpc::Rpc,
};
use std::time::Duration;

/// Three authorities take turns on 6-second slots; finality follows within a few rounds.
const FINALITY: Duration = Duration::from_secs(150);

#[tokio::test(flavor = "multi_thread")]
async fn three_of_four_authorities_keep_finalizing() {
	// Validators on a non-development chain need a network key; fixed ones do on one machine.
	let node_key = |i: u32| format!("{i:064x}");
	let mut alice = MeritNode::start(
		"local-alice",
		&["--chain", "local", "--alice", "--validator", "--node-key", &node_key(1)],
	);
	let alice_rpc = Rpc::connect(&mut alice, STARTUP).await;
	let peer_id = alice_rpc.ok("system_localPeerId", rpc_params![]).await;
	let boot = format!(
		"/ip4/127.0.0.1/tcp/{}/p2p/{}",
		alice.p2p_port,
		peer_id.as_str().expect("a peer id")
	);
	// Dave stays down.
	let mut others: Vec<MeritNode> = [("bob", 2), ("charlie", 3)]
		.into_iter()
		.map(|(who, key)| {
			MeritNode::start(
				&format!("local-{who}"),
				&[
					"--chain",
					"local",
					&format!("--{who}"),
					"--validator",
					"--node-key",
					&node_key(key),
					"--bootnodes",
					&boot,
				],
			)
		})
		.collect();

	for node in &mut others {
		let rpc = Rpc::connect(node, STARTUP).await;
		let health = rpc.ok("system_health", rpc_params![]).await;
		assert_eq!(health["shouldHavePeers"], true, "{health}");
	}
	let (_, finalized) = alice_rpc.wait_for_finalized(3, FINALITY).await;
	assert!(finalized >= 3);
	let peers = alice_rpc.ok("system_peers", rpc_params![]).await;
	assert_eq!(peers.as_array().map(Vec::len), Some(2), "Alice sees Bob and Charlie: {peers}");
	// GRANDPA's voters: four authorities of weight one, three make the threshold.
	let round = alice_rpc.ok("grandpa_roundState", rpc_params![]).await;
	assert_eq!(round["setId"], 0, "{round}");
	assert_eq!(round["best"]["totalWeight"], 4, "{round}");
	assert_eq!(round["best"]["thresholdWeight"], 3, "{round}");
}
