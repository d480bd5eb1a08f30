//! A JSON-RPC client for a running node, with the reads the tests need: blocks, finality,
//! storage (balances, events) and extrinsic submission.

use crate::node::MeritNode;
use codec::{Decode, Encode};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use merit_runtime::{AccountId, Balance, Hash, Nonce, Runtime, RuntimeCall, RuntimeEvent};
use serde_json::Value;
use sp_keyring::Sr25519Keyring;
use std::time::{Duration, Instant};

/// An event as `System::Events` stores it.
pub type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

/// What became of the extrinsic at `index` of a block, read from the block's events: whether
/// it succeeded, and the fee its signer paid.
pub fn outcome(events: &[EventRecord], index: u32) -> (bool, Balance) {
	let mine = |e: &&EventRecord| e.phase == frame_system::Phase::ApplyExtrinsic(index);
	let succeeded = events.iter().filter(mine).find_map(|e| match e.event {
		RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }) => Some(true),
		RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }) => Some(false),
		_ => None,
	});
	let fee = events.iter().filter(mine).find_map(|e| match &e.event {
		RuntimeEvent::TransactionPayment(
			pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
		) => Some(*actual_fee),
		_ => None,
	});
	(
		succeeded.expect("every applied extrinsic ends in ExtrinsicSuccess or ExtrinsicFailed"),
		fee.expect("every signed extrinsic pays a fee"),
	)
}

/// A connected client.
pub struct Rpc {
	client: WsClient,
}

/// Parses a `0x`-prefixed hex string.
pub fn from_hex(s: &str) -> Vec<u8> {
	hex::decode(s.trim_start_matches("0x")).unwrap_or_else(|e| panic!("bad hex {s}: {e}"))
}

/// `0x`-prefixed hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

impl Rpc {
	/// Connects to `node`, retrying until its RPC server is up (or `timeout` passes).
	pub async fn connect(node: &mut MeritNode, timeout: Duration) -> Self {
		let deadline = Instant::now() + timeout;
		loop {
			match WsClientBuilder::default().build(node.ws_url()).await {
				Ok(client) => return Self { client },
				Err(e) => {
					assert!(node.is_running(), "merit-node exited:\n{}", node.log_tail(40));
					assert!(
						Instant::now() < deadline,
						"no RPC at {} after {timeout:?}: {e}\n{}",
						node.ws_url(),
						node.log_tail(40)
					);
					tokio::time::sleep(Duration::from_millis(250)).await;
				},
			}
		}
	}

	/// Calls `method` and returns its JSON result, or the node's error.
	pub async fn call(&self, method: &str, params: ArrayParams) -> Result<Value, String> {
		self.client.request::<Value, _>(method, params).await.map_err(|e| e.to_string())
	}

	/// Calls `method`, panicking with the node's error if it fails.
	pub async fn ok(&self, method: &str, params: ArrayParams) -> Value {
		self.call(method, params).await.unwrap_or_else(|e| panic!("{method} failed: {e}"))
	}

	/// The block hash at `number`.
	pub async fn block_hash(&self, number: u32) -> Option<Hash> {
		let v = self.ok("chain_getBlockHash", rpc_params![number]).await;
		v.as_str().map(|s| Hash::from_slice(&from_hex(s)))
	}

	/// The number of the block with `hash`.
	pub async fn block_number(&self, hash: Hash) -> u32 {
		self.header_number(Some(hash)).await
	}

	/// The best block's number.
	pub async fn best_number(&self) -> u32 {
		self.header_number(None).await
	}

	/// The number in the header of block `at` (or the best block).
	async fn header_number(&self, at: Option<Hash>) -> u32 {
		let header = self.ok("chain_getHeader", rpc_params![at]).await;
		let number = header["number"].as_str().expect("header has a number");
		u32::from_str_radix(number.trim_start_matches("0x"), 16).expect("hex block number")
	}

