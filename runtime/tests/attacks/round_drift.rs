//! **Attack.** A miner reveals or re-commits its model after an epoch opens, so that
//! validators reading the chain at different blocks score different candidates: an honest
//! validator's weights then fail anyone's re-run of its round, and a dispute would slash it.
//! **Defence.** Each epoch fixes the candidates of the round it opens; every validator scores
//! that list whatever block it reads, a late reveal waits for the next round, and weights
//! that name a round other than the one they were committed in are refused.

use crate::harness::*;
use frame_support::{assert_noop, assert_ok, BoundedVec};
use merit_primitives::round::FixedCandidate;
use merit_runtime::{Consensus, Runtime, Subnets};

fn candidates(netuid: u16, round: u32) -> Vec<u16> {
	Consensus::round_view(netuid, round).expect("kept").candidates.iter().map(|c| c.uid).collect()
}

#[test]
fn a_late_reveal_or_recommit_changes_no_round() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		let (validator, hotkey) = (actor("validator-a"), actor("validator-a-hotkey"));
		let (liar, liar_hotkey) = (actor("validator-b"), actor("validator-b-hotkey"));
		register(netuid, &validator, &hotkey);
		register(netuid, &liar, &liar_hotkey);
		stake(&validator, &hotkey, permit_stake(2));
		stake(&liar, &liar_hotkey, permit_stake(2));
		let early = actor("miner-hotkey");
		let late = actor("miner-2-hotkey");
		let early_uid = register(netuid, &actor("miner"), &early);
		let late_uid = register(netuid, &actor("miner-2"), &late);
		commit_and_reveal_model(netuid, &early, [1; 32]);
		// The late miner commits before the epoch and reveals only after it opened.
		let binding = Subnets::model_binding(&[2; 32], &late, netuid);
		assert_ok!(Subnets::commit_model(signed(&late), netuid, binding, 1_000));
		let round = next_epoch(netuid);
		let fixed = Consensus::round_view(netuid, round).expect("the epoch fixed its round");
		assert_eq!(fixed.seed_block, now() + 1, "{preset}: seeded by the next block");
		assert_eq!(
			fixed.candidates,
			vec![FixedCandidate {
				uid: early_uid,
				model_hash: [1; 32],
				committed_at: fixed.candidates[0].committed_at
			}],
			"{preset}"
		);
		next_block();
		assert_ok!(Subnets::reveal_model(signed(&late), netuid, [2; 32]));
		// The early miner re-commits: its fixed entry stays what it was.
		let binding = Subnets::model_binding(&[3; 32], &early, netuid);
		assert_ok!(Subnets::commit_model(signed(&early), netuid, binding, 1_000));
		assert_eq!(Consensus::round_view(netuid, round).unwrap(), fixed, "{preset}");

		// One validator commits the weights it scored in this round; the other commits
		// weights it claims to have scored in the round before.
		commit_weights(netuid, &hotkey, &[early_uid], &[1]);
		let stale = basis_of(round - 1, &[early_uid]);
		let salt = [9; 32];
		let hash =
			Consensus::weights_hash(&liar_hotkey, netuid, &[early_uid], &[2], &stale, &salt, 0);
		assert_ok!(Consensus::commit_weights(signed(&liar_hotkey), netuid, hash));
		for _ in 0..hyperparams(netuid).reveal_period {
			next_epoch(netuid);
		}
		assert_noop!(
			Consensus::reveal_weights(
				signed(&liar_hotkey),
				netuid,
				BoundedVec::truncate_from(vec![early_uid]),
				BoundedVec::truncate_from(vec![2]),
				stale,
				salt,
				0
			),
			pallet_merit_consensus::Error::<Runtime>::WrongRound
		);
		reveal_weights(netuid, &hotkey, &[early_uid], &[1]);
		let source =
			pallet_merit_consensus::WeightSources::<Runtime>::get(netuid, uid(netuid, &hotkey))
				.expect("the weights' source is kept");
		assert_eq!(source.basis, basis_of(round, &[early_uid]), "{preset}");

		// The round after the late reveal: the late miner is in it, the early one (its new
		// model not revealed) is not.
		assert_eq!(candidates(netuid, round + 1), [late_uid], "{preset}");
		check_invariants();
	});
}
