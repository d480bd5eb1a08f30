//! `--dev --sealing instant`: a block per transaction, finalized a moment later; and the
//! `engine_createBlock` RPC for tests that drive blocks themselves.

use jsonrpsee::rpc_params;
use merit_e2e::{
	node::{free_port, run_to_completion, MeritNode, STARTUP},
	rpc::Rpc,
	tx,
};
use merit_runtime::UNIT;
use sp_keyring::Sr25519Keyring::{Alice, Dave};
use std::time::Duration;

const QUICK: Duration = Duration::from_secs(20);
/// A command that must fail at once.
const ONE_SHOT: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread")]
async fn instant_sealing_includes_and_finalizes_each_transaction() {
	let mut node = MeritNode::start("instant", &["--dev", "--sealing", "instant"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	let genesis = rpc.block_hash(0).await.expect("genesis exists");

	// Nothing to seal: no blocks.
	tokio::time::sleep(Duration::from_secs(2)).await;
	assert_eq!(rpc.best_number().await, 0);

	let dave = Dave.to_account_id();
	let before = rpc.free_balance(&dave, None).await;
	let transfer = tx::signed(tx::transfer(Dave, 3 * UNIT), Alice, 0, genesis);
	rpc.submit(&transfer).await.expect("the transfer is accepted");
	let (block, _) = rpc.wait_for_inclusion(&transfer, 1, QUICK).await;
	assert_eq!(rpc.block_number(block).await, 1);
	let (finalized, _) = rpc.wait_for_finalized(1, QUICK).await;
	assert_eq!(finalized, block, "the block is finalized a moment later");
	assert_eq!(rpc.free_balance(&dave, Some(block)).await, before + 3 * UNIT);

	// Blocks on demand, over RPC.
	let created = rpc.ok("engine_createBlock", rpc_params![true, true]).await;
	assert!(created["hash"].is_string(), "{created}");
	assert_eq!(rpc.best_number().await, 2);
	assert_eq!(rpc.finalized().await.1, 2);
}

#[test]
fn manual_sealing_is_refused_off_development_chains() {
	let (rpc, p2p, prometheus) = (free_port(), free_port(), free_port());
	let (ok, _, stderr) = run_to_completion(
		&[
			"--chain",
			"local",
			"--tmp",
			"--sealing",
			"instant",
			"--rpc-port",
			&rpc.to_string(),
			"--port",
			&p2p.to_string(),
			"--prometheus-port",
			&prometheus.to_string(),
		],
		ONE_SHOT,
	);
	assert!(!ok);
	assert!(stderr.contains("only works on a development chain"), "{stderr}");

	// Bad modes are refused before anything starts, each with its reason.
	for (mode, reason) in [
		("sometimes", "unknown sealing mode 'sometimes'"),
		("-5", "unknown sealing mode '-5'"),
		("49", "a sealing interval of 49 ms is too short; use at least 50 ms"),
	] {
		let sealing = format!("--sealing={mode}");
		let (ok, _, stderr) = run_to_completion(&["--dev", &sealing], ONE_SHOT);
		assert!(!ok, "--sealing {mode} was accepted");
		assert!(stderr.contains(reason), "--sealing {mode}: {stderr}");
	}
}
