//! What can be wrong with a model file.

/// Why a model file cannot be scored. Every variant scores 0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
	/// The file is larger than the task allows.
	#[error("model file is {size} bytes, above the cap of {cap}")]
	TooLarge { size: usize, cap: usize },
	/// Not a valid safetensors file (truncated, bad header, bad offsets, ...).
	#[error("not a valid safetensors file: {0}")]
	Malformed(String),
	/// A tensor the task's model family needs is absent.
	#[error("missing tensor `{0}`")]
	MissingTensor(String),
	/// A tensor the task's model family does not have.
	#[error("unexpected tensor `{0}`")]
	UnexpectedTensor(String),
	/// A tensor is not `F32`.
	#[error("tensor `{name}` is {found}, expected F32")]
	WrongDtype { name: String, found: String },
	/// A tensor has the wrong shape.
	#[error("tensor `{name}` has shape {found:?}, expected {expected:?}")]
	WrongShape { name: String, expected: Vec<usize>, found: Vec<usize> },
	/// The model has more layers than the family allows, or none.
	#[error("model has {found} layers, expected 1 to {max}")]
	WrongDepth { found: usize, max: usize },
	/// The model has more parameters than the task allows.
	#[error("model has {count} parameters, above the cap of {cap}")]
	TooManyParameters { count: usize, cap: usize },
	/// A weight is NaN or infinite.
	#[error("tensor `{0}` holds a NaN or infinite value")]
	NonFinite(String),
	/// The model's output is NaN or infinite on an evaluation sample.
	#[error("the model's output is not finite")]
	NonFiniteOutput,
	/// The evaluation's own inputs did not fit together (reported, never expected for a
	/// checked model and a task's own evaluation set).
	#[error("evaluation: {0}")]
	Evaluation(String),
}
