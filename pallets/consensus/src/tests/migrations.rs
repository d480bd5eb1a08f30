//! Storage migrations: version 1 → 2 opens the current round of every scheduled subnet and
//! drops commits that could never be revealed, once; 2 → 3 starts the payout queue.

use crate::{
	migrations::v2::MigrateV1ToV2, mock::*, Event, RoundCandidates, Rounds, Schedule, Submissions,
	WeightCommit, WeightCommits, WeightSources, Weights,
};
use frame_support::{
	traits::{Get, GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	BoundedVec,
};

/// A subnet as a version-1 chain leaves it: scheduled with no round fixed, V2's commit
/// pending (hashed without a basis) and V1's weights stored without a source or a log.
fn version_1_state() -> u16 {
	let netuid = standard_subnet(); // epoch 1 ran in block 10
	set_weights(V1_HK, netuid, vec![2, 3], vec![1, 1]);
	let commit = WeightCommit { commit_hash: [7; 32], reveal_epoch: 2, block: 10 };
	WeightCommits::<Test>::insert(netuid, V2_HK, BoundedVec::truncate_from(vec![commit]));
	let index = Schedule::<Test>::get(netuid).unwrap().index;
	Rounds::<Test>::remove(netuid, index);
	RoundCandidates::<Test>::remove(netuid, index);
	WeightSources::<Test>::remove(netuid, 0);
	Submissions::<Test>::remove(netuid, 0);
	StorageVersion::new(1).put::<Consensus>();
	netuid
}

#[test]
fn v2_opens_the_current_round_and_drops_version_1_commits() {
	build_and_execute(|| {
		let netuid = version_1_state();
		assert!(Consensus::do_try_state().is_err(), "the open round is missing");
		run_to_block(12);
		System::reset_events();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Consensus::on_chain_storage_version(), 2);
		let record = Rounds::<Test>::get(netuid, 1).expect("round 1 open");
		assert_eq!(record.fixed_at, 12, "fixed in the upgrade's block, seeded by the next");
		assert_eq!(consensus_events(), vec![Event::RoundFixed { netuid, epoch: 1, candidates: 0 }]);
		assert_eq!(WeightCommits::<Test>::iter().count(), 0);
		// V1's weights stay for the next epoch (they have no source: not disputable).
		assert!(Weights::<Test>::contains_key(netuid, 0));
		assert_eq!(WeightSources::<Test>::get(netuid, 0), None);
		// Weights may be set in the round just opened.
		set_weights(V2_HK, netuid, vec![2], vec![1]);
	});
}

/// At version 2 the migration does nothing: a later upgrade cannot re-fix a round (which
/// would move its seed) or drop honest commits.
#[test]
fn v2_runs_once() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		let before = Rounds::<Test>::get(netuid, 1);
		let commit = WeightCommit { commit_hash: [7; 32], reveal_epoch: 2, block: 10 };
		WeightCommits::<Test>::insert(netuid, V2_HK, BoundedVec::truncate_from(vec![commit]));
		run_to_block(12);
		// A chain started at version 2 (its genesis wrote the version).
		StorageVersion::new(2).put::<Consensus>();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Rounds::<Test>::get(netuid, 1), before);
		assert_eq!(WeightCommits::<Test>::iter().count(), 1);
	});
}

/// From version 2 the payout queue starts empty, and the books stay as they were; from
/// version 1 both migrations run in turn, as the frozen testnet genesis would.
#[test]
fn v3_starts_the_payout_queue_after_v2() {
	build_and_execute(|| {
		let netuid = version_1_state();
		let books = crate::Issuance::<Test>::get();

		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		crate::migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();

		assert_eq!(Consensus::on_chain_storage_version(), 3);
		assert!(crate::PayoutQueue::<Test>::get().is_empty());
		assert_eq!(crate::Issuance::<Test>::get(), books);
		assert!(Rounds::<Test>::contains_key(netuid, 1));
		// Run again, it does nothing.
		let weight = crate::migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Consensus::on_chain_storage_version(), 3);
		let db: frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		assert_eq!(weight, db.reads(1));
	});
}
