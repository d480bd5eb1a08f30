//! The scoring round on a real dev node: three miners (a good model, a weak one, a corrupt
//! file) serve what they committed; the standalone validator scores them every epoch,
//! commits its weights, reveals them in the reveal epoch, and consensus ranks the miners'
//! incentive good > weak > corrupt. The validator is restarted from its state file after
//! every block, so its reveals survive restarts.

use merit_client::{chain, Signer};
use merit_e2e::{node::MeritNode, rpc};
use merit_miner::{onchain, serve, train};
use merit_primitives::{TaskKind, TaskSpec};
use merit_runtime::{Runtime, RuntimeCall, UNIT};
use merit_validator::{round::FetchLimits, standalone::Validator};
use std::{sync::Arc, time::Duration};

const NETUID: u16 = 0;
const BLOCK: Duration = Duration::from_secs(30);

fn signer(suri: &str) -> Signer {
	Signer::from_suri(suri).unwrap()
}

/// Serves `file` at its hash on a free loopback port.
async fn serve_file(file: Vec<u8>) -> u16 {
	let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
	let port = listener.local_addr().unwrap().port();
	let served = serve::Served {
		path: chain::model_path(&chain::model_hash(&file)),
		file: file.into(),
		slots: Arc::new(tokio::sync::Semaphore::new(4)),
	};
	tokio::spawn(serve::serve_on(listener, served));
	port
}

fn plan(steps: u32) -> train::Plan {
	train::Plan { hidden: vec![32], steps, batch: 128, learning_rate: 0.01, seed: 11, width: 8 }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_validator_ranks_good_over_weak_over_corrupt() {
	let mut node = MeritNode::start("validator", &["--dev", "--sealing", "instant"]);
	let client = rpc::client(&mut node, merit_e2e::node::STARTUP).await;
	let alice = signer("//Alice");
	let task = TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: 1 << 20,
		dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
		eval_size: 512,
	};
	let register_subnet =
		RuntimeCall::Subnets(pallet_merit_subnets::Call::<Runtime>::register_subnet {
			owner_hotkey: signer("//Alice//stash").account(),
			task,
			consent: Some(signer("//Alice//stash").consent(
				&alice.account(),
				&client.genesis().await.unwrap(),
				u32::MAX,
			)),
		});
	client
		.sign_and_submit(register_subnet, &alice, BLOCK)
		.await
		.unwrap()
		.into_result("subnet")
		.unwrap();
	// New subnets earn nothing until the admin (sudo on the dev chain) grants a share.
	let grant =
		RuntimeCall::Consensus(pallet_merit_consensus::Call::<Runtime>::set_emission_share {
			netuid: NETUID,
			share: 1,
		});
	let sudo = RuntimeCall::Sudo(pallet_sudo::Call::<Runtime>::sudo { call: Box::new(grant) });
	client.sign_and_submit(sudo, &alice, BLOCK).await.unwrap().into_result("sudo").unwrap();
	let epoch = client.subnet_epoch(NETUID, None).await.unwrap().unwrap();
	assert_eq!(epoch.emission_share, 1);

	// The validator: Bob's stash as hotkey (UID 0), staked by Bob for a permit.
	let (bob, validator) = (signer("//Bob"), signer("//Bob//stash"));
	onchain::register(&client, NETUID, &bob, &validator).await.unwrap();
	let stake = RuntimeCall::Staking(pallet_merit_staking::Call::<Runtime>::add_stake {
		hotkey: validator.account(),
		amount: 300 * UNIT,
	});
	client.sign_and_submit(stake, &bob, BLOCK).await.unwrap().into_result("add_stake").unwrap();

	// Three miners (UIDs 1, 2, 3): a good model, a weak one, a corrupt file.
	let files = [
		train::digits(&plan(300)).unwrap(),
		train::digits(&plan(4)).unwrap(),
		b"this is not a model".to_vec(),
	];
	for (file, name) in files.iter().zip(["Dave", "Eve", "Ferdie"]) {
		let (coldkey, hotkey) = (signer(&format!("//{name}")), signer(&format!("//{name}//stash")));
		onchain::register(&client, NETUID, &coldkey, &hotkey).await.unwrap();
		onchain::commit(&client, NETUID, &hotkey, file).await.unwrap();
		let port = serve_file(file.clone()).await;
		onchain::announce(&client, NETUID, &hotkey, "127.0.0.1".parse().unwrap(), port)
			.await
			.unwrap();
	}

	// Blocks one at a time; the validator looks at the chain after each.
	let limits = FetchLimits {
		timeout: Duration::from_secs(5),
		parallel: 4,
		round: Duration::from_secs(60),
		..FetchLimits::standard()
	};
	let state = std::env::temp_dir().join(format!("merit-e2e-validator-{}", std::process::id()));
	let _ = std::fs::remove_file(&state);
	let mut rounds = Vec::new();
	let mut revealed_after_restart = false;
	for _ in 0..80 {
		client.call("engine_createBlock", jsonrpsee::rpc_params![true, true]).await.unwrap();
		// A fresh process each block: everything it knows comes from the state file.
		let mut validator_state = Validator::with_state_file(&state).unwrap();
		let due = validator_state.pending().to_vec();
		if let Some(report) =
			validator_state.step(&client, &validator, NETUID, limits).await.unwrap()
		{
			rounds.push(report);
		}
		revealed_after_restart |= due.iter().any(|p| !validator_state.pending().contains(p));
		let epoch = client.subnet_epoch(NETUID, None).await.unwrap().unwrap();
		if epoch.epoch >= 5 {
			break;
		}
	}
	let _ = std::fs::remove_file(&state);
	assert!(rounds.len() >= 3, "a round every epoch with a permit: {rounds:?}");
	assert!(revealed_after_restart, "reveals committed before a restart are made after it");
	let last = rounds.last().unwrap();
	let scores: Vec<u32> = last
		.result
		.miners
		.iter()
		.map(|(_, outcome)| match outcome {
			merit_primitives::round::Outcome::Scored { score, .. } => *score,
			_ => 0,
		})
		.collect();
	assert_eq!(last.result.miners.iter().map(|(c, _)| c.uid).collect::<Vec<_>>(), [1, 2, 3]);
	assert!(scores[0] > scores[1] && scores[2] == 0, "{scores:?}");

	let graph = client.metagraph(NETUID, None).await.unwrap().unwrap();
	let incentive: Vec<_> = graph.iter().map(|n| n.incentive).collect();
	assert!(
		incentive[1] > incentive[2] && incentive[2] >= incentive[3],
		"good > weak ≥ corrupt: {incentive:?}"
	);
	assert!(incentive[3].is_zero(), "the corrupt file earns nothing: {incentive:?}");
	assert!(graph[1].emission > graph[2].emission, "emissions follow incentive");
}
