//! The text task: byte-level language modelling of a public-domain book (*The Devil's
//! Dictionary*, [`corpus`]) with a small model that predicts each byte from the
//! [`CONTEXT`] bytes before it.
//!
//! - **Model family:** an embedding table `embed.weight` (`[256, width]`, `width` from 1 to
//!   [`MAX_WIDTH`]); the embeddings of the context bytes, oldest first, are concatenated
//!   (`CONTEXT · width` inputs) and fed to an MLP of at most [`MAX_DEPTH`] layers
//!   (`layers.{i}.weight|bias`, ReLU between) with 256 outputs, the next byte's logits.
//!   At most [`MAX_PARAMS`] parameters in all: the cap keeps the book from being memorised.
//! - **Evaluation set:** `size` predictions in windows of [`WINDOW`] consecutive bytes, each
//!   window starting at a position of the book drawn from the epoch's stream.
//! - **Score:** `exp(−mean cross-entropy)` = `2^(−bits per byte)`, the geometric mean of the
//!   probability given to the right byte, in [`Score`] parts per billion (1/256 for a uniform
//!   guess). Metrics: bits per byte (millionths) and top-1 accuracy (parts per billion).

mod data;

pub use data::corpus;

use crate::{
	digits::below,
	forward::Mlp,
	loss::{classify_batched, Classified},
	model::{expect_shape, f32s, read, serialize, MlpFamily},
	Evaluation, ModelError, ModelFile, Score, Seed, Task,
};

/// Bytes of context each prediction sees.
pub const CONTEXT: usize = 16;
/// Consecutive predictions drawn together.
pub const WINDOW: usize = 64;
/// The widest embedding a model may have.
pub const MAX_WIDTH: usize = 32;
/// The most MLP layers a model may have.
pub const MAX_DEPTH: usize = 3;
/// The most parameters (embedding included) a model may have.
pub const MAX_PARAMS: usize = 250_000;
/// Byte values: the classes.
pub const VOCAB: usize = 256;
/// The embedding table's tensor name.
pub const EMBED: &str = "embed.weight";

/// A checked text model.
#[derive(Clone, Debug, PartialEq)]
pub struct TextModel {
	/// `256 × width`, row-major: row `b` is byte `b`'s embedding.
	pub embed: Vec<f32>,
	/// The embedding width.
	pub width: usize,
	/// The MLP over the concatenated context embeddings.
	pub mlp: ModelFile,
}

impl TextModel {
	/// The model as a safetensors file (what a miner serves).
	pub fn to_safetensors(&self) -> Result<Vec<u8>, ModelError> {
		let mut tensors = vec![(EMBED.to_string(), vec![VOCAB, self.width], self.embed.as_slice())];
		tensors.extend(self.mlp.tensors());
		serialize(&tensors)
	}

	/// Weights, biases and embeddings in all.
	pub fn parameter_count(&self) -> usize {
		self.embed.len() + self.mlp.parameter_count()
	}

	/// The MLP's inputs for `contexts` (`n × CONTEXT` bytes): each context's embeddings,
	/// oldest byte first, `n × CONTEXT · width`.
	fn embedded(&self, contexts: &[u8]) -> Vec<f32> {
		let mut x = Vec::with_capacity(contexts.len().saturating_mul(self.width));
		for byte in contexts {
			let row = usize::from(*byte) * self.width;
			x.extend_from_slice(self.embed.get(row..row + self.width).unwrap_or_default());
		}
		x
	}

	/// The next byte's logits for each of `contexts` (`n × CONTEXT` bytes), `n × 256`, by
	/// the deterministic forward pass ([`crate::forward`]).
	pub fn logits(&self, contexts: &[u8]) -> Result<Vec<f32>, ModelError> {
		Mlp::new(&self.mlp).logits(&self.embedded(contexts), contexts.len() / CONTEXT)
	}
}

/// One epoch's predictions: `contexts` (`CONTEXT` bytes each) and the bytes that follow.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextSet {
	pub contexts: Vec<u8>,
	pub targets: Vec<u8>,
}

