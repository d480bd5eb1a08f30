//! The tests' view of a running node: Merit's chain client ([`merit_client::Client`]) with
//! panicking conveniences (a test fails loudly where a user would get an error), and the
//! waits and reads only tests need.

use crate::node::MeritNode;
use codec::{Decode, Encode};
use jsonrpsee::{core::params::ArrayParams, rpc_params};
pub use merit_client::EventRecord;
use merit_client::{Client, Error};
use merit_runtime::{AccountId, Balance, Hash, Nonce, Runtime, RuntimeCall, RuntimeEvent};
use serde_json::Value;
use sp_keyring::Sr25519Keyring;
use std::time::{Duration, Instant};

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
	/// The chain client every off-chain worker uses.
	pub client: Client,
}

/// Parses a `0x`-prefixed hex string.
pub fn from_hex(s: &str) -> Vec<u8> {
	merit_client::from_hex(s).unwrap_or_else(|e| panic!("bad hex {s}: {e}"))
}

pub use merit_client::to_hex;

/// Connects the chain client to `node`, retrying until its RPC server is up (or `timeout`
/// passes).
pub async fn client(node: &mut MeritNode, timeout: Duration) -> Client {
	let deadline = Instant::now() + timeout;
	loop {
		match Client::connect(&node.ws_url(), Duration::from_secs(5)).await {
			Ok(client) => return client,
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

/// Unwraps a client result, failing the test with the error.
fn must<T>(what: &str, result: Result<T, Error>) -> T {
	result.unwrap_or_else(|e| panic!("{what}: {e}"))
}

impl Rpc {
	/// Connects to `node`, retrying until its RPC server is up (or `timeout` passes).
	pub async fn connect(node: &mut MeritNode, timeout: Duration) -> Self {
		Self { client: client(node, timeout).await }
	}

	/// Connects to the node at `url` (one this test started elsewhere: a container),
	/// retrying until it answers (or `timeout` passes).
	pub async fn connect_url(url: &str, timeout: Duration) -> Self {
		Self::try_connect_url(url, timeout).await.unwrap_or_else(|e| panic!("{e}"))
	}

	/// [`Rpc::connect_url`], returning why it could not connect instead of failing the test
	/// (so the caller can add what it knows: a container's log).
	pub async fn try_connect_url(url: &str, timeout: Duration) -> Result<Self, String> {
		let deadline = Instant::now() + timeout;
		loop {
			match Client::connect(url, Duration::from_secs(5)).await {
				Ok(client) => return Ok(Self { client }),
				Err(e) if Instant::now() >= deadline => {
					return Err(format!("no RPC at {url} after {timeout:?}: {e}"))
				},
				Err(_) => tokio::time::sleep(Duration::from_millis(500)).await,
			}
		}
	}

	/// Calls `method` and returns its JSON result, or the node's error.
	pub async fn call(&self, method: &str, params: ArrayParams) -> Result<Value, String> {
		self.client.call(method, params).await.map_err(|e| e.to_string())
	}

	/// Calls `method`, panicking with the node's error if it fails.
	pub async fn ok(&self, method: &str, params: ArrayParams) -> Value {
		self.call(method, params).await.unwrap_or_else(|e| panic!("{method} failed: {e}"))
	}

	/// The block hash at `number`.
	pub async fn block_hash(&self, number: u32) -> Option<Hash> {
		must("block hash", self.client.block_hash(number).await)
	}

	/// The number of the block with `hash`.
	pub async fn block_number(&self, hash: Hash) -> u32 {
		must("block number", self.client.block_number(Some(hash)).await)
	}

	/// The best block's number.
	pub async fn best_number(&self) -> u32 {
		must("best block", self.client.best_number().await)
	}

	/// The finalized head and its number.
	pub async fn finalized(&self) -> (Hash, u32) {
		must("finalized head", self.client.finalized().await)
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
		must("storage", self.client.storage(key, at).await)
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
		must("events", self.client.events(at).await)
	}

	/// The hex-encoded extrinsics of block `at`.
	pub async fn block_extrinsics(&self, at: Hash) -> Vec<String> {
		must("block", self.client.block_extrinsics(at).await)
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
		must("nonce", self.client.nonce(who).await)
	}

	/// `hotkey`'s consent to be owned by `coldkey` on this chain, for its first registration.
	pub async fn consent(
		&self,
		hotkey: Sr25519Keyring,
		coldkey: Sr25519Keyring,
	) -> Option<merit_client::Consent> {
		let genesis = self.block_hash(0).await.expect("genesis exists");
		let message = pallet_merit_subnets::consent_message(
			genesis.as_ref(),
			&coldkey.to_account_id(),
			u32::MAX,
		);
		Some(merit_client::Consent {
			expires_at: u32::MAX,
			signature: hotkey.sign(&message).into(),
		})
	}

	/// Signs `call` as `signer` with its next nonce, for the runtime version the chain has now
	/// (as a wallet does: the call must encode the same in it), submits it and waits for its
	/// block through the chain client; returns what became of it.
	pub async fn send(&self, call: RuntimeCall, signer: Sr25519Keyring) -> Sent {
		let genesis = self.block_hash(0).await.expect("genesis exists");
		let nonce = self.nonce(&signer.to_account_id()).await;
		let version = must("runtime version", self.client.runtime_version().await);
		let extrinsic = crate::tx::signed_for(call, signer, nonce, genesis, version);
		// Instant sealing includes it at once; the bound is for a machine loaded by the tests
		// running beside this one (the Docker network among them).
		let included = self
			.client
			.submit_and_watch(&extrinsic, Duration::from_secs(120))
			.await
			.unwrap_or_else(|e| panic!("submission: {e}"));
		Sent {
			block: included.block,
			ok: included.ok(),
			fee: included.fee,
			events: included.events,
		}
	}

	/// Calls runtime API `method` (e.g. `SubnetsApi_subnet`) with SCALE-encoded `args` at block
	/// `at` (or the best block) through `state_call`, and decodes the answer.
	pub async fn runtime_api<R: Decode>(
		&self,
		method: &str,
		args: impl Encode,
		at: Option<Hash>,
	) -> R {
		must(method, self.client.runtime_api(method, args, at).await)
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
