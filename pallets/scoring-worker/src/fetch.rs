//! Fetching miners' model files over the node's off-chain HTTP client (HTTP or HTTPS): the
//! requests of a batch are sent together and their answers awaited together; each body is
//! then read with its own deadline (so a miner that trickles its file costs only its own
//! time), under a size cap, and hashed.

use crate::chain::{Candidate, Fault};
use alloc::vec::Vec;
use sp_core::offchain::{HttpError as ReadError, HttpRequestId};
use sp_runtime::offchain::{
	http::{Error as HttpError, PendingRequest, Request},
	Timestamp,
};

/// Requests in flight at once.
pub const BATCH: usize = 16;

/// The largest file the worker reads, whatever the subnet allows: files pass through the
/// runtime's Wasm memory, where one allocation may not exceed 32 MiB. Valid models of the
/// current tasks are far smaller (at most 250,000 parameters, about 1 MB).
pub const NODE_FILE_CAP: u32 = 8 * 1024 * 1024;

/// Why a model file could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchError {
	/// The miner announced no axon.
	NoAxon,
	/// No connection, or it broke.
	Offline,
	/// No complete answer before the deadline.
	Timeout,
	/// An answer other than 200.
	Status(u16),
	/// Larger than the subnet's cap.
	TooLarge,
	/// Larger than this node reads ([`NODE_FILE_CAP`]), though within the subnet's cap.
	TooLargeForNode,
	/// Not the revealed file.
	HashMismatch,
}

impl FetchError {
	/// What to report on chain, if anything: a file not served (or served above the cap)
	/// is unavailable, a wrong one mismatched; the node's own limit is not the miner's fault.
	pub fn fault(&self) -> Option<Fault> {
		match self {
			Self::HashMismatch => Some(Fault::HashMismatch),
			Self::TooLargeForNode => None,
			_ => Some(Fault::Unavailable),
		}
	}

	/// Whether the failure is the kind a validator's own network outage also causes.
	pub fn is_network(&self) -> bool {
		matches!(self, Self::Offline | Self::Timeout)
	}
}

/// Sends a request for each of `batch`'s files and waits, until `deadline` at most, for the
/// answers' headers; a 200 answer yields the request to read the body from.
pub fn request_batch(
	batch: &[&Candidate],
	deadline: Timestamp,
) -> Vec<Result<HttpRequestId, FetchError>> {
	let started: Vec<Result<PendingRequest, FetchError>> = batch
		.iter()
		.map(|c| {
			let url = c.url.as_deref().ok_or(FetchError::NoAxon)?;
			Request::get(url).deadline(deadline).send().map_err(|_| FetchError::Offline)
		})
		.collect();
	let pending: Vec<PendingRequest> = started
		.iter()
		.filter_map(|r| r.as_ref().ok().map(|p| PendingRequest { id: p.id }))
		.collect();
	// One answer per started request, in order.
	let mut answers = PendingRequest::try_wait_all(pending, deadline).into_iter();
	started
		.into_iter()
		.map(|start| {
			start?;
			match answers.next() {
				Some(Ok(Ok(response))) if response.code == 200 => Ok(response.id),
				Some(Ok(Ok(response))) => Err(FetchError::Status(response.code)),
				Some(Ok(Err(HttpError::DeadlineReached))) | Some(Err(_)) => {
					Err(FetchError::Timeout)
				},
				Some(Ok(Err(_))) | None => Err(FetchError::Offline),
			}
		})
		.collect()
}

/// Reads the body of `id` until `deadline` at most, at most `cap` bytes (above it:
/// `TooLarge`, or `TooLargeForNode` when `cap` is the node's limit), and checks its hash.
pub fn read_file(
	id: HttpRequestId,
	cap: u32,
	subnet_cap: u32,
	model_hash: &[u8; 32],
	deadline: Timestamp,
) -> Result<Vec<u8>, FetchError> {
	let limit = cap as usize;
	let mut file = Vec::new();
	let mut chunk = [0u8; 16 * 1024];
	loop {
		let read = sp_io::offchain::http_response_read_body(id, &mut chunk, Some(deadline))
			.map_err(|e| match e {
				ReadError::DeadlineReached => FetchError::Timeout,
				_ => FetchError::Offline,
			})? as usize;
		if read == 0 {
			break;
		}
		let Some(bytes) = chunk.get(..read) else { return Err(FetchError::Offline) };
		if file.len().saturating_add(read) > limit {
			return Err(if cap < subnet_cap {
				FetchError::TooLargeForNode
			} else {
				FetchError::TooLarge
			});
		}
		file.extend_from_slice(bytes);
	}
	if sp_io::hashing::blake2_256(&file) != *model_hash {
		return Err(FetchError::HashMismatch);
	}
	Ok(file)
}
