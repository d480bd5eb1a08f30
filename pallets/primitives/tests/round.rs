//! The validator's round core (`merit_primitives::round`): candidates, fetch order, fault
//! policy, weights, submission and the pending-reveal machine, as every driver runs them.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use merit_primitives::{
	round::{
		EpochSeed, Fault, FetchFailure as F, NeuronModel, Outcome, PendingReveal, RevealStep,
		Round, Submission, WeightLimits,
	},
	TaskKind, TaskSpec,
};

const SEED: EpochSeed = EpochSeed { netuid: 3, epoch: 9, block: 100, hash: [7; 32] };
const LIMITS: WeightLimits = WeightLimits { min_count: 1, max_share_ppb: 1_000_000_000 };

fn task() -> TaskSpec {
	TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: 1_000_000,
		dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
		eval_size: 512,
	}
}

/// A miner with a revealed model committed at block `at`, serving at "url-<uid>".
fn miner(uid: u16, at: u32) -> NeuronModel<String> {
	NeuronModel {
		uid,
		committed_at: at,
		revealed: Some([uid as u8; 32]),
		copied: false,
		endpoint: Some(format!("url-{uid}")),
	}
}

fn round(neurons: Vec<NeuronModel<String>>, own_uid: Option<u16>) -> Round<String> {
	Round::new(SEED, task(), LIMITS, own_uid, neurons)
}

/// A score's fingerprint: distinct behaviour per UID (far apart: no near-duplicates).
fn scored(uid: u16, score: u32) -> Outcome {
	Outcome::Scored { score, fingerprint: vec![-(i16::try_from(uid).unwrap() * 1_000); 8] }
}

#[test]
fn candidates_are_revealed_models_committed_before_the_seed_block_and_not_copies() {
	let mut unrevealed = miner(4, 10);
	unrevealed.revealed = None;
	let mut copy = miner(5, 10);
	copy.copied = true;
	let mut no_axon = miner(6, 10);
	no_axon.endpoint = None;
	let neurons =
		vec![miner(2, 99), miner(1, 100), miner(0, 10), unrevealed, copy, no_axon.clone()];
	let r = round(neurons, None);
	let uids: Vec<u16> = r.candidates().iter().map(|c| c.uid).collect();
	assert_eq!(uids, [0, 2, 6], "by UID; committed at the seed block is too late");
	assert_eq!(r.candidates()[0].model_hash, [0; 32]);
	// The miner without an axon is a candidate (reported), but nothing is fetched from it.
	let order: Vec<u16> = r.fetch_order().iter().map(|c| c.uid).collect();
	assert_eq!(order.len(), 2);
	assert!(!order.contains(&6));
}

#[test]
fn the_fetch_order_is_drawn_from_the_seed() {
	let neurons: Vec<_> = (0..32).map(|uid| miner(uid, 1)).collect();
	let order = |hash: [u8; 32]| -> Vec<u16> {
		let r = Round::new(EpochSeed { hash, ..SEED }, task(), LIMITS, None, neurons.clone());
		r.fetch_order().iter().map(|c| c.uid).collect()
	};
	let a = order([7; 32]);
	assert_eq!(a, order([7; 32]), "the same seed gives the same order");
	assert_ne!(a, order([8; 32]), "another seed, another order");
	assert_ne!(a, (0..32).collect::<Vec<_>>(), "not UID order");
	let mut sorted = a.clone();
	sorted.sort();
	assert_eq!(sorted, (0..32).collect::<Vec<_>>(), "every candidate once");
}

