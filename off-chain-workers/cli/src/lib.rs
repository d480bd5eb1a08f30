//! # `merit`, Merit's command line
//!
//! One binary for the people who use the chain: wallets stored as polkadot.js key files
//! ([`keystore`], [`wallet`]); balances, transfers, subnets, registration, stake, delegation,
//! weights, metagraphs, epochs and governance ([`commands`]); a live metagraph dashboard.
//! Reads go through the node's `merit_*` JSON-RPC methods (docs/rpc.md); transactions are
//! signed here ([`merit_client`]) and followed to a block or to finality ([`ctx::Ctx::send`]).
//! Every command answers `--output json` ([`output`]); a refused call names the pallet's error
//! and says what to do ([`hints`]); amounts are MRT with decimals or planck ([`amount`]).

pub mod amount;
pub mod commands;
pub mod ctx;
pub mod dashboard;
pub mod hints;
pub mod keystore;
pub mod output;
pub mod wallet;
