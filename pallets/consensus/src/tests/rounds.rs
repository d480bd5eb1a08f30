//! Rounds: the candidates fixed at each epoch, and the basis weights carry.

use crate::{mock::*, Error, Event, RoundCandidates, Rounds, WeightSources, WeightsSource};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use merit_primitives::{
	round::{FetchedSet, FixedCandidate, WeightsBasis},
	ROUND_HISTORY,
};
use pallet_merit_subnets::Hyperparameter;
use sp_runtime::DispatchError;

/// `hotkey` commits the model with hash `[byte; 32]` on `netuid`.
fn commit_model(netuid: u16, hotkey: AccountId, byte: u8) {
	let binding = Subnets::model_binding(&[byte; 32], &hotkey, netuid);
	assert_ok!(Subnets::commit_model(RuntimeOrigin::signed(hotkey), netuid, binding, 1_000));
}

fn reveal_model(netuid: u16, hotkey: AccountId, byte: u8) {
	assert_ok!(Subnets::reveal_model(RuntimeOrigin::signed(hotkey), netuid, [byte; 32]));
}

fn candidate_uids(netuid: u16, round: u32) -> Vec<u16> {
	RoundCandidates::<Test>::get(netuid, round).iter().map(|c| c.uid).collect()
}

fn set(netuid: u16, basis: WeightsBasis) -> Result<(), DispatchError> {
	Consensus::set_weights(
		RuntimeOrigin::signed(V1_HK),
		netuid,
		vec![2].try_into().unwrap(),
		vec![1].try_into().unwrap(),
		basis,
		1,
	)
}

/// Each epoch fixes the next round's candidates, by the round core's rule, as the subnet
/// stands when the epoch runs: a model revealed later waits for the next round, whatever
/// block a validator reads the chain at.
#[test]
fn each_epoch_fixes_the_candidates_of_its_round() {
	build_and_execute(|| {
		let netuid = subnet();
		run_to_block(2);
		// Round 0 opens when the subnet is first scheduled.
		assert_eq!(Rounds::<Test>::get(netuid, 0).map(|r| r.fixed_at), Some(2));
		assert_eq!(last_event(), Event::RoundFixed { netuid, epoch: 0, candidates: 0 });
		for (coldkey, hotkey) in [(V1, V1_HK), (M1, M1_HK), (M2, M2_HK)] {
			register(netuid, coldkey, hotkey);
		}
		commit_model(netuid, M1_HK, 1); // block 2
		commit_model(netuid, M2_HK, 2);
		run_to_block(3);
		reveal_model(netuid, M1_HK, 1);
		run_epoch(netuid); // block 10: round 1
		assert_eq!(Rounds::<Test>::get(netuid, 1).map(|r| r.fixed_at), Some(10));
		assert!(consensus_events().contains(&Event::RoundFixed {
			netuid,
			epoch: 1,
			candidates: 1
		}));
		assert_eq!(
			RoundCandidates::<Test>::get(netuid, 1).into_inner(),
			vec![FixedCandidate { uid: 1, model_hash: [1; 32], committed_at: 2 }]
		);
		// M2 reveals after round 1 opened: not a candidate of it, now or later.
		reveal_model(netuid, M2_HK, 2);
		assert_eq!(candidate_uids(netuid, 1), [1]);
		let view = Consensus::round_view(netuid, 1).unwrap();
		assert_eq!((view.fixed_at, view.seed_block, view.candidates.len()), (10, 11, 1));
		run_epoch(netuid); // round 2
		assert_eq!(candidate_uids(netuid, 2), [1, 2]);
		// M1 re-commits: its new model is not revealed, so it is not in round 3.
		commit_model(netuid, M1_HK, 3);
		run_epoch(netuid);
		assert_eq!(candidate_uids(netuid, 3), [2]);
		assert_eq!(Consensus::round_view(netuid, 99), None);
	});
}

/// Rounds are kept for `ROUND_HISTORY` epochs (long enough to reveal in the longest reveal
/// period and dispute after), then dropped; a dissolved subnet's go at once.
#[test]
fn rounds_are_kept_for_round_history_epochs() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		for _ in 0..ROUND_HISTORY {
			run_epoch(netuid);
		}
		let newest = ROUND_HISTORY + 1;
		let kept: Vec<u32> = Rounds::<Test>::iter_key_prefix(netuid).collect::<Vec<_>>();
		assert_eq!(kept.len() as u32, ROUND_HISTORY);
		assert!(kept.iter().all(|r| *r > newest - ROUND_HISTORY), "{kept:?}");
		assert!(!RoundCandidates::<Test>::contains_key(netuid, 1));
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), netuid));
		assert_eq!(Rounds::<Test>::iter_key_prefix(netuid).count(), 0);
		assert_eq!(RoundCandidates::<Test>::iter_key_prefix(netuid).count(), 0);
	});
}

