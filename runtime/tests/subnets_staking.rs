//! Subnets and staking wired together in the real runtime: hotkey ownership flows from
//! registration into who may stake, and both pallets' invariants hold throughout.

use frame_support::{assert_noop, assert_ok};
use merit_primitives::{SlashReason, StakeInfo, StakeSlash, TaskKind, TaskSpec};
use merit_runtime::{Balances, Runtime, RuntimeOrigin, Staking, Subnets, UNIT};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave};

use crate::common;
use common::genesis_of;

fn task() -> TaskSpec {
	TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: 1 << 20,
		dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
		eval_size: 512,
	}
}

fn check_invariants() {
	Subnets::do_try_state().unwrap();
	Staking::do_try_state().unwrap();
}

#[test]
fn a_registered_hotkey_can_be_staked_by_its_owner_and_then_its_nominators() {
	genesis_of("development").execute_with(|| {
		let (owner, hotkey, nominator) =
			(Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id());
		let signed = |who: &sp_runtime::AccountId32| RuntimeOrigin::signed(who.clone());
		let consent = common::consent(&Dave.pair(), &owner);
		assert_ok!(Subnets::register_subnet(
			signed(&owner),
			Dave.to_account_id(),
			task(),
			Some(consent)
		));
		// Not yet registered anywhere: nobody owns the hotkey.
		assert_noop!(
			Staking::add_stake(signed(&owner), hotkey.clone(), 10 * UNIT),
			pallet_merit_staking::Error::<Runtime>::HotkeyNotRegistered
		);
		let consent = common::consent(&Bob.pair(), &owner);
		assert_ok!(Subnets::burned_register(signed(&owner), 0, hotkey.clone(), Some(consent)));
		assert_ok!(Staking::add_stake(signed(&owner), hotkey.clone(), 10 * UNIT));
		assert_noop!(
			Staking::add_stake(signed(&nominator), hotkey.clone(), 10 * UNIT),
			pallet_merit_staking::Error::<Runtime>::NotADelegate
		);
		assert_ok!(Staking::become_delegate(signed(&owner), hotkey.clone()));
		assert_ok!(Staking::add_stake(signed(&nominator), hotkey.clone(), 30 * UNIT));
		assert_eq!(Staking::stake_of(&hotkey), 40 * UNIT);
		check_invariants();

		let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
		let treasury = merit_runtime::configs::treasury::TreasuryAccount::get();
		let pot = Balances::free_balance(&treasury);
		let taken = Staking::slash(
			&hotkey,
			sp_runtime::Perbill::from_percent(50),
			SlashReason::CopiedModel,
		);
		assert_eq!(taken, 20 * UNIT);
		// Slashed stake goes to the treasury: nothing is burned.
		assert_eq!(pallet_balances::TotalIssuance::<Runtime>::get(), issuance);
		assert_eq!(Balances::free_balance(&treasury), pot + taken);
		assert_eq!(Staking::stake_of_pair(&nominator, &hotkey), 15 * UNIT);
		check_invariants();

		// Dissolving the subnet (the admin's) returns the lock and bond; stake is not tied to a
		// subnet.
		let before = Balances::free_balance(&owner);
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), 0));
		let lock = 100 * UNIT;
		let bond = UNIT;
		assert_eq!(Balances::free_balance(&owner), before + lock);
		// The neuron's bond returns with the next block's cleanup.
		<Subnets as frame_support::traits::Hooks<u32>>::on_initialize(2);
		assert_eq!(Balances::free_balance(&owner), before + lock + bond);
		assert_eq!(Staking::stake_of(&hotkey), 20 * UNIT);
		check_invariants();
	});
}
