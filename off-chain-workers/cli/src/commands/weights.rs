//! `merit weights`: a validator's weights by hand, set directly or committed and later
//! revealed (the salt and weights of a commit are kept in the wallet's `commits/` directory
//! until revealed), and the weights a UID last set.
//!
//! Weights set by hand claim that the UIDs weighted were the files obtained in the current
//! round (their basis): a dispute re-runs that round, so weights unlike the round's scores
//! can be slashed. The validator's off-chain worker sets weights from real scores.

use crate::{
	amount,
	commands::{account::planck, stake::permit_shortfall},
	ctx::Ctx,
	wallet::Role,
};
use clap::Subcommand;
use merit_client::{chain, AccountId, RuntimeCall, Signer};
use merit_primitives::round::{FetchedSet, WeightsBasis};
use rand::RngCore;
use serde_json::{json, Value};

#[derive(Subcommand)]
pub enum WeightsCommand {
	/// Set weights on a subnet without commit-reveal: `1=0.7,2=0.3` (any scale).
	Set(WeightArgs),
	/// Commit weights on a subnet with commit-reveal; `merit weights reveal` reveals them
	/// `revealPeriod` epochs later.
	Commit(WeightArgs),
	/// Reveal the wallet's commits on a subnet whose reveal epoch is now.
	Reveal {
		#[arg(long)]
		netuid: u16,
	},
	/// The weights the validator at a UID last set or revealed.
	Show {
		#[arg(long)]
		netuid: u16,
		#[arg(long)]
		uid: u16,
	},
}

#[derive(clap::Args)]
pub struct WeightArgs {
	#[arg(long)]
	netuid: u16,
	/// `uid=weight` pairs, comma separated.
	weights: String,
	/// The weights version key (default: the subnet's current one).
	#[arg(long)]
	version_key: Option<u64>,
}

/// Parses `1=0.7,2=0.3` into UIDs and weights scaled so the largest is 65,535.
pub fn parse_weights(text: &str) -> Result<(Vec<u16>, Vec<u16>), String> {
	let mut pairs: Vec<(u16, f64)> = Vec::new();
	for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
		let (uid, weight) =
			part.split_once('=').ok_or_else(|| format!("{part:?} is not `uid=weight`"))?;
		let uid: u16 = uid.trim().parse().map_err(|_| format!("{uid:?} is not a UID"))?;
		let weight: f64 =
			weight
				.trim()
				.parse()
				.ok()
				.filter(|w: &f64| w.is_finite() && *w >= 0.0)
				.ok_or_else(|| format!("{weight:?} is not a weight (a number, 0 or more)"))?;
		if pairs.iter().any(|(u, _)| *u == uid) {
			return Err(format!("UID {uid} is given twice"));
		}
		pairs.push((uid, weight));
	}
	let max = pairs.iter().map(|(_, w)| *w).fold(0.0, f64::max);
	if max <= 0.0 {
		return Err("no weight above zero: give at least one `uid=weight` with weight > 0".into());
	}
	Ok(pairs.iter().map(|(uid, w)| (*uid, (w / max * f64::from(u16::MAX)).round() as u16)).unzip())
}

/// The subnet's state a validator's weights depend on.
struct Standing {
	epoch: u32,
	commit_reveal: bool,
	reveal_period: u32,
	version_key: u64,
}

