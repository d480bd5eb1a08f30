//! `merit slashes`: the slashes scheduled on a subnet (or on every subnet), which apply at
//! their epoch unless governance cancels them on the slash-canceller track, and the slashes of
//! stake being applied, a page of stakers a block, with the stake on their hotkeys frozen.

use crate::{amount, ctx::Ctx};
use codec::Decode;
use frame_support::storage::StoragePrefixedMap;
use merit_client::{AccountId, Balance, Client};
use merit_primitives::SlashReason;
use merit_runtime::Runtime;
use pallet_merit_slashing::{ApplyingSlash, DeferredSlash};
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

/// The slashes of stake being applied (on `netuid`, or on every subnet), as JSON, oldest first:
/// each block slashes a page of the first one's stakers.
pub async fn applying(client: &Client, netuid: Option<u16>) -> Result<Vec<Value>, String> {
	let key = pallet_merit_slashing::Applying::<Runtime>::hashed_key();
	let Some(bytes) = client.storage(&key, None).await.map_err(|e| e.to_string())? else {
		return Ok(Vec::new());
	};
	let queue = Vec::<ApplyingSlash<AccountId, Balance>>::decode(&mut &bytes[..])
		.map_err(|e| format!("the slashes being applied do not decode: {e}"))?;
	Ok(queue
		.into_iter()
		.filter(|slash| netuid.is_none_or(|n| n == slash.netuid))
		.map(|slash| {
			json!({
				"netuid": slash.netuid,
				"id": slash.id,
				"offender": slash.offender.to_string(),
				"reason": reason(&slash.reason),
				"fraction": f64::from(slash.fraction.deconstruct()) / 1e9,
				"stakersSlashed": slash.stakers,
				"taken": amount::json(slash.taken),
			})
		})
		.collect())
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
	let being_applied = applying(client, args.netuid).await?;
	ctx.out.answer(json!({ "slashes": all, "applying": being_applied }), || {
		let mut lines: Vec<String> = all
			.iter()
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
			.collect();
		if lines.is_empty() {
			lines.push("no slashes are pending".into());
		}
		lines.extend(being_applied.iter().map(|s| {
			format!(
				"subnet {} slash {}: being applied, {} of the stake behind {} for {} \
				 ({} stakers slashed so far, {} taken; stake on it cannot move until it ends)",
				s["netuid"],
				s["id"],
				s["fraction"],
				s["offender"].as_str().unwrap_or("?"),
				s["reason"].as_str().unwrap_or("?"),
				s["stakersSlashed"],
				amount::format(crate::commands::account::planck(&s["taken"])),
			)
		}));
		lines.join("\n")
	});
	Ok(())
}
