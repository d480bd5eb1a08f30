//! Bad input on the RPC: malformed, forged and stale extrinsics each get an error, change
//! nothing, and the node keeps producing blocks.

use jsonrpsee::rpc_params;
use merit_e2e::{
	node::{MeritNode, STARTUP},
	rpc::{outcome, Rpc},
	tx,
};
use merit_runtime::UNIT;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie};
use std::time::Duration;

const BLOCKS: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread")]
async fn malformed_extrinsics_are_refused_and_the_chain_goes_on() {
	// Blocks every 300 ms, so "keeps producing blocks" is quick to see.
	let mut node = MeritNode::start("bad-input", &["--dev", "--sealing", "300"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	rpc.wait_for_best(1, BLOCKS).await;
	let genesis = rpc.block_hash(0).await.expect("genesis exists");
	let alice = Alice.to_account_id();
	let charlie = Charlie.to_account_id();
	let alice_before = rpc.free_balance(&alice, None).await;
	let charlie_before = rpc.free_balance(&charlie, None).await;

	// Not an extrinsic at all: the node cannot even split it off.
	for garbage in [&b"\xde\xad\xbe\xef"[..], &[], &[0x12, 0x34]] {
		let err = rpc.submit(garbage).await.expect_err("garbage is refused");
		assert!(err.contains("Could not decode"), "{err}");
	}
	// Well framed, but no extrinsic inside: the runtime refuses to decode it. (Substrate's
	// runtime-API glue aborts that call on undecodable input, by design; the node reports it
	// as a verification error and nothing else happens.)
	let err = rpc.submit(&[0x04, 0xff, 0xff]).await.expect_err("an undecodable body");
	assert!(err.contains("Verification Error"), "{err}");
	// Not even hex.
	let err = rpc
		.call("author_submitExtrinsic", rpc_params!["not hex"])
		.await
		.expect_err("non-hex is refused");
	assert!(!err.is_empty());

	// A real transfer, truncated.
	let good = tx::signed(tx::transfer(Charlie, UNIT), Alice, 0, genesis);
	let err = rpc.submit(&good[..good.len() - 3]).await.expect_err("a truncated extrinsic");
	assert!(!err.is_empty());

	// A forged signature: signed by Bob, presented as Alice's.
	let forged = tx::forged(tx::transfer(Charlie, UNIT), Alice, Bob, 0, genesis);
	let err = rpc.submit(&forged).await.expect_err("a forged signature is refused");
	assert!(err.contains("bad signature"), "{err}");

	// Signed for another chain (wrong genesis hash): the signature does not verify.
	let other_chain =
		tx::signed(tx::transfer(Charlie, UNIT), Alice, 0, sp_core::H256::repeat_byte(7));
	let err = rpc.submit(&other_chain).await.expect_err("another chain's transaction");
	assert!(err.contains("bad signature"), "{err}");

	// None of that changed anything, and the chain goes on.
	let best = rpc.best_number().await;
	rpc.wait_for_best(best + 3, BLOCKS).await;
	assert!(node.is_running());
	assert_eq!(rpc.free_balance(&alice, None).await, alice_before);
	assert_eq!(rpc.free_balance(&charlie, None).await, charlie_before);

	// More than Alice owns: the pool takes it (Alice can pay the fee), the transfer fails in
	// its block, and Alice pays the fee and nothing else.
	let too_much = tx::signed(tx::transfer(Charlie, alice_before * 2), Alice, 0, genesis);
	let from = rpc.best_number().await;
	rpc.submit(&too_much).await.expect("the pool takes a transaction whose fee can be paid");
	let (block, index) = rpc.wait_for_inclusion(&too_much, from, BLOCKS).await;
	let (succeeded, fee) = outcome(&rpc.events(block).await, index);
	assert!(!succeeded, "a transfer of more than the balance failed");
	assert_eq!(rpc.free_balance(&alice, Some(block)).await, alice_before - fee);
	assert_eq!(rpc.free_balance(&charlie, Some(block)).await, charlie_before);

	// A good transfer lands; replaying it, or reusing its nonce, is refused.
	let from = rpc.best_number().await;
	let good = tx::signed(tx::transfer(Charlie, UNIT), Alice, 1, genesis);
	rpc.submit(&good).await.expect("a good transfer is accepted");
	let (block, _) = rpc.wait_for_inclusion(&good, from, BLOCKS).await;
	assert_eq!(rpc.free_balance(&charlie, Some(block)).await, charlie_before + UNIT);
	// Let the pool catch up with that block first, so it judges against it.
	rpc.wait_for_empty_pool(BLOCKS).await;
	rpc.wait_for_best(rpc.block_number(block).await + 1, BLOCKS).await;
	let err = rpc.submit(&good).await.expect_err("a replayed transaction");
	assert!(err.contains("banned") || err.contains("outdated"), "{err}");
	let stale = tx::signed(tx::transfer(Charlie, 2 * UNIT), Alice, 1, genesis);
	let err = rpc.submit(&stale).await.expect_err("a stale nonce");
	assert!(err.contains("outdated"), "{err}");
	rpc.wait_for_best(rpc.best_number().await + 2, BLOCKS).await;
	assert_eq!(rpc.free_balance(&charlie, None).await, charlie_before + UNIT);
}
