//! Disputes of validators' weights: what opening one snapshots and holds, every refusal, and
//! each way one ends (upheld and paid, rejected, expired, dropped).

use crate::{
	mock::*, DeferredSlashes, DisputeCandidates, DisputeEnd, DisputeQueue, DisputeRewards,
	Disputes, Error, Event,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use merit_primitives::{
	round::{Attestation, WeightsBasis},
	SlashReason,
};
use sp_runtime::{DispatchError, Perbill};

const DISPUTER: AccountId = NOMINATOR;

/// `validator`'s current weights on subnet 0 as a dispute names them: as the chain keeps
/// them, their basis, the block they were fixed in.
fn current(validator: AccountId) -> (Vec<(u16, u16)>, WeightsBasis, u32) {
	let uid = pallet_merit_subnets::Uids::<Test>::get(0, validator).unwrap_or(u16::MAX);
	let weights = pallet_merit_consensus::Weights::<Test>::get(0, uid).unwrap_or_default();
	let source = pallet_merit_consensus::WeightSources::<Test>::get(0, uid);
	let (basis, as_of) = source.map(|s| (s.basis, s.as_of)).unwrap_or_default();
	(weights.into_inner(), basis, as_of)
}

fn dispute_with(
	who: AccountId,
	validator: AccountId,
	(weights, basis, as_of): (Vec<(u16, u16)>, WeightsBasis, u32),
) -> Result<(), DispatchError> {
	let weights = weights.try_into().unwrap();
	Slashing::dispute_weights(RuntimeOrigin::signed(who), 0, validator, weights, basis, as_of)
}

/// Disputes `validator`'s current weights.
fn dispute(who: AccountId, validator: AccountId) -> Result<(), DispatchError> {
	dispute_with(who, validator, current(validator))
}

fn attest(who: AccountId, id: u32, said: Attestation) -> Result<(), DispatchError> {
	Slashing::attest(RuntimeOrigin::signed(who), 0, id, said)
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&crate::HoldReason::DisputeBond.into(), &who)
}

/// The standard subnet with V2's weights on M1 and M2 (UIDs 2 and 3), set in round 1 (fixed
/// at block 10) with their files obtained; then block 11, round 1's seed block. V2 holds
/// 1,000 of the 4,000 permit stake: V1 (3,000) alone reaches `kappa` (50%).
fn weighted() -> u16 {
	let netuid = standard_subnet();
	set_weights(V2_HK, vec![2, 3], vec![3, 1]);
	run_to_block(11);
	netuid
}

#[test]
fn a_dispute_snapshots_the_round_and_holds_the_bond() {
	build_and_execute(|| {
		weighted();
		let free = Balances::balance(&DISPUTER);
		assert_ok!(dispute(DISPUTER, V2_HK));
		let d = Disputes::<Test>::get(0, 0).expect("open");
		assert_eq!((d.validator, d.round, d.disputer, d.bond), (V2_HK, 1, DISPUTER, DISPUTE_BOND));
		assert_eq!(d.weights.into_inner(), vec![(2, 3), (3, 1)]);
		assert_eq!(d.fetched.uids(), [2, 3]);
		assert!(d.excluded.is_empty());
		assert_eq!(d.seed_block, 11, "round 1 was fixed at block 10");
		assert_eq!(d.seed_hash, System::block_hash(11).0);
		// Only the other permit holder verifies, with its stake at the epoch's permits.
		let verifiers: Vec<_> = d.verifiers.iter().map(|v| (v.hotkey, v.stake)).collect();
		assert_eq!(verifiers, [(V1_HK, 3_000)]);
		// The whole permit stake decides; V2's own counts as a match.
		assert_eq!((d.total, d.matched, d.closes_at), (4_000, 1_000, 11 + DISPUTE_WINDOW));
		// The round's candidates, restricted to the fetched set: M3 (UID 4) is not re-run.
		let uids: Vec<u16> = DisputeCandidates::<Test>::get(0, 0).iter().map(|c| c.uid).collect();
		assert_eq!(uids, [2, 3]);
		assert_eq!(held(DISPUTER), DISPUTE_BOND);
		assert_eq!(Balances::balance(&DISPUTER), free - DISPUTE_BOND);
		assert_eq!(DisputeQueue::<Test>::get().into_inner(), vec![(11 + DISPUTE_WINDOW, 0, 0)]);
		assert!(slashing_events().contains(&Event::DisputeOpened {
			netuid: 0,
			id: 0,
			validator: V2_HK,
			round: 1,
			disputer: DISPUTER,
			closes_at: 11 + DISPUTE_WINDOW,
		}));
	});
}

