//! Disputes end to end on the demo's node: a second honest validator (its key in the node's
//! keystore too) and a lying one join; the liar reveals weights all on the corrupt miner.
//! Alice disputes them: the node's worker re-runs the round for both of its keys and attests
//! a mismatch, the liar is slashed after the deferral and Alice paid her share. Alice then
//! disputes the honest second validator: the worker attests a match, the dispute is
//! rejected, and Alice's bond goes to the treasury.

use merit_client::{chain, Client, Signer};
use merit_demo::{Demo, NETUID};
use merit_e2e::node::MeritNode;
use merit_primitives::round::{FetchedSet, WeightsBasis};
use merit_runtime::{Runtime, RuntimeCall, RuntimeEvent, UNIT};
use pallet_merit_slashing::{DisputeEnd, Event as SlashingEvent};
use std::time::{Duration, Instant};

const INCLUSION: Duration = Duration::from_secs(60);

fn signer(suri: &str) -> Signer {
	Signer::from_suri(suri).unwrap()
}

async fn send(client: &Client, call: RuntimeCall, who: &Signer, what: &str) {
	client.sign_and_submit(call, who, INCLUSION).await.unwrap().into_result(what).unwrap();
}

async fn epoch(client: &Client) -> u32 {
	client.subnet_epoch(NETUID, None).await.unwrap().unwrap().epoch
}

/// Waits (at most `secs`) for the chain to reach epoch `target`.
async fn wait_for_epoch(client: &Client, node: &MeritNode, target: u32, secs: u64) {
	let deadline = Instant::now() + Duration::from_secs(secs);
	while epoch(client).await < target {
		assert!(Instant::now() < deadline, "epoch {target} late:\n{}", node.log_tail(40));
		tokio::time::sleep(Duration::from_millis(300)).await;
	}
}

/// Scans the blocks from `from` on (at most `secs`) for a slashing event `found` picks.
async fn wait_for_event<R>(
	client: &Client,
	node: &MeritNode,
	from: u32,
	secs: u64,
	found: impl Fn(&SlashingEvent<Runtime>) -> Option<R>,
) -> R {
	let deadline = Instant::now() + Duration::from_secs(secs);
	let mut next = from;
	loop {
		let best = client.best_number().await.unwrap();
		while next <= best {
			let hash = client.block_hash(next).await.unwrap().unwrap();
			for record in client.events(hash).await.unwrap() {
				if let RuntimeEvent::Slashing(e) = &record.event {
					if let Some(r) = found(e) {
						return r;
					}
				}
			}
			next += 1;
		}
		assert!(Instant::now() < deadline, "no such event:\n{}", node.log_tail(60));
		tokio::time::sleep(Duration::from_millis(300)).await;
	}
}

/// `hotkey`'s current weights as a dispute names them: as the chain keeps them, their basis,
/// the block they were fixed in.
async fn submission(client: &Client, hotkey: &Signer) -> (Vec<(u16, u16)>, WeightsBasis, u32) {
	let neuron = client.neuron_by_hotkey(NETUID, &hotkey.account(), None).await.unwrap();
	let uid = neuron.expect("registered").uid;
	let weights: Option<Vec<(u16, u16)>> =
		client.runtime_api("ConsensusApi_weights", (NETUID, uid), None).await.unwrap();
	let source = client.weights_source(NETUID, uid, None).await.unwrap().expect("weights");
	(weights.expect("weights"), source.basis, source.as_of)
}

async fn free(client: &Client, who: &merit_client::AccountId) -> u128 {
	client.balances(who, None).await.unwrap().free
}

