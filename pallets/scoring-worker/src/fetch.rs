//! Fetching miners' model files over the node's off-chain HTTP client (HTTP or HTTPS):
//! every request of a batch in flight at once, one deadline, a size cap, the hash checked.

use crate::chain::{Candidate, Fault};
use alloc::vec::Vec;
use sp_runtime::offchain::{
	http::{Error as HttpError, PendingRequest, Request},
	Duration, Timestamp,
};

/// Requests in flight at once.
pub const BATCH: usize = 16;

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
	/// Not the revealed file.
	HashMismatch,
}

impl FetchError {
	/// What to report on chain: a file not served is unavailable, a wrong one mismatched.
	pub fn fault(&self) -> Fault {
		match self {
			Self::HashMismatch => Fault::HashMismatch,
			_ => Fault::Unavailable,
		}
	}
}

/// Fetches every candidate's file, [`BATCH`] at a time, each batch within `timeout`.
pub fn fetch_all(
	candidates: &[Candidate],
	cap: u32,
	timeout: Duration,
) -> Vec<Result<Vec<u8>, FetchError>> {
	let mut files = Vec::with_capacity(candidates.len());
	for batch in candidates.chunks(BATCH) {
		let deadline = sp_io::offchain::timestamp().add(timeout);
		files.extend(fetch_batch(batch, cap, deadline));
	}
	files
}

fn fetch_batch(
	batch: &[Candidate],
	cap: u32,
	deadline: Timestamp,
) -> Vec<Result<Vec<u8>, FetchError>> {
	// Start every request, then wait for them together.
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
	let mut answers = PendingRequest::try_wait_all(pending, deadline).into_iter();
	started
		.into_iter()
		.zip(batch)
		.map(|(start, candidate)| {
			start?;
			let response = match answers.next() {
				Some(Ok(Ok(response))) => response,
				Some(Ok(Err(HttpError::DeadlineReached))) | Some(Err(_)) => {
					return Err(FetchError::Timeout)
				},
				Some(Ok(Err(_))) | None => return Err(FetchError::Offline),
			};
			if response.code != 200 {
				return Err(FetchError::Status(response.code));
			}
			let file = read_body(response.id, cap, deadline)?;
			if sp_io::hashing::blake2_256(&file) != candidate.model_hash {
				return Err(FetchError::HashMismatch);
			}
			Ok(file)
		})
		.collect()
}

/// Reads a response body of at most `cap` bytes.
fn read_body(
	id: sp_core::offchain::HttpRequestId,
	cap: u32,
	deadline: Timestamp,
) -> Result<Vec<u8>, FetchError> {
	let cap = cap as usize;
	let mut file = Vec::new();
	let mut chunk = [0u8; 16 * 1024];
	loop {
		let read = sp_io::offchain::http_response_read_body(id, &mut chunk, Some(deadline))
			.map_err(|e| match e {
				sp_core::offchain::HttpError::DeadlineReached => FetchError::Timeout,
				_ => FetchError::Offline,
			})? as usize;
		if read == 0 {
			return Ok(file);
		}
		let Some(bytes) = chunk.get(..read) else { return Err(FetchError::Offline) };
		if file.len().saturating_add(read) > cap {
			return Err(FetchError::TooLarge);
		}
		file.extend_from_slice(bytes);
	}
}
