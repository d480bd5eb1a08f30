//! Peak memory of scoring one model: the widest text model the task allows (width 32, so
//! the most activations per row) scored on an evaluation set of `size` predictions, in
//! batches of `merit_scoring::EVAL_BATCH` rows (`batched`, what validators run) or all rows
//! at once (`whole`, how scoring ran before issue 14). Prints the process's peak resident
//! set (`VmHWM`); one measurement per process, so run it once per case:
//!
//! ```sh
//! cargo run --release -p merit-scoring --example peak_rss -- batched 100000
//! cargo run --release -p merit-scoring --example peak_rss -- whole 100000
//! ```
//! Figures: docs/benchmarks.md ("Validator memory").

#[path = "../benches/common/mod.rs"]
mod common;

use common::layer;
use merit_scoring::{
	text::{self, Text, TextModel},
	ModelFile, Seed, Task, MAX_MODEL_BYTES,
};

/// Width 32 (the most), MLP 512 → 300 → 256: 247,852 parameters of the 250,000 allowed.
fn widest() -> TextModel {
	let width = text::MAX_WIDTH;
	let inputs = text::CONTEXT * width;
	let model = TextModel {
		embed: layer(width, text::VOCAB, 4).weight,
		width,
		mlp: ModelFile { layers: vec![layer(inputs, 300, 5), layer(300, text::VOCAB, 6)] },
	};
	assert!(model.parameter_count() <= text::MAX_PARAMS, "{}", model.parameter_count());
	model
}

fn peak_rss_kib() -> u64 {
	let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
	status
		.lines()
		.find_map(|l| l.strip_prefix("VmHWM:"))
		.and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
		.unwrap_or(0)
}

fn main() {
	let mut args = std::env::args().skip(1);
	let mode = args.next().unwrap_or_else(|| "batched".into());
	let size: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(16_384);
	let set = Text.eval_set(&Seed::for_epoch(&[3u8; 32], 1), size);
	let model = widest();
	let file = model.to_safetensors().unwrap_or_default();
	let before = peak_rss_kib();
	match mode.as_str() {
		"whole" => {
			let logits = model.logits(&set.contexts).unwrap_or_default();
			println!("logits: {}", logits.len());
		},
		_ => {
			let evaluation = Text.score(&file, MAX_MODEL_BYTES, &set);
			println!("score: {:?}", evaluation.map(|e| e.score));
		},
	}
	println!(
		"{mode} {size}: peak RSS {} MiB (before scoring {} MiB)",
		peak_rss_kib() / 1024,
		before / 1024
	);
}
