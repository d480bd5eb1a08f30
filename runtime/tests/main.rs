//! The runtime's integration tests, in one test binary: the real runtime, natively, from its
//! genesis presets. One binary, so the runtime and its pallets are linked, and their generic
//! code instantiated, once for every group instead of once per file (docs/build.md). Run a
//! group with a filter: `cargo test --release -p merit-runtime --test runtime attacks::`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::arithmetic_side_effects)]
#![allow(clippy::indexing_slicing)]

mod common;
mod harness;

/// Attacks on the incentive game, each shown to gain the attacker nothing.
mod attacks;
/// Consensus with the development preset: weights in, emission out, to the planck.
mod consensus;
/// Random calls from random origins: nothing panics, the books stay balanced.
mod fuzz_calls;
/// The genesis presets, and every pallet's integrity test.
mod genesis_presets;
/// Token-holder governance: tracks, referenda, conviction voting, the treasury.
mod governance;
/// Reads for clients: view functions and the paginated metagraph.
mod reads;
/// Subnets and staking together: registration, stake, slashes.
mod subnets_staking;
