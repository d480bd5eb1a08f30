//! Models for the tests, built without training.

#![allow(dead_code)]

use merit_scoring::{
	digits::{dataset, samples, CLASSES, PIXELS},
	text::{TextModel, CONTEXT, MAX_WIDTH, VOCAB},
	Layer, ModelFile, Seed,
};

/// A one-layer model with every weight and bias zero: a uniform guess.
pub fn uniform() -> ModelFile {
	ModelFile {
		layers: vec![Layer {
			weight: vec![0.0; CLASSES * PIXELS],
			bias: vec![0.0; CLASSES],
			inputs: PIXELS,
			outputs: CLASSES,
		}],
	}
}

/// Nearest class mean as a linear model: logit_c = t · (μ_c · x − |μ_c|² / 2), with the
/// class means μ_c of the normalized images and a temperature `t`.
pub fn centroids(t: f32) -> ModelFile {
	let mut sums = vec![[0f32; PIXELS]; CLASSES];
	let mut counts = [0f32; CLASSES];
	for image in dataset() {
		let c = usize::from(image.label);
		counts[c] += 1.0;
		for (s, p) in sums[c].iter_mut().zip(image.pixels) {
			*s += f32::from(p) / 16.0;
		}
	}
	let mut weight = Vec::with_capacity(CLASSES * PIXELS);
	let mut bias = Vec::with_capacity(CLASSES);
	for c in 0..CLASSES {
		let mean: Vec<f32> = sums[c].iter().map(|s| s / counts[c]).collect();
		bias.push(-t * mean.iter().map(|m| m * m).sum::<f32>() / 2.0);
		weight.extend(mean.iter().map(|m| t * m));
	}
	ModelFile { layers: vec![Layer { weight, bias, inputs: PIXELS, outputs: CLASSES }] }
}

/// Softmax regression trained by full-batch gradient descent for `steps` steps on 2,048
/// augmented samples of a training stream (not any epoch's): a real, if small, model.
pub fn trained(steps: usize) -> ModelFile {
	let data = samples(&Seed([1; 32]), b"test/train", 2_048);
	let (mut weight, mut bias) = (vec![0f32; CLASSES * PIXELS], vec![0f32; CLASSES]);
	let rate = 1.0 / data.len() as f32;
	for _ in 0..steps {
		let (mut grad_w, mut grad_b) = (vec![0f32; CLASSES * PIXELS], vec![0f32; CLASSES]);
		for sample in &data {
			let logits: Vec<f32> = (0..CLASSES)
				.map(|c| {
					let row = &weight[c * PIXELS..(c + 1) * PIXELS];
					bias[c] + row.iter().zip(&sample.inputs).map(|(w, x)| w * x).sum::<f32>()
				})
				.collect();
			let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
			let exp: Vec<f32> = logits.iter().map(|l| (l - max).exp()).collect();
			let total: f32 = exp.iter().sum();
			for c in 0..CLASSES {
				let error = exp[c] / total - f32::from(u8::from(usize::from(sample.label) == c));
				grad_b[c] += error;
				for (g, x) in grad_w[c * PIXELS..(c + 1) * PIXELS].iter_mut().zip(&sample.inputs) {
					*g += error * x;
				}
			}
		}
		for (w, g) in weight.iter_mut().zip(&grad_w) {
			*w -= rate * g;
		}
		for (b, g) in bias.iter_mut().zip(&grad_b) {
			*b -= rate * g;
		}
	}
	ModelFile { layers: vec![Layer { weight, bias, inputs: PIXELS, outputs: CLASSES }] }
}

/// `model` (one layer) behind a hidden identity-like layer of width 64 (ReLU keeps the
/// non-negative inputs), so that the model has two layers and scores exactly the same.
pub fn behind_identity(mut model: ModelFile) -> ModelFile {
	let mut identity = vec![0f32; PIXELS * PIXELS];
	for i in 0..PIXELS {
		identity[i * PIXELS + i] = 1.0;
	}
	let hidden =
		Layer { weight: identity, bias: vec![0.0; PIXELS], inputs: PIXELS, outputs: PIXELS };
	model.layers.insert(0, hidden);
	model
}

/// Byte frequencies of the book, add-one smoothed: `P(b)`.
fn unigram_probabilities() -> Vec<f64> {
	let book = merit_scoring::text::corpus();
	let mut counts = vec![1f64; VOCAB];
	for b in book {
		counts[usize::from(*b)] += 1.0;
	}
	let total: f64 = counts.iter().sum();
	counts.iter().map(|c| c / total).collect()
}

/// A text model of embedding `width` whose MLP is one layer with `weight` and `bias`.
fn text_model(width: usize, embed: Vec<f32>, weight: Vec<f32>, bias: Vec<f32>) -> TextModel {
	let inputs = CONTEXT * width;
	TextModel {
		embed,
		width,
		mlp: ModelFile { layers: vec![Layer { weight, bias, inputs, outputs: VOCAB }] },
	}
}

/// Every weight zero: a uniform guess over the 256 byte values.
pub fn text_uniform() -> TextModel {
	text_model(1, vec![0.0; VOCAB], vec![0.0; VOCAB * CONTEXT], vec![0.0; VOCAB])
}

/// Ignores the context: logits are the book's log byte frequencies.
pub fn text_unigram() -> TextModel {
	let bias = unigram_probabilities().iter().map(|p| p.ln() as f32).collect();
	text_model(1, vec![0.0; VOCAB], vec![0.0; VOCAB * CONTEXT], bias)
}

/// Looks at the last byte when it is one of the book's 32 most frequent (a one-hot
/// embedding), adding `ln P(next | last) − ln P(next)` to the unigram logits.
pub fn text_bigram() -> TextModel {
	let book = merit_scoring::text::corpus();
	let unigram = unigram_probabilities();
	let mut order: Vec<usize> = (0..VOCAB).collect();
	order.sort_by(|a, b| unigram[*b].total_cmp(&unigram[*a]));
	let frequent = &order[..MAX_WIDTH];
	let mut pairs = vec![vec![1f64; VOCAB]; MAX_WIDTH];
	for pair in book.windows(2) {
		if let Some(slot) = frequent.iter().position(|b| *b == usize::from(pair[0])) {
			pairs[slot][usize::from(pair[1])] += 1.0;
		}
	}
	let mut embed = vec![0f32; VOCAB * MAX_WIDTH];
	for (slot, byte) in frequent.iter().enumerate() {
		embed[byte * MAX_WIDTH + slot] = 1.0;
	}
	let inputs = CONTEXT * MAX_WIDTH;
	let last = (CONTEXT - 1) * MAX_WIDTH;
	let mut weight = vec![0f32; VOCAB * inputs];
	for (slot, counts) in pairs.iter().enumerate() {
		let total: f64 = counts.iter().sum();
		for next in 0..VOCAB {
			let lift = (counts[next] / total).ln() - unigram[next].ln();
			weight[next * inputs + last + slot] = lift as f32;
		}
	}
	let bias = unigram.iter().map(|p| p.ln() as f32).collect();
	text_model(MAX_WIDTH, embed, weight, bias)
}
