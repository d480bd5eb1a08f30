//! Model files of the MLP family: safetensors with `layers.{i}.weight` (`[outputs,
//! inputs]`, F32) and `layers.{i}.bias` (`[outputs]`, F32) for `i` in `0..depth`, ReLU
//! between layers. Read with every check a scorer needs; evaluated by [`crate::forward`].

use crate::{forward::Mlp, task::MAX_MODEL_BYTES, ModelError};
use safetensors::{tensor::TensorView, Dtype, SafeTensors};
use std::collections::BTreeMap;

/// The shape of an MLP family: what a task accepts.
#[derive(Clone, Copy, Debug)]
pub struct MlpFamily {
	/// Width of the input.
	pub inputs: usize,
	/// Width of the output (classes).
	pub outputs: usize,
	/// The most layers a model may have.
	pub max_depth: usize,
	/// The most parameters (weights and biases) a model may have.
	pub max_params: usize,
}

/// One dense layer: `y = W x + b`.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
	/// `outputs × inputs`, row-major.
	pub weight: Vec<f32>,
	/// `outputs`.
	pub bias: Vec<f32>,
	pub inputs: usize,
	pub outputs: usize,
}

/// A checked MLP.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelFile {
	pub layers: Vec<Layer>,
}

/// The `(layer, part)` a tensor name stands for, if it follows the family's naming.
fn parse_name(name: &str) -> Option<(usize, bool)> {
	let rest = name.strip_prefix("layers.")?;
	let (index, part) = rest.split_once('.')?;
	if index.is_empty() || (index.len() > 1 && index.starts_with('0')) {
		return None;
	}
	let index: usize = index.parse().ok()?;
	match part {
		"weight" => Some((index, true)),
		"bias" => Some((index, false)),
		_ => None,
	}
}

/// The values of an `F32` tensor, refusing NaN and infinities.
pub(crate) fn f32s(name: &str, view: &TensorView<'_>) -> Result<Vec<f32>, ModelError> {
	let values: Vec<f32> = view
		.data()
		.chunks_exact(4)
		.map(|b| f32::from_le_bytes(b.try_into().unwrap_or([0xff; 4])))
		.collect();
	if values.iter().any(|v| !v.is_finite()) {
		return Err(ModelError::NonFinite(name.to_string()));
	}
	Ok(values)
}

/// Checks that a tensor is `F32` of exactly `expected` shape.
pub(crate) fn expect_shape(
	name: &str,
	view: &TensorView<'_>,
	expected: &[usize],
) -> Result<(), ModelError> {
	if view.dtype() != Dtype::F32 {
		return Err(ModelError::WrongDtype {
			name: name.to_string(),
			found: format!("{:?}", view.dtype()),
		});
	}
	if view.shape() != expected {
		return Err(ModelError::WrongShape {
			name: name.to_string(),
			expected: expected.to_vec(),
			found: view.shape().to_vec(),
		});
	}
	Ok(())
}

/// Parses `bytes` as safetensors after refusing anything above `cap` bytes (and
/// [`MAX_MODEL_BYTES`]): the first step of every task's `load`.
pub(crate) fn read(bytes: &[u8], cap: usize) -> Result<SafeTensors<'_>, ModelError> {
	let cap = cap.min(MAX_MODEL_BYTES);
	if bytes.len() > cap {
		return Err(ModelError::TooLarge { size: bytes.len(), cap });
	}
	SafeTensors::deserialize(bytes).map_err(|e| ModelError::Malformed(e.to_string()))
}

/// `(name, shape, values)` tensors as a safetensors file.
pub(crate) fn serialize(tensors: &[(String, Vec<usize>, &[f32])]) -> Result<Vec<u8>, ModelError> {
	let bytes: Vec<Vec<u8>> =
		tensors.iter().map(|(_, _, v)| v.iter().flat_map(|x| x.to_le_bytes()).collect()).collect();
	let views = tensors
		.iter()
		.zip(&bytes)
		.map(|((name, shape, _), data)| {
			TensorView::new(Dtype::F32, shape.clone(), data)
				.map(|view| (name.clone(), view))
				.map_err(|e| ModelError::Malformed(e.to_string()))
		})
		.collect::<Result<Vec<_>, _>>()?;
	safetensors::serialize(views, None).map_err(|e| ModelError::Malformed(e.to_string()))
}

