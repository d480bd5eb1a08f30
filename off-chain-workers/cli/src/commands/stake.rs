//! `merit stake` (show, add, remove, withdraw, claim) and `merit delegate` (list, become, take).

use crate::{
	amount,
	commands::account::{address_or_coldkey, ensure_transferable, funds, mrt, planck},
	ctx::Ctx,
	wallet::{parse_address, Role},
};
use clap::Subcommand;
use merit_client::{AccountId, Balance, RuntimeCall};
use serde_json::{json, Value};

#[derive(Subcommand)]
pub enum StakeCommand {
	/// What a coldkey (the wallet's by default) has staked, by hotkey: bonded, pending
	/// rewards, unbonding.
	Show {
		/// The coldkey's address.
		address: Option<String>,
	},
	/// Stake MRT on a hotkey: the wallet's own, or a delegate's (`--on`).
	Add {
		amount: String,
		/// The hotkey to stake on (SS58); the wallet's hotkey if left out.
		#[arg(long)]
		on: Option<String>,
	},
	/// Start unbonding stake from a hotkey; it can be withdrawn once the unbonding period ends.
	Remove {
		amount: String,
		#[arg(long)]
		on: Option<String>,
	},
	/// Release unbonded stake whose period has ended.
	Withdraw {
		#[arg(long)]
		on: Option<String>,
	},
	/// Compound your pending rewards on a hotkey into bonded stake.
	Claim {
		#[arg(long)]
		on: Option<String>,
	},
}

#[derive(Subcommand)]
pub enum DelegateCommand {
	/// Every delegate with its take, stake and stakers.
	List,
	/// Open the wallet's hotkey to nominators (at the default take).
	Become,
	/// Set the wallet's delegate hotkey's take: `18%` or `0.18`.
	Take { take: String },
}

fn on(ctx: &Ctx, on: Option<&str>) -> Result<AccountId, String> {
	match on {
		Some(address) => parse_address(address),
		None => ctx.account(Role::Hotkey),
	}
}

/// `coldkey`'s position on `hotkey` in `merit_stake`'s answer.
fn position<'a>(stake: &'a Value, hotkey: &AccountId) -> Option<&'a Value> {
	let hotkey = hotkey.to_string();
	stake["positions"].as_array()?.iter().find(|p| p["hotkey"] == json!(hotkey))
}

pub async fn run(ctx: &Ctx, command: StakeCommand) -> Result<(), String> {
	let (hotkey, value, summary, call) = match command {
		StakeCommand::Show { address } => return show(ctx, address.as_deref()).await,
		StakeCommand::Add { amount: text, on: hotkey } => {
			let (value, hotkey) = (positive(&text)?, on(ctx, hotkey.as_deref())?);
			let summary = format!("stake {} on {hotkey}", amount::format(value));
			ensure_transferable(ctx, &ctx.account(Role::Coldkey)?, value, &summary).await?;
			let call =
				pallet_merit_staking::Call::add_stake { hotkey: hotkey.clone(), amount: value };
			(hotkey, value, summary, call)
		},
		StakeCommand::Remove { amount: text, on: hotkey } => {
			let (value, hotkey) = (positive(&text)?, on(ctx, hotkey.as_deref())?);
			let coldkey = ctx.account(Role::Coldkey)?;
			let stake = funds(ctx, &coldkey).await?;
			match position(&stake, &hotkey).map(|p| planck(&p["stake"]) + planck(&p["rewards"])) {
				None => {
					return Err(format!(
						"{coldkey} has no stake on {hotkey}: `merit stake show` lists its stake"
					))
				},
				Some(staked) if staked < value => {
					return Err(format!(
						"{coldkey} has {} staked on {hotkey}, less than {}",
						amount::format(staked),
						amount::format(value)
					))
				},
				_ => {},
			}
			let summary = format!("unbond {} from {hotkey}", amount::format(value));
			let call =
				pallet_merit_staking::Call::remove_stake { hotkey: hotkey.clone(), amount: value };
			(hotkey, value, summary, call)
		},
		StakeCommand::Withdraw { on: hotkey } => {
			let hotkey = on(ctx, hotkey.as_deref())?;
			let value = matured(ctx, &hotkey).await?;
			let summary = format!("withdraw {} unbonded from {hotkey}", amount::format(value));
			let call = pallet_merit_staking::Call::withdraw_unbonded { hotkey: hotkey.clone() };
			(hotkey, value, summary, call)
		},
		StakeCommand::Claim { on: hotkey } => {
			let hotkey = on(ctx, hotkey.as_deref())?;
			let coldkey = ctx.account(Role::Coldkey)?;
			let stake = funds(ctx, &coldkey).await?;
			let value = position(&stake, &hotkey).map(|p| planck(&p["rewards"])).unwrap_or(0);
			if value == 0 {
				return Err(format!("no rewards are pending on {hotkey} for {coldkey}"));
			}
			let summary = format!("compound {} of rewards on {hotkey}", amount::format(value));
			let call = pallet_merit_staking::Call::claim_rewards { hotkey: hotkey.clone() };
			(hotkey, value, summary, call)
		},
	};
	let coldkey = ctx.signer(Role::Coldkey)?;
	let extra = json!({ "hotkey": hotkey.to_string(), "amount": amount::json(value) });
	finish(ctx, RuntimeCall::Staking(call), &coldkey, &summary, extra).await
}

