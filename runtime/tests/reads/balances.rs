//! `AccountsApi::balances`: what an account holds, split by reason, adds up to what the
//! balances pallet keeps, and each part is the one its pallet put there.

use super::scored_subnet;
use crate::harness::*;
use frame_support::assert_ok;
use merit_runtime::{account_balances::balances, ConvictionVoting, Runtime, Subnets};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};

#[test]
fn holds_are_split_by_reason() {
	each_preset(|preset| {
		let s = scored_subnet();
		let owner = balances(&actor("owner"));
		let lock = Subnets::subnet_view(s.netuid).unwrap().lock;
		assert_eq!(owner.subnet_lock, lock, "{preset}");
		// The owner cut is paid as stake on the owner's hotkey.
		assert_eq!(owner.stake, staked(&actor("owner"), &actor("owner-hotkey")), "{preset}");
		assert!(owner.stake > 0, "{preset}: the epochs paid an owner cut");
		assert_eq!(owner.bond, 0);

		// Two miners registered by one coldkey: two bonds.
		let miners = balances(&actor("miner"));
		assert_eq!(miners.bond, 2 * hyperparams(s.netuid).miner_bond, "{preset}");
		assert_eq!(miners.subnet_lock, 0);

		let validator = balances(&actor("validator-a"));
		assert!(validator.stake >= permit_stake(2), "{preset}");
		// Every held part together is what the balances pallet calls reserved.
		let account = frame_system::Account::<Runtime>::get(actor("validator-a")).data;
		assert_eq!(
			validator.stake
				+ validator.bond
				+ validator.subnet_lock
				+ validator.other_held
				+ validator.reserved,
			account.reserved
		);
		assert_eq!(validator.free, account.free);
		assert!(validator.transferable < validator.free, "the existential deposit stays");

		// A conviction vote freezes free funds; they are still free, no longer transferable.
		let voter = actor("nominator");
		let before = balances(&voter);
		let remark = frame_system::Call::remark { remark: b"reads".to_vec() }.into();
		let index =
			submit_referendum(&actor("attacker"), frame_system::RawOrigin::Root.into(), remark);
		assert_ok!(ConvictionVoting::vote(
			signed(&voter),
			index,
			AccountVote::Standard {
				vote: Vote { aye: true, conviction: Conviction::Locked1x },
				balance: 1_000 * merit_runtime::UNIT
			}
		));
		let after = balances(&voter);
		assert_eq!(after.frozen, 1_000 * merit_runtime::UNIT, "{preset}");
		assert_eq!(after.free, before.free);
		// The frozen part covers the existential deposit, so exactly it stays behind.
		assert_eq!(after.transferable, after.free - 1_000 * merit_runtime::UNIT);
		assert!(after.transferable < before.transferable);
	});
}

#[test]
fn an_unknown_account_has_nothing() {
	each_preset(|_| {
		let nobody = balances(&actor("nobody-at-all"));
		assert_eq!(nobody, Default::default());
	});
}
