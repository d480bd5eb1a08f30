//! The model server over real TCP: the file at its hash's path, clear statuses otherwise,
//! and a bound on concurrent transfers.

use merit_client::chain;
use merit_miner::serve::{serve_on, Served};
use std::{sync::Arc, time::Duration};
use tokio::{
	io::{AsyncReadExt, AsyncWriteExt},
	net::{TcpListener, TcpStream},
	sync::Semaphore,
};

async fn start(slots: usize) -> (String, Vec<u8>, String) {
	let file = b"model bytes, any bytes".to_vec();
	let path = chain::model_path(&chain::model_hash(&file));
	let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
	let addr = listener.local_addr().unwrap().to_string();
	let served = Served {
		file: file.clone().into(),
		path: path.clone(),
		slots: Arc::new(Semaphore::new(slots)),
	};
	tokio::spawn(serve_on(listener, served));
	(addr, file, path)
}

/// Sends `method path` and returns the status code and body.
async fn request(addr: &str, method: &str, path: &str) -> (u16, Vec<u8>) {
	let mut stream = TcpStream::connect(addr).await.unwrap();
	let head = format!("{method} {path} HTTP/1.1\r\nHost: miner\r\nConnection: close\r\n\r\n");
	stream.write_all(head.as_bytes()).await.unwrap();
	let mut response = Vec::new();
	stream.read_to_end(&mut response).await.unwrap();
	let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
	let status = std::str::from_utf8(&response[9..12]).unwrap().parse().unwrap();
	(status, response[split + 4..].to_vec())
}

#[tokio::test]
async fn the_file_is_served_at_its_hash_and_nothing_else() {
	let (addr, file, path) = start(4).await;
	assert_eq!(request(&addr, "GET", &path).await, (200, file));
	let other = chain::model_path(&[7; 32]);
	assert_eq!(request(&addr, "GET", &other).await.0, 404);
	assert_eq!(request(&addr, "GET", "/../../etc/passwd").await.0, 404);
	assert_eq!(request(&addr, "POST", &path).await.0, 405);
	assert_eq!(request(&addr, "GET", "/health").await, (200, b"ok\n".to_vec()));
}

#[tokio::test]
async fn connections_beyond_the_bound_get_503() {
	let (addr, file, path) = start(1).await;
	// An idle connection holds the only slot.
	let idle = TcpStream::connect(&addr).await.unwrap();
	tokio::time::sleep(Duration::from_millis(100)).await;
	assert_eq!(request(&addr, "GET", &path).await.0, 503);
	drop(idle);
	tokio::time::sleep(Duration::from_millis(100)).await;
	assert_eq!(request(&addr, "GET", &path).await, (200, file));
}
