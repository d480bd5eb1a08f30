//! `merit balance` and `merit transfer`.

use crate::{
	amount,
	ctx::Ctx,
	wallet::{parse_address, Role},
};
use merit_client::{AccountId, Balance, RuntimeCall};
use serde_json::{json, Value};

#[derive(clap::Args)]
pub struct BalanceArgs {
	/// The address (SS58); the wallet's coldkey if left out.
	address: Option<String>,
}

#[derive(clap::Args)]
pub struct TransferArgs {
	/// Where to send it (SS58 address).
	#[arg(long)]
	to: String,
	/// How much: MRT (`1.5`) or planck (`1500p`).
	#[arg(allow_hyphen_values = true)]
	amount: String,
	/// Allow emptying the sending account below the existential deposit (it is reaped).
	#[arg(long)]
	allow_death: bool,
}

/// A JSON amount (planck as a decimal string) as a number.
pub fn planck(v: &Value) -> Balance {
	v.as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// `v` in MRT for a person.
pub fn mrt(v: &Value) -> String {
	amount::format(planck(v))
}

/// The address a command is about: the one given, else the wallet's coldkey.
pub fn address_or_coldkey(ctx: &Ctx, address: Option<&str>) -> Result<AccountId, String> {
	match address {
		Some(a) => parse_address(a),
		None => ctx.account(Role::Coldkey),
	}
}

/// `who`'s funds, from `merit_stake`.
pub async fn funds(ctx: &Ctx, who: &AccountId) -> Result<Value, String> {
	let reply = ctx.merit("merit_stake", vec![json!(who.to_string())]).await?;
	Ok(reply["stake"].clone())
}

pub async fn balance(ctx: &Ctx, args: BalanceArgs) -> Result<(), String> {
	let who = address_or_coldkey(ctx, args.address.as_deref())?;
	let stake = funds(ctx, &who).await?;
	let b = &stake["balances"];
	let answer = json!({
		"address": who.to_string(),
		"balances": b,
		"totalStake": stake["totalStake"],
	});
	ctx.out.answer(answer, || {
		let held = &b["held"];
		format!(
			"{who}\n  free          {}\n  transferable  {}\n  held          stake {}, miner bonds {}, \
			 subnet lock {}, other {}\n  reserved      {}\n  frozen        {} (conviction votes)\n  \
			 staked        {} (bonded and pending rewards: `merit stake show`)",
			mrt(&b["free"]),
			mrt(&b["transferable"]),
			mrt(&held["stake"]),
			mrt(&held["bond"]),
			mrt(&held["subnetLock"]),
			mrt(&held["other"]),
			mrt(&b["reserved"]),
			mrt(&b["frozen"]),
			mrt(&stake["totalStake"]),
		)
	});
	Ok(())
}

/// Fails, saying how much is there, unless `who` can spend `needed` now.
pub async fn ensure_transferable(
	ctx: &Ctx,
	who: &AccountId,
	needed: Balance,
	what: &str,
) -> Result<(), String> {
	let stake = funds(ctx, who).await?;
	let transferable = planck(&stake["balances"]["transferable"]);
	if transferable < needed {
		return Err(format!(
			"{what} needs {}, but {who} has {} transferable: {} short",
			amount::format(needed),
			amount::format(transferable),
			amount::format(needed - transferable),
		));
	}
	Ok(())
}

pub async fn transfer(ctx: &Ctx, args: TransferArgs) -> Result<(), String> {
	let to = parse_address(&args.to)?;
	let value = amount::parse(&args.amount)?;
	if value == 0 {
		return Err("nothing to send: the amount is 0".into());
	}
	let from = ctx.account(Role::Coldkey)?;
	let summary = format!("transfer {} from {from} to {to}", amount::format(value));
	// `transferable` keeps the existential deposit; --allow-death may spend it too.
	let needed = if args.allow_death {
		value.saturating_sub(merit_runtime::EXISTENTIAL_DEPOSIT)
	} else {
		value
	};
	ensure_transferable(ctx, &from, needed, &summary).await?;
	let dest = merit_runtime::Address::Id(to.clone());
	let call = RuntimeCall::Balances(if args.allow_death {
		pallet_balances::Call::transfer_allow_death { dest, value }
	} else {
		pallet_balances::Call::transfer_keep_alive { dest, value }
	});
	let signer = ctx.signer(Role::Coldkey)?;
	let sent = ctx.send(call, &signer, &summary).await?;
	let answer = sent.json(json!({
		"from": from.to_string(), "to": to.to_string(), "amount": amount::json(value),
	}));
	ctx.out.answer(answer, || {
		format!(
			"sent {} to {to} in block #{} (fee {})",
			amount::format(value),
			sent.number,
			amount::format(sent.included.fee)
		)
	});
	Ok(())
}