#[test]
fn faults_are_reported_by_uid_except_the_validators_own_and_its_own_limits() {
	let mut no_axon = miner(7, 1);
	no_axon.endpoint = None;
	let neurons = vec![
		miner(0, 1),
		miner(1, 1),
		miner(2, 1),
		miner(3, 1),
		miner(4, 1),
		miner(5, 1),
		miner(6, 1),
		no_axon,
	];
	let mut r = round(neurons, Some(5));
	r.record(0, scored(0, 800_000_000));
	r.record(1, Outcome::Failed(F::HashMismatch));
	r.record(2, Outcome::Failed(F::Status(404)));
	r.record(3, Outcome::Failed(F::TooLargeForValidator));
	r.record(4, Outcome::Invalid);
	r.record(5, Outcome::Failed(F::Offline));
	// uid 6 never recorded: the round's deadline came first.
	r.record(99, Outcome::Failed(F::Offline)); // not a candidate: ignored
	let result = r.finish();
	assert_eq!(
		result.reports,
		vec![(1, Fault::HashMismatch), (2, Fault::Unavailable), (7, Fault::Unavailable)],
		"not the validator's own (5), not its own size limit (3), not an invalid model (4), \
		 not a miner the round's deadline cut off (6)"
	);
	assert_eq!(result.unreached, 1);
	assert_eq!(result.fetched, vec![0, 4], "the files it obtained");
	assert_eq!(result.weights, Some(vec![(0, u16::MAX)]));
	assert_eq!(result.miners.len(), 8);
	assert_eq!(result.miners[6].1, Outcome::Failed(F::RoundOver));
	assert_eq!(result.miners[7].1, Outcome::Failed(F::NoAxon));
}

#[test]
fn nobody_answering_reports_nobody() {
	let neurons: Vec<_> = (0..3).map(|uid| miner(uid, 1)).collect();
	let mut r = round(neurons.clone(), None);
	r.record(0, Outcome::Failed(F::Offline));
	r.record(1, Outcome::Failed(F::Timeout));
	r.record(2, Outcome::Failed(F::Offline));
	let result = r.finish();
	assert!(result.reports.is_empty(), "this validator is the likelier one offline");
	assert_eq!(result.weights, None);

	// One answer, even a wrong file, shows the network works: the others are reported.
	let mut r = round(neurons.clone(), None);
	r.record(0, Outcome::Failed(F::Offline));
	r.record(1, Outcome::Failed(F::HashMismatch));
	r.record(2, Outcome::Failed(F::Offline));
	assert_eq!(r.finish().reports.len(), 3);

	// A single miner tried proves nothing either way: it is reported.
	let mut r = round(neurons[..1].to_vec(), None);
	r.record(0, Outcome::Failed(F::Timeout));
	assert_eq!(r.finish().reports, vec![(0, Fault::Unavailable)]);

	// Miners without an axon are not fetches that failed on the network, and do not make
	// an offline validator report the rest.
	let mut silent = neurons.clone();
	silent.iter_mut().take(1).for_each(|n| n.endpoint = None);
	let mut r = round(silent, None);
	r.record(1, Outcome::Failed(F::Timeout));
	r.record(2, Outcome::Failed(F::Offline));
	assert!(r.finish().reports.is_empty());

	// Nor do axons this validator cannot fetch from (HTTPS for merit-validator): nothing
	// went to the network for them.
	let mut r = round(neurons, None);
	r.record(0, Outcome::Failed(F::Unsupported));
	r.record(1, Outcome::Failed(F::Timeout));
	r.record(2, Outcome::Failed(F::Offline));
	assert!(r.finish().reports.is_empty());
}

#[test]
fn weights_follow_from_the_scores_and_the_subnets_limits() {
	let neurons: Vec<_> = (0..4).map(|uid| miner(uid, 1)).collect();
	let mut r = Round::new(
		SEED,
		task(),
		WeightLimits { min_count: 3, max_share_ppb: 1_000_000_000 },
		None,
		neurons,
	);
	r.record(0, scored(0, 900_000_000));
	r.record(1, scored(1, 500_000_000));
	r.record(2, Outcome::Invalid);
	r.record(3, scored(3, 50_000_000)); // below guessing (digits: 100,000,000)
	let result = r.finish();
	// (800M)² : (400M)² = 4 : 1; three weights required: the guesser pads with 1; the
	// invalid file never pads.
	assert_eq!(result.weights, Some(vec![(0, u16::MAX), (1, 16_384), (3, 1)]));
}

#[test]
fn submissions_follow_commit_reveal() {
	assert_eq!(Submission::of(None, true), Submission::Nothing);
	assert_eq!(Submission::of(Some(vec![]), false), Submission::Nothing);
	let w = Some(vec![(1, 5), (4, 9)]);
	assert_eq!(
		Submission::of(w.clone(), false),
		Submission::Set { uids: vec![1, 4], weights: vec![5, 9] }
	);
	assert_eq!(
		Submission::of(w, true),
		Submission::Commit { uids: vec![1, 4], weights: vec![5, 9] }
	);
}