#[test]
fn disputes_that_cannot_be_opened() {
	build_and_execute(|| {
		weighted();
		let (weights, basis, as_of) = current(V2_HK);
		assert_noop!(
			Slashing::dispute_weights(
				RuntimeOrigin::signed(DISPUTER),
				9,
				V2_HK,
				weights.try_into().unwrap(),
				basis,
				as_of
			),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(dispute(V2_HK, V2_HK), Error::<Test>::CannotDisputeSelf);
		assert_noop!(dispute(DISPUTER, 77), Error::<Test>::NotRegistered);
		assert_noop!(dispute(DISPUTER, V1_HK), Error::<Test>::UnknownSubmission);
		// V1 holds 3,000 of 4,000: V2 alone can never reach `kappa` against it.
		set_weights(V1_HK, vec![2], vec![1]);
		assert_noop!(dispute(DISPUTER, V1_HK), Error::<Test>::DisputeCannotSucceed);
		// Weights, basis or block other than the chain kept: no such submission.
		let (weights, basis, as_of) = current(V2_HK);
		let tampered = [
			(vec![(2, 3), (3, 2)], basis.clone(), as_of),
			(weights.clone(), WeightsBasis { round: 0, ..basis.clone() }, as_of),
			(weights.clone(), basis.clone(), as_of + 1),
		];
		for submission in tampered {
			assert_noop!(
				dispute_with(DISPUTER, V2_HK, submission),
				Error::<Test>::UnknownSubmission
			);
		}
		// An account that cannot hold the bond.
		assert_noop!(dispute(1_234, V2_HK), Error::<Test>::InsufficientBond);
		assert_ok!(dispute(DISPUTER, V2_HK));
		assert_noop!(dispute(OWNER, V2_HK), Error::<Test>::AlreadyDisputed);
		// The dispute ends; the same submission still cannot be disputed again.
		assert_ok!(attest(V1_HK, 0, Attestation::Match));
		assert_noop!(dispute(OWNER, V2_HK), Error::<Test>::AlreadyDisputed);
		// Too late: the weights were set (block 11) more than `DISPUTE_WINDOW` blocks ago.
		run_to_block(11 + u64::from(DISPUTE_WINDOW) + 1);
		assert_noop!(dispute(OWNER, V1_HK), Error::<Test>::DisputeTooLate);
	});
}

/// `kappa` of the verifiers' stake attesting a mismatch is an offence: a deferred slash of
/// the stake backing the validator, a share of which the disputer is paid when it applies;
/// the bond comes back at once.
#[test]
fn a_mismatch_attested_by_kappa_slashes_the_validator_and_pays_the_disputer() {
	build_and_execute(|| {
		weighted();
		assert_ok!(dispute(DISPUTER, V2_HK));
		assert_noop!(attest(V2_HK, 0, Attestation::Match), Error::<Test>::NotAVerifier);
		assert_noop!(attest(M1_HK, 0, Attestation::Mismatch), Error::<Test>::NotAVerifier);
		assert_noop!(attest(V1_HK, 7, Attestation::Mismatch), Error::<Test>::UnknownDispute);
		let free = Balances::balance(&DISPUTER);
		assert_ok!(attest(V1_HK, 0, Attestation::Mismatch));
		let slash = DeferredSlashes::<Test>::iter_prefix(0)
			.find(|(_, s)| s.reason == SlashReason::DisputedWeights && s.offender == V2_HK)
			.map(|(id, _)| id)
			.expect("the offence is scheduled");
		assert!(slashing_events().contains(&Event::DisputeEnded {
			netuid: 0,
			id: 0,
			validator: V2_HK,
			end: DisputeEnd::Upheld,
			bond: DISPUTE_BOND,
			slash: Some(slash),
		}));
		assert_eq!((held(DISPUTER), Balances::balance(&DISPUTER)), (0, free + DISPUTE_BOND));
		assert!(Disputes::<Test>::get(0, 0).is_none() && DisputeQueue::<Test>::get().is_empty());
		assert_eq!(DisputeRewards::<Test>::get(0, slash), Some(DISPUTER));
		assert_noop!(attest(V1_HK, 0, Attestation::Mismatch), Error::<Test>::UnknownDispute);

		// The slash applies an epoch later (defer_epochs = 1): 10% of the stake backing V1,
		// a fifth of which the treasury (where slashes go) pays the disputer.
		let free = Balances::balance(&DISPUTER);
		next_epoch();
		next_epoch();
		let taken = slashing_events()
			.iter()
			.find_map(|e| match e {
				Event::SlashApplied { id, stake, .. } if *id == slash => Some(*stake),
				_ => None,
			})
			.expect("the slash applied");
		assert!(taken > 0);
		let reward = Perbill::from_percent(20).mul_floor(taken);
		assert_eq!(Balances::balance(&DISPUTER), free + reward);
		assert!(slashing_events().contains(&Event::DisputerRewarded {
			netuid: 0,
			id: slash,
			disputer: DISPUTER,
			amount: reward,
			paid: true,
		}));
		assert!(DisputeRewards::<Test>::get(0, slash).is_none());
	});
}

/// Verifiers' stake attesting a match so that a mismatch can no longer reach `kappa`: the
/// dispute is rejected and the bond goes to the treasury.
#[test]
fn a_rejected_dispute_costs_the_disputer_its_bond() {
	build_and_execute(|| {
		weighted();
		assert_ok!(dispute(DISPUTER, V2_HK));
		let (free, treasury) = (Balances::balance(&DISPUTER), Balances::balance(&TREASURY));
		assert_ok!(attest(V1_HK, 0, Attestation::Match));
		assert!(slashing_events().contains(&Event::DisputeEnded {
			netuid: 0,
			id: 0,
			validator: V2_HK,
			end: DisputeEnd::Rejected,
			bond: DISPUTE_BOND,
			slash: None,
		}));
		assert_eq!((held(DISPUTER), Balances::balance(&DISPUTER)), (0, free));
		assert_eq!(Balances::balance(&TREASURY), treasury + DISPUTE_BOND);
		assert!(DeferredSlashes::<Test>::iter_prefix(0).next().is_none(), "no offence");
	});
}

/// Nobody attests (every verifier abstained: a file could not be obtained): the window
/// closes without a verdict and the bond comes back.
#[test]
fn an_unattested_dispute_expires_and_returns_the_bond() {
	build_and_execute(|| {
		weighted();
		assert_ok!(dispute(DISPUTER, V2_HK));
		let (treasury, free) = (Balances::balance(&TREASURY), Balances::balance(&DISPUTER));
		run_to_block(11 + u64::from(DISPUTE_WINDOW) - 1);
		assert!(Disputes::<Test>::get(0, 0).is_some(), "open until its window closes");
		run_to_block(11 + u64::from(DISPUTE_WINDOW));
		assert!(Disputes::<Test>::get(0, 0).is_none());
		assert!(slashing_events().iter().any(|e| matches!(
			e,
			Event::DisputeEnded { end: DisputeEnd::Expired, bond: DISPUTE_BOND, .. }
		)));
		assert!(Balances::balance(&TREASURY) < treasury + DISPUTE_BOND);
		assert_eq!((held(DISPUTER), Balances::balance(&DISPUTER)), (0, free + DISPUTE_BOND));
	});
}

/// A verifier attests once; its attestation counts its stake at the dispute's opening,
/// whatever it stakes later.
#[test]
fn each_verifier_attests_once_with_its_stake_at_the_opening() {
	build_and_execute(|| {
		let netuid = standard_subnet();
		// A third validator (the nominator's hotkey), so one attestation decides nothing.
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			pallet_merit_subnets::Hyperparameter::MaxValidators(3)
		));
		let v3_hk = 16;
		register(netuid, NOMINATOR, v3_hk);
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(NOMINATOR), v3_hk, 1_000));
		next_epoch();
		set_weights(V2_HK, vec![2, 3], vec![3, 1]);
		set_weights(v3_hk, vec![2], vec![1]);
		run_to_block(System::block_number() + 1);
		assert_ok!(dispute(OWNER, V2_HK));
		// The chain holds one dispute open at once here.
		assert_noop!(dispute(OWNER, v3_hk), Error::<Test>::TooManyDisputes);
		// Stake added after the opening counts for nothing.
		assert_ok!(Staking::add_stake(RuntimeOrigin::signed(NOMINATOR), v3_hk, 50_000));
		assert_ok!(attest(v3_hk, 0, Attestation::Match));
		assert_noop!(attest(v3_hk, 0, Attestation::Mismatch), Error::<Test>::AlreadyAttested);
		let d = Disputes::<Test>::get(0, 0).expect("open: 2,000 of 5,000 matched");
		assert_eq!((d.matched, d.mismatch, d.total), (2_000, 0, 5_000));
		assert_ok!(attest(V1_HK, 0, Attestation::Mismatch));
		assert!(slashing_events()
			.iter()
			.any(|e| matches!(e, Event::DisputeEnded { end: DisputeEnd::Upheld, .. })));
	});
}

