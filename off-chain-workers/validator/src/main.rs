//! `merit-validator`: the scoring round over JSON-RPC, for a validator that scores on a
//! separate machine from its node.
//!
//! ```sh
//! merit-validator run --hotkey-file validator.key --coldkey 5GrwvaEF... --netuid 0
//! ```
//! Every epoch of each subnet it holds a permit on, it fetches and scores the revealed models,
//! commits the weights (or sets them where commit–reveal is off), reveals them in the reveal
//! epoch and reports unavailable or mismatched models.
//!
//! ```sh
//! merit-validator verify --netuid 0 --epoch 3 --hotkey 5FHneW46...
//! ```
//! recomputes what that validator should have submitted for the epoch and says whether it
//! did (exit status 0 only when it matches).

use clap::{Parser, Subcommand};
use merit_client::AccountId;
use merit_client::{Client, Signer};
use merit_validator::{
	round::FetchLimits,
	standalone::Validator,
	verify::{verify, Verdict},
};
use std::str::FromStr;
use std::{path::PathBuf, process::ExitCode, time::Duration};

#[derive(Parser)]
#[command(
	name = "merit-validator",
	version,
	about = "Merit's validator: score miners, submit weights"
)]
struct Cli {
	/// The node's WebSocket RPC endpoint.
	#[arg(long, global = true, default_value = "ws://127.0.0.1:9944")]
	url: String,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Score the subnets' miners every epoch and submit weights, until stopped.
	Run {
		/// The validator hotkey's secret URI (mnemonic, 0x seed or //Dev path).
		#[arg(long, conflicts_with = "hotkey_file")]
		hotkey: Option<String>,
		/// A file holding the hotkey's secret URI, or `subkey` JSON.
		#[arg(long)]
		hotkey_file: Option<PathBuf>,
		/// Your coldkey's address (SS58): the validator refuses to score on a subnet where the
		/// hotkey's UID is registered to another coldkey, which would take its dividends.
		#[arg(long)]
		coldkey: String,
		/// Subnets to validate (repeatable); default: every subnet.
		#[arg(long)]
		netuid: Vec<u16>,
		/// Seconds to wait for each miner's file.
		#[arg(long, default_value_t = 10)]
		fetch_timeout: u64,
		/// Files fetched at once (each scored as it arrives: at most this many are held).
		#[arg(long, default_value_t = 32)]
		parallel: usize,
		/// Seconds the whole round's fetching may take; miners not reached by then are
		/// neither scored nor reported that epoch.
		#[arg(long, default_value_t = 300)]
		round_timeout: u64,
		/// Seconds between looks at the chain.
		#[arg(long, default_value_t = 2)]
		poll: u64,
		/// Where to keep the epochs scored and the reveals due, so a restart between commit
		/// and reveal still reveals.
		#[arg(long, default_value = "merit-validator.state")]
		state_file: PathBuf,
	},
	/// Recompute a validator's weights for one epoch and check them against what it submitted.
	Verify {
		/// The subnet.
		#[arg(long)]
		netuid: u16,
		/// The epoch whose round to recompute.
		#[arg(long)]
		epoch: u32,
		/// The validator's hotkey (SS58 address).
		#[arg(long)]
		hotkey: String,
		/// Seconds to wait for each miner's file.
		#[arg(long, default_value_t = 10)]
		fetch_timeout: u64,
	},
}

/// Prints a verdict; whether the weights match.
fn report(v: &Verdict) -> bool {
	println!("subnet {} epoch {} (seed block {})", v.netuid, v.epoch, v.seed_block);
	println!("files the validator says it obtained: {:?}", v.basis.fetched.uids());
	for (candidate, outcome, detail) in &v.miners {
		let uid = candidate.uid;
		match (detail, outcome) {
			(Some(detail), _) => println!("  uid {uid}: {detail}"),
			(None, merit_primitives::round::Outcome::Failed(failure)) => {
				println!("  uid {uid}: 0 ({failure})")
			},
			(None, _) => println!("  uid {uid}: 0"),
		}
	}
	println!("submitted (block {}): {:?}", v.submitted_at, v.submitted);
	println!("recomputed:         {:?}", v.recomputed);
	let matches = v.matches();
	println!("{}", if matches { "match" } else { "MISMATCH" });
	matches
}

async fn run_verify(
	url: &str,
	netuid: u16,
	epoch: u32,
	hotkey: &str,
	fetch_timeout: u64,
) -> Result<(), String> {
	let hotkey = AccountId::from_str(hotkey).map_err(|e| format!("--hotkey {hotkey}: {e}"))?;
	let client = Client::connect(url, Duration::from_secs(10)).await.map_err(|e| e.to_string())?;
	client.check_runtime().await.map_err(|e| e.to_string())?;
	let limits =
		FetchLimits { timeout: Duration::from_secs(fetch_timeout), ..FetchLimits::standard() };
	let verdict =
		verify(&client, netuid, epoch, &hotkey, limits).await.map_err(|e| e.to_string())?;
	if report(&verdict) {
		Ok(())
	} else {
		Err("the submitted weights are not the recomputed ones".into())
	}
}

async fn run(cli: Cli) -> Result<(), String> {
	let (hotkey, hotkey_file, coldkey, netuid, limits, poll, state_file) = match cli.command {
		Command::Run {
			hotkey,
			hotkey_file,
			coldkey,
			netuid,
			fetch_timeout,
			parallel,
			round_timeout,
			poll,
			state_file,
		} => {
			let limits = FetchLimits {
				timeout: Duration::from_secs(fetch_timeout),
				parallel,
				round: Duration::from_secs(round_timeout),
				..FetchLimits::standard()
			};
			(hotkey, hotkey_file, coldkey, netuid, limits, poll, state_file)
		},
		Command::Verify { netuid, epoch, hotkey, fetch_timeout } => {
			return run_verify(&cli.url, netuid, epoch, &hotkey, fetch_timeout).await
		},
	};
	let coldkey = AccountId::from_str(&coldkey).map_err(|e| format!("--coldkey {coldkey}: {e}"))?;
	let hotkey = Signer::from_suri_or_file(hotkey.as_deref(), hotkey_file.as_deref())
		.map_err(|e| e.to_string())?;
	let client =
		Client::connect(&cli.url, Duration::from_secs(10)).await.map_err(|e| e.to_string())?;
	client.check_runtime().await.map_err(|e| e.to_string())?;
	eprintln!("validator: {} on {}", hotkey.account(), cli.url);
	let mut validator = Validator::with_state_file(&state_file)?.for_coldkey(coldkey);
	loop {
		let netuids = if netuid.is_empty() {
			match client.subnets(None).await {
				Ok(subnets) => subnets.iter().map(|s| s.netuid).collect(),
				Err(e) => {
					eprintln!("validator: {e}");
					Vec::new()
				},
			}
		} else {
			netuid.clone()
		};
		for netuid in netuids {
			if let Err(e) = validator.step(&client, &hotkey, netuid, limits).await {
				eprintln!("validator: subnet {netuid}: {e}");
			}
		}
		tokio::time::sleep(Duration::from_secs(poll)).await;
	}
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	merit_client::run_main("merit-validator", run(cli))
}
