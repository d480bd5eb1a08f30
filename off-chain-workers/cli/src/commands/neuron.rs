//! `merit register` and `merit serve`: a hotkey's place on a subnet and its axon.

use crate::{
	amount,
	commands::account::{ensure_transferable, planck},
	ctx::Ctx,
	wallet::Role,
};
use merit_client::{AccountId, Consent, RuntimeCall};
use pallet_merit_subnets::{AxonProtocol, IpAddress};
use serde_json::json;
use std::net::IpAddr;

/// How many blocks a hotkey's consent sent with a registration stays good.
const CONSENT_BLOCKS: u32 = 600;

#[derive(clap::Args)]
pub struct RegisterArgs {
	/// The subnet.
	#[arg(long)]
	netuid: u16,
}

#[derive(clap::Args)]
pub struct ServeArgs {
	/// The subnet.
	#[arg(long)]
	netuid: u16,
	/// The public address validators fetch from.
	#[arg(long)]
	ip: IpAddr,
	/// The port.
	#[arg(long)]
	port: u16,
	/// http or https.
	#[arg(long, value_enum, default_value = "http")]
	protocol: Protocol,
	/// The serving software's version.
	#[arg(long, default_value_t = 0)]
	version: u32,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Protocol {
	Http,
	Https,
}

/// The consent `hotkey` must give the first time a coldkey takes it: none if `coldkey` owns it
/// already or it is the coldkey itself; refused if another coldkey owns it. Signing it needs
/// the hotkey's secret.
pub async fn consent_if_needed(
	ctx: &Ctx,
	coldkey: &AccountId,
	hotkey: &AccountId,
) -> Result<Option<Consent>, String> {
	let client = ctx.client().await?;
	let owner: Option<AccountId> = client
		.runtime_api("SubnetsApi_hotkey_owner", hotkey, None)
		.await
		.map_err(|e| e.to_string())?;
	match owner {
		Some(owner) if &owner == coldkey => return Ok(None),
		Some(owner) => {
			return Err(format!(
				"hotkey {hotkey} belongs to coldkey {owner}: create a hotkey of your own \
				 (`merit wallet new-hotkey --hotkey <name>`)"
			))
		},
		None if hotkey == coldkey => return Ok(None),
		None => {},
	}
	let signer = ctx.signer(Role::Hotkey)?;
	if &signer.account() != hotkey {
		return Err("the hotkey to consent is not the wallet's hotkey".into());
	}
	let genesis = client.genesis().await.map_err(|e| e.to_string())?;
	let expires_at = client.best_number().await.map_err(|e| e.to_string())? + CONSENT_BLOCKS;
	Ok(Some(signer.consent(coldkey, &genesis, expires_at)))
}

pub async fn register(ctx: &Ctx, args: RegisterArgs) -> Result<(), String> {
	let netuid = args.netuid;
	let hotkey = ctx.account(Role::Hotkey)?;
	let coldkey = ctx.account(Role::Coldkey)?;
	let client = ctx.client().await?;
	let existing: Option<merit_client::chain::Neuron> =
		client.neuron_by_hotkey(netuid, &hotkey, None).await.map_err(|e| e.to_string())?;
	if let Some(neuron) = existing {
		merit_client::ensure_ours(&neuron.coldkey, &hotkey, &coldkey).map_err(|e| e.to_string())?;
		return Err(format!(
			"{hotkey} already holds UID {} on subnet {netuid}: `merit metagraph {netuid}` shows it",
			neuron.uid
		));
	}
	let costs = ctx.merit("merit_costs", vec![]).await?;
	let cost = costs["costs"]["subnets"]
		.as_array()
		.and_then(|all| all.iter().find(|c| c["netuid"] == json!(netuid)).cloned())
		.ok_or_else(|| format!("no subnet has netuid {netuid}: `merit subnet list` shows them"))?;
	if cost["registrationAllowed"] != json!(true) {
		return Err(format!("subnet {netuid} takes no registrations now"));
	}
	let (burn, bond) = (planck(&cost["burn"]), planck(&cost["bond"]));
	let summary = format!(
		"register hotkey {hotkey} on subnet {netuid}: burns {} and holds {} as its bond",
		amount::format(burn),
		amount::format(bond)
	);
	ensure_transferable(ctx, &coldkey, burn + bond, &summary).await?;
	let consent = consent_if_needed(ctx, &coldkey, &hotkey).await?;
	let signer = ctx.signer(Role::Coldkey)?;
	let call = RuntimeCall::Subnets(pallet_merit_subnets::Call::burned_register {
		netuid,
		hotkey: hotkey.clone(),
		consent,
	});
	let sent = ctx.send(call, &signer, &summary).await?;
	let uid = sent.find(|e| match e {
		merit_client::RuntimeEvent::Subnets(pallet_merit_subnets::Event::NeuronRegistered {
			uid,
			..
		}) => Some(*uid),
		_ => None,
	});
	let answer = sent.json(json!({
		"netuid": netuid, "uid": uid, "hotkey": hotkey.to_string(),
		"burn": amount::json(burn), "bond": amount::json(bond),
	}));
	ctx.out.answer(answer, || match uid {
		Some(uid) => {
			format!("{hotkey} holds UID {uid} on subnet {netuid} (block #{})", sent.number)
		},
		None => format!("registered in block #{}", sent.number),
	});
	Ok(())
}

pub async fn serve(ctx: &Ctx, args: ServeArgs) -> Result<(), String> {
	if args.port == 0 {
		return Err("port 0 cannot be served: give the port your model server listens on".into());
	}
	let ip = match args.ip {
		IpAddr::V4(v4) => IpAddress::V4(v4.octets()),
		IpAddr::V6(v6) => IpAddress::V6(v6.octets()),
	};
	let protocol = match args.protocol {
		Protocol::Http => AxonProtocol::Http,
		Protocol::Https => AxonProtocol::Https,
	};
	let hotkey = ctx.signer(Role::Hotkey)?;
	let netuid = args.netuid;
	let address = std::net::SocketAddr::new(args.ip, args.port);
	let summary = format!("announce {address} for hotkey {} on subnet {netuid}", hotkey.account());
	let call = RuntimeCall::Subnets(pallet_merit_subnets::Call::serve_axon {
		netuid,
		ip,
		port: args.port,
		protocol,
		version: args.version,
	});
	let sent = ctx.send(call, &hotkey, &summary).await?;
	ctx.out.answer(sent.json(json!({ "netuid": netuid, "axon": address.to_string() })), || {
		format!("{summary}: done in block #{}", sent.number)
	});
	Ok(())
}
