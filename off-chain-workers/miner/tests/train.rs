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

/// candle's forward pass of a model's layers (what the miner trained with): `x W^T + b`,
/// ReLU between layers.
fn candle_forward(layers: &[merit_scoring::Layer], mut x: candle_core::Tensor) -> Vec<f32> {
	use candle_core::{Device, Tensor};
	for (i, layer) in layers.iter().enumerate() {
		let w = Tensor::from_slice(&layer.weight, (layer.outputs, layer.inputs), &Device::Cpu);
		let b = Tensor::from_slice(&layer.bias, layer.outputs, &Device::Cpu).unwrap();
		x = x.matmul(&w.unwrap().t().unwrap()).unwrap().broadcast_add(&b).unwrap();
		if i + 1 < layers.len() {
			x = x.relu().unwrap();
		}
	}
	x.flatten_all().unwrap().to_vec1::<f32>().unwrap()
}

/// The largest difference between two sets of logits, relative to their size.
fn worst_difference(scorer: &[f32], candle: &[f32]) -> f32 {
	assert_eq!(scorer.len(), candle.len());
	scorer.iter().zip(candle).map(|(a, b)| (a - b).abs() / (1.0 + b.abs())).fold(0.0, f32::max)
}

/// Validators score with their own forward pass (bit-exact on every CPU), miners train with
/// candle's: the two agree to float rounding, so what a miner measures while training is
/// what it is scored.
#[test]
fn the_scorer_computes_what_candle_computes() {
	use candle_core::{Device, Tensor};
	let set = Digits.eval_set(&Seed::for_epoch(&[6; 32], 0), 512);
	let model = Digits.load(&train::digits(&plan(200, vec![64, 32])).unwrap(), MAX_MODEL_BYTES);
	let model = model.unwrap();
	let inputs: Vec<f32> = set.iter().flat_map(|s| s.inputs).collect();
	let x = Tensor::from_slice(&inputs, (set.len(), inputs.len() / set.len()), &Device::Cpu);
	let candle = candle_forward(&model.layers, x.unwrap());
	let digits = worst_difference(&model.logits(&inputs, set.len()).unwrap(), &candle);

	let set = Text.eval_set(&Seed::for_epoch(&[6; 32], 1), 512);
	let model = Text.load(&train::text(&plan(50, vec![64])).unwrap(), MAX_MODEL_BYTES).unwrap();
	let embedded: Vec<f32> = set
		.contexts
		.iter()
		.flat_map(|b| model.embed[usize::from(*b) * model.width..][..model.width].to_vec())
		.collect();
	let rows = set.targets.len();
	let x = Tensor::from_slice(&embedded, (rows, embedded.len() / rows), &Device::Cpu).unwrap();
	let candle = candle_forward(&model.mlp.layers, x);
	let text = worst_difference(&model.logits(&set.contexts).unwrap(), &candle);
	eprintln!("worst relative difference: digits {digits:e}, text {text:e}");
	assert!(digits < 1e-5 && text < 1e-5, "digits {digits:e}, text {text:e}");
}
