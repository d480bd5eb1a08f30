//! `merit slashes`: the slashes scheduled on a subnet (or on every subnet), which apply at
//! their epoch unless governance cancels them on the slash-canceller track.

use crate::{amount, ctx::Ctx};
use codec::Decode;
use frame_support::storage::StoragePrefixedMap;
use merit_client::{AccountId, Balance, Client};
use merit_primitives::SlashReason;
use merit_runtime::Runtime;
use pallet_merit_slashing::DeferredSlash;
use serde_json::{json, Value};

#[derive(clap::Args)]
pub struct SlashesArgs {
	/// The subnet; every subnet if left out.
	#[arg(long)]
	netuid: Option<u16>,
}

/// The most pending slashes read per subnet.
const PAGE: u32 = 1_000;

fn reason(reason: &SlashReason) -> &'static str {
	match reason {
		SlashReason::LowValidatorTrust => "low validator trust",
		SlashReason::CopiedModel => "copied model",
		SlashReason::UnavailableModel => "unavailable model",
		SlashReason::DisputedWeights => "disputed weights",
	}
}

/// The pending slashes on `netuid`, as JSON, by id.
pub async fn pending(client: &Client, netuid: u16) -> Result<Vec<Value>, String> {
	// DeferredSlashes: Twox64Concat(netuid), Twox64Concat(slash id).
	let prefix = pallet_merit_slashing::DeferredSlashes::<Runtime>::final_prefix();
	let netuid_part =
		[sp_io::hashing::twox_64(&netuid.to_le_bytes()).as_slice(), &netuid.to_le_bytes()].concat();
	let prefix = [prefix.as_slice(), &netuid_part].concat();
	let params =
		jsonrpsee::rpc_params![merit_client::to_hex(&prefix), PAGE, Option::<String>::None];
	let keys = client.call("state_getKeysPaged", params).await.map_err(|e| e.to_string())?;
	let mut slashes = Vec::new();
	for key in keys.as_array().into_iter().flatten().filter_map(Value::as_str) {
		let key = merit_client::from_hex(key).map_err(|e| e.to_string())?;
		let Some(bytes) = client.storage(&key, None).await.map_err(|e| e.to_string())? else {
			continue;
		};
		let slash = DeferredSlash::<AccountId, Balance>::decode(&mut &bytes[..])
			.map_err(|e| format!("a pending slash does not decode: {e}"))?;
		let id = key
			.len()
			.checked_sub(4)
			.and_then(|at| key.get(at..))
			.and_then(|raw| u32::decode(&mut &raw[..]).ok());
		slashes.push(json!({
			"netuid": netuid,
			"id": id,
			"offender": slash.offender.to_string(),
			"reason": reason(&slash.reason),
			"fraction": f64::from(slash.fraction.deconstruct()) / 1e9,
			"applyEpoch": slash.apply_epoch,
			"atRisk": amount::json(slash.at_risk),
		}));
	}
	Ok(slashes)
}

/// The netuids of every subnet.
pub async fn netuids(ctx: &Ctx) -> Result<Vec<u16>, String> {
	let reply = ctx.merit("merit_subnets", vec![]).await?;
	Ok(reply["subnets"]
		.as_array()
		.into_iter()
		.flatten()
		.filter_map(|s| s["netuid"].as_u64().and_then(|n| u16::try_from(n).ok()))
		.collect())
}

pub async fn run(ctx: &Ctx, args: SlashesArgs) -> Result<(), String> {
	let netuids = match args.netuid {
		Some(netuid) => {
			ctx.merit("merit_subnet", vec![json!(netuid)]).await?;
			vec![netuid]
		},
		None => netuids(ctx).await?,
	};
	let client = ctx.client().await?;
	let mut all = Vec::new();
	for netuid in netuids {
		all.extend(pending(client, netuid).await?);
	}
	ctx.out.answer(json!({ "slashes": all }), || {
		if all.is_empty() {
			return "no slashes are pending".into();
		}
		all.iter()
			.map(|s| {
				format!(
					"subnet {} slash {}: {} of {} for {}, applies in epoch {} ({} at risk)",
					s["netuid"],
					s["id"],
					s["fraction"],
					s["offender"].as_str().unwrap_or("?"),
					s["reason"].as_str().unwrap_or("?"),
					s["applyEpoch"],
					amount::format(crate::commands::account::planck(&s["atRisk"])),
				)
			})
			.collect::<Vec<_>>()
			.join("\n")
	});
	Ok(())
}
