//! `merit`: Merit's command line for validators, miners and token holders.
//!
//! ```sh
//! merit wallet create                          # an encrypted coldkey in ~/.merit/wallets/default
//! merit wallet create --hotkey miner1          # a hotkey beside it
//! merit balance
//! merit transfer --to 5FHneW46... 1.5          # 1.5 MRT (or 1500p: planck)
//! merit subnet list
//! merit register --netuid 0 --hotkey miner1
//! merit stake add 100 --hotkey validator
//! merit metagraph 0 --sort incentive --desc
//! merit gov vote 3 aye 50 --conviction 2
//! merit dashboard --listen 127.0.0.1:8080
//! ```
//! Every command answers `--output json`; transactions ask before sending unless `--yes`.

use clap::{Parser, Subcommand};
use merit_cli::{
	commands,
	ctx::{Ctx, KeyArgs},
	output::{Format, Out},
	wallet::Wallets,
};
use merit_client::Wait;
use std::{path::PathBuf, process::ExitCode};

#[derive(Parser)]
#[command(
	name = "merit",
	version,
	about = "Merit's command line: wallets, balances, subnets, stake, weights, metagraphs, \
	         governance and a live dashboard"
)]
struct Cli {
	/// The node's WebSocket RPC endpoint.
	#[arg(long, global = true, env = "MERIT_URL", default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// How answers are printed: text for people, json for scripts.
	#[arg(long, short = 'o', global = true, value_enum, default_value = "text")]
	output: Format,
	/// Send transactions without asking.
	#[arg(long, short = 'y', global = true)]
	yes: bool,
	/// Follow a transaction until its block is finalized, or only until it is in a block.
	#[arg(long, global = true, value_enum, default_value = "finalized")]
	wait: WaitFor,
	/// Where wallets live.
	#[arg(long, global = true, env = "MERIT_WALLET_DIR")]
	wallet_dir: Option<PathBuf>,
	#[command(flatten)]
	keys: KeyArgs,
	#[command(subcommand)]
	command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum WaitFor {
	InBlock,
	Finalized,
}

#[derive(Subcommand)]
enum Command {
	/// Create, import, list and show wallets (polkadot.js key files).
	#[command(subcommand)]
	Wallet(commands::wallet::WalletCommand),
	/// An account's funds: free, transferable, held by reason, frozen.
	Balance(commands::account::BalanceArgs),
	/// Send MRT to an address (from the wallet's coldkey).
	Transfer(commands::account::TransferArgs),
	/// List, show, create and tune subnets.
	#[command(subcommand)]
	Subnet(commands::subnet::SubnetCommand),
	/// Register the wallet's hotkey on a subnet (burn paid, bond held by the coldkey).
	Register(commands::neuron::RegisterArgs),
	/// Announce the hotkey's axon (where its model is served) on a subnet.
	Serve(commands::neuron::ServeArgs),
	/// Stake on a hotkey, unbond, withdraw, claim rewards, and see your stake.
	#[command(subcommand)]
	Stake(commands::stake::StakeCommand),
	/// Open your hotkey to nominators, set its take, list delegates.
	#[command(subcommand)]
	Delegate(commands::stake::DelegateCommand),
	/// Set, commit, reveal and show a validator's weights.
	#[command(subcommand)]
	Weights(commands::weights::WeightsCommand),
	/// A subnet's metagraph as a table.
	Metagraph(commands::metagraph::MetagraphArgs),
	/// Where a subnet is in its epoch cycle.
	Epoch(commands::metagraph::EpochArgs),
	/// A live metagraph dashboard in the browser, served on a local address.
	Dashboard(merit_cli::dashboard::DashboardArgs),
	/// The slashes pending on a subnet, or on all.
	Slashes(commands::slashes::SlashesArgs),
	/// Governance: propose, vote, delegate votes, and read referenda.
	#[command(subcommand)]
	Gov(commands::gov::GovCommand),
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	let out = Out::new(cli.output, cli.yes);
	let json = out.json();
	let wait = match cli.wait {
		WaitFor::InBlock => Wait::InBlock,
		WaitFor::Finalized => Wait::Finalized,
	};
	let wallets = Wallets::new(cli.wallet_dir.unwrap_or_else(Wallets::default_dir));
	let ctx = Ctx::new(out, cli.url, wallets, cli.keys, wait);
	let outcome = tokio::runtime::Runtime::new()
		.map_err(|e| format!("cannot start: {e}"))
		.and_then(|runtime| runtime.block_on(run(&ctx, cli.command)));
	match outcome {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			if json {
				println!("{}", serde_json::json!({ "ok": false, "error": error }));
			}
			eprintln!("merit: {error}");
			ExitCode::FAILURE
		},
	}
}

async fn run(ctx: &Ctx, command: Command) -> Result<(), String> {
	match command {
		Command::Wallet(c) => commands::wallet::run(ctx, c),
		Command::Balance(a) => commands::account::balance(ctx, a).await,
		Command::Transfer(a) => commands::account::transfer(ctx, a).await,
		Command::Subnet(c) => commands::subnet::run(ctx, c).await,
		Command::Register(a) => commands::neuron::register(ctx, a).await,
		Command::Serve(a) => commands::neuron::serve(ctx, a).await,
		Command::Stake(c) => commands::stake::run(ctx, c).await,
		Command::Delegate(c) => commands::stake::delegate(ctx, c).await,
		Command::Weights(c) => commands::weights::run(ctx, c).await,
		Command::Metagraph(a) => commands::metagraph::metagraph(ctx, a).await,
		Command::Epoch(a) => commands::metagraph::epoch(ctx, a).await,
		Command::Gov(c) => commands::gov::run(ctx, c).await,
		Command::Slashes(a) => commands::slashes::run(ctx, a).await,
		Command::Dashboard(a) => merit_cli::dashboard::run(&ctx.out, &ctx.url, a).await,
	}
}
