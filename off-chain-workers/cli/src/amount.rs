//! Amounts as people write them and read them: MRT with up to 12 decimals (`1.5`, `0.25MRT`),
//! or planck, the chain's unit, with a suffix (`1500p`, `1500planck`).

use merit_client::Balance;

/// Decimals of MRT: 1 MRT is 10^12 planck.
pub const DECIMALS: u32 = 12;
const UNIT: Balance = merit_runtime::UNIT;

/// Parses an amount: `1.5` or `1.5MRT` is 1.5 MRT, `1500p` or `1500planck` is 1,500 planck.
/// Errors say what is wrong: a negative number, more than 12 decimals, too large.
pub fn parse(text: &str) -> Result<Balance, String> {
	let t = text.trim().replace('_', "");
	let lower = t.to_ascii_lowercase();
	let bad = |why: &str| format!("{text:?} is not an amount: {why}");
	if lower.starts_with('-') {
		return Err(bad("amounts cannot be negative"));
	}
	if let Some(digits) = lower.strip_suffix("planck").or_else(|| lower.strip_suffix('p')) {
		let digits = digits.trim();
		if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
			return Err(bad("planck are whole numbers (`1500p`)"));
		}
		return digits.parse::<Balance>().map_err(|_| bad("too large"));
	}
	let number = lower.strip_suffix("mrt").unwrap_or(&lower).trim();
	let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
	let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
	if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
		return Err(bad("write MRT as `1.5` or planck as `1500p`"));
	}
	if fraction.len() > DECIMALS as usize {
		return Err(bad("MRT has 12 decimals: the smallest amount is 0.000000000001 (1p)"));
	}
	let whole: Balance =
		if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad("too large"))? };
	let padded = format!("{fraction:0<width$}", width = DECIMALS as usize);
	let fraction: Balance = padded.parse().map_err(|_| bad("bad decimals"))?;
	whole.checked_mul(UNIT).and_then(|w| w.checked_add(fraction)).ok_or_else(|| bad("too large"))
}

/// `amount` in MRT with its significant decimals only: `1.5 MRT`, `0.000000000001 MRT`.
pub fn format(amount: Balance) -> String {
	format!("{} MRT", format_number(amount))
}

/// `amount` in MRT as a bare decimal number: `1.5`.
pub fn format_number(amount: Balance) -> String {
	let whole = amount / UNIT;
	let fraction = amount % UNIT;
	if fraction == 0 {
		return whole.to_string();
	}
	let decimals = format!("{fraction:0>width$}", width = DECIMALS as usize);
	format!("{whole}.{}", decimals.trim_end_matches('0'))
}

/// A fraction (a take, a hyperparameter): `0.18` or `18%`, between 0 and 1.
pub fn fraction(text: &str) -> Result<sp_runtime::Perbill, String> {
	let t = text.trim();
	let (number, scale) = match t.strip_suffix('%') {
		Some(p) => (p.trim(), 100.0),
		None => (t, 1.0),
	};
	let x: f64 =
		number.parse().map_err(|_| format!("{text:?} is not a fraction (`0.18` or `18%`)"))?;
	let x = x / scale;
	if !(0.0..=1.0).contains(&x) {
		return Err(format!("{text} is not between 0 and 1 (0% and 100%)"));
	}
	Ok(sp_runtime::Perbill::from_parts((x * 1e9).round() as u32))
}

/// `amount` for JSON: planck as a decimal string (JSON numbers lose precision past 2^53), as
/// the node's `merit_*` methods answer.
pub fn json(amount: Balance) -> serde_json::Value {
	serde_json::Value::String(amount.to_string())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_in_mrt_and_planck() {
		assert_eq!(parse("1.5"), Ok(1_500_000_000_000));
		assert_eq!(parse("1.5MRT"), Ok(1_500_000_000_000));
		assert_eq!(parse(" 2 mrt "), Ok(2 * UNIT));
		assert_eq!(parse(".25"), Ok(UNIT / 4));
		assert_eq!(parse("7."), Ok(7 * UNIT));
		assert_eq!(parse("0.000000000001"), Ok(1));
		assert_eq!(parse("1_000"), Ok(1_000 * UNIT));
		assert_eq!(parse("1500p"), Ok(1_500));
		assert_eq!(parse("1500 planck"), Ok(1_500));
		assert_eq!(parse("0"), Ok(0));
	}

	#[test]
	fn bad_amounts_say_why() {
		for (text, why) in [
			("-1", "negative"),
			("1.0000000000001", "12 decimals"),
			("1.5p", "whole numbers"),
			("abc", "write MRT"),
			("", "write MRT"),
			(".", "write MRT"),
			("1e3", "write MRT"),
			("340282366920938463463374607431768211455", "too large"),
			("999999999999999999999999999999999999999p", "too large"),
		] {
			let error = parse(text).unwrap_err();
			assert!(error.contains(why), "{text:?}: {error}");
		}
	}

	#[test]
	fn fractions_in_percent_or_decimals() {
		use sp_runtime::Perbill;
		assert_eq!(fraction("18%"), Ok(Perbill::from_percent(18)));
		assert_eq!(fraction("0.18"), Ok(Perbill::from_percent(18)));
		assert_eq!(fraction("1"), Ok(Perbill::one()));
		assert!(fraction("180%").unwrap_err().contains("between 0 and 1"));
		assert!(fraction("-0.1").unwrap_err().contains("between 0 and 1"));
		assert!(fraction("x").unwrap_err().contains("not a fraction"));
	}

	#[test]
	fn amounts_print_with_their_significant_decimals() {
		assert_eq!(format(1_500_000_000_000), "1.5 MRT");
		assert_eq!(format(7 * UNIT), "7 MRT");
		assert_eq!(format(1), "0.000000000001 MRT");
		assert_eq!(format(0), "0 MRT");
		for amount in [0, 1, 999, UNIT, 123_456_789_012_345] {
			assert_eq!(parse(&format_number(amount)), Ok(amount));
		}
	}
}