/// Dissolving the subnet ends its disputes and returns the bonds.
#[test]
fn a_dissolved_subnets_disputes_return_their_bonds() {
	build_and_execute(|| {
		weighted();
		assert_ok!(dispute(DISPUTER, V2_HK));
		let free = Balances::balance(&DISPUTER);
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), 0));
		assert!(Disputes::<Test>::iter().next().is_none());
		assert_eq!((held(DISPUTER), Balances::balance(&DISPUTER)), (0, free + DISPUTE_BOND));
	});
}

/// Newer weights do not hide older ones: the chain remembers each submission's digest, and
/// a dispute names the one it disputes.
#[test]
fn replaced_weights_can_still_be_disputed() {
	build_and_execute(|| {
		weighted();
		let lying = current(V2_HK);
		// V2 replaces its weights a few blocks later, in the same round.
		run_to_block(13);
		set_weights(V2_HK, vec![2], vec![1]);
		assert_ne!(current(V2_HK), lying);
		assert_ok!(dispute_with(DISPUTER, V2_HK, lying.clone()));
		let d = Disputes::<Test>::get(0, 0).expect("open");
		assert_eq!(d.weights.into_inner(), lying.0, "the weights disputed, not the newer");
		assert_ok!(attest(V1_HK, 0, Attestation::Mismatch));
		assert!(slashing_events()
			.iter()
			.any(|e| matches!(e, Event::DisputeEnded { end: DisputeEnd::Upheld, .. })));
	});
}
