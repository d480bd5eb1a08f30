//! The JSON `merit_*` answers with, built from the runtime's types: addresses in SS58 with the
//! chain's prefix, every amount a decimal string in planck, fractions as decimal numbers, IP
//! addresses as text, holds split by reason. Field names are camelCase, as in Substrate's own
//! RPC answers.

mod epoch;
mod metagraph;
mod stake;
mod subnet;

pub use epoch::*;
pub use metagraph::*;
pub use stake::*;
pub use subnet::*;

use serde::Serialize;
use sp_core::crypto::{AccountId32, Ss58AddressFormat, Ss58Codec};
use sp_runtime::Perbill;

/// Merit's account and balance types.
pub type AccountId = AccountId32;
pub type Balance = u128;

/// How this chain writes addresses and amounts: from its chain spec's properties.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Token {
	pub symbol: String,
	pub decimals: u8,
	#[serde(skip)]
	pub ss58_prefix: u16,
}

impl Token {
	/// `who` in SS58 with the chain's prefix.
	pub fn address(&self, who: &AccountId) -> String {
		who.to_ss58check_with_version(Ss58AddressFormat::custom(self.ss58_prefix))
	}
}

/// An amount in planck, as a decimal string (JSON numbers lose precision past 2^53).
pub fn amount(planck: Balance) -> String {
	planck.to_string()
}

/// A fraction as a decimal number: a Perbill's nine digits print exactly.
pub fn fraction(p: Perbill) -> f64 {
	f64::from(p.deconstruct()) / 1e9
}

/// `0x`-prefixed hex.
pub fn hex(bytes: &[u8]) -> String {
	format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&bytes))
}

/// The block a state was read at.
#[derive(Clone, Debug, Serialize)]
pub struct BlockRef {
	pub hash: String,
	pub number: u64,
}

/// Every answer: `{"at": <the block read>, "token": <its units>, <name>: <the answer>}`.
#[derive(Clone, Debug)]
pub struct Reply<T> {
	pub at: BlockRef,
	pub token: Token,
	pub name: &'static str,
	pub body: T,
}

impl<T: Serialize> Serialize for Reply<T> {
	fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
		use serde::ser::SerializeMap;
		let mut map = s.serialize_map(Some(3))?;
		map.serialize_entry("at", &self.at)?;
		map.serialize_entry("token", &self.token)?;
		map.serialize_entry(self.name, &self.body)?;
		map.end()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_merit_consensus_runtime_api::{MetagraphField, MetagraphPage};
	use pallet_merit_subnets::{AxonInfo, AxonProtocol, IpAddress};

	#[test]
	fn fractions_print_their_nine_digits_exactly() {
		for (parts, text) in [
			(750_000_000, "0.75"),
			(333_333_333, "0.333333333"),
			(1, "1e-9"),
			(999_999_999, "0.999999999"),
			(1_000_000_000, "1.0"),
			(0, "0.0"),
		] {
			let json = serde_json::to_string(&fraction(Perbill::from_parts(parts))).unwrap();
			assert_eq!(json, text, "{parts}");
		}
	}

	#[test]
	fn amounts_past_two_to_the_53_stay_exact() {
		assert_eq!(amount(u128::MAX), "340282366920938463463374607431768211455");
		assert_eq!(amount(9_007_199_254_740_993), "9007199254740993");
	}

	#[test]
	fn axons_read_as_text() {
		let mut axon = AxonInfo {
			ip: IpAddress::V4([127, 0, 0, 1]),
			port: 8711,
			protocol: AxonProtocol::Http,
			version: 3,
			block: 9,
		};
		let json = serde_json::to_value(Axon::from(&axon)).unwrap();
		assert_eq!(json["address"], "127.0.0.1:8711");
		assert_eq!(json["ip"], "127.0.0.1");
		assert_eq!(json["protocol"], "http");
		axon.ip = IpAddress::V6([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
		axon.protocol = AxonProtocol::Https;
		let json = serde_json::to_value(Axon::from(&axon)).unwrap();
		assert_eq!(json["address"], "[2001:db8::1]:8711");
		assert_eq!(json["protocol"], "https");
	}

	#[test]
	fn addresses_use_the_chains_prefix() {
		let who = AccountId::new([1; 32]);
		let generic = Token { symbol: "MRT".into(), decimals: 12, ss58_prefix: 42 };
		let polkadot = Token { ss58_prefix: 0, ..generic.clone() };
		assert!(generic.address(&who).starts_with('5'));
		assert!(polkadot.address(&who).starts_with('1'));
		assert_ne!(generic.address(&who), polkadot.address(&who));
	}

	#[test]
	fn metagraph_rows_hold_only_the_fields_asked_for() {
		let token = Token { symbol: "MRT".into(), decimals: 12, ss58_prefix: 42 };
		let mut page = MetagraphPage::new(3, 2, vec![0, 1]);
		page.stake = Some(vec![5, u128::MAX]);
		page.last_update = Some(vec![Some(7), None]);
		let fields = [MetagraphField::Stake, MetagraphField::LastUpdate];
		let json = serde_json::to_value(Metagraph::new(&token, &fields, &page)).unwrap();
		assert_eq!(json["fields"], serde_json::json!(["stake", "lastUpdate"]));
		assert_eq!(
			json["rows"],
			serde_json::json!([
				{"uid": 0, "stake": "5", "lastUpdate": 7},
				{"uid": 1, "stake": u128::MAX.to_string(), "lastUpdate": null},
			])
		);
	}
}
