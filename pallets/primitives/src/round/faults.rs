//! Why a miner's file could not be used, and what a validator reports of it on chain.

use crate::Uid;
use alloc::vec::Vec;

/// Why a miner's file could not be used. Every driver maps its own transport's errors to
/// these, so the policy below is the same for all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FetchFailure {
	/// The miner announced no axon.
	NoAxon,
	/// No connection, or it broke.
	Offline,
	/// No complete answer before the file's deadline.
	Timeout,
	/// An answer other than 200.
	Status(u16),
	/// Larger than the subnet's cap or than the task's largest valid model (so not a valid
	/// model).
	TooLarge,
	/// Larger than this validator reads, though within the subnet's cap: the validator's own
	/// limit, not the miner's fault.
	TooLargeForValidator,
	/// Not the revealed file.
	HashMismatch,
	/// An axon this validator cannot fetch from (`merit-validator` speaks no HTTPS yet): its
	/// own limit, not the miner's fault.
	Unsupported,
	/// The round's deadline came before the file's: this validator's budget, not the miner's
	/// fault.
	RoundOver,
}

/// What a validator reports on chain about a miner's file (`report_model`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
	/// Not served.
	Unavailable,
	/// Served, but not the revealed file.
	HashMismatch,
}

impl FetchFailure {
	/// What to report, if anything: a file not served (or served above the cap) is
	/// unavailable, a wrong one mismatched; the validator's own limits are not the miner's
	/// fault.
	pub fn fault(&self) -> Option<Fault> {
		match self {
			Self::HashMismatch => Some(Fault::HashMismatch),
			Self::TooLargeForValidator | Self::Unsupported | Self::RoundOver => None,
			Self::NoAxon | Self::Offline | Self::Timeout | Self::Status(_) | Self::TooLarge => {
				Some(Fault::Unavailable)
			},
		}
	}

	/// Whether the failure is the kind a validator's own network outage also causes.
	pub fn is_network(&self) -> bool {
		matches!(self, Self::Offline | Self::Timeout)
	}
}

impl core::fmt::Display for FetchFailure {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::NoAxon => write!(f, "no axon announced"),
			Self::Offline => write!(f, "no connection"),
			Self::Timeout => write!(f, "not served in time"),
			Self::Status(code) => write!(f, "answered HTTP {code}"),
			Self::TooLarge => write!(f, "larger than the subnet's cap or any valid model"),
			Self::TooLargeForValidator => write!(f, "larger than this validator reads"),
			Self::HashMismatch => write!(f, "not the revealed file"),
			Self::Unsupported => write!(f, "an axon this validator cannot fetch from"),
			Self::RoundOver => write!(f, "not fetched before the round's deadline"),
		}
	}
}

/// The reports a round sends, in UID order, from every fetch that failed (`failures`):
/// each unavailable or mismatched file, except the validator's own (`own_uid`), and nothing
/// at all when nobody answered, that is when at least two fetches were tried and every one
/// failed on the network (no connection, or no answer in time): this validator's own
/// network is then the likelier culprit, and reports feed slashing. `tried` counts the
/// fetches that went to the network and ended within the round (neither
/// [`FetchFailure::NoAxon`], [`FetchFailure::Unsupported`] nor [`FetchFailure::RoundOver`]),
/// successful ones included.
pub fn reports(
	failures: &[(Uid, FetchFailure)],
	tried: usize,
	own_uid: Option<Uid>,
) -> Vec<(Uid, Fault)> {
	let network = failures.iter().filter(|(_, f)| f.is_network()).count();
	if tried >= 2 && network >= tried {
		return Vec::new();
	}
	let mut out: Vec<(Uid, Fault)> = failures
		.iter()
		.filter(|(uid, _)| Some(*uid) != own_uid)
		.filter_map(|(uid, f)| Some((*uid, f.fault()?)))
		.collect();
	out.sort_by_key(|(uid, _)| *uid);
	out
}
