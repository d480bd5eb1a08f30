//! **Attack.** An attacker fills a popular delegate's 1,024 staker slots with 1 MRT positions
//! from throwaway coldkeys, so that no real nominator can ever join it. **Defence.** On a full
//! hotkey, a newcomer staking more than the smallest position evicts it (the squatter's stake
//! is released to it at once); the owner's own position is never evicted.

use crate::harness::*;
use frame_support::traits::Get;
use frame_support::{assert_noop, assert_ok};
use merit_runtime::{Balances, Runtime, RuntimeEvent, Staking, UNIT};

#[test]
fn squatted_slots_do_not_keep_a_real_nominator_out() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		let (owner, delegate) = (actor("validator-a"), actor("validator-a-hotkey"));
		register(netuid, &owner, &delegate);
		stake(&owner, &delegate, permit_stake(1));
		assert_ok!(Staking::become_delegate(signed(&owner), delegate.clone()));

		let slots = <Runtime as pallet_merit_staking::Config>::MaxStakersPerHotkey::get();
		let min = <Runtime as pallet_merit_staking::Config>::MinStake::get();
		let attacker = actor("attacker");
		let squatters: Vec<_> = (1..slots).map(|i| actor(&format!("squatter-{i}"))).collect();
		for squatter in &squatters {
			assert_ok!(Balances::transfer_keep_alive(
				signed(&attacker),
				sp_runtime::MultiAddress::Id(squatter.clone()),
				2 * min
			));
			stake(squatter, &delegate, min);
		}
		assert_eq!(pallet_merit_staking::StakerCount::<Runtime>::get(&delegate), slots);
		// Another squatter at the same stake cannot get in.
		let late = actor("squatter-late");
		fund(&late, 2 * min);
		assert_noop!(
			Staking::add_stake(signed(&late), delegate.clone(), min),
			pallet_merit_staking::Error::<Runtime>::TooManyStakers
		);

		// A real nominator with more at stake takes the smallest place.
		let nominator = actor("nominator");
		stake(&nominator, &delegate, 100 * UNIT);
		assert_eq!(staked(&nominator, &delegate), 100 * UNIT, "{preset}");
		let evicted: Vec<_> = events()
			.into_iter()
			.filter_map(|e| match e {
				RuntimeEvent::Staking(pallet_merit_staking::Event::StakerEvicted {
					coldkey,
					released,
					..
				}) => Some((coldkey, released)),
				_ => None,
			})
			.collect();
		assert_eq!(evicted.len(), 1, "{preset}");
		let (squatter, released) = evicted[0].clone();
		assert!(squatters.contains(&squatter));
		assert_eq!(released, min);
		assert_eq!(Balances::free_balance(&squatter), 2 * min, "{preset}: its stake came back");
		assert_eq!(pallet_merit_staking::StakerCount::<Runtime>::get(&delegate), slots);
		// The owner's position stays whatever its size.
		assert_eq!(staked(&owner, &delegate), permit_stake(1), "{preset}");
	});
}
