//! `merit dashboard`: a live metagraph dashboard served on a local address: the subnets and
//! their emission shares, a subnet's metagraph (sortable), emission and incentive over the last
//! epochs as plots, a neuron's history, the open referenda and the pending slashes. It
//! updates itself as finalized blocks and epochs arrive ([`feed`]), over Server-Sent Events.
//!
//! Served by `merit`, not by the node: the node's RPC stays as it is (no new port or
//! attack surface on validators' nodes), and one dashboard can watch any node a user trusts.

pub mod feed;
mod server;

use std::{net::SocketAddr, sync::Arc};

#[derive(clap::Args)]
pub struct DashboardArgs {
	/// The address to serve on. Keep it on loopback unless you mean to publish it.
	#[arg(long, default_value = "127.0.0.1:8080")]
	listen: SocketAddr,
}

/// Serves the dashboard for the node at `url` until the node goes away.
pub async fn run(out: &crate::output::Out, url: &str, args: DashboardArgs) -> Result<(), String> {
	let listener = tokio::net::TcpListener::bind(args.listen)
		.await
		.map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
	let address = listener.local_addr().map_err(|e| e.to_string())?;
	// A node still starting (run-dev.sh starts both at once) is waited for, a minute at most.
	let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
	let feed = loop {
		match feed::Feed::start(url).await {
			Ok(feed) => break feed,
			Err(e) if std::time::Instant::now() < deadline => {
				out.note(&format!("dashboard: waiting for the node ({e})"));
				tokio::time::sleep(std::time::Duration::from_secs(2)).await;
			},
			Err(e) => return Err(e),
		}
	};
	out.note(&format!("dashboard: http://{address}/ (node {url})"));
	tokio::spawn(server::serve(listener, Arc::clone(&feed)));
	feed.follow().await
}
