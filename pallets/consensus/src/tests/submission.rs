//! Setting weights directly and through commit–reveal: every rule and every error.

use crate::{mock::*, Error, Event, LastUpdate, UidVec, WeightCommit, WeightCommits, Weights};
use codec::{Decode, Encode};
use frame_support::{assert_noop, assert_ok};
use pallet_merit_subnets::Hyperparameter;
use sp_runtime::{DispatchError, Perbill};

fn uids(v: &[u16]) -> UidVec {
	v.to_vec().try_into().unwrap()
}

fn set(
	hotkey: AccountId,
	netuid: u16,
	u: &[u16],
	w: &[u16],
	version: u64,
) -> Result<(), DispatchError> {
	Consensus::set_weights(
		RuntimeOrigin::signed(hotkey),
		netuid,
		uids(u),
		uids(w),
		basis_now(netuid),
		version,
	)
}

fn hyper(netuid: u16, param: Hyperparameter<Balance>) {
	assert_ok!(Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, param));
}

#[test]
fn set_weights_stores_a_sorted_row_and_marks_activity() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_ok!(set(V1_HK, netuid, &[4, 2, 3], &[0, 5, 7], 1));
		// Zeros dropped, sorted by UID.
		assert_eq!(Weights::<Test>::get(netuid, 0).unwrap().into_inner(), vec![(2, 5), (3, 7)]);
		assert_eq!(LastUpdate::<Test>::get(netuid, 0), Some(10));
		assert_eq!(last_event(), Event::WeightsSet { netuid, uid: 0, hotkey: V1_HK, count: 2 });
		// A later call replaces the row.
		run_to_block(12);
		assert_ok!(set(V1_HK, netuid, &[2], &[1], 7));
		assert_eq!(Weights::<Test>::get(netuid, 0).unwrap().into_inner(), vec![(2, 1)]);
	});
}

#[test]
fn set_weights_errors() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_noop!(set(V1_HK, 9, &[2], &[1], 1), Error::<Test>::SubnetNotFound);
		assert_noop!(set(99, netuid, &[2], &[1], 1), Error::<Test>::NotRegistered);
		assert_noop!(set(M1_HK, netuid, &[2], &[1], 1), Error::<Test>::NoValidatorPermit);
		assert_noop!(set(V1_HK, netuid, &[2], &[1], 0), Error::<Test>::OutdatedVersionKey);
		assert_noop!(set(V1_HK, netuid, &[2, 3], &[1], 1), Error::<Test>::LengthMismatch);
		assert_noop!(set(V1_HK, netuid, &[2, 2], &[1, 1], 1), Error::<Test>::DuplicateUid);
		assert_noop!(set(V1_HK, netuid, &[2, 5], &[1, 1], 1), Error::<Test>::UidOutOfRange);
		assert_noop!(set(V1_HK, netuid, &[2, 3], &[0, 0], 1), Error::<Test>::AllWeightsZero);
		assert_noop!(set(V1_HK, netuid, &[], &[], 1), Error::<Test>::AllWeightsZero);
		hyper(netuid, Hyperparameter::MinAllowedWeights(3));
		hyper(netuid, Hyperparameter::MaxWeightLimit(Perbill::from_percent(50)));
		// Limits changed mid-round are the next round's: weights fitted to this round's
		// limits still go through.
		assert_ok!(set(V2_HK, netuid, &[2], &[1], 1));
		run_epoch(netuid); // block 20: the new limits' round
		assert_noop!(set(V1_HK, netuid, &[2, 3, 4], &[1, 1, 0], 1), Error::<Test>::TooFewWeights);
		assert_noop!(
			set(V1_HK, netuid, &[2, 3, 4], &[3, 1, 1], 1),
			Error::<Test>::WeightAboveLimit
		);
		// Exactly at the limit (2 of 4) is fine.
		assert_ok!(set(V1_HK, netuid, &[2, 3, 4], &[2, 1, 1], 1));
		assert_ok!(set(V2_HK, netuid, &[2, 3, 4], &[2, 1, 1], 1));
		// Rate limit: 2 blocks.
		assert_noop!(
			set(V2_HK, netuid, &[2, 3, 4], &[1, 1, 1], 1),
			Error::<Test>::WeightsRateLimited
		);
		run_to_block(21);
		assert_noop!(
			set(V2_HK, netuid, &[2, 3, 4], &[1, 1, 1], 1),
			Error::<Test>::WeightsRateLimited
		);
		run_to_block(22);
		assert_ok!(set(V2_HK, netuid, &[2, 3, 4], &[1, 1, 1], 1));
		// Unsigned.
		assert_noop!(
			Consensus::set_weights(
				RuntimeOrigin::none(),
				netuid,
				uids(&[2]),
				uids(&[1]),
				basis_now(netuid),
				1
			),
			DispatchError::BadOrigin
		);
		// With commit–reveal on, weights must be committed.
		hyper(netuid, Hyperparameter::CommitReveal(true));
		run_to_block(25);
		assert_noop!(
			set(V1_HK, netuid, &[2, 3, 4], &[1, 1, 1], 1),
			Error::<Test>::CommitRevealEnabled
		);
	});
}

