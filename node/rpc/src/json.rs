//! The JSON `merit_*` answers with, built from the runtime's types: addresses in SS58 with the
//! chain's prefix, every amount a decimal string in planck, fractions as decimal numbers, IP
//! addresses as text, holds split by reason. Field names are camelCase, as in Substrate's own
//! RPC answers.

use merit_primitives::{NetUid, TaskKind, TaskSpec, Uid};
use pallet_merit_consensus_runtime_api::{
	EpochPayouts, MetagraphField, MetagraphPage, SubnetEpochView,
};
use pallet_merit_staking_runtime_api::{
	AccountBalances, ColdkeyStakeView, DelegateView, HotkeyStakeView,
};
use pallet_merit_subnets::{
	views::{NeuronView, RegistrationCosts, SubnetView},
	AxonInfo, AxonProtocol, IpAddress, ModelCommitment, SubnetHyperparams,
};
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

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
	/// `digits` or `textBytes`.
	pub kind: &'static str,
	pub dataset_id: String,
	pub eval_size: u32,
	pub max_model_bytes: u32,
}

impl From<&TaskSpec> for Task {
	fn from(t: &TaskSpec) -> Self {
		Self {
			kind: match t.kind {
				TaskKind::Digits => "digits",
				TaskKind::TextBytes => "textBytes",
			},
			dataset_id: String::from_utf8_lossy(&t.dataset_id).into_owned(),
			eval_size: t.eval_size,
			max_model_bytes: t.max_model_bytes,
		}
	}
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hyperparams {
	pub tempo: u16,
	pub max_uids: u16,
	pub max_validators: u16,
	pub immunity_period: u32,
	pub min_burn: String,
	pub max_burn: String,
	pub burn_increase: f64,
	pub burn_decay: f64,
	pub max_regs_per_block: u16,
	pub max_regs_per_interval: u16,
	pub registration_interval: u32,
	pub min_allowed_weights: u16,
	pub max_weight_limit: f64,
	pub weights_rate_limit: u32,
	pub weights_version_key: u64,
	pub commit_reveal: bool,
	pub reveal_period: u16,
	pub kappa: f64,
	pub bonds_moving_average: f64,
	pub bonds_penalty: f64,
	pub activity_cutoff: u32,
	pub registration_allowed: bool,
	pub min_validator_stake: String,
	pub owner_cut: f64,
	pub miner_bond: String,
	pub serving_rate_limit: u32,
	pub allow_private_axons: bool,
}

impl From<&SubnetHyperparams<Balance>> for Hyperparams {
	fn from(h: &SubnetHyperparams<Balance>) -> Self {
		Self {
			tempo: h.tempo,
			max_uids: h.max_uids,
			max_validators: h.max_validators,
			immunity_period: h.immunity_period,
			min_burn: amount(h.min_burn),
			max_burn: amount(h.max_burn),
			burn_increase: fraction(h.burn_increase),
			burn_decay: fraction(h.burn_decay),
			max_regs_per_block: h.max_regs_per_block,
			max_regs_per_interval: h.max_regs_per_interval,
			registration_interval: h.registration_interval,
			min_allowed_weights: h.min_allowed_weights,
			max_weight_limit: fraction(h.max_weight_limit),
			weights_rate_limit: h.weights_rate_limit,
			weights_version_key: h.weights_version_key,
			commit_reveal: h.commit_reveal,
			reveal_period: h.reveal_period,
			kappa: fraction(h.kappa),
			bonds_moving_average: fraction(h.bonds_moving_average),
			bonds_penalty: fraction(h.bonds_penalty),
			activity_cutoff: h.activity_cutoff,
			registration_allowed: h.registration_allowed,
			min_validator_stake: amount(h.min_validator_stake),
			owner_cut: fraction(h.owner_cut),
			miner_bond: amount(h.miner_bond),
			serving_rate_limit: h.serving_rate_limit,
			allow_private_axons: h.allow_private_axons,
		}
	}
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subnet {
	pub netuid: NetUid,
	pub owner: String,
	pub owner_hotkey: String,
	pub task: Task,
	/// Held from the owner; dissolution returns it less the owner cut paid.
	pub lock: String,
	pub registered_at: u32,
	pub neurons: u16,
	/// What registering a neuron burns now.
	pub burn: String,
	/// Moving average of the subnet's epoch emission.
	pub emission: String,
	pub owner_emission: String,
	pub hyperparams: Hyperparams,
	/// The owner's queued changes, applied after the next epoch.
	pub pending_hyperparams: Option<Hyperparams>,
}

impl Subnet {
	pub fn new(token: &Token, s: &SubnetView<AccountId, Balance>) -> Self {
		Self {
			netuid: s.netuid,
			owner: token.address(&s.owner),
			owner_hotkey: token.address(&s.owner_hotkey),
			task: (&s.task).into(),
			lock: amount(s.lock),
			registered_at: s.registered_at,
			neurons: s.neurons,
			burn: amount(s.burn),
			emission: amount(s.emission),
			owner_emission: amount(s.owner_emission),
			hyperparams: (&s.hyperparams).into(),
			pending_hyperparams: s.pending_hyperparams.as_ref().map(Into::into),
		}
	}
}

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

/// A subnet's epoch position.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Epoch {
	pub netuid: NetUid,
	pub tempo: u16,
	/// Epochs run so far.
	pub epoch: u32,
	/// Block the last epoch ran in (0 before the first).
	pub last_run: u32,
	/// Block the next epoch is due in.
	pub next_due: u32,
	/// Blocks from the block read to `nextDue`.
	pub blocks_until_next: u64,
	pub commit_reveal: bool,
	pub reveal_period: u16,
	/// Emission accrued since the last epoch, paid at the next.
	pub pending_emission: String,
	/// The subnet's emission share weight (0: no emission).
	pub emission_share: u32,
}

impl Epoch {
	pub fn new(e: &SubnetEpochView<Balance>, at: u64) -> Self {
		Self {
			netuid: e.netuid,
			tempo: e.tempo,
			epoch: e.epoch,
			last_run: e.last_run,
			next_due: e.next_due,
			blocks_until_next: u64::from(e.next_due).saturating_sub(at),
			commit_reveal: e.commit_reveal,
			reveal_period: e.reveal_period,
			pending_emission: amount(e.pending_emission),
			emission_share: e.emission_share,
		}
	}
}

/// One weight a validator set.
#[derive(Clone, Debug, Serialize)]
pub struct Weight {
	pub uid: Uid,
	/// The raw `u16` weight as set.
	pub weight: u16,
	/// Its share of the row.
	pub share: f64,
}

/// A validator's weights on a subnet.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Weights {
	pub netuid: NetUid,
	pub uid: Uid,
	pub hotkey: String,
	/// Empty when it has set none (or its row was cleared).
	pub weights: Vec<Weight>,
}

