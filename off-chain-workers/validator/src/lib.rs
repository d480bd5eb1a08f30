//! # Merit validator
//!
//! The scoring round a validator runs once per epoch for each subnet it validates, over
//! JSON-RPC, on a separate machine from its node. The round's rules are the round core's
//! (`merit_primitives::round`), the same as the node's off-chain worker runs; this crate is
//! its IO:
//!
//! 1. **Who is scored**: the round core's candidates, from the neurons at the epoch's seed
//!    block ([`round::neuron_models`]).
//! 2. **Fetch** ([`fetch::fetch`]): `GET /model/<hash>` from the miner's axon, with a
//!    timeout and the subnet's size cap; the file's `blake2_256` must be the revealed hash.
//! 3. **Score** ([`merit_host::score_file`]): the subnet's task on the evaluation set seeded
//!    by the epoch, bit-exact on any CPU.
//! 4. **Weights, reports, submission**: the round core's.
//!
//! A miner that fails (offline, wrong hash, corrupt file) gets weight 0 with the reason
//! logged; unavailable or mismatched files are reported on chain (`report_model`). One bad
//! miner never stops a round.
//!
//! [`verify`] recomputes a validator's round for an epoch and compares the weights with
//! those it submitted.

pub mod fetch;
pub mod round;
pub mod standalone;
pub mod verify;
