//! How far apart models are by the fingerprint the weights rule judges copies with: honest
//! models trained independently with `merit-miner train`'s defaults, against copies of one of
//! them perturbed, permuted or rescaled. The figures printed are the ones in
//! docs/near-duplicates.md (`cargo test --release -p merit-miner --test near_duplicates --
//! --nocapture`); the assertions keep the threshold between the two groups.

use merit_miner::train::{self, Plan};
use merit_primitives::round::weights::{fingerprint_distance, NEAR_DUPLICATE_MILLINATS};
use merit_scoring::{
	digits::{Digits, FAMILY},
	text::Text,
	Evaluation, ModelFile, Seed, Task, MAX_MODEL_BYTES,
};

/// `merit-miner train`'s defaults, with `seed`.
fn defaults(seed: u64) -> Plan {
	Plan { hidden: vec![64], steps: 1_000, batch: 128, learning_rate: 0.01, seed, width: 16 }
}

/// Every parameter moved by up to `relative` of its own size (deterministic noise).
fn perturbed(model: &ModelFile, relative: f32, seed: u64) -> ModelFile {
	let mut state = seed | 1;
	let mut noise = move || {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		(state % 2_000_001) as f32 / 1_000_000.0 - 1.0
	};
	let mut out = model.clone();
	for layer in &mut out.layers {
		for v in layer.weight.iter_mut().chain(layer.bias.iter_mut()) {
			*v += *v * relative * noise();
		}
	}
	out
}

/// The same function with the first hidden layer's units in reverse order and each unit's
/// incoming weights doubled and outgoing ones halved: far in parameters, equal in outputs.
fn permuted_and_rescaled(model: &ModelFile) -> ModelFile {
	let mut out = model.clone();
	let (first, rest) = out.layers.split_at_mut(1);
	let (l0, l1) = (&mut first[0], &mut rest[0]);
	let hidden = l0.outputs;
	let rows: Vec<Vec<f32>> = l0.weight.chunks(l0.inputs).map(|r| r.to_vec()).collect();
	l0.weight = rows.iter().rev().flat_map(|r| r.iter().map(|w| w * 2.0)).collect();
	l0.bias = l0.bias.iter().rev().map(|b| b * 2.0).collect();
	for row in l1.weight.chunks_mut(hidden) {
		let reversed: Vec<f32> = row.iter().rev().map(|w| w / 2.0).collect();
		row.copy_from_slice(&reversed);
	}
	out
}

fn evaluate(model: &ModelFile, set: &<Digits as Task>::EvalSet) -> Evaluation {
	Digits.score(&model.to_safetensors().unwrap(), MAX_MODEL_BYTES, set).unwrap()
}

fn distance(a: &Evaluation, b: &Evaluation) -> u32 {
	fingerprint_distance(&a.fingerprint.0, &b.fingerprint.0).unwrap()
}

#[test]
fn honest_models_are_far_apart_and_copies_are_near() {
	let set = Digits.eval_set(&Seed::for_epoch(&[3; 32], 0), 512);
	let models: Vec<ModelFile> = (1..=4u64)
		.map(|seed| {
			let file = train::digits(&defaults(train::seed_for(&seed.to_le_bytes()))).unwrap();
			ModelFile::parse(&file, MAX_MODEL_BYTES, &FAMILY).unwrap()
		})
		.collect();
	let evals: Vec<Evaluation> = models.iter().map(|m| evaluate(m, &set)).collect();
	for (i, e) in evals.iter().enumerate() {
		eprintln!("digits model {i}: score {}", e.score.0);
	}
	let mut honest = Vec::new();
	for i in 0..evals.len() {
		for j in i + 1..evals.len() {
			let d = distance(&evals[i], &evals[j]);
			eprintln!("digits independent {i}-{j}: distance {d}");
			honest.push(d);
		}
	}
	let original = &evals[0];
	let mut copies = Vec::new();
	for relative in [0.001f32, 0.01, 0.03, 0.1, 0.3] {
		let copy = evaluate(&perturbed(&models[0], relative, 42), &set);
		let d = distance(original, &copy);
		let delta = i64::from(copy.score.0) - i64::from(original.score.0);
		eprintln!("digits copy, noise {relative}: distance {d}, score change {delta} ppb");
		copies.push((relative, d));
	}
	let twisted = evaluate(&permuted_and_rescaled(&models[0]), &set);
	let d = distance(original, &twisted);
	eprintln!("digits copy, permuted and rescaled: distance {d}");

	let closest_honest = *honest.iter().min().unwrap();
	assert!(closest_honest > 2 * NEAR_DUPLICATE_MILLINATS, "honest pairs: {honest:?}");
	assert!(d < NEAR_DUPLICATE_MILLINATS, "a permuted, rescaled copy is the same function");
	for (relative, d) in copies {
		if relative <= 0.03 {
			assert!(d < NEAR_DUPLICATE_MILLINATS, "noise {relative}: distance {d}");
		}
	}
}

#[test]
fn honest_text_models_are_far_apart() {
	let set = Text.eval_set(&Seed::for_epoch(&[3; 32], 1), 512);
	let plan = |seed: u64| Plan { steps: 300, hidden: vec![128], width: 8, ..defaults(seed) };
	let evals: Vec<Evaluation> = (1..=2u64)
		.map(|seed| Text.score(&train::text(&plan(seed)).unwrap(), MAX_MODEL_BYTES, &set).unwrap())
		.collect();
	let d = distance(&evals[0], &evals[1]);
	eprintln!("text scores {} and {}: distance {d}", evals[0].score.0, evals[1].score.0);
	assert!(d > 2 * NEAR_DUPLICATE_MILLINATS);
}
