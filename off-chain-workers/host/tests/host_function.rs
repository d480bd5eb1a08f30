//! The scoring host function: available with the off-chain extension, an error elsewhere,
//! and the same answer as the round the standalone validator and `verify` compute.

#[path = "../../scoring/tests/common/mod.rs"]
mod common;

use merit_host::{
	merit_scoring, round, Entry, EvalKey, HostError, MinerOutcome, ModelRequest, RoundRequest,
	ScoringExt, WeightsRequest,
};
use merit_primitives::{TaskKind, TaskSpec};
use sp_io::TestExternalities;

fn request(entries: Vec<Entry>) -> RoundRequest {
	RoundRequest {
		eval: EvalKey {
			netuid: 3,
			seed_hash: [9; 32],
			task: TaskSpec {
				kind: TaskKind::Digits,
				max_model_bytes: 100_000,
				dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
				eval_size: 256,
			},
		},
		min_allowed_weights: 1,
		max_weight_limit: 1_000_000_000,
		entries,
	}
}

fn entry(uid: u16, committed_at: u32, file: Option<Vec<u8>>) -> Entry {
	Entry { uid, committed_at, file }
}

/// A good model (class centroids at temperature 1), a guess, a corrupt file, one not fetched, and a later
/// copy of the good model.
fn round_of_five() -> RoundRequest {
	let good = common::centroids(1.0).to_safetensors().unwrap();
	let guess = common::uniform().to_safetensors().unwrap();
	let mut corrupt = good.clone();
	corrupt.truncate(good.len() / 2);
	request(vec![
		entry(0, 5, Some(good.clone())),
		entry(1, 5, Some(guess)),
		entry(2, 5, Some(corrupt)),
		entry(3, 5, None),
		entry(4, 7, Some(good)),
	])
}

/// The host functions, called one file at a time as the off-chain worker calls them.
fn through_host_functions(request: &RoundRequest) -> Result<merit_host::RoundOutcome, HostError> {
	let mut scored = Vec::new();
	let mut miners = Vec::new();
	for entry in &request.entries {
		let outcome = match &entry.file {
			None => MinerOutcome::NotFetched,
			Some(file) => merit_scoring::score_model(ModelRequest {
				eval: request.eval.clone(),
				file: file.clone(),
			})?,
		};
		scored.extend(outcome.scored(entry.uid, entry.committed_at));
		miners.push((entry.uid, outcome));
	}
	let weights = merit_scoring::round_weights(WeightsRequest {
		task: request.eval.task.clone(),
		scored,
		min_allowed_weights: request.min_allowed_weights,
		max_weight_limit: request.max_weight_limit,
	})?;
	Ok(merit_host::RoundOutcome { miners, weights })
}

#[test]
fn outside_an_off_chain_worker_the_host_functions_refuse() {
	// Block import and runtime API calls run without the extension.
	TestExternalities::default().execute_with(|| {
		assert_eq!(through_host_functions(&round_of_five()), Err(HostError::NotOffchain));
		let weights = WeightsRequest {
			task: round_of_five().eval.task,
			scored: vec![merit_host::ScoredMiner {
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
	let request = round_of_five();
	let mut ext = TestExternalities::default();
	ext.register_extension(ScoringExt::new());
	let answer = ext.execute_with(|| through_host_functions(&request)).unwrap();
	assert_eq!(answer, round(&request), "the host computes exactly the shared round");

	assert_eq!(answer.miners.iter().map(|(uid, _)| *uid).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
	let good = answer.miners[0].1.score();
	assert!(good.0 > answer.miners[1].1.score().0, "the good model beats the guess: {answer:?}");
	assert!(matches!(answer.miners[2].1, MinerOutcome::Invalid(_)), "{:?}", answer.miners[2]);
	assert_eq!(answer.miners[3].1, MinerOutcome::NotFetched);
	assert_eq!(answer.miners[4].1.score(), good, "the copy scores the same");
	// Only the original earns: the guess earns nothing, the copy committed later nothing.
	assert_eq!(answer.weights, Some(vec![(0, u16::MAX)]));
	let MinerOutcome::Scored { metrics, .. } = &answer.miners[0].1 else { unreachable!() };
	assert!(metrics.iter().any(|(name, _)| name == b"accuracy_ppb"), "{metrics:?}");
}

#[test]
fn another_epoch_is_another_evaluation_set() {
	// The extension keeps the last set; a request for another epoch must not reuse it.
	let request = round_of_five();
	let mut other = request.clone();
	other.eval.seed_hash = [10; 32];
	let mut ext = TestExternalities::default();
	ext.register_extension(ScoringExt::new());
	let (a, b) = ext.execute_with(|| {
		(through_host_functions(&request).unwrap(), through_host_functions(&other).unwrap())
	});
	assert_eq!(a, round(&request));
	assert_eq!(b, round(&other));
	assert_ne!(a.miners[0].1.score(), b.miners[0].1.score(), "different samples, different score");
}

#[test]
fn a_round_nobody_can_earn_in_sends_no_weights() {
	let guess = common::uniform().to_safetensors().unwrap();
	let answer = round(&request(vec![entry(0, 1, Some(guess)), entry(1, 1, None)]));
	assert_eq!(answer.weights, None);
	// The subnet needs more weights than there are scored miners: none either.
	let mut needs_three = round_of_five();
	needs_three.min_allowed_weights = 4;
	assert_eq!(round(&needs_three).weights, None, "three miners scored, four weights needed");
}
