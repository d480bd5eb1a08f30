//! Manual sealing for development chains: a block as soon as a transaction arrives
//! (`--sealing instant`) or at a fixed interval (`--sealing <ms>`), each finalized a moment later,
//! so tests and demos need not wait for 6-second Aura slots.
//!
//! Each block sealed on a trigger is imported as the new best block and finalized by a second
//! command a moment later ([`FINALITY_LAG`]), as GRANDPA would: the transaction pool then
//! reports a watched transaction `InBlock` before `Finalized`, and client code that waits for
//! `InBlock` (the common polkadot.js idiom) works here as it does on Aura. Blocks made by
//! `engine_createBlock` are finalized as that call asks.
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

/// How long after its import a block sealed on a trigger is finalized: long enough for the
/// transaction pool to tell watchers `InBlock` first (it does so asynchronously, and a block
/// finalized at once is reported `Finalized` only), short enough to feel instant.
const FINALITY_LAG: Duration = Duration::from_millis(200);

/// For each trigger: seals a block (not finalized) and hands it to [`finalize_trailing`].
/// Sealing never waits for finality. Stops when the sealing task is gone.
async fn seal_on_trigger(
	mut trigger: stream::BoxStream<'static, bool>,
	mut commands: mpsc::Sender<EngineCommand<Hash>>,
	mut sealed: mpsc::UnboundedSender<(Hash, std::time::Instant)>,
) {
	use futures::{channel::oneshot, SinkExt};
	while let Some(create_empty) = trigger.next().await {
		let (reply, created) = oneshot::channel();
		let seal = EngineCommand::SealNewBlock {
			create_empty,
			finalize: false,
			parent_hash: None,
			sender: Some(reply),
		};
		if commands.send(seal).await.is_err() {
			return;
		}
		// No block (an empty pool, say): nothing to finalize.
		let Ok(Ok(block)) = created.await else { continue };
		if sealed.send((block.hash, std::time::Instant::now() + FINALITY_LAG)).await.is_err() {
			return;
		}
	}
}

/// Finalizes each sealed block [`FINALITY_LAG`] after its import, once the pool has caught up
/// with it, in order.
async fn finalize_trailing<P>(
	mut sealed: mpsc::UnboundedReceiver<(Hash, std::time::Instant)>,
	mut commands: mpsc::Sender<EngineCommand<Hash>>,
	pool: Arc<P>,
	client: Arc<FullClient>,
) where
	P: TransactionPool<Block = Block, Hash = Hash> + 'static,
{
	use futures::SinkExt;
	use sp_blockchain::HeaderBackend;
	while let Some((hash, due)) = sealed.next().await {
		futures_timer::Delay::new(due.saturating_duration_since(std::time::Instant::now())).await;
		// `engine_createBlock` may have finalized it (or a descendant) meanwhile.
		let already =
			client.number(hash).ok().flatten().is_none_or(|n| n <= client.info().finalized_number);
		if already {
			continue;
		}
		let _ = pool.ready_at_with_timeout(hash, Duration::from_secs(2)).await;
		let finalize = EngineCommand::FinalizeBlock { hash, sender: None, justification: None };
		if commands.send(finalize).await.is_err() {
			return;
		}
	}
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
	// Each trigger asks for a block (empty ones too, at an interval).
	let trigger: stream::BoxStream<'static, bool> = match sealing {
		Sealing::Aura => {
			return Err(ServiceError::Other("manual sealing started for Aura sealing".into()))
		},
		Sealing::Instant => pool.import_notification_stream().map(|_| false).boxed(),
		Sealing::Interval(ms) => stream::unfold((), move |()| async move {
			futures_timer::Delay::new(Duration::from_millis(ms)).await;
			Some((true, ()))
		})
		.boxed(),
	};
	let (own_commands, own_rx) = mpsc::channel(16);
	let (sealed, to_finalize) = mpsc::unbounded();
	let spawner = task_manager.spawn_essential_handle();
	spawner.spawn(
		"manual-seal-trigger",
		Some("block-authoring"),
		seal_on_trigger(trigger, own_commands.clone(), sealed),
	);
	spawner.spawn(
		"manual-seal-finality",
		Some("block-authoring"),
		finalize_trailing(to_finalize, own_commands, pool.clone(), client.clone()),
	);
	let commands_stream = stream::select(own_rx, commands);

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
	log::info!(
		"🔨 Sealing blocks by hand ({sealing}): each block is finalized 200 ms after it is sealed"
	);
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
