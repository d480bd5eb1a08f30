//! The README's demo, headless: a dev node sealing a block every 500 ms with its off-chain
//! worker on, a digits subnet, three miners (a good model, a weak one, a corrupt file) and
//! the node itself validating with the hotkey put into its keystore. After a few epochs the
//! incentive ranks good > weak > corrupt, emissions follow, the node logged its rounds, and
//! `merit-validator verify` recomputes an epoch's round and matches the revealed weights.
//! Then disputes (`demo/disputes.rs`): a lying validator is disputed, attested against by
//! the node's worker and slashed; a dispute of an honest one is rejected.

mod dashboard;
mod disputes;

use merit_demo::{setup, Setup, NETUID};
use merit_e2e::{node::MeritNode, rpc};
use merit_validator::{
	round::FetchLimits,
	verify::{verify, VerifyError},
};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
async fn the_node_scores_the_demo_subnet_and_verify_agrees() {
	let mut node =
		MeritNode::start("demo", &["--dev", "--sealing", "500", "--offchain-worker", "always"]);
	let client = rpc::client(&mut node, merit_e2e::node::STARTUP).await;
	let demo = setup(&client, Setup::InProcess).await.unwrap();
	let uid = |name: &str| demo.miners.iter().find(|(n, _)| *n == name).unwrap().1;
	let (good, weak, corrupt) = (uid("good"), uid("weak"), uid("corrupt"));

	// Five more epochs: the validator's permit, its rounds, their reveals, their payouts.
	let start = client.subnet_epoch(NETUID, None).await.unwrap().unwrap().epoch;
	let deadline = Instant::now() + Duration::from_secs(300);
	loop {
		let epoch = client.subnet_epoch(NETUID, None).await.unwrap().unwrap().epoch;
		if epoch >= start + 5 {
			break;
		}
		assert!(Instant::now() < deadline, "stuck in epoch {epoch}:\n{}", node.log_tail(40));
		tokio::time::sleep(Duration::from_millis(500)).await;
	}

	let graph = client.metagraph(NETUID, None).await.unwrap().unwrap();
	let incentive = |uid: u16| graph[usize::from(uid)].incentive;
	assert!(
		incentive(good) > incentive(weak) && incentive(weak) >= incentive(corrupt),
		"good > weak ≥ corrupt: {graph:?}\n{}",
		node.log_tail(60)
	);
	assert!(incentive(corrupt).is_zero(), "the corrupt file earns nothing");
	assert!(
		graph[usize::from(good)].emission > graph[usize::from(weak)].emission,
		"emissions follow incentive"
	);
	let log = std::fs::read_to_string(&node.log_path).unwrap();
	assert!(log.contains("commit_weights sent"), "the worker committed:\n{}", node.log_tail(60));
	assert!(log.contains("reveal_weights sent"), "the worker revealed");
	assert!(log.contains(&format!("uid {corrupt}: scores 0, bad model")), "and said why");

	// `verify` recomputes the latest epoch whose weights are revealed, and they match.
	let hotkey = demo.validator.account();
	let limits = FetchLimits {
		timeout: Duration::from_secs(10),
		parallel: 4,
		round: Duration::from_secs(60),
		..FetchLimits::standard()
	};
	let current = client.subnet_epoch(NETUID, None).await.unwrap().unwrap().epoch;
	let mut verified = None;
	for epoch in (start..current).rev() {
		match verify(&client, NETUID, epoch, &hotkey, limits).await {
			Ok(verdict) => {
				assert!(verdict.matches(), "the revealed weights are the recomputed: {verdict:?}");
				assert_eq!(verdict.submitted.first().map(|(uid, _)| *uid), Some(good));
				verified = Some(epoch);
				break;
			},
			Err(VerifyError::NoSubmission { .. }) => continue,
			Err(e) => panic!("epoch {epoch}: {e}"),
		}
	}
	let epoch = verified.expect("some epoch's weights were revealed");

	// The same through the command line, and a clear refusal for an epoch not yet reached.
	let cli = |epoch: u32| {
		std::process::Command::new(
			merit_e2e::node::workspace_root().join("target/release/merit-validator"),
		)
		.args(["verify", "--url", &node.ws_url(), "--netuid", "0"])
		.args(["--epoch", &epoch.to_string(), "--hotkey", &hotkey.to_string()])
		.output()
		.unwrap()
	};
	let out = cli(epoch);
	let stdout = String::from_utf8_lossy(&out.stdout);
	assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
	assert!(stdout.lines().any(|l| l == "match"), "{stdout}");
	let future = cli(current + 100);
	assert!(!future.status.success());
	let stderr = String::from_utf8_lossy(&future.stderr);
	assert!(stderr.contains("has not started its scoring yet"), "{stderr}");

	// The dashboard shows it in a real browser, live.
	dashboard::shows_the_demo(&node, good, weak, corrupt).await;

	// Disputes on the same node: a liar slashed, an honest validator's dispute rejected.
	disputes::run(&client, &node, &demo).await;
}
