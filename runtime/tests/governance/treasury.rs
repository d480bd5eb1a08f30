//! The treasury: spends by referendum within each spender track's limit, and what flows in.
//!
//! **Attack.** A proposer drains the treasury through the fast small-spender track, or spends
//! more than a track allows. **Defence.** Each spender origin carries its limit; a spend above
//! it fails with `InsufficientPermission` and moves nothing.

use super::*;
use frame_support::assert_noop;
use merit_runtime::{
	configs::{
		tracks::{SMALL_SPEND_LIMIT, TREASURER_SPEND_LIMIT},
		treasury::TreasuryAccount,
	},
	Balances, RuntimeOrigin, Treasury, UNIT,
};
use pallet_merit_origins::Origin;

fn spend(amount: Balance, to: &AccountId) -> RuntimeCall {
	RuntimeCall::Treasury(pallet_treasury::Call::spend {
		asset_kind: Box::new(()),
		amount,
		beneficiary: Box::new(to.clone()),
		valid_from: None,
	})
}

#[test]
fn each_spender_track_spends_up_to_its_limit() {
	each_preset(|_| {
		let to = actor("beneficiary");
		for (origin, limit) in
			[(Origin::SmallSpender, SMALL_SPEND_LIMIT), (Origin::Treasurer, TREASURER_SPEND_LIMIT)]
		{
			let origin = RuntimeOrigin::from(OriginCaller::Origins(origin));
			assert_noop!(
				Treasury::spend(
					origin.clone(),
					Box::new(()),
					limit + 1,
					Box::new(to.clone()),
					None
				),
				pallet_treasury::Error::<Runtime>::InsufficientPermission
			);
			assert_ok!(Treasury::spend(origin, Box::new(()), limit, Box::new(to.clone()), None));
		}
		// Root has no limit (a spend is approved; paying needs the funds).
		assert_ok!(Treasury::spend(
			RuntimeOrigin::root(),
			Box::new(()),
			TREASURER_SPEND_LIMIT + 1,
			Box::new(to.clone()),
			None
		));
	});
}

#[test]
fn a_small_spender_referendum_pays_a_beneficiary() {
	each_preset(|preset| {
		let (voter, to) = (actor("voter"), actor("beneficiary"));
		let share = issuance_share(30);
		endow(&voter, share);
		let amount = 500 * UNIT;
		let index = propose(
			&actor("proposer"),
			OriginCaller::Origins(Origin::SmallSpender),
			spend(amount, &to),
		);
		vote(&voter, index, true, share, Conviction::Locked1x);
		assert!(
			matches!(run_until_decided(index, 50_000), ReferendumInfo::Approved(..)),
			"{preset}"
		);
		run_to(now() + super::tracks_info(4).min_enactment_period + 1);
		// Approved spends are paid by anyone's `payout`.
		let spend_index = pallet_treasury::SpendCount::<Runtime>::get() - 1;
		let before = Balances::free_balance(&to);
		let pot = Balances::free_balance(TreasuryAccount::get());
		assert_ok!(Treasury::payout(signed(&actor("anyone")), spend_index));
		assert_eq!(Balances::free_balance(&to) - before, amount, "{preset}");
		assert_eq!(pot - Balances::free_balance(TreasuryAccount::get()), amount, "{preset}");
		// Paid once only.
		assert_noop!(
			Treasury::payout(signed(&actor("anyone")), spend_index),
			pallet_treasury::Error::<Runtime>::AlreadyAttempted
		);
	});
}
