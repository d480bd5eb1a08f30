//! Merit's miner as a library: what the `merit-miner` binary runs, for tests and tools.
//!
//! - [`train`]: a task's model trained with candle (AdamW, seeded initialisation and
//!   batches), checked against the task's own loader before it is written.
//! - [`serve`]: the model file over HTTP at `/model/<hex model hash>`, bounded concurrency.
//! - [`onchain`]: register, announce the axon, commit then reveal the model.

pub mod onchain;
pub mod serve;
pub mod train;
