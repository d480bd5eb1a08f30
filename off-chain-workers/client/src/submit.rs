//! Submitting a signed extrinsic and following it to its block.

use crate::{
	extrinsic, rpc::json_str, to_hex, Balance, Client, Error, Hash, RuntimeCall, RuntimeEvent,
	Signer,
};
use jsonrpsee::{core::client::SubscriptionClientT, rpc_params};
use merit_runtime::RuntimeError;
use sp_runtime::DispatchError;
use std::time::Duration;

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
				if let Some(block) = status.get("inBlock").or_else(|| status.get("finalized")) {
					return json_str(block, "inBlock hash").and_then(crate::rpc::parse_hash);
				}
				// Statuses that end the watch without inclusion.
				let ended = ["usurped", "dropped", "invalid", "finalityTimeout"]
					.iter()
					.find(|s| status.as_str() == Some(**s) || status.get(**s).is_some());
				if let Some(how) = ended {
					return Err(Error::NotIncluded(format!("{how}: {status}")));
				}
			}
		})
		.await
		.map_err(|_| Error::Timeout(format!("extrinsic not in a block after {timeout:?}")))??;
		let _ = watch.unsubscribe().await;
		self.included(block, &hex).await
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
