//! The public test network upgraded from its frozen genesis to this runtime, the way the
//! network itself would be: a node runs `chain-specs/testnet.json`'s runtime (spec 106) and
//! state, a root-track referendum enacts `System::set_code` with this source's runtime, and
//! the migrations of every storage change since the freeze run.
//!
//! The network's keys are not in the repository, so the test runs a fork of the frozen
//! genesis that differs in two values only: the faucet's balance belongs to Alice (who
//! proposes and votes) and the tracks run in blocks (a root referendum passes in about 10
//! blocks instead of 9 days). The runtime code and every other value are the frozen ones.
//!
//! Checked after the upgrade:
//! - every pallet whose storage changed (its metadata's storage layout before and after,
//!   tests/src/storage_layout.rs) raised its on-chain storage version (docs/upgrades.md);
//! - the migrations' effects: the slashing parameters in the new layout, a subnet registered
//!   on the old runtime with its open round fixed;
//! - every Merit pallet's `do_try_state` on the whole state after the upgrade, run natively;
//! - the referendum went on the root track with the code as a preimage, and was approved;
//! - the chain goes on producing and finalizing blocks, and a stock client (@polkadot/api,
//!   tests/js/transfer.mjs) sends a transfer signed for the new version.

use codec::{Decode, Encode};
use merit_e2e::{
	governance::{propose, referendum, vote},
	js,
	node::{workspace_root, MeritNode, STARTUP},
	rpc::{from_hex, Rpc},
	scenario,
	storage_layout::{self, Layout},
};
use merit_runtime::{
	genesis_config_presets::{TESTNET_FAUCET, TESTNET_FAUCET_ENDOWMENT},
	AccountId, OriginCaller, Runtime, RuntimeCall, UNIT, VERSION,
};
use pallet_referenda::ReferendumInfo;
use sp_keyring::Sr25519Keyring::*;
use std::collections::BTreeMap;

/// The runtime frozen in chain-specs/testnet.json.
const FROZEN_SPEC_VERSION: u64 = 106;

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Writes the fork of the frozen test network described in the module docs; returns its path.
fn testnet_fork(dir: &std::path::Path) -> std::path::PathBuf {
	let frozen = std::fs::read_to_string(workspace_root().join("chain-specs/testnet.json"))
		.expect("chain-specs/testnet.json");
	let mut spec: serde_json::Value = serde_json::from_str(&frozen).expect("a JSON chain spec");
	spec["name"] = "Merit testnet (upgrade test fork)".into();
	spec["id"] = "merit_testnet_upgrade_fork".into();
	spec["chainType"] = "Development".into();
	spec["bootNodes"] = serde_json::json!([]);
	let top = spec["genesis"]["raw"]["top"].as_object_mut().expect("a raw spec");

	let timescale = pallet_merit_origins::TrackTimescale::<Runtime>::hashed_key();
	let blocks = pallet_merit_origins::Timescale::Blocks.encode();
	let days = hex(&pallet_merit_origins::Timescale::Days.encode());
	let frozen = top.insert(hex(&timescale), hex(&blocks).into());
	assert_eq!(frozen, Some(days.into()), "the frozen network's tracks run in days");

	let faucet = frame_system::Account::<Runtime>::hashed_key_for(AccountId::from(TESTNET_FAUCET));
	let account = top.remove(&hex(&faucet)).expect("the faucet's account is in the genesis");
	let info = frame_system::AccountInfo::<u32, pallet_balances::AccountData<u128>>::decode(
		&mut &from_hex(account.as_str().expect("hex"))[..],
	)
	.expect("an account");
	assert_eq!(info.data.free, TESTNET_FAUCET_ENDOWMENT);
	let alice = frame_system::Account::<Runtime>::hashed_key_for(Alice.to_account_id());
	assert!(top.insert(hex(&alice), account).is_none(), "Alice has nothing on the testnet");

	let path = dir.join("testnet-fork.json");
	std::fs::write(&path, serde_json::to_vec(&spec).expect("JSON")).expect("write the fork");
	path
}

async fn spec_version(rpc: &Rpc) -> u64 {
	let version = rpc.ok("state_getRuntimeVersion", jsonrpsee::rpc_params![]).await;
	version["specVersion"].as_u64().expect("specVersion")
}

async fn layout(rpc: &Rpc) -> Layout {
	let bytes: Option<Vec<u8>> = rpc.runtime_api("Metadata_metadata_at_version", 16u32, None).await;
	storage_layout::layout(&storage_layout::metadata_v16(&bytes.expect("metadata V16 is served")))
}

