//! `merit_*` JSON-RPC on a real dev node, with a live subnet (two validators, three miners,
//! epochs paying out): every method and subscription answers readable JSON that agrees with
//! the runtime APIs read through `state_call`, and every bad input (unknown netuid or UID,
//! malformed SS58, an address of another network, bad field names, ranges too large, unknown
//! blocks, wrong parameter types) is a JSON-RPC error with Merit's code, never an empty
//! success. The node's batch limit holds.

use jsonrpsee::{
	core::{
		client::{ClientT, Subscription, SubscriptionClientT},
		params::ArrayParams,
		ClientError,
	},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use merit_e2e::{
	node::{MeritNode, STARTUP},
	rpc::Rpc,
	scenario::{self, NETUID},
};
use merit_runtime::{AccountId, Balance, RuntimeCall, UNIT};
use pallet_merit_consensus_runtime_api::{EpochPayouts, MetagraphField, MetagraphPage};
use serde_json::{json, Value};
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
use sp_keyring::Sr25519Keyring::*;
use std::time::Duration;

/// Merit's error codes (`merit-rpc`'s `error` module), and JSON-RPC's invalid-params code.
const UNKNOWN_SUBNET: i32 = 8001;
const UNKNOWN_NEURON: i32 = 8002;
const BAD_ADDRESS: i32 = 8003;
const BAD_FIELD: i32 = 8004;
const BAD_RANGE: i32 = 8005;
const UNKNOWN_BLOCK: i32 = 8006;
const INVALID_PARAMS: i32 = -32602;

/// Requests and answers as the node gave them, for docs/rpc.md: the test writes them to
/// `target/rpc-examples.md`.
static EXAMPLES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// `value` with every array cut to its first two entries (long answers stay readable).
fn shortened(value: &Value) -> Value {
	match value {
		Value::Array(items) if items.len() > 2 => {
			let mut kept: Vec<Value> = items.iter().take(2).map(shortened).collect();
			kept.push(json!(format!("… {} more", items.len() - 2)));
			Value::Array(kept)
		},
		Value::Array(items) => Value::Array(items.iter().map(shortened).collect()),
		Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), shortened(v))).collect(),
		other => other.clone(),
	}
}

fn record(method: &str, params: &ArrayParams, answer: &Value) {
	use jsonrpsee::core::traits::ToRpcParams;
	let params = params.clone().to_rpc_params().ok().flatten().map(|p| p.get().to_string());
	let request = json!({"jsonrpc": "2.0", "id": 1, "method": method,
		"params": serde_json::from_str::<Value>(params.as_deref().unwrap_or("[]")).unwrap()});
	let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap();
	EXAMPLES.lock().unwrap().push(format!(
		"### `{method}`\n\n```json\n{}\n```\n\n```json\n{}\n```\n",
		pretty(&request),
		pretty(&shortened(answer))
	));
}

fn write_examples() {
	let path = merit_e2e::node::workspace_root().join("target/rpc-examples.md");
	let _ = std::fs::write(path, EXAMPLES.lock().unwrap().join("\n"));
}

async fn ok(ws: &WsClient, method: &str, params: ArrayParams) -> Value {
	let answer: Value =
		ws.request(method, params.clone()).await.unwrap_or_else(|e| panic!("{method}: {e}"));
	record(method, &params, &answer);
	answer
}

/// The error `method` answers with: its code and message.
async fn refused(ws: &WsClient, method: &str, params: ArrayParams) -> (i32, String) {
	match ws.request::<Value, _>(method, params.clone()).await {
		Err(ClientError::Call(e)) => {
			let data = e.data().map(|d| d.get().to_string());
			let error = json!({"code": e.code(), "message": e.message(), "data": data});
			record(method, &params, &json!({ "error": error }));
			// The detail of an invalid-params error is in its data.
			(e.code(), format!("{} {}", e.message(), data.unwrap_or_default()))
		},
		other => panic!("{method} should have been refused, got {other:?}"),
	}
}

/// The next message of `sub`, within 60 s.
async fn next(sub: &mut Subscription<Value>) -> Value {
	tokio::time::timeout(Duration::from_secs(60), sub.next())
		.await
		.expect("a message within 60 s")
		.expect("the subscription is open")
		.expect("the message is JSON")
}

/// The first message of `sub` about block `hash`, skipping (at most five) earlier ones.
async fn next_at(sub: &mut Subscription<Value>, hash: &str) -> Value {
	for _ in 0..5 {
		let message = next(sub).await;
		if message["at"]["hash"] == hash {
			return message;
		}
	}
	panic!("no message about block {hash}");
}

