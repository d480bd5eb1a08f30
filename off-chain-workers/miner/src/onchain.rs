//! The miner's transactions: registering its hotkey, announcing its axon, committing then
//! revealing its model.

use merit_client::{chain, Client, Included, RuntimeCall, Signer};
use merit_primitives::NetUid;
use merit_runtime::Runtime;
use pallet_merit_subnets::{AxonProtocol, Call, IpAddress};
use std::{net::IpAddr, time::Duration};

/// How long a transaction may take to reach a block.
const INCLUSION: Duration = Duration::from_secs(60);

fn subnets(call: Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Subnets(call)
}

async fn send(
	client: &Client,
	call: RuntimeCall,
	signer: &Signer,
	what: &str,
) -> Result<Included, String> {
	let included = client
		.sign_and_submit(call, signer, INCLUSION)
		.await
		.and_then(|i| i.into_result(what))
		.map_err(|e| e.to_string())?;
	eprintln!("{what}: in block {:?}", included.block);
	Ok(included)
}

/// How many blocks the hotkey's consent sent with a registration stays good.
const CONSENT_BLOCKS: u32 = 600;

/// Registers `hotkey` on `netuid`, the burn paid by `coldkey` (with the hotkey's consent to
/// be owned by it); returns its UID. A hotkey already registered there to another coldkey is
/// an error: mining on it would earn for that coldkey.
pub async fn register(
	client: &Client,
	netuid: NetUid,
	coldkey: &Signer,
	hotkey: &Signer,
) -> Result<u16, String> {
	if let Some(neuron) =
		client.neuron_by_hotkey(netuid, &hotkey.account(), None).await.map_err(|e| e.to_string())?
	{
		merit_client::ensure_ours(&neuron.coldkey, &hotkey.account(), &coldkey.account())
			.map_err(|e| e.to_string())?;
		eprintln!(
			"register: {} already holds UID {} on subnet {netuid}",
			hotkey.account(),
			neuron.uid
		);
		return Ok(neuron.uid);
	}
	let genesis = client.genesis().await.map_err(|e| e.to_string())?;
	let expires_at = client.best_number().await.map_err(|e| e.to_string())? + CONSENT_BLOCKS;
	let consent = hotkey.consent(&coldkey.account(), &genesis, expires_at);
	let call =
		subnets(Call::burned_register { netuid, hotkey: hotkey.account(), consent: Some(consent) });
	let included = send(client, call, coldkey, "burned_register").await?;
	let neuron = client
		.neuron_by_hotkey(netuid, &hotkey.account(), Some(included.block))
		.await
		.map_err(|e| e.to_string())?
		.ok_or("registered, yet the neuron is not found")?;
	eprintln!("register: {} holds UID {} on subnet {netuid}", hotkey.account(), neuron.uid);
	Ok(neuron.uid)
}

/// Fails unless `hotkey` holds a UID on `netuid` registered to `coldkey`.
pub async fn ensure_registered_to(
	client: &Client,
	netuid: NetUid,
	hotkey: &Signer,
	coldkey: &merit_client::AccountId,
) -> Result<(), String> {
	let neuron = client
		.neuron_by_hotkey(netuid, &hotkey.account(), None)
		.await
		.map_err(|e| e.to_string())?
		.ok_or_else(|| format!("{} holds no UID on subnet {netuid}", hotkey.account()))?;
	merit_client::ensure_ours(&neuron.coldkey, &hotkey.account(), coldkey)
		.map_err(|e| e.to_string())
}

/// Announces where `hotkey` serves on `netuid`.
pub async fn announce(
	client: &Client,
	netuid: NetUid,
	hotkey: &Signer,
	ip: IpAddr,
	port: u16,
) -> Result<(), String> {
	let ip = match ip {
		IpAddr::V4(v4) => IpAddress::V4(v4.octets()),
		IpAddr::V6(v6) => IpAddress::V6(v6.octets()),
	};
	let version = env!("CARGO_PKG_VERSION_MAJOR").parse::<u32>().unwrap_or(0) * 1_000_000
		+ env!("CARGO_PKG_VERSION_MINOR").parse::<u32>().unwrap_or(0) * 1_000
		+ env!("CARGO_PKG_VERSION_PATCH").parse::<u32>().unwrap_or(0);
	let call =
		subnets(Call::serve_axon { netuid, ip, port, protocol: AxonProtocol::Http, version });
	send(client, call, hotkey, "serve_axon").await.map(|_| ())
}

/// Commits `file` on `netuid` as `hotkey`, then reveals it from a later block; returns the
/// model hash.
pub async fn commit(
	client: &Client,
	netuid: NetUid,
	hotkey: &Signer,
	file: &[u8],
) -> Result<[u8; 32], String> {
	let hash = chain::model_hash(file);
	let binding = chain::model_binding(&hash, &hotkey.account(), netuid);
	let size = u32::try_from(file.len()).map_err(|_| "the model file is above 4 GiB")?;
	let committed = send(
		client,
		subnets(Call::commit_model { netuid, binding, size_bytes: size }),
		hotkey,
		"commit_model",
	)
	.await?;
	// Submitted once the commit is in a block, the reveal lands in a later one, as required.
	let _ = committed;
	send(client, subnets(Call::reveal_model { netuid, model_hash: hash }), hotkey, "reveal_model")
		.await?;
	Ok(hash)
}
