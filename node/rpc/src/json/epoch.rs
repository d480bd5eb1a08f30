//! Epochs as JSON: a subnet's position in its cycle, a validator's weights, and what a
//! completed epoch paid.

use super::{amount, fraction, AccountId, Balance, Token};
use merit_primitives::{NetUid, Uid};
use pallet_merit_consensus_runtime_api::{EpochPayouts, SubnetEpochView};
use serde::Serialize;

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