/// What the wallet's coldkey can withdraw from `hotkey` now; an error saying when the next
/// unbonding ends if nothing has matured.
async fn matured(ctx: &Ctx, hotkey: &AccountId) -> Result<Balance, String> {
	let stake = funds(ctx, &ctx.account(Role::Coldkey)?).await?;
	let best = u64::from(ctx.client().await?.best_number().await.map_err(|e| e.to_string())?);
	let chunks: Vec<(Balance, u64)> = position(&stake, hotkey)
		.and_then(|p| p["unbonding"].as_array().cloned())
		.unwrap_or_default()
		.iter()
		.map(|c| (planck(&c["amount"]), c["unlockAt"].as_u64().unwrap_or(u64::MAX)))
		.collect();
	let ready: Balance = chunks.iter().filter(|(_, at)| *at <= best).map(|(a, _)| a).sum();
	if ready > 0 {
		return Ok(ready);
	}
	Err(match chunks.iter().map(|(_, at)| at).min() {
		Some(next) => format!(
			"nothing to withdraw from {hotkey} yet: the next unbonding ends at block #{next} (in \
			 {} blocks)",
			next.saturating_sub(best)
		),
		None => {
			format!("nothing is unbonding from {hotkey}: `merit stake remove` starts unbonding")
		},
	})
}

fn positive(text: &str) -> Result<Balance, String> {
	let value = amount::parse(text)?;
	if value == 0 {
		return Err("the amount is 0: give an amount above zero".into());
	}
	Ok(value)
}

async fn finish(
	ctx: &Ctx,
	call: RuntimeCall,
	signer: &merit_client::Signer,
	summary: &str,
	extra: Value,
) -> Result<(), String> {
	let sent = ctx.send(call, signer, summary).await?;
	ctx.out.answer(sent.json(extra), || format!("{summary}: done in block #{}", sent.number));
	Ok(())
}

async fn show(ctx: &Ctx, address: Option<&str>) -> Result<(), String> {
	let who = address_or_coldkey(ctx, address)?;
	let stake = funds(ctx, &who).await?;
	ctx.out.answer(stake.clone(), || {
		let mut text = format!("{who}: {} staked", mrt(&stake["totalStake"]));
		for p in stake["positions"].as_array().into_iter().flatten() {
			text.push_str(&format!(
				"\n  on {}: {} bonded, {} pending rewards",
				p["hotkey"].as_str().unwrap_or("?"),
				mrt(&p["stake"]),
				mrt(&p["rewards"])
			));
			for c in p["unbonding"].as_array().into_iter().flatten() {
				text.push_str(&format!(
					"\n    unbonding {} until block #{}",
					mrt(&c["amount"]),
					c["unlockAt"]
				));
			}
		}
		text
	});
	Ok(())
}

