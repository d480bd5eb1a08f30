//! The digits task: its data, its seeded evaluation set, and scores that rank models and
//! never change between runs or thread pools.

mod common;

use merit_scoring::{digits::*, Seed, Task, MAX_MODEL_BYTES};

fn seed() -> Seed {
	Seed::for_epoch(&[7u8; 32], 1)
}

#[test]
fn the_embedded_data_is_the_uci_test_set() {
	let images = dataset();
	assert_eq!(images.len(), 1_797);
	let mut counts = [0u32; 10];
	for image in images {
		counts[usize::from(image.label)] += 1;
		assert!(image.pixels.iter().all(|p| *p <= 16));
	}
	assert_eq!(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
}

#[test]
fn the_seed_is_blake2_256_of_the_block_hash_and_netuid() {
	// Cross-checked with Python's hashlib.blake2b(digest_size=32).
	let expected = "b8d64d062825ea0553628fa5386c8c24d4651019c18db228f346ea155d51368b";
	let seed = Seed::for_epoch(&[0u8; 32], 1);
	let hex: String = seed.0.iter().map(|b| format!("{b:02x}")).collect();
	assert_eq!(hex, expected);
}

#[test]
fn the_evaluation_set_follows_the_seed_alone() {
	let a = Digits.eval_set(&seed(), 256);
	assert_eq!(a.len(), 256);
	assert_eq!(a, Digits.eval_set(&seed(), 256), "same seed, same samples");
	assert_ne!(a, Digits.eval_set(&Seed::for_epoch(&[7u8; 32], 2), 256), "another subnet");
	assert_ne!(a, Digits.eval_set(&Seed::for_epoch(&[8u8; 32], 1), 256), "another epoch");
	// Augmented: most samples differ from every raw image.
	let raw: Vec<[f32; PIXELS]> =
		dataset().iter().map(|i| i.pixels.map(|p| f32::from(p) / 16.0)).collect();
	let copies = a.iter().filter(|s| raw.contains(&s.inputs)).count();
	assert!(copies < 64, "{copies} of 256 samples are unaugmented copies");
	assert!(a.iter().all(|s| s.inputs.iter().all(|v| (0.0..=1.0).contains(v))));
}

#[test]
fn a_uniform_guess_scores_exactly_one_tenth() {
	let set = Digits.eval_set(&seed(), 512);
	let bytes = common::uniform().to_safetensors().unwrap();
	let evaluation = Digits.score(&bytes, MAX_MODEL_BYTES, &set).unwrap();
	assert_eq!(evaluation.score.0, 100_000_000);
	// Ties go to class 0: accuracy is the share of zeros.
	let zeros = set.iter().filter(|s| s.label == 0).count() as f64 / 512.0;
	assert_eq!(evaluation.metrics[0], ("accuracy_ppb", (zeros * 1e9).round() as u64));
}

#[test]
fn better_models_score_higher() {
	let set = Digits.eval_set(&seed(), 512);
	let score = |model: merit_scoring::ModelFile| {
		let bytes = model.to_safetensors().unwrap();
		Digits.score(&bytes, MAX_MODEL_BYTES, &set).unwrap()
	};
	let uniform = score(common::uniform());
	let weak = score(common::centroids(1.0));
	let good = score(common::trained(200));
	let deep = score(common::behind_identity(common::trained(200)));
	eprintln!("uniform {uniform:?}\nweak {weak:?}\ngood {good:?}");
	assert!(uniform.score < weak.score && weak.score < good.score, "{uniform:?} {weak:?} {good:?}");
	assert!(weak.metrics[0].1 < good.metrics[0].1, "and more accurate");
	assert_eq!(deep, good, "an identity layer changes nothing");
}
