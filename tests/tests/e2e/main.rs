//! Every end-to-end test but the Docker network's, in one test binary: real `merit-node`
//! processes (and the miner, validator, demo and `merit` binaries) driven over JSON-RPC and
//! by stock clients. One binary, so Merit's client stack (jsonrpsee, tokio, the runtime's
//! types, candle) is compiled and linked for the tests once, not once per file
//! (docs/build.md). Run one group with a filter: `cargo test --release --workspace --test e2e
//! demo::`. `tests/tests/docker_network.rs` stays a binary of its own: scripts/test.sh builds
//! and starts it first, beside everything else.

mod bad_input;
mod chain_specs;
mod cli;
mod client;
mod consensus;
mod demo;
mod dev_chain;
mod governance;
mod instant_seal;
mod local_testnet;
mod miner;
mod polkadot_js;
mod reads;
mod storage_layout;
mod subnets;
mod upgrade_from_testnet;
mod validator;