#[test]
fn oversized_vectors_do_not_decode() {
	build_and_execute(|| {
		assert!(UidVec::try_from(vec![0u16; 4_097]).is_err());
		let call = RuntimeCall::Consensus(crate::Call::set_weights {
			netuid: 0,
			uids: uids(&[1]),
			weights: uids(&[1]),
			basis: round_basis(0),
			version_key: 1,
		});
		let mut bytes = call.encode();
		assert!(RuntimeCall::decode(&mut &bytes[..]).is_ok());
		let with = |n: usize, fetched: usize| {
			let mut bytes = bytes[..2].to_vec();
			bytes.extend(0u16.encode());
			bytes.extend(vec![1u16; n].encode());
			bytes.extend(vec![1u16; n].encode());
			bytes.extend(0u32.encode());
			bytes.extend(vec![1u8; fetched].encode());
			bytes.extend(1u64.encode());
			bytes
		};
		assert!(RuntimeCall::decode(&mut &with(4_096, 512)[..]).is_ok());
		// The same call with 4,097 UIDs and weights, or a 513-byte fetched set: refused at
		// decoding.
		assert!(RuntimeCall::decode(&mut &with(4_097, 1)[..]).is_err());
		assert!(RuntimeCall::decode(&mut &with(1, 513)[..]).is_err());
		bytes.clear();
	});
}

/// The commit hash of `weights` on UIDs `u` for `hotkey` with `salt`, scored in `round`.
fn hash_of(
	hotkey: AccountId,
	netuid: u16,
	u: &[u16],
	w: &[u16],
	salt: [u8; 32],
	version: u64,
	round: u32,
) -> [u8; 32] {
	let basis = round_basis(round);
	let hash = Consensus::weights_hash(&hotkey, netuid, u, w, &basis, &salt, version);
	// The documented preimage: blake2_256 of the SCALE encoding of the tuple.
	let manual = sp_io::hashing::blake2_256(
		&(hotkey, netuid, u.to_vec(), w.to_vec(), (round, vec![0b11100u8]), salt, version).encode(),
	);
	assert_eq!(hash, manual);
	hash
}

fn commit(hotkey: AccountId, netuid: u16, hash: [u8; 32]) -> Result<(), DispatchError> {
	Consensus::commit_weights(RuntimeOrigin::signed(hotkey), netuid, hash)
}

fn reveal(
	hotkey: AccountId,
	netuid: u16,
	u: &[u16],
	w: &[u16],
	salt: [u8; 32],
	version: u64,
	round: u32,
) -> Result<(), DispatchError> {
	Consensus::reveal_weights(
		RuntimeOrigin::signed(hotkey),
		netuid,
		uids(u),
		uids(w),
		round_basis(round),
		salt,
		version,
	)
}

#[test]
fn commit_reveal_round_trip() {
	build_and_execute(|| {
		let netuid = standard_subnet(); // block 10, epoch 1 done
		hyper(netuid, Hyperparameter::CommitReveal(true));
		let salt = [7u8; 32];
		let hash = hash_of(V1_HK, netuid, &[2, 3], &[3, 1], salt, 1, 1);
		assert_ok!(commit(V1_HK, netuid, hash));
		assert_eq!(
			last_event(),
			Event::WeightsCommitted { netuid, hotkey: V1_HK, commit_hash: hash, reveal_epoch: 2 }
		);
		assert_eq!(
			WeightCommits::<Test>::get(netuid, V1_HK).unwrap().into_inner(),
			vec![WeightCommit { commit_hash: hash, reveal_epoch: 2, block: 10 }]
		);
		// Not in the commit's own epoch.
		run_to_block(15);
		assert_noop!(
			reveal(V1_HK, netuid, &[2, 3], &[3, 1], salt, 1, 1),
			Error::<Test>::RevealTooEarly
		);
		run_epoch(netuid); // block 20: epoch 2 begins
					 // Wrong salt, weights or version: no such commit.
		assert_noop!(
			reveal(V1_HK, netuid, &[2, 3], &[3, 1], [8; 32], 1, 1),
			Error::<Test>::NoMatchingCommit
		);
		assert_noop!(
			reveal(V1_HK, netuid, &[2, 3], &[1, 3], salt, 1, 1),
			Error::<Test>::NoMatchingCommit
		);
		assert_noop!(
			reveal(V1_HK, netuid, &[2, 3], &[3, 1], salt, 2, 1),
			Error::<Test>::NoMatchingCommit
		);
		// Someone else revealing V1's weights: no commit of theirs.
		assert_noop!(
			reveal(V2_HK, netuid, &[2, 3], &[3, 1], salt, 1, 1),
			Error::<Test>::NoMatchingCommit
		);
		assert_ok!(reveal(V1_HK, netuid, &[2, 3], &[3, 1], salt, 1, 1));
		assert_eq!(
			last_event(),
			Event::WeightsRevealed { netuid, uid: 0, hotkey: V1_HK, commit_hash: hash, count: 2 }
		);
		assert_eq!(Weights::<Test>::get(netuid, 0).unwrap().into_inner(), vec![(2, 3), (3, 1)]);
		assert_eq!(LastUpdate::<Test>::get(netuid, 0), Some(20));
		assert!(WeightCommits::<Test>::get(netuid, V1_HK).is_none());
		// Revealed once only.
		assert_noop!(
			reveal(V1_HK, netuid, &[2, 3], &[3, 1], salt, 1, 1),
			Error::<Test>::NoMatchingCommit
		);
	});
}

