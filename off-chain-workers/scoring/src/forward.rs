//! The forward pass every validator computes, defined down to the order of its floating-point
//! operations so that a model's logits are the same bits on every CPU.
//!
//! candle's CPU matrix product (through `gemm`) picks its kernel and blocking from the CPU's
//! features and cache sizes at run time, and fuses multiplies and adds where the CPU has FMA:
//! the same model on two honest machines gave scores a few parts per billion apart. Scores
//! decide money and disputes, so they are computed here instead, by a rule with one answer:
//!
//! - **Dense layer.** Output `j` of a row is `acc ← b[j]`, then for each input `k` in order
//!   `0, 1, …`, `acc ← acc + x[k] · w[j][k]`: each product rounded to `f32`, then each sum
//!   (IEEE 754 binary32, round to nearest even). Rust never contracts `a · b + c` into a
//!   fused multiply-add, so no CPU gets to round once instead of twice. A zero input may be
//!   skipped (it saves half the work after a ReLU and on the digits' blank pixels): adding
//!   `0 · w = ±0` leaves every non-zero sum as it is and can change only the sign of a zero
//!   one, which nothing downstream sees (ReLU gives `+0`; a logit of `±0` gives the same
//!   log-softmax, prediction and score).
//! - **ReLU** between layers: `v` if `v > 0`, else `+0`.
//! - **Embedding** (text): rows copied from the table, nothing computed.
//!
//! The loop runs over the outputs innermost, so the compiler vectorizes it across outputs,
//! four rows at a time: every lane does the same two roundings in the same order as the
//! scalar rule, whatever the vector width (SSE2, AVX2 and AVX-512 chosen at run time, NEON),
//! and a thread count never enters. `scripts/cross-cpu.sh` runs the golden scores on each.
//! The cost against candle is measured in docs/benchmarks.md ("Scoring throughput").
//!
//! Everything after the logits (log-softmax, the mean loss, `exp`) runs in `f64` with the
//! software `libm` (`crate::loss`), never the platform's, whose `exp` and `log` differ by
//! CPU (glibc picks FMA variants at run time) and by system.

use crate::{Layer, ModelError, ModelFile};

/// The vectors the forward pass runs on, chosen at run time on x86-64 (the bits are the same
/// on each: the choice only changes how many outputs one instruction computes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VectorPath {
	/// x86-64 with AVX-512F: 16 lanes.
	Avx512,
	/// x86-64 with AVX2: 8 lanes.
	Avx2,
	/// What the target always has: SSE2 on x86-64, NEON on aarch64.
	Baseline,
}

/// The vectors the forward pass uses on this CPU (for logs and `scripts/cross-cpu.sh`).
pub fn vector_path() -> VectorPath {
	#[cfg(target_arch = "x86_64")]
	{
		if std::is_x86_feature_detected!("avx512f") {
			return VectorPath::Avx512;
		}
		if std::is_x86_feature_detected!("avx2") {
			return VectorPath::Avx2;
		}
	}
	VectorPath::Baseline
}

/// Rows computed together: each weight read serves this many rows.
const ROWS: usize = 4;
/// Outputs computed together: `ROWS × LANES` sums stay in vector registers while the inputs
/// go by (4 AVX-512 registers, 8 AVX2 ones).
const LANES: usize = 16;

/// One dense layer ready to run: its weights transposed to `inputs × stride`, so each input
/// adds a contiguous row of products to the outputs, and its outputs padded with zero
/// weights and biases to `stride`, a multiple of [`LANES`] (the padding is computed and
/// dropped).
struct Dense {
	/// `inputs × stride`, row-major: row `k` holds `w[0][k], w[1][k], …`, then zeros.
	weight_t: Vec<f32>,
	/// `stride` biases, zeros after the `outputs` real ones.
	bias: Vec<f32>,
	inputs: usize,
	outputs: usize,
	stride: usize,
}

impl Dense {
	fn new(layer: &Layer) -> Self {
		let (inputs, outputs) = (layer.inputs.max(1), layer.outputs);
		let stride = outputs.div_ceil(LANES).saturating_mul(LANES);
		let mut weight_t = vec![0f32; inputs.saturating_mul(stride)];
		for (j, row) in layer.weight.chunks_exact(inputs).enumerate() {
			for (k, w) in row.iter().enumerate() {
				if let Some(slot) = weight_t.get_mut(k * stride + j) {
					*slot = *w;
				}
			}
		}
		let mut bias = layer.bias.clone();
		bias.resize(stride, 0.0);
		Self { weight_t, bias, inputs, outputs, stride }
	}

