//! A stock client, @polkadot/api, against a real node: it decodes the metadata, reads the
//! token properties, and signs and sends a transfer with every transaction extension the
//! runtime declares (tests/js/transfer.mjs; `npm ci --prefix tests/js` installs it, and the
//! README's test command does that).

use merit_e2e::{
	js,
	node::{MeritNode, STARTUP},
	rpc::Rpc,
};
use merit_runtime::UNIT;
use serde_json::Value;
use sp_keyring::Sr25519Keyring::Eve;

#[tokio::test(flavor = "multi_thread")]
async fn polkadot_js_reads_the_chain_and_sends_a_transfer() {
	let mut node = MeritNode::start("polkadot-js", &["--dev", "--sealing", "instant"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	let eve = Eve.to_account_id();
	let before = rpc.free_balance(&eve, None).await;

	let report = js::run(&node, "transfer.mjs", &[]).await;

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
	// The pool reports the block before finality, as on Aura, though the dev chain seals and
	// finalizes at once.
	let statuses: Vec<&str> =
		report["statuses"].as_array().expect("statuses").iter().filter_map(Value::as_str).collect();
	let in_block = statuses.iter().position(|s| *s == "InBlock");
	let finalized = statuses.iter().position(|s| *s == "Finalized");
	assert!(in_block.is_some() && in_block < finalized, "statuses: {statuses:?}");
	assert_eq!(report["received"], (7 * UNIT).to_string());
	let fee: u128 = report["feeEstimate"].as_str().expect("fee").parse().expect("a number");
	assert!(fee > 0 && fee < UNIT / 100, "a transfer's fee estimate is {fee}");

	// Our own reading agrees with the client's.
	assert_eq!(rpc.free_balance(&eve, None).await, before + 7 * UNIT);
}