/// Checks the hotkey may weight on `netuid` now: registered, holding a permit (else how much
/// more stake one needs); returns the subnet's epoch and settings.
async fn standing(ctx: &Ctx, netuid: u16, hotkey: &AccountId) -> Result<Standing, String> {
	let subnet = ctx.merit("merit_subnet", vec![json!(netuid)]).await?;
	let params = &subnet["subnet"]["hyperparams"];
	let graph = ctx
		.merit(
			"merit_metagraph",
			vec![json!(netuid), json!(["hotkey", "stake", "validatorPermit"])],
		)
		.await?;
	let rows = graph["metagraph"]["rows"].as_array().cloned().unwrap_or_default();
	let me = rows.iter().find(|r| r["hotkey"] == json!(hotkey.to_string())).ok_or_else(|| {
		format!(
			"hotkey {hotkey} holds no UID on subnet {netuid}: register it first \
			 (`merit register --netuid {netuid}`)"
		)
	})?;
	if me["validatorPermit"] != json!(true) {
		let uid = me["uid"].as_u64().unwrap_or(u64::MAX);
		let max = params["maxValidators"].as_u64().unwrap_or(0) as usize;
		let short = permit_shortfall(&rows, uid, max, planck(&params["minValidatorStake"]));
		return Err(format!(
			"hotkey {hotkey} (UID {uid}) holds no validator permit on subnet {netuid}: stake {} \
			 more (`merit stake add {}`) for one at the next epoch",
			amount::format(short),
			amount::format_number(short),
		));
	}
	let epoch = ctx.merit("merit_epoch", vec![json!(netuid)]).await?;
	Ok(Standing {
		epoch: epoch["epoch"]["epoch"].as_u64().unwrap_or(0) as u32,
		commit_reveal: params["commitReveal"] == json!(true),
		reveal_period: params["revealPeriod"].as_u64().unwrap_or(0) as u32,
		version_key: params["weightsVersionKey"].as_u64().unwrap_or(0),
	})
}

fn bounded(v: Vec<u16>) -> Result<pallet_merit_consensus::UidVec, String> {
	v.try_into().map_err(|_| "more weights than a subnet has UIDs".to_string())
}

fn basis(round: u32, uids: &[u16], weights: &[u16]) -> WeightsBasis {
	let weighted = uids.iter().zip(weights).filter(|(_, w)| **w > 0).map(|(u, _)| *u);
	WeightsBasis { round, fetched: FetchedSet::of(weighted) }
}

pub async fn run(ctx: &Ctx, command: WeightsCommand) -> Result<(), String> {
	match command {
		WeightsCommand::Set(args) => {
			let (uids, weights) = parse_weights(&args.weights)?;
			let hotkey = ctx.signer(Role::Hotkey)?;
			let s = standing(ctx, args.netuid, &hotkey.account()).await?;
			if s.commit_reveal {
				return Err(format!(
					"subnet {} uses commit-reveal: `merit weights commit`, then `merit weights \
					 reveal`",
					args.netuid
				));
			}
			let summary = format!("set {} weights on subnet {}", uids.len(), args.netuid);
			let call = RuntimeCall::Consensus(pallet_merit_consensus::Call::set_weights {
				netuid: args.netuid,
				basis: basis(s.epoch, &uids, &weights),
				uids: bounded(uids.clone())?,
				weights: bounded(weights.clone())?,
				version_key: args.version_key.unwrap_or(s.version_key),
			});
			let sent = ctx.send(call, &hotkey, &summary).await?;
			let answer = sent.json(
				json!({ "netuid": args.netuid, "round": s.epoch, "uids": uids, "weights": weights }),
			);
			ctx.out.answer(answer, || format!("{summary}: done in block #{}", sent.number));
			Ok(())
		},
		WeightsCommand::Commit(args) => commit(ctx, args).await,
		WeightsCommand::Reveal { netuid } => reveal(ctx, netuid).await,
		WeightsCommand::Show { netuid, uid } => {
			let reply = ctx.merit("merit_weights", vec![json!(netuid), json!(uid)]).await?;
			let w = reply["weights"].clone();
			ctx.out.answer(json!({ "at": reply["at"], "weights": w }), || {
				let list = w["weights"].as_array().cloned().unwrap_or_default();
				if list.is_empty() {
					return format!("UID {uid} on subnet {netuid} has set no weights");
				}
				let mut text = format!(
					"UID {uid} ({}) on subnet {netuid}:",
					w["hotkey"].as_str().unwrap_or("?")
				);
				for x in list {
					text.push_str(&format!(
						"\n  UID {:>5}  {:>6.2}%",
						x["uid"],
						x["share"].as_f64().unwrap_or(0.0) * 100.0
					));
				}
				text
			});
			Ok(())
		},
	}
}

