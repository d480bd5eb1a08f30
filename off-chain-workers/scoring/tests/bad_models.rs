//! Every way a model file can be wrong gives a typed error (score 0), never a panic.

mod common;

use merit_scoring::{
	digits::{Digits, CLASSES, MAX_PARAMS, PIXELS},
	Layer, ModelError, ModelFile, Seed, Task, MAX_MODEL_BYTES,
};
use safetensors::{tensor::TensorView, Dtype};

/// A safetensors file of `(name, dtype, shape)` tensors filled with `fill` (as f32 bytes or
/// zero bytes for other dtypes).
fn file(tensors: &[(&str, Dtype, &[usize])], fill: f32) -> Vec<u8> {
	let data: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> = tensors
		.iter()
		.map(|(name, dtype, shape)| {
			let count: usize = shape.iter().product();
			let bytes = match dtype {
				Dtype::F32 => (0..count).flat_map(|_| fill.to_le_bytes()).collect(),
				other => vec![0u8; count * other.bitsize() / 8],
			};
			(name.to_string(), *dtype, shape.to_vec(), bytes)
		})
		.collect();
	let views: Vec<(String, TensorView<'_>)> = data
		.iter()
		.map(|(n, d, s, b)| (n.clone(), TensorView::new(*d, s.clone(), b).unwrap()))
		.collect();
	safetensors::serialize(views, None).unwrap()
}

fn load(bytes: &[u8]) -> Result<ModelFile, ModelError> {
	Digits.load(bytes, MAX_MODEL_BYTES)
}

const W0: &str = "layers.0.weight";
const B0: &str = "layers.0.bias";

fn good() -> Vec<u8> {
	common::centroids(12.0).to_safetensors().unwrap()
}

#[test]
fn a_good_file_round_trips() {
	let model = load(&good()).unwrap();
	assert_eq!(model, common::centroids(12.0));
	assert_eq!(model.parameter_count(), CLASSES * PIXELS + CLASSES);
}

#[test]
fn truncated_or_garbage_bytes_are_malformed() {
	let bytes = good();
	for cut in [0, 4, 8, 100, bytes.len() - 1] {
		assert!(matches!(load(&bytes[..cut]), Err(ModelError::Malformed(_))), "cut at {cut}");
	}
	assert!(matches!(load(b"definitely not a model"), Err(ModelError::Malformed(_))));
	// A header length pointing past the end.
	let mut lying = bytes.clone();
	lying[..8].copy_from_slice(&u64::MAX.to_le_bytes());
	assert!(matches!(load(&lying), Err(ModelError::Malformed(_))));
}

#[test]
fn a_file_above_the_cap_is_refused_before_parsing() {
	let bytes = good();
	assert_eq!(Digits.load(&bytes, 100), Err(ModelError::TooLarge { size: bytes.len(), cap: 100 }));
	// Even garbage of that size never reaches the parser.
	assert!(matches!(Digits.load(&vec![0u8; 1_000], 999), Err(ModelError::TooLarge { .. })));
}

#[test]
fn wrong_names_are_refused() {
	let extra = file(
		&[(W0, Dtype::F32, &[10, 64]), (B0, Dtype::F32, &[10]), ("head", Dtype::F32, &[1])],
		0.0,
	);
	assert_eq!(load(&extra), Err(ModelError::UnexpectedTensor("head".into())));
	let padded = file(&[("layers.00.weight", Dtype::F32, &[10, 64]), (B0, Dtype::F32, &[10])], 0.0);
	assert_eq!(load(&padded), Err(ModelError::UnexpectedTensor("layers.00.weight".into())));
	let no_bias = file(&[(W0, Dtype::F32, &[10, 64])], 0.0);
	assert_eq!(load(&no_bias), Err(ModelError::MissingTensor(B0.into())));
	let gap = file(
		&[
			(W0, Dtype::F32, &[10, 64]),
			(B0, Dtype::F32, &[10]),
			("layers.2.weight", Dtype::F32, &[10, 10]),
			("layers.2.bias", Dtype::F32, &[10]),
		],
		0.0,
	);
	assert!(matches!(
		load(&gap),
		Err(ModelError::WrongShape { .. } | ModelError::MissingTensor(_))
	));
	let empty = file(&[], 0.0);
	assert_eq!(load(&empty), Err(ModelError::WrongDepth { found: 0, max: 3 }));
	let deep = file(
		&[("layers.3.weight", Dtype::F32, &[10, 10]), ("layers.3.bias", Dtype::F32, &[10])],
		0.0,
	);
	assert_eq!(load(&deep), Err(ModelError::WrongDepth { found: 4, max: 3 }));
}

#[test]
fn wrong_dtypes_and_shapes_are_refused() {
	let f64s = file(&[(W0, Dtype::F64, &[10, 64]), (B0, Dtype::F32, &[10])], 0.0);
	assert_eq!(load(&f64s), Err(ModelError::WrongDtype { name: W0.into(), found: "F64".into() }));
	let transposed = file(&[(W0, Dtype::F32, &[64, 10]), (B0, Dtype::F32, &[10])], 0.0);
	assert_eq!(
		load(&transposed),
		Err(ModelError::WrongShape {
			name: W0.into(),
			expected: vec![10, 64],
			found: vec![64, 10]
		})
	);
	let bad_bias = file(&[(W0, Dtype::F32, &[10, 64]), (B0, Dtype::F32, &[10, 1])], 0.0);
	assert!(matches!(load(&bad_bias), Err(ModelError::WrongShape { .. })));
	// A hidden layer that does not feed the next one.
	let mismatched = file(
		&[
			(W0, Dtype::F32, &[32, 64]),
			(B0, Dtype::F32, &[32]),
			("layers.1.weight", Dtype::F32, &[10, 16]),
			("layers.1.bias", Dtype::F32, &[10]),
		],
		0.0,
	);
	assert!(matches!(load(&mismatched), Err(ModelError::WrongShape { .. })));
}

#[test]
fn too_many_parameters_are_refused() {
	let wide = 1 + MAX_PARAMS / 64;
	let big = file(
		&[
			(W0, Dtype::F32, &[wide, 64]),
			(B0, Dtype::F32, &[wide]),
			("layers.1.weight", Dtype::F32, &[10, wide]),
			("layers.1.bias", Dtype::F32, &[10]),
		],
		0.0,
	);
	assert!(matches!(load(&big), Err(ModelError::TooManyParameters { cap: MAX_PARAMS, .. })));
}

#[test]
fn non_finite_weights_are_refused() {
	for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
		let bytes = file(&[(W0, Dtype::F32, &[10, 64]), (B0, Dtype::F32, &[10])], bad);
		assert_eq!(load(&bytes), Err(ModelError::NonFinite(W0.into())));
	}
}

#[test]
fn finite_weights_that_overflow_are_refused_at_evaluation() {
	let huge = ModelFile {
		layers: vec![Layer {
			weight: vec![f32::MAX; CLASSES * PIXELS],
			bias: vec![0.0; CLASSES],
			inputs: PIXELS,
			outputs: CLASSES,
		}],
	};
	let set = Digits.eval_set(&Seed::for_epoch(&[1u8; 32], 0), 16);
	let bytes = huge.to_safetensors().unwrap();
	assert_eq!(Digits.score(&bytes, MAX_MODEL_BYTES, &set), Err(ModelError::NonFiniteOutput));
}
