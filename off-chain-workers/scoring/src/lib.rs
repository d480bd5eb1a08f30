//! # Merit scoring
//!
//! What a validator runs to score miners' models, as a library anyone can re-run: the same
//! seed and model file give the same score bytes on any machine.
//!
//! - A [`Task`] builds its evaluation set from a [`Seed`], loads a model from safetensors
//!   bytes under a size cap (checking names, shapes, dtype, parameter count and that every
//!   weight is finite), evaluates it and returns an [`Evaluation`] whose
//!   [`Score`] is fixed point. Any fault in the file is a typed [`ModelError`] and scores 0
//!   ([`Task::score`]); nothing panics.
//! - **Bit-exact on any CPU.** Evaluation data comes from a ChaCha20 stream seeded by
//!   `blake2_256(epoch block hash ‖ netuid)` ([`Seed::for_epoch`]). The forward pass is a
//!   rule with one answer ([`forward`]: `f32` in a fixed order, no fused multiply-add, no
//!   CPU- or thread-dependent kernels), the log-softmax and `exp` run in `f64` on the
//!   software `libm`, per-sample losses accumulate in sample order and are quantized to
//!   [`Score`] (parts per billion). The golden tests (`tests/golden.rs`) pin the score
//!   bytes of fixed models, and `scripts/cross-cpu.sh` checks them on an x86-64 CPU without
//!   AVX and on aarch64 under qemu. Miners train with candle (`merit-miner`); candle's own
//!   forward pass agrees with this one to float rounding, but only this one decides scores.
//!
//! - **Weights** follow one documented rule, the round core's
//!   (`merit_primitives::round::weights`, integers only, also run in the runtime):
//!   near-duplicates of an earlier commitment's model (by [`Fingerprint`]: its behaviour on
//!   the evaluation set, not its score) and guesses earn nothing, and the rest earn by their
//!   squared score above the task's baseline.
//!
//! Tasks: [`digits::Digits`] (UCI optical digits, an MLP) and [`text::Text`] (byte-level
//! language modelling of *The Devil's Dictionary*, an embedding and an MLP).

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod digits;
mod error;
pub mod fingerprint;
pub mod forward;
mod loss;
mod model;
mod score;
mod seed;
mod task;
pub mod text;

pub use error::ModelError;
pub use fingerprint::Fingerprint;
pub use loss::EVAL_BATCH;
pub use model::{Layer, ModelFile};
pub use score::{Evaluation, Score};
pub use seed::Seed;
pub use task::{max_file_bytes_for, Task, HEADER_ALLOWANCE, MAX_MODEL_BYTES};

/// Threads a node gives scoring (`merit-host` scores on a pool of this size, so a validating
/// node's block production keeps its cores). Scores never depend on it: the forward pass
/// runs on one thread per model.
pub const SCORING_THREADS: usize = 1;
