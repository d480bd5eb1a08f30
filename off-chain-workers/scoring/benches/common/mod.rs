//! Synthetic models for the benchmark and the memory example: deterministic weights at a
//! task's parameter cap (their scores do not matter, their size and shape do).

use merit_scoring::Layer;

/// A deterministic dense layer (values small enough to stay finite).
pub fn layer(inputs: usize, outputs: usize, salt: u32) -> Layer {
	let value =
		|i: usize| ((i as u32).wrapping_mul(2_654_435_761) ^ salt) as f32 / u32::MAX as f32 - 0.5;
	Layer {
		weight: (0..inputs * outputs).map(|i| value(i) * 0.1).collect(),
		bias: (0..outputs).map(value).collect(),
		inputs,
		outputs,
	}
}
