//! The text task: its corpus, its seeded predictions, scores that rank models and never
//! change between runs or thread pools, and every way a text model file can be wrong.

mod common;

use blake2::{digest::consts::U32, Blake2b, Digest};
use merit_scoring::{text::*, Layer, ModelError, ModelFile, Seed, Task, MAX_MODEL_BYTES};
use safetensors::{tensor::TensorView, Dtype};

fn seed() -> Seed {
	Seed::for_epoch(&[9u8; 32], 3)
}

fn score(model: &TextModel, set: &TextSet) -> Result<merit_scoring::Evaluation, ModelError> {
	Text.score(&model.to_safetensors().unwrap(), MAX_MODEL_BYTES, set)
}

#[test]
fn the_embedded_corpus_is_the_devils_dictionary() {
	let book = corpus();
	assert_eq!(book.len(), 383_656);
	let hash: String = Blake2b::<U32>::digest(book).iter().map(|b| format!("{b:02x}")).collect();
	// blake2b-256 of the text whose SHA-256 data/README.md gives.
	assert_eq!(hash, "b997de6241e3a83c823a500cfae227cec703fc6c600d88406293774c3ae42772");
	assert!(book.is_ascii());
}

#[test]
fn predictions_are_windows_of_the_book_drawn_by_the_seed() {
	let set = Text.eval_set(&seed(), 1_000);
	assert_eq!(set.targets.len(), 1_000);
	assert_eq!(set.contexts.len(), 1_000 * CONTEXT);
	assert_eq!(set, Text.eval_set(&seed(), 1_000), "same seed, same predictions");
	assert_ne!(set, Text.eval_set(&Seed::for_epoch(&[9u8; 32], 4), 1_000), "another subnet");
	let book = corpus();
	for window in 0..1_000 / WINDOW {
		let first = window * WINDOW;
		let context = &set.contexts[first * CONTEXT..(first + 1) * CONTEXT];
		let at = book.windows(CONTEXT + WINDOW).position(|w| {
			w[..CONTEXT] == *context && w[CONTEXT..] == set.targets[first..first + WINDOW]
		});
		assert!(at.is_some(), "window {window} is a stretch of the book");
	}
}

#[test]
fn a_uniform_guess_scores_exactly_one_in_256() {
	let set = Text.eval_set(&seed(), 512);
	let evaluation = score(&common::text_uniform(), &set).unwrap();
	assert_eq!(evaluation.score, Text.baseline());
	assert_eq!(evaluation.metrics[0], ("bits_per_byte_micro", 8_000_000));
}

#[test]
fn models_that_know_more_of_the_book_score_higher() {
	let set = Text.eval_set(&seed(), 4_096);
	let uniform = score(&common::text_uniform(), &set).unwrap();
	let unigram = score(&common::text_unigram(), &set).unwrap();
	let bigram = score(&common::text_bigram(), &set).unwrap();
	eprintln!("uniform {uniform:?}\nunigram {unigram:?}\nbigram {bigram:?}");
	assert!(uniform.score < unigram.score && unigram.score < bigram.score);
	// The book's byte entropy is about 4.4 bits: a unigram model scores near it.
	let bits = unigram.metrics[0].1 as f64 / 1e6;
	assert!((4.0..4.9).contains(&bits), "{bits} bits per byte");
	assert!(bigram.metrics[0].1 < unigram.metrics[0].1);
}

#[test]
fn a_good_file_round_trips() {
	let model = common::text_bigram();
	let bytes = model.to_safetensors().unwrap();
	assert_eq!(Text.load(&bytes, MAX_MODEL_BYTES).unwrap(), model);
	assert_eq!(model.parameter_count(), VOCAB * MAX_WIDTH + VOCAB * CONTEXT * MAX_WIDTH + VOCAB);
	assert_eq!(
		Text.load(&bytes, 1_000),
		Err(ModelError::TooLarge { size: bytes.len(), cap: 1_000 })
	);
}

fn load(model: &TextModel) -> Result<TextModel, ModelError> {
	Text.load(&model.to_safetensors().unwrap(), MAX_MODEL_BYTES)
}

#[test]
fn bad_text_models_are_refused() {
	let good = common::text_unigram();
	// No embedding: an MLP alone is not a text model.
	assert_eq!(
		Text.load(&good.mlp.to_safetensors().unwrap(), MAX_MODEL_BYTES),
		Err(ModelError::MissingTensor(EMBED.into()))
	);
	// An embedding wider than the cap, not one row per byte value, or not a table.
	for shape in [vec![VOCAB, MAX_WIDTH + 1], vec![VOCAB - 1, 1], vec![VOCAB]] {
		let width = shape.get(1).copied().unwrap_or(1);
		let count: usize = shape.iter().product();
		let embed = vec![0f32; count];
		let (weight, bias) = (vec![0f32; VOCAB * CONTEXT * width], vec![0f32; VOCAB]);
		let views = [
			(EMBED, shape.clone(), &embed),
			("layers.0.weight", vec![VOCAB, CONTEXT * width], &weight),
			("layers.0.bias", vec![VOCAB], &bias),
		];
		let bytes: Vec<Vec<u8>> = views
			.iter()
			.map(|(_, _, v)| v.iter().flat_map(|x| x.to_le_bytes()).collect())
			.collect();
		let tensors: Vec<(String, TensorView<'_>)> = views
			.iter()
			.zip(&bytes)
			.map(|((n, s, _), b)| {
				(n.to_string(), TensorView::new(Dtype::F32, s.clone(), b).unwrap())
			})
			.collect();
		let file = safetensors::serialize(tensors, None).unwrap();
		assert!(
			matches!(Text.load(&file, MAX_MODEL_BYTES), Err(ModelError::WrongShape { ref name, .. }) if name == EMBED),
			"{shape:?}"
		);
	}
	// The MLP must read `CONTEXT · width` inputs.
	let mismatched = TextModel { embed: vec![0.0; VOCAB * 2], width: 2, ..good.clone() };
	assert!(matches!(load(&mismatched), Err(ModelError::WrongShape { .. })));
	// A NaN in the embedding.
	let mut nan = good.clone();
	nan.embed[7] = f32::NAN;
	assert_eq!(load(&nan), Err(ModelError::NonFinite(EMBED.into())));
	// The parameter cap counts the embedding too.
	let hidden = 1 + (MAX_PARAMS - VOCAB * MAX_WIDTH) / (CONTEXT * MAX_WIDTH + 1 + VOCAB);
	let inputs = CONTEXT * MAX_WIDTH;
	let big = TextModel {
		embed: vec![0.0; VOCAB * MAX_WIDTH],
		width: MAX_WIDTH,
		mlp: ModelFile {
			layers: vec![
				Layer {
					weight: vec![0.0; hidden * inputs],
					bias: vec![0.0; hidden],
					inputs,
					outputs: hidden,
				},
				Layer {
					weight: vec![0.0; VOCAB * hidden],
					bias: vec![0.0; VOCAB],
					inputs: hidden,
					outputs: VOCAB,
				},
			],
		},
	};
	assert!(big.parameter_count() > MAX_PARAMS);
	assert!(matches!(load(&big), Err(ModelError::TooManyParameters { cap: MAX_PARAMS, .. })));
}
