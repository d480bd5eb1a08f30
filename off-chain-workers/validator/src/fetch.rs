//! Fetching a miner's model file from its axon: HTTP/1.1 `GET /model/<hash>`, with a
//! deadline, a size cap and the hash checked.

use http_body_util::{BodyExt, Empty, Limited};
use hyper::{body::Bytes, header, Request, StatusCode};
use hyper_util::rt::TokioIo;
use merit_client::chain::{self, AxonInfo};
use merit_primitives::round::FetchFailure;
use pallet_merit_subnets::{AxonProtocol, IpAddress};
use std::{
	net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
	time::Duration,
};

/// Why a model could not be fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
	/// The axon is HTTPS, which this validator does not speak yet.
	Unsupported(String),
	/// No connection, or it broke.
	Offline(String),
	/// No complete answer before the deadline.
	Timeout,
	/// The axon answered with another status than 200.
	Status(u16),
	/// The file is larger than the cap.
	TooLarge { cap: usize },
	/// The file's hash is not the revealed one.
	HashMismatch,
}

impl FetchError {
	/// The failure as the round core judges it (what is reported, what counts as a network
	/// failure).
	pub fn failure(&self) -> FetchFailure {
		match self {
			Self::Unsupported(_) => FetchFailure::Unsupported,
			Self::Offline(_) => FetchFailure::Offline,
			Self::Timeout => FetchFailure::Timeout,
			Self::Status(code) => FetchFailure::Status(*code),
			Self::TooLarge { .. } => FetchFailure::TooLarge,
			Self::HashMismatch => FetchFailure::HashMismatch,
		}
	}
}

impl std::fmt::Display for FetchError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Unsupported(why) => write!(f, "unsupported axon: {why}"),
			Self::Offline(why) => write!(f, "offline: {why}"),
			Self::Timeout => write!(f, "timed out"),
			Self::Status(code) => write!(f, "answered HTTP {code}"),
			Self::TooLarge { cap } => write!(f, "file larger than {cap} bytes"),
			Self::HashMismatch => write!(f, "served file's hash is not the revealed hash"),
		}
	}
}

fn socket(axon: &AxonInfo) -> SocketAddr {
	let ip = match axon.ip {
		IpAddress::V4(octets) => IpAddr::V4(Ipv4Addr::from(octets)),
		IpAddress::V6(octets) => IpAddr::V6(Ipv6Addr::from(octets)),
	};
	SocketAddr::new(ip, axon.port)
}

/// Fetches the file with `model_hash` from `axon`, at most `cap` bytes, within `timeout`.
pub async fn fetch(
	axon: &AxonInfo,
	model_hash: &[u8; 32],
	cap: usize,
	timeout: Duration,
) -> Result<Vec<u8>, FetchError> {
	if axon.protocol == AxonProtocol::Https {
		return Err(FetchError::Unsupported("https".into()));
	}
	let file = tokio::time::timeout(timeout, get(socket(axon), model_hash, cap))
		.await
		.map_err(|_| FetchError::Timeout)??;
	if chain::model_hash(&file) != *model_hash {
		return Err(FetchError::HashMismatch);
	}
	Ok(file)
}

async fn get(addr: SocketAddr, model_hash: &[u8; 32], cap: usize) -> Result<Vec<u8>, FetchError> {
	let offline = |e: &dyn std::fmt::Display| FetchError::Offline(e.to_string());
	let stream = tokio::net::TcpStream::connect(addr).await.map_err(|e| offline(&e))?;
	let (mut sender, connection) =
		hyper::client::conn::http1::handshake::<_, Empty<Bytes>>(TokioIo::new(stream))
			.await
			.map_err(|e| offline(&e))?;
	tokio::spawn(connection);
	let request = Request::get(chain::model_path(model_hash))
		.header(header::HOST, addr.to_string())
		.body(Empty::new())
		.map_err(|e| offline(&e))?;
	let response = sender.send_request(request).await.map_err(|e| offline(&e))?;
	if response.status() != StatusCode::OK {
		return Err(FetchError::Status(response.status().as_u16()));
	}
	let declared = response
		.headers()
		.get(header::CONTENT_LENGTH)
		.and_then(|v| v.to_str().ok())
		.and_then(|v| v.parse::<usize>().ok());
	if declared.is_some_and(|length| length > cap) {
		return Err(FetchError::TooLarge { cap });
	}
	match Limited::new(response.into_body(), cap).collect().await {
		Ok(body) => Ok(body.to_bytes().to_vec()),
		Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
			Err(FetchError::TooLarge { cap })
		},
		Err(e) => Err(offline(&e)),
	}
}
