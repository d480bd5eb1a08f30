//! # Merit chain client
//!
//! One client for everything off-chain that talks to a Merit node: the miner, the
//! standalone validator, `merit-validator verify` and the end-to-end tests.
//!
//! - [`Client`] speaks the node's standard JSON-RPC (`chain_*`, `state_*`, `author_*`,
//!   `system_*`) over WebSocket, as polkadot.js and subxt do. Reads go through the runtime
//!   APIs ([`chain`]): subnets, neurons, metagraphs, epoch positions, weight commits.
//! - [`extrinsic`] builds signed extrinsics exactly as a wallet does (the runtime's
//!   transaction extensions and their implicit data), signed with sr25519 ([`Signer`]);
//!   [`Client::submit_and_watch`] submits one and follows it to its block, returning what
//!   became of it ([`Included`]) with any dispatch error decoded to the pallet's error name.
//! - Every failure is an [`Error`]; nothing panics on a bad node answer.
//!
//! The client is built on the runtime's own types (`merit-runtime`) and `jsonrpsee`, not on
//! subxt: everything it needs is already compiled for the node and the tests, while subxt
//! would add its code generator and a second `jsonrpsee` (see docs/build.md). The price is
//! that the client must match the chain's runtime: [`Client::check_runtime`] compares the
//! on-chain `spec_version` with the one the client was built with and refuses to sign for
//! another runtime.

pub mod chain;
mod error;
pub mod extrinsic;
mod keys;
mod rpc;
mod submit;

pub use error::Error;
pub use keys::{ensure_ours, frame, unframe, Consent, KeyText, Signer};
pub use rpc::{from_hex, to_hex, Client, EventRecord};
pub use submit::{Included, TxStep, Wait};

/// Runs a binary's async `main` on a multi-threaded tokio runtime: prints `name: error` and
/// exits with failure on an error, never panics.
pub fn run_main<F>(name: &str, main: F) -> std::process::ExitCode
where
	F: std::future::Future<Output = Result<(), String>>,
{
	let outcome = tokio::runtime::Runtime::new()
		.map_err(|e| format!("cannot start: {e}"))
		.and_then(|runtime| runtime.block_on(main));
	match outcome {
		Ok(()) => std::process::ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("{name}: {e}");
			std::process::ExitCode::FAILURE
		},
	}
}

/// Runtime types the client's users need.
pub use merit_runtime::{AccountId, Balance, Hash, Nonce, RuntimeCall, RuntimeEvent};
/// The fraction type of incentive, dividends and trust.
pub use sp_runtime::Perbill;
