//! Chain specs: the frozen testnet spec starts a node with the expected genesis, and
//! `build-spec` gives valid dev and local specs with the token's properties.

use jsonrpsee::rpc_params;
use merit_e2e::{
	node::{run_to_completion, workspace_root, MeritNode, STARTUP},
	rpc::Rpc,
};
use serde_json::Value;
use std::time::Duration;

/// `build-spec` finishes in seconds.
const ONE_SHOT: Duration = Duration::from_secs(120);

/// The public test network's genesis hash. It changes only with a deliberate genesis reset
/// (see chain-specs/README.md).
const TESTNET_GENESIS: &str = "0x9ff253b6c4c8df43261a91e82d8ec242b6eb6f2d58c76d460ed99976f92e7d4f";

fn assert_token_properties(properties: &Value) {
	assert_eq!(properties["tokenSymbol"], "MRT", "{properties}");
	assert_eq!(properties["tokenDecimals"], 12, "{properties}");
	assert_eq!(properties["ss58Format"], 42, "{properties}");
}

fn build_spec(args: &[&str]) -> Value {
	let args: Vec<&str> = ["build-spec"].iter().chain(args).copied().collect();
	let (ok, stdout, stderr) = run_to_completion(&args, ONE_SHOT);
	assert!(ok, "{stderr}");
	serde_json::from_str(&stdout).expect("build-spec prints JSON")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_node_starts_from_the_frozen_testnet_spec() {
	let spec = workspace_root().join("chain-specs/testnet.json");
	let spec_text = std::fs::read_to_string(&spec).expect("chain-specs/testnet.json exists");
	let spec_json: Value = serde_json::from_str(&spec_text).expect("the spec is JSON");
	assert_token_properties(&spec_json["properties"]);
	assert!(spec_json["genesis"]["raw"]["top"].is_object(), "the testnet spec is raw");

	let mut node = MeritNode::start("testnet", &["--chain", spec.to_str().expect("utf-8 path")]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	let genesis = rpc.ok("chain_getBlockHash", rpc_params![0]).await;
	assert_eq!(genesis, TESTNET_GENESIS);
	assert_eq!(rpc.ok("system_chain", rpc_params![]).await, "Merit Testnet");
	assert_eq!(rpc.ok("system_chainType", rpc_params![]).await, "Live");
	assert_token_properties(&rpc.ok("system_properties", rpc_params![]).await);
	let version = rpc.ok("state_getRuntimeVersion", rpc_params![]).await;
	assert_eq!(version["specName"], "merit");
}

#[test]
fn build_spec_gives_dev_and_local_specs_with_token_properties() {
	let dev = build_spec(&["--chain", "dev"]);
	assert_eq!(dev["id"], "merit_dev");
	assert_eq!(dev["chainType"], "Development");
	assert_token_properties(&dev["properties"]);
	let patch = &dev["genesis"]["runtimeGenesis"];
	assert!(
		patch["code"].as_str().is_some_and(|c| c.len() > 100_000),
		"the spec embeds the runtime"
	);

	let local = build_spec(&["--chain", "local"]);
	assert_eq!(local["id"], "merit_local");
	assert_eq!(local["chainType"], "Local");
	assert_token_properties(&local["properties"]);

	// The raw form nodes start from: storage with the runtime's code under `:code`.
	let raw = build_spec(&["--chain", "local", "--raw"]);
	assert_token_properties(&raw["properties"]);
	let top = raw["genesis"]["raw"]["top"].as_object().expect("raw storage");
	assert!(top.contains_key("0x3a636f6465"), "no :code in the raw spec");

	// The built-in `testnet` is the frozen spec, not a fresh build from the preset.
	let builtin = build_spec(&["--chain", "testnet", "--raw"]);
	let frozen: Value = serde_json::from_str(
		&std::fs::read_to_string(workspace_root().join("chain-specs/testnet.json"))
			.expect("chain-specs/testnet.json exists"),
	)
	.expect("the spec is JSON");
	assert_eq!(builtin["genesis"], frozen["genesis"], "--chain testnet is not the frozen spec");

	// An unknown chain is refused with a clear error.
	let (ok, _, stderr) =
		run_to_completion(&["build-spec", "--chain", "no-such-chain.json"], ONE_SHOT);
	assert!(!ok);
	assert!(stderr.contains("no-such-chain.json"), "{stderr}");
}
