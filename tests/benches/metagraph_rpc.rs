//! `merit_metagraph` at the node for a full 4,096-neuron subnet: every field, and stake and
//! incentive only; beside them, the runtime API alone (`MetagraphApi_metagraph_page` through
//! `state_call`, SCALE out) and the old all-or-nothing `ConsensusApi_metagraph`.
//!
//! The subnet is written into a development chain's genesis: the dev spec's raw storage is
//! loaded into test externalities, a real `register_subnet` creates subnet 0, and 4,096
//! neurons with stake, axons, models, permits, last updates and a full epoch's results are
//! written into the pallets' storage; the node starts from that spec and seals no block, so
//! every read is of that state. `cargo bench -p merit-e2e --features criterion --bench
//! metagraph_rpc` (the node must be built: `cargo build --release -p merit-node`).

use codec::Encode;
use criterion::{criterion_group, criterion_main, Criterion};
use jsonrpsee::{
	core::client::ClientT,
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use merit_e2e::node::{run_to_completion, MeritNode, STARTUP};
use merit_primitives::{NetUid, MAX_UIDS, MAX_VALIDATORS};
use merit_runtime::{AccountId, Balance, Runtime, RuntimeOrigin, UNIT};
use pallet_merit_consensus::{EpochResults, EpochSummary, LastUpdate, ValidatorPermits};
use pallet_merit_consensus_runtime_api::MetagraphField;
use pallet_merit_subnets::{
	AxonInfo, AxonProtocol, IpAddress, ModelCommitment, NeuronCount, NeuronInfo,
};
use serde_json::Value;
use sp_core::{storage::Storage, Pair};
use sp_keyring::Sr25519Keyring::{Alice, AliceStash};
use sp_runtime::{BoundedVec, Perbill};
use std::{collections::BTreeMap, time::Duration};

const NETUID: NetUid = 0;

fn hex_bytes(s: &str) -> Vec<u8> {
	hex_decode(s.trim_start_matches("0x"))
}

fn hex_decode(s: &str) -> Vec<u8> {
	(0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Neuron `uid`'s account: distinct, deterministic, no key needed (nothing is signed).
fn account(role: u8, uid: u16) -> AccountId {
	let mut seed = [role; 32];
	seed[..2].copy_from_slice(&uid.to_le_bytes());
	AccountId::from(sp_io::hashing::blake2_256(&seed))
}

/// Writes subnet 0 with `n` neurons into the state.
fn fill_subnet(n: u16) {
	use frame_support::assert_ok;
	frame_system::Pallet::<Runtime>::set_block_number(1);
	let genesis = merit_runtime::Subnets::genesis_hash();
	let message =
		pallet_merit_subnets::consent_message(genesis.as_ref(), &Alice.to_account_id(), u32::MAX);
	let consent = pallet_merit_subnets::HotkeyConsent {
		expires_at: u32::MAX,
		signature: AliceStash.pair().sign(&message).into(),
	};
	let task = merit_primitives::TaskSpec {
		kind: merit_primitives::TaskKind::Digits,
		max_model_bytes: 1 << 20,
		dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
		eval_size: 512,
	};
	assert_ok!(merit_runtime::Subnets::register_subnet(
		RuntimeOrigin::signed(Alice.to_account_id()),
		AliceStash.to_account_id(),
		task,
		Some(consent),
	));
	pallet_merit_subnets::Hyperparameters::<Runtime>::mutate(NETUID, |hp| {
		let hp = hp.as_mut().unwrap();
		hp.max_uids = n;
		hp.max_validators = MAX_VALIDATORS.min(n);
	});
	let share = |uid: u16| Perbill::from_rational(u32::from(uid) + 1, u32::from(n) * 2);
	let stake = |uid: u16| Balance::from(uid + 1) * UNIT;
	for uid in 0..n {
		let (hotkey, coldkey) = (account(1, uid), account(2, uid));
		pallet_merit_subnets::Neurons::<Runtime>::insert(
			NETUID,
			uid,
			NeuronInfo {
				hotkey: hotkey.clone(),
				coldkey: coldkey.clone(),
				registered_at: 1,
				bond: 10 * UNIT,
			},
		);
		pallet_merit_subnets::Uids::<Runtime>::insert(NETUID, &hotkey, uid);
		pallet_merit_subnets::Axons::<Runtime>::insert(
			NETUID,
			&hotkey,
			AxonInfo {
				ip: IpAddress::V4([10, 0, (uid >> 8) as u8, uid as u8]),
				port: 8711,
				protocol: AxonProtocol::Http,
				version: 1,
				block: 1,
			},
		);
		pallet_merit_subnets::ModelCommitments::<Runtime>::insert(
			NETUID,
			&hotkey,
			ModelCommitment {
				binding: sp_io::hashing::blake2_256(&uid.encode()),
				size_bytes: 50_000,
				committed_at: 1,
				revealed: Some(sp_io::hashing::blake2_256(&hotkey.encode())),
				copy_of: None,
			},
		);
		pallet_merit_staking::HotkeyStake::<Runtime>::insert(&hotkey, stake(uid));
		LastUpdate::<Runtime>::insert(NETUID, uid, 1);
	}
	NeuronCount::<Runtime>::insert(NETUID, n);
	let per_uid = |f: &dyn Fn(u16) -> Perbill| BoundedVec::truncate_from((0..n).map(f).collect());
	EpochResults::<Runtime>::insert(
		NETUID,
		EpochSummary {
			epoch: 1,
			block: 1,
			stake: BoundedVec::truncate_from((0..n).map(stake).collect()),
			active: BoundedVec::truncate_from((0..n).map(|u| u % 2 == 0).collect()),
			consensus: per_uid(&share),
			incentive: per_uid(&share),
			dividends: per_uid(&share),
			validator_trust: per_uid(&share),
			emission: BoundedVec::truncate_from((0..n).map(|u| stake(u) / 100).collect()),
		},
	);
	ValidatorPermits::<Runtime>::insert(
		NETUID,
		BoundedVec::truncate_from((0..n).map(|u| u < MAX_VALIDATORS).collect()),
	);
}

/// A development chain spec whose genesis holds a full `n`-neuron subnet 0.
fn spec_with_subnet(n: u16) -> std::path::PathBuf {
	let (ok, stdout, stderr) = run_to_completion(
		&["build-spec", "--dev", "--raw", "--disable-default-bootnode"],
		Duration::from_secs(120),
	);
	assert!(ok, "build-spec: {stderr}");
	let mut spec: Value = serde_json::from_str(&stdout).expect("a JSON spec");
	let top = spec["genesis"]["raw"]["top"].as_object().expect("raw storage").clone();
	// The runtime's code goes back as it came (test externalities keep `:code` apart).
	let code_key = hex(sp_core::storage::well_known_keys::CODE);
	let code = top.get(&code_key).expect("the spec has the runtime").clone();
	let storage = Storage {
		top: top.iter().map(|(k, v)| (hex_bytes(k), hex_bytes(v.as_str().unwrap()))).collect(),
		children_default: Default::default(),
	};
	let mut ext = sp_io::TestExternalities::new(storage);
	let top: BTreeMap<String, Value> = ext.execute_with(|| {
		fill_subnet(n);
		// Neither the block number nor the registration's events are genesis state.
		frame_system::Pallet::<Runtime>::reset_events();
		sp_io::storage::clear(&frame_support::storage::storage_prefix(b"System", b"Number"));
		// The state as it now is, key by key.
		let mut out = BTreeMap::new();
		let mut key = Vec::new();
		while let Some(next) = sp_io::storage::next_key(&key) {
			let value = sp_io::storage::get(&next).expect("a listed key has a value");
			out.insert(hex(&next), Value::String(hex(&value)));
			key = next;
		}
		out
	});
	let mut top = top;
	top.insert(code_key, code);
	spec["genesis"]["raw"]["top"] = serde_json::to_value(top).unwrap();
	let path = merit_e2e::node::workspace_root().join(format!("target/bench-metagraph-{n}.json"));
	std::fs::write(&path, serde_json::to_vec(&spec).unwrap()).expect("write the spec");
	path
}

fn bench(c: &mut Criterion) {
	let n = MAX_UIDS;
	let spec = spec_with_subnet(n);
	let spec = spec.to_string_lossy().into_owned();
	let runtime = tokio::runtime::Runtime::new().unwrap();
	let mut node = MeritNode::start("bench-metagraph", &["--chain", &spec, "--sealing", "instant"]);
	let client: WsClient = runtime.block_on(async {
		let _ = merit_e2e::rpc::client(&mut node, STARTUP).await;
		WsClientBuilder::default()
			.max_response_size(64 << 20)
			.request_timeout(Duration::from_secs(60))
			.build(node.ws_url())
			.await
			.unwrap()
	});
	let call = |method: &str, params: jsonrpsee::core::params::ArrayParams| -> Value {
		runtime.block_on(client.request(method, params)).unwrap_or_else(|e| panic!("{method}: {e}"))
	};
	// Timed: the client only scans the answer (no JSON tree is built), so the figure is the
	// node's work plus the transfer, not the client's parsing.
	let timed = |method: &str, params: jsonrpsee::core::params::ArrayParams| {
		runtime
			.block_on(client.request::<serde::de::IgnoredAny, _>(method, params))
			.unwrap_or_else(|e| panic!("{method}: {e}"))
	};
	// The state is what the bench wrote.
	let all = call("merit_metagraph", rpc_params![NETUID]);
	assert_eq!(all["metagraph"]["rows"].as_array().map(Vec::len), Some(usize::from(n)));
	assert_eq!(all["metagraph"]["rows"][4095]["axon"]["address"], "10.0.15.255:8711");
	let bytes = serde_json::to_vec(&all).unwrap().len();
	println!("merit_metagraph, {n} neurons, every field: {} KiB of JSON", bytes / 1024);

	let mut group = c.benchmark_group(format!("metagraph {n} neurons"));
	group.sample_size(20).measurement_time(Duration::from_secs(20));
	group.bench_function("merit_metagraph every field", |b| {
		b.iter(|| timed("merit_metagraph", rpc_params![NETUID]))
	});
	group.bench_function("merit_metagraph stake+incentive", |b| {
		b.iter(|| timed("merit_metagraph", rpc_params![NETUID, ["stake", "incentive"]]))
	});
	let page = |fields: Vec<MetagraphField>| hex(&(NETUID, fields, 0u16, n).encode());
	let every = page(vec![]);
	group.bench_function("state_call MetagraphApi_metagraph_page every field", |b| {
		b.iter(|| timed("state_call", rpc_params!["MetagraphApi_metagraph_page", &every]))
	});
	let two = page(vec![MetagraphField::Stake, MetagraphField::Incentive]);
	group.bench_function("state_call MetagraphApi_metagraph_page stake+incentive", |b| {
		b.iter(|| timed("state_call", rpc_params!["MetagraphApi_metagraph_page", &two]))
	});
	let old = hex(&NETUID.encode());
	group.bench_function("state_call ConsensusApi_metagraph (all or nothing)", |b| {
		b.iter(|| timed("state_call", rpc_params!["ConsensusApi_metagraph", &old]))
	});
	group.finish();
	drop(node);
}

criterion_group!(benches, bench);
criterion_main!(benches);
