//! Harness for Merit's end-to-end tests: start a real `merit-node` on free loopback ports
//! ([`node`]), talk to it over JSON-RPC ([`rpc`]), sign transactions the way any wallet
//! does ([`tx`]), run stock JavaScript clients against it ([`js`]), take part in its
//! governance ([`governance`]), set up a live subnet to read ([`scenario`]), compare runtimes'
//! storage layouts ([`storage_layout`]) and run the Docker compose network ([`compose`]).
//!
//! The tests need the release binary: `cargo build --release -p merit-node` (the README's
//! test command does this), or point `MERIT_NODE` at another build.

pub mod cli;
pub mod compose;
pub mod governance;
pub mod http;
pub mod js;
pub mod node;
pub mod rpc;
pub mod scenario;
pub mod storage_layout;
pub mod tx;
