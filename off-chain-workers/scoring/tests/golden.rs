//! Golden scores: fixed model files scored on fixed seeds give these exact bytes, on every
//! CPU. The expected values were computed once and are committed here; a change to any of
//! them changes what validators pay, so it is a protocol change, not a refactor.
//!
//! The model files are in `tests/golden/` (trained with `merit-miner train`, see
//! `tests/golden/README.md`) and compiled into the test, so the binary runs alone:
//! `scripts/cross-cpu.sh` runs it under `qemu-x86_64 -cpu Nehalem` (no AVX, no FMA) and, for
//! an aarch64 build, under `qemu-aarch64`.

use blake2::{digest::consts::U32, Blake2b, Digest};
use merit_scoring::{
	digits::Digits,
	text::{self, Text, TextModel},
	Evaluation, Layer, ModelFile, Seed, Task, MAX_MODEL_BYTES,
};

/// Evaluation rows per model: enough to cover every row a fingerprint takes and several
/// batches' worth of log-softmax, small enough for an emulated CPU.
const ROWS: u32 = 1_536;

fn hash(bytes: &[u8]) -> String {
	let digest: [u8; 32] = Blake2b::<U32>::digest(bytes).into();
	digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// What a validator compares, in one line: the score, the metrics and the fingerprint's hash.
fn line(name: &str, seed: u8, evaluation: &Evaluation) -> String {
	let fingerprint: Vec<u8> =
		evaluation.fingerprint.0.iter().flat_map(|v| v.to_le_bytes()).collect();
	let metrics: Vec<String> = evaluation.metrics.iter().map(|(k, v)| format!("{k}={v}")).collect();
	format!(
		"{name} seed {seed}: score {} {} fingerprint {}",
		evaluation.score.0,
		metrics.join(" "),
		hash(&fingerprint)
	)
}

/// A dense layer with values from integer arithmetic only (so the file itself is the same on
/// every machine), at the scale where ReLU zeroes about half the units.
fn synthetic_layer(inputs: usize, outputs: usize, salt: u32) -> Layer {
	let value = |i: usize| {
		((i as u32).wrapping_mul(2_654_435_761) ^ salt.wrapping_mul(40_503)) as f32
			/ u32::MAX as f32
			- 0.5
	};
	let scale = 2.0 / (inputs as f32).sqrt();
	Layer {
		weight: (0..inputs * outputs).map(|i| value(i) * scale).collect(),
		bias: (0..outputs).map(|j| value(j + 7) * 0.1).collect(),
		inputs,
		outputs,
	}
}

/// A text model at the task's widest embedding, two hidden layers: every code path of the
/// forward pass, with synthetic values.
fn synthetic_text() -> Vec<u8> {
	let width = text::MAX_WIDTH;
	let inputs = text::CONTEXT * width;
	TextModel {
		embed: synthetic_layer(width, text::VOCAB, 1).weight,
		width,
		mlp: ModelFile {
			layers: vec![
				synthetic_layer(inputs, 96, 2),
				synthetic_layer(96, 64, 3),
				synthetic_layer(64, text::VOCAB, 4),
			],
		},
	}
	.to_safetensors()
	.unwrap()
}

/// Every golden case's line, scored on this machine.
fn actual() -> Vec<String> {
	let digits: [(&str, &[u8]); 2] = [
		("digits-64", include_bytes!("golden/digits-64.safetensors")),
		("digits-48-24", include_bytes!("golden/digits-48-24.safetensors")),
	];
	let synthetic = synthetic_text();
	let texts: [(&str, &[u8]); 2] = [
		("text-w4-48", include_bytes!("golden/text-w4-48.safetensors")),
		("text-synthetic", &synthetic),
	];
	let mut lines = Vec::new();
	for seed in [1u8, 2] {
		let seed_of = Seed::for_epoch(&[seed; 32], 7);
		let set = Digits.eval_set(&seed_of, ROWS);
		for (name, bytes) in digits {
			let evaluation = Digits.score(bytes, MAX_MODEL_BYTES, &set).unwrap();
			lines.push(line(name, seed, &evaluation));
		}
		let set = Text.eval_set(&seed_of, ROWS);
		for (name, bytes) in texts {
			let evaluation = Text.score(bytes, MAX_MODEL_BYTES, &set).unwrap();
			lines.push(line(name, seed, &evaluation));
		}
	}
	lines
}

/// The committed bytes. To see what a machine computes: `cargo test -p merit-scoring --test
/// golden -- --nocapture`.
const EXPECTED: &[&str] = &[
	"digits-64 seed 1: score 862152145 accuracy_ppb=949218750 cross_entropy_micro_nats=148324 fingerprint 90b34d28bcf29acc",
	"digits-48-24 seed 1: score 853749656 accuracy_ppb=944010417 cross_entropy_micro_nats=158117 fingerprint faf067692a51aada",
	"text-w4-48 seed 1: score 100963534 bits_per_byte_micro=3308094 accuracy_ppb=373046875 fingerprint 68f8db95d1f49ca7",
	"text-synthetic seed 1: score 3805183 bits_per_byte_micro=8037818 accuracy_ppb=0 fingerprint 41a645557da7b66d",
	"digits-64 seed 2: score 850558364 accuracy_ppb=948567708 cross_entropy_micro_nats=161862 fingerprint f1ba0d9bce145e9b",
	"digits-48-24 seed 2: score 870448237 accuracy_ppb=950520833 cross_entropy_micro_nats=138747 fingerprint c78456e9d7bf85ee",
	"text-w4-48 seed 2: score 88215456 bits_per_byte_micro=3502825 accuracy_ppb=333333333 fingerprint efb227be3488bc83",
	"text-synthetic seed 2: score 3825147 bits_per_byte_micro=8030269 accuracy_ppb=0 fingerprint 2de47388097d5c7f",
];

/// The model files are the committed ones (a changed file would change every line below for
/// a reason that has nothing to do with the CPU).
#[test]
fn golden_model_files_are_the_committed_ones() {
	assert_eq!(hash(include_bytes!("golden/digits-64.safetensors")), "64b8124414d3da47");
	assert_eq!(hash(include_bytes!("golden/digits-48-24.safetensors")), "87731458c6b7fa29");
	assert_eq!(hash(include_bytes!("golden/text-w4-48.safetensors")), "4484fd6dec7aa231");
	assert_eq!(hash(&synthetic_text()), "fcd01aaa3f3dcefa");
}

#[test]
fn scores_are_the_golden_bytes() {
	// `scripts/cross-cpu.sh` shows which vectors each run took.
	println!("vector path: {:?}", merit_scoring::forward::vector_path());
	let lines = actual();
	for l in &lines {
		println!("{l}");
	}
	assert_eq!(lines, EXPECTED, "this machine's scores differ from the golden bytes");
}

/// Validators may score several models at once: threads running side by side give the same
/// bytes as one.
#[test]
fn scores_are_the_golden_bytes_on_four_threads_at_once() {
	let threads: Vec<_> = (0..4).map(|_| std::thread::spawn(actual)).collect();
	for thread in threads {
		assert_eq!(thread.join().unwrap(), EXPECTED);
	}
}
