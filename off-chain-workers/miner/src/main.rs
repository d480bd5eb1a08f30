//! `merit-miner`: train a model for a subnet's task, serve it, register, announce and commit.
//!
//! ```sh
//! merit-miner train --task digits --hotkey //Alice//miner --out model.safetensors
//! merit-miner register --netuid 0 --coldkey //Alice --hotkey //Alice//miner
//! merit-miner commit --netuid 0 --hotkey //Alice//miner --model model.safetensors
//! merit-miner serve --model model.safetensors --listen 0.0.0.0:8700 \
//!     --announce 203.0.113.7 --netuid 0 --hotkey //Alice//miner
//! ```
//! `run` does register, commit, announce and serve in one go. Keys are secret URIs
//! (`--hotkey`) or key files (`--hotkey-file`, see `merit_client::Signer::from_file`).

use clap::{Args, Parser, Subcommand, ValueEnum};
use merit_client::{chain, Client, Signer};
use merit_miner::{onchain, serve, train};
use std::str::FromStr;
use std::{
	net::IpAddr, net::SocketAddr, path::PathBuf, process::ExitCode, sync::Arc, time::Duration,
};

#[derive(Parser)]
#[command(name = "merit-miner", version, about = "Merit's miner: train, serve, register, commit")]
struct Cli {
	/// The node's WebSocket RPC endpoint.
	#[arg(long, global = true, default_value = "ws://127.0.0.1:9944")]
	url: String,
	#[command(subcommand)]
	command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum TaskName {
	Digits,
	Text,
}

#[derive(Args)]
struct Key {
	/// The hotkey's secret URI (mnemonic, 0x seed or //Dev path).
	#[arg(long, conflicts_with = "hotkey_file")]
	hotkey: Option<String>,
	/// A file holding the hotkey's secret URI, or `subkey` JSON.
	#[arg(long)]
	hotkey_file: Option<PathBuf>,
}

impl Key {
	fn signer(&self) -> Result<Signer, String> {
		Signer::from_suri_or_file(self.hotkey.as_deref(), self.hotkey_file.as_deref())
			.map_err(|e| e.to_string())
	}
}

#[derive(Args)]
struct Training {
	/// The task to train for.
	#[arg(long, value_enum)]
	task: TaskName,
	/// Hidden layer widths, comma separated.
	#[arg(long, value_delimiter = ',', default_value = "64")]
	hidden: Vec<usize>,
	/// Optimizer steps.
	#[arg(long, default_value_t = 1_000)]
	steps: u32,
	/// Samples per step.
	#[arg(long, default_value_t = 128)]
	batch: u32,
	/// AdamW learning rate.
	#[arg(long, default_value_t = 0.01)]
	learning_rate: f64,
	/// Seed of the initial weights and the batches. Default: derived from the hotkey
	/// (`--hotkey`/`--hotkey-file`), so no two miners train the same file, or random without
	/// one.
	#[arg(long)]
	seed: Option<u64>,
	/// Embedding width (text).
	#[arg(long, default_value_t = 16)]
	width: usize,
}

#[derive(Args)]
struct Serving {
	/// The model file to serve.
	#[arg(long)]
	model: PathBuf,
	/// Address to listen on.
	#[arg(long, default_value = "0.0.0.0:8700")]
	listen: SocketAddr,
	/// Transfers served at once; more get 503.
	#[arg(long, default_value_t = 8)]
	max_concurrent: usize,
}

#[derive(Args)]
struct Registration {
	/// The subnet.
	#[arg(long)]
	netuid: u16,
	/// The coldkey's secret URI: it pays the registration burn.
	#[arg(long)]
	coldkey: String,
	#[command(flatten)]
	key: Key,
}

impl Registration {
	/// Registers the hotkey (if it is not yet); returns the connected client and the hotkey.
	async fn register(&self, url: &str) -> Result<(Client, Signer), String> {
		let client = connect(url).await?;
		let hotkey = self.key.signer()?;
		let coldkey = Signer::from_suri(&self.coldkey).map_err(|e| e.to_string())?;
		onchain::register(&client, self.netuid, &coldkey, &hotkey).await?;
		Ok((client, hotkey))
	}
}

#[derive(Subcommand)]
enum Command {
	/// Train a model with candle and write its safetensors file.
	Train {
		#[command(flatten)]
		training: Training,
		/// The hotkey the model is for: its default training seed comes from it.
		#[command(flatten)]
		key: Key,
		/// Where to write the model.
		#[arg(long)]
		out: PathBuf,
	},
	/// Register the hotkey on a subnet, the burn paid by the coldkey.
	Register {
		#[command(flatten)]
		registration: Registration,
	},
	/// Commit a model file, then reveal it.
	Commit {
		#[arg(long)]
		netuid: u16,
		#[arg(long)]
		model: PathBuf,
		/// Your coldkey's address (SS58): refuse to commit if the hotkey's UID is registered
		/// to any other coldkey (it would earn for them).
		#[arg(long)]
		coldkey_address: Option<String>,
		#[command(flatten)]
		key: Key,
	},
	/// Announce this miner's address on chain (serve_axon).
	Announce {
		#[arg(long)]
		netuid: u16,
		/// The public IP validators reach this miner at.
		#[arg(long)]
		ip: IpAddr,
		#[arg(long)]
		port: u16,
		#[command(flatten)]
		key: Key,
	},
	/// Serve a model file over HTTP.
	Serve {
		#[command(flatten)]
		serving: Serving,
	},
	/// Register, commit, announce and serve, in that order.
	Run {
		#[command(flatten)]
		registration: Registration,
		#[command(flatten)]
		serving: Serving,
		/// The public IP validators reach this miner at.
		#[arg(long)]
		announce: IpAddr,
	},
}

fn read_model(path: &PathBuf) -> Result<Vec<u8>, String> {
	std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

async fn connect(url: &str) -> Result<Client, String> {
	let client = Client::connect(url, Duration::from_secs(10)).await.map_err(|e| e.to_string())?;
	client.check_runtime().await.map_err(|e| e.to_string())?;
	Ok(client)
}

async fn serve(serving: &Serving) -> Result<(), String> {
	let file = read_model(&serving.model)?;
	let served = serve::Served {
		path: chain::model_path(&chain::model_hash(&file)),
		file: file.into(),
		slots: Arc::new(tokio::sync::Semaphore::new(serving.max_concurrent.max(1))),
	};
	serve::run(serving.listen, served).await
}

async fn run(cli: Cli) -> Result<(), String> {
	match cli.command {
		Command::Train { training, key, out } => {
			let seed = match training.seed {
				Some(seed) => seed,
				None if key.hotkey.is_some() || key.hotkey_file.is_some() => {
					train::seed_for(key.signer()?.account().as_ref())
				},
				None => {
					use std::hash::BuildHasher;
					std::collections::hash_map::RandomState::new()
						.hash_one(std::time::SystemTime::now())
				},
			};
			eprintln!("train: seed {seed}");
			let plan = train::Plan {
				hidden: training.hidden,
				steps: training.steps,
				batch: training.batch,
				learning_rate: training.learning_rate,
				seed,
				width: training.width,
			};
			let file = match training.task {
				TaskName::Digits => train::digits(&plan)?,
				TaskName::Text => train::text(&plan)?,
			};
			std::fs::write(&out, &file)
				.map_err(|e| format!("cannot write {}: {e}", out.display()))?;
			let hash = chain::model_hash(&file);
			eprintln!(
				"train: wrote {} ({} bytes, hash 0x{})",
				out.display(),
				file.len(),
				hex(&hash)
			);
		},
		Command::Register { registration } => {
			registration.register(&cli.url).await?;
		},
		Command::Commit { netuid, model, coldkey_address, key } => {
			let client = connect(&cli.url).await?;
			let hotkey = key.signer()?;
			if let Some(address) = coldkey_address {
				let coldkey = merit_client::AccountId::from_str(&address)
					.map_err(|e| format!("--coldkey-address {address}: {e}"))?;
				onchain::ensure_registered_to(&client, netuid, &hotkey, &coldkey).await?;
			}
			let hash = onchain::commit(&client, netuid, &hotkey, &read_model(&model)?).await?;
			eprintln!("commit: model 0x{} revealed on subnet {netuid}", hex(&hash));
		},
		Command::Announce { netuid, ip, port, key } => {
			let client = connect(&cli.url).await?;
			onchain::announce(&client, netuid, &key.signer()?, ip, port).await?;
		},
		Command::Serve { serving } => serve(&serving).await?,
		Command::Run { registration, serving, announce } => {
			let (client, hotkey) = registration.register(&cli.url).await?;
			let netuid = registration.netuid;
			onchain::commit(&client, netuid, &hotkey, &read_model(&serving.model)?).await?;
			onchain::announce(&client, netuid, &hotkey, announce, serving.listen.port()).await?;
			serve(&serving).await?;
		},
	}
	Ok(())
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	merit_client::run_main("merit-miner", run(cli))
}