impl ModelFile {
	/// Reads `bytes` as a model of `family`, refusing anything above `cap` bytes (and
	/// [`MAX_MODEL_BYTES`]) before parsing.
	pub fn parse(bytes: &[u8], cap: usize, family: &MlpFamily) -> Result<Self, ModelError> {
		Self::from_tensors(read(bytes, cap)?.tensors(), family, 0)
	}

	/// The MLP made of `tensors` (every one named `layers.{i}.weight|bias`), checked against
	/// `family`; `spent` parameters of the cap are already used by other tensors.
	pub(crate) fn from_tensors(
		tensors: Vec<(String, TensorView<'_>)>,
		family: &MlpFamily,
		spent: usize,
	) -> Result<Self, ModelError> {
		let mut parts: BTreeMap<usize, (Option<TensorView<'_>>, Option<TensorView<'_>>)> =
			BTreeMap::new();
		for (name, view) in tensors {
			let Some((index, is_weight)) = parse_name(&name) else {
				return Err(ModelError::UnexpectedTensor(name));
			};
			if index >= family.max_depth {
				return Err(ModelError::WrongDepth { found: index + 1, max: family.max_depth });
			}
			let entry = parts.entry(index).or_default();
			if is_weight {
				entry.0 = Some(view);
			} else {
				entry.1 = Some(view);
			}
		}
		let depth = parts.keys().next_back().map_or(0, |last| last + 1);
		if depth == 0 {
			return Err(ModelError::WrongDepth { found: 0, max: family.max_depth });
		}
		let mut layers = Vec::with_capacity(depth);
		let mut inputs = family.inputs;
		let mut params = spent;
		for index in 0..depth {
			let (weight_name, bias_name) =
				(format!("layers.{index}.weight"), format!("layers.{index}.bias"));
			let (weight, bias) = match parts.remove(&index) {
				Some((Some(w), Some(b))) => (w, b),
				Some((None, _)) | None => return Err(ModelError::MissingTensor(weight_name)),
				Some((_, None)) => return Err(ModelError::MissingTensor(bias_name)),
			};
			let last = index + 1 == depth;
			let outputs = match (last, weight.shape()) {
				(true, _) => family.outputs,
				(false, [rows, _]) if *rows > 0 => *rows,
				(false, found) => {
					return Err(ModelError::WrongShape {
						name: weight_name,
						expected: vec![0, inputs],
						found: found.to_vec(),
					})
				},
			};
			expect_shape(&weight_name, &weight, &[outputs, inputs])?;
			expect_shape(&bias_name, &bias, &[outputs])?;
			params = params.saturating_add(outputs.saturating_mul(inputs)).saturating_add(outputs);
			if params > family.max_params {
				return Err(ModelError::TooManyParameters {
					count: params,
					cap: family.max_params,
				});
			}
			layers.push(Layer {
				weight: f32s(&weight_name, &weight)?,
				bias: f32s(&bias_name, &bias)?,
				inputs,
				outputs,
			});
			inputs = outputs;
		}
		Ok(Self { layers })
	}

	/// Weights and biases in all.
	pub fn parameter_count(&self) -> usize {
		self.layers.iter().map(|l| l.weight.len() + l.bias.len()).sum()
	}

	/// The model's tensors, named as the family requires.
	pub(crate) fn tensors(&self) -> Vec<(String, Vec<usize>, &[f32])> {
		self.layers
			.iter()
			.enumerate()
			.flat_map(|(i, l)| {
				[
					(format!("layers.{i}.weight"), vec![l.outputs, l.inputs], l.weight.as_slice()),
					(format!("layers.{i}.bias"), vec![l.outputs], l.bias.as_slice()),
				]
			})
			.collect()
	}

	/// The model as a safetensors file (what a miner serves).
	pub fn to_safetensors(&self) -> Result<Vec<u8>, ModelError> {
		serialize(&self.tensors())
	}

	/// The logits of `n` inputs (`n × inputs`, row-major), `n × outputs` row-major, computed
	/// by the deterministic forward pass ([`crate::forward`]): the same bits on every CPU.
	pub fn logits(&self, inputs: &[f32], n: usize) -> Result<Vec<f32>, ModelError> {
		Mlp::new(self).logits(inputs, n)
	}
}
