//! The dashboard's HTTP server: the page and its assets (compiled in: no CDN, works offline),
//! `/api/state` (the feed's snapshot and history; `?history=none` without the history), `/api/metagraph?netuid=N` (a subnet's
//! metagraph, every field) and `/api/events` (Server-Sent Events: `head`, `epoch`). Read-only.

use super::feed::Feed;
use crate::ctx::merit_call;
use bytes::Bytes;
use http_body_util::{combinators::UnsyncBoxBody, BodyExt, Full, StreamBody};
use hyper::{body::Frame, body::Incoming, header, Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{json, Value};
use std::{
	convert::Infallible,
	net::{IpAddr, SocketAddr},
	sync::Arc,
	time::Duration,
};
use tokio::{net::TcpListener, sync::Semaphore};

type Body = UnsyncBoxBody<Bytes, Infallible>;

const INDEX: &str = include_str!("page/index.html");
const APP: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/style.css");

fn full(status: StatusCode, kind: &str, body: impl Into<Bytes>) -> Response<Body> {
	let mut response = Response::new(Full::new(body.into()).boxed_unsync());
	*response.status_mut() = status;
	if let Ok(value) = kind.parse() {
		response.headers_mut().insert(header::CONTENT_TYPE, value);
	}
	if let Ok(value) = "no-store".parse() {
		response.headers_mut().insert(header::CACHE_CONTROL, value);
	}
	response
}

fn json_response(status: StatusCode, body: &Value) -> Response<Body> {
	full(status, "application/json", body.to_string())
}

fn error(status: StatusCode, message: &str) -> Response<Body> {
	json_response(status, &json!({ "error": message }))
}

/// Whether the query string has `key=value`.
fn query_says(query: Option<&str>, key: &str, value: &str) -> bool {
	query.unwrap_or("").split('&').any(|pair| pair.split_once('=') == Some((key, value)))
}

/// `netuid` from a query string such as `netuid=3`.
fn netuid_of(query: Option<&str>) -> Result<u16, String> {
	let value = query
		.unwrap_or("")
		.split('&')
		.find_map(|pair| pair.strip_prefix("netuid="))
		.ok_or("give ?netuid=<subnet>")?;
	value.parse().map_err(|_| format!("{value:?} is not a netuid"))
}

/// The news as an event stream, starting with a comment so the page knows it is connected.
fn events(feed: &Feed) -> Response<Body> {
	let receiver = feed.listen();
	let hello = futures_util::stream::once(async {
		Ok::<_, Infallible>(Frame::data(Bytes::from(": connected\n\n")))
	});
	let news = futures_util::stream::unfold(receiver, |mut receiver| async move {
		loop {
			match receiver.recv().await {
				Ok(event) => return Some((Ok(Frame::data(Bytes::from(event))), receiver)),
				// A slow page misses some news; the next event makes it read afresh.
				Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
				Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
			}
		}
	});
	let body = StreamBody::new(futures_util::StreamExt::chain(hello, news));
	let mut response = Response::new(BodyExt::boxed_unsync(body));
	if let Ok(value) = "text/event-stream".parse() {
		response.headers_mut().insert(header::CONTENT_TYPE, value);
	}
	if let Ok(value) = "no-store".parse() {
		response.headers_mut().insert(header::CACHE_CONTROL, value);
	}
	response
}

/// At most this many connections at once (each page holds one open for its events).
const MAX_CONNECTIONS: usize = 64;

/// Whether `host` (a request's `Host` header) names this dashboard. A page of another site
/// whose name it re-resolved to 127.0.0.1 (DNS rebinding) sends its own name and is refused;
/// a dashboard listening on every interface accepts any name (its operator chose to expose it).
fn host_allowed(host: Option<&str>, listen: SocketAddr) -> bool {
	if listen.ip().is_unspecified() {
		return true;
	}
	let Some(host) = host else { return false };
	let name = match host.rsplit_once(':') {
		Some((name, port))
			if !port.is_empty()
				&& port.bytes().all(|b| b.is_ascii_digit())
				&& (!name.contains(':') || name.ends_with(']')) =>
		{
			name
		},
		_ => host,
	};
	let name = name.trim_start_matches('[').trim_end_matches(']');
	match name.parse::<IpAddr>() {
		Ok(ip) => ip == listen.ip() || (ip.is_loopback() && listen.ip().is_loopback()),
		Err(_) => name.eq_ignore_ascii_case("localhost") && listen.ip().is_loopback(),
	}
}

async fn answer(feed: &Feed, method: Method, path: &str, query: Option<&str>) -> Response<Body> {
	if method != Method::GET {
		return error(StatusCode::METHOD_NOT_ALLOWED, "the dashboard is read-only: GET only");
	}
	match path {
		"/" | "/index.html" => full(StatusCode::OK, "text/html; charset=utf-8", INDEX),
		"/app.js" => full(StatusCode::OK, "text/javascript; charset=utf-8", APP),
		"/style.css" => full(StatusCode::OK, "text/css; charset=utf-8", STYLE),
		"/api/state" => match feed.state(!query_says(query, "history", "none")) {
			Ok(state) => json_response(StatusCode::OK, &state),
			Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e),
		},
		"/api/metagraph" => match netuid_of(query) {
			Err(e) => error(StatusCode::BAD_REQUEST, &e),
			Ok(netuid) => {
				match merit_call(feed.client(), "merit_metagraph", vec![json!(netuid)]).await {
					Ok(reply) => json_response(StatusCode::OK, &reply),
					Err(e) => error(StatusCode::NOT_FOUND, &e),
				}
			},
		},
		"/api/events" => events(feed),
		_ => error(StatusCode::NOT_FOUND, "no such page: the dashboard is at /"),
	}
}