#[test]
fn revealed_weights_are_checked_like_direct_ones() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		hyper(netuid, Hyperparameter::CommitReveal(true));
		let salt = [1u8; 32];
		let hash = hash_of(V1_HK, netuid, &[2, 9], &[1, 1], salt, 1, 1);
		assert_ok!(commit(V1_HK, netuid, hash));
		run_epoch(netuid);
		assert_noop!(
			reveal(V1_HK, netuid, &[2, 9], &[1, 1], salt, 1, 1),
			Error::<Test>::UidOutOfRange
		);
	});
}

#[test]
fn unrevealed_commits_expire() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		hyper(netuid, Hyperparameter::CommitReveal(true));
		let salt = [3u8; 32];
		let hash = hash_of(V2_HK, netuid, &[2], &[1], salt, 1, 1);
		assert_ok!(commit(V2_HK, netuid, hash));
		run_epoch(netuid); // epoch 2: the reveal epoch
		run_epoch(netuid); // epoch 3 begins: the commit expired
		let expired = Event::WeightsCommitExpired { netuid, hotkey: V2_HK, commit_hash: hash };
		assert_noop!(reveal(V2_HK, netuid, &[2], &[1], salt, 1, 1), Error::<Test>::CommitExpired);
		// The epoch did not look at it; readers no longer see it.
		assert!(!consensus_events().contains(&expired));
		assert!(Consensus::commits_of(netuid, &V2_HK).is_empty());
		// The hotkey's next commit drops it.
		assert_ok!(commit(V2_HK, netuid, [7; 32]));
		assert!(consensus_events().contains(&expired));
		let left: Vec<_> = WeightCommits::<Test>::get(netuid, V2_HK)
			.unwrap()
			.into_iter()
			.map(|c| c.commit_hash)
			.collect();
		assert_eq!(left, vec![[7; 32]]);
		assert_noop!(
			reveal(V2_HK, netuid, &[2], &[1], salt, 1, 1),
			Error::<Test>::NoMatchingCommit
		);
	});
}

/// A validator's expired commits never take its slots (`MaxPendingCommits` is 2 here), and a
/// reveal drops them as well.
#[test]
fn expired_commits_take_no_slot() {
	build_and_execute(|| {
		let netuid = standard_subnet(); // epoch 1
		hyper(netuid, Hyperparameter::CommitReveal(true));
		let expired =
			|commit_hash| Event::WeightsCommitExpired { netuid, hotkey: V1_HK, commit_hash };
		assert_ok!(commit(V1_HK, netuid, [1; 32]));
		run_to_block(System::block_number() + 2);
		assert_ok!(commit(V1_HK, netuid, [2; 32]));
		run_epoch(netuid);
		run_epoch(netuid); // epoch 3: both expired, both slots still stored
		assert_eq!(WeightCommits::<Test>::get(netuid, V1_HK).map(|c| c.len()), Some(2));
		assert_ok!(commit(V1_HK, netuid, [3; 32]));
		assert!(consensus_events().contains(&expired([1; 32])));
		assert!(consensus_events().contains(&expired([2; 32])));
		// Epoch 4: [3; 32] is due; a commit for epoch 5 joins it.
		run_epoch(netuid);
		let salt = [5u8; 32];
		let hash = hash_of(V1_HK, netuid, &[2, 3], &[3, 1], salt, 1, 4);
		assert_ok!(commit(V1_HK, netuid, hash));
		// Epoch 5: [3; 32] expired; the reveal of `hash` drops it.
		run_epoch(netuid);
		assert!(!consensus_events().contains(&expired([3; 32])));
		assert_ok!(reveal(V1_HK, netuid, &[2, 3], &[3, 1], salt, 1, 4));
		assert!(consensus_events().contains(&expired([3; 32])));
		assert_eq!(WeightCommits::<Test>::get(netuid, V1_HK), None);
	});
}