/// The text task.
#[derive(Clone, Copy, Debug, Default)]
pub struct Text;

/// `size` predictions drawn by the stream of `seed` for `purpose`: windows of [`WINDOW`]
/// (the last one shorter) at uniformly drawn starts.
pub fn predictions(seed: &Seed, purpose: &[u8], size: u32) -> TextSet {
	let book = corpus();
	let mut rng = seed.stream(purpose);
	let mut set = TextSet::default();
	// Window starts leave room for the context before and the window after.
	let Some(starts) = book.len().checked_sub(CONTEXT + WINDOW) else { return set };
	let size = size as usize;
	while set.targets.len() < size {
		let start = CONTEXT + below(&mut rng, starts + 1);
		let take = WINDOW.min(size - set.targets.len());
		for at in start..start + take {
			let (Some(context), Some(target)) = (book.get(at - CONTEXT..at), book.get(at)) else {
				return set;
			};
			set.contexts.extend_from_slice(context);
			set.targets.push(*target);
		}
	}
	set
}

impl Task for Text {
	type Model = TextModel;
	type EvalSet = TextSet;

	const NAME: &'static str = "text";

	/// `1/256`: a uniform guess over byte values.
	fn baseline(&self) -> Score {
		Score(3_906_250)
	}

	fn max_file_bytes(&self) -> usize {
		crate::task::max_file_bytes_for(MAX_PARAMS)
	}

	fn eval_set(&self, seed: &Seed, size: u32) -> TextSet {
		predictions(seed, b"text/eval", size)
	}

	fn load(&self, bytes: &[u8], cap: usize) -> Result<TextModel, ModelError> {
		let mut tensors = read(bytes, cap)?.tensors();
		let Some(at) = tensors.iter().position(|(name, _)| name == EMBED) else {
			return Err(ModelError::MissingTensor(EMBED.into()));
		};
		let (_, embed) = tensors.swap_remove(at);
		let width = match embed.shape() {
			[VOCAB, width] if (1..=MAX_WIDTH).contains(width) => *width,
			found => {
				return Err(ModelError::WrongShape {
					name: EMBED.into(),
					expected: vec![VOCAB, MAX_WIDTH],
					found: found.to_vec(),
				})
			},
		};
		expect_shape(EMBED, &embed, &[VOCAB, width])?;
		let family = MlpFamily {
			inputs: CONTEXT * width,
			outputs: VOCAB,
			max_depth: MAX_DEPTH,
			max_params: MAX_PARAMS,
		};
		let mlp = ModelFile::from_tensors(tensors, &family, VOCAB * width)?;
		Ok(TextModel { embed: f32s(EMBED, &embed)?, width, mlp })
	}

	fn evaluate(&self, model: &TextModel, set: &TextSet) -> Result<Evaluation, ModelError> {
		if set.targets.is_empty() {
			return Ok(Evaluation::default());
		}
		let labels: Vec<usize> = set.targets.iter().map(|b| usize::from(*b)).collect();
		let mlp = Mlp::new(&model.mlp);
		let batch = |start: usize, end: usize| {
			let contexts = set
				.contexts
				.get(start.saturating_mul(CONTEXT)..end.saturating_mul(CONTEXT))
				.unwrap_or_default();
			mlp.logits(&model.embedded(contexts), end - start)
		};
		let Classified { mean_loss, accuracy, fingerprint } =
			classify_batched(labels.len(), VOCAB, &labels, batch)?;
		let bits_per_byte = mean_loss / std::f64::consts::LN_2;
		Ok(Evaluation {
			fingerprint,
			score: Score::from_unit(libm::exp(-mean_loss)),
			metrics: vec![
				("bits_per_byte_micro", (bits_per_byte * 1e6).round().clamp(0.0, 1e18) as u64),
				("accuracy_ppb", Score::from_unit(accuracy).0.into()),
			],
		})
	}
}
