//! `merit metagraph` (a subnet's neurons as a table, sortable, with chosen columns) and
//! `merit epoch` (where a subnet is in its epoch cycle).

use crate::{commands::account::mrt, ctx::Ctx};
use comfy_table::{presets::UTF8_BORDERS_ONLY, Cell, CellAlignment, Table};
use serde_json::{json, Value};
use std::cmp::Ordering;

/// The metagraph's columns: the name `merit_metagraph` uses, and what `--fields` and `--sort`
/// also accept.
const COLUMNS: [(&str, &[&str]); 15] = [
	("uid", &[]),
	("hotkey", &[]),
	("coldkey", &[]),
	("stake", &[]),
	("active", &[]),
	("validatorPermit", &["permit", "validator_permit", "vp"]),
	("consensus", &[]),
	("incentive", &[]),
	("dividends", &[]),
	("validatorTrust", &["trust", "validator_trust", "vtrust"]),
	("emission", &[]),
	("lastUpdate", &["updated", "last_update"]),
	("registeredAt", &["registered", "registered_at"]),
	("axon", &[]),
	("model", &[]),
];
const DEFAULT_FIELDS: [&str; 10] = [
	"uid",
	"hotkey",
	"stake",
	"validatorPermit",
	"incentive",
	"dividends",
	"validatorTrust",
	"emission",
	"axon",
	"model",
];

#[derive(clap::Args)]
pub struct MetagraphArgs {
	/// The subnet.
	netuid: u16,
	/// Sort by this column (any of --fields' names), ascending unless --desc.
	#[arg(long)]
	sort: Option<String>,
	/// Sort descending.
	#[arg(long)]
	desc: bool,
	/// The columns, comma separated: uid, hotkey, coldkey, stake, active, permit, consensus,
	/// incentive, dividends, trust, emission, updated, registered, axon, model.
	#[arg(long, value_delimiter = ',')]
	fields: Vec<String>,
	/// Print addresses and hashes whole.
	#[arg(long)]
	wide: bool,
}

#[derive(clap::Args)]
pub struct EpochArgs {
	/// The subnet.
	netuid: u16,
}

/// The column `name` (or an alias of it) stands for.
pub fn column(name: &str) -> Result<&'static str, String> {
	COLUMNS
		.iter()
		.find(|(c, aliases)| c.eq_ignore_ascii_case(name) || aliases.contains(&name))
		.map(|(c, _)| *c)
		.ok_or_else(|| {
			let names: Vec<&str> = COLUMNS.iter().map(|(c, _)| *c).collect();
			format!("no metagraph column {name:?}: the columns are {}", names.join(", "))
		})
}

/// Orders two cells of one column: amounts by value, numbers, booleans, text; null last.
pub fn compare(a: &Value, b: &Value) -> Ordering {
	let amount = |v: &Value| v.as_str().and_then(|s| s.parse::<u128>().ok());
	match (a, b) {
		(Value::Null, Value::Null) => Ordering::Equal,
		(Value::Null, _) => Ordering::Greater,
		(_, Value::Null) => Ordering::Less,
		(Value::Number(x), Value::Number(y)) => {
			x.as_f64().partial_cmp(&y.as_f64()).unwrap_or(Ordering::Equal)
		},
		(Value::Bool(x), Value::Bool(y)) => x.cmp(y),
		_ => match (amount(a), amount(b)) {
			(Some(x), Some(y)) => x.cmp(&y),
			_ => sort_key(a).cmp(&sort_key(b)),
		},
	}
}

fn sort_key(v: &Value) -> String {
	match v {
		Value::String(s) => s.clone(),
		Value::Object(o) => {
			o.get("address").or_else(|| o.get("modelHash")).map(sort_key).unwrap_or_default()
		},
		other => other.to_string(),
	}
}

fn short(text: &str, wide: bool) -> String {
	if wide || text.chars().count() <= 14 {
		return text.to_string();
	}
	let chars: Vec<char> = text.chars().collect();
	let head: String = chars[..8].iter().collect();
	let tail: String = chars[chars.len() - 4..].iter().collect();
	format!("{head}…{tail}")
}

/// A cell as a person reads it.
fn cell(column: &str, v: &Value, wide: bool) -> String {
	match (column, v) {
		(_, Value::Null) => "-".into(),
		("stake" | "emission", v) => mrt(v).trim_end_matches(" MRT").to_string(),
		("axon", v) => v["address"].as_str().unwrap_or("-").to_string(),
		("model", v) => match (v["modelHash"].as_str(), v["copyOf"].as_str()) {
			(Some(hash), Some(original)) => {
				format!("{} (copy of {})", short(hash, wide), short(original, wide))
			},
			(Some(hash), None) => short(hash, wide),
			(None, _) => "committed".into(),
		},
		(_, Value::Bool(b)) => if *b { "yes" } else { "no" }.into(),
		(_, Value::Number(n)) => match n.as_u64() {
			Some(whole) => whole.to_string(),
			None => format!("{:.4}", n.as_f64().unwrap_or_default()),
		},
		(_, Value::String(s)) => short(s, wide),
		(_, other) => other.to_string(),
	}
}