impl Weights {
	pub fn new(netuid: NetUid, uid: Uid, hotkey: String, row: &[(Uid, u16)]) -> Self {
		let total: u64 = row.iter().map(|(_, w)| u64::from(*w)).sum();
		let weights = row
			.iter()
			.map(|&(uid, weight)| Weight {
				uid,
				weight,
				share: if total == 0 { 0.0 } else { f64::from(weight) / total as f64 },
			})
			.collect();
		Self { netuid, uid, hotkey, weights }
	}
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unbonding {
	pub amount: String,
	/// First block it can be withdrawn in.
	pub unlock_at: u32,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
	pub hotkey: String,
	/// Bonded stake.
	pub stake: String,
	/// Rewards shared on the hotkey, not yet compounded (they already count as its stake).
	pub rewards: String,
	pub unbonding: Vec<Unbonding>,
}

/// An account's funds, held funds split by reason.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Balances {
	pub free: String,
	pub transferable: String,
	pub frozen: String,
	/// Held funds by reason.
	pub held: Held,
	/// Reserved outside holds (referendum deposits).
	pub reserved: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Held {
	pub stake: String,
	pub bond: String,
	pub subnet_lock: String,
	pub other: String,
}

impl From<&AccountBalances<Balance>> for Balances {
	fn from(b: &AccountBalances<Balance>) -> Self {
		Self {
			free: amount(b.free),
			transferable: amount(b.transferable),
			frozen: amount(b.frozen),
			held: Held {
				stake: amount(b.stake),
				bond: amount(b.bond),
				subnet_lock: amount(b.subnet_lock),
				other: amount(b.other_held),
			},
			reserved: amount(b.reserved),
		}
	}
}

/// What a coldkey has staked, and its funds.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stake {
	pub coldkey: String,
	/// Across hotkeys: bonded plus pending rewards.
	pub total_stake: String,
	pub positions: Vec<Position>,
	pub balances: Balances,
}

impl Stake {
	pub fn new(
		token: &Token,
		s: &ColdkeyStakeView<AccountId, Balance>,
		b: &AccountBalances<Balance>,
	) -> Self {
		Self {
			coldkey: token.address(&s.coldkey),
			total_stake: amount(s.total_stake),
			positions: s
				.positions
				.iter()
				.map(|p| Position {
					hotkey: token.address(&p.hotkey),
					stake: amount(p.stake),
					rewards: amount(p.rewards),
					unbonding: p
						.unbonding
						.iter()
						.map(|c| Unbonding { amount: amount(c.amount), unlock_at: c.unlock_at })
						.collect(),
				})
				.collect(),
			balances: b.into(),
		}
	}
}

