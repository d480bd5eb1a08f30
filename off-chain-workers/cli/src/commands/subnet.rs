//! `merit subnet`: list, show, create, and the owner's hyperparameters.

use crate::{
	amount,
	commands::{
		account::{ensure_transferable, mrt, planck},
		neuron::consent_if_needed,
	},
	ctx::Ctx,
	wallet::Role,
};
use clap::{Subcommand, ValueEnum};
use merit_client::{Balance, RuntimeCall};
use merit_primitives::{TaskKind, TaskSpec};
use pallet_merit_subnets::Hyperparameter;
use serde_json::{json, Value};

#[derive(Subcommand)]
pub enum SubnetCommand {
	/// Every subnet with its task, size, costs and emission.
	List,
	/// One subnet in full.
	Show { netuid: u16 },
	/// Register a subnet owned by the wallet's coldkey (the lock is held while it lives), with
	/// the wallet's hotkey receiving the owner cut.
	Create {
		/// What miners learn.
		#[arg(long, value_enum)]
		task: Task,
		/// The largest model file, in bytes.
		#[arg(long, default_value_t = 1 << 20)]
		max_model_bytes: u32,
		/// Samples in each epoch's evaluation set.
		#[arg(long, default_value_t = 512)]
		eval_size: u32,
		/// The data set's id (default: `uci-digits` or `devils-dictionary`).
		#[arg(long)]
		dataset: Option<String>,
	},
	/// A subnet's hyperparameters, and the owner's queued changes.
	Hyperparameters { netuid: u16 },
	/// Set one hyperparameter (as the subnet's owner): a name as `hyperparameters` prints it
	/// (`immunityPeriod` or `immunity_period`) and its value (`0.1` or `10%` for fractions,
	/// MRT for amounts, `true`/`false`).
	Set { netuid: u16, name: String, value: String },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Task {
	Digits,
	Text,
}

pub async fn run(ctx: &Ctx, command: SubnetCommand) -> Result<(), String> {
	match command {
		SubnetCommand::List => list(ctx).await,
		SubnetCommand::Show { netuid } => {
			let reply = ctx.merit("merit_subnet", vec![json!(netuid)]).await?;
			let s = &reply["subnet"];
			ctx.out.answer(json!({ "at": reply["at"], "subnet": s }), || {
				format!("{}\n{}", subnet_text(s), params_text(&s["hyperparams"]))
			});
			Ok(())
		},
		SubnetCommand::Create { task, max_model_bytes, eval_size, dataset } => {
			create(ctx, task, max_model_bytes, eval_size, dataset).await
		},
		SubnetCommand::Hyperparameters { netuid } => {
			let reply = ctx.merit("merit_subnet", vec![json!(netuid)]).await?;
			let s = &reply["subnet"];
			let answer = json!({
				"netuid": netuid,
				"hyperparams": s["hyperparams"],
				"pendingHyperparams": s["pendingHyperparams"],
			});
			ctx.out.answer(answer, || {
				let mut text = format!("subnet {netuid}\n{}", params_text(&s["hyperparams"]));
				if !s["pendingHyperparams"].is_null() {
					text.push_str(&format!(
						"\nqueued by the owner, applied after the next epoch:\n{}",
						params_text(&s["pendingHyperparams"])
					));
				}
				text
			});
			Ok(())
		},
		SubnetCommand::Set { netuid, name, value } => set(ctx, netuid, &name, &value).await,
	}
}

fn subnet_text(s: &Value) -> String {
	format!(
		"subnet {}: {} ({}, eval {} samples, models up to {} bytes)\n  owner {} (hotkey {})\n  \
		 {} neurons of {}, registration burn {} + bond {}\n  lock {}, emission {} per epoch \
		 (moving average)",
		s["netuid"],
		s["task"]["kind"].as_str().unwrap_or("?"),
		s["task"]["datasetId"].as_str().unwrap_or("?"),
		s["task"]["evalSize"],
		s["task"]["maxModelBytes"],
		s["owner"].as_str().unwrap_or("?"),
		s["ownerHotkey"].as_str().unwrap_or("?"),
		s["neurons"],
		s["hyperparams"]["maxUids"],
		mrt(&s["burn"]),
		mrt(&s["hyperparams"]["minerBond"]),
		mrt(&s["lock"]),
		mrt(&s["emission"]),
	)
}

fn params_text(params: &Value) -> String {
	let Some(map) = params.as_object() else { return String::new() };
	map.iter()
		.map(|(name, v)| {
			let shown = match v {
				Value::String(_) => mrt(v),
				other => other.to_string(),
			};
			format!("  {name:<22}{shown}")
		})
		.collect::<Vec<_>>()
		.join("\n")
}

async fn list(ctx: &Ctx) -> Result<(), String> {
	let reply = ctx.merit("merit_subnets", vec![]).await?;
	let subnets = reply["subnets"].as_array().cloned().unwrap_or_default();
	let mut shares = Vec::new();
	for s in &subnets {
		let epoch = ctx.merit("merit_epoch", vec![s["netuid"].clone()]).await?;
		shares.push(epoch["epoch"]["emissionShare"].as_u64().unwrap_or(0));
	}
	let total: u64 = shares.iter().sum();
	let rows: Vec<Value> = subnets
		.iter()
		.zip(&shares)
		.map(|(s, share)| {
			json!({
				"netuid": s["netuid"], "task": s["task"]["kind"], "neurons": s["neurons"],
				"maxUids": s["hyperparams"]["maxUids"], "burn": s["burn"],
				"bond": s["hyperparams"]["minerBond"], "emission": s["emission"],
				"emissionShare": share,
				"emissionFraction": if total == 0 { 0.0 } else { *share as f64 / total as f64 },
				"owner": s["owner"],
			})
		})
		.collect();
	ctx.out.answer(json!({ "at": reply["at"], "subnets": rows }), || {
		if rows.is_empty() {
			return "no subnets yet: `merit subnet create` registers one".into();
		}
		let mut table = comfy_table::Table::new();
		table.load_preset(comfy_table::presets::UTF8_BORDERS_ONLY);
		table.set_header(["netuid", "task", "neurons", "burn", "bond", "emission share", "owner"]);
		for r in &rows {
			table.add_row([
				r["netuid"].to_string(),
				r["task"].as_str().unwrap_or("?").to_string(),
				format!("{}/{}", r["neurons"], r["maxUids"]),
				mrt(&r["burn"]),
				mrt(&r["bond"]),
				format!("{:.1}%", r["emissionFraction"].as_f64().unwrap_or(0.0) * 100.0),
				r["owner"].as_str().unwrap_or("?").to_string(),
			]);
		}
		table.to_string()
	});
	Ok(())
}

async fn create(
	ctx: &Ctx,
	task: Task,
	max_model_bytes: u32,
	eval_size: u32,
	dataset: Option<String>,
) -> Result<(), String> {
	let (kind, default_dataset) = match task {
		Task::Digits => (TaskKind::Digits, "uci-digits"),
		Task::Text => (TaskKind::TextBytes, "devils-dictionary"),
	};
	let dataset = dataset.unwrap_or_else(|| default_dataset.to_string());
	let dataset_id = dataset.into_bytes().try_into().map_err(|_| {
		format!("the data set id is at most {} bytes", merit_primitives::MAX_DATASET_ID_LEN)
	})?;
	let spec = TaskSpec { kind, max_model_bytes, dataset_id, eval_size };
	let costs = ctx.merit("merit_costs", vec![]).await?;
	let lock = planck(&costs["costs"]["subnetLock"]);
	let coldkey = ctx.signer(Role::Coldkey)?;
	let hotkey = ctx.account(Role::Hotkey)?;
	let summary = format!(
		"register a subnet for {} owned by {}, holding {} as its lock",
		match task {
			Task::Digits => "digits",
			Task::Text => "text",
		},
		coldkey.account(),
		amount::format(lock)
	);
	ensure_transferable(ctx, &coldkey.account(), lock, &summary).await?;
	let consent = consent_if_needed(ctx, &coldkey.account(), &hotkey).await?;
	let call = RuntimeCall::Subnets(pallet_merit_subnets::Call::register_subnet {
		owner_hotkey: hotkey.clone(),
		task: spec,
		consent,
	});
	let sent = ctx.send(call, &coldkey, &summary).await?;
	let netuid = sent.find(|e| match e {
		merit_client::RuntimeEvent::Subnets(pallet_merit_subnets::Event::SubnetRegistered {
			netuid,
			..
		}) => Some(*netuid),
		_ => None,
	});
	let answer = sent.json(json!({ "netuid": netuid, "lock": amount::json(lock) }));
	ctx.out.answer(answer, || match netuid {
		Some(n) => format!(
			"registered subnet {n} in block #{}; it earns once governance grants it an \
		                    emission share",
			sent.number
		),
		None => format!("registered in block #{}", sent.number),
	});
	Ok(())
}

fn number<N: std::str::FromStr>(value: &str) -> Result<N, String> {
	value.trim().parse().map_err(|_| format!("{value:?} is not a whole number in range"))
}

fn boolean(value: &str) -> Result<bool, String> {
	match value.trim() {
		"true" | "yes" | "on" => Ok(true),
		"false" | "no" | "off" => Ok(false),
		_ => Err(format!("{value:?} is not true or false")),
	}
}

/// The hyperparameter `name` (camelCase or snake_case) set to `value`.
pub fn hyperparameter(name: &str, value: &str) -> Result<Hyperparameter<Balance>, String> {
	use Hyperparameter as H;
	let key: String = name.chars().filter(|c| *c != '_').collect::<String>().to_ascii_lowercase();
	let a = || amount::parse(value);
	Ok(match key.as_str() {
		"tempo" => H::Tempo(number(value)?),
		"maxuids" => H::MaxUids(number(value)?),
		"maxvalidators" => H::MaxValidators(number(value)?),
		"immunityperiod" => H::ImmunityPeriod(number(value)?),
		"minburn" => H::MinBurn(a()?),
		"maxburn" => H::MaxBurn(a()?),
		"burnincrease" => H::BurnIncrease(amount::fraction(value)?),
		"burndecay" => H::BurnDecay(amount::fraction(value)?),
		"maxregsperblock" => H::MaxRegsPerBlock(number(value)?),
		"maxregsperinterval" => H::MaxRegsPerInterval(number(value)?),
		"registrationinterval" => H::RegistrationInterval(number(value)?),
		"minallowedweights" => H::MinAllowedWeights(number(value)?),
		"maxweightlimit" => H::MaxWeightLimit(amount::fraction(value)?),
		"weightsratelimit" => H::WeightsRateLimit(number(value)?),
		"weightsversionkey" => H::WeightsVersionKey(number(value)?),
		"commitreveal" => H::CommitReveal(boolean(value)?),
		"revealperiod" => H::RevealPeriod(number(value)?),
		"kappa" => H::Kappa(amount::fraction(value)?),
		"bondsmovingaverage" => H::BondsMovingAverage(amount::fraction(value)?),
		"bondspenalty" => H::BondsPenalty(amount::fraction(value)?),
		"activitycutoff" => H::ActivityCutoff(number(value)?),
		"registrationallowed" => H::RegistrationAllowed(boolean(value)?),
		"minvalidatorstake" => H::MinValidatorStake(a()?),
		"ownercut" => H::OwnerCut(amount::fraction(value)?),
		"minerbond" => H::MinerBond(a()?),
		"servingratelimit" => H::ServingRateLimit(number(value)?),
		"allowprivateaxons" => H::AllowPrivateAxons(boolean(value)?),
		_ => {
			return Err(format!(
				"no hyperparameter {name:?}: `merit subnet hyperparameters <netuid>` lists them"
			))
		},
	})
}

async fn set(ctx: &Ctx, netuid: u16, name: &str, value: &str) -> Result<(), String> {
	let param = hyperparameter(name, value)?;
	if !param.owner_settable() {
		return Err(format!(
			"{name} is set by governance only, not by the subnet's owner: propose it with \
			 `merit gov propose`"
		));
	}
	let client = ctx.client().await?;
	let subnet =
		client.subnet(netuid, None).await.map_err(|e| e.to_string())?.ok_or_else(|| {
			format!("no subnet has netuid {netuid}: `merit subnet list` shows them")
		})?;
	let coldkey = ctx.account(Role::Coldkey)?;
	if subnet.owner != coldkey {
		return Err(format!(
			"subnet {netuid} is owned by {}, not by {coldkey}: only its owner sets its \
			 hyperparameters",
			subnet.owner
		));
	}
	if !param.owner_may_set(&subnet.hyperparams) {
		return Err(format!(
			"{name} = {value} is outside the range a subnet's owner may set: governance may \
			 (`merit gov propose hyperparameter {netuid} {name} {value}`)"
		));
	}
	let coldkey = ctx.signer(Role::Coldkey)?;
	let summary = format!("set {name} of subnet {netuid} to {value}");
	let call =
		RuntimeCall::Subnets(pallet_merit_subnets::Call::set_hyperparameter { netuid, param });
	let sent = ctx.send(call, &coldkey, &summary).await?;
	ctx.out.answer(sent.json(json!({ "netuid": netuid, "name": name, "value": value })), || {
		format!(
			"{summary}: queued in block #{}, applied after the subnet's next epoch",
			sent.number
		)
	});
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use merit_client::Perbill;

	#[test]
	fn hyperparameters_by_name_and_value() {
		assert_eq!(hyperparameter("immunityPeriod", "20"), Ok(Hyperparameter::ImmunityPeriod(20)));
		assert_eq!(hyperparameter("immunity_period", "20"), Ok(Hyperparameter::ImmunityPeriod(20)));
		assert_eq!(
			hyperparameter("burnIncrease", "10%"),
			Ok(Hyperparameter::BurnIncrease(Perbill::from_percent(10)))
		);
		assert_eq!(
			hyperparameter("max_weight_limit", "0.5"),
			Ok(Hyperparameter::MaxWeightLimit(Perbill::from_percent(50)))
		);
		assert_eq!(hyperparameter("commitReveal", "true"), Ok(Hyperparameter::CommitReveal(true)));
		assert_eq!(
			hyperparameter("minerBond", "1.5"),
			Ok(Hyperparameter::MinerBond(1_500_000_000_000))
		);
		assert!(hyperparameter("tempo", "70000").unwrap_err().contains("whole number"));
		assert!(hyperparameter("kappa", "1.5").unwrap_err().contains("between 0 and 1"));
		assert!(hyperparameter("commitReveal", "maybe").unwrap_err().contains("true or false"));
		assert!(hyperparameter("bogus", "1").unwrap_err().contains("no hyperparameter"));
	}
}
