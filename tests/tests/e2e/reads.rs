//! dApps' reads against real nodes, one test binary: `merit_*` JSON-RPC with every method,
//! subscription and error ([`rpc`]), and on the same node every view function
//! ([`view_functions`]); the stock JavaScript clients, polkadot.js and polkadot-api
//! ([`stock_clients`]); and a soak of 200 WebSocket clients subscribing and unsubscribing
//! ([`soak`]).

mod rpc;
mod soak;
mod stock_clients;
mod view_functions;