#[test]
fn commit_errors() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		let hash = [1u8; 32];
		assert_noop!(commit(V1_HK, netuid, hash), Error::<Test>::CommitRevealDisabled);
		assert_noop!(
			reveal(V1_HK, netuid, &[2], &[1], hash, 1, 1),
			Error::<Test>::CommitRevealDisabled
		);
		hyper(netuid, Hyperparameter::CommitReveal(true));
		assert_noop!(commit(V1_HK, 9, hash), Error::<Test>::SubnetNotFound);
		assert_noop!(commit(99, netuid, hash), Error::<Test>::NotRegistered);
		assert_noop!(commit(M1_HK, netuid, hash), Error::<Test>::NoValidatorPermit);
		assert_ok!(commit(V1_HK, netuid, hash));
		// Rate limit: 2 blocks between commits.
		assert_noop!(commit(V1_HK, netuid, [2; 32]), Error::<Test>::WeightsRateLimited);
		run_to_block(12);
		assert_ok!(commit(V1_HK, netuid, [2; 32]));
		// At most two pending.
		run_to_block(14);
		assert_noop!(commit(V1_HK, netuid, [3; 32]), Error::<Test>::TooManyPendingCommits);
	});
}

/// A UID that changes hands between a commit and its reveal gets none of the revealed
/// weight: it was meant for the neuron before.
#[test]
fn reveals_drop_weights_on_uids_replaced_since_the_commit() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		set_weights(V1_HK, netuid, vec![2], vec![1]);
		set_weights(V2_HK, netuid, vec![2], vec![1]);
		run_epoch(netuid); // block 20: UIDs 0–2 earn; M2 (UID 3) and M3 (UID 4) do not
		hyper(netuid, Hyperparameter::CommitReveal(true));
		let salt = [5u8; 32];
		let hash = hash_of(V1_HK, netuid, &[2, 3], &[1, 1], salt, 1, 2);
		assert_ok!(commit(V1_HK, netuid, hash));
		// Fill the subnet and register a ninth: M2 (UID 3, no emission, oldest) is pruned.
		run_to_block(21);
		for (coldkey, hotkey) in [(7, 16), (8, 17), (9, 18)] {
			register(netuid, coldkey, hotkey);
		}
		assert_eq!(register(netuid, 8, 19), 3);
		run_epoch(netuid); // the reveal epoch
		assert_ok!(reveal(V1_HK, netuid, &[2, 3], &[1, 1], salt, 1, 2));
		assert_eq!(Weights::<Test>::get(netuid, 0).unwrap().into_inner(), vec![(2, 1)]);
	});
}

/// Commits are limited against earlier commits only, and one per epoch always goes through:
/// with the rate limit as long as an epoch (the testnet's `tempo` = `weights_rate_limit`), a
/// validator that reveals and then commits in the same epoch, at whatever point of it, lands
/// weights every epoch.
#[test]
fn a_reveal_then_a_commit_in_one_epoch_is_never_rate_limited() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		hyper(netuid, Hyperparameter::CommitReveal(true));
		hyper(netuid, Hyperparameter::WeightsRateLimit(TEMPO as u32));
		let salt = [3u8; 32];
		let hash = |round| hash_of(V1_HK, netuid, &[2], &[1], salt, 1, round);
		// Late in the epoch (round 1).
		run_to_block(18);
		assert_ok!(commit(V1_HK, netuid, hash(1)));
		// Another commit in the same epoch, within the limit: refused.
		assert_noop!(commit(V1_HK, netuid, [9; 32]), Error::<Test>::WeightsRateLimited);
		for (round, epoch_start) in [(1, 20u64), (2, 30), (3, 40), (4, 50)] {
			run_epoch(netuid);
			// Early in the next epoch, fewer than `weights_rate_limit` blocks later.
			run_to_block(epoch_start + 1);
			assert_ok!(reveal(V1_HK, netuid, &[2], &[1], salt, 1, round));
			assert!(matches!(last_event(), Event::WeightsRevealed { .. }));
			assert_ok!(commit(V1_HK, netuid, hash(round + 1)));
		}
	});
}