/// Where the wallet keeps its unrevealed commits on `netuid`.
fn commits_path(ctx: &Ctx, netuid: u16) -> Result<std::path::PathBuf, String> {
	let hotkey_file = ctx.wallets.path(&ctx.keys.wallet, Role::Hotkey, &ctx.keys.hotkey)?;
	let wallet_dir =
		hotkey_file.parent().and_then(|p| p.parent()).ok_or("the wallet has no directory")?;
	let name = ctx.account(Role::Hotkey)?.to_string();
	Ok(wallet_dir.join("commits").join(format!("{netuid}-{name}.json")))
}

fn read_commits(path: &std::path::Path) -> Result<Vec<Value>, String> {
	match std::fs::read_to_string(path) {
		Ok(text) => serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
		Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
		Err(e) => Err(format!("cannot read {}: {e}", path.display())),
	}
}

fn write_commits(path: &std::path::Path, commits: &[Value]) -> Result<(), String> {
	let text = serde_json::to_string_pretty(commits).map_err(|e| e.to_string())?;
	// Owner-only: the salts would let anyone who reads them see the weights before the reveal.
	// All or nothing: a half-written file would lose every kept salt.
	crate::wallet::write_private(path, text.as_bytes(), true).map_err(|e| match e {
		crate::wallet::PrivateWrite::Exists => format!("cannot replace {}", path.display()),
		crate::wallet::PrivateWrite::Failed(e) => e,
	})
}

fn u16s(v: &Value) -> Vec<u16> {
	v.as_array()
		.map(|a| a.iter().filter_map(|x| x.as_u64().and_then(|n| u16::try_from(n).ok())).collect())
		.unwrap_or_default()
}

async fn commit(ctx: &Ctx, args: WeightArgs) -> Result<(), String> {
	let (uids, weights) = parse_weights(&args.weights)?;
	let hotkey = ctx.signer(Role::Hotkey)?;
	let s = standing(ctx, args.netuid, &hotkey.account()).await?;
	if !s.commit_reveal {
		return Err(format!(
			"subnet {} does not use commit-reveal: `merit weights set` sets weights directly",
			args.netuid
		));
	}
	let mut salt = [0u8; 32];
	rand::rngs::OsRng.fill_bytes(&mut salt);
	let version_key = args.version_key.unwrap_or(s.version_key);
	let b = basis(s.epoch, &uids, &weights);
	let hash = chain::weights_hash(
		&hotkey.account(),
		args.netuid,
		&uids,
		&weights,
		&b,
		&salt,
		version_key,
	);
	let reveal_epoch = s.epoch + s.reveal_period;
	// Kept before sending: a commit whose salt were lost could never be revealed.
	let path = commits_path(ctx, args.netuid)?;
	let mut saved = read_commits(&path)?;
	let record = json!({
		"hash": merit_client::to_hex(&hash), "round": s.epoch, "revealEpoch": reveal_epoch,
		"uids": uids, "weights": weights, "salt": merit_client::to_hex(&salt),
		"versionKey": version_key,
	});
	saved.push(record.clone());
	write_commits(&path, &saved)?;
	let summary = format!(
		"commit {} weights on subnet {} (revealed in epoch {reveal_epoch})",
		uids.len(),
		args.netuid
	);
	let call = RuntimeCall::Consensus(pallet_merit_consensus::Call::commit_weights {
		netuid: args.netuid,
		commit_hash: hash,
	});
	// The salt stays kept even if sending fails: the commit may be in a block already (a
	// timeout while waiting for finality), and `reveal` drops kept commits the chain never
	// took.
	let sent = ctx.send(call, &hotkey, &summary).await?;
	ctx.out.answer(sent.json(json!({ "netuid": args.netuid, "commit": record })), || {
		format!(
			"{summary}: done in block #{}; run `merit weights reveal --netuid {}` in epoch {reveal_epoch}",
			sent.number, args.netuid
		)
	});
	Ok(())
}

