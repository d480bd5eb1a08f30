//! Subnets as JSON: their task, hyperparameters and what registering on them costs.

use super::{amount, fraction, AccountId, Balance, Token};
use merit_primitives::{NetUid, TaskKind, TaskSpec};
use pallet_merit_subnets::{
	views::{RegistrationCosts, SubnetView},
	SubnetHyperparams,
};
use serde::Serialize;

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
