//! **Attack.** A subnet owner whose own staked miner was caught copying (a slash is pending)
//! dissolves the subnet, takes the lock back, and the pending slash is dropped with the
//! subnet. **Defence.** Dissolution is the admin origin's, and a subnet with pending slashes
//! is neither dissolved nor replaced until they are applied (or cancelled by the admin): the
//! slash binds the stake, whatever happens to the subnet.

use crate::harness::*;
use frame_support::{assert_noop, assert_ok};
use merit_primitives::SlashReason;
use merit_runtime::{Runtime, Subnets, UNIT};
use pallet_merit_slashing::Event;
use sp_runtime::DispatchError;

#[test]
fn dissolving_after_an_offence_does_not_escape_the_slash() {
	each_preset(|preset| {
		let (owner, owner_hk) = (actor("owner"), actor("owner-hotkey"));
		let netuid = register_subnet(&owner, &owner_hk);
		grant_share(netuid);
		let honest_miner = actor("miner-hotkey");
		register(netuid, &actor("miner"), &honest_miner);
		commit_and_reveal_model(netuid, &honest_miner, [7; 32]);
		let owners_miner = actor("owner-miner");
		register(netuid, &owner, &owners_miner);
		stake(&owner, &owners_miner, 100 * UNIT);
		next_epoch(netuid);

		// The owner's miner copies the honest model: an offence with half its stake at risk.
		commit_and_reveal_model(netuid, &owners_miner, [7; 32]);
		assert!(slashing_events().iter().any(|e| matches!(
			e,
			Event::SlashScheduled { offender, reason: SlashReason::CopiedModel, .. }
				if *offender == owners_miner
		)));
		// Dissolving now is not the owner's to do, and the admin's is refused while the slash
		// is pending.
		assert_noop!(Subnets::dissolve_subnet(signed(&owner), netuid), DispatchError::BadOrigin);
		assert_noop!(
			Subnets::dissolve_subnet(root(), netuid),
			pallet_merit_subnets::Error::<Runtime>::SlashesPending
		);
		let before = staked(&owner, &owners_miner);
		for _ in 0..slash_params().defer_epochs {
			next_epoch(netuid);
		}
		let fraction = slash_params().copied_model_fraction;
		assert_eq!(staked(&owner, &owners_miner), before - fraction.mul_floor(before), "{preset}");
		// Applied: now the subnet may go.
		assert_ok!(Subnets::dissolve_subnet(root(), netuid));
		next_block();
	});
}