pub async fn run(client: &Client, node: &MeritNode, demo: &Demo) {
	let uid = |name: &str| demo.miners.iter().find(|(n, _)| *n == name).unwrap().1;
	let (good, weak, corrupt) = (uid("good"), uid("weak"), uid("corrupt"));
	let alice = signer("//Alice");

	// A second honest validator, scored by the node too: 300 MRT like Bob's.
	let (charlie, honest) = (signer("//Charlie"), signer("//Charlie//stash"));
	merit_miner::onchain::register(client, NETUID, &charlie, &honest).await.unwrap();
	let stake = |hotkey: &Signer, amount| {
		RuntimeCall::Staking(pallet_merit_staking::Call::<Runtime>::add_stake {
			hotkey: hotkey.account(),
			amount,
		})
	};
	send(client, stake(&honest, 300 * UNIT), &charlie, "add_stake").await;
	let public = merit_client::to_hex(AsRef::<[u8]>::as_ref(&honest.account()));
	client
		.call("author_insertKey", jsonrpsee::rpc_params!["mrtv", "//Charlie//stash", public])
		.await
		.unwrap();
	// The liar: 100 MRT, its own weights (it runs no scorer).
	let (eve, liar) = (signer("//Eve"), signer("//Eve//liar"));
	let fund = RuntimeCall::Balances(pallet_balances::Call::<Runtime>::transfer_keep_alive {
		dest: liar.account().into(),
		value: 10 * UNIT,
	});
	send(client, fund, &alice, "fund the liar's hotkey").await;
	merit_miner::onchain::register(client, NETUID, &eve, &liar).await.unwrap();
	send(client, stake(&liar, 100 * UNIT), &eve, "add_stake").await;
	// Permits, then a round that opened with all three.
	let now = epoch(client).await;
	wait_for_epoch(client, node, now + 2, 120).await;

	// The liar commits weights all on the corrupt miner, naming the open round and the
	// files it claims to have obtained, and reveals them in the next epoch.
	let round = epoch(client).await;
	let fixed = client.round(NETUID, round, None).await.unwrap().expect("the round is fixed");
	while client.best_number().await.unwrap() <= fixed.seed_block {
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	let (uids, weights) = (vec![corrupt], vec![u16::MAX]);
	let basis = WeightsBasis { round, fetched: FetchedSet::of([good, weak, corrupt]) };
	let salt = [42u8; 32];
	let hash = chain::weights_hash(&liar.account(), NETUID, &uids, &weights, &basis, &salt, 0);
	let commit = RuntimeCall::Consensus(pallet_merit_consensus::Call::<Runtime>::commit_weights {
		netuid: NETUID,
		commit_hash: hash,
	});
	send(client, commit, &liar, "the liar's commit").await;
	wait_for_epoch(client, node, round + 1, 60).await;
	let reveal = RuntimeCall::Consensus(pallet_merit_consensus::Call::<Runtime>::reveal_weights {
		netuid: NETUID,
		uids: uids.try_into().unwrap(),
		weights: weights.try_into().unwrap(),
		basis,
		salt,
		version_key: 0,
	});
	send(client, reveal, &liar, "the liar's reveal").await;

	// Alice disputes; the node's worker re-runs the round and attests a mismatch (for both
	// of its keys: 600 of 700 MRT of permit stake).
	let from = client.best_number().await.unwrap();
	let before = free(client, &alice.account()).await;
	let dispute = |validator: &Signer, (weights, basis, as_of): (Vec<(u16, u16)>, _, u32)| {
		RuntimeCall::Slashing(pallet_merit_slashing::Call::<Runtime>::dispute_weights {
			netuid: NETUID,
			validator: validator.account(),
			weights: weights.try_into().unwrap(),
			basis,
			as_of,
		})
	};
	let lie = submission(client, &liar).await;
	assert_eq!(lie.0, vec![(corrupt, u16::MAX)]);
	send(client, dispute(&liar, lie), &alice, "dispute the liar").await;
	let slash = wait_for_event(client, node, from, 120, |e| match e {
		SlashingEvent::DisputeEnded { validator, end, slash, .. }
			if *validator == liar.account() =>
		{
			assert_eq!(*end, DisputeEnd::Upheld, "{}", node.log_tail(60));
			Some(slash.expect("a slash is scheduled"))
		},
		_ => None,
	})
	.await;
	// `merit slashes` shows it pending (it applies two epochs later).
	let listed = std::process::Command::new(merit_e2e::cli::Merit::binary())
		.args(["slashes", "--netuid", "0", "--output", "json", "--url", &node.ws_url()])
		.output()
		.unwrap();
	let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
	let pending =
		listed["slashes"].as_array().and_then(|all| all.iter().find(|s| s["id"] == slash));
	let pending = pending.unwrap_or_else(|| panic!("slash {slash} pending: {listed}"));
	assert_eq!(pending["offender"], liar.account().to_string());
	assert_eq!(pending["reason"], "disputed weights");
	let log = std::fs::read_to_string(&node.log_path).unwrap();
	assert!(log.contains("the re-run round says Mismatch"), "{}", node.log_tail(60));
	// The slash applies after the deferral; Alice is paid her share from the treasury.
	let (taken, reward) = (
		wait_for_event(client, node, from, 120, |e| match e {
			SlashingEvent::SlashApplied { id, stake, .. } if *id == slash => Some(*stake),
			_ => None,
		})
		.await,
		wait_for_event(client, node, from, 120, |e| match e {
			SlashingEvent::DisputerRewarded { id, amount, paid: true, .. } if *id == slash => {
				Some(*amount)
			},
			_ => None,
		})
		.await,
	);
	assert!(taken > 0 && reward > 0, "{taken} {reward}");
	let fee_room = UNIT; // Alice paid the dispute's fee.
	let after = free(client, &alice.account()).await;
	assert!(after + fee_room > before + reward && after <= before + reward, "{before} {after}");

	// Alice disputes the honest validator's latest weights: the worker attests a match
	// for Bob (300 of it; the honest validator's own 300 counts as one), the dispute is
	// rejected and the bond lost.
	let honest_weights = submission(client, &honest).await;
	let from = client.best_number().await.unwrap();
	let before = free(client, &alice.account()).await;
	send(client, dispute(&honest, honest_weights), &alice, "dispute the honest one").await;
	wait_for_event(client, node, from, 120, |e| match e {
		SlashingEvent::DisputeEnded { validator, end, .. } if *validator == honest.account() => {
			assert_eq!(*end, DisputeEnd::Rejected, "{}", node.log_tail(60));
			Some(())
		},
		_ => None,
	})
	.await;
	let bond = <Runtime as pallet_merit_slashing::Config>::DisputeBond::get();
	let after = free(client, &alice.account()).await;
	assert!(after + bond <= before && after + bond + UNIT > before, "{before} {after}");
}
