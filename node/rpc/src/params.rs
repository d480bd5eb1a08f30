//! Parameters as clients send them, checked: SS58 addresses, metagraph field names, UID
//! ranges. Each failure names what was wrong and what is accepted.

use crate::{
	error::{error, BAD_ADDRESS, BAD_FIELD, BAD_RANGE},
	json::{field_name, AccountId},
};
use jsonrpsee::types::ErrorObjectOwned;
use pallet_merit_consensus_runtime_api::{MetagraphField, MAX_METAGRAPH_PAGE};
use serde::Deserialize;
use sp_core::crypto::Ss58Codec;

/// The UIDs a metagraph read covers: `start..start + count`, cut at the subnet's last UID.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct UidRange {
	#[serde(default)]
	pub start: u16,
	#[serde(default = "whole_page")]
	pub count: u16,
}

fn whole_page() -> u16 {
	MAX_METAGRAPH_PAGE
}

impl Default for UidRange {
	fn default() -> Self {
		Self { start: 0, count: MAX_METAGRAPH_PAGE }
	}
}

impl UidRange {
	/// The range, or why it is refused before any state is read.
	pub fn check(range: Option<Self>) -> Result<Self, ErrorObjectOwned> {
		let range = range.unwrap_or_default();
		if range.count == 0 {
			return Err(error(BAD_RANGE, "the range's count is 0: ask for at least one UID"));
		}
		if range.count > MAX_METAGRAPH_PAGE {
			return Err(error(
				BAD_RANGE,
				format!(
					"the range's count {} is more than a page holds ({MAX_METAGRAPH_PAGE}): read \
					 the metagraph in pages",
					range.count
				),
			));
		}
		Ok(range)
	}
}

/// An SS58 address of this chain (`prefix`), as an account.
pub fn address(text: &str, prefix: u16) -> Result<AccountId, ErrorObjectOwned> {
	let (account, format) = AccountId::from_ss58check_with_version(text)
		.map_err(|e| error(BAD_ADDRESS, format!("{text:?} is not an SS58 address: {e:?}")))?;
	let got = u16::from(format);
	if got != prefix {
		return Err(error(
			BAD_ADDRESS,
			format!(
				"{text:?} is an address of SS58 network {got}; this chain's prefix is {prefix}"
			),
		));
	}
	Ok(account)
}

/// Metagraph fields by name (camelCase or snake_case); `None` means every field.
pub fn fields(names: Option<Vec<String>>) -> Result<Vec<MetagraphField>, ErrorObjectOwned> {
	let Some(names) = names else { return Ok(MetagraphField::ALL.to_vec()) };
	if names.is_empty() {
		return Err(error(BAD_FIELD, "the field list is empty: leave it out to read every field"));
	}
	let mut fields = Vec::with_capacity(names.len());
	for name in &names {
		let field = MetagraphField::ALL
			.into_iter()
			.find(|f| field_name(*f) == name || f.name() == name)
			.ok_or_else(|| {
				let valid: Vec<_> = MetagraphField::ALL.into_iter().map(field_name).collect();
				error(
					BAD_FIELD,
					format!(
						"unknown metagraph field {name:?}; the fields are {}",
						valid.join(", ")
					),
				)
			})?;
		if !fields.contains(&field) {
			fields.push(field);
		}
	}
	fields.sort();
	Ok(fields)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn field_names_in_either_case_and_unknown_ones_named() {
		assert_eq!(fields(None).unwrap().len(), 14);
		assert_eq!(
			fields(Some(vec!["incentive".into(), "stake".into(), "stake".into()])).unwrap(),
			[MetagraphField::Stake, MetagraphField::Incentive]
		);
		assert_eq!(
			fields(Some(vec!["validator_permit".into(), "validatorTrust".into()])).unwrap(),
			[MetagraphField::ValidatorPermit, MetagraphField::ValidatorTrust]
		);
		let e = fields(Some(vec!["stake".into(), "size".into()])).unwrap_err();
		assert_eq!(e.code(), BAD_FIELD);
		assert!(e.message().contains("\"size\"") && e.message().contains("validatorPermit"));
		assert_eq!(fields(Some(vec![])).unwrap_err().code(), BAD_FIELD);
	}

	#[test]
	fn ranges_are_bounded() {
		assert_eq!(UidRange::check(None).unwrap(), UidRange { start: 0, count: 4096 });
		let e = UidRange::check(Some(UidRange { start: 0, count: 0 })).unwrap_err();
		assert_eq!(e.code(), BAD_RANGE);
		let e = UidRange::check(Some(UidRange { start: 5, count: 4097 })).unwrap_err();
		assert!(e.message().contains("4096"), "{}", e.message());
		let partial: UidRange = serde_json::from_str(r#"{"start": 10}"#).unwrap();
		assert_eq!(partial, UidRange { start: 10, count: 4096 });
		assert!(serde_json::from_str::<UidRange>(r#"{"begin": 1}"#).is_err());
	}

	#[test]
	fn addresses_must_be_ss58_of_this_chain() {
		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		assert!(address(alice, 42).is_ok());
		let e = address(alice, 0).unwrap_err();
		assert_eq!(e.code(), BAD_ADDRESS);
		assert!(e.message().contains("network 42"), "{}", e.message());
		assert_eq!(address("5Grwva", 42).unwrap_err().code(), BAD_ADDRESS);
		assert_eq!(address("0x1234", 42).unwrap_err().code(), BAD_ADDRESS);
		assert_eq!(address("", 42).unwrap_err().code(), BAD_ADDRESS);
	}
}
