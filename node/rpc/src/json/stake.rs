//! Stake as JSON: a coldkey's positions and funds (held funds by reason), a hotkey's backing
//! and the delegates.

use super::{amount, fraction, AccountId, Balance, Token};
use pallet_merit_staking_runtime_api::{
	AccountBalances, ColdkeyStakeView, DelegateView, HotkeyStakeView,
};
use serde::Serialize;

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
