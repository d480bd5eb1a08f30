//! The scoring host function: available with the off-chain extension, an error elsewhere,
//! and the same answer as the round the standalone validator and `verify` compute.

#[path = "../../scoring/tests/common/mod.rs"]
mod common;

use merit_host::{merit_scoring, round, Entry, HostError, MinerOutcome, RoundRequest, ScoringExt};
use merit_primitives::{TaskKind, TaskSpec};
use sp_io::TestExternalities;

fn request(entries: Vec<Entry>) -> RoundRequest {
	RoundRequest {
		netuid: 3,
		seed_hash: [9; 32],
		task: TaskSpec {
			kind: TaskKind::Digits,
			max_model_bytes: 100_000,
			dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
			eval_size: 256,
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

#[test]
fn outside_an_off_chain_worker_the_host_function_refuses() {
	// Block import and runtime API calls run without the extension.
	TestExternalities::default().execute_with(|| {
		assert_eq!(merit_scoring::score_round(round_of_five()), Err(HostError::NotOffchain));
	});
}

#[test]
fn in_an_off_chain_worker_it_scores_the_round_as_anyone_would() {
	let request = round_of_five();
	let mut ext = TestExternalities::default();
	ext.register_extension(ScoringExt::new());
	let answer = ext.execute_with(|| merit_scoring::score_round(request.clone())).unwrap();
	assert_eq!(answer, round(&request), "the host computes exactly the shared round");

	let outcomes: Vec<_> = answer.miners.iter().map(|(uid, o)| (*uid, o)).collect();
	assert_eq!(outcomes.iter().map(|(uid, _)| *uid).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
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
fn a_round_nobody_can_earn_in_sends_no_weights() {
	let guess = common::uniform().to_safetensors().unwrap();
	let answer = round(&request(vec![entry(0, 1, Some(guess)), entry(1, 1, None)]));
	assert_eq!(answer.weights, None);
	// The subnet needs more weights than there are scored miners: none either.
	let mut needs_three = round_of_five();
	needs_three.min_allowed_weights = 4;
	assert_eq!(round(&needs_three).weights, None, "three miners scored, four weights needed");
}
