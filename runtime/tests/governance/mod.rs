//! Token-holder governance on the real runtime, with the `development` and the `testnet`
//! presets' parameters: referenda on Merit's tracks, conviction voting with free and staked
//! MRT, the treasury, and the attacks on each (an origin reaching past its track, a staker
//! voting with funds it then unstakes or loses to a slash, a slashed validator's stakers
//! cancelling its slash). One file per topic.

mod origins;
mod referendum;
mod slash_cancel;
mod tracks;
mod treasury;
mod voting_power;

use crate::harness::*;
use frame_support::{assert_ok, traits::StorePreimage};
use merit_runtime::{
	AccountId, Balance, ConvictionVoting, OriginCaller, Preimage, Referenda, Runtime, RuntimeCall,
};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_referenda::{ReferendumIndex, ReferendumInfo, ReferendumInfoFor};

/// A referendum's state, as the chain keeps it.
pub type Info = pallet_referenda::ReferendumInfoOf<Runtime, ()>;

/// `proposer` (given enough for the deposits) submits `call` on the track of `origin` and
/// places its decision deposit.
pub fn propose(proposer: &AccountId, origin: OriginCaller, call: RuntimeCall) -> ReferendumIndex {
	endow(proposer, 20_000 * merit_runtime::UNIT);
	submit_referendum(proposer, origin, call)
}

/// `who` votes on `index` with `balance` at `conviction`: aye or nay.
pub fn vote(
	who: &AccountId,
	index: ReferendumIndex,
	aye: bool,
	balance: Balance,
	conviction: Conviction,
) {
	assert_ok!(ConvictionVoting::vote(
		signed(who),
		index,
		AccountVote::Standard { vote: Vote { aye, conviction }, balance }
	));
}

/// The referendum's state.
pub fn info(index: ReferendumIndex) -> Info {
	ReferendumInfoFor::<Runtime>::get(index).expect("the referendum exists")
}

/// Runs blocks until referendum `index` is no longer ongoing (at most `limit` blocks), then
/// one more so an approved call is enacted at its earliest; returns the final state.
pub fn run_until_decided(index: ReferendumIndex, limit: u32) -> Info {
	let end = now() + limit;
	while matches!(info(index), ReferendumInfo::Ongoing(_)) {
		assert!(now() < end, "referendum {index} still ongoing after {limit} blocks");
		next_block();
	}
	info(index)
}

/// `percent`% of the total issuance (at the time of the call: emission raises it).
pub fn issuance_share(percent: u128) -> Balance {
	pallet_balances::TotalIssuance::<Runtime>::get() / 100 * percent
}

thread_local! {
	/// Accounts `endow` gave to: never taken from again, so what a test gave stays.
	static ENDOWED: std::cell::RefCell<std::collections::BTreeSet<AccountId>> =
		const { std::cell::RefCell::new(std::collections::BTreeSet::new()) };
}

/// Gives `who` `amount` more, in transfers from the richest accounts no test gave to (the
/// token books stay balanced).
pub fn endow(who: &AccountId, amount: Balance) {
	ENDOWED.with(|endowed| endowed.borrow_mut().insert(who.clone()));
	let mut left = amount;
	while left > 0 {
		let (source, free) = frame_system::Account::<Runtime>::iter()
			.filter(|(account, _)| !ENDOWED.with(|endowed| endowed.borrow().contains(account)))
			.map(|(account, _)| {
				let spendable = <merit_runtime::Balances as frame_support::traits::fungible::Inspect<_>>::reducible_balance(
					&account,
					frame_support::traits::tokens::Preservation::Preserve,
					frame_support::traits::tokens::Fortitude::Polite,
				);
				(account, spendable)
			})
			.max_by_key(|(_, free)| *free)
			.expect("genesis endows someone");
		let chunk = left.min(free / 2);
		assert!(chunk > 0, "nobody left to endow from");
		assert_ok!(merit_runtime::Balances::transfer_keep_alive(
			signed(&source),
			sp_runtime::MultiAddress::Id(who.clone()),
			chunk
		));
		left -= chunk;
	}
}

/// Track `id`'s parameters on this chain.
pub fn tracks_info(id: u16) -> pallet_referenda::TrackInfo<Balance, u32> {
	merit_runtime::configs::tracks::tracks_of(
		pallet_merit_origins::TrackTimescale::<Runtime>::get(),
	)[usize::from(id)]
	.info
	.clone()
}

/// A copy offence on a fresh subnet: the copier, given `percent`% of the issuance, stakes
/// nearly all of it on its own hotkey, which then reveals a copy of an honest miner's model;
/// that stake is at risk. Returns the subnet, the slash id, the copier's coldkey and hotkey.
pub fn copy_offence(percent: u128) -> (merit_primitives::NetUid, u32, AccountId, AccountId) {
	let netuid = subnet_with_honest_model();
	let (copier, copier_hotkey) = (actor("copier"), actor("copier-hotkey"));
	let share = issuance_share(percent);
	endow(&copier, share);
	register(netuid, &copier, &copier_hotkey);
	stake(&copier, &copier_hotkey, share - share / 30);
	next_epoch(netuid);
	commit_and_reveal_model(netuid, &copier_hotkey, [7; 32]);
	let id = slashing_events()
		.iter()
		.find_map(|e| match e {
			pallet_merit_slashing::Event::SlashScheduled { id, offender, .. }
				if *offender == copier_hotkey =>
			{
				Some(*id)
			},
			_ => None,
		})
		.expect("the copy is an offence");
	(netuid, id, copier, copier_hotkey)
}
