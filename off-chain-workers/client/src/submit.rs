//! Submitting a signed extrinsic and following it to its block.

use crate::{
	extrinsic, rpc::json_str, to_hex, Balance, Client, Error, Hash, RuntimeCall, RuntimeEvent,
	Signer,
};
use jsonrpsee::{core::client::SubscriptionClientT, rpc_params};
use merit_runtime::RuntimeError;
use sp_runtime::DispatchError;
use std::time::Duration;

/// How far [`Client::submit_and_follow`] follows a transaction.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Wait {
	/// Until a block includes it.
	InBlock,
	/// Until that block is finalized.
	Finalized,
}

/// A step of a transaction on its way into the chain.
#[derive(Clone, Copy, Debug)]
pub enum TxStep {
	/// News from the pool: ready, waiting for its nonce, broadcast, retracted.
	Pool(&'static str),
	/// Included in this block.
	InBlock(Hash),
	/// That block is final.
	Finalized(Hash),
}

/// What became of an included extrinsic.
#[derive(Debug)]
pub struct Included {
	/// The block that included it.
	pub block: Hash,
	/// Its index in that block.
	pub index: u32,
	/// Its events, in order.
	pub events: Vec<RuntimeEvent>,
	/// The fee its signer paid.
	pub fee: Balance,
	/// Why it failed, if it did.
	pub error: Option<DispatchError>,
}

impl Included {
	/// Whether the call succeeded.
	pub fn ok(&self) -> bool {
		self.error.is_none()
	}

	/// The failure, readable: the pallet's error name for a module error (`Subnets(
	/// NotRegistered)`), the dispatch error otherwise. `None` if it succeeded.
	pub fn describe_error(&self) -> Option<String> {
		let error = self.error?;
		Some(match RuntimeError::from_dispatch_error(error) {
			Some(named) => format!("{named:?}"),
			None => format!("{error:?}"),
		})
	}

	/// `Ok(self)` if the call succeeded, else [`Error::Refused`] naming what failed.
	pub fn into_result(self, what: &str) -> Result<Self, Error> {
		match self.describe_error() {
			None => Ok(self),
			Some(error) => Err(Error::Refused(format!("{what}: {error}"))),
		}
	}
}

impl Client {
	/// Signs `call` with `signer`'s next nonce, submits it, and waits (at most `timeout`) for
	/// the block that includes it; returns what became of it. Refuses to sign for a runtime
	/// other than the client's ([`Client::check_runtime`]).
	pub async fn sign_and_submit(
		&self,
		call: RuntimeCall,
		signer: &Signer,
		timeout: Duration,
	) -> Result<Included, Error> {
		self.check_runtime().await?;
		let genesis = self.genesis().await?;
		let nonce = self.nonce(&signer.account()).await?;
		let extrinsic = extrinsic::signed(call, signer.pair(), nonce, genesis);
		self.submit_and_watch(&extrinsic, timeout).await
	}

	/// Submits an encoded extrinsic with `author_submitAndWatchExtrinsic` and waits (at most
	/// `timeout`) for it to be in a block; returns what became of it.
	pub async fn submit_and_watch(
		&self,
		extrinsic: &[u8],
		timeout: Duration,
	) -> Result<Included, Error> {
		self.submit_and_follow(extrinsic, timeout, Wait::InBlock, &mut |_| {}).await
	}

	/// Submits an encoded extrinsic and follows it (at most `timeout`) into a block, and with
	/// [`Wait::Finalized`] until that block is final, telling `on_step` each step; returns what
	/// became of it, read from the block it ended in.
	pub async fn submit_and_follow(
		&self,
		extrinsic: &[u8],
		timeout: Duration,
		wait: Wait,
		on_step: &mut (dyn FnMut(TxStep) + Send),
	) -> Result<Included, Error> {
		let hex = to_hex(extrinsic);
		let method = "author_submitAndWatchExtrinsic";
		let mut watch = self
			.ws
			.subscribe::<serde_json::Value, _>(method, rpc_params![&hex], "author_unwatchExtrinsic")
			.await
			.map_err(|e| Error::Refused(e.to_string()))?;
		let block = tokio::time::timeout(timeout, async {
			loop {
				let status = match watch.next().await {
					Some(Ok(status)) => status,
					Some(Err(e)) => return Err(Error::decode("transaction status", e)),
					None => return Err(Error::NotIncluded("watch ended by the node".into())),
				};
				let hash = |key: &str| {
					status.get(key).map(|b| json_str(b, key).and_then(crate::rpc::parse_hash))
				};
				if let Some(block) = hash("finalized") {
					let block = block?;
					on_step(TxStep::Finalized(block));
					return Ok(block);
				}
				if let Some(block) = hash("inBlock") {
					let block = block?;
					on_step(TxStep::InBlock(block));
					if wait == Wait::InBlock {
						return Ok(block);
					}
					continue;
				}
				if status.get("retracted").is_some() {
					on_step(TxStep::Pool("retracted: its block left the best chain"));
					continue;
				}
				// Statuses that end the watch without inclusion.
				let ended = ["usurped", "dropped", "invalid", "finalityTimeout"]
					.iter()
					.find(|s| status.as_str() == Some(**s) || status.get(**s).is_some());
				if let Some(how) = ended {
					return Err(Error::NotIncluded(format!("{how}: {status}")));
				}
				match status.as_str() {
					Some("ready") => on_step(TxStep::Pool("ready in the pool")),
					Some("future") => on_step(TxStep::Pool("waiting in the pool for its nonce")),
					_ if status.get("broadcast").is_some() => {
						on_step(TxStep::Pool("broadcast to peers"))
					},
					_ => {},
				}
			}
		})
		.await
		.map_err(|_| {
			let until = match wait {
				Wait::InBlock => "in a block",
				Wait::Finalized => "finalized",
			};
			Error::Timeout(format!("extrinsic not {until} after {timeout:?}"))
		})??;
		let _ = watch.unsubscribe().await;
		self.included(block, &hex).await
	}

	/// The fee the chain would charge for `extrinsic` now (`payment_queryInfo`).
	pub async fn fee_estimate(&self, extrinsic: &[u8]) -> Result<Balance, Error> {
		let info = self.call("payment_queryInfo", rpc_params![to_hex(extrinsic)]).await?;
		let fee = &info["partialFee"];
		fee.as_str()
			.and_then(|s| s.parse().ok())
			.or_else(|| fee.as_u64().map(Balance::from))
			.ok_or_else(|| Error::decode("payment_queryInfo", format!("no partialFee in {info}")))
	}

	/// Reads what became of the extrinsic `hex` in `block`.
	async fn included(&self, block: Hash, hex: &str) -> Result<Included, Error> {
		let index = self
			.block_extrinsics(block)
			.await?
			.iter()
			.position(|x| x == hex)
			.and_then(|i| u32::try_from(i).ok())
			.ok_or_else(|| Error::NotIncluded(format!("not found in block {block:?}")))?;
		let mine =
			|phase: &frame_system::Phase| *phase == frame_system::Phase::ApplyExtrinsic(index);
		let events: Vec<RuntimeEvent> = self
			.events(block)
			.await?
			.into_iter()
			.filter(|r| mine(&r.phase))
			.map(|r| r.event)
			.collect();
		let mut error = None;
		let mut fee = 0;
		for event in &events {
			match event {
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
					dispatch_error,
					..
				}) => error = Some(*dispatch_error),
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
				) => fee = *actual_fee,
				_ => {},
			}
		}
		Ok(Included { block, index, events, fee, error })
	}
}