#[test]
fn a_pending_reveal_is_sent_in_its_epoch_resent_until_seen_and_dropped_after() {
	let mut p = PendingReveal {
		hash: [1; 32],
		epoch: 9,
		uids: vec![1],
		weights: vec![5],
		salt: [2; 32],
		version_key: 0,
		sent_at: None,
		fetched: merit_primitives::round::FetchedSet::of([1, 3]),
	};
	assert_eq!(p.basis().round, 9, "the weights rest on the round committed in");
	assert_eq!(p.basis().fetched.uids(), [1, 3]);
	assert_eq!(p.step(Some(10), 9, 1_000), RevealStep::Wait, "not due yet");
	assert_eq!(p.step(None, 9, 1_000), RevealStep::Wait, "commit still in the pool");
	assert_eq!(p.step(Some(10), 10, 1_010), RevealStep::Send);
	p.sent(1_010);
	assert_eq!(p.step(Some(10), 10, 1_014), RevealStep::Wait, "sent 4 blocks ago");
	assert_eq!(p.step(Some(10), 10, 1_015), RevealStep::Send, "resent after 5 blocks");
	assert_eq!(p.step(None, 10, 1_016), RevealStep::Revealed, "sent, and the commit is gone");
	assert_eq!(p.step(Some(10), 11, 1_020), RevealStep::Missed { due: 10 });
	p.sent_at = None;
	assert_eq!(p.step(None, 11, 1_020), RevealStep::Wait, "two epochs of grace");
	assert_eq!(p.step(None, 12, 1_030), RevealStep::NeverLanded);
	assert!(PendingReveal::kept(RevealStep::Send) && PendingReveal::kept(RevealStep::Wait));
	assert!(!PendingReveal::kept(RevealStep::Revealed));
}

mod dispute {
	use super::*;
	use frame_support::BoundedVec;
	use merit_primitives::round::{
		attest, dispute::FETCHED_SET_BYTES, Attestation, FetchedSet, FixedCandidate,
	};

	#[test]
	fn a_fetched_set_is_a_canonical_uid_bitmap() {
		let set = FetchedSet::of([0, 9, 4_095, 9, 4_096, u16::MAX]);
		assert_eq!(set.uids(), [0, 9, 4_095], "UIDs at or above MAX_UIDS are not UIDs");
		assert_eq!(set.0.len(), FETCHED_SET_BYTES as usize);
		assert!(set.contains(9) && !set.contains(8) && !set.contains(4_096));
		assert!(set.is_canonical());
		assert_eq!(FetchedSet::of([3]).0.into_inner(), vec![0b1000]);
		assert_eq!(FetchedSet::of([]).0.into_inner(), Vec::<u8>::new());
		assert!(FetchedSet::default().is_canonical());
		let trailing = FetchedSet(BoundedVec::truncate_from(vec![1, 0]));
		assert!(!trailing.is_canonical(), "a trailing zero byte");
		assert_eq!(trailing.uids(), [0], "yet it names the same UIDs");
	}

	/// A round built from the chain's fixed candidates is the round built from the neurons
	/// they were fixed from: same candidates, same fetch order, same weights.
	#[test]
	fn a_round_from_the_fixed_candidates_is_the_round_from_the_neurons() {
		let neurons: Vec<_> = (0..5).map(|uid| miner(uid, 1)).collect();
		let fixed: Vec<FixedCandidate> = neurons
			.iter()
			.map(|n| FixedCandidate {
				uid: n.uid,
				model_hash: n.revealed.unwrap(),
				committed_at: n.committed_at,
			})
			.collect();
		let from_neurons = round(neurons.clone(), Some(4));
		let from_fixed = Round::fixed(SEED, task(), LIMITS, Some(4), &fixed, neurons);
		assert_eq!(from_neurons.candidates(), from_fixed.candidates());
		let order = |r: &Round<String>| r.fetch_order().iter().map(|c| c.uid).collect::<Vec<_>>();
		assert_eq!(order(&from_neurons), order(&from_fixed));
		let finish = |mut r: Round<String>| {
			r.record(0, scored(0, 900_000_000));
			r.record(2, scored(2, 700_000_000));
			r.record(3, Outcome::Failed(F::Timeout));
			r.finish()
		};
		assert_eq!(finish(from_neurons), finish(from_fixed));
	}