/// `set_weights` names the open round and a canonical fetched set; the chain keeps both
/// beside the weights, with the block they were set in, and drops them with the neuron.
#[test]
fn set_weights_carries_its_basis() {
	build_and_execute(|| {
		let netuid = standard_subnet(); // round 1 open since block 10
		let basis = basis_now(netuid);
		assert_eq!(basis.round, 1);
		assert_noop!(set(netuid, round_basis(0)), Error::<Test>::WrongRound);
		assert_noop!(set(netuid, round_basis(2)), Error::<Test>::WrongRound);
		let trailing = FetchedSet(BoundedVec::truncate_from(vec![0b100, 0]));
		assert_noop!(
			set(netuid, WeightsBasis { round: 1, fetched: trailing }),
			Error::<Test>::FetchedSetNotCanonical
		);
		assert_ok!(set(netuid, basis.clone()));
		assert_eq!(
			WeightSources::<Test>::get(netuid, 0),
			Some(WeightsSource { basis: basis.clone(), as_of: 10 })
		);
		assert_eq!(Consensus::weights_source(netuid, 0).map(|s| s.basis), Some(basis));
		// Weights sent in round 1 that land after round 2 opened are refused.
		run_epoch(netuid);
		assert_noop!(set(netuid, round_basis(1)), Error::<Test>::WrongRound);
		// The source goes with the neuron.
		<Consensus as merit_primitives::NeuronLifecycle<AccountId>>::on_neuron_deregistered(
			netuid, 0, &V1_HK,
		);
		assert_eq!(WeightSources::<Test>::get(netuid, 0), None);
	});
}

/// A reveal names the round its commit was made in: a commit that landed after the round
/// changed cannot be revealed as the earlier round's, and the source records the commit's
/// block.
#[test]
fn a_reveal_names_the_round_of_its_commit() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			Hyperparameter::CommitReveal(true)
		));
		let salt = [4u8; 32];
		let (u, w) = (vec![2u16], vec![1u16]);
		let commit = |round: u32| {
			let hash =
				Consensus::weights_hash(&V1_HK, netuid, &u, &w, &round_basis(round), &salt, 1);
			assert_ok!(Consensus::commit_weights(RuntimeOrigin::signed(V1_HK), netuid, hash));
		};
		let reveal = |round: u32| {
			Consensus::reveal_weights(
				RuntimeOrigin::signed(V1_HK),
				netuid,
				u.clone().try_into().unwrap(),
				w.clone().try_into().unwrap(),
				round_basis(round),
				salt,
				1,
			)
		};
		// Scored in round 0, committed in round 1 (block 10): a late transaction.
		commit(0);
		run_to_block(12);
		// Scored and committed in round 1.
		commit(1);
		run_epoch(netuid); // round 2: the reveal epoch
		assert_noop!(reveal(0), Error::<Test>::WrongRound);
		assert_ok!(reveal(1));
		assert_eq!(
			WeightSources::<Test>::get(netuid, 0),
			Some(WeightsSource { basis: round_basis(1), as_of: 12 })
		);
	});
}

/// A round keeps the weight limits of its opening: a limit changed during the epoch is
/// the next round's, so every validator of this one fits its weights to the same limits.
#[test]
fn a_round_keeps_the_weight_limits_it_opened_with() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		let opened = Rounds::<Test>::get(netuid, 1).unwrap().limits;
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			Hyperparameter::MinAllowedWeights(opened.min_count + 2)
		));
		assert_eq!(Rounds::<Test>::get(netuid, 1).unwrap().limits, opened);
		assert_eq!(Consensus::round_view(netuid, 1).unwrap().limits, opened);
		run_epoch(netuid);
		assert_eq!(Rounds::<Test>::get(netuid, 2).unwrap().limits.min_count, opened.min_count + 2);
	});
}

/// Every submission's digest is remembered (the newest `SUBMISSION_LOG`, of rounds still
/// kept), so a dispute can name weights newer ones replaced; each is claimed once.
#[test]
fn submissions_are_remembered_for_disputes_and_claimed_once() {
	use merit_primitives::{round::submission_digest, ClaimError, EpochInfo, SUBMISSION_LOG};
	build_and_execute(|| {
		let netuid = standard_subnet();
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			Hyperparameter::WeightsRateLimit(0)
		));
		for k in 0..=SUBMISSION_LOG {
			run_to_block(10 + u64::from(k));
			assert_ok!(set(netuid, round_basis(1)));
		}
		let log = crate::Submissions::<Test>::get(netuid, 0);
		assert_eq!(log.len() as u32, SUBMISSION_LOG, "the oldest is forgotten");
		assert_eq!(log.first().unwrap().stored_at, 11);
		let last = log.last().unwrap().clone();
		assert_eq!((last.round, last.stored_at), (1, 10 + SUBMISSION_LOG));
		let digest = submission_digest(&[(2, 1)], &round_basis(1), last.stored_at);
		assert_eq!(last.digest, digest);
		assert_eq!(Consensus::claim_submission(netuid, 0, digest), Ok(last.stored_at));
		assert_eq!(Consensus::claim_submission(netuid, 0, digest), Err(ClaimError::Claimed));
		assert_eq!(Consensus::claim_submission(netuid, 0, [9; 32]), Err(ClaimError::Unknown));
		// Submissions of rounds no longer kept are forgotten at the next one.
		for _ in 0..merit_primitives::ROUND_HISTORY {
			run_epoch(netuid);
		}
		assert_ok!(set(netuid, basis_now(netuid)));
		assert_eq!(crate::Submissions::<Test>::get(netuid, 0).len(), 1);
		// And all of them with the neuron.
		<Consensus as merit_primitives::NeuronLifecycle<AccountId>>::on_neuron_deregistered(
			netuid, 0, &V1_HK,
		);
		assert!(crate::Submissions::<Test>::get(netuid, 0).is_empty());
	});
}
