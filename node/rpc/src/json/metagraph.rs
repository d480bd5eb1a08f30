//! Metagraphs as JSON: rows of the fields asked for, axons as text, model commitments, and a
//! neuron's own facts.

use super::{amount, fraction, hex, AccountId, Balance, Token};
use merit_primitives::{NetUid, Uid};
use pallet_merit_consensus_runtime_api::{MetagraphField, MetagraphPage};
use pallet_merit_subnets::{views::NeuronView, AxonInfo, AxonProtocol, IpAddress, ModelCommitment};
use serde::Serialize;

/// Where a neuron serves.
#[derive(Clone, Debug, Serialize)]
pub struct Axon {
	/// `ip:port` (`[ip]:port` for IPv6).
	pub address: String,
	pub ip: String,
	pub port: u16,
	/// `http` or `https`.
	pub protocol: &'static str,
	pub version: u32,
	/// Block it was announced at.
	pub block: u32,
}

impl From<&AxonInfo> for Axon {
	fn from(a: &AxonInfo) -> Self {
		let ip = match a.ip {
			IpAddress::V4(o) => std::net::IpAddr::from(o),
			IpAddress::V6(o) => std::net::IpAddr::from(o),
		};
		Self {
			address: std::net::SocketAddr::new(ip, a.port).to_string(),
			ip: ip.to_string(),
			port: a.port,
			protocol: match a.protocol {
				AxonProtocol::Http => "http",
				AxonProtocol::Https => "https",
			},
			version: a.version,
			block: a.block,
		}
	}
}

/// A neuron's model commitment.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
	/// `blake2_256(model hash ‖ hotkey ‖ netuid)`, committed first.
	pub binding: String,
	pub size_bytes: u32,
	pub committed_at: u32,
	/// The model file's `blake2_256`, once revealed.
	pub model_hash: Option<String>,
	/// The hotkey that committed this model earlier, if this one is a copy.
	pub copy_of: Option<String>,
}

impl Model {
	pub fn new(token: &Token, m: &ModelCommitment<AccountId>) -> Self {
		Self {
			binding: hex(&m.binding),
			size_bytes: m.size_bytes,
			committed_at: m.committed_at,
			model_hash: m.revealed.as_ref().map(|h| hex(h)),
			copy_of: m.copy_of.as_ref().map(|a| token.address(a)),
		}
	}
}

/// One UID's row of a metagraph: only the fields asked for are present.
#[derive(Clone, Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct MetagraphRow {
	pub uid: Uid,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub hotkey: Option<String>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub coldkey: Option<String>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub stake: Option<String>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub active: Option<bool>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub validator_permit: Option<bool>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub consensus: Option<f64>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub incentive: Option<f64>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub dividends: Option<f64>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub validator_trust: Option<f64>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub emission: Option<String>,
	/// `null` when it never set weights.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub last_update: Option<Option<u32>>,
	#[serde(skip_serializing_if = "Option::is_none")]
	pub registered_at: Option<u32>,
	/// `null` when it serves nothing.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub axon: Option<Option<Axon>>,
	/// `null` when it committed no model.
	#[serde(skip_serializing_if = "Option::is_none")]
	pub model: Option<Option<Model>>,
}

/// A page of a subnet's metagraph.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metagraph {
	pub netuid: NetUid,
	/// Neurons on the subnet (UIDs `0..neurons`).
	pub neurons: u16,
	/// The fields each row holds besides `uid`.
	pub fields: Vec<&'static str>,
	pub rows: Vec<MetagraphRow>,
}

/// The JSON name of a metagraph field.
pub fn field_name(f: MetagraphField) -> &'static str {
	match f {
		MetagraphField::Hotkey => "hotkey",
		MetagraphField::Coldkey => "coldkey",
		MetagraphField::Stake => "stake",
		MetagraphField::Active => "active",
		MetagraphField::ValidatorPermit => "validatorPermit",
		MetagraphField::Consensus => "consensus",
		MetagraphField::Incentive => "incentive",
		MetagraphField::Dividends => "dividends",
		MetagraphField::ValidatorTrust => "validatorTrust",
		MetagraphField::Emission => "emission",
		MetagraphField::LastUpdate => "lastUpdate",
		MetagraphField::RegisteredAt => "registeredAt",
		MetagraphField::Axon => "axon",
		MetagraphField::Model => "model",
	}
}

/// Column `i` of an optional column.
fn cell<V: Clone>(column: &Option<Vec<V>>, i: usize) -> Option<V> {
	column.as_ref().and_then(|c| c.get(i).cloned())
}

impl Metagraph {
	pub fn new(
		token: &Token,
		fields: &[MetagraphField],
		p: &MetagraphPage<AccountId, Balance>,
	) -> Self {
		let rows = p
			.uids
			.iter()
			.enumerate()
			.map(|(i, &uid)| MetagraphRow {
				uid,
				hotkey: cell(&p.hotkey, i).map(|a| token.address(&a)),
				coldkey: cell(&p.coldkey, i).map(|a| token.address(&a)),
				stake: cell(&p.stake, i).map(amount),
				active: cell(&p.active, i),
				validator_permit: cell(&p.validator_permit, i),
				consensus: cell(&p.consensus, i).map(fraction),
				incentive: cell(&p.incentive, i).map(fraction),
				dividends: cell(&p.dividends, i).map(fraction),
				validator_trust: cell(&p.validator_trust, i).map(fraction),
				emission: cell(&p.emission, i).map(amount),
				last_update: cell(&p.last_update, i),
				registered_at: cell(&p.registered_at, i),
				axon: cell(&p.axon, i).map(|a| a.as_ref().map(Axon::from)),
				model: cell(&p.model, i).map(|m| m.as_ref().map(|m| Model::new(token, m))),
			})
			.collect();
		Self {
			netuid: p.netuid,
			neurons: p.neurons,
			fields: fields.iter().copied().map(field_name).collect(),
			rows,
		}
	}
}

/// One neuron: who it is, what backs it, what the last epoch made of it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Neuron {
	pub netuid: NetUid,
	/// Whether it is inside its immunity period (cannot be pruned).
	pub immune: bool,
	/// Whether it lost its place for an offence.
	pub forfeited: bool,
	/// Held from its coldkey while registered.
	pub bond: String,
	#[serde(flatten)]
	pub row: MetagraphRow,
}

/// A neuron's extra facts beside its metagraph row.
pub fn neuron(row: MetagraphRow, n: &NeuronView<AccountId, Balance>) -> Neuron {
	Neuron { netuid: n.netuid, immune: n.immune, forfeited: n.forfeited, bond: amount(n.bond), row }
}
