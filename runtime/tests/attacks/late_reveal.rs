//! **Attack.** A validator commits weights every epoch but reveals one only after its reveal
//! epoch, once the others' reveals show where consensus lies (copying it for dividends), or
//! never, filling its commit slots so that the chain must scan them at every epoch. **Defence.**
//! A reveal after its epoch is refused (`CommitExpired`), changing nothing; an expired commit
//! takes no slot, and is dropped at the hotkey's next commit or reveal, so the epoch does no
//! work per committer.

use crate::harness::*;
use frame_support::{assert_noop, traits::Get, BoundedVec};
use merit_runtime::{Consensus, Runtime};
use pallet_merit_consensus::{Error, Event, WeightCommits, Weights};

#[test]
fn a_reveal_after_its_epoch_is_refused_and_unrevealed_commits_cost_nothing() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		grant_share(netuid);
		let (validator, hotkey) = (actor("validator-a"), actor("validator-a-hotkey"));
		let uid = register(netuid, &validator, &hotkey);
		let miner = register(netuid, &actor("miner"), &actor("miner-hotkey"));
		stake(&validator, &hotkey, permit_stake(2));
		next_epoch(netuid);
		let period = u32::from(hyperparams(netuid).reveal_period);
		assert!(hyperparams(netuid).commit_reveal, "{preset}");

		// Committed now, due `period` epochs later; revealed one epoch after that.
		let committed_in = current_epoch(netuid);
		commit_weights(netuid, &hotkey, &[miner], &[1]);
		for _ in 0..=period {
			next_epoch(netuid);
		}
		let late = Consensus::reveal_weights(
			signed(&hotkey),
			netuid,
			BoundedVec::truncate_from(vec![miner]),
			BoundedVec::truncate_from(vec![1]),
			basis_of(committed_in, &[miner]),
			sp_io::hashing::blake2_256(hotkey.as_ref()),
			0,
		);
		assert_noop!(late, Error::<Runtime>::CommitExpired);
		assert!(Weights::<Runtime>::get(netuid, uid).is_none(), "{preset}: no weights landed");
		assert!(Consensus::commits_of(netuid, &hotkey).is_empty(), "{preset}: readers see none");

		// Never revealing: a commit every epoch keeps being accepted, more epochs than there
		// are slots; the stored list never outgrows the live commits plus the one expired
		// since the last commit, and each expired commit is reported when it is dropped.
		let slots: u32 = <Runtime as pallet_merit_consensus::Config>::MaxPendingCommits::get();
		for _ in 0..slots + 2 {
			commit_weights(netuid, &hotkey, &[miner], &[1]);
			let stored = WeightCommits::<Runtime>::get(netuid, &hotkey).map_or(0, |c| c.len());
			assert!(stored as u32 <= period + 1, "{preset}: {stored} commits stored");
			next_epoch(netuid);
		}
		let expired = consensus_events()
			.into_iter()
			.filter(|e| matches!(e, Event::WeightsCommitExpired { .. }))
			.count() as u32;
		// The first, refused late, and all but the last `period` of the rest.
		assert_eq!(expired, slots + 2 - period, "{preset}");
	});
}
