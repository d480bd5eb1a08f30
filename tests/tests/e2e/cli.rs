//! `merit`, the command line, against a real dev node, the way its users run it: the release
//! binary with `--output json`, a wallet directory of its own, every command with valid and bad
//! input. One node (instant sealing, so epochs and referenda run as fast as blocks are asked
//! for) serves the whole walk: wallets (polkadot.js key files both ways), balances and
//! transfers, a subnet created and tuned by its owner, registration with the hotkey's consent,
//! axons, stake and delegation, the metagraph and epochs, weights set directly and by
//! commit-reveal, and governance from proposal to enactment, voting with staked MRT.

use merit_e2e::{
	cli::{Merit, PASSWORD},
	js,
	node::{MeritNode, STARTUP},
	rpc::Rpc,
};
use serde_json::{json, Value};
use sp_core::crypto::Ss58Codec;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Ferdie};

const UNIT: u128 = merit_runtime::UNIT;

fn planck(v: &Value) -> u128 {
	v.as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("not an amount: {v}"))
}

/// `args` then `extra`: a command with the keys it runs as.
fn with<'a>(args: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
	[args, extra].concat()
}

fn text(v: &Value) -> String {
	v.as_str().unwrap_or_else(|| panic!("not text: {v}")).to_string()
}

/// The addresses the walk creates.
struct Keys {
	owner: String,
	validator: String,
	miner: String,
}

