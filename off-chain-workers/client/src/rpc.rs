//! The JSON-RPC connection and the standard reads every client makes.

use crate::{Error, Hash, Nonce, RuntimeEvent};
use codec::{Decode, Encode};
use jsonrpsee::{
	core::{
		client::{ClientT, Subscription, SubscriptionClientT},
		params::ArrayParams,
	},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use merit_runtime::{AccountId, VERSION};
use serde_json::Value;
use std::time::Duration;

/// An event as `System::Events` stores it.
pub type EventRecord = frame_system::EventRecord<RuntimeEvent, Hash>;

/// Parses a `0x`-prefixed hex string.
pub fn from_hex(s: &str) -> Result<Vec<u8>, Error> {
	hex::decode(s.trim_start_matches("0x")).map_err(|e| Error::decode("hex", e))
}

/// `0x`-prefixed hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// A connection to a Merit node's RPC server.
pub struct Client {
	pub(crate) ws: WsClient,
	url: String,
}

/// A JSON string field, or a decode error naming it.
pub(crate) fn json_str<'a>(v: &'a Value, what: &str) -> Result<&'a str, Error> {
	v.as_str().ok_or_else(|| Error::decode(what, format!("expected a string, got {v}")))
}

pub(crate) fn parse_hash(s: &str) -> Result<Hash, Error> {
	let bytes = from_hex(s)?;
	if bytes.len() != 32 {
		return Err(Error::decode("block hash", format!("{} bytes", bytes.len())));
	}
	Ok(Hash::from_slice(&bytes))
}

impl Client {
	/// Connects to `url` (`ws://host:port`), waiting at most `timeout` for the handshake.
	pub async fn connect(url: &str, timeout: Duration) -> Result<Self, Error> {
		let ws = WsClientBuilder::default()
			.connection_timeout(timeout)
			.request_timeout(Duration::from_secs(60))
			.max_response_size(64 * 1024 * 1024)
			.build(url)
			.await
			.map_err(|e| Error::rpc("connect", format!("{url}: {e}")))?;
		Ok(Self { ws, url: url.to_string() })
	}

	/// The URL this client is connected to.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// Calls `method` and returns its JSON result.
	pub async fn call(&self, method: &str, params: ArrayParams) -> Result<Value, Error> {
		self.ws.request::<Value, _>(method, params).await.map_err(|e| Error::rpc(method, e))
	}

	/// Subscribes to `method` (e.g. `merit_subscribeEpochs`), ended with `unsubscribe`.
	pub async fn subscribe(
		&self,
		method: &str,
		params: ArrayParams,
		unsubscribe: &str,
	) -> Result<Subscription<Value>, Error> {
		self.ws.subscribe(method, params, unsubscribe).await.map_err(|e| Error::rpc(method, e))
	}

	/// The hash of block `number`, if the node has it.
	pub async fn block_hash(&self, number: u32) -> Result<Option<Hash>, Error> {
		let v = self.call("chain_getBlockHash", rpc_params![number]).await?;
		if v.is_null() {
			return Ok(None);
		}
		parse_hash(json_str(&v, "block hash")?).map(Some)
	}

	/// The genesis hash.
	pub async fn genesis(&self) -> Result<Hash, Error> {
		self.block_hash(0).await?.ok_or_else(|| Error::decode("genesis", "the node has no block 0"))
	}

	/// The number of block `at` (or of the best block).
	pub async fn block_number(&self, at: Option<Hash>) -> Result<u32, Error> {
		let header = self.call("chain_getHeader", rpc_params![at]).await?;
		let number = json_str(&header["number"], "header number")?;
		u32::from_str_radix(number.trim_start_matches("0x"), 16)
			.map_err(|e| Error::decode("header number", e))
	}

	/// The best block's number.
	pub async fn best_number(&self) -> Result<u32, Error> {
		self.block_number(None).await
	}

	/// The finalized head and its number.
	pub async fn finalized(&self) -> Result<(Hash, u32), Error> {
		let v = self.call("chain_getFinalizedHead", rpc_params![]).await?;
		let head = parse_hash(json_str(&v, "finalized head")?)?;
		Ok((head, self.block_number(Some(head)).await?))
	}

	/// The hex-encoded extrinsics of block `at`.
	pub async fn block_extrinsics(&self, at: Hash) -> Result<Vec<String>, Error> {
		let block = self.call("chain_getBlock", rpc_params![at]).await?;
		let list = block["block"]["extrinsics"]
			.as_array()
			.ok_or_else(|| Error::decode("block", "no extrinsics list"))?;
		list.iter().map(|x| json_str(x, "extrinsic").map(str::to_string)).collect()
	}

	/// Raw storage at `key`, at block `at` (or the best block).
	pub async fn storage(&self, key: &[u8], at: Option<Hash>) -> Result<Option<Vec<u8>>, Error> {
		let v = self.call("state_getStorage", rpc_params![to_hex(key), at]).await?;
		if v.is_null() {
			return Ok(None);
		}
		from_hex(json_str(&v, "storage value")?).map(Some)
	}

	/// The events of block `at`.
	pub async fn events(&self, at: Hash) -> Result<Vec<EventRecord>, Error> {
		// `System::Events` is a plain value: its key is twox128(pallet) ++ twox128(item).
		let key =
			[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat();
		match self.storage(&key, Some(at)).await? {
			Some(bytes) => Vec::<EventRecord>::decode(&mut &bytes[..])
				.map_err(|e| Error::decode("System::Events", e)),
			None => Ok(Vec::new()),
		}
	}

	/// Calls runtime API `method` (e.g. `SubnetsApi_subnet`) with SCALE-encoded `args` at block
	/// `at` (or the best block) and decodes the answer.
	pub async fn runtime_api<R: Decode>(
		&self,
		method: &str,
		args: impl Encode,
		at: Option<Hash>,
	) -> Result<R, Error> {
		let v = self.call("state_call", rpc_params![method, to_hex(&args.encode()), at]).await?;
		let bytes = from_hex(json_str(&v, method)?)?;
		R::decode(&mut &bytes[..]).map_err(|e| Error::decode(method, e))
	}

	/// `who`'s next nonce, counting what waits in the pool.
	pub async fn nonce(&self, who: &AccountId) -> Result<Nonce, Error> {
		let v = self.call("system_accountNextIndex", rpc_params![who.to_string()]).await?;
		v.as_u64()
			.and_then(|n| Nonce::try_from(n).ok())
			.ok_or_else(|| Error::decode("nonce", format!("{v}")))
	}

	/// The chain's `(spec_version, transaction_version)` at the best block.
	pub async fn runtime_version(&self) -> Result<(u32, u32), Error> {
		let v = self.call("state_getRuntimeVersion", rpc_params![]).await?;
		let field = |name: &str| {
			v[name]
				.as_u64()
				.and_then(|n| u32::try_from(n).ok())
				.ok_or_else(|| Error::decode("runtime version", format!("no {name} in {v}")))
		};
		Ok((field("specVersion")?, field("transactionVersion")?))
	}

	/// Refuses a chain whose runtime differs from the one this client was built with (its
	/// calls and types would not match).
	pub async fn check_runtime(&self) -> Result<(), Error> {
		let (spec, _) = self.runtime_version().await?;
		if spec != VERSION.spec_version {
			return Err(Error::RuntimeMismatch { chain: spec, client: VERSION.spec_version });
		}
		Ok(())
	}
}