fn amount(v: &Value) -> Balance {
	v.as_str().unwrap_or_else(|| panic!("an amount is a decimal string: {v}")).parse().unwrap()
}

fn address(who: sp_keyring::Sr25519Keyring) -> String {
	who.to_account_id().to_ss58check()
}

#[tokio::test(flavor = "multi_thread")]
async fn merit_rpc_reads_subscriptions_and_errors() {
	let mut node = MeritNode::start("reads", &["--dev", "--sealing", "instant"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	let ws = WsClientBuilder::default().build(node.ws_url()).await.expect("connect");

	// --- The subnet: weights are set directly (no commit–reveal) to keep the test short. ---
	scenario::register_subnet(&rpc).await;
	scenario::register_neurons(&rpc).await;
	let no_commit_reveal = pallet_merit_subnets::Call::set_hyperparameter {
		netuid: NETUID,
		param: pallet_merit_subnets::Hyperparameter::CommitReveal(false),
	};
	let sudo = pallet_sudo::Call::sudo { call: Box::new(RuntimeCall::Subnets(no_commit_reveal)) };
	rpc.send(RuntimeCall::Sudo(sudo), Alice).await.expect_ok("commit-reveal off");
	let delegate = pallet_merit_staking::Call::become_delegate { hotkey: BobStash.to_account_id() };
	rpc.send(RuntimeCall::Staking(delegate), Bob).await.expect_ok("become_delegate");
	scenario::wait_for_epoch(&rpc, 1).await; // permits
	scenario::grant_share(&rpc).await;

	// Subscribed before the epoch, so both see it.
	let mut epochs: Subscription<Value> = ws
		.subscribe("merit_subscribeEpochs", rpc_params![NETUID], "merit_unsubscribeEpochs")
		.await
		.expect("subscribe to epochs");
	let mut graphs: Subscription<Value> = ws
		.subscribe(
			"merit_subscribeMetagraph",
			rpc_params![NETUID, ["stake", "incentive"]],
			"merit_unsubscribeMetagraph",
		)
		.await
		.expect("subscribe to the metagraph");
	let first = next(&mut graphs).await;
	assert_eq!(first["metagraph"]["fields"], json!(["stake", "incentive"]));
	let rows = first["metagraph"]["rows"].as_array().expect("rows");
	assert_eq!(rows.len(), 5);
	for row in rows {
		let mut keys: Vec<&String> = row.as_object().expect("a row").keys().collect();
		keys.sort();
		assert_eq!(keys, ["incentive", "stake", "uid"], "only the fields asked for: {row}");
	}

	let set_weights = pallet_merit_consensus::Call::set_weights {
		netuid: NETUID,
		uids: vec![2, 3].try_into().unwrap(),
		weights: vec![3, 1].try_into().unwrap(),
		basis: scenario::basis_now(&rpc, &[2, 3]).await,
		version_key: 0,
	};
	rpc.send(RuntimeCall::Consensus(set_weights), BobStash).await.expect_ok("set_weights");
	let epoch_block = scenario::wait_for_epoch(&rpc, 2).await;
	let hash = format!("{epoch_block:?}");

	// --- Every view function, on this node. ---
	super::view_functions::every_view_function_answers_and_refuses_bad_input(&rpc).await;

	// --- merit_subscribeEpochs: the epoch, its totals and payouts, as the runtime has them. ---
	// Blocks sealed on a transaction are finalized a moment later: a message for an epoch
	// finalized after we subscribed (epoch 1) may come first.
	let message = next_at(&mut epochs, &hash).await;
	assert_eq!(message["token"], json!({"symbol": "MRT", "decimals": 12}));
	let paid = &message["epoch"];
	let expected: Option<EpochPayouts<AccountId, Balance>> =
		rpc.runtime_api("MetagraphApi_epoch_payouts", NETUID, Some(epoch_block)).await;
	let expected = expected.expect("an epoch ran in that block");
	assert_eq!(paid["epoch"], 2);
	assert_eq!(amount(&paid["ownerCut"]), expected.owner_cut);
	assert_eq!(amount(&paid["miners"]), expected.miners);
	assert_eq!(amount(&paid["validators"]), expected.validators);
	assert!(amount(&paid["miners"]) > 0, "{paid}");
	let payouts = paid["payouts"].as_array().expect("payouts");
	assert_eq!(payouts.len(), expected.payouts.len());
	for (json, p) in payouts.iter().zip(&expected.payouts) {
		assert_eq!(json["uid"], p.uid);
		assert_eq!(json["hotkey"], p.hotkey.to_ss58check());
		assert_eq!(amount(&json["emission"]), p.emission);
	}
	let dave = payouts.iter().find(|p| p["hotkey"] == address(DaveStash)).expect("Dave paid");
	assert_eq!(dave["incentive"], 0.75, "weights 3:1 from the only active validator");

	// --- merit_subscribeMetagraph: again after the epoch, at its block. ---
	let after = next_at(&mut graphs, &hash).await;
	assert_eq!(after["metagraph"]["rows"][2]["incentive"], 0.75);
	assert_eq!(after["metagraph"]["rows"][3]["incentive"], 0.25);

	// --- merit_metagraph: every field, readable; agrees with the runtime API. ---
	let graph =
		ok(&ws, "merit_metagraph", rpc_params![NETUID, None::<()>, None::<()>, &hash]).await;
	assert_eq!(graph["at"], json!({"hash": hash, "number": graph["at"]["number"]}));
	let page: Result<MetagraphPage<AccountId, Balance>, ()> = rpc
		.runtime_api(
			"MetagraphApi_metagraph_page",
			(NETUID, Vec::<MetagraphField>::new(), 0u16, 4096u16),
			Some(epoch_block),
		)
		.await;
	let page = page.expect("a page");
	let rows = graph["metagraph"]["rows"].as_array().expect("rows");
	assert_eq!(graph["metagraph"]["neurons"], 5);
	assert_eq!(graph["metagraph"]["fields"].as_array().unwrap().len(), 14);
	for (i, row) in rows.iter().enumerate() {
		assert_eq!(row["uid"], i);
		assert_eq!(row["hotkey"], page.hotkey.as_ref().unwrap()[i].to_ss58check());
		assert_eq!(row["coldkey"], page.coldkey.as_ref().unwrap()[i].to_ss58check());
		assert_eq!(amount(&row["stake"]), page.stake.as_ref().unwrap()[i]);
		assert_eq!(amount(&row["emission"]), page.emission.as_ref().unwrap()[i]);
		assert_eq!(row["axon"], Value::Null, "no axon served");
		assert_eq!(row["model"], Value::Null, "no model committed");
		assert!(row["validatorPermit"].is_boolean() && row["consensus"].is_number());
	}
	assert_eq!(rows[0]["hotkey"], address(BobStash));
	assert_eq!(rows[0]["validatorPermit"], true);
	assert_eq!(rows[0]["dividends"], 1.0, "the only active validator");
	assert!(rows[0]["lastUpdate"].is_number());
	assert_eq!(rows[4]["lastUpdate"], Value::Null, "Ferdie never set weights");

	// A page of two UIDs with two fields.
	let part = ok(
		&ws,
		"merit_metagraph",
		rpc_params![NETUID, ["stake", "validator_permit"], json!({"start": 1, "count": 2})],
	)
	.await;
	let uids: Vec<&Value> =
		part["metagraph"]["rows"].as_array().unwrap().iter().map(|r| &r["uid"]).collect();
	assert_eq!(uids, [1, 2]);
	assert_eq!(part["metagraph"]["rows"][0]["validatorPermit"], true);
	assert!(part["metagraph"]["rows"][0].get("hotkey").is_none());

	// --- merit_subnets, merit_subnet, merit_costs. ---
	let subnets = ok(&ws, "merit_subnets", rpc_params![]).await;
	let subnet = &subnets["subnets"][0];
	assert_eq!(subnets["subnets"].as_array().unwrap().len(), 1);
	assert_eq!(subnet["netuid"], 0);
	assert_eq!(subnet["owner"], address(Alice));
	assert_eq!(subnet["ownerHotkey"], address(AliceStash));
	assert_eq!(subnet["task"]["kind"], "digits");
	assert_eq!(subnet["task"]["datasetId"], "uci-digits");
	assert_eq!(subnet["hyperparams"]["commitReveal"], false);
	assert!(subnet["hyperparams"]["kappa"].as_f64().is_some_and(|k| k > 0.0 && k < 1.0));
	let one = ok(&ws, "merit_subnet", rpc_params![NETUID]).await;
	assert_eq!(one["subnet"], *subnet);
	let costs = ok(&ws, "merit_costs", rpc_params![]).await;
	let cost = &costs["costs"]["subnets"][0];
	assert_eq!(cost["burn"], subnet["burn"]);
	assert_eq!(cost["bond"], subnet["hyperparams"]["minerBond"]);
	assert_eq!(amount(&cost["total"]), amount(&cost["burn"]) + amount(&cost["bond"]));
	assert!(amount(&costs["costs"]["subnetLock"]) >= 100 * UNIT);

	// --- merit_neuron, merit_weights, merit_epoch. ---
	let neuron = ok(&ws, "merit_neuron", rpc_params![NETUID, 2]).await;
	assert_eq!(neuron["neuron"]["hotkey"], address(DaveStash));
	assert_eq!(neuron["neuron"]["coldkey"], address(Dave));
	assert_eq!(neuron["neuron"]["bond"], cost["bond"]);
	assert_eq!(neuron["neuron"]["incentive"], 0.75);
	assert!(neuron["neuron"]["immune"].is_boolean());
	let weights = ok(&ws, "merit_weights", rpc_params![NETUID, 0]).await;
	assert_eq!(weights["weights"]["hotkey"], address(BobStash));
	let row = weights["weights"]["weights"].as_array().unwrap();
	assert_eq!(row.iter().map(|w| w["uid"].clone()).collect::<Vec<_>>(), [2, 3]);
	assert_eq!(row[0]["share"], 0.75);
	let none = ok(&ws, "merit_weights", rpc_params![NETUID, 4]).await;
	assert_eq!(none["weights"]["weights"], json!([]), "a miner set no weights");
	let epoch = ok(&ws, "merit_epoch", rpc_params![NETUID]).await;
	assert_eq!(epoch["epoch"]["epoch"], 2);
	let number = epoch["at"]["number"].as_u64().unwrap();
	let due = epoch["epoch"]["nextDue"].as_u64().unwrap();
	assert_eq!(epoch["epoch"]["blocksUntilNext"].as_u64().unwrap(), due - number);

	// --- merit_stake, merit_hotkey, merit_delegates. ---
	let stake = ok(&ws, "merit_stake", rpc_params![address(Bob)]).await;
	let stake = &stake["stake"];
	assert_eq!(stake["coldkey"], address(Bob));
	assert_eq!(stake["positions"][0]["hotkey"], address(BobStash));
	// 300 MRT staked, and the dividends paid on BobStash since (held as stake too).
	assert!(amount(&stake["balances"]["held"]["stake"]) >= 300 * UNIT, "{stake}");
	assert_eq!(stake["balances"]["held"]["bond"], cost["bond"], "Bob bonded BobStash");
	assert_eq!(amount(&stake["balances"]["held"]["subnetLock"]), 0);
	let alice = ok(&ws, "merit_stake", rpc_params![address(Alice)]).await;
	assert_eq!(alice["stake"]["balances"]["held"]["subnetLock"], subnet["lock"]);
	let hotkey = ok(&ws, "merit_hotkey", rpc_params![address(BobStash)]).await;
	assert_eq!(hotkey["hotkey"]["owner"], address(Bob));
	assert!(amount(&hotkey["hotkey"]["totalStake"]) >= 300 * UNIT);
	let delegates = ok(&ws, "merit_delegates", rpc_params![]).await;
	let bob = &delegates["delegates"][0];
	assert_eq!(bob["hotkey"], address(BobStash));
	assert_eq!(bob["owner"], address(Bob));
	assert!(bob["take"].as_f64().is_some_and(|t| t > 0.0 && t < 1.0), "{bob}");
	assert_eq!(bob["stakers"], 1);
	assert_eq!(hotkey["hotkey"]["take"], bob["take"]);

	// --- Reads at a block: the subnet did not exist at genesis. ---
	let genesis = format!("{:?}", rpc.block_hash(0).await.unwrap());
	let (code, _) = refused(&ws, "merit_subnet", rpc_params![NETUID, &genesis]).await;
	assert_eq!(code, UNKNOWN_SUBNET);
	let at_genesis = ok(&ws, "merit_subnets", rpc_params![&genesis]).await;
	assert_eq!(at_genesis["subnets"], json!([]));
	assert_eq!(at_genesis["at"]["number"], 0);

	// --- Bad input: an error with Merit's code and a message, never an empty success. ---
	let unknown_block = format!("0x{}", "ab".repeat(32));
	let polkadot_alice =
		Alice.to_account_id().to_ss58check_with_version(Ss58AddressFormat::custom(0));
	let cases: Vec<(&str, ArrayParams, i32, &str)> = vec![
		("merit_subnet", rpc_params![7], UNKNOWN_SUBNET, "netuid 7"),
		("merit_epoch", rpc_params![7], UNKNOWN_SUBNET, "netuid 7"),
		("merit_metagraph", rpc_params![7], UNKNOWN_SUBNET, "netuid 7"),
		("merit_weights", rpc_params![7, 0], UNKNOWN_SUBNET, "netuid 7"),
		("merit_neuron", rpc_params![7, 0], UNKNOWN_SUBNET, "netuid 7"),
		("merit_neuron", rpc_params![NETUID, 99], UNKNOWN_NEURON, "5 neurons"),
		("merit_weights", rpc_params![NETUID, 5], UNKNOWN_NEURON, "no UID 5"),
		("merit_stake", rpc_params!["hello"], BAD_ADDRESS, "not an SS58 address"),
		("merit_stake", rpc_params![""], BAD_ADDRESS, "not an SS58 address"),
		("merit_stake", rpc_params![&polkadot_alice], BAD_ADDRESS, "prefix is 42"),
		("merit_hotkey", rpc_params!["5Grwva"], BAD_ADDRESS, "not an SS58 address"),
		("merit_metagraph", rpc_params![NETUID, ["size"]], BAD_FIELD, "\"size\""),
		("merit_metagraph", rpc_params![NETUID, Vec::<String>::new()], BAD_FIELD, "empty"),
		(
			"merit_metagraph",
			rpc_params![NETUID, None::<()>, json!({"count": 5000})],
			BAD_RANGE,
			"4096",
		),
		("merit_metagraph", rpc_params![NETUID, None::<()>, json!({"count": 0})], BAD_RANGE, "0"),
		(
			"merit_metagraph",
			rpc_params![NETUID, None::<()>, json!({"start": 9})],
			BAD_RANGE,
			"5 neurons",
		),
		(
			"merit_metagraph",
			rpc_params![NETUID, None::<()>, json!({"begin": 1})],
			INVALID_PARAMS,
			"begin",
		),
		("merit_subnets", rpc_params![&unknown_block], UNKNOWN_BLOCK, "not known"),
		("merit_subnet", rpc_params!["zero"], INVALID_PARAMS, ""),
		("merit_subnet", rpc_params![70_000], INVALID_PARAMS, ""),
		("merit_subnet", rpc_params![-1], INVALID_PARAMS, ""),
		("merit_subnets", rpc_params!["0x1234"], INVALID_PARAMS, ""),
	];
	for (method, params, code, says) in cases {
		let (got, message) = refused(&ws, method, params).await;
		assert_eq!(got, code, "{method}: {message}");
		assert!(message.contains(says), "{method}: {message:?} should say {says:?}");
	}
	for (method, params, code) in [
		("merit_subscribeEpochs", rpc_params![7], UNKNOWN_SUBNET),
		("merit_subscribeMetagraph", rpc_params![7], UNKNOWN_SUBNET),
		("merit_subscribeMetagraph", rpc_params![NETUID, ["bogus"]], BAD_FIELD),
	] {
		let sub = ws.subscribe::<Value, _>(method, params, "merit_unsubscribeEpochs").await;
		match sub {
			Err(ClientError::Call(e)) => assert_eq!(e.code(), code, "{method}: {e}"),
			other => panic!("{method} should have been refused, got {other:?}"),
		}
	}

	// --- A runtime API input that does not decode: the panic's message names the function
	// (the runtime reports panics with `abort_on_panic`; Substrate's executor appends a Wasm
	// backtrace, which the node cannot strip from `state_call`). ---
	let (_, bad) = refused(&ws, "state_call", rpc_params!["SubnetsApi_subnet", "0x01"]).await;
	assert!(bad.contains("Bad input data provided to subnet"), "{bad}");
	assert!(!bad.contains("`unreachable` instruction"), "{bad}");

	// --- The batch limit: 64 requests answered, 65 refused whole, over plain HTTP. ---
	let batch = |n: usize| {
		let calls: Vec<Value> = (0..n)
			.map(|id| json!({"jsonrpc": "2.0", "id": id, "method": "system_health", "params": []}))
			.collect();
		Value::Array(calls).to_string()
	};
	let answered = merit_e2e::http::post_json(node.rpc_port, &batch(64)).await;
	assert_eq!(answered.as_array().map(Vec::len), Some(64), "{answered}");
	assert!(answered[63]["result"].is_object());
	let over = merit_e2e::http::post_json(node.rpc_port, &batch(65)).await;
	assert!(over["error"]["message"].as_str().is_some_and(|m| m.contains("atch")), "{over}");
	assert!(over.get("result").is_none() && !over.is_array(), "{over}");

	// The node is still healthy after all of it.
	assert!(ok(&ws, "merit_subnets", rpc_params![]).await["subnets"].is_array());
	record("merit_subscribeEpochs", &rpc_params![NETUID], &message);
	record("merit_subscribeMetagraph", &rpc_params![NETUID, ["stake", "incentive"]], &after);
	write_examples();
}
