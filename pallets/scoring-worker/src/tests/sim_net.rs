//! A simulated network for the worker's timing tests: miners that serve at once, never
//! answer, or trickle their file a byte a second, on a virtual clock that moves only when
//! the worker waits (so a round of minutes runs in milliseconds, and the same way each time).
//!
//! It answers the off-chain HTTP calls as the node's client does: `http_response_wait`
//! returns once every request asked about has its headers, or at the deadline;
//! `http_response_read_body` returns what has arrived, or waits for the next bytes until the
//! deadline. A wait without a deadline on a miner that never answers is a bug in the worker
//! (it would hang the node's worker thread), and panics.

use sp_core::{
	offchain::{self, HttpError, HttpRequestId, HttpRequestStatus, OpaqueNetworkState, Timestamp},
	OpaquePeerId,
};
use std::{
	collections::BTreeMap,
	sync::{Arc, Mutex},
};

/// When a miner's answer starts, after its request.
pub const LATENCY_MS: u64 = 50;
/// How often a trickling miner sends its next byte.
pub const TRICKLE_MS: u64 = 1_000;

/// How a miner answers.
#[derive(Clone, Debug)]
pub enum Miner {
	/// Headers after [`LATENCY_MS`], then the whole file at once.
	Serves(Vec<u8>),
	/// Accepts the connection and never answers.
	Silent,
	/// Headers after [`LATENCY_MS`], then one byte every [`TRICKLE_MS`].
	Trickles(Vec<u8>),
}

#[derive(Debug)]
struct Request {
	uri: String,
	started: u64,
	read: usize,
}

/// What the test inspects.
#[derive(Debug, Default)]
pub struct NetState {
	/// The virtual clock, in milliseconds.
	pub now: u64,
	/// Each miner by the URL of its file.
	pub miners: BTreeMap<String, Miner>,
	/// Every request the worker made: URL and when (virtual milliseconds).
	pub requested: Vec<(String, u64)>,
	/// The URLs whose file was read to the end.
	pub completed: Vec<String>,
	requests: Vec<Request>,
}

impl NetState {
	fn headers_at(&self, id: HttpRequestId) -> Option<Option<u64>> {
		let request = self.requests.get(usize::from(id.0))?;
		Some(match self.miners.get(&request.uri) {
			Some(Miner::Serves(_) | Miner::Trickles(_)) => Some(request.started + LATENCY_MS),
			Some(Miner::Silent) | None => None,
		})
	}
}

/// The off-chain worker extension over the simulated network.
#[derive(Clone, Default)]
pub struct SimNet(pub Arc<Mutex<NetState>>);

impl SimNet {
	pub fn new(start_ms: u64) -> Self {
		let net = Self::default();
		net.0.lock().unwrap().now = start_ms;
		net
	}
}

impl offchain::Externalities for SimNet {
	fn is_validator(&self) -> bool {
		true
	}

	fn network_state(&self) -> Result<OpaqueNetworkState, ()> {
		Err(())
	}

	fn timestamp(&mut self) -> Timestamp {
		Timestamp::from_unix_millis(self.0.lock().unwrap().now)
	}

	fn sleep_until(&mut self, deadline: Timestamp) {
		let mut net = self.0.lock().unwrap();
		net.now = net.now.max(deadline.unix_millis());
	}

	fn random_seed(&mut self) -> [u8; 32] {
		[7; 32]
	}

	fn http_request_start(
		&mut self,
		method: &str,
		uri: &str,
		_: &[u8],
	) -> Result<HttpRequestId, ()> {
		assert_eq!(method, "GET");
		let mut net = self.0.lock().unwrap();
		let id = HttpRequestId(u16::try_from(net.requests.len()).unwrap());
		let started = net.now;
		net.requests.push(Request { uri: uri.into(), started, read: 0 });
		net.requested.push((uri.into(), started));
		Ok(id)
	}

	fn http_request_add_header(&mut self, _: HttpRequestId, _: &str, _: &str) -> Result<(), ()> {
		Ok(())
	}