	/// The finalized head and its number.
	pub async fn finalized(&self) -> (Hash, u32) {
		let v = self.ok("chain_getFinalizedHead", rpc_params![]).await;
		let hash = Hash::from_slice(&from_hex(v.as_str().expect("finalized head is a hash")));
		(hash, self.block_number(hash).await)
	}

	/// Waits until the best block reaches `number`.
	pub async fn wait_for_best(&self, number: u32, timeout: Duration) -> u32 {
		let deadline = Instant::now() + timeout;
		loop {
			let best = self.best_number().await;
			if best >= number {
				return best;
			}
			assert!(Instant::now() < deadline, "best block stuck at {best}, wanted {number}");
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// Waits until the finalized block reaches `number`.
	pub async fn wait_for_finalized(&self, number: u32, timeout: Duration) -> (Hash, u32) {
		let deadline = Instant::now() + timeout;
		loop {
			let (hash, finalized) = self.finalized().await;
			if finalized >= number {
				return (hash, finalized);
			}
			assert!(
				Instant::now() < deadline,
				"finalized block stuck at {finalized}, wanted {number}"
			);
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// Raw storage at `key`, at block `at` (or the best block).
	pub async fn storage(&self, key: &[u8], at: Option<Hash>) -> Option<Vec<u8>> {
		let v = self.ok("state_getStorage", rpc_params![to_hex(key), at]).await;
		v.as_str().map(from_hex)
	}

	/// An account's free balance at block `at`.
	pub async fn free_balance(&self, who: &AccountId, at: Option<Hash>) -> Balance {
		let key = frame_system::Account::<Runtime>::hashed_key_for(who);
		match self.storage(&key, at).await {
			Some(bytes) => {
				let info = frame_system::AccountInfo::<Nonce, pallet_balances::AccountData<Balance>>::decode(
					&mut &bytes[..],
				)
				.expect("System::Account decodes");
				info.data.free
			},
			None => 0,
		}
	}

	/// The events of block `at`.
	pub async fn events(&self, at: Hash) -> Vec<EventRecord> {
		// `System::Events` is a plain value: its key is twox128(pallet) ++ twox128(item).
		let key =
			[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat();
		match self.storage(&key, Some(at)).await {
			Some(bytes) => {
				Vec::<EventRecord>::decode(&mut &bytes[..]).expect("System::Events decodes")
			},
			None => Vec::new(),
		}
	}

	/// The hex-encoded extrinsics of block `at`.
	pub async fn block_extrinsics(&self, at: Hash) -> Vec<String> {
		let block = self.ok("chain_getBlock", rpc_params![at]).await;
		block["block"]["extrinsics"]
			.as_array()
			.expect("a block has extrinsics")
			.iter()
			.map(|x| x.as_str().expect("extrinsics are hex").to_string())
			.collect()
	}

	/// Waits until the transaction pool holds nothing ready (it has caught up with the
	/// blocks that included what it held).
	pub async fn wait_for_empty_pool(&self, timeout: Duration) {
		let deadline = Instant::now() + timeout;
		loop {
			let pending = self.ok("author_pendingExtrinsics", rpc_params![]).await;
			if pending.as_array().is_some_and(|p| p.is_empty()) {
				return;
			}
			assert!(Instant::now() < deadline, "the pool still holds {pending}");
			tokio::time::sleep(Duration::from_millis(100)).await;
		}
	}

	/// Submits an encoded extrinsic; returns its hash or the node's error.
	pub async fn submit(&self, extrinsic: &[u8]) -> Result<Value, String> {
		self.call("author_submitExtrinsic", rpc_params![to_hex(extrinsic)]).await
	}

	/// Waits for the block (at or after `from`) whose body holds `extrinsic`; returns its hash
	/// and the extrinsic's index in it.
	pub async fn wait_for_inclusion(
		&self,
		extrinsic: &[u8],
		from: u32,
		timeout: Duration,
	) -> (Hash, u32) {
		let wanted = to_hex(extrinsic);
		let deadline = Instant::now() + timeout;
		let mut next = from;
		loop {
			let best = self.best_number().await;
			while next <= best {
				let hash = self.block_hash(next).await.expect("a block below the best exists");
				let found = self.block_extrinsics(hash).await.iter().position(|x| *x == wanted);
				if let Some(index) = found {
					return (hash, u32::try_from(index).expect("few extrinsics"));
				}
				next += 1;
			}
			assert!(Instant::now() < deadline, "extrinsic not included by block {best}");
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// `who`'s next nonce, counting what waits in the pool.
	pub async fn nonce(&self, who: &AccountId) -> Nonce {
		let v = self.ok("system_accountNextIndex", rpc_params![who.to_string()]).await;
		Nonce::try_from(v.as_u64().expect("a nonce")).expect("nonce fits")
	}

	/// Signs `call` as `signer` with its next nonce, submits it and waits for its block;
	/// returns what became of it.
	pub async fn send(&self, call: RuntimeCall, signer: Sr25519Keyring) -> Sent {
		let genesis = self.block_hash(0).await.expect("genesis exists");
		let nonce = self.nonce(&signer.to_account_id()).await;
		let from = self.best_number().await + 1;
		let extrinsic = crate::tx::signed(call, signer, nonce, genesis);
		self.submit(&extrinsic).await.unwrap_or_else(|e| panic!("submission refused: {e}"));
		let (block, index) =
			self.wait_for_inclusion(&extrinsic, from, Duration::from_secs(30)).await;
		let records = self.events(block).await;
		let (ok, fee) = outcome(&records, index);
		let events = records
			.into_iter()
			.filter(|e| e.phase == frame_system::Phase::ApplyExtrinsic(index))
			.map(|e| e.event)
			.collect();
		Sent { block, ok, fee, events }
	}

	/// Calls runtime API `method` (e.g. `SubnetsApi_subnet`) with SCALE-encoded `args` at block
	/// `at` (or the best block) through `state_call`, and decodes the answer.
	pub async fn runtime_api<R: Decode>(
		&self,
		method: &str,
		args: impl Encode,
		at: Option<Hash>,
	) -> R {
		let v = self.ok("state_call", rpc_params![method, to_hex(&args.encode()), at]).await;
		let bytes = from_hex(v.as_str().expect("state_call answers hex"));
		R::decode(&mut &bytes[..]).unwrap_or_else(|e| panic!("{method} answer: {e}"))
	}

	/// Total issuance at block `at`.
	pub async fn total_issuance(&self, at: Option<Hash>) -> Balance {
		let key = pallet_balances::TotalIssuance::<Runtime>::hashed_key();
		let bytes = self.storage(&key, at).await.expect("issuance is stored");
		Balance::decode(&mut &bytes[..]).expect("issuance decodes")
	}

	/// Seals `n` empty blocks (instant or manual sealing only).
	pub async fn create_blocks(&self, n: u32) {
		for _ in 0..n {
			self.ok("engine_createBlock", rpc_params![true, true]).await;
		}
	}
}

/// A transaction's fate: its block, whether it succeeded, its fee and its events.
pub struct Sent {
	pub block: Hash,
	pub ok: bool,
	pub fee: Balance,
	pub events: Vec<RuntimeEvent>,
}

impl Sent {
	/// Panics unless the transaction succeeded.
	pub fn expect_ok(self, what: &str) -> Self {
		assert!(self.ok, "{what} failed: {:?}", self.events);
		self
	}

	/// The module error the transaction failed with, as `(pallet index, error index)`.
	pub fn module_error(&self) -> Option<(u8, u8)> {
		self.events.iter().find_map(|e| match e {
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error: sp_runtime::DispatchError::Module(m),
				..
			}) => Some((m.index, m.error[0])),
			_ => None,
		})
	}
}
