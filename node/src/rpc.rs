//! The node's JSON-RPC methods beyond Substrate's built-in ones (system, chain, state,
//! author, which `sc-service` adds): Merit's own reads and subscriptions (`merit_*`, in the
//! `merit-rpc` crate), account nonces, fee estimates, GRANDPA's finality
//! (`grandpa_roundState`, `grandpa_proveFinality`, `grandpa_subscribeJustifications`), and
//! on development chains with manual sealing, `engine_createBlock` / `engine_finalizeBlock`.

use std::sync::Arc;

use futures::channel::mpsc;
use jsonrpsee::RpcModule;
use merit_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Hash, Nonce};
use sc_consensus_manual_seal::{
	rpc::{ManualSeal, ManualSealApiServer},
	EngineCommand,
};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What GRANDPA's RPC methods need.
pub struct GrandpaDeps<B> {
	/// The voter's state, for `grandpa_roundState`.
	pub shared_voter_state: sc_consensus_grandpa::SharedVoterState,
	/// The authority set, for `grandpa_roundState`.
	pub shared_authority_set: sc_consensus_grandpa::SharedAuthoritySet<Hash, BlockNumber>,
	/// Justifications as they are made, for `grandpa_subscribeJustifications`.
	pub justification_stream: sc_consensus_grandpa::GrandpaJustificationStream<Block>,
	/// Proves finality, for `grandpa_proveFinality`.
	pub finality_provider: Arc<sc_consensus_grandpa::FinalityProofProvider<B, Block>>,
}

// By hand: `derive` would ask for `B: Clone`, which the backend is not (it sits in an `Arc`).
impl<B> Clone for GrandpaDeps<B> {
	fn clone(&self) -> Self {
		Self {
			shared_voter_state: self.shared_voter_state.clone(),
			shared_authority_set: self.shared_authority_set.clone(),
			justification_stream: self.justification_stream.clone(),
			finality_provider: self.finality_provider.clone(),
		}
	}
}

/// What the RPC methods need.
pub struct FullDeps<C, P, B> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// Where `engine_*` commands go, when the node seals blocks by hand.
	pub manual_seal: Option<mpsc::Sender<EngineCommand<Hash>>>,
	/// GRANDPA's parts, when the node runs GRANDPA.
	pub grandpa: Option<GrandpaDeps<B>>,
	/// Runs subscriptions.
	pub subscription_executor: sc_rpc::SubscriptionTaskExecutor,
	/// The chain's token and address format, for `merit_*` answers.
	pub token: merit_rpc::json::Token,
	/// Where `merit_rpc_subscriptions` is reported.
	pub prometheus_registry: Option<substrate_prometheus_endpoint::Registry>,
}

/// The token and address format `merit_*` answers in: the chain spec's properties (what
/// wallets read too), else the runtime's constants.
pub fn token(properties: &sc_service::Properties) -> merit_rpc::json::Token {
	let number = |key: &str| properties.get(key).and_then(serde_json::Value::as_u64);
	merit_rpc::json::Token {
		symbol: properties
			.get("tokenSymbol")
			.and_then(serde_json::Value::as_str)
			.unwrap_or(merit_runtime::TOKEN_SYMBOL)
			.to_string(),
		decimals: number("tokenDecimals")
			.and_then(|d| u8::try_from(d).ok())
			.unwrap_or(merit_runtime::TOKEN_DECIMALS),
		ss58_prefix: number("ss58Format")
			.and_then(|p| u16::try_from(p).ok())
			.unwrap_or(merit_runtime::SS58_PREFIX),
	}
}

/// Builds the RPC module with Merit's extra methods.
pub fn create_full<C, P, B>(
	deps: FullDeps<C, P, B>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
	B::State: sc_client_api::StateBackend<sp_runtime::traits::HashingFor<Block>>,
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ sc_client_api::BlockchainEvents<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	C::Api: merit_rpc::MeritRuntimeApis<Block>,
	P: TransactionPool + 'static,
{
	use merit_rpc::{Merit, MeritApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps {
		client,
		pool,
		manual_seal,
		grandpa,
		subscription_executor,
		token,
		prometheus_registry,
	} = deps;

	let merit = Merit::new(
		client.clone(),
		token,
		subscription_executor.clone(),
		prometheus_registry.as_ref(),
	);
	module.merge(merit.into_rpc())?;
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client).into_rpc())?;
	if let Some(GrandpaDeps {
		shared_voter_state,
		shared_authority_set,
		justification_stream,
		finality_provider,
	}) = grandpa
	{
		use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
		module.merge(
			Grandpa::new(
				subscription_executor,
				shared_authority_set,
				shared_voter_state,
				justification_stream,
				finality_provider,
			)
			.into_rpc(),
		)?;
	}
	if let Some(commands) = manual_seal {
		module.merge(ManualSeal::new(commands).into_rpc())?;
	}

	Ok(module)
}
