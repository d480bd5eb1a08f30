//! `merit-node --dev` as a newcomer runs it: Aura + GRANDPA, the standard RPC methods, and a
//! signed balance transfer that lands, pays its fee and emits `Transfer`.

use jsonrpsee::rpc_params;
use merit_e2e::{
	node::{MeritNode, STARTUP},
	rpc::{outcome, Rpc},
	tx,
};
use merit_runtime::{RuntimeEvent, UNIT};
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use std::time::Duration;

/// Aura blocks come every 6 seconds; GRANDPA finalizes a few seconds later.
const BLOCKS: Duration = Duration::from_secs(90);

#[tokio::test(flavor = "multi_thread")]
async fn dev_node_authors_finalizes_and_serves_standard_rpc() {
	let mut node = MeritNode::start("aura-rpc", &["--dev"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;

	assert_eq!(rpc.ok("system_chain", rpc_params![]).await, "Merit Development");
	let properties = rpc.ok("system_properties", rpc_params![]).await;
	assert_eq!(properties["tokenSymbol"], "MRT");
	assert_eq!(properties["tokenDecimals"], 12);
	assert_eq!(properties["ss58Format"], 42);

	let version = rpc.ok("state_getRuntimeVersion", rpc_params![]).await;
	assert_eq!(version["specName"], "merit");
	assert_eq!(version["specVersion"], merit_runtime::VERSION.spec_version);

	// SCALE metadata behind the "meta" magic number.
	let metadata = rpc.ok("state_getMetadata", rpc_params![]).await;
	let metadata = merit_e2e::rpc::from_hex(metadata.as_str().expect("metadata is hex"));
	assert_eq!(&metadata[..4], b"meta");
	assert!(metadata.len() > 10_000, "metadata is only {} bytes", metadata.len());

	// Blocks are produced and finalized by Aura and GRANDPA.
	let (finalized, number) = rpc.wait_for_finalized(2, BLOCKS).await;
	assert!(number >= 2);
	let block = rpc.ok("chain_getBlock", rpc_params![finalized]).await;
	assert_eq!(block["block"]["header"]["number"], format!("0x{number:x}"));
	// Every block carries the timestamp inherent.
	assert!(!block["block"]["extrinsics"].as_array().expect("extrinsics").is_empty());

	// GRANDPA's own RPC: one voter (Alice), who alone makes the threshold.
	let round = rpc.ok("grandpa_roundState", rpc_params![]).await;
	assert_eq!(round["best"]["totalWeight"], 1, "{round}");
	assert_eq!(round["best"]["thresholdWeight"], 1, "{round}");
	// Finality proofs exist for blocks that end an authority set; the dev chain's set never
	// changes, and the node says so.
	let err = rpc
		.call("grandpa_proveFinality", rpc_params![number])
		.await
		.expect_err("no set change to prove");
	assert!(err.contains("not covered by authority set changes"), "{err}");

	// Prometheus metrics are served.
	let metrics = tokio::task::spawn_blocking({
		let port = node.prometheus_port;
		move || http_get(port, "/metrics")
	})
	.await
	.expect("metrics task");
	assert!(metrics.contains("substrate_block_height"), "no block height metric");
}

#[tokio::test(flavor = "multi_thread")]
async fn signed_transfer_lands_with_its_event_and_fee() {
	let mut node = MeritNode::start("aura-transfer", &["--dev"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	rpc.wait_for_best(1, BLOCKS).await;

	let genesis = rpc.block_hash(0).await.expect("genesis exists");
	let nonce = rpc
		.ok("system_accountNextIndex", rpc_params![Alice.to_account_id().to_string()])
		.await
		.as_u64()
		.expect("nonce is a number");
	let amount = 10 * UNIT;
	let extrinsic = tx::signed(tx::transfer(Bob, amount), Alice, nonce as u32, genesis);

	let from = rpc.best_number().await;
	let hash = rpc.submit(&extrinsic).await.expect("the transfer is accepted");
	assert_eq!(
		hash.as_str(),
		Some(merit_e2e::rpc::to_hex(&sp_io::hashing::blake2_256(&extrinsic)).as_str())
	);

	let (block, index) = rpc.wait_for_inclusion(&extrinsic, from, BLOCKS).await;
	let header = rpc.ok("chain_getHeader", rpc_params![block]).await;
	let parent = sp_core::H256::from_slice(&merit_e2e::rpc::from_hex(
		header["parentHash"].as_str().expect("parent hash"),
	));

	let events = rpc.events(block).await;
	let in_tx = |phase: &frame_system::Phase| *phase == frame_system::Phase::ApplyExtrinsic(index);
	let transfer = events.iter().find(|e| {
		in_tx(&e.phase) &&
			matches!(&e.event, RuntimeEvent::Balances(pallet_balances::Event::Transfer { from, to, amount: a })
				if *from == Alice.to_account_id() && *to == Bob.to_account_id() && *a == amount)
	});
	assert!(transfer.is_some(), "no Transfer event in {events:?}");
	let (succeeded, fee) = outcome(&events, index);
	assert!(succeeded, "the transfer succeeded");
	assert!(fee > 0, "transfers are not free");
	let alice_paid = events.iter().any(|e| {
		in_tx(&e.phase)
			&& matches!(&e.event, RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, tip: 0 },
			) if *who == Alice.to_account_id() && *actual_fee == fee)
	});
	assert!(alice_paid, "Alice paid the fee, with no tip");

	let alice = Alice.to_account_id();
	let bob = Bob.to_account_id();
	assert_eq!(
		rpc.free_balance(&alice, Some(block)).await,
		rpc.free_balance(&alice, Some(parent)).await - amount - fee
	);
	assert_eq!(
		rpc.free_balance(&bob, Some(block)).await,
		rpc.free_balance(&bob, Some(parent)).await + amount
	);

	// The block with the transfer is finalized.
	let number = rpc.block_number(block).await;
	rpc.wait_for_finalized(number, BLOCKS).await;
}

/// A plain HTTP GET on loopback, returning the body.
fn http_get(port: u16, path: &str) -> String {
	use std::io::{Read, Write};
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
	stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
	write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").expect("send request");
	let mut response = String::new();
	stream.read_to_string(&mut response).expect("read response");
	response
}
