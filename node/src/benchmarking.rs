//! `merit-node benchmark ...` (built with `--features runtime-benchmarks`).
//!
//! - `pallet`: the FRAME benchmarks of the runtime's pallets (writes `weights.rs` files).
//! - `overhead`: block and extrinsic base weights, with `System::remark` extrinsics.
//! - `block`, `storage`, `machine`: existing blocks, database access, this machine.
//!
//! `extrinsic` is not offered: `pallet` measures every call, `overhead` the base costs.

use crate::{
	cli::{Cli, Sealing},
	service,
};
use frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE};
use merit_runtime::opaque::Block;
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

/// Runs a benchmark subcommand.
pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	let runner = cli.create_runner(cmd)?;
	runner.sync_run(|config| match cmd {
		BenchmarkCmd::Pallet(cmd) => cmd
			.run_with_spec::<sp_runtime::traits::HashingFor<Block>, service::ExtraHostFunctions>(
				Some(config.chain_spec),
			),
		BenchmarkCmd::Block(cmd) => {
			let PartialComponents { client, .. } = service::new_partial(&config, Sealing::Aura)?;
			cmd.run(client)
		},
		BenchmarkCmd::Storage(cmd) => {
			let PartialComponents { client, backend, .. } =
				service::new_partial(&config, Sealing::Aura)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_cache)
		},
		BenchmarkCmd::Overhead(cmd) => cmd
			.run_with_default_builder_and_spec::<Block, service::ExtraHostFunctions>(Some(
				config.chain_spec,
			)),
		BenchmarkCmd::Machine(cmd) => cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
		BenchmarkCmd::Extrinsic(_) => Err(sc_cli::Error::Input(
			"`benchmark extrinsic` is not offered by merit-node: use `benchmark pallet` for \
			 calls and `benchmark overhead` for base weights"
				.into(),
		)),
	})
}
