//! Training produces models the validators' scorer accepts, and more training scores higher.

use merit_miner::train::{self, Plan};
use merit_scoring::{digits::Digits, text::Text, Seed, Task, MAX_MODEL_BYTES};

fn plan(steps: u32, hidden: Vec<usize>) -> Plan {
	Plan { hidden, steps, batch: 128, learning_rate: 0.01, seed: 7, width: 8 }
}

#[test]
fn digits_training_beats_guessing_and_improves_with_steps() {
	let set = Digits.eval_set(&Seed::for_epoch(&[5; 32], 0), 1_024);
	let score = |file: Vec<u8>| Digits.score(&file, MAX_MODEL_BYTES, &set).unwrap();
	let brief = score(train::digits(&plan(5, vec![32])).unwrap());
	let long = score(train::digits(&plan(600, vec![64])).unwrap());
	eprintln!("brief {brief:?}\nlong {long:?}");
	assert!(brief.score < long.score);
	assert!(long.score > Digits.baseline());
	assert!(long.metrics[0].1 > 800_000_000, "a trained MLP is right over 80% of the time");
}

#[test]
fn the_same_plan_trains_the_same_model() {
	let a = train::digits(&plan(20, vec![16])).unwrap();
	assert_eq!(a, train::digits(&plan(20, vec![16])).unwrap());
	let other_seed = Plan { seed: 8, ..plan(20, vec![16]) };
	assert_ne!(a, train::digits(&other_seed).unwrap());
}

#[test]
fn text_training_beats_guessing() {
	let set = Text.eval_set(&Seed::for_epoch(&[5; 32], 1), 2_048);
	let file = train::text(&plan(200, vec![128])).unwrap();
	let evaluation = Text.score(&file, MAX_MODEL_BYTES, &set).unwrap();
	eprintln!("text {evaluation:?}");
	assert!(evaluation.metrics[0].1 < 5_000_000, "under 5 bits per byte");
}

/// Two miners training with the defaults get different files: the default seed comes from
/// the hotkey (otherwise the later committer of the same file is recorded as a copier).
#[test]
fn default_runs_by_different_hotkeys_give_different_files() {
	let seeded = |hotkey: &[u8]| Plan { seed: train::seed_for(hotkey), ..plan(20, vec![16]) };
	let (alice, bob) = ([1u8; 32], [2u8; 32]);
	assert_ne!(train::seed_for(&alice), train::seed_for(&bob));
	assert_eq!(train::seed_for(&alice), train::seed_for(&alice));
	let a = train::digits(&seeded(&alice)).unwrap();
	let b = train::digits(&seeded(&bob)).unwrap();
	assert_ne!(merit_client::chain::model_hash(&a), merit_client::chain::model_hash(&b));
}