/// Every key and value of the best block's state.
async fn whole_state(rpc: &Rpc) -> BTreeMap<Vec<u8>, Vec<u8>> {
	let at = rpc.block_hash(rpc.best_number().await).await.expect("the best block");
	let mut state = BTreeMap::new();
	let mut start: Option<String> = None;
	loop {
		let page = rpc
			.ok("state_getKeysPaged", jsonrpsee::rpc_params!["0x", 1000, start.clone(), at])
			.await;
		let keys: Vec<String> = serde_json::from_value(page).expect("a list of keys");
		for key in &keys {
			let key = from_hex(key);
			let value = rpc.storage(&key, Some(at)).await.expect("a listed key has a value");
			state.insert(key, value);
		}
		if keys.len() < 1000 {
			return state;
		}
		start = keys.last().cloned();
	}
}

/// The first block from `from` on whose state records the upgrade to `spec_version`: the
/// block the new runtime first ran, where it ran the migrations.
async fn first_block_of(rpc: &Rpc, spec_version: u32, from: u32) -> u32 {
	let key = frame_system::LastRuntimeUpgrade::<Runtime>::hashed_key();
	for number in from..=rpc.best_number().await {
		let at = rpc.block_hash(number).await.expect("a block");
		let upgrade = rpc
			.storage(&key, Some(at))
			.await
			.map(|b| frame_system::LastRuntimeUpgradeInfo::decode(&mut &b[..]).expect("decodes"));
		if upgrade.is_some_and(|u| u.spec_version.0 == spec_version) {
			return number;
		}
	}
	panic!("no block ran spec {spec_version}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_frozen_testnet_upgrades_to_this_runtime_through_a_root_referendum() {
	let dir = std::env::temp_dir().join(format!("merit-upgrade-testnet-{}", std::process::id()));
	std::fs::create_dir_all(&dir).expect("a temp dir");
	let spec = testnet_fork(&dir);
	let spec = spec.to_str().expect("a UTF-8 path");
	let mut node = MeritNode::start("upgrade-testnet", &["--chain", spec, "--sealing", "instant"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	assert_eq!(spec_version(&rpc).await, FROZEN_SPEC_VERSION, "{}", node.log_tail(20));
	let before = layout(&rpc).await;
	let versions_before = whole_state(&rpc).await;

	// A subnet registered on the old runtime (a scheduled subnet whose round no one fixed),
	// with neurons (each stored with its pruning score inside).
	scenario::register_subnet(&rpc).await;
	for (coldkey, _) in scenario::NEURONS {
		let fund = merit_e2e::tx::transfer(coldkey, 2_000 * UNIT);
		rpc.send(fund, Alice).await.expect_ok("fund a neuron's coldkey");
	}
	scenario::register_neurons(&rpc).await;
	rpc.create_blocks(2).await;

	// The upgrade, as the network would pass it.
	let code = merit_runtime::WASM_BINARY.expect("the runtime's Wasm is built").to_vec();
	let set_code = RuntimeCall::System(frame_system::Call::set_code { code });
	let root = OriginCaller::system(frame_system::RawOrigin::Root);
	let index = propose(&rpc, Alice, root, set_code).await;
	let ReferendumInfo::Ongoing(status) = referendum(&rpc, index).await else { panic!("ongoing") };
	assert_eq!(status.track, 0, "the root track");
	// The blob goes as a preimage Alice notes (its deposit: 1 MRT + 100 µMRT per byte).
	assert!(matches!(status.proposal, frame_support::traits::Bounded::Lookup { .. }));
	rpc.send(vote(index, true, 900_000 * UNIT), Alice).await.expect_ok("vote");
	let mut upgraded_at = None;
	for _ in 0..40 {
		rpc.create_blocks(1).await;
		if spec_version(&rpc).await == u64::from(VERSION.spec_version) {
			upgraded_at = Some(rpc.best_number().await);
			break;
		}
	}
	let upgraded_at = upgraded_at.unwrap_or_else(|| panic!("no upgrade:\n{}", node.log_tail(40)));
	assert!(matches!(referendum(&rpc, index).await, ReferendumInfo::Approved(..)));
	rpc.create_blocks(1).await;
	let migrated_at =
		first_block_of(&rpc, VERSION.spec_version, upgraded_at.saturating_sub(2)).await;

	// Every pallet whose storage changed raised its storage version.
	let after = layout(&rpc).await;
	let state = whole_state(&rpc).await;
	let changed = storage_layout::changed(&before, &after);
	assert!(!changed.is_empty(), "spec 106 → {} changed storage", VERSION.spec_version);
	for (pallet, lines) in &changed {
		let (old, new) = (
			storage_layout::storage_version(&versions_before, pallet),
			storage_layout::storage_version(&state, pallet),
		);
		assert!(
			new > old,
			"{pallet}'s storage changed ({lines:?}) but its storage version stayed {old}: \
			 bump it and ship a migration (docs/upgrades.md)"
		);
	}
	// Every pallet's migrations ran to its in-code version: a version raised without a
	// migration in `Migrations` would stay behind.
	let (_, in_code) = storage_layout::this_runtime();
	for (pallet, version) in &in_code {
		assert_eq!(storage_layout::storage_version(&state, pallet), *version, "{pallet}");
	}
	for pallet in ["Consensus", "Slashing", "Subnets"] {
		assert!(changed.contains_key(pallet), "{pallet}: {changed:?}");
	}
	// Subnets: `reveal_period` ≤ 4 (2), pruning scores out of the neurons (3).
	assert_eq!(storage_layout::storage_version(&state, "Subnets"), 3);

	// The migrations' effects, and every invariant, on the state after them.
	let mut ext = sp_io::TestExternalities::new(sp_core::storage::Storage {
		top: state,
		children_default: Default::default(),
	});
	ext.execute_with(|| {
		let params = pallet_merit_slashing::Params::<Runtime>::get().expect("slash parameters");
		assert_eq!(params.defer_epochs, 72, "the testnet's own value is kept");
		let defaults = pallet_merit_slashing::SlashParams::default();
		assert_eq!(params.disputed_weights_fraction, defaults.disputed_weights_fraction);
		assert_eq!(params.disputer_share, defaults.disputer_share);
		let schedule =
			pallet_merit_consensus::Schedule::<Runtime>::get(scenario::NETUID).expect("scheduled");
		let round =
			pallet_merit_consensus::Rounds::<Runtime>::get(scenario::NETUID, schedule.index)
				.expect("the open round is fixed");
		// Migrations run before the block's number is set: the round is fixed as of the
		// block before, and seeded by the new runtime's first block.
		assert_eq!(round.fixed_at + 1, migrated_at);
		// Every neuron's pruning score moved into its subnet's scores, as of that first block
		// (the neurons themselves decode in the new layout: the invariants below read them).
		let neurons = pallet_merit_subnets::NeuronCount::<Runtime>::get(scenario::NETUID);
		assert_eq!(usize::from(neurons), scenario::NEURONS.len());
		for (uid, (coldkey, hotkey)) in (0..).zip(scenario::NEURONS) {
			let neuron = pallet_merit_subnets::Neurons::<Runtime>::get(scenario::NETUID, uid)
				.expect("the neuron decodes in the new layout");
			assert_eq!(neuron.hotkey, hotkey.to_account_id());
			assert_eq!(neuron.coldkey, coldkey.to_account_id());
		}
		let scores = pallet_merit_subnets::Scores::<Runtime>::get(scenario::NETUID);
		assert_eq!(scores.emission.len(), usize::from(neurons));
		assert_eq!(scores.recorded_at, migrated_at);
		// Nothing was queued before the payout queue existed.
		assert!(pallet_merit_consensus::PayoutQueue::<Runtime>::get().is_empty());

		pallet_merit_subnets::Pallet::<Runtime>::do_try_state().expect("subnets' invariants");
		pallet_merit_staking::Pallet::<Runtime>::do_try_state().expect("staking's invariants");
		pallet_merit_consensus::Pallet::<Runtime>::do_try_state().expect("consensus' invariants");
		pallet_merit_slashing::Pallet::<Runtime>::do_try_state().expect("slashing's invariants");
	});

	// The chain goes on, finalizing ...
	let (_, finalized) = rpc.finalized().await;
	rpc.create_blocks(3).await;
	let (_, now) = rpc.finalized().await;
	assert!(now >= finalized + 3, "finalized {finalized} then {now}");
	// ... and a stock client's transaction, signed for the new spec version, goes through.
	let report = js::run(&node, "transfer.mjs", &[]).await;
	let events = report["events"].as_array().expect("events");
	assert!(events.iter().any(|e| e == "balances.Transfer"), "{report}");
	drop(node);
	let _ = std::fs::remove_dir_all(&dir);
}
