//! A stock client, @polkadot/api, against a real node: it decodes the metadata, reads the
//! token properties, and signs and sends a transfer with every transaction extension the
//! runtime declares (tests/js/transfer.mjs; `npm ci --prefix tests/js` installs it, and the
//! README's test command does that).

use merit_e2e::{
	node::{run_with_deadline, workspace_root, MeritNode, STARTUP},
	rpc::Rpc,
};
use merit_runtime::UNIT;
use serde_json::Value;
use sp_keyring::Sr25519Keyring::Eve;
use std::{process::Command, time::Duration};

#[tokio::test(flavor = "multi_thread")]
async fn polkadot_js_reads_the_chain_and_sends_a_transfer() {
	let js = workspace_root().join("tests/js");
	assert!(
		js.join("node_modules/@polkadot/api").exists(),
		"@polkadot/api is not installed: run `npm ci --prefix tests/js` (scripts/test.sh does)"
	);
	let mut node = MeritNode::start("polkadot-js", &["--dev", "--sealing", "instant"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	let eve = Eve.to_account_id();
	let before = rpc.free_balance(&eve, None).await;

	let mut command = Command::new("node");
	command.current_dir(&js).arg("transfer.mjs").arg(node.ws_url());
	let (ok, stdout, stderr) =
		tokio::task::spawn_blocking(move || run_with_deadline(command, Duration::from_secs(120)))
			.await
			.expect("the client ran");
	assert!(ok, "@polkadot/api failed:\n{stderr}\n{stdout}\nnode log:\n{}", node.log_tail(30));
	let report: Value = serde_json::from_str(stdout.lines().last().unwrap_or_default())
		.unwrap_or_else(|e| panic!("no JSON report ({e}):\n{stdout}"));

	assert_eq!(report["chain"], "Merit Development");
	assert_eq!(report["tokenSymbol"], "MRT");
	assert_eq!(report["tokenDecimals"], 12);
	assert_eq!(report["ss58Format"], 42);
	let events: Vec<&str> =
		report["events"].as_array().expect("events").iter().filter_map(Value::as_str).collect();
	for wanted in
		["balances.Transfer", "transactionPayment.TransactionFeePaid", "system.ExtrinsicSuccess"]
	{
		assert!(events.contains(&wanted), "no {wanted} in {events:?}");
	}
	assert_eq!(report["received"], (7 * UNIT).to_string());
	let fee: u128 = report["feeEstimate"].as_str().expect("fee").parse().expect("a number");
	assert!(fee > 0 && fee < UNIT / 100, "a transfer's fee estimate is {fee}");

	// Our own reading agrees with the client's.
	assert_eq!(rpc.free_balance(&eve, None).await, before + 7 * UNIT);
}
