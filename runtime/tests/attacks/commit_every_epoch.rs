//! **Failure.** With the testnet's parameters (`tempo` = `weights_rate_limit` = 100) commits
//! were rate-limited against the validator's last *reveal*, and the worker reveals last
//! epoch's weights and then commits this epoch's in the same epoch, so every other commit
//! failed with `WeightsRateLimited`, its fee burned and weights landed only every other epoch.
//! **Fix.** Commits are limited against earlier commits only, and one commit per epoch is
//! always allowed, so an honest validator's weights land in every epoch.

use crate::harness::*;
use frame_support::assert_noop;
use merit_runtime::{Consensus, Runtime, RuntimeEvent};

#[test]
fn a_validator_that_reveals_then_commits_lands_weights_every_epoch() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		grant_share(netuid);
		let (validator, hotkey) = (actor("validator-a"), actor("validator-a-hotkey"));
		register(netuid, &validator, &hotkey);
		let miner = register(netuid, &actor("miner"), &actor("miner-hotkey"));
		stake(&validator, &hotkey, permit_stake(2));
		next_epoch(netuid);
		let hp = hyperparams(netuid);
		assert!(hp.commit_reveal, "{preset}");

		// Epoch after epoch: reveal the last commit, then commit anew, at a different point
		// of each epoch (the worker's timing varies), sometimes fewer than
		// `weights_rate_limit` blocks after the last commit.
		commit_weights(netuid, &hotkey, &[miner], &[1]);
		let mut revealed_in = Vec::new();
		for k in 0..5u32 {
			let start = next_epoch(netuid);
			run_to(now() + (k * 7) % u32::from(hp.tempo).saturating_sub(2).max(1));
			reveal_weights(netuid, &hotkey, &[miner], &[1]);
			commit_weights(netuid, &hotkey, &[miner], &[1]);
			// A second commit in the same epoch within the limit is still refused.
			if hp.weights_rate_limit > 1 {
				let basis = basis_now(netuid, &[miner]);
				let hash =
					Consensus::weights_hash(&hotkey, netuid, &[miner], &[2], &basis, &[7; 32], 0);
				assert_noop!(
					Consensus::commit_weights(signed(&hotkey), netuid, hash),
					pallet_merit_consensus::Error::<Runtime>::WeightsRateLimited
				);
			}
			revealed_in.push(start);
		}
		let reveals = events()
			.into_iter()
			.filter(|e| {
				matches!(
					e,
					RuntimeEvent::Consensus(pallet_merit_consensus::Event::WeightsRevealed { .. })
				)
			})
			.count();
		assert_eq!(reveals, 5, "{preset}: weights landed in every epoch ({revealed_in:?})");
		// They count: the miner earns incentive.
		next_epoch(netuid);
		let (incentive, _) = incentive_and_dividends(netuid)[usize::from(miner)];
		assert!(incentive > sp_runtime::Perbill::from_parts(0), "{preset}");
	});
}
