//! The slash canceller track's rules: stake a slash would take does not vote on cancelling it.
//!
//! Without them, a validator caught in an offence (or its stakers) could vote to cancel its own
//! slash with the very stake the slash is about to take, on the track built to act fast. So:
//! - a referendum on the slash canceller track proposes exactly one
//!   `Slashing::cancel_deferred_slash` of a pending slash, inline (the runtime's call filter
//!   refuses any other submission with that origin, so the slash each referendum concerns is
//!   known, and nobody fills the track with referenda about nothing);
//! - the coldkey that owns the offender (its bond is what an unavailable-model slash takes)
//!   and every coldkey with stake (or unbonding stake) on it cannot vote on it
//!   ([`pallet_merit_origins::Error::StakeAtRisk`]);
//! - votes on the track cannot be delegated (the call filter refuses
//!   `ConvictionVoting::delegate` for it), so at-risk stake cannot vote through a delegate.
//!
//! The hook reads the referendum (which the pallet reads too), the slash, the offender's owner
//! and the voter's position: [`VotingWeights`] charges every vote three reads more than the
//! pallet's own weight.

use super::tracks::SLASH_CANCELLER;
use crate::{AccountId, Balance, OriginCaller, Runtime, RuntimeCall};
use codec::Decode;
use frame_support::{traits::Bounded, weights::Weight};
use pallet_conviction_voting::{AccountVote, Status};
use pallet_referenda::ReferendumInfo;
use sp_runtime::DispatchResult;

/// Whether `call` may be dispatched as far as the slash canceller track is concerned:
/// submissions with its origin only for one inline `cancel_deferred_slash` of a pending
/// slash, and no delegation on it. (One storage read, for such submissions only.)
pub fn allowed(call: &RuntimeCall) -> bool {
	match call {
		RuntimeCall::Referenda(pallet_referenda::Call::submit {
			proposal_origin,
			proposal,
			..
		}) if matches!(
			**proposal_origin,
			OriginCaller::Origins(pallet_merit_origins::Origin::SlashCanceller)
		) =>
		{
			cancelled_slash(proposal).is_some_and(|(netuid, id)| {
				pallet_merit_slashing::DeferredSlashes::<Runtime>::contains_key(netuid, id)
			})
		},
		RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::delegate {
			class, ..
		}) => *class != SLASH_CANCELLER,
		_ => true,
	}
}

/// The `(netuid, slash id)` an inline `cancel_deferred_slash` proposal cancels.
fn cancelled_slash(
	proposal: &Bounded<RuntimeCall, sp_runtime::traits::BlakeTwo256>,
) -> Option<(merit_primitives::NetUid, pallet_merit_slashing::SlashId)> {
	let Bounded::Inline(bytes) = proposal else { return None };
	match RuntimeCall::decode(&mut &bytes[..]).ok()? {
		RuntimeCall::Slashing(pallet_merit_slashing::Call::cancel_deferred_slash {
			netuid,
			id,
		}) => Some((netuid, id)),
		_ => None,
	}
}

/// Conviction voting's weights (polkadot-sdk's reference figures) with the three reads of
/// [`SlashCancelVotes`] added to each vote.
pub struct VotingWeights;

type ReferenceWeights = pallet_conviction_voting::weights::SubstrateWeight<Runtime>;

fn hook_reads() -> Weight {
	<Runtime as frame_system::Config>::DbWeight::get().reads(3)
}

impl pallet_conviction_voting::WeightInfo for VotingWeights {
	fn vote_new() -> Weight {
		ReferenceWeights::vote_new().saturating_add(hook_reads())
	}
	fn vote_existing() -> Weight {
		ReferenceWeights::vote_existing().saturating_add(hook_reads())
	}
	fn remove_vote() -> Weight {
		ReferenceWeights::remove_vote()
	}
	fn remove_other_vote() -> Weight {
		ReferenceWeights::remove_other_vote()
	}
	fn delegate(r: u32) -> Weight {
		ReferenceWeights::delegate(r)
	}
	fn undelegate(r: u32) -> Weight {
		ReferenceWeights::undelegate(r)
	}
	fn unlock() -> Weight {
		ReferenceWeights::unlock()
	}
}

/// Conviction voting's hooks: refuses votes of stake at risk on slash cancellations.
pub struct SlashCancelVotes;

impl pallet_conviction_voting::VotingHooks<AccountId, u32, Balance> for SlashCancelVotes {
	fn on_before_vote(
		who: &AccountId,
		ref_index: u32,
		_vote: AccountVote<Balance>,
	) -> DispatchResult {
		let Some(ReferendumInfo::Ongoing(status)) =
			pallet_referenda::ReferendumInfoFor::<Runtime>::get(ref_index)
		else {
			return Ok(());
		};
		if status.track != SLASH_CANCELLER {
			return Ok(());
		}
		let offender = cancelled_slash(&status.proposal).and_then(|(netuid, id)| {
			pallet_merit_slashing::DeferredSlashes::<Runtime>::get(netuid, id).map(|s| s.offender)
		});
		let Some(offender) = offender else { return Ok(()) };
		let owns =
			pallet_merit_subnets::HotkeyOwner::<Runtime>::get(&offender).as_ref() == Some(who);
		if owns || pallet_merit_staking::Positions::<Runtime>::contains_key(who, &offender) {
			return Err(pallet_merit_origins::Error::<Runtime>::StakeAtRisk.into());
		}
		Ok(())
	}

	fn on_remove_vote(_who: &AccountId, _ref_index: u32, _status: Status) {}

	fn lock_balance_on_unsuccessful_vote(_who: &AccountId, _ref_index: u32) -> Option<Balance> {
		None
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn on_vote_worst_case(_who: &AccountId) {}

	#[cfg(feature = "runtime-benchmarks")]
	fn on_remove_vote_worst_case(_who: &AccountId) {}
}
