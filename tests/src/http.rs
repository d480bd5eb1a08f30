//! Plain HTTP/1.1 to a node's loopback ports, for what JSON-RPC clients hide: batch answers as
//! the server sends them, and Prometheus metrics.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends one request to `127.0.0.1:port` and returns the response body (at most 30 s).
pub async fn request(port: u16, method: &str, path: &str, body: &str) -> String {
	let exchange = async {
		let mut stream =
			tokio::net::TcpStream::connect(("127.0.0.1", port)).await.expect("connect");
		let request = format!(
			"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
			 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
			body.len()
		);
		stream.write_all(request.as_bytes()).await.expect("send");
		let mut response = Vec::new();
		stream.read_to_end(&mut response).await.expect("read");
		let response = String::from_utf8(response).expect("UTF-8");
		let (_, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
		body.to_string()
	};
	tokio::time::timeout(Duration::from_secs(30), exchange).await.expect("an answer within 30 s")
}

/// POSTs a JSON-RPC `body` to the node's RPC port and parses the answer.
pub async fn post_json(port: u16, body: &str) -> serde_json::Value {
	let answer = request(port, "POST", "/", body).await;
	serde_json::from_str(&answer).unwrap_or_else(|e| panic!("{e}: {answer}"))
}

/// The value of Prometheus metric `name` with labels containing `labels` (e.g.
/// `task_name="x"`), summed over its series, from the node's metrics port.
pub async fn metric(port: u16, name: &str, labels: &str) -> f64 {
	let text = request(port, "GET", "/metrics", "").await;
	text.lines()
		.filter(|line| !line.starts_with('#'))
		.filter_map(|line| {
			let (series, value) = line.rsplit_once(' ')?;
			let (metric, rest) = series.split_once('{').unwrap_or((series, ""));
			(metric == name && rest.contains(labels)).then(|| value.parse::<f64>().ok())?
		})
		.sum()
}

/// GETs `path` from `127.0.0.1:port`: the status and body, or why there was no answer (at most
/// 10 s).
pub async fn get(port: u16, path: &str) -> Result<(u16, String), String> {
	get_as(port, path, "127.0.0.1").await
}

/// [`get`] with `host` in the request's `Host` header (as a page of that site would send it).
pub async fn get_as(port: u16, path: &str, host: &str) -> Result<(u16, String), String> {
	let exchange = async {
		let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
			.await
			.map_err(|e| format!("connect: {e}"))?;
		let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
		stream.write_all(request.as_bytes()).await.map_err(|e| format!("send: {e}"))?;
		let mut response = Vec::new();
		stream.read_to_end(&mut response).await.map_err(|e| format!("read: {e}"))?;
		let response = String::from_utf8_lossy(&response).into_owned();
		let (head, body) = response.split_once("\r\n\r\n").ok_or("not an HTTP response")?;
		let status = head
			.split(' ')
			.nth(1)
			.and_then(|s| s.parse().ok())
			.ok_or_else(|| format!("no status in {head:?}"))?;
		Ok((status, body.to_string()))
	};
	tokio::time::timeout(Duration::from_secs(10), exchange)
		.await
		.map_err(|_| "no answer within 10 s".to_string())?
}
