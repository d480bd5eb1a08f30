//! Training a task's model with candle: AdamW on freshly augmented batches drawn from a
//! training stream, with weights initialised from a seeded ChaCha stream (candle's own CPU
//! RNG cannot be seeded), so the same arguments train the same model.

use candle_core::{Device, Tensor, Var};
use candle_nn::{loss, AdamW, Optimizer, ParamsAdamW};
use indicatif::{ProgressBar, ProgressStyle};
use merit_scoring::{
	digits::{self, Digits},
	text::{self, Text, TextModel},
	Layer, ModelFile, Seed, Task,
};
use rand_chacha::{rand_core::RngCore, ChaCha20Rng};

/// What to train.
#[derive(Clone, Debug)]
pub struct Plan {
	/// Hidden layer widths (at most the task's depth − 1 of them).
	pub hidden: Vec<usize>,
	/// Optimizer steps.
	pub steps: u32,
	/// Samples per step.
	pub batch: u32,
	/// AdamW learning rate.
	pub learning_rate: f64,
	/// Seeds the initial weights and the training batches.
	pub seed: u64,
	/// Embedding width (text only).
	pub width: usize,
}

type Result<T> = std::result::Result<T, String>;

/// The training seed `merit-miner train` uses for a hotkey unless told otherwise: the first
/// eight bytes of `blake2_256("merit-miner/train-seed" ‖ hotkey)`. Training is deterministic,
/// so two miners training with one seed would get the same file, and the later of them would
/// be recorded as a copier; a seed per hotkey gives every miner its own file.
pub fn seed_for(hotkey: &[u8]) -> u64 {
	let hash =
		merit_client::chain::model_hash(&[b"merit-miner/train-seed".as_slice(), hotkey].concat());
	let mut first = [0u8; 8];
	first.copy_from_slice(hash.get(..8).unwrap_or(&[0; 8]));
	u64::from_le_bytes(first)
}

fn candle<T>(r: candle_core::Result<T>) -> Result<T> {
	r.map_err(|e| format!("candle: {e}"))
}

/// Uniform values in `±bound` from `rng`.
fn uniform(rng: &mut ChaCha20Rng, count: usize, bound: f32) -> Vec<f32> {
	(0..count).map(|_| (rng.next_u32() as f32 / u32::MAX as f32 * 2.0 - 1.0) * bound).collect()
}

/// An MLP's parameters as candle variables, Kaiming-uniform initialised.
struct Mlp {
	layers: Vec<(Var, Var)>,
}

impl Mlp {
	fn new(widths: &[usize], rng: &mut ChaCha20Rng) -> Result<Self> {
		let layers = widths
			.windows(2)
			.map(|pair| {
				let (inputs, outputs) = (pair[0], pair[1]);
				let bound = (6.0 / inputs as f32).sqrt();
				let w = uniform(rng, inputs * outputs, bound);
				let b = uniform(rng, outputs, 1.0 / (inputs as f32).sqrt());
				Ok((
					candle(Var::from_vec(w, (outputs, inputs), &Device::Cpu))?,
					candle(Var::from_vec(b, outputs, &Device::Cpu))?,
				))
			})
			.collect::<Result<_>>()?;
		Ok(Self { layers })
	}

	fn forward(&self, mut x: Tensor) -> candle_core::Result<Tensor> {
		for (i, (w, b)) in self.layers.iter().enumerate() {
			x = x.matmul(&w.as_tensor().t()?)?.broadcast_add(b.as_tensor())?;
			if i + 1 < self.layers.len() {
				x = x.relu()?;
			}
		}
		Ok(x)
	}

	fn vars(&self) -> Vec<Var> {
		self.layers.iter().flat_map(|(w, b)| [w.clone(), b.clone()]).collect()
	}

	fn to_model(&self) -> Result<ModelFile> {
		let layers = self
			.layers
			.iter()
			.map(|(w, b)| {
				let (outputs, inputs) = candle(w.as_tensor().dims2())?;
				Ok(Layer {
					weight: candle(w.as_tensor().flatten_all().and_then(|t| t.to_vec1::<f32>()))?,
					bias: candle(b.as_tensor().to_vec1::<f32>())?,
					inputs,
					outputs,
				})
			})
			.collect::<Result<_>>()?;
		Ok(ModelFile { layers })
	}
}

fn progress(steps: u32) -> ProgressBar {
	let bar = ProgressBar::new(u64::from(steps));
	if let Ok(style) =
		ProgressStyle::with_template("{spinner} train [{bar:30}] {pos}/{len} steps, {msg} ({eta})")
	{
		bar.set_style(style.progress_chars("=> "));
	}
	bar
}