pub async fn delegate(ctx: &Ctx, command: DelegateCommand) -> Result<(), String> {
	match command {
		DelegateCommand::List => {
			let reply = ctx.merit("merit_delegates", vec![]).await?;
			let delegates = reply["delegates"].clone();
			ctx.out.answer(json!({ "at": reply["at"], "delegates": delegates }), || {
				let list = delegates.as_array().cloned().unwrap_or_default();
				if list.is_empty() {
					return "no delegates yet".into();
				}
				let mut table = comfy_table::Table::new();
				table.load_preset(comfy_table::presets::UTF8_BORDERS_ONLY);
				table.set_header(["hotkey", "take", "stake", "stakers", "owner"]);
				for d in &list {
					table.add_row([
						d["hotkey"].as_str().unwrap_or("?").to_string(),
						format!("{:.2}%", d["take"].as_f64().unwrap_or(0.0) * 100.0),
						mrt(&d["totalStake"]),
						d["stakers"].to_string(),
						d["owner"].as_str().unwrap_or("-").to_string(),
					]);
				}
				table.to_string()
			});
			Ok(())
		},
		DelegateCommand::Become => {
			let hotkey = ctx.account(Role::Hotkey)?;
			let coldkey = ctx.signer(Role::Coldkey)?;
			let summary = format!("open hotkey {hotkey} to nominators");
			let call = RuntimeCall::Staking(pallet_merit_staking::Call::become_delegate {
				hotkey: hotkey.clone(),
			});
			finish(ctx, call, &coldkey, &summary, json!({ "hotkey": hotkey.to_string() })).await
		},
		DelegateCommand::Take { take } => {
			let take = amount::fraction(&take)?;
			let hotkey = ctx.account(Role::Hotkey)?;
			let coldkey = ctx.signer(Role::Coldkey)?;
			let summary =
				format!("set the take of {hotkey} to {:.2}%", take.deconstruct() as f64 / 1e7);
			let call = RuntimeCall::Staking(pallet_merit_staking::Call::set_take {
				hotkey: hotkey.clone(),
				take,
			});
			finish(
				ctx,
				call,
				&coldkey,
				&summary,
				json!({ "hotkey": hotkey.to_string(), "take": take.deconstruct() as f64 / 1e9 }),
			)
			.await
		},
	}
}

/// How much more stake the hotkey at `uid` needs for a validator permit at the next epoch,
/// given the metagraph's `rows` (`stake`, `validatorPermit`) and the subnet's `maxValidators`
/// and `minValidatorStake`: permits go to the `maxValidators` most-staked hotkeys holding at
/// least `minValidatorStake` (ties to the lower UID).
pub fn permit_shortfall(
	rows: &[Value],
	uid: u64,
	max_validators: usize,
	min_stake: Balance,
) -> Balance {
	let stake_of = |r: &Value| planck(&r["stake"]);
	let Some(mine) = rows.iter().find(|r| r["uid"].as_u64() == Some(uid)).map(stake_of) else {
		return min_stake;
	};
	let mut others: Vec<(Balance, u64)> = rows
		.iter()
		.filter(|r| r["uid"].as_u64() != Some(uid))
		.map(|r| (stake_of(r), r["uid"].as_u64().unwrap_or(u64::MAX)))
		.filter(|(s, _)| *s >= min_stake)
		.collect();
	// The others in permit order: stake descending, then UID.
	others.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
	let needed = match others.get(max_validators.saturating_sub(1)) {
		// The seat to take: beat the last permit holder (or tie it from a lower UID).
		Some(&(last, last_uid)) if others.len() >= max_validators => {
			if uid < last_uid {
				last
			} else {
				last + 1
			}
		},
		_ => 0,
	}
	.max(min_stake);
	needed.saturating_sub(mine)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn row(uid: u64, stake: Balance) -> Value {
		json!({ "uid": uid, "stake": stake.to_string() })
	}

	#[test]
	fn the_stake_a_permit_needs() {
		let rows = [row(0, 500), row(1, 300), row(2, 100), row(3, 50)];
		// Two seats: beat UID 1's 300 (UID 3 is above UID 1, so a tie is not enough).
		assert_eq!(permit_shortfall(&rows, 3, 2, 10), 251);
		// A lower UID wins a tie.
		let rows = [row(0, 50), row(1, 500), row(2, 300)];
		assert_eq!(permit_shortfall(&rows, 0, 2, 10), 250);
		// A free seat: only the minimum counts.
		assert_eq!(permit_shortfall(&rows, 0, 5, 80), 30);
		// Already enough.
		assert_eq!(permit_shortfall(&rows, 1, 2, 10), 0);
	}
}
