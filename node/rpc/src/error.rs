//! The errors `merit_*` answers with: a JSON-RPC error object with one of the codes below and
//! a message saying what was wrong and what is valid. A read never answers an empty success
//! for something that does not exist.

use jsonrpsee::types::ErrorObjectOwned;

/// No subnet has the netuid given.
pub const UNKNOWN_SUBNET: i32 = 8001;
/// The subnet has no neuron at the UID given.
pub const UNKNOWN_NEURON: i32 = 8002;
/// An address is not SS58, or is for another network.
pub const BAD_ADDRESS: i32 = 8003;
/// A metagraph field name is not one of the fields.
pub const BAD_FIELD: i32 = 8004;
/// A UID range is empty, too large, or starts past the subnet's last UID.
pub const BAD_RANGE: i32 = 8005;
/// The block given is not known to this node (or its state was pruned).
pub const UNKNOWN_BLOCK: i32 = 8006;
/// The runtime could not answer (for example, a block from before the API existed).
pub const RUNTIME: i32 = 8007;

/// An error with `code` and `message`.
pub fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

/// A runtime API call that failed.
pub fn runtime(what: &str, e: impl std::fmt::Display) -> ErrorObjectOwned {
	error(RUNTIME, format!("{what}: the runtime could not answer: {e}"))
}
