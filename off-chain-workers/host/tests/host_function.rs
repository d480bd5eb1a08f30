//! The scoring host function: available with the off-chain extension, an error elsewhere,
//! and, driven by the round core, the same round as scoring the files directly (what
//! `merit-validator` and `verify` do).

#[path = "../../scoring/tests/common/mod.rs"]
mod common;

use merit_host::{eval_set, extension, score_file};
use merit_host_interface::{
	merit_scoring, EvalKey, HostError, MinerOutcome, ModelRequest, ScoredMiner, WeightsRequest,
};
use merit_primitives::{
	round::{EpochSeed, FetchFailure, NeuronModel, Outcome, Round, RoundResult, WeightLimits},
	TaskKind, TaskSpec,
};
use sp_io::TestExternalities;

fn task() -> TaskSpec {
	TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: 100_000,
		dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
		eval_size: 256,
	}
}

/// A good model (class centroids at temperature 1), a guess, a corrupt file, one not
/// fetched, and a later copy of the good model, by UID; `None`: not fetched.
fn five_files() -> Vec<(u16, u32, Option<Vec<u8>>)> {
	let good = common::centroids(1.0).to_safetensors().unwrap();
	let guess = common::uniform().to_safetensors().unwrap();
	let corrupt = good[..good.len() / 2].to_vec();
	vec![
		(0, 5, Some(good.clone())),
		(1, 5, Some(guess)),
		(2, 5, Some(corrupt)),
		(3, 5, None),
		(4, 7, Some(good)),
	]
}

/// The round over `files` seeded by `hash`, each file's outcome from `score`.
fn round_of(
	hash: [u8; 32],
	min_count: u16,
	files: &[(u16, u32, Option<Vec<u8>>)],
	mut score: impl FnMut(&[u8]) -> Result<MinerOutcome, HostError>,
) -> Result<(RoundResult<()>, Vec<MinerOutcome>), HostError> {
	let neurons = files.iter().map(|(uid, at, _)| NeuronModel {
		uid: *uid,
		committed_at: *at,
		revealed: Some([*uid as u8; 32]),
		copied: false,
		endpoint: Some(()),
	});
	let seed = EpochSeed { netuid: 3, epoch: 1, block: 10, hash };
	let limits = WeightLimits { min_count, max_share_ppb: 1_000_000_000 };
	let mut round = Round::new(seed, task(), limits, None, neurons);
	let mut answers = Vec::new();
	for (uid, _, file) in files {
		let outcome = match file {
			Some(file) => {
				let answer = score(file)?;
				let outcome = answer.outcome();
				answers.push(answer);
				outcome
			},
			None => Outcome::Failed(FetchFailure::Offline),
		};
		round.record(*uid, outcome);
	}
	Ok((round.finish(), answers))
}

/// Through the host functions, one file at a time, as the off-chain worker calls them.
fn through_host(
	hash: [u8; 32],
	files: &[(u16, u32, Option<Vec<u8>>)],
) -> Result<(RoundResult<()>, Vec<MinerOutcome>), HostError> {
	let eval = EvalKey { netuid: 3, seed_hash: hash, task: task() };
	round_of(hash, 1, files, |file| {
		merit_scoring::score_model(ModelRequest { eval: eval.clone(), file: file.to_vec() })
	})
}

/// Directly, as `merit-validator` scores.
fn directly(
	hash: [u8; 32],
	min_count: u16,
	files: &[(u16, u32, Option<Vec<u8>>)],
) -> (RoundResult<()>, Vec<MinerOutcome>) {
	let set = eval_set(&EvalKey { netuid: 3, seed_hash: hash, task: task() });
	round_of(hash, min_count, files, |file| Ok(score_file(&set, file, 100_000))).unwrap()
}

#[test]
fn outside_an_off_chain_worker_the_host_functions_refuse() {
	// Block import and runtime API calls run without the extension.
	TestExternalities::default().execute_with(|| {
		assert_eq!(through_host([9; 32], &five_files()).err(), Some(HostError::NotOffchain));
		let weights = WeightsRequest {
			task: task(),
			scored: vec![ScoredMiner {
				uid: 0,
				score: 900_000_000,
				committed_at: 1,
				fingerprint: vec![-100; 4],
			}],
			min_allowed_weights: 1,
			max_weight_limit: 1_000_000_000,
		};
		assert_eq!(merit_scoring::round_weights(weights), Err(HostError::NotOffchain));
	});
}

#[test]
fn in_an_off_chain_worker_they_score_the_round_as_anyone_would() {
	let files = five_files();
	let mut ext = TestExternalities::default();
	ext.register_extension(extension());
	let (result, answers) = ext.execute_with(|| through_host([9; 32], &files)).unwrap();
	assert_eq!((result.clone(), answers.clone()), directly([9; 32], 1, &files), "the same round");

	let scores: Vec<u32> = answers.iter().map(MinerOutcome::score).collect();
	assert!(scores[0] > scores[1], "the good model beats the guess: {answers:?}");
	assert!(matches!(answers[2], MinerOutcome::Invalid(_)), "{:?}", answers[2]);
	assert_eq!(scores[3], scores[0], "the copy scores the same");
	// Only the original earns: the guess earns nothing, the copy committed later nothing.
	assert_eq!(result.weights, Some(vec![(0, u16::MAX)]));
	let MinerOutcome::Scored { metrics, .. } = &answers[0] else { unreachable!() };
	assert!(metrics.iter().any(|(name, _)| name == b"accuracy_ppb"), "{metrics:?}");

	// The legacy weights function (runtimes up to spec 107) gives the round core's weights.
	let scored = answers
		.iter()
		.zip([0u16, 1, 2, 4])
		.filter_map(|(a, uid)| match a {
			MinerOutcome::Scored { score, fingerprint, .. } => Some(ScoredMiner {
				uid,
				score: *score,
				committed_at: if uid == 4 { 7 } else { 5 },
				fingerprint: fingerprint.clone(),
			}),
			_ => None,
		})
		.collect();
	let request = WeightsRequest {
		task: task(),
		scored,
		min_allowed_weights: 1,
		max_weight_limit: 1_000_000_000,
	};
	assert_eq!(ext.execute_with(|| merit_scoring::round_weights(request)), Ok(result.weights));
}

#[test]
fn another_epoch_is_another_evaluation_set() {
	// The extension keeps the last set; a request for another epoch must not reuse it.
	let files = five_files();
	let mut ext = TestExternalities::default();
	ext.register_extension(extension());
	let (a, b) = ext.execute_with(|| {
		(through_host([9; 32], &files).unwrap(), through_host([10; 32], &files).unwrap())
	});
	assert_eq!(a, directly([9; 32], 1, &files));
	assert_eq!(b, directly([10; 32], 1, &files));
	assert_ne!(a.1[0].score(), b.1[0].score(), "different samples, different score");
}

#[test]
fn a_round_nobody_can_earn_in_sends_no_weights() {
	let guess = common::uniform().to_safetensors().unwrap();
	let (result, _) = directly([9; 32], 1, &[(0, 1, Some(guess)), (1, 1, None)]);
	assert_eq!(result.weights, None);
	// The subnet needs more weights than there are scored miners: none either.
	let (result, _) = directly([9; 32], 4, &five_files());
	assert_eq!(result.weights, None, "three miners scored, four weights needed");
}
