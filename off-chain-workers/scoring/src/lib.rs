//! # Merit scoring
//!
//! What a validator runs to score miners' models, as a library anyone can re-run: the same
//! seed and model file give the same score bytes on any machine.
//!
//! - A [`Task`] builds its evaluation set from a [`Seed`], loads a model from safetensors
//!   bytes under a size cap (checking names, shapes, dtype, parameter count and that every
//!   weight is finite), evaluates it with candle and returns an [`Evaluation`] whose
//!   [`Score`] is fixed point. Any fault in the file is a typed [`ModelError`] and scores 0
//!   ([`Task::score`]); nothing panics.
//! - **Determinism.** Evaluation data comes from a ChaCha20 stream seeded by
//!   `blake2_256(epoch block hash ‖ netuid)` ([`Seed::for_epoch`]); candle's CPU RNG is never
//!   used. Per-sample losses accumulate in `f64` in sample order and are quantized to
//!   [`Score`] (parts per billion). Candle runs on [`SCORING_THREADS`] threads
//!   ([`fix_thread_count`]).
//!
//! - **Weights** follow one documented rule ([`weights::weights`]): near-duplicates of an
//!   earlier commitment's model (by [`Fingerprint`]: its behaviour on the evaluation set,
//!   not its score) and guesses earn nothing, and the rest earn by their squared score above
//!   the task's baseline.
//!
//! Tasks: [`digits::Digits`] (UCI optical digits, an MLP) and [`text::Text`] (byte-level
//! language modelling of *The Devil's Dictionary*, an embedding and an MLP).

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod digits;
mod error;
pub mod fingerprint;
mod loss;
mod model;
mod score;
mod seed;
mod task;
pub mod text;
pub mod weights;

pub use error::ModelError;
pub use fingerprint::Fingerprint;
pub use loss::EVAL_BATCH;
pub use model::{Layer, ModelFile};
pub use score::{Evaluation, Score};
pub use seed::Seed;
pub use task::{max_file_bytes_for, Task, HEADER_ALLOWANCE, MAX_MODEL_BYTES};

/// Threads candle's CPU kernels use while scoring: fixed, so every validator's arithmetic
/// runs the same way.
pub const SCORING_THREADS: usize = 1;

/// Pins candle's CPU thread count to [`SCORING_THREADS`] for this process. Call it at the
/// start of `main`, before any thread is spawned (it sets `RAYON_NUM_THREADS` and
/// `CANDLE_NUM_THREADS`, which candle reads).
pub fn fix_thread_count() {
	let threads = SCORING_THREADS.to_string();
	std::env::set_var("RAYON_NUM_THREADS", &threads);
	std::env::set_var("CANDLE_NUM_THREADS", &threads);
}
