//! Harness for Merit's end-to-end tests: start a real `merit-node` on free loopback ports
//! ([`node`]), talk to it over JSON-RPC ([`rpc`]), sign transactions the way any wallet
//! does ([`tx`]) and run stock JavaScript clients against it ([`js`]).
//!
//! The tests need the release binary: `cargo build --release -p merit-node` (the README's
//! test command does this), or point `MERIT_NODE` at another build.

pub mod js;
pub mod node;
pub mod rpc;
pub mod tx;
