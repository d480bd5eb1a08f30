//! The digits task: classify 8×8 handwritten digits (UCI optical digits, 1,797 images) with
//! an MLP of at most [`MAX_DEPTH`] layers and [`MAX_PARAMS`] parameters.
//!
//! - **Evaluation set:** `size` images drawn with replacement from the whole data by the
//!   epoch's stream, each shifted by up to one pixel in each direction (zeros fill in) and
//!   noised (each pixel, with probability 1/8, moves by ±1..=3, clamped to 0..=16). Inputs
//!   are pixels / 16. Memorising the 1,797 images therefore does not win; generalising does.
//! - **Score:** `exp(−mean cross-entropy)`, the geometric mean of the probability the model
//!   gives the right class (1 for a perfect, confident model; 0.1 for a uniform guess), in
//!   [`Score`] parts per billion. Metrics: accuracy (parts per billion) and mean
//!   cross-entropy (micro-nats).

mod data;

pub use data::{augment, dataset, Image, PIXELS};

use crate::{
	forward::Mlp,
	loss::{classify_batched, Classified},
	model::MlpFamily,
	Evaluation, ModelError, ModelFile, Score, Seed, Task,
};
use rand_chacha::rand_core::RngCore;

/// The most layers a digits model may have.
pub const MAX_DEPTH: usize = 3;
/// The most parameters a digits model may have.
pub const MAX_PARAMS: usize = 50_000;
/// Classes: the digits 0..=9.
pub const CLASSES: usize = 10;

/// The model family the task accepts.
pub const FAMILY: MlpFamily =
	MlpFamily { inputs: PIXELS, outputs: CLASSES, max_depth: MAX_DEPTH, max_params: MAX_PARAMS };

/// One evaluation sample: normalized pixels and the label.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
	pub inputs: [f32; PIXELS],
	pub label: u8,
}

/// The digits task.
#[derive(Clone, Copy, Debug, Default)]
pub struct Digits;

/// A uniform index below `len` from `rng` (Lemire's multiply-shift: no modulo bias to speak
/// of, and the same on every platform).
pub(crate) fn below(rng: &mut impl RngCore, len: usize) -> usize {
	let wide = u128::from(rng.next_u64()) * (len as u128);
	(wide >> 64) as usize
}

/// `size` augmented samples drawn by the stream of `seed` for `purpose`.
pub fn samples(seed: &Seed, purpose: &[u8], size: u32) -> Vec<Sample> {
	let images = dataset();
	let mut rng = seed.stream(purpose);
	if images.is_empty() {
		return Vec::new();
	}
	let mut samples = Vec::with_capacity(size as usize);
	for _ in 0..size {
		let Some(image) = images.get(below(&mut rng, images.len())) else { continue };
		let pixels = augment(image, &mut rng);
		samples.push(Sample { inputs: pixels.map(|p| f32::from(p) / 16.0), label: image.label });
	}
	samples
}

impl Task for Digits {
	type Model = ModelFile;
	type EvalSet = Vec<Sample>;

	const NAME: &'static str = "digits";

	/// `exp(−ln 10)`: a uniform guess over ten classes.
	fn baseline(&self) -> Score {
		Score(100_000_000)
	}

	fn max_file_bytes(&self) -> usize {
		crate::task::max_file_bytes_for(MAX_PARAMS)
	}

	fn eval_set(&self, seed: &Seed, size: u32) -> Vec<Sample> {
		samples(seed, b"digits/eval", size)
	}

	fn load(&self, bytes: &[u8], cap: usize) -> Result<ModelFile, ModelError> {
		ModelFile::parse(bytes, cap, &FAMILY)
	}

	fn evaluate(&self, model: &ModelFile, set: &Vec<Sample>) -> Result<Evaluation, ModelError> {
		if set.is_empty() {
			return Ok(Evaluation::default());
		}
		let labels: Vec<usize> = set.iter().map(|s| usize::from(s.label)).collect();
		let mlp = Mlp::new(model);
		let batch = |start: usize, end: usize| {
			let rows = set.get(start..end).unwrap_or_default();
			let inputs: Vec<f32> = rows.iter().flat_map(|s| s.inputs).collect();
			mlp.logits(&inputs, rows.len())
		};
		let Classified { mean_loss, accuracy, fingerprint } =
			classify_batched(set.len(), CLASSES, &labels, batch)?;
		Ok(Evaluation {
			fingerprint,
			score: Score::from_unit(libm::exp(-mean_loss)),
			metrics: vec![
				("accuracy_ppb", Score::from_unit(accuracy).0.into()),
				("cross_entropy_micro_nats", (mean_loss * 1e6).round().clamp(0.0, 1e18) as u64),
			],
		})
	}
}
