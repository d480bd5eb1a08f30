//! A runtime upgrade through the root track, on a real dev node over JSON-RPC: a preimage of
//! `System::set_code` with the runtime built from this source with `spec_version` one higher
//! (tests/upgrade-runtime), a root-track referendum that holders pass, the scheduler enacting
//! it; the node then runs the new runtime, keeps producing and finalizing blocks, and a stock
//! client (@polkadot/api, tests/js/transfer.mjs) sends a transfer signed for the new version.

use merit_e2e::{
	governance::{propose, referendum, vote},
	js,
	node::{MeritNode, STARTUP},
	rpc::Rpc,
};
use merit_runtime::{OriginCaller, RuntimeCall, UNIT, VERSION};
use pallet_referenda::ReferendumInfo;
use sp_keyring::Sr25519Keyring::*;

async fn spec_version(rpc: &Rpc) -> u64 {
	let version = rpc.ok("state_getRuntimeVersion", jsonrpsee::rpc_params![]).await;
	version["specVersion"].as_u64().expect("specVersion")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_root_referendum_upgrades_the_runtime() {
	let code = merit_upgrade_runtime::WASM_BINARY
		.expect("the upgrade runtime is built with the workspace (unset SKIP_WASM_BUILD)")
		.to_vec();
	let mut node = MeritNode::start("upgrade", &["--dev", "--sealing", "instant"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	assert_eq!(spec_version(&rpc).await, u64::from(VERSION.spec_version));
	let before = rpc.ok("state_getRuntimeVersion", jsonrpsee::rpc_params![]).await;

	// A root-track referendum of set_code: the blob goes as a preimage Alice notes (its
	// deposit: 1 MRT + 100 µMRT per byte).
	let set_code = RuntimeCall::System(frame_system::Call::set_code { code });
	let root = OriginCaller::system(frame_system::RawOrigin::Root);
	let index = propose(&rpc, Alice, root, set_code).await;
	let ReferendumInfo::Ongoing(status) = referendum(&rpc, index).await else { panic!("ongoing") };
	assert_eq!(status.track, 0, "the root track");
	assert!(matches!(status.proposal, frame_support::traits::Bounded::Lookup { .. }));
	for voter in [Alice, Bob, Charlie] {
		rpc.send(vote(index, true, 900_000 * UNIT), voter).await.expect_ok("vote");
	}

	// Blocks until it passes and the scheduler enacts it.
	let mut upgraded = false;
	for _ in 0..60 {
		rpc.create_blocks(1).await;
		if spec_version(&rpc).await == u64::from(VERSION.spec_version) + 1 {
			upgraded = true;
			break;
		}
	}
	assert!(upgraded, "no upgrade within 60 blocks:\n{}", node.log_tail(40));
	assert!(matches!(referendum(&rpc, index).await, ReferendumInfo::Approved(..)));

	// Only the spec version changed (the APIs may be listed in another order).
	let normalized = |mut version: serde_json::Value| {
		if let Some(apis) = version["apis"].as_array_mut() {
			apis.sort_by_key(|api| api.to_string());
		}
		version["specVersion"] = serde_json::Value::Null;
		version
	};
	let after = rpc.ok("state_getRuntimeVersion", jsonrpsee::rpc_params![]).await;
	assert_eq!(normalized(after), normalized(before));

	// The node keeps producing and finalizing blocks on the new runtime ...
	let (_, finalized) = rpc.finalized().await;
	rpc.create_blocks(3).await;
	let (_, now) = rpc.finalized().await;
	assert!(now >= finalized + 3, "finalized {finalized} then {now}");
	// ... and a stock client's transaction, signed for the new spec version, goes through.
	let report = js::run(&node, "transfer.mjs", &[]).await;
	let events = report["events"].as_array().expect("events");
	assert!(events.iter().any(|e| e == "balances.Transfer"), "{report}");
}
