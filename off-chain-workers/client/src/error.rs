//! What can go wrong talking to a node.

/// A client error: each says what was being done and what went wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The connection failed or the node answered with an RPC error.
	#[error("RPC {method}: {message}")]
	Rpc { method: String, message: String },
	/// The node's answer could not be read.
	#[error("could not decode {what}: {message}")]
	Decode { what: String, message: String },
	/// The node refused the transaction (invalid, bad nonce, cannot pay, ...).
	#[error("transaction refused: {0}")]
	Refused(String),
	/// The transaction left the pool without being included.
	#[error("transaction {0}")]
	NotIncluded(String),
	/// Waiting took longer than allowed.
	#[error("timed out: {0}")]
	Timeout(String),
	/// The chain runs a runtime this client was not built for.
	#[error(
		"the chain runs spec_version {chain}, this client was built for {client}: rebuild it \
		 from the chain's release"
	)]
	RuntimeMismatch { chain: u32, client: u32 },
	/// A key could not be read.
	#[error("key: {0}")]
	Key(String),
}

impl Error {
	pub(crate) fn rpc(method: &str, e: impl std::fmt::Display) -> Self {
		Self::Rpc { method: method.to_string(), message: e.to_string() }
	}

	pub(crate) fn decode(what: &str, e: impl std::fmt::Display) -> Self {
		Self::Decode { what: what.to_string(), message: e.to_string() }
	}
}
