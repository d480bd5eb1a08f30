//! Fetching miners' model files over the node's off-chain HTTP client (HTTP or HTTPS).
//!
//! A sliding window: [`WINDOW`] files are in flight at once and a new one starts as soon as
//! one ends, so a slow miner holds one slot for its own deadline and never the round. The
//! requests in flight are polled in turn, [`POLL`] at a time, and every body is drained of
//! what has arrived: a miner that trickles its file a byte at a time delays nobody else.
//! Each file has one deadline for headers and body together (the subnet's fetch timeout from
//! its request), a size cap (the `Content-Length` is checked first) and the revealed hash.
//! Nothing starts after the round's end; a fetch the round's end cuts short is
//! [`RoundOver`](FetchError::RoundOver), which is this validator's budget, not the miner's fault.

use alloc::{string::String, vec::Vec};
use core::ops::ControlFlow;
use merit_primitives::round::{Candidate, FetchFailure as FetchError};
use sp_core::offchain::{HttpError as ReadError, HttpRequestId, HttpRequestStatus};
use sp_runtime::offchain::{http::Request, Duration, Timestamp};

/// Files in flight at once. Files are held in the runtime's memory until scored, so at most
/// `WINDOW` × the file cap are held.
pub const WINDOW: usize = 16;

/// How long one look at the requests in flight waits for headers, or for a body's next
/// bytes, before it moves on to the others.
pub const POLL: Duration = Duration::from_millis(5);

/// The largest file the worker reads, whatever the subnet allows: files pass through the
/// runtime's Wasm memory, where one allocation may not exceed 32 MiB. Valid models of the
/// current tasks are far smaller (at most 250,000 parameters, about 1 MB), and the worker
/// fetches no more than the task's largest valid model
/// ([`TaskKind::max_file_bytes`](merit_primitives::TaskKind::max_file_bytes)).
pub const NODE_FILE_CAP: u32 = 8 * 1024 * 1024;

/// A round's fetching limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
	/// The most bytes read of a file.
	pub cap: u32,
	/// Whether `cap` is this node's own limit ([`NODE_FILE_CAP`]) rather than the subnet's or
	/// the task's: a larger file is then not the miner's fault.
	pub node_limited: bool,
	/// How long a miner has to serve its file, from its request.
	pub timeout: Duration,
	/// The round's end: no request starts after it, and none outlives it.
	pub round_end: Timestamp,
}

impl Limits {
	/// The limits of a round under a subnet's cap and its task's largest valid model file.
	pub fn new(subnet_cap: u32, task_cap: u32, timeout: Duration, round_end: Timestamp) -> Self {
		let allowed = subnet_cap.min(task_cap);
		Self {
			cap: allowed.min(NODE_FILE_CAP),
			node_limited: NODE_FILE_CAP < allowed,
			timeout,
			round_end,
		}
	}

	fn too_large(&self) -> FetchError {
		if self.node_limited {
			FetchError::TooLargeForValidator
		} else {
			FetchError::TooLarge
		}
	}
}

/// Fetches that ended: the candidate, and its file or why not.
type Ended<'a> = Vec<(&'a Candidate<String>, Result<Vec<u8>, FetchError>)>;

/// One file in flight.
struct Slot<'a> {
	candidate: &'a Candidate<String>,
	id: HttpRequestId,
	/// The file's own deadline (the round's end may come first).
	due: Timestamp,
	/// `None` until the answer's headers arrive, then the body read so far.
	body: Option<Vec<u8>>,
}

/// What a look at a slot found.
enum Step {
	/// Still in flight.
	Open,
	/// Ended, with the file or why not.
	Done(Result<Vec<u8>, FetchError>),
}

/// Fetches the files of `order`, in that order, [`WINDOW`] at a time, and hands each to
/// `done` as it arrives (a file, or why not), so at most `WINDOW` files are ever held. The
/// time `done` takes (scoring) is not counted against the files still in flight; `done`
/// stops the round by returning [`ControlFlow::Break`]. Returns how many candidates were
/// never requested (the round's end, or a break, came first).
pub fn fetch_all<'a>(
	order: &[&'a Candidate<String>],
	limits: &Limits,
	mut done: impl FnMut(&'a Candidate<String>, Result<Vec<u8>, FetchError>) -> ControlFlow<()>,
) -> usize {
	let mut queue = order.iter();
	let mut slots: Vec<Slot<'a>> = Vec::with_capacity(WINDOW);
	loop {
		let now = sp_io::offchain::timestamp();
		while slots.len() < WINDOW && now < limits.round_end {
			let Some(&candidate) = queue.next() else { break };
			match start(candidate, limits, now) {
				Ok(slot) => slots.push(slot),
				Err(e) => {
					if done(candidate, Err(e)).is_break() {
						return queue.len();
					}
				},
			}
		}
		if slots.is_empty() {
			return queue.len();
		}
		let mut ended = Vec::new();
		await_headers(&mut slots, limits, &mut ended);
		read_bodies(&mut slots, limits, &mut ended);
		expire(&mut slots, limits, &mut ended);
		let before = sp_io::offchain::timestamp();
		for (candidate, result) in ended {
			if done(candidate, result).is_break() {
				return queue.len();
			}
		}
		let spent = sp_io::offchain::timestamp().unix_millis().saturating_sub(before.unix_millis());
		for slot in &mut slots {
			slot.due = slot.due.add(Duration::from_millis(spent));
		}
	}
}

/// Sends the request for `candidate`'s file.
fn start<'a>(
	candidate: &'a Candidate<String>,
	limits: &Limits,
	now: Timestamp,
) -> Result<Slot<'a>, FetchError> {
	let url = candidate.endpoint.as_deref().ok_or(FetchError::NoAxon)?;
	let due = now.add(limits.timeout);
	let pending = Request::get(url)
		.deadline(due.min(limits.round_end))
		.send()
		.map_err(|_| FetchError::Offline)?;
	Ok(Slot { candidate, id: pending.id, due, body: None })
}

