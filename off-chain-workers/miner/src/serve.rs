//! Serving the model file over HTTP: `GET /model/<hex model hash>` answers the file, anything
//! else a clear status. At most `max_concurrent` transfers run at once; the rest get
//! `503 Service Unavailable` at once rather than queueing without bound.

use http_body_util::Full;
use hyper::{
	body::{Bytes, Incoming},
	header, Method, Request, Response, StatusCode,
};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::{net::SocketAddr, sync::Arc, time::Duration};
use tokio::{net::TcpListener, sync::Semaphore};

/// How long a connection may take to send its request.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The file being served and what may be asked of it.
pub struct Served {
	/// The model file.
	pub file: Bytes,
	/// Its path, `/model/<hex of its hash>`.
	pub path: String,
	/// Transfers allowed at once.
	pub slots: Arc<Semaphore>,
}

fn text(status: StatusCode, body: &str) -> Response<Full<Bytes>> {
	let mut response = Response::new(Full::new(Bytes::from(format!("{body}\n"))));
	*response.status_mut() = status;
	response
		.headers_mut()
		.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/plain"));
	response
}

/// The answer to one request.
pub fn answer(served: &Served, method: &Method, path: &str) -> Response<Full<Bytes>> {
	if method != Method::GET {
		return text(StatusCode::METHOD_NOT_ALLOWED, "only GET");
	}
	if path == "/health" {
		return text(StatusCode::OK, "ok");
	}
	if path != served.path {
		return text(StatusCode::NOT_FOUND, "no such model here");
	}
	let mut response = Response::new(Full::new(served.file.clone()));
	response
		.headers_mut()
		.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/octet-stream"));
	response
}

/// Serves `served` on `addr` until the process ends; logs each connection's failure.
pub async fn run(addr: SocketAddr, served: Served) -> Result<(), String> {
	let listener = TcpListener::bind(addr).await.map_err(|e| format!("bind {addr}: {e}"))?;
	eprintln!("serve: {} bytes at http://{addr}{}", served.file.len(), served.path);
	serve_on(listener, served).await;
	Ok(())
}

/// Serves `served` on an already bound `listener`, forever.
pub async fn serve_on(listener: TcpListener, served: Served) {
	let served = Arc::new(served);
	loop {
		let (stream, peer) = match listener.accept().await {
			Ok(accepted) => accepted,
			Err(e) => {
				eprintln!("serve: accept failed: {e}");
				continue;
			},
		};
		let served = served.clone();
		// A slot is held for the whole connection: the transfer of the file included.
		let slot = served.slots.clone().try_acquire_owned().ok();
		let busy = slot.is_none();
		tokio::spawn(async move {
			let answered = Arc::new(std::sync::atomic::AtomicBool::new(false));
			let answered_here = answered.clone();
			let service = hyper::service::service_fn(move |request: Request<Incoming>| {
				answered_here.store(true, std::sync::atomic::Ordering::Relaxed);
				let response = if busy {
					text(StatusCode::SERVICE_UNAVAILABLE, "busy, try again")
				} else {
					answer(&served, request.method(), request.uri().path())
				};
				async move { Ok::<_, std::convert::Infallible>(response) }
			});
			// A client that sends no request within the timeout loses its slot.
			if let Err(e) = hyper::server::conn::http1::Builder::new()
				.timer(TokioTimer::new())
				.header_read_timeout(HEADER_TIMEOUT)
				.serve_connection(TokioIo::new(stream), service)
				.await
			{
				// A kept-alive connection closing after its requests is normal, not news.
				let idle = e.is_timeout() && answered.load(std::sync::atomic::Ordering::Relaxed);
				if !idle {
					eprintln!("serve: connection from {peer}: {e}");
				}
			}
			drop(slot);
		});
	}
}