	/// A fixed candidate whose neuron re-committed, or whose UID changed hands, since the
	/// round was fixed is left out (not fetched, not reported, no weight); a neuron that was
	/// not fixed is not added, whatever it holds now.
	#[test]
	fn a_fixed_round_leaves_out_candidates_that_no_longer_hold_their_model() {
		let fixed: Vec<FixedCandidate> = (0..4)
			.map(|uid| FixedCandidate { uid, model_hash: [uid as u8; 32], committed_at: 1 })
			.collect();
		let mut recommitted = miner(1, 50);
		recommitted.revealed = None;
		let replaced = NeuronModel { revealed: Some([9; 32]), ..miner(2, 60) };
		let newcomer = miner(7, 2);
		// UID 3: gone altogether.
		let now = vec![miner(0, 1), recommitted, replaced, newcomer];
		let round = Round::fixed(SEED, task(), LIMITS, None, &fixed, now);
		let uids: Vec<u16> = round.candidates().iter().map(|c| c.uid).collect();
		assert_eq!(uids, [0]);
		let result = round.finish();
		assert!(result.reports.iter().all(|(uid, _)| *uid == 0), "{:?}", result.reports);
	}

	/// Weights are compared as the chain keeps them: by UID, no zeros, and without the UIDs
	/// whose neuron registered since the weights were fixed (the chain drops those).
	#[test]
	fn weights_compare_as_the_chain_keeps_them() {
		use merit_primitives::round::comparable;
		assert_eq!(comparable(&[(5, 1), (2, 0), (1, 3)], &[]), [(1, 3), (5, 1)]);
		assert_eq!(comparable(&[(5, 1), (2, 4), (1, 3)], &[2, 9]), [(1, 3), (5, 1)]);
	}

	/// A validator's round, then a verifier's re-run of it on the validator's fetched set:
	/// the honest weights match, altered ones do not, and a file the verifier cannot get
	/// makes it abstain.
	#[test]
	fn a_rerun_on_the_fetched_set_attests_match_mismatch_or_abstains() {
		let neurons: Vec<_> = (0..4).map(|uid| miner(uid, 1)).collect();
		let mut original = round(neurons.clone(), None);
		original.record(0, scored(0, 900_000_000));
		original.record(1, scored(1, 500_000_000));
		original.record(2, Outcome::Failed(F::Timeout)); // the validator could not get it
		original.record(3, Outcome::Invalid);
		let validator = original.finish();
		let fetched = validator.fetched_set();
		assert_eq!(fetched.uids(), [0, 1, 3]);
		let revealed = validator.weights.clone().unwrap();

		let fixed: Vec<FixedCandidate> = neurons
			.iter()
			.map(|n| FixedCandidate {
				uid: n.uid,
				model_hash: n.revealed.unwrap(),
				committed_at: n.committed_at,
			})
			.collect();
		let rerun = || {
			Round::rerun(SEED, task(), LIMITS, &fixed, &fetched, |c| Some(format!("url-{}", c.uid)))
		};
		let mut verifier = rerun();
		let order: Vec<u16> = verifier.fetch_order().iter().map(|c| c.uid).collect();
		assert_eq!(order.len(), 3, "only the fetched set: {order:?}");
		assert!(!order.contains(&2));
		verifier.record(0, scored(0, 900_000_000));
		verifier.record(1, scored(1, 500_000_000));
		verifier.record(3, Outcome::Invalid);
		let result = verifier.finish();
		assert_eq!(attest(&result, &revealed, &[]), Some(Attestation::Match));
		let mut altered = revealed.clone();
		altered[0].1 -= 1;
		assert_eq!(attest(&result, &altered, &[]), Some(Attestation::Mismatch));
		assert_eq!(
			attest(&result, &[], &[]),
			Some(Attestation::Mismatch),
			"weights revealed for nobody"
		);

		// The verifier could not get uid 1's file: it abstains.
		let mut blind = rerun();
		blind.record(0, scored(0, 900_000_000));
		blind.record(1, Outcome::Failed(F::Offline));
		blind.record(3, Outcome::Invalid);
		assert_eq!(attest(&blind.finish(), &revealed, &[]), None);
		// Nor does it attest when the round's deadline cut a file off.
		let mut cut = rerun();
		cut.record(0, scored(0, 900_000_000));
		cut.record(3, Outcome::Invalid);
		assert_eq!(attest(&cut.finish(), &revealed, &[]), None);
	}
}