#[tokio::test(flavor = "multi_thread")]
async fn merit_cli_against_a_dev_node() {
	let mut node = MeritNode::start("cli", &["--dev", "--sealing", "instant"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	let merit = Merit::new(&node.ws_url());

	let keys = wallets(&merit, &node).await;
	funds(&merit, &keys);
	let netuid = subnet(&merit, &keys);
	neurons(&merit, &keys, netuid);
	stake(&merit, &keys);
	epochs_and_metagraph(&merit, &rpc, &keys, netuid).await;
	weights(&merit, &rpc, &keys, netuid).await;
	governance(&merit, &rpc, &keys, netuid).await;
	weights_set_directly(&merit, netuid);
	stake_matured(&merit, &rpc, &keys).await;
}

/// Wallets: created encrypted, listed, restored from the mnemonic, opened by polkadot.js, and
/// polkadot.js's own key file imported and signing on chain.
async fn wallets(merit: &Merit, node: &MeritNode) -> Keys {
	let created = merit.ok(&["wallet", "create", "--wallet", "owner", "--hotkey", "validator"]);
	let (cold, hot) = (&created["coldkey"], &created["hotkey"]);
	assert_eq!(cold["encrypted"], true, "{created}");
	assert_eq!(hot["encrypted"], false, "{created}");
	let mnemonic = text(&cold["mnemonic"]);
	assert_eq!(mnemonic.split(' ').count(), 12);
	let coldkey_file = merit.wallets().join("owner/coldkey.json");
	let mode = std::fs::metadata(&coldkey_file).expect("the coldkey file").permissions();
	assert_eq!(std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777, 0o600);
	let miner = merit.ok(&["wallet", "new-hotkey", "--wallet", "owner", "--hotkey", "miner"]);
	let keys = Keys {
		owner: text(&cold["address"]),
		validator: text(&hot["address"]),
		miner: text(&miner["hotkey"]["address"]),
	};

	let list = merit.ok(&["wallet", "list"]);
	let owner = &list["wallets"][0];
	assert_eq!(owner["name"], "owner");
	assert_eq!(owner["coldkey"], keys.owner.as_str());
	assert_eq!(owner["hotkeys"].as_array().map(Vec::len), Some(2), "{list}");
	let shown = merit.ok(&["wallet", "show", "--wallet", "owner"]);
	assert_eq!(shown["coldkey"], keys.owner.as_str());

	// The mnemonic restores the coldkey, read from stdin (never from the command line).
	let restored = merit.run_text(
		&["--output", "json", "wallet", "import", "coldkey", "--wallet", "restored", "--from", "-"],
		&format!("{mnemonic}\n"),
	);
	assert!(restored.ok, "{}", restored.stderr);
	assert!(restored.stdout.contains(&keys.owner), "{}", restored.stdout);

	// polkadot.js opens the coldkey `merit` wrote, with its password, and signs with it.
	let path = coldkey_file.to_string_lossy().into_owned();
	let opened = js::run(node, "keyfile.mjs", &["decode".into(), path, PASSWORD.into()]).await;
	assert_eq!(opened["address"], keys.owner.as_str());
	assert_eq!(opened["signatureValid"], true);

	// polkadot.js's export of Ferdie, in Polkadot's address format, imports with its own
	// password (kept under Merit's address) and signs a transfer.
	let exported = merit.wallets().join("ferdie-polkadot-js.json");
	let pjs_password = "polkadot.js password";
	let args = [
		"encode".into(),
		"//Ferdie".into(),
		pjs_password.into(),
		exported.to_string_lossy().into_owned(),
	];
	let encoded = js::run(node, "keyfile.mjs", &args).await;
	let polkadot_format = sp_core::crypto::Ss58AddressFormat::custom(0);
	let ferdie_on_polkadot = Ferdie.public().to_ss58check_with_version(polkadot_format);
	assert_eq!(encoded["address"], ferdie_on_polkadot.as_str());
	let password_file = merit.wallets().join("pjs-password");
	std::fs::write(&password_file, pjs_password).expect("write the password file");
	let (exported, password_file) = (exported.to_string_lossy(), password_file.to_string_lossy());
	let imported = merit.ok(&[
		"wallet",
		"import",
		"coldkey",
		"--wallet",
		"ferdie",
		"--from",
		&exported,
		"--password-file",
		&password_file,
	]);
	assert_eq!(imported["address"], Ferdie.to_account_id().to_string());
	let shown = merit.ok(&["wallet", "show", "--wallet", "ferdie"]);
	assert_eq!(shown["coldkey"], Ferdie.to_account_id().to_string().as_str(), "{shown}");
	let sent = merit.ok(&[
		"transfer",
		"--wallet",
		"ferdie",
		"--password-file",
		&password_file,
		"--to",
		&keys.owner,
		"1",
		"--yes",
	]);
	assert!(
		sent["events"].as_array().is_some_and(|e| e.contains(&json!("Balances.Transfer"))),
		"{sent}"
	);

	// Bad input changes nothing.
	merit.fails(&["wallet", "new-coldkey", "--wallet", "owner"], "is never overwritten");
	// `create` over an existing hotkey writes no coldkey (whose mnemonic it could not print).
	merit.ok(&["wallet", "new-hotkey", "--wallet", "half"]);
	merit.fails(&["wallet", "create", "--wallet", "half"], "is never overwritten");
	assert!(!merit.wallets().join("half/coldkey.json").exists());
	// A folder without keys is no wallet, and does not break the list.
	std::fs::create_dir_all(merit.wallets().join("backup")).expect("a folder");
	let names: Vec<Value> = merit.ok(&["wallet", "list"])["wallets"]
		.as_array()
		.expect("wallets")
		.iter()
		.map(|w| w["name"].clone())
		.collect();
	assert!(names.contains(&json!("half")) && !names.contains(&json!("backup")), "{names:?}");
	merit.fails(&["wallet", "create", "--wallet", "../escape"], "not a wallet or key name");
	merit.fails(&["wallet", "show", "--wallet", "nobody"], "no wallet");
	let garbage = merit.wallets().join("garbage.json");
	std::fs::write(&garbage, "{\"not\": \"a key\"}").expect("write");
	merit.fails(
		&["wallet", "import", "hotkey", "--wallet", "x", "--from", &garbage.to_string_lossy()],
		"neither a polkadot.js key file",
	);
	let wrong = merit.wallets().join("wrong-password");
	std::fs::write(&wrong, "not the password").expect("write");
	merit.fails(
		&[
			"transfer",
			"--wallet",
			"owner",
			"--password-file",
			&wrong.to_string_lossy(),
			"--to",
			&keys.miner,
			"0.5",
			"--yes",
		],
		"wrong password",
	);
	keys
}

/// Balances and transfers: amounts in MRT or planck, confirmation, progress, errors.
fn funds(merit: &Merit, keys: &Keys) {
	let alice = merit.ok(&["balance", "--coldkey-uri", "//Alice"]);
	assert_eq!(alice["address"], Alice.to_account_id().to_string());
	assert!(planck(&alice["balances"]["free"]) > 100_000 * UNIT, "{alice}");
	let by_address = merit.ok(&["balance", &Alice.to_account_id().to_string()]);
	assert_eq!(by_address["balances"], alice["balances"]);

	let before = planck(&merit.ok(&["balance", "--wallet", "owner"])["balances"]["free"]);
	let answer =
		merit.run(&["transfer", "--coldkey-uri", "//Alice", "--to", &keys.owner, "20000", "--yes"]);
	assert!(answer.ok, "{}", answer.stderr);
	// Without a terminal, progress is plain lines: the pool, the block, finality.
	assert!(
		answer.stderr.contains("in block") && answer.stderr.contains("finalized"),
		"{}",
		answer.stderr
	);
	assert!(planck(&answer.json["fee"]) > 0);
	let after = planck(&merit.ok(&["balance", "--wallet", "owner"])["balances"]["free"]);
	assert_eq!(after, before + 20_000 * UNIT);
	// Planck with a suffix: the hotkeys get fees to sign with, from the encrypted coldkey.
	for hotkey in [&keys.validator, &keys.miner] {
		merit.ok(&["transfer", "--wallet", "owner", "--to", hotkey, "10000000000000p", "--yes"]);
		assert_eq!(planck(&merit.ok(&["balance", hotkey])["balances"]["free"]), 10 * UNIT);
	}

	// Nothing is sent unconfirmed, too precise, unaffordable or to another network.
	let free = || planck(&merit.ok(&["balance", &keys.miner])["balances"]["free"]);
	let miner_before = free();
	merit.fails(&["transfer", "--wallet", "owner", "--to", &keys.miner, "1"], "pass --yes");
	merit.fails(
		&["transfer", "--wallet", "owner", "--to", &keys.miner, "1.0000000000001", "--yes"],
		"12 decimals",
	);
	merit.fails(&["transfer", "--wallet", "owner", "--to", &keys.miner, "-1", "--yes"], "negative");
	merit.fails(
		&["transfer", "--wallet", "owner", "--to", &keys.miner, "0", "--yes"],
		"amount is 0",
	);
	merit.fails(
		&["transfer", "--wallet", "owner", "--to", &keys.miner, "1000000000", "--yes"],
		"short",
	);
	merit.fails(
		&[
			"transfer",
			"--wallet",
			"owner",
			"--to",
			"15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5",
			"1",
			"--yes",
		],
		"network 0",
	);
	merit.fails(&["balance", "5NotAnAddress"], "not an SS58 address");
	assert_eq!(free(), miner_before);
	let unreachable = merit.run(&["--url", "ws://127.0.0.1:9", "balance", &keys.miner]);
	assert!(!unreachable.ok && text(&unreachable.json["error"]).contains("cannot reach a node"));
}

/// A subnet created by the owner wallet, read back; the owner's limits enforced.
fn subnet(merit: &Merit, keys: &Keys) -> u16 {
	let created = merit.ok(&[
		"subnet",
		"create",
		"--wallet",
		"owner",
		"--hotkey",
		"validator",
		"--task",
		"digits",
		"--yes",
	]);
	let netuid = created["netuid"].as_u64().expect("a netuid") as u16;
	let n = netuid.to_string();
	assert!(planck(&created["lock"]) >= 100 * UNIT);
	let list = merit.ok(&["subnet", "list"]);
	let row = list["subnets"]
		.as_array()
		.and_then(|s| s.iter().find(|r| r["netuid"] == json!(netuid)).cloned())
		.expect("listed");
	assert_eq!(row["owner"], keys.owner.as_str());
	assert_eq!(row["task"], "digits");
	let shown = merit.ok(&["subnet", "show", &n]);
	assert_eq!(shown["subnet"]["ownerHotkey"], keys.validator.as_str());
	let params = merit.ok(&["subnet", "hyperparameters", &n]);
	assert_eq!(params["hyperparams"]["tempo"], 10);
	assert_eq!(params["pendingHyperparams"], Value::Null);

	merit.fails(&["subnet", "show", "999"], "no subnet has netuid 999");
	merit.fails(
		&["subnet", "set", &n, "tempo", "5", "--wallet", "owner", "--yes"],
		"governance only",
	);
	merit.fails(
		&["subnet", "set", &n, "bogus", "1", "--wallet", "owner", "--yes"],
		"no hyperparameter",
	);
	merit.fails(
		&["subnet", "set", &n, "kappa", "2", "--wallet", "owner", "--yes"],
		"between 0 and 1",
	);
	merit.fails(
		&["subnet", "set", &n, "immunityPeriod", "30", "--coldkey-uri", "//Bob", "--yes"],
		"only its owner",
	);
	merit.fails(
		&[
			"subnet",
			"create",
			"--task",
			"digits",
			"--dataset",
			&"x".repeat(65),
			"--coldkey-uri",
			"//Bob",
			"--yes",
		],
		"at most 64 bytes",
	);
	netuid
}

/// Registration (with a new hotkey's consent), a second one refused, axons.
fn neurons(merit: &Merit, keys: &Keys, netuid: u16) {
	let n = netuid.to_string();
	let validator = merit.ok(&[
		"register",
		"--netuid",
		&n,
		"--wallet",
		"owner",
		"--hotkey",
		"validator",
		"--yes",
	]);
	assert_eq!(validator["uid"], 0);
	let miner =
		merit.ok(&["register", "--netuid", &n, "--wallet", "owner", "--hotkey", "miner", "--yes"]);
	assert_eq!(miner["uid"], 1);
	assert_eq!(miner["hotkey"], keys.miner.as_str());
	merit.fails(
		&["register", "--netuid", &n, "--wallet", "owner", "--hotkey", "miner", "--yes"],
		"already holds UID 1",
	);
	merit.fails(
		&["register", "--netuid", "999", "--wallet", "owner", "--hotkey", "miner", "--yes"],
		"no subnet has netuid 999",
	);
	// Bob's coldkey cannot take the owner's hotkey.
	merit.fails(
		&[
			"register",
			"--netuid",
			&n,
			"--coldkey-uri",
			"//Bob",
			"--wallet",
			"owner",
			"--hotkey",
			"miner",
			"--yes",
		],
		"registered to coldkey",
	);

	let served = merit.ok(&[
		"serve",
		"--netuid",
		&n,
		"--wallet",
		"owner",
		"--hotkey",
		"miner",
		"--ip",
		"127.0.0.1",
		"--port",
		"8700",
		"--yes",
	]);
	assert_eq!(served["axon"], "127.0.0.1:8700");
	merit.fails(
		&[
			"serve",
			"--netuid",
			&n,
			"--wallet",
			"owner",
			"--hotkey",
			"miner",
			"--ip",
			"127.0.0.1",
			"--port",
			"0",
			"--yes",
		],
		"port 0",
	);
	// The chain refuses a multicast address; the error names the pallet's and advises.
	let error = merit.fails(
		&[
			"serve",
			"--netuid",
			&n,
			"--wallet",
			"owner",
			"--hotkey",
			"miner",
			"--ip",
			"224.0.0.1",
			"--port",
			"8700",
			"--yes",
		],
		"Subnets(InvalidIpAddress)",
	);
	assert!(error.contains("serve a public address"), "{error}");
}

/// Stake on one's own hotkey, delegation, a nominator, unbonding; each refusal explained.
fn stake(merit: &Merit, keys: &Keys) {
	let owner = ["--wallet", "owner", "--hotkey", "validator", "--yes"];
	merit.ok(&with(&["stake", "add", "500"], &owner));
	let shown = merit.ok(&["stake", "show", "--wallet", "owner"]);
	let position = &shown["positions"][0];
	assert_eq!(position["hotkey"], keys.validator.as_str());
	assert_eq!(planck(&position["stake"]), 500 * UNIT);
	merit.fails(&with(&["stake", "add", "0"], &owner), "amount is 0");

	// Bob cannot stake on a hotkey that takes no nominators, until it becomes a delegate.
	let bob = ["--coldkey-uri", "//Bob", "--yes"];
	let error = merit.fails(
		&[&["stake", "add", "100", "--on", &keys.validator][..], &bob[..]].concat(),
		"Staking(NotADelegate)",
	);
	assert!(error.contains("stake on a delegate"), "{error}");
	merit.ok(&with(&["delegate", "become"], &owner));
	merit.ok(&with(&["delegate", "take", "10%"], &owner));
	merit.fails(&with(&["delegate", "take", "150%"], &owner), "between 0 and 1");
	let delegates = merit.ok(&["delegate", "list"]);
	let listed = delegates["delegates"]
		.as_array()
		.and_then(|d| d.iter().find(|x| x["hotkey"] == json!(keys.validator)).cloned())
		.expect("listed");
	assert_eq!(listed["take"], 0.1);
	merit.ok(&[&["stake", "add", "100", "--on", &keys.validator][..], &bob[..]].concat());

	merit.ok(&with(&["stake", "remove", "50"], &owner));
	let shown = merit.ok(&["stake", "show", "--wallet", "owner"]);
	assert_eq!(planck(&shown["positions"][0]["unbonding"][0]["amount"]), 50 * UNIT);
	merit.fails(&with(&["stake", "remove", "100000"], &owner), "less than");
	merit.fails(&with(&["stake", "withdraw"], &owner), "the next unbonding ends at block");
	merit.fails(&with(&["stake", "claim"], &owner), "no rewards are pending");
	merit.fails(
		&["stake", "remove", "1", "--on", &keys.miner, "--wallet", "owner", "--yes"],
		"has no stake on",
	);
}

/// An epoch runs; the metagraph sorts and picks columns; the epoch position reads.
async fn epochs_and_metagraph(merit: &Merit, rpc: &Rpc, keys: &Keys, netuid: u16) {
	let n = netuid.to_string();
	rpc.create_blocks(10).await;
	let epoch = merit.ok(&["epoch", &n]);
	assert!(epoch["epoch"]["epoch"].as_u64() >= Some(1), "{epoch}");
	assert_eq!(epoch["epoch"]["tempo"], 10);
	merit.fails(&["epoch", "999"], "no subnet has netuid 999");

	let graph = merit.ok(&["metagraph", &n, "--sort", "stake", "--desc"]);
	let uids: Vec<u64> =
		graph["rows"].as_array().expect("rows").iter().filter_map(|r| r["uid"].as_u64()).collect();
	assert_eq!(uids, [0, 1], "{graph}");
	assert_eq!(graph["rows"][0]["hotkey"], keys.validator.as_str());
	assert_eq!(graph["rows"][0]["validatorPermit"], true);
	assert_eq!(graph["rows"][1]["axon"]["address"], "127.0.0.1:8700");
	let ascending = merit.ok(&["metagraph", &n, "--sort", "stake"]);
	assert_eq!(ascending["rows"][0]["uid"], 1);
	let picked = merit.ok(&["metagraph", &n, "--fields", "uid,stake,permit"]);
	assert_eq!(picked["fields"], json!(["uid", "stake", "validatorPermit"]));
	assert_eq!(picked["rows"][0].as_object().map(|r| r.len()), Some(3), "{picked}");
	merit.fails(&["metagraph", &n, "--fields", "bogus"], "no metagraph column");
	merit.fails(&["metagraph", &n, "--sort", "bogus"], "no metagraph column");
	merit.fails(&["metagraph", "999"], "no subnet has netuid 999");
	let table = merit.run_text(&["metagraph", &n], "");
	assert!(
		table.ok && table.stdout.contains("incentive") && table.stdout.contains("127.0.0.1:8700"),
		"{}",
		table.stdout
	);
}

/// Weights: refused without a permit (saying how much stake it takes); committed and revealed
/// an epoch later (commit-reveal is on by default); then the owner turns commit-reveal off and
/// weights are set directly and read back.
async fn weights(merit: &Merit, rpc: &Rpc, keys: &Keys, netuid: u16) {
	let n = netuid.to_string();
	let validator = ["--wallet", "owner", "--hotkey", "validator", "--yes"];
	let error = merit.fails(
		&[
			"weights", "set", "--netuid", &n, "0=1", "--wallet", "owner", "--hotkey", "miner",
			"--yes",
		],
		"holds no validator permit",
	);
	assert!(error.contains("stake 10 MRT more (`merit stake add 10`)"), "{error}");
	merit.fails(&with(&["weights", "commit", "--netuid", &n, "1=x"], &validator), "not a weight");
	merit
		.fails(&with(&["weights", "set", "--netuid", &n, "1=1"], &validator), "uses commit-reveal");

	let committed = merit.ok(&with(&["weights", "commit", "--netuid", &n, "1=1"], &validator));
	let reveal_epoch = committed["commit"]["revealEpoch"].as_u64().expect("a reveal epoch");
	// The salt stays the owner's: anyone reading it would see the weights before the reveal.
	let kept = merit.wallets().join(format!("owner/commits/{n}-{}.json", keys.validator));
	let mode = std::fs::metadata(&kept).expect("the kept commit").permissions();
	assert_eq!(std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777, 0o600);
	merit.fails(
		&with(&["weights", "reveal", "--netuid", &n], &validator),
		&format!("the next is revealed in epoch {reveal_epoch}"),
	);
	while merit.ok(&["epoch", &n])["epoch"]["epoch"].as_u64() < Some(reveal_epoch) {
		rpc.create_blocks(1).await;
	}
	let revealed = merit.ok(&with(&["weights", "reveal", "--netuid", &n], &validator));
	assert_eq!(revealed["revealed"].as_array().map(Vec::len), Some(1), "{revealed}");
	merit.fails(&with(&["weights", "reveal", "--netuid", &n], &validator), "no unrevealed commit");
	let shown = merit.ok(&["weights", "show", "--netuid", &n, "--uid", "0"]);
	assert_eq!(shown["weights"]["weights"][0]["uid"], 1);
	assert_eq!(shown["weights"]["weights"][0]["share"], 1.0);
	merit.fails(&["weights", "show", "--netuid", &n, "--uid", "99"], "has no UID 99");

	// The owner tunes the subnet within its range (in force after the next epoch), but may
	// not turn commit-reveal off: governance may.
	let owner = ["--wallet", "owner", "--yes"];
	let immunity = with(&["subnet", "set", &n, "immunityPeriod", "30"], &owner);
	let queued = merit.run(&immunity);
	if !queued.ok {
		// The owner may not tune in the block before an epoch: one block later it may.
		assert!(text(&queued.json["error"]).contains("just before an epoch"), "{}", queued.stderr);
		rpc.create_blocks(1).await;
		merit.ok(&immunity);
	}
	let params = merit.ok(&["subnet", "hyperparameters", &n]);
	assert_eq!(params["pendingHyperparams"]["immunityPeriod"], 30);
	let error = merit
		.fails(&with(&["subnet", "set", &n, "commitReveal", "false"], &owner), "outside the range");
	assert!(error.contains("merit gov propose hyperparameter"), "{error}");
	let _ = keys;
}

/// Weights set directly, once governance turned commit-reveal off.
fn weights_set_directly(merit: &Merit, netuid: u16) {
	let n = netuid.to_string();
	let validator = ["--wallet", "owner", "--hotkey", "validator", "--yes"];
	merit.fails(
		&with(&["weights", "commit", "--netuid", &n, "1=1"], &validator),
		"does not use commit-reveal",
	);
	let error = merit.fails(
		&with(&["weights", "set", "--netuid", &n, "7=1"], &validator),
		"Consensus(UidOutOfRange)",
	);
	assert!(error.contains("merit metagraph"), "{error}");
	let set = merit.ok(&with(&["weights", "set", "--netuid", &n, "1=0.25"], &validator));
	assert_eq!(set["uids"], json!([1]));
	assert_eq!(set["weights"], json!([65535]));
}

/// Later: the subnet earns, so Bob's nomination has rewards to claim, and the owner's
/// unbonding has matured; slashes (none here) read.
async fn stake_matured(merit: &Merit, rpc: &Rpc, keys: &Keys) {
	rpc.create_blocks(20).await;
	let bob = ["--coldkey-uri", "//Bob", "--yes"];
	let claimed = merit.ok(&with(&["stake", "claim", "--on", &keys.validator], &bob));
	assert!(planck(&claimed["amount"]) > 0, "{claimed}");
	let withdrawn =
		merit.ok(&["stake", "withdraw", "--wallet", "owner", "--hotkey", "validator", "--yes"]);
	assert_eq!(planck(&withdrawn["amount"]), 50 * UNIT);
	merit.fails(
		&["stake", "withdraw", "--wallet", "owner", "--hotkey", "validator", "--yes"],
		"nothing is unbonding",
	);
	let slashes = merit.ok(&["slashes"]);
	assert_eq!(slashes["slashes"], json!([]));
	assert_eq!(slashes["applying"], json!([]), "no slash of stake is being applied");
	merit.fails(&["slashes", "--netuid", "999"], "no subnet has netuid 999");
}

/// Governance: a referendum proposed, voted on (with staked MRT among the votes), decided and
/// enacted; delegation on a track; bad votes refused.
async fn governance(merit: &Merit, rpc: &Rpc, keys: &Keys, netuid: u16) {
	let n = netuid.to_string();
	assert_eq!(merit.ok(&["gov", "list"])["referenda"], json!([]));
	let proposed = merit.ok(&[
		"gov",
		"propose",
		"emission-share",
		"--netuid",
		&n,
		"--share",
		"1",
		"--coldkey-uri",
		"//Alice",
		"--yes",
	]);
	let index = proposed["index"].as_u64().expect("an index").to_string();
	let proposed = merit.ok(&[
		"gov",
		"propose",
		"hyperparameter",
		&n,
		"commitReveal",
		"false",
		"--coldkey-uri",
		"//Alice",
		"--yes",
	]);
	let second = proposed["index"].as_u64().expect("an index").to_string();
	let status = merit.ok(&["gov", "status", &index]);
	assert_eq!(status["track"], "subnet_admin");
	assert_eq!(status["proposal"], "Consensus.set_emission_share");
	assert_eq!(merit.ok(&["gov", "list"])["referenda"].as_array().map(Vec::len), Some(2));

	// The owner votes with more than its free balance: stake counts.
	let balance = merit.ok(&["balance", "--wallet", "owner"]);
	let free = planck(&balance["balances"]["free"]);
	let staked = planck(&balance["balances"]["held"]["stake"]);
	assert!(staked >= 400 * UNIT, "{balance}");
	let vote = format!("{}p", free + 400 * UNIT);
	merit.ok(&[
		"gov",
		"vote",
		&index,
		"aye",
		&vote,
		"--conviction",
		"1",
		"--wallet",
		"owner",
		"--yes",
	]);
	for voter in ["//Alice", "//Charlie"] {
		for referendum in [&index, &second] {
			merit.ok(&[
				"gov",
				"vote",
				referendum,
				"aye",
				"600000",
				"--conviction",
				"1",
				"--coldkey-uri",
				voter,
				"--yes",
			]);
		}
	}
	let status = merit.ok(&["gov", "status", &index]);
	assert!(planck(&status["tally"]["ayes"]) > 1_200_000 * UNIT, "{status}");

	merit.fails(
		&["gov", "vote", "999", "aye", "1", "--coldkey-uri", "//Bob", "--yes"],
		"not open for votes",
	);
	merit.fails(
		&["gov", "vote", &index, "aye", "0", "--coldkey-uri", "//Bob", "--yes"],
		"above zero",
	);
	let bad_side =
		merit.run(&["gov", "vote", &index, "maybe", "1", "--coldkey-uri", "//Bob", "--yes"]);
	assert!(!bad_side.ok && bad_side.stderr.contains("invalid value"), "{}", bad_side.stderr);
	let error = merit.fails(
		&["gov", "vote", &index, "nay", "5000000", "--coldkey-uri", "//Bob", "--yes"],
		"ConvictionVoting(InsufficientFunds)",
	);
	assert!(error.contains("merit balance"), "{error}");
	merit.fails(&["gov", "status", "999"], "no referendum 999");
	merit.fails(
		&["gov", "propose", "call", "--track", "root", "0xff00", "--coldkey-uri", "//Bob", "--yes"],
		"does not decode",
	);
	merit.fails(
		&[
			"gov",
			"propose",
			"spend",
			"--to",
			&keys.owner,
			"200000",
			"--coldkey-uri",
			"//Bob",
			"--yes",
		],
		"above the treasurer track's limit",
	);

	let dave = ["--coldkey-uri", "//Dave", "--yes"];
	merit.ok(&[
		&["gov", "delegate", "--track", "root", "--to", &Bob.to_account_id().to_string(), "1000"][..],
		&dave[..],
	]
	.concat());
	merit.ok(&[&["gov", "undelegate", "--track", "root"][..], &dave[..]].concat());
	let error = merit.fails(
		&[&["gov", "undelegate", "--track", "root"][..], &dave[..]].concat(),
		"ConvictionVoting(",
	);
	assert!(!error.is_empty());

	// Sealed blocks decide it; its enactment gives the subnet its share.
	let approved = |i: &str| merit.ok(&["gov", "status", i])["state"] == "approved";
	for _ in 0..60 {
		if approved(&index) && approved(&second) {
			break;
		}
		rpc.create_blocks(1).await;
	}
	assert!(approved(&index) && approved(&second), "{}", merit.ok(&["gov", "status", &index]));
	rpc.create_blocks(2).await;
	assert_eq!(merit.ok(&["epoch", &n])["epoch"]["emissionShare"], 1);
	assert_eq!(merit.ok(&["subnet", "hyperparameters", &n])["hyperparams"]["commitReveal"], false);
	assert_eq!(merit.ok(&["gov", "list"])["referenda"], json!([]));
	let _ = (Charlie, Dave);
}
