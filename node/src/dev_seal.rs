//! Manual sealing for development chains: a block as soon as a transaction arrives
//! (`--sealing instant`) or at a fixed interval (`--sealing <ms>`), each finalized at once,
//! so tests and demos need not wait for 6-second Aura slots.
//!
//! Blocks still carry Aura's slot digest and a timestamp, so the runtime sees the same
//! inherents as on a real network. Each block's slot is the later of the wall clock's slot and
//! the parent's slot plus one: time never goes backwards and never repeats a slot, and runs
//! ahead of the clock only while blocks come faster than one per slot.

use crate::{cli::Sealing, service::FullClient};
use futures::{channel::mpsc, stream, StreamExt};
use merit_runtime::{opaque::Block, Hash};
use sc_consensus_manual_seal::{
	consensus::aura::AuraConsensusDataProvider, EngineCommand, ManualSealParams,
};
use sc_service::{error::Error as ServiceError, TaskManager};
use sc_transaction_pool_api::TransactionPool;
use sp_consensus_aura::{sr25519::AuthoritySignature, Slot, SlotDuration};
use std::{sync::Arc, time::Duration};

/// The timestamp for a block on top of `parent`: the start of the later of the wall clock's
/// slot and the slot after the parent's.
fn next_timestamp(
	client: &FullClient,
	parent: Hash,
	slot_duration: SlotDuration,
) -> Result<u64, String> {
	let header = client
		.header(parent)
		.map_err(|e| format!("cannot read parent header {parent}: {e}"))?
		.ok_or_else(|| format!("parent header {parent} is not in the database"))?;
	// The genesis block has no slot digest: start from the clock.
	let parent_slot = sc_consensus_aura::find_pre_digest::<Block, AuthoritySignature>(&header)
		.map(u64::from)
		.unwrap_or(0);
	let now = sp_timestamp::Timestamp::current();
	let clock_slot = *Slot::from_timestamp(now, slot_duration);
	let slot = clock_slot.max(parent_slot.saturating_add(1));
	Ok(slot.saturating_mul(slot_duration.as_millis()))
}

/// Starts the sealing task: it seals on `commands` (from `engine_createBlock`) and on its own
/// trigger for `sealing`.
pub fn start<P>(
	sealing: Sealing,
	client: Arc<FullClient>,
	pool: Arc<P>,
	select_chain: sc_consensus::LongestChain<sc_service::TFullBackend<Block>, Block>,
	proposer_factory: sc_basic_authorship::ProposerFactory<P, FullClient>,
	commands: mpsc::Receiver<EngineCommand<Hash>>,
	task_manager: &TaskManager,
) -> Result<(), ServiceError>
where
	P: TransactionPool<Block = Block, Hash = Hash> + 'static,
{
	let seal = |create_empty| EngineCommand::SealNewBlock {
		create_empty,
		finalize: true,
		parent_hash: None,
		sender: None,
	};
	let trigger: stream::BoxStream<'static, EngineCommand<Hash>> = match sealing {
		Sealing::Aura => {
			return Err(ServiceError::Other("manual sealing started for Aura sealing".into()))
		},
		Sealing::Instant => pool.import_notification_stream().map(move |_| seal(false)).boxed(),
		Sealing::Interval(ms) => stream::unfold((), move |()| async move {
			futures_timer::Delay::new(Duration::from_millis(ms)).await;
			Some((seal(true), ()))
		})
		.boxed(),
	};
	let commands_stream = stream::select(trigger, commands);

	let slot_duration = sc_consensus_aura::slot_duration(&*client)?;
	let cidp_client = client.clone();
	let create_inherent_data_providers = move |parent: Hash, ()| {
		let client = cidp_client.clone();
		async move {
			let timestamp = next_timestamp(&client, parent, slot_duration)?;
			Ok(sp_timestamp::InherentDataProvider::new(timestamp.into()))
		}
	};

	let authorship = sc_consensus_manual_seal::run_manual_seal(ManualSealParams {
		block_import: client.clone(),
		env: proposer_factory,
		client: client.clone(),
		pool,
		commands_stream,
		select_chain,
		consensus_data_provider: Some(Box::new(AuraConsensusDataProvider::new_with_slot_duration(
			slot_duration,
		))),
		create_inherent_data_providers,
	});
	// Sealing is essential: if it stops, the node stops.
	task_manager.spawn_essential_handle().spawn_blocking(
		"manual-seal",
		Some("block-authoring"),
		authorship,
	);
	log::info!("🔨 Sealing blocks by hand ({sealing}): each block is finalized at once");
	if let Sealing::Interval(ms) = sealing {
		if ms < slot_duration.as_millis() {
			log::warn!(
				"⏩ Each block takes the next {} ms Aura slot: sealing every {ms} ms runs chain \
				 time ahead of the wall clock (block timestamps, not block numbers, tell time)",
				slot_duration.as_millis()
			);
		}
	}
	Ok(())
}