pub async fn metagraph(ctx: &Ctx, args: MetagraphArgs) -> Result<(), String> {
	let mut fields: Vec<&str> = if args.fields.is_empty() {
		DEFAULT_FIELDS.to_vec()
	} else {
		args.fields.iter().map(|f| column(f.trim())).collect::<Result<_, _>>()?
	};
	let sort = args.sort.as_deref().map(column).transpose()?;
	let mut wanted: Vec<&str> = fields.iter().copied().filter(|f| *f != "uid").collect();
	if let Some(sort) = sort {
		if sort != "uid" && !wanted.contains(&sort) {
			wanted.push(sort);
		}
	}
	if !fields.contains(&"uid") {
		fields.insert(0, "uid");
	}
	let params = if wanted.is_empty() { json!(["hotkey"]) } else { json!(wanted) };
	let reply = ctx.merit("merit_metagraph", vec![json!(args.netuid), params]).await?;
	let graph = &reply["metagraph"];
	let mut rows: Vec<Value> = graph["rows"].as_array().cloned().unwrap_or_default();
	if let Some(sort) = sort {
		rows.sort_by(|a, b| {
			let order = compare(&a[sort], &b[sort]);
			// Nulls stay last either way; ties keep UID order.
			let order = match (args.desc, a[sort].is_null() || b[sort].is_null()) {
				(true, false) => order.reverse(),
				_ => order,
			};
			order.then_with(|| compare(&a["uid"], &b["uid"]))
		});
	}
	let answer = json!({
		"netuid": args.netuid,
		"at": reply["at"],
		"neurons": graph["neurons"],
		"fields": fields,
		"rows": rows,
	});
	ctx.out.answer(answer, || {
		let mut table = Table::new();
		table.load_preset(UTF8_BORDERS_ONLY);
		table.set_header(fields.iter().map(|f| Cell::new(f)));
		for row in &rows {
			table.add_row(fields.iter().map(|f| {
				let c = Cell::new(cell(f, &row[*f], args.wide));
				match row[*f] {
					Value::Number(_) => c.set_alignment(CellAlignment::Right),
					_ if matches!(*f, "stake" | "emission") => {
						c.set_alignment(CellAlignment::Right)
					},
					_ => c,
				}
			}));
		}
		format!(
			"subnet {} at block #{}: {} neurons\n{table}",
			args.netuid, reply["at"]["number"], graph["neurons"]
		)
	});
	Ok(())
}

pub async fn epoch(ctx: &Ctx, args: EpochArgs) -> Result<(), String> {
	let reply = ctx.merit("merit_epoch", vec![json!(args.netuid)]).await?;
	let e = &reply["epoch"];
	let answer = json!({ "at": reply["at"], "epoch": e });
	ctx.out.answer(answer, || {
		let reveal = if e["commitReveal"] == json!(true) {
			format!(
				"commit-reveal on: commits made now are revealed in epoch {}",
				e["epoch"].as_u64().unwrap_or(0) + e["revealPeriod"].as_u64().unwrap_or(0)
			)
		} else {
			"commit-reveal off: weights are set directly".to_string()
		};
		format!(
			"subnet {}: epoch {} at block #{}\n  tempo             {} blocks\n  last epoch ran    #{}\n  \
			 next epoch        #{} (in {} blocks)\n  {reveal}\n  emission share    {}\n  \
			 pending emission  {}",
			e["netuid"], e["epoch"], reply["at"]["number"], e["tempo"], e["lastRun"], e["nextDue"],
			e["blocksUntilNext"], e["emissionShare"], mrt(&e["pendingEmission"]),
		)
	});
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn columns_by_name_or_alias() {
		assert_eq!(column("permit"), Ok("validatorPermit"));
		assert_eq!(column("validator_trust"), Ok("validatorTrust"));
		assert_eq!(column("Incentive"), Ok("incentive"));
		assert!(column("bogus").unwrap_err().contains("the columns are"));
	}

	#[test]
	fn cells_sort_by_value_with_nulls_last() {
		// Planck strings compare as numbers, not text.
		assert_eq!(compare(&json!("900"), &json!("1000")), Ordering::Less);
		assert_eq!(compare(&json!(0.5), &json!(0.25)), Ordering::Greater);
		assert_eq!(compare(&Value::Null, &json!(1)), Ordering::Greater);
		assert_eq!(compare(&json!(false), &json!(true)), Ordering::Less);
	}
}
