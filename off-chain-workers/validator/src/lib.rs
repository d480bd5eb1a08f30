//! # Merit validator
//!
//! The scoring round a validator runs once per epoch for each subnet it validates, shared
//! by the standalone `merit-validator` and (natively, through a host function) the node's
//! off-chain worker:
//!
//! 1. **Who is scored** ([`round::candidates`]): every neuron with a revealed model whose
//!    commitment came before the epoch's seed block (so no model can be fitted to the
//!    seed), that is not a recorded copy and that announced an axon.
//! 2. **Fetch** ([`fetch::fetch`]): `GET /model/<hash>` from the miner's axon, with a
//!    timeout and the subnet's size cap; the file's `blake2_256` must be the revealed hash.
//! 3. **Score** ([`merit_host::EvalSet`]): the subnet's task on the evaluation set seeded by the
//!    epoch, one thread, fixed point.
//! 4. **Weights** ([`merit_scoring::weights`]): copies and guesses earn nothing, the rest by
//!    their squared margin over guessing.
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