/// A delegate, as nominators shop for one.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delegate {
	pub hotkey: String,
	pub owner: Option<String>,
	/// The share of its nominators' rewards it keeps.
	pub take: f64,
	pub total_stake: String,
	/// Coldkeys with stake or unbonding on it.
	pub stakers: u32,
}

impl Delegate {
	pub fn new(token: &Token, d: &DelegateView<AccountId, Balance>) -> Self {
		Self {
			hotkey: token.address(&d.hotkey),
			owner: d.owner.as_ref().map(|o| token.address(o)),
			take: fraction(d.take),
			total_stake: amount(d.total_stake),
			stakers: d.stakers,
		}
	}
}

/// Everything backing a hotkey.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HotkeyStake {
	pub hotkey: String,
	pub owner: Option<String>,
	pub total_stake: String,
	/// Its take, if it is a delegate.
	pub take: Option<f64>,
	pub stakers: Vec<Staker>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Staker {
	pub coldkey: String,
	pub stake: String,
}

impl HotkeyStake {
	pub fn new(token: &Token, h: &HotkeyStakeView<AccountId, Balance>) -> Self {
		Self {
			hotkey: token.address(&h.hotkey),
			owner: h.owner.as_ref().map(|o| token.address(o)),
			total_stake: amount(h.total_stake),
			take: h.delegate.as_ref().map(|d| fraction(d.take)),
			stakers: h
				.stakers
				.iter()
				.map(|(c, s)| Staker { coldkey: token.address(c), stake: amount(*s) })
				.collect(),
		}
	}
}

/// What registering on one subnet costs now.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubnetCost {
	pub netuid: NetUid,
	/// Burned.
	pub burn: String,
	/// Held while registered, returned (less slashes) when the neuron leaves.
	pub bond: String,
	/// `burn + bond`: what the coldkey needs free.
	pub total: String,
	pub registration_allowed: bool,
	pub neurons: u16,
	pub max_uids: u16,
}

/// What registering costs: a subnet, and a neuron on each subnet.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Costs {
	/// Held from a subnet's owner by `register_subnet` now.
	pub subnet_lock: String,
	pub subnets: Vec<SubnetCost>,
}

impl From<&RegistrationCosts<Balance>> for Costs {
	fn from(c: &RegistrationCosts<Balance>) -> Self {
		Self {
			subnet_lock: amount(c.subnet_lock),
			subnets: c
				.subnets
				.iter()
				.map(|s| SubnetCost {
					netuid: s.netuid,
					burn: amount(s.burn),
					bond: amount(s.bond),
					total: amount(s.burn.saturating_add(s.bond)),
					registration_allowed: s.registration_allowed,
					neurons: s.neurons,
					max_uids: s.max_uids,
				})
				.collect(),
		}
	}
}

/// What one UID earned in an epoch.
#[derive(Clone, Debug, Serialize)]
pub struct Payout {
	pub uid: Uid,
	pub hotkey: String,
	pub incentive: f64,
	pub dividends: f64,
	pub emission: String,
}

/// A completed epoch and what it paid.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpochPaid {
	pub netuid: NetUid,
	pub epoch: u32,
	pub owner_cut: String,
	pub miners: String,
	pub validators: String,
	/// What nobody earned, minted into the treasury.
	pub to_treasury: String,
	/// Every UID that earned something.
	pub payouts: Vec<Payout>,
}

impl EpochPaid {
	pub fn new(token: &Token, e: &EpochPayouts<AccountId, Balance>) -> Self {
		Self {
			netuid: e.netuid,
			epoch: e.epoch,
			owner_cut: amount(e.owner_cut),
			miners: amount(e.miners),
			validators: amount(e.validators),
			to_treasury: amount(e.to_treasury),
			payouts: e
				.payouts
				.iter()
				.map(|p| Payout {
					uid: p.uid,
					hotkey: token.address(&p.hotkey),
					incentive: fraction(p.incentive),
					dividends: fraction(p.dividends),
					emission: amount(p.emission),
				})
				.collect(),
		}
	}
}

/// A neuron's extra facts beside its metagraph row.
pub fn neuron(row: MetagraphRow, n: &NeuronView<AccountId, Balance>) -> Neuron {
	Neuron { netuid: n.netuid, immune: n.immune, forfeited: n.forfeited, bond: amount(n.bond), row }
}

#[cfg(test)]
mod tests {
	use super::*;

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
