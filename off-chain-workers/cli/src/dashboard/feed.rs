//! The dashboard's data, kept by one task that follows the chain:
//! - a snapshot refreshed at each finalized block: every subnet with its epoch position and
//!   emission share, the open referenda and the pending slashes;
//! - every subnet's last [`HISTORY`] epochs with what each UID earned: backfilled from past
//!   blocks at start, then taken from `merit_subscribeEpochs` as epochs complete;
//! - news for the open pages (Server-Sent Events): `head` at each finalized block, `epoch`
//!   when a subnet's epoch completes.

use crate::{
	commands::{gov, slashes},
	ctx::merit_call,
};
use merit_client::Client;
use serde_json::{json, Value};
use std::{
	collections::{BTreeMap, BTreeSet, VecDeque},
	sync::{Arc, Mutex, RwLock},
	time::Duration,
};
use tokio::sync::broadcast;

/// Epochs of history kept per subnet.
pub const HISTORY: usize = 32;

/// What the pages read and hear.
pub struct Feed {
	client: Client,
	snapshot: RwLock<Value>,
	history: Mutex<BTreeMap<u16, VecDeque<Value>>>,
	news: broadcast::Sender<String>,
}

fn lock_err<T>(_: T) -> String {
	"the dashboard's state is poisoned".into()
}

impl Feed {
	/// Connects to the node at `url` and reads the first snapshot and history.
	pub async fn start(url: &str) -> Result<Arc<Self>, String> {
		let client = Client::connect(url, Duration::from_secs(15))
			.await
			.map_err(|e| format!("cannot reach a node at {url}: {e}"))?;
		let (news, _) = broadcast::channel(256);
		let feed = Arc::new(Self {
			client,
			snapshot: RwLock::new(Value::Null),
			history: Mutex::new(BTreeMap::new()),
			news,
		});
		feed.refresh().await?;
		for netuid in feed.netuids()? {
			feed.backfill(netuid).await?;
		}
		Ok(feed)
	}

	pub fn client(&self) -> &Client {
		&self.client
	}

	/// A receiver of the news.
	pub fn listen(&self) -> broadcast::Receiver<String> {
		self.news.subscribe()
	}

	/// The snapshot, with every subnet's history if `with_history`.
	pub fn state(&self, with_history: bool) -> Result<Value, String> {
		let mut state = self.snapshot.read().map_err(lock_err)?.clone();
		if !with_history {
			return Ok(state);
		}
		let history = self.history.lock().map_err(lock_err)?;
		let by_subnet: serde_json::Map<String, Value> = history
			.iter()
			.map(|(netuid, epochs)| (netuid.to_string(), Value::from(Vec::from(epochs.clone()))))
			.collect();
		state["history"] = Value::Object(by_subnet);
		Ok(state)
	}

	fn netuids(&self) -> Result<Vec<u16>, String> {
		let snapshot = self.snapshot.read().map_err(lock_err)?;
		Ok(snapshot["subnets"]
			.as_array()
			.into_iter()
			.flatten()
			.filter_map(|s| s["netuid"].as_u64().and_then(|n| u16::try_from(n).ok()))
			.collect())
	}

	/// Reads the snapshot afresh.
	async fn refresh(&self) -> Result<(), String> {
		let c = &self.client;
		let subnets = merit_call(c, "merit_subnets", vec![]).await?;
		let mut rows = Vec::new();
		let mut slashes = Vec::new();
		for s in subnets["subnets"].as_array().into_iter().flatten() {
			let netuid = s["netuid"].as_u64().unwrap_or(0) as u16;
			let epoch = merit_call(c, "merit_epoch", vec![json!(netuid)]).await?;
			rows.push(json!({
				"netuid": netuid,
				"task": s["task"]["kind"],
				"neurons": s["neurons"],
				"maxUids": s["hyperparams"]["maxUids"],
				"emission": s["emission"],
				"owner": s["owner"],
				"epoch": epoch["epoch"],
			}));
			slashes.extend(slashes::pending(c, netuid).await?);
		}
		let total: u64 =
			rows.iter().map(|r| r["epoch"]["emissionShare"].as_u64().unwrap_or(0)).sum();
		for r in &mut rows {
			let share = r["epoch"]["emissionShare"].as_u64().unwrap_or(0);
			r["emissionFraction"] =
				json!(if total == 0 { 0.0 } else { share as f64 / total as f64 });
		}
		let referenda = gov::open(c).await?;
		let snapshot = json!({
			"at": subnets["at"],
			"token": subnets["token"],
			"subnets": rows,
			"referenda": referenda,
			"slashes": slashes,
		});
		*self.snapshot.write().map_err(lock_err)? = snapshot;
		Ok(())
	}

