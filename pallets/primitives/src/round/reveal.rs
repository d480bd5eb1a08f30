//! What a round sends (weights set, or committed then revealed), and the pending-reveal
//! machine every driver keeps between commit and reveal.

use super::{FetchedSet, WeightsBasis};
use crate::{Hash32, Uid};
use alloc::vec::Vec;
use codec::{Decode, Encode};

/// A reveal sent but not yet seen on chain is sent again after this many blocks.
pub const RESEND_AFTER: u32 = 5;
/// A commit not found on chain this many epochs after it was sent is given up on.
pub const GIVE_UP_EPOCHS: u32 = 2;

/// What a round submits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Submission {
	/// Nothing: no weights meet the subnet's limits (no model beat guessing, or too few
	/// were scored).
	Nothing,
	/// `set_weights`: the subnet does not use commit–reveal.
	Set { uids: Vec<Uid>, weights: Vec<u16> },
	/// `commit_weights` now, `reveal_weights` in the reveal epoch ([`PendingReveal`]).
	Commit { uids: Vec<Uid>, weights: Vec<u16> },
}

impl Submission {
	/// What to submit for a round's `weights` on a subnet with or without commit–reveal.
	pub fn of(weights: Option<Vec<(Uid, u16)>>, commit_reveal: bool) -> Self {
		let Some(weights) = weights.filter(|w| !w.is_empty()) else { return Self::Nothing };
		let (uids, weights) = weights.into_iter().unzip();
		if commit_reveal {
			Self::Commit { uids, weights }
		} else {
			Self::Set { uids, weights }
		}
	}
}

/// Weights committed and not yet revealed. Drivers keep these, per subnet, where they survive
/// a restart (the node's persistent off-chain storage, `merit-validator`'s state file).
/// `fetched` came last, with the weights basis in the commit hash (`spec_version` 109):
/// an older pending reveal no longer decodes, and could not be revealed anyway (its commit
/// hash has no basis).
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct PendingReveal {
	/// The commit's hash (`commit_weights`).
	pub hash: Hash32,
	/// The epoch the weights were committed in.
	pub epoch: u32,
	pub uids: Vec<Uid>,
	pub weights: Vec<u16>,
	pub salt: Hash32,
	pub version_key: u64,
	/// The block the reveal was last sent in.
	pub sent_at: Option<u32>,
	/// The files the round obtained (with `epoch`, the weights' basis).
	pub fetched: FetchedSet,
}

/// What to do with a [`PendingReveal`] now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevealStep {
	/// Send `reveal_weights` (then [`PendingReveal::sent`]) and keep it.
	Send,
	/// Keep it: not due yet, or sent recently and not yet seen on chain.
	Wait,
	/// Drop it: sent, and the commit is gone from the chain: revealed.
	Revealed,
	/// Drop it: its reveal epoch `due` has passed; the commit expires on chain.
	Missed { due: u32 },
	/// Drop it: the commit never reached the chain.
	NeverLanded,
}

impl PendingReveal {
	/// The next step in subnet epoch `epoch` at block `now`, given the reveal epoch of the
	/// commit with this hash on chain (`None`: no such commit on chain).
	pub fn step(&self, on_chain: Option<u32>, epoch: u32, now: u32) -> RevealStep {
		match on_chain {
			Some(due) if due == epoch => {
				let resend = self.sent_at.is_none_or(|at| now >= at.saturating_add(RESEND_AFTER));
				if resend {
					RevealStep::Send
				} else {
					RevealStep::Wait
				}
			},
			Some(due) if due > epoch => RevealStep::Wait,
			Some(due) => RevealStep::Missed { due },
			None if self.sent_at.is_some() => RevealStep::Revealed,
			None if epoch <= self.epoch.saturating_add(GIVE_UP_EPOCHS) => RevealStep::Wait,
			None => RevealStep::NeverLanded,
		}
	}

	/// What the weights rest on: the round committed in, and the files it obtained.
	pub fn basis(&self) -> WeightsBasis {
		WeightsBasis { round: self.epoch, fetched: self.fetched.clone() }
	}

	/// Records that the reveal was sent at block `now`.
	pub fn sent(&mut self, now: u32) {
		self.sent_at = Some(now);
	}

	/// Whether a [`RevealStep`] keeps the pending reveal.
	pub fn kept(step: RevealStep) -> bool {
		matches!(step, RevealStep::Send | RevealStep::Wait)
	}
}