/// Runs `plan.steps` AdamW steps of `loss_of(step)`, showing progress.
fn optimise(
	plan: &Plan,
	vars: Vec<Var>,
	mut loss_of: impl FnMut(u32) -> candle_core::Result<Tensor>,
) -> Result<()> {
	let params = ParamsAdamW { lr: plan.learning_rate, ..Default::default() };
	let mut opt = candle(AdamW::new(vars, params))?;
	let bar = progress(plan.steps);
	for step in 0..plan.steps {
		let loss = candle(loss_of(step))?;
		candle(opt.backward_step(&loss))?;
		if step % 10 == 0 || step + 1 == plan.steps {
			let value = candle(loss.to_scalar::<f32>())?;
			bar.set_message(format!("loss {value:.4}"));
		}
		bar.inc(1);
	}
	bar.finish();
	Ok(())
}

fn training_seed(plan: &Plan) -> Seed {
	let mut bytes = [0u8; 32];
	bytes[..8].copy_from_slice(&plan.seed.to_le_bytes());
	Seed(bytes)
}

/// Trains a digits MLP; returns its safetensors file.
pub fn digits(plan: &Plan) -> Result<Vec<u8>> {
	let seed = training_seed(plan);
	let mut rng = seed.stream(b"miner/init");
	let mut widths = vec![digits::PIXELS];
	widths.extend(plan.hidden.iter().copied().take(digits::MAX_DEPTH - 1));
	widths.push(digits::CLASSES);
	let mlp = Mlp::new(&widths, &mut rng)?;
	optimise(plan, mlp.vars(), |step| {
		let purpose = [b"miner/train/".as_slice(), &step.to_le_bytes()].concat();
		let batch = digits::samples(&seed, &purpose, plan.batch);
		let inputs: Vec<f32> = batch.iter().flat_map(|s| s.inputs).collect();
		let labels: Vec<u32> = batch.iter().map(|s| u32::from(s.label)).collect();
		let x = Tensor::from_vec(inputs, (batch.len(), digits::PIXELS), &Device::Cpu)?;
		let y = Tensor::from_vec(labels, batch.len(), &Device::Cpu)?;
		loss::cross_entropy(&mlp.forward(x)?, &y)
	})?;
	let model = mlp.to_model()?;
	let file = model.to_safetensors().map_err(|e| e.to_string())?;
	// What the validators will accept: refuse to write a file they would score 0.
	Digits.load(&file, merit_scoring::MAX_MODEL_BYTES).map_err(|e| e.to_string())?;
	Ok(file)
}

/// Trains a text model (embedding and MLP); returns its safetensors file.
pub fn text(plan: &Plan) -> Result<Vec<u8>> {
	let seed = training_seed(plan);
	let mut rng = seed.stream(b"miner/init");
	let width = plan.width.clamp(1, text::MAX_WIDTH);
	let embed = candle(Var::from_vec(
		uniform(&mut rng, text::VOCAB * width, 1.0),
		(text::VOCAB, width),
		&Device::Cpu,
	))?;
	let mut widths = vec![text::CONTEXT * width];
	widths.extend(plan.hidden.iter().copied().take(text::MAX_DEPTH - 1));
	widths.push(text::VOCAB);
	let mlp = Mlp::new(&widths, &mut rng)?;
	let mut vars = mlp.vars();
	vars.push(embed.clone());
	optimise(plan, vars, |step| {
		let purpose = [b"miner/train/".as_slice(), &step.to_le_bytes()].concat();
		let batch = text::predictions(&seed, &purpose, plan.batch);
		let n = batch.targets.len();
		let ids: Vec<u32> = batch.contexts.iter().map(|b| u32::from(*b)).collect();
		let ids = Tensor::from_vec(ids, n * text::CONTEXT, &Device::Cpu)?;
		let x = embed.as_tensor().index_select(&ids, 0)?.reshape((n, text::CONTEXT * width))?;
		let labels: Vec<u32> = batch.targets.iter().map(|b| u32::from(*b)).collect();
		let y = Tensor::from_vec(labels, n, &Device::Cpu)?;
		loss::cross_entropy(&mlp.forward(x)?, &y)
	})?;
	let model = TextModel {
		embed: candle(embed.as_tensor().flatten_all().and_then(|t| t.to_vec1::<f32>()))?,
		width,
		mlp: mlp.to_model()?,
	};
	let file = model.to_safetensors().map_err(|e| e.to_string())?;
	Text.load(&file, merit_scoring::MAX_MODEL_BYTES).map_err(|e| e.to_string())?;
	Ok(file)
}
