//! A scoring round against real miner servers over TCP: a good model, a weak one, a corrupt
//! file, a file that is not the revealed one, an offline miner and one without an axon.

use merit_client::{
	chain::{self, AxonInfo, ModelCommitment, Neuron},
	AccountId,
};
use merit_host::EvalSet;
use merit_miner::{serve, train};
use merit_primitives::TaskKind;
use merit_scoring::{ModelError, Seed};
use merit_validator::{
	fetch::FetchError,
	round::{
		candidates, reports, round_weights, score_all, Candidate, Failure, FetchLimits, MinerResult,
	},
};
use pallet_merit_slashing::ModelFault;
use pallet_merit_subnets::{AxonProtocol, IpAddress};
use std::{sync::Arc, time::Duration};

fn axon(port: u16) -> AxonInfo {
	AxonInfo {
		ip: IpAddress::V4([127, 0, 0, 1]),
		port,
		protocol: AxonProtocol::Http,
		version: 1,
		block: 1,
	}
}

/// Serves `file` under the path of `hash` on a free port.
async fn miner(file: Vec<u8>, hash: [u8; 32]) -> u16 {
	let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
	let port = listener.local_addr().unwrap().port();
	let served = serve::Served {
		file: file.into(),
		path: chain::model_path(&hash),
		slots: Arc::new(tokio::sync::Semaphore::new(4)),
	};
	tokio::spawn(serve::serve_on(listener, served));
	port
}

fn plan(steps: u32) -> train::Plan {
	train::Plan { hidden: vec![32], steps, batch: 128, learning_rate: 0.01, seed: 3, width: 8 }
}

fn candidate(uid: u16, axon: Option<AxonInfo>, model_hash: [u8; 32]) -> Candidate {
	Candidate { uid, axon, model_hash, committed_at: 10 + u32::from(uid) }
}

#[tokio::test(flavor = "multi_thread")]
async fn good_beats_weak_and_every_failure_scores_zero_with_its_reason() {
	let good = train::digits(&plan(400)).unwrap();
	let weak = train::digits(&plan(8)).unwrap();
	let corrupt = b"not a safetensors file at all".to_vec();
	let (good_hash, weak_hash, corrupt_hash) =
		(chain::model_hash(&good), chain::model_hash(&weak), chain::model_hash(&corrupt));
	let good_port = miner(good.clone(), good_hash).await;
	let weak_port = miner(weak, weak_hash).await;
	let corrupt_port = miner(corrupt, corrupt_hash).await;
	// Serves the good file where the chain expects another hash: not the revealed model.
	let liar_hash = [7u8; 32];
	let liar_port = miner(good, liar_hash).await;
	let offline_port = {
		let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
		listener.local_addr().unwrap().port()
	};

	let set = EvalSet::new(&TaskKind::Digits, &Seed::for_epoch(&[4; 32], 0), 1_024);
	let limits = FetchLimits {
		cap: 1 << 20,
		timeout: Duration::from_secs(5),
		parallel: 3,
		round: Duration::from_secs(60),
	};
	let results = score_all(
		vec![
			candidate(0, Some(axon(good_port)), good_hash),
			candidate(1, Some(axon(weak_port)), weak_hash),
			candidate(2, Some(axon(corrupt_port)), corrupt_hash),
			candidate(3, Some(axon(liar_port)), liar_hash),
			candidate(4, Some(axon(offline_port)), [1; 32]),
			candidate(5, None, [2; 32]),
		],
		&set,
		limits,
	)
	.await;
	assert_eq!(results.iter().map(|r| r.candidate.uid).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5]);
	let good_score = results[0].outcome.as_ref().unwrap().score;
	let weak_score = results[1].outcome.as_ref().unwrap().score;
	assert!(good_score > weak_score, "{good_score:?} vs {weak_score:?}");
	assert!(matches!(results[2].outcome, Err(Failure::Model(ModelError::Malformed(_)))));
	assert_eq!(results[3].outcome, Err(Failure::Fetch(FetchError::HashMismatch)));
	assert!(matches!(results[4].outcome, Err(Failure::Fetch(FetchError::Offline(_)))));
	assert_eq!(results[5].outcome, Err(Failure::NoAxon));
	let faults: Vec<_> =
		results.iter().map(|r| r.outcome.as_ref().err().and_then(Failure::fault)).collect();
	assert_eq!(
		faults,
		[
			None,
			None,
			None,
			Some(ModelFault::HashMismatch),
			Some(ModelFault::Unavailable),
			Some(ModelFault::Unavailable)
		]
	);

	let weights = round_weights(&results, &set, 1, 1_000_000_000).unwrap();
	assert_eq!(weights.first(), Some(&(0, u16::MAX)), "the good miner leads: {weights:?}");
	assert!(weights.iter().all(|(uid, _)| *uid <= 1), "failures earn nothing: {weights:?}");

	// A file above the cap is refused whatever it holds.
	let tight = FetchLimits { cap: 100, ..limits };
	let capped = score_all(vec![candidate(0, Some(axon(good_port)), good_hash)], &set, tight).await;
	assert_eq!(capped[0].outcome, Err(Failure::Fetch(FetchError::TooLarge { cap: 100 })));
}