async fn reveal(ctx: &Ctx, netuid: u16) -> Result<(), String> {
	let hotkey: Signer = ctx.signer(Role::Hotkey)?;
	let path = commits_path(ctx, netuid)?;
	let saved = read_commits(&path)?;
	let client = ctx.client().await?;
	let pending =
		client.weight_commits(netuid, &hotkey.account(), None).await.map_err(|e| e.to_string())?;
	let epoch = ctx.merit("merit_epoch", vec![json!(netuid)]).await?;
	let now = epoch["epoch"]["epoch"].as_u64().unwrap_or(0) as u32;
	let on_chain = |c: &Value| {
		pending
			.iter()
			.find(|p| merit_client::to_hex(&p.commit_hash) == c["hash"].as_str().unwrap_or(""))
	};
	// Commits the chain no longer holds (revealed, or expired) are dropped from the file.
	let mut kept: Vec<Value> = saved.iter().filter(|c| on_chain(c).is_some()).cloned().collect();
	let due: Vec<Value> = kept
		.iter()
		.filter(|c| on_chain(c).is_some_and(|p| p.reveal_epoch == now))
		.cloned()
		.collect();
	if due.is_empty() {
		write_commits(&path, &kept)?;
		let next = kept.iter().filter_map(|c| on_chain(c).map(|p| p.reveal_epoch)).min();
		return Err(match next {
			Some(e) => format!(
				"no commit is due on subnet {netuid} in epoch {now}: the next is revealed in epoch {e} \
				 (`merit epoch {netuid}` shows when it starts)"),
			None => format!(
				"no unrevealed commit of {} on subnet {netuid} is kept in {}",
				hotkey.account(),
				path.display()
			),
		});
	}
	let mut revealed = Vec::new();
	for c in &due {
		let (uids, weights) = (u16s(&c["uids"]), u16s(&c["weights"]));
		let salt: [u8; 32] = merit_client::from_hex(c["salt"].as_str().unwrap_or(""))
			.ok()
			.and_then(|s| s.try_into().ok())
			.ok_or_else(|| format!("{}: a commit's salt is damaged", path.display()))?;
		let round = c["round"].as_u64().unwrap_or(0) as u32;
		let summary = format!(
			"reveal {} weights on subnet {netuid} (committed in epoch {round})",
			uids.len()
		);
		let call = RuntimeCall::Consensus(pallet_merit_consensus::Call::reveal_weights {
			netuid,
			basis: basis(round, &uids, &weights),
			uids: bounded(uids)?,
			weights: bounded(weights)?,
			salt,
			version_key: c["versionKey"].as_u64().unwrap_or(0),
		});
		let sent = ctx.send(call, &hotkey, &summary).await?;
		kept.retain(|k| k["hash"] != c["hash"]);
		write_commits(&path, &kept)?;
		revealed.push(sent.json(json!({ "hash": c["hash"] })));
	}
	let count = revealed.len();
	ctx.out.answer(json!({ "ok": true, "netuid": netuid, "revealed": revealed }), || {
		format!("revealed {count} commit(s) on subnet {netuid}")
	});
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn weights_parse_and_scale() {
		assert_eq!(parse_weights("1=0.75, 2=0.25"), Ok((vec![1, 2], vec![65535, 21845])));
		assert_eq!(parse_weights("7=3"), Ok((vec![7], vec![65535])));
		assert_eq!(parse_weights("1=1,2=0"), Ok((vec![1, 2], vec![65535, 0])));
		assert!(parse_weights("1=0").unwrap_err().contains("no weight above zero"));
		assert!(parse_weights("").unwrap_err().contains("no weight above zero"));
		assert!(parse_weights("1=0.5,1=0.5").unwrap_err().contains("twice"));
		assert!(parse_weights("x=1").unwrap_err().contains("not a UID"));
		assert!(parse_weights("70000=1").unwrap_err().contains("not a UID"));
		assert!(parse_weights("1=-2").unwrap_err().contains("not a weight"));
		assert!(parse_weights("1=NaN").unwrap_err().contains("not a weight"));
		assert!(parse_weights("1").unwrap_err().contains("uid=weight"));
	}
}
