//! Scoring throughput per task: one model file loaded, checked and evaluated on an epoch's
//! evaluation set, on one thread ([`merit_scoring::SCORING_THREADS`]), as a validator does.
//! Models are at their task's parameter cap, the worst case a validator must budget for.
//!
//! ```sh
//! cargo bench -p merit-scoring --features criterion --bench scoring
//! ```
//! Models per second is `1 / time`; samples per second is the throughput criterion prints.

mod common;

use common::layer;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use merit_scoring::{
	digits::{self, Digits},
	text::{self, Text, TextModel},
	ModelFile, Seed, Task, MAX_MODEL_BYTES,
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

fn scoring(c: &mut Criterion) {
	merit_scoring::fix_thread_count();
	bench_task(c, Digits, &digits_model(), &[1_024, 4_096]);
	bench_task(c, Text, &text_model(), &[1_024, 4_096]);
}

criterion_group!(benches, scoring);
criterion_main!(benches);