fn neuron(uid: u16, model: Option<ModelCommitment<AccountId>>) -> Neuron {
	let who = AccountId::from([uid as u8; 32]);
	Neuron {
		netuid: 0,
		uid,
		hotkey: who.clone(),
		coldkey: who,
		registered_at: 1,
		immune: false,
		bond: 0,
		emission: 0,
		forfeited: false,
		axon: Some(axon(9)),
		model,
	}
}

fn commitment(committed_at: u32, revealed: bool, copy: bool) -> Option<ModelCommitment<AccountId>> {
	Some(ModelCommitment {
		binding: [0; 32],
		size_bytes: 10,
		committed_at,
		revealed: revealed.then_some([3; 32]),
		copy_of: copy.then(|| AccountId::from([9; 32])),
	})
}

#[test]
fn only_revealed_originals_committed_before_the_seed_are_scored() {
	let neurons = [
		neuron(0, commitment(5, true, false)),
		neuron(1, commitment(5, false, false)),
		neuron(2, commitment(5, true, true)),
		neuron(3, commitment(20, true, false)),
		neuron(4, None),
	];
	let chosen: Vec<u16> = candidates(&neurons, 20).iter().map(|c| c.uid).collect();
	assert_eq!(chosen, [0], "unrevealed, copies, late commits and no model are left out");
}

fn failed(uid: u16, failure: Failure) -> MinerResult {
	MinerResult { candidate: candidate(uid, Some(axon(9)), [1; 32]), outcome: Err(failure) }
}

/// When every miner fails on the network the validator's own network is the likelier cause:
/// nothing is reported (reports feed slashing). One miner answering is enough to report the
/// others; the validator's own UID and bad model files are never reported.
#[test]
fn nothing_is_reported_when_nobody_answered() {
	let offline = |uid| failed(uid, Failure::Fetch(FetchError::Offline("refused".into())));
	let timeout = |uid| failed(uid, Failure::Fetch(FetchError::Timeout));
	assert_eq!(reports(&[offline(1), timeout(2), offline(3)], None), vec![]);

	let answered = failed(4, Failure::Fetch(FetchError::HashMismatch));
	let results = [offline(1), timeout(2), answered, offline(5)];
	assert_eq!(
		reports(&results, Some(5)),
		vec![
			(1, ModelFault::Unavailable),
			(2, ModelFault::Unavailable),
			(4, ModelFault::HashMismatch)
		]
	);
	// A lone candidate that is down is still reported (nothing to compare it with), and a
	// corrupt file is scored 0, never reported.
	assert_eq!(reports(&[offline(1)], None), vec![(1, ModelFault::Unavailable)]);
	let corrupt =
		failed(2, Failure::Model(merit_scoring::ModelError::TooLarge { size: 9, cap: 1 }));
	assert_eq!(reports(&[corrupt], None), vec![]);
}

/// The attack of issue 14 item 10: 256 miners that accept the connection and then send
/// nothing. Each costs a fetch its whole timeout, so fetching them, 8 at a time, would take
/// 32 timeouts; the round's deadline ends it on time instead. What the deadline cut short is
/// not reported (the budget is the validator's); the miners' own timeouts are.
#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_fifty_six_slow_miners_do_not_stall_the_round() {
	let mut silent = Vec::new();
	let mut ports = Vec::new();
	for _ in 0..256 {
		let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
		ports.push(listener.local_addr().unwrap().port());
		silent.push(tokio::spawn(async move {
			let mut held = Vec::new();
			while let Ok((stream, _)) = listener.accept().await {
				held.push(stream); // never answers, never closes
			}
		}));
	}
	let candidates: Vec<Candidate> = ports
		.iter()
		.enumerate()
		.map(|(uid, port)| candidate(uid as u16, Some(axon(*port)), [1; 32]))
		.collect();

	let set = EvalSet::new(&TaskKind::Digits, &Seed::for_epoch(&[9; 32], 0), 256);
	let limits = FetchLimits {
		cap: 1 << 20,
		timeout: Duration::from_millis(500),
		parallel: 8,
		round: Duration::from_secs(3),
	};
	let started = std::time::Instant::now();
	let results = score_all(candidates, &set, limits).await;
	let took = started.elapsed();
	// 256 fetches, 8 at a time, 500 ms each would take 16 s.
	assert!(took < Duration::from_secs(5), "the round took {took:?}");
	assert_eq!(results.len(), 256);
	let cut_short = results.iter().filter(|r| r.outcome == Err(Failure::RoundOver)).count();
	let timed_out =
		results.iter().filter(|r| r.outcome == Err(Failure::Fetch(FetchError::Timeout))).count();
	assert!(cut_short > 0 && timed_out > 0, "{cut_short} cut short, {timed_out} timed out");
	assert_eq!(cut_short + timed_out, 256, "every slow miner either timed out or was cut short");
	let reported = reports(&results, None);
	assert_eq!(reported.len(), timed_out, "what the deadline cut short is never reported");
	for handle in silent {
		handle.abort();
	}
}
