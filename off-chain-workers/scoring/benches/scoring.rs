//! Scoring throughput per task: one model file loaded, checked and evaluated on an epoch's
//! evaluation set, on one thread, as a validator does (`score_*`). Models are at their
//! task's parameter cap, the worst case a validator must budget for.
//!
//! `forward_*` compares the forward pass alone, over the same rows in batches of
//! [`merit_scoring::EVAL_BATCH`]: the deterministic one validators score with
//! ([`merit_scoring::forward`]) against candle's matrix product on one thread (how scoring
//! ran before issue 17).
//!
//! ```sh
//! cargo bench -p merit-scoring --features criterion --bench scoring
//! ```
//! Models per second is `1 / time`; samples per second is the throughput criterion prints.

mod common;

use candle_core::{Device, Tensor};
use common::layer;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use merit_scoring::{
	digits::{self, Digits},
	text::{self, Text, TextModel},
	Layer, ModelFile, Seed, Task, EVAL_BATCH, MAX_MODEL_BYTES,
};

/// A digits MLP 64 → 512 → 30 → 10 (48,980 parameters of the 50,000 allowed; 3 layers).
fn digits_model() -> Vec<u8> {
	let model = ModelFile {
		layers: vec![
			layer(digits::PIXELS, 512, 1),
			layer(512, 30, 2),
			layer(30, digits::CLASSES, 3),
		],
	};
	assert!(model.parameter_count() <= digits::MAX_PARAMS);
	model.to_safetensors().unwrap_or_default()
}

/// A text model: width 16, MLP 256 → 512 → 128 → 256 (234,368 parameters of 250,000).
fn text_model() -> Vec<u8> {
	let width = 16;
	let inputs = text::CONTEXT * width;
	let model = TextModel {
		embed: layer(width, text::VOCAB, 4).weight,
		width,
		mlp: ModelFile {
			layers: vec![layer(inputs, 512, 5), layer(512, 128, 6), layer(128, text::VOCAB, 7)],
		},
	};
	assert!(model.parameter_count() <= text::MAX_PARAMS, "{}", model.parameter_count());
	model.to_safetensors().unwrap_or_default()
}

fn bench_task<T: Task>(c: &mut Criterion, task: T, model: &[u8], sizes: &[u32]) {
	let mut group = c.benchmark_group(format!("score_{}", T::NAME));
	group.sample_size(10);
	let seed = Seed::for_epoch(&[3u8; 32], 1);
	for &size in sizes {
		let set = task.eval_set(&seed, size);
		assert!(task.score(model, MAX_MODEL_BYTES, &set).is_ok());
		group.throughput(Throughput::Elements(u64::from(size)));
		group.bench_with_input(BenchmarkId::from_parameter(size), &set, |b, set| {
			b.iter(|| task.score(model, MAX_MODEL_BYTES, set))
		});
	}
	group.finish();
}

/// candle's forward pass over `rows` rows of `inputs` (row-major), batch by batch.
fn candle_logits(layers: &[Layer], inputs: &[f32], rows: usize) -> usize {
	let width = inputs.len() / rows;
	let mut produced = 0;
	for batch in inputs.chunks(EVAL_BATCH * width) {
		let mut x = Tensor::from_slice(batch, (batch.len() / width, width), &Device::Cpu).unwrap();
		for (i, layer) in layers.iter().enumerate() {
			let w = Tensor::from_slice(&layer.weight, (layer.outputs, layer.inputs), &Device::Cpu)
				.unwrap();
			let b = Tensor::from_slice(&layer.bias, layer.outputs, &Device::Cpu).unwrap();
			x = x.matmul(&w.t().unwrap()).unwrap().broadcast_add(&b).unwrap();
			if i + 1 < layers.len() {
				x = x.relu().unwrap();
			}
		}
		produced += x.flatten_all().unwrap().to_vec1::<f32>().unwrap().len();
	}
	produced
}

/// The deterministic forward pass over the same rows, batch by batch.
fn deterministic_logits(model: &ModelFile, inputs: &[f32], rows: usize) -> usize {
	let width = inputs.len() / rows;
	inputs
		.chunks(EVAL_BATCH * width)
		.map(|batch| model.logits(batch, batch.len() / width).unwrap().len())
		.sum()
}

/// Both forward passes of `model` on `rows` rows of `inputs` (for text: the embedded
/// contexts).
fn bench_forward(c: &mut Criterion, task: &str, model: &ModelFile, inputs: &[f32], rows: usize) {
	let mut group = c.benchmark_group(format!("forward_{task}"));
	group.sample_size(10);
	group.throughput(Throughput::Elements(rows as u64));
	assert_eq!(
		deterministic_logits(model, inputs, rows),
		candle_logits(&model.layers, inputs, rows)
	);
	group.bench_function(BenchmarkId::new("deterministic", rows), |b| {
		b.iter(|| deterministic_logits(model, inputs, rows))
	});
	group.bench_function(BenchmarkId::new("candle", rows), |b| {
		b.iter(|| candle_logits(&model.layers, inputs, rows))
	});
	group.finish();
}

fn scoring(c: &mut Criterion) {
	// candle on one thread, as validators ran it.
	std::env::set_var("RAYON_NUM_THREADS", "1");
	std::env::set_var("CANDLE_NUM_THREADS", "1");
	bench_task(c, Digits, &digits_model(), &[1_024, 4_096]);
	bench_task(c, Text, &text_model(), &[1_024, 4_096]);

	let rows = 4_096;
	let seed = Seed::for_epoch(&[3u8; 32], 1);
	let digits = Digits.load(&digits_model(), MAX_MODEL_BYTES).unwrap();
	let inputs: Vec<f32> = Digits.eval_set(&seed, rows).iter().flat_map(|s| s.inputs).collect();
	bench_forward(c, "digits", &digits, &inputs, rows as usize);
	let text = Text.load(&text_model(), MAX_MODEL_BYTES).unwrap();
	let embedded: Vec<f32> = Text
		.eval_set(&seed, rows)
		.contexts
		.iter()
		.flat_map(|b| text.embed[usize::from(*b) * text.width..][..text.width].to_vec())
		.collect();
	bench_forward(c, "text", &text.mlp, &embedded, rows as usize);
}

criterion_group!(benches, scoring);
criterion_main!(benches);
