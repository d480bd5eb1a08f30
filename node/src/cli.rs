//! The command line: `merit-node [run options]` or `merit-node <subcommand>`.

use std::{fmt, str::FromStr};

/// How a development chain seals blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sealing {
	/// Aura slots (6 seconds) with GRANDPA finality, as on every real network.
	Aura,
	/// A block as soon as a transaction enters the pool, finalized 200 ms later.
	Instant,
	/// A block every this many milliseconds, empty or not, finalized 200 ms later.
	Interval(u64),
}

impl Sealing {
	/// The shortest interval accepted: blocks faster than this only load the machine.
	pub const MIN_INTERVAL_MS: u64 = 50;
}

impl FromStr for Sealing {
	type Err = String;

	fn from_str(s: &str) -> Result<Self, Self::Err> {
		match s {
			"aura" => Ok(Self::Aura),
			"instant" => Ok(Self::Instant),
			ms => match ms.parse::<u64>() {
				Ok(ms) if ms >= Self::MIN_INTERVAL_MS => Ok(Self::Interval(ms)),
				Ok(ms) => Err(format!(
					"a sealing interval of {ms} ms is too short; use at least {} ms",
					Self::MIN_INTERVAL_MS
				)),
				Err(_) => Err(format!(
					"unknown sealing mode '{s}': expected 'aura', 'instant' or an interval in \
					 milliseconds such as 1000"
				)),
			},
		}
	}
}

impl fmt::Display for Sealing {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::Aura => write!(f, "aura"),
			Self::Instant => write!(f, "instant"),
			Self::Interval(ms) => write!(f, "{ms}"),
		}
	}
}

/// Options for running a node.
#[derive(Debug, clap::Parser)]
pub struct RunCmd {
	#[clap(flatten)]
	pub base: sc_cli::RunCmd,

	/// How blocks are sealed: `aura` (6-second slots with GRANDPA finality, the default),
	/// `instant` (a block per transaction, finalized 200 ms later) or a number of milliseconds
	/// (a block at that interval, finalized 200 ms later). Anything but `aura` needs a
	/// development chain (`--dev`).
	#[arg(long, value_name = "MODE", default_value = "aura")]
	pub sealing: Sealing,
}

impl RunCmd {
	/// JSON-RPC batches longer than this are refused unless `--rpc-max-batch-request-len`
	/// says otherwise: one batch is one request's worth of the server's attention, and an
	/// unbounded batch lets one client hold the server (Substrate's default is unbounded).
	pub const DEFAULT_MAX_BATCH_LEN: u32 = 64;

	/// Applies [`Self::DEFAULT_MAX_BATCH_LEN`] when batches are on and no limit was given.
	pub fn bound_rpc_batches(&mut self) {
		let rpc = &mut self.base.rpc_params;
		if !rpc.rpc_disable_batch_requests && rpc.rpc_max_batch_request_len.is_none() {
			rpc.rpc_max_batch_request_len = Some(Self::DEFAULT_MAX_BATCH_LEN);
		}
	}
}

#[derive(Debug, clap::Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true
)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: RunCmd,
}

#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (`--raw` for the form nodes start from).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification without starting a node.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database metadata.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Runtime and node benchmarks (built with `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}
