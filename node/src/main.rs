//! `merit-node`: the Merit chain's full node.
//!
//! Aura block production with GRANDPA finality on ParityDB, the standard JSON-RPC methods
//! (system, chain, state, author, payment), Prometheus metrics, and for development chains
//! instant or fixed-interval sealing (`--dev --sealing instant`).

mod chain_spec;
mod cli;
mod command;
mod dev_seal;
mod rpc;
mod service;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

fn main() -> sc_cli::Result<()> {
	command::run()
}