	fn http_request_write_body(
		&mut self,
		_: HttpRequestId,
		_: &[u8],
		_: Option<Timestamp>,
	) -> Result<(), HttpError> {
		Ok(())
	}

	fn http_response_wait(
		&mut self,
		ids: &[HttpRequestId],
		deadline: Option<Timestamp>,
	) -> Vec<HttpRequestStatus> {
		let mut net = self.0.lock().unwrap();
		let ready: Vec<Option<Option<u64>>> = ids.iter().map(|id| net.headers_at(*id)).collect();
		let all_by = ready.iter().try_fold(net.now, |latest, r| match r {
			Some(Some(at)) => Some(latest.max(*at)),
			Some(None) => None,
			None => Some(latest),
		});
		let until = match (all_by, deadline) {
			(Some(at), Some(d)) => at.min(d.unix_millis()),
			(Some(at), None) => at,
			(None, Some(d)) => d.unix_millis(),
			(None, None) => panic!("the worker waits without a deadline on a silent miner"),
		};
		net.now = net.now.max(until);
		let now = net.now;
		ready
			.into_iter()
			.map(|r| match r {
				None => HttpRequestStatus::Invalid,
				Some(Some(at)) if at <= now => HttpRequestStatus::Finished(200),
				Some(_) => HttpRequestStatus::DeadlineReached,
			})
			.collect()
	}

	/// A serving miner declares its file's length; a trickling one does not.
	fn http_response_headers(&mut self, id: HttpRequestId) -> Vec<(Vec<u8>, Vec<u8>)> {
		let net = self.0.lock().unwrap();
		let Some(request) = net.requests.get(usize::from(id.0)) else { return Vec::new() };
		match net.miners.get(&request.uri) {
			Some(Miner::Serves(file)) => {
				vec![(b"Content-Length".to_vec(), file.len().to_string().into_bytes())]
			},
			_ => Vec::new(),
		}
	}

	fn http_response_read_body(
		&mut self,
		id: HttpRequestId,
		buffer: &mut [u8],
		deadline: Option<Timestamp>,
	) -> Result<usize, HttpError> {
		let mut net = self.0.lock().unwrap();
		let deadline = deadline.map(|d| d.unix_millis());
		let Some(Some(headers)) = net.headers_at(id) else { return Err(HttpError::Invalid) };
		if headers > net.now {
			match deadline {
				Some(d) if d < headers => {
					net.now = net.now.max(d);
					return Err(HttpError::DeadlineReached);
				},
				_ => net.now = headers,
			}
		}
		let now = net.now;
		let request = &net.requests[usize::from(id.0)];
		let (read, uri) = (request.read, request.uri.clone());
		let (file, arrived, next_at) = match &net.miners[&uri] {
			Miner::Serves(file) => (file.clone(), file.len(), None),
			Miner::Trickles(file) => {
				let sent = usize::try_from((now - headers) / TRICKLE_MS).unwrap().min(file.len());
				let next = headers + (read as u64 + 1) * TRICKLE_MS;
				(file.clone(), sent, Some(next))
			},
			Miner::Silent => unreachable!("a silent miner has no headers"),
		};
		if read == file.len() {
			net.completed.push(uri);
			return Ok(0);
		}
		let available = if arrived > read {
			arrived - read
		} else {
			// Nothing new yet: wait for the next byte, or the deadline.
			let next = next_at.expect("a serving miner has sent everything");
			match deadline {
				Some(d) if d < next => {
					net.now = net.now.max(d);
					return Err(HttpError::DeadlineReached);
				},
				_ => {
					net.now = next;
					1
				},
			}
		};
		let n = available.min(buffer.len());
		buffer[..n].copy_from_slice(&file[read..read + n]);
		net.requests[usize::from(id.0)].read += n;
		Ok(n)
	}

	fn set_authorized_nodes(&mut self, _: Vec<OpaquePeerId>, _: bool) {}
}