/// Serves the dashboard on `listener` until the process ends.
pub async fn serve(listener: TcpListener, feed: Arc<Feed>) {
	let Ok(listen) = listener.local_addr() else {
		return eprintln!("dashboard: the listening socket has no address");
	};
	let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
	loop {
		let (stream, peer) = match listener.accept().await {
			Ok(accepted) => accepted,
			Err(e) => {
				eprintln!("dashboard: accept failed: {e}");
				tokio::time::sleep(Duration::from_millis(100)).await;
				continue;
			},
		};
		// A connection over the cap is closed at once.
		let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
			eprintln!("dashboard: {MAX_CONNECTIONS} connections open; closed one from {peer}");
			continue;
		};
		let feed = Arc::clone(&feed);
		tokio::spawn(async move {
			let _slot = slot;
			let service = hyper::service::service_fn(move |request: Request<Incoming>| {
				let feed = Arc::clone(&feed);
				let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok());
				let allowed = host_allowed(host, listen);
				let method = request.method().clone();
				let path = request.uri().path().to_string();
				let query = request.uri().query().map(str::to_string);
				async move {
					if !allowed {
						let message = "this dashboard answers requests for its own address only";
						return Ok::<_, Infallible>(error(
							StatusCode::MISDIRECTED_REQUEST,
							message,
						));
					}
					Ok(answer(&feed, method, &path, query.as_deref()).await)
				}
			});
			if let Err(e) = hyper::server::conn::http1::Builder::new()
				.timer(TokioTimer::new())
				.header_read_timeout(Duration::from_secs(10))
				.serve_connection(TokioIo::new(stream), service)
				.await
			{
				if !e.is_timeout() && !e.is_incomplete_message() {
					eprintln!("dashboard: connection from {peer}: {e}");
				}
			}
		});
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn netuids_from_the_query() {
		assert_eq!(netuid_of(Some("netuid=3")), Ok(3));
		assert_eq!(netuid_of(Some("x=1&netuid=12")), Ok(12));
		assert!(netuid_of(None).unwrap_err().contains("?netuid="));
		assert!(netuid_of(Some("netuid=70000")).unwrap_err().contains("not a netuid"));
		assert!(netuid_of(Some("netuid=-1")).is_err());
	}

	#[test]
	fn query_flags() {
		assert!(query_says(Some("history=none"), "history", "none"));
		assert!(query_says(Some("a=1&history=none"), "history", "none"));
		assert!(!query_says(Some("history=nonesuch"), "history", "none"));
		assert!(!query_says(None, "history", "none"));
	}

	#[test]
	fn only_requests_for_this_dashboard_are_answered() {
		let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
		for host in ["127.0.0.1:8080", "127.0.0.1", "localhost:8080", "LOCALHOST", "[::1]:8080"] {
			assert!(host_allowed(Some(host), loopback), "{host}");
		}
		// DNS rebinding: another site's name resolved to loopback; no Host at all.
		for host in ["evil.example:8080", "evil.example", "127.0.0.2.evil.example", "10.0.0.1:8080"]
		{
			assert!(!host_allowed(Some(host), loopback), "{host}");
		}
		assert!(!host_allowed(None, loopback));
		let lan: SocketAddr = "192.168.1.5:8080".parse().unwrap();
		assert!(host_allowed(Some("192.168.1.5:8080"), lan));
		assert!(!host_allowed(Some("localhost:8080"), lan));
		let everywhere: SocketAddr = "0.0.0.0:8080".parse().unwrap();
		assert!(host_allowed(Some("dashboard.example.org"), everywhere));
	}
}