	/// Reads `netuid`'s last epochs from the blocks they ran in, newest first, and keeps them.
	async fn backfill(&self, netuid: u16) -> Result<(), String> {
		let epoch = merit_call(&self.client, "merit_epoch", vec![json!(netuid)]).await?;
		let (tempo, mut block) = (
			epoch["epoch"]["tempo"].as_u64().unwrap_or(0) as u32,
			epoch["epoch"]["lastRun"].as_u64().unwrap_or(0) as u32,
		);
		let mut epochs = VecDeque::new();
		while block > 0 && tempo > 0 && epochs.len() < HISTORY {
			// History ends where the node has no block or no state for it: a pruning node
			// keeps only its last blocks' state, and a young chain has no older epochs.
			let Ok(Some(hash)) = self.client.block_hash(block).await else { break };
			let Ok(Some(paid)) = self.client.epoch_payouts(netuid, Some(hash)).await else {
				break;
			};
			epochs.push_front(entry_of(&paid));
			block = block.saturating_sub(tempo);
		}
		self.history.lock().map_err(lock_err)?.insert(netuid, epochs);
		Ok(())
	}

	fn keep(&self, netuid: u16, entry: Value) -> Result<(), String> {
		let mut history = self.history.lock().map_err(lock_err)?;
		let epochs = history.entry(netuid).or_default();
		if epochs.back().is_some_and(|last| last["epoch"] == entry["epoch"]) {
			return Ok(());
		}
		epochs.push_back(entry);
		while epochs.len() > HISTORY {
			epochs.pop_front();
		}
		Ok(())
	}

	fn tell(&self, kind: &str, data: Value) {
		// No page listening is fine.
		let _ = self.news.send(format!("event: {kind}\ndata: {data}\n\n"));
	}

	/// Follows finalized blocks and every subnet's epochs until the node goes away.
	pub async fn follow(self: Arc<Self>) -> Result<(), String> {
		let mut heads = self
			.client
			.subscribe(
				"chain_subscribeFinalizedHeads",
				jsonrpsee::rpc_params![],
				"chain_unsubscribeFinalizedHeads",
			)
			.await
			.map_err(|e| e.to_string())?;
		let mut followed = BTreeSet::new();
		while let Some(head) = heads.next().await {
			let mut head = head.map_err(|e| format!("finalized heads: {e}"))?;
			// Heads that came in during the last refresh: only the newest needs one. (A
			// refresh slower than a block would otherwise queue heads until the node drops
			// the subscription.)
			while let Ok(Some(newer)) = tokio::time::timeout(Duration::ZERO, heads.next()).await {
				head = newer.map_err(|e| format!("finalized heads: {e}"))?;
			}
			if let Err(e) = self.refresh().await {
				eprintln!("dashboard: refresh: {e}");
				continue;
			}
			for netuid in self.netuids()? {
				if followed.insert(netuid) {
					tokio::spawn(Arc::clone(&self).follow_epochs(netuid));
				}
			}
			let number = head["number"]
				.as_str()
				.and_then(|n| u64::from_str_radix(n.trim_start_matches("0x"), 16).ok());
			self.tell("head", json!({ "number": number }));
		}
		Err("the node ended the finalized heads subscription".into())
	}

	/// Keeps `netuid`'s completed epochs, from `merit_subscribeEpochs`, and tells the pages.
	async fn follow_epochs(self: Arc<Self>, netuid: u16) {
		let subscription = self
			.client
			.subscribe(
				"merit_subscribeEpochs",
				jsonrpsee::rpc_params![netuid],
				"merit_unsubscribeEpochs",
			)
			.await;
		let mut epochs = match subscription {
			Ok(s) => s,
			Err(e) => return eprintln!("dashboard: subnet {netuid}: {e}"),
		};
		while let Some(Ok(message)) = epochs.next().await {
			let e = &message["epoch"];
			let entry = json!({
				"epoch": e["epoch"],
				"block": message["at"]["number"],
				"payouts": e["payouts"],
			});
			if self.keep(netuid, entry).is_ok() {
				self.tell("epoch", json!({ "netuid": netuid, "epoch": e["epoch"] }));
			}
		}
	}
}

/// A history entry from the runtime's record of an epoch: the shape of
/// `merit_subscribeEpochs`' messages.
fn entry_of(paid: &merit_client::chain::EpochPayouts) -> Value {
	let fraction = |p: merit_client::Perbill| f64::from(p.deconstruct()) / 1e9;
	let payouts: Vec<Value> = paid
		.payouts
		.iter()
		.map(|p| {
			json!({
				"uid": p.uid,
				"hotkey": p.hotkey.to_string(),
				"incentive": fraction(p.incentive),
				"dividends": fraction(p.dividends),
				"emission": p.emission.to_string(),
			})
		})
		.collect();
	json!({ "epoch": paid.epoch, "block": paid.block, "payouts": payouts })
}
