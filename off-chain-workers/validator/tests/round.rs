//! A scoring round against real miner servers over TCP: a good model, a weak one, a corrupt
//! file, a file that is not the revealed one, an offline miner and one without an axon.

use merit_client::{
	chain::{self, AxonInfo, ModelCommitment, Neuron},
	AccountId,
};
use merit_host::EvalSet;
use merit_host_interface::MinerOutcome;
use merit_miner::{serve, train};
use merit_primitives::{
	round::{
		candidates, EpochSeed, Fault, FetchFailure, NeuronModel, Outcome, Round, WeightLimits,
	},
	TaskKind, TaskSpec,
};
use merit_scoring::Seed;
use merit_validator::{
	fetch::FetchError,
	round::{neuron_models, run, Detail, FetchLimits},
};
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

fn neuron_model(uid: u16, axon: Option<AxonInfo>, hash: [u8; 32]) -> NeuronModel<AxonInfo> {
	NeuronModel {
		uid,
		committed_at: 10 + u32::from(uid),
		revealed: Some(hash),
		copied: false,
		endpoint: axon,
	}
}

/// A digits round seeded at block 1,000 (every model committed before it), files up to
/// `cap` bytes.
fn digits_round(cap: u32, neurons: Vec<NeuronModel<AxonInfo>>) -> Round<AxonInfo> {
	let task = TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: cap,
		dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
		eval_size: 1_024,
	};
	let seed = EpochSeed { netuid: 0, epoch: 1, block: 1_000, hash: [4; 32] };
	let limits = WeightLimits { min_count: 1, max_share_ppb: 1_000_000_000 };
	Round::new(seed, task, limits, None, neurons)
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
	let neurons = vec![
		neuron_model(0, Some(axon(good_port)), good_hash),
		neuron_model(1, Some(axon(weak_port)), weak_hash),
		neuron_model(2, Some(axon(corrupt_port)), corrupt_hash),
		neuron_model(3, Some(axon(liar_port)), liar_hash),
		neuron_model(4, Some(axon(offline_port)), [1; 32]),
		neuron_model(5, None, [2; 32]),
	];
	let (result, details) = run(digits_round(1 << 20, neurons.clone()), &set, limits).await;
	let uids: Vec<u16> = result.miners.iter().map(|(c, _)| c.uid).collect();
	assert_eq!(uids, [0, 1, 2, 3, 4, 5]);
	let score = |uid: usize| match &result.miners[uid].1 {
		Outcome::Scored { score, .. } => *score,
		other => panic!("uid {uid}: {other:?}"),
	};
	assert!(score(0) > score(1), "{} vs {}", score(0), score(1));
	assert_eq!(result.miners[2].1, Outcome::Invalid, "the corrupt file scores 0");
	assert!(
		matches!(&details[&2], Detail::Scored(MinerOutcome::Invalid(why)) if why.starts_with(b"not a valid safetensors")),
		"{:?}",
		details[&2]
	);
	assert_eq!(result.miners[3].1, Outcome::Failed(FetchFailure::HashMismatch));
	assert_eq!(result.miners[4].1, Outcome::Failed(FetchFailure::Offline));
	assert!(matches!(details[&4], Detail::NotFetched(FetchError::Offline(_))));
	assert_eq!(result.miners[5].1, Outcome::Failed(FetchFailure::NoAxon));
	assert_eq!(
		result.reports,
		[(3, Fault::HashMismatch), (4, Fault::Unavailable), (5, Fault::Unavailable)],
		"a corrupt file is served, so it is scored 0, never reported"
	);
	assert_eq!(result.fetched, [0, 1, 2]);
	let weights = result.weights.unwrap();
	assert_eq!(weights.first(), Some(&(0, u16::MAX)), "the good miner leads: {weights:?}");
	assert!(weights.iter().all(|(uid, _)| *uid <= 1), "failures earn nothing: {weights:?}");

	// A file above the subnet's cap is refused whatever it holds, and reported.
	let one = vec![neuron_model(0, Some(axon(good_port)), good_hash)];
	let (capped, _) = run(digits_round(100, one.clone()), &set, limits).await;
	assert_eq!(capped.miners[0].1, Outcome::Failed(FetchFailure::TooLarge));
	assert_eq!(capped.reports, [(0, Fault::Unavailable)]);
	// Above this validator's own limit but within the subnet's: not the miner's fault.
	let tight = FetchLimits { cap: 100, ..limits };
	let (own, _) = run(digits_round(1 << 20, one), &set, tight).await;
	assert_eq!(own.miners[0].1, Outcome::Failed(FetchFailure::TooLargeForValidator));
	assert!(own.reports.is_empty());
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
	let chosen: Vec<u16> = candidates(neuron_models(&neurons), 20).iter().map(|c| c.uid).collect();
	assert_eq!(chosen, [0], "unrevealed, copies, late commits and no model are left out");
}

/// The attack of issue 14 item 10: 256 miners that accept the connection and then send
/// nothing. Each costs a fetch its whole timeout, so fetching them, 8 at a time, would take
/// 32 timeouts; the round's deadline ends it on time instead. What the deadline cut short is
/// not reported (the budget is the validator's); and since every miner tried failed on the
/// network, this validator's own network is the likelier culprit: nobody is reported.
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
	let neurons: Vec<_> = ports
		.iter()
		.enumerate()
		.map(|(uid, port)| neuron_model(uid as u16, Some(axon(*port)), [1; 32]))
		.collect();

	let set = EvalSet::new(&TaskKind::Digits, &Seed::for_epoch(&[9; 32], 0), 256);
	let limits = FetchLimits {
		cap: 1 << 20,
		timeout: Duration::from_millis(500),
		parallel: 8,
		round: Duration::from_secs(3),
	};
	let started = std::time::Instant::now();
	let (result, _) = run(digits_round(1 << 20, neurons), &set, limits).await;
	let took = started.elapsed();
	// 256 fetches, 8 at a time, 500 ms each would take 16 s.
	assert!(took < Duration::from_secs(5), "the round took {took:?}");
	assert_eq!(result.miners.len(), 256);
	let count =
		|f: FetchFailure| result.miners.iter().filter(|(_, o)| *o == Outcome::Failed(f)).count();
	let (cut_short, timed_out) = (count(FetchFailure::RoundOver), count(FetchFailure::Timeout));
	assert!(cut_short > 0 && timed_out > 0, "{cut_short} cut short, {timed_out} timed out");
	assert_eq!(cut_short + timed_out, 256, "every slow miner either timed out or was cut short");
	assert_eq!(result.unreached, cut_short);
	assert!(result.reports.is_empty(), "nobody answered: nobody is reported");
	assert_eq!(result.weights, None);
	for handle in silent {
		handle.abort();
	}
}
