//! The miner against a real dev node: it trains a digits model, registers its hotkey, commits
//! and reveals the model, announces its axon and serves the file where the chain says.

use merit_client::{chain, Signer};
use merit_e2e::node::{MeritNode, STARTUP};
use merit_miner::{onchain, serve, train};
use merit_primitives::{TaskKind, TaskSpec};
use merit_runtime::{Runtime, RuntimeCall};
use std::{sync::Arc, time::Duration};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const NETUID: u16 = 0;

#[tokio::test(flavor = "multi_thread")]
async fn a_miner_registers_commits_announces_and_serves() {
	let mut node = MeritNode::start("miner", &["--dev", "--sealing", "instant"]);
	let client = merit_e2e::rpc::client(&mut node, STARTUP).await;
	let alice = Signer::from_suri("//Alice").unwrap();
	let hotkey = Signer::from_suri("//Alice//miner").unwrap();
	let task = TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: 1_000_000,
		dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
		eval_size: 1_024,
	};
	let register_subnet =
		RuntimeCall::Subnets(pallet_merit_subnets::Call::<Runtime>::register_subnet {
			owner_hotkey: alice.account(),
			task,
			consent: None,
		});
	client
		.sign_and_submit(register_subnet, &alice, Duration::from_secs(30))
		.await
		.and_then(|i| i.into_result("register_subnet"))
		.unwrap();

	// The hotkey pays the fees of its commit, reveal and axon.
	let fund = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: hotkey.account().into(),
		value: 10 * merit_runtime::UNIT,
	});
	client.sign_and_submit(fund, &alice, Duration::from_secs(30)).await.unwrap();

	let plan = train::Plan {
		hidden: vec![32],
		steps: 200,
		batch: 128,
		learning_rate: 0.01,
		seed: 1,
		width: 8,
	};
	let file = train::digits(&plan).unwrap();
	let uid = onchain::register(&client, NETUID, &alice, &hotkey).await.unwrap();
	assert_eq!(uid, 0);
	assert_eq!(onchain::register(&client, NETUID, &alice, &hotkey).await.unwrap(), 0, "idempotent");
	let hash = onchain::commit(&client, NETUID, &hotkey, &file).await.unwrap();
	assert_eq!(hash, chain::model_hash(&file));

	let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
	let port = listener.local_addr().unwrap().port();
	let served = serve::Served {
		file: file.clone().into(),
		path: chain::model_path(&hash),
		slots: Arc::new(tokio::sync::Semaphore::new(2)),
	};
	tokio::spawn(serve::serve_on(listener, served));
	onchain::announce(&client, NETUID, &hotkey, "127.0.0.1".parse().unwrap(), port).await.unwrap();

	// What the chain now says is what a validator will fetch.
	let neuron = client.neuron_by_hotkey(NETUID, &hotkey.account(), None).await.unwrap().unwrap();
	let model = neuron.model.expect("a model commitment");
	assert_eq!(model.revealed, Some(hash));
	assert_eq!(model.size_bytes as usize, file.len());
	let url = chain::model_url(&neuron.axon.expect("an axon"), &hash);
	assert_eq!(url, format!("http://127.0.0.1:{port}{}", chain::model_path(&hash)));
	let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
	let request = format!(
		"GET {} HTTP/1.1\r\nHost: miner\r\nConnection: close\r\n\r\n",
		chain::model_path(&hash)
	);
	stream.write_all(request.as_bytes()).await.unwrap();
	let mut response = Vec::new();
	stream.read_to_end(&mut response).await.unwrap();
	assert!(response.starts_with(b"HTTP/1.1 200"));
	assert!(response.ends_with(&file), "the served bytes are the committed file");
}