/// Waits up to [`POLL`] for the headers of the slots that have none yet; a 200 answer
/// starts its body (unless its `Content-Length` is over the cap), any other answer ends it.
fn await_headers<'a>(slots: &mut Vec<Slot<'a>>, limits: &Limits, ended: &mut Ended<'a>) {
	let ids: Vec<HttpRequestId> = slots.iter().filter(|s| s.body.is_none()).map(|s| s.id).collect();
	if ids.is_empty() {
		return;
	}
	let deadline = sp_io::offchain::timestamp().add(POLL).min(limits.round_end);
	let statuses = sp_io::offchain::http_response_wait(&ids, Some(deadline));
	for (id, status) in ids.into_iter().zip(statuses) {
		let step = match status {
			HttpRequestStatus::DeadlineReached => continue,
			HttpRequestStatus::Finished(200) => match declared_length(id) {
				Some(length) if length > u64::from(limits.cap) => {
					Step::Done(Err(limits.too_large()))
				},
				_ => Step::Open,
			},
			HttpRequestStatus::Finished(code) => Step::Done(Err(FetchError::Status(code))),
			HttpRequestStatus::IoError | HttpRequestStatus::Invalid => {
				Step::Done(Err(FetchError::Offline))
			},
		};
		let Some(at) = slots.iter().position(|s| s.id == id) else { continue };
		match step {
			Step::Open => {
				if let Some(slot) = slots.get_mut(at) {
					slot.body = Some(Vec::new());
				}
			},
			Step::Done(result) => {
				let slot = slots.swap_remove(at);
				ended.push((slot.candidate, result));
			},
		}
	}
}

/// The `Content-Length` an answer declares, if any.
fn declared_length(id: HttpRequestId) -> Option<u64> {
	sp_io::offchain::http_response_headers(id)
		.into_iter()
		.find(|(name, _)| name.eq_ignore_ascii_case(b"content-length"))
		.and_then(|(_, value)| core::str::from_utf8(&value).ok()?.trim().parse().ok())
}

/// Reads what has arrived of every body being read.
fn read_bodies<'a>(slots: &mut Vec<Slot<'a>>, limits: &Limits, ended: &mut Ended<'a>) {
	let mut at = 0;
	while let Some(slot) = slots.get_mut(at) {
		match drain(slot, limits) {
			Step::Open => at = at.saturating_add(1),
			Step::Done(result) => {
				let slot = slots.swap_remove(at);
				ended.push((slot.candidate, result));
			},
		}
	}
}

/// Reads `slot`'s body until no more bytes arrive within [`POLL`], the body ends (the hash
/// is then checked) or the cap is passed.
fn drain(slot: &mut Slot, limits: &Limits) -> Step {
	let Some(file) = slot.body.as_mut() else { return Step::Open };
	let limit = limits.cap as usize;
	let mut chunk = [0u8; 16 * 1024];
	loop {
		let deadline = sp_io::offchain::timestamp().add(POLL).min(slot.due).min(limits.round_end);
		let read =
			match sp_io::offchain::http_response_read_body(slot.id, &mut chunk, Some(deadline)) {
				Ok(read) => read as usize,
				Err(ReadError::DeadlineReached) => return Step::Open,
				Err(_) => return Step::Done(Err(FetchError::Offline)),
			};
		if read == 0 {
			let hash = sp_io::hashing::blake2_256(file);
			let file = core::mem::take(file);
			return Step::Done(if hash == slot.candidate.model_hash {
				Ok(file)
			} else {
				Err(FetchError::HashMismatch)
			});
		}
		let Some(bytes) = chunk.get(..read) else { return Step::Done(Err(FetchError::Offline)) };
		if file.len().saturating_add(read) > limit {
			return Step::Done(Err(limits.too_large()));
		}
		file.extend_from_slice(bytes);
	}
}

/// Ends the slots whose deadline has passed: `Timeout` at the file's own deadline,
/// `RoundOver` when the round's end came first.
fn expire<'a>(slots: &mut Vec<Slot<'a>>, limits: &Limits, ended: &mut Ended<'a>) {
	let now = sp_io::offchain::timestamp();
	let mut at = 0;
	while let Some(slot) = slots.get(at) {
		let error = if now >= limits.round_end && slot.due > limits.round_end {
			FetchError::RoundOver
		} else if now >= slot.due {
			FetchError::Timeout
		} else {
			at = at.saturating_add(1);
			continue;
		};
		let slot = slots.swap_remove(at);
		ended.push((slot.candidate, Err(error)));
	}
}