	/// The layer applied to `x` (rows of `inputs`), ReLU after it when `relu`: on this CPU's
	/// widest vectors (the same bits on any of them, see the module docs).
	fn apply(&self, x: &[f32], relu: bool) -> Vec<f32> {
		match vector_path() {
			// SAFETY: the CPU has AVX-512F, the only feature the function enables.
			#[cfg(target_arch = "x86_64")]
			VectorPath::Avx512 => unsafe { self.apply_avx512(x, relu) },
			// SAFETY: the CPU has AVX2, the only feature the function enables.
			#[cfg(target_arch = "x86_64")]
			VectorPath::Avx2 => unsafe { self.apply_avx2(x, relu) },
			_ => self.apply_rows(x, relu),
		}
	}

	/// [`Self::apply_rows`] compiled for AVX-512 (no FMA: products and sums still round
	/// apart).
	#[cfg(target_arch = "x86_64")]
	#[target_feature(enable = "avx512f")]
	unsafe fn apply_avx512(&self, x: &[f32], relu: bool) -> Vec<f32> {
		self.apply_rows(x, relu)
	}

	/// [`Self::apply_rows`] compiled for AVX2 (no FMA).
	#[cfg(target_arch = "x86_64")]
	#[target_feature(enable = "avx2")]
	unsafe fn apply_avx2(&self, x: &[f32], relu: bool) -> Vec<f32> {
		self.apply_rows(x, relu)
	}

	/// The rule, [`ROWS`] rows by [`LANES`] outputs at a time (the last block of rows padded
	/// with zero rows, whose outputs are dropped).
	#[inline(always)]
	fn apply_rows(&self, x: &[f32], relu: bool) -> Vec<f32> {
		let (inputs, outputs, stride) = (self.inputs, self.outputs, self.stride);
		let rows = x.len() / inputs;
		let mut y = Vec::with_capacity(rows.saturating_mul(outputs));
		let mut padded = Vec::new();
		for block in x.chunks(ROWS * inputs) {
			let real_rows = block.len() / inputs;
			let block = if real_rows == ROWS {
				block
			} else {
				padded.clear();
				padded.extend_from_slice(block);
				padded.resize(ROWS * inputs, 0.0);
				&padded
			};
			let (x0, rest) = block.split_at(inputs);
			let (x1, rest) = rest.split_at(inputs);
			let (x2, x3) = rest.split_at(inputs);
			let mut sums = vec![[0f32; LANES]; ROWS * stride / LANES];
			for (tile, bias) in self.bias.chunks_exact(LANES).enumerate() {
				let j0 = tile * LANES;
				let mut acc = [[0f32; LANES]; ROWS];
				for row in acc.iter_mut() {
					row.copy_from_slice(bias);
				}
				let columns = x0.iter().zip(x1).zip(x2).zip(x3);
				for ((((a, b), c), d), w_k) in columns.zip(self.weight_t.chunks_exact(stride)) {
					let xs = [*a, *b, *c, *d];
					if xs == [0.0; ROWS] {
						continue;
					}
					let Some(w) = w_k.get(j0..j0 + LANES) else { continue };
					for (row, x) in acc.iter_mut().zip(xs) {
						for (sum, w) in row.iter_mut().zip(w) {
							*sum += x * w;
						}
					}
				}
				for (r, row) in acc.into_iter().enumerate() {
					if let Some(slot) = sums.get_mut(r * stride / LANES + tile) {
						*slot = row;
					}
				}
			}
			for row in sums.chunks_exact(stride / LANES).take(real_rows) {
				y.extend(row.iter().flatten().take(outputs));
			}
		}
		if relu {
			for v in y.iter_mut() {
				*v = if *v > 0.0 { *v } else { 0.0 };
			}
		}
		y
	}
}

/// An MLP ready to run: [`ModelFile`]'s layers transposed once, applied to any number of
/// rows.
pub(crate) struct Mlp {
	layers: Vec<Dense>,
}

impl Mlp {
	pub fn new(model: &ModelFile) -> Self {
		Self { layers: model.layers.iter().map(Dense::new).collect() }
	}

	/// The width of an input row.
	pub fn inputs(&self) -> usize {
		self.layers.first().map_or(0, |l| l.inputs)
	}

	/// The logits of `n` rows (`n × inputs`, row-major): `n × outputs`, row-major.
	pub fn logits(&self, inputs: &[f32], n: usize) -> Result<Vec<f32>, ModelError> {
		let width = self.inputs();
		if width == 0 || inputs.len() != n.saturating_mul(width) {
			return Err(ModelError::Evaluation(format!(
				"{} inputs for {n} rows of {width}",
				inputs.len()
			)));
		}
		let depth = self.layers.len();
		let mut x = std::borrow::Cow::Borrowed(inputs);
		for (i, layer) in self.layers.iter().enumerate() {
			x = std::borrow::Cow::Owned(layer.apply(&x, i + 1 < depth));
		}
		Ok(x.into_owned())
	}
}
