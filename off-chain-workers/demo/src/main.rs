//! `merit-demo`: sets up the demo subnet on a running dev node (see the library docs) and
//! prints the standings after every epoch until stopped. `scripts/run-dev.sh` starts the
//! node and this.

use clap::Parser;
use merit_client::Client;
use std::time::Duration;

#[derive(Parser)]
#[command(
	name = "merit-demo",
	version,
	about = "Merit's dev-chain demo: three miners, one validator"
)]
struct Cli {
	/// The dev node's WebSocket RPC endpoint.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The validator's key is in its node's keystore already and the miners run as
	/// `merit-miner run` of their own (docker/compose.yaml): set up only the subnet, its
	/// emission share and the validator's registration and stake.
	#[arg(long)]
	external: bool,
}

async fn run(cli: Cli) -> Result<(), String> {
	// The node may still be starting.
	let mut client = None;
	for _ in 0..120 {
		if let Ok(c) = Client::connect(&cli.url, Duration::from_secs(5)).await {
			client = Some(c);
			break;
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	let client = client.ok_or_else(|| format!("no node answers at {}", cli.url))?;
	client.check_runtime().await.map_err(|e| e.to_string())?;
	eprintln!("demo: setting up subnet 0 ...");
	let mode =
		if cli.external { merit_demo::Setup::External } else { merit_demo::Setup::InProcess };
	let demo = merit_demo::setup(&client, mode).await?;
	eprintln!(
		"demo: ready. The validator's off-chain worker scores the miners every epoch (10 \
		 blocks) and reveals its weights one epoch later; the better miner soon earns more."
	);
	let mut last = None;
	loop {
		let epoch = client.subnet_epoch(demo.netuid, None).await.map_err(|e| e.to_string())?;
		let epoch = epoch.map(|e| e.epoch);
		if epoch != last {
			println!("{}", merit_demo::standings(&client, &demo).await?);
			last = epoch;
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

fn main() -> std::process::ExitCode {
	merit_client::run_main("merit-demo", run(Cli::parse()))
}
