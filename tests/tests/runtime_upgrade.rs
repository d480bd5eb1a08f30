//! A runtime upgrade through the root track, on a real dev node over JSON-RPC: a preimage of
//! `System::set_code` with the runtime built from this source with `spec_version` one higher
//! (tests/upgrade-runtime), a root-track referendum that holders pass, the scheduler enacting
//! it; the node then runs the new runtime, keeps producing and finalizing blocks, and a stock
//! client (@polkadot/api, tests/js/transfer.mjs) sends a transfer signed for the new version.

use codec::Encode;
use frame_support::traits::{schedule::DispatchTime, Bounded};
use merit_e2e::{
	js,
	node::{MeritNode, STARTUP},
	rpc::Rpc,
};
use merit_runtime::{OriginCaller, Runtime, RuntimeCall, RuntimeEvent, UNIT, VERSION};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
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

	// The preimage of set_code, noted by Alice (its deposit: 1 MRT + 100 µMRT per byte).
	let set_code = RuntimeCall::System(frame_system::Call::set_code { code });
	let encoded = set_code.encode();
	let note =
		RuntimeCall::Preimage(pallet_preimage::Call::note_preimage { bytes: encoded.clone() });
	let sent = rpc.send(note, Alice).await.expect_ok("note_preimage");
	assert!(sent
		.events
		.iter()
		.any(|e| matches!(e, RuntimeEvent::Preimage(pallet_preimage::Event::Noted { .. }))));

	// A referendum on the root track, by hash.
	let submit = RuntimeCall::Referenda(pallet_referenda::Call::submit {
		proposal_origin: Box::new(OriginCaller::system(frame_system::RawOrigin::Root)),
		proposal: Bounded::Lookup {
			hash: sp_io::hashing::blake2_256(&encoded).into(),
			len: encoded.len() as u32,
		},
		enactment_moment: DispatchTime::After(0),
	});
	let sent = rpc.send(submit, Alice).await.expect_ok("submit");
	let index = sent
		.events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Referenda(pallet_referenda::Event::Submitted {
				index, track, ..
			}) => {
				assert_eq!(*track, 0, "the root track");
				Some(*index)
			},
			_ => None,
		})
		.expect("Submitted");
	let deposit = RuntimeCall::Referenda(pallet_referenda::Call::place_decision_deposit { index });
	rpc.send(deposit, Alice).await.expect_ok("place_decision_deposit");
	for voter in [Alice, Bob, Charlie] {
		let vote = RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::vote {
			poll_index: index,
			vote: AccountVote::Standard {
				vote: Vote { aye: true, conviction: Conviction::Locked1x },
				balance: 900_000 * UNIT,
			},
		});
		rpc.send(vote, voter).await.expect_ok("vote");
	}

	// Blocks until it passes and the scheduler enacts it.
	let key = pallet_referenda::ReferendumInfoFor::<Runtime>::hashed_key_for(index);
	let mut upgraded = false;
	for _ in 0..60 {
		rpc.create_blocks(1).await;
		if spec_version(&rpc).await == u64::from(VERSION.spec_version) + 1 {
			upgraded = true;
			break;
		}
	}
	assert!(upgraded, "no upgrade within 60 blocks:\n{}", node.log_tail(40));
	let info = rpc.storage(&key, None).await.expect("the referendum is kept");
	let info: pallet_referenda::ReferendumInfoOf<Runtime, ()> =
		codec::Decode::decode(&mut &info[..]).expect("decodes");
	assert!(matches!(info, ReferendumInfo::Approved(..)));

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
