//! Merit's reads through the two stock JavaScript clients, as published and unpatched, against
//! a real dev node with a live subnet: @polkadot/api (tests/js/reads.mjs) and polkadot-api
//! with descriptors its own CLI generates from the node's metadata in the test
//! (tests/js/papi.mjs). Each reads a pallet view function, a runtime API, a `merit_*` method
//! and a `merit_*` subscription, and submits an extrinsic; the answers agree with the node's.

use jsonrpsee::rpc_params;
use merit_e2e::{
	js,
	node::{MeritNode, STARTUP},
	rpc::Rpc,
	scenario::{self, NETUID},
};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread")]
async fn polkadot_js_and_papi_read_merit_and_submit() {
	let mut node = MeritNode::start("stock-clients", &["--dev", "--sealing", "instant"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	scenario::register_subnet(&rpc).await;
	scenario::register_neurons(&rpc).await;
	scenario::grant_share(&rpc).await;
	let costs = rpc.ok("merit_costs", rpc_params![]).await;
	let burn: u128 = costs["costs"]["subnets"][0]["burn"].as_str().unwrap().parse().unwrap();

	// --- @polkadot/api ---
	let pjs = js::run(&node, "reads.mjs", &[]).await;
	assert_eq!(pjs["metadataVersion"], 16, "the client reads metadata V16");
	let viewed = &pjs["viewFunction"]["costs"];
	assert_eq!(viewed["subnets"][0]["netuid"], NETUID);
	assert_eq!(amount(&viewed["subnets"][0]["burn"]), burn);
	let page = &pjs["metagraphPage"]["ok"];
	assert_eq!(page["neurons"], 5);
	assert_eq!(page["uids"], json!([0, 1, 2]));
	assert_eq!(page["stake"].as_array().map(Vec::len), Some(3));
	assert_eq!(page["hotkey"], Value::Null, "only the columns asked for");
	assert_eq!(pjs["meritSubnets"]["subnets"][0]["netuid"], NETUID);
	assert_eq!(pjs["epoch"]["epoch"]["netuid"], NETUID);
	assert!(pjs["epoch"]["epoch"]["payouts"].is_array());
	assert!(strings(&pjs["staked"]).contains(&"staking.StakeAdded"), "{}", pjs["staked"]);
	assert!(strings(&pjs["statuses"]).contains(&"InBlock"));

	// --- polkadot-api, its descriptors generated now from this node's metadata ---
	let descriptors = js::papi_descriptors(&node).await;
	let papi = js::run(&node, "papi.mjs", &[descriptors]).await;
	assert_eq!(papi["costs"]["subnets"][0]["netuid"], NETUID);
	// The burn decays block by block (blocks were sealed since): PAPI read it in between.
	let later = rpc.ok("merit_costs", rpc_params![]).await;
	let later: u128 = later["costs"]["subnets"][0]["burn"].as_str().unwrap().parse().unwrap();
	let seen = amount(&papi["costs"]["subnets"][0]["burn"]);
	assert!(later <= seen && seen <= burn, "{later} <= {seen} <= {burn}");
	let page = &papi["page"];
	assert_eq!(page["success"], true, "{page}");
	assert_eq!(page["value"]["uids"], json!([0, 1, 2]));
	assert_eq!(page["value"]["hotkey"], Value::Null);
	assert_eq!(papi["meritSubnets"]["subnets"][0]["netuid"], NETUID);
	assert_eq!(papi["epoch"]["epoch"]["netuid"], NETUID);
	assert_eq!(papi["staked"]["ok"], true, "{}", papi["staked"]);
	assert!(strings(&papi["staked"]["events"]).contains(&"Staking.StakeAdded"));
}

fn amount(v: &Value) -> u128 {
	match v {
		Value::String(s) => s.parse().expect("a decimal amount"),
		Value::Number(n) => n.as_u64().expect("a whole amount").into(),
		other => panic!("not an amount: {other}"),
	}
}

fn strings(v: &Value) -> Vec<&str> {
	v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}
