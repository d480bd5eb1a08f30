//! The scores-to-weights rule.

use merit_scoring::{
	weights::{fit, for_round, weights, Scored, TIE_EPSILON},
	Score,
};

fn m(uid: u16, score: u32, committed_at: u32) -> Scored {
	Scored { uid, score: Score(score), committed_at }
}

const BASE: Score = Score(100_000_000);

#[test]
fn better_models_earn_more_than_in_proportion() {
	let w = weights(&[m(3, 900_000_000, 5), m(1, 500_000_000, 6), m(2, 100_000_000, 7)], BASE);
	// (800M)² : (400M)² = 4 : 1; the baseline model earns nothing and is left out.
	assert_eq!(w, vec![(1, 16_384), (3, u16::MAX)]);
}

#[test]
fn a_later_copy_earns_nothing_whoever_serves_it() {
	let original = m(4, 700_000_000, 10);
	let copy = m(2, 700_000_000, 12);
	let tweak = m(6, 700_000_000 + TIE_EPSILON, 11);
	assert_eq!(weights(&[copy, original, tweak], BASE), vec![(4, u16::MAX)]);
	// Just outside the epsilon is a different model.
	let better = m(6, 700_000_000 + TIE_EPSILON + 1, 11);
	assert_eq!(weights(&[copy, original, better], BASE).len(), 2);
	// Same block: the lower UID counts as earlier.
	assert_eq!(weights(&[m(9, 500_000_000, 3), m(8, 500_000_000, 3)], BASE), vec![(8, u16::MAX)]);
}

#[test]
fn nothing_to_reward_gives_no_weights() {
	assert!(weights(&[], BASE).is_empty());
	assert!(weights(&[m(0, 0, 1), m(1, 100_000_000, 1)], BASE).is_empty());
}

/// Whether `weights` meet the limits the chain checks (`Perbill::from_rational` rounds down).
fn within(weights: &[(u16, u16)], min_count: usize, max_share_ppb: u64) -> bool {
	let total: u64 = weights.iter().map(|(_, w)| u64::from(*w)).sum();
	let max = weights.iter().map(|(_, w)| u64::from(*w)).max().unwrap_or(0);
	weights.iter().filter(|(_, w)| *w > 0).count() >= min_count
		&& max * 1_000_000_000 / total <= max_share_ppb
}

#[test]
fn weights_are_fitted_to_the_subnets_limits() {
	let w = vec![(1, u16::MAX), (3, 16_384)];
	// The defaults (one weight, 100%) change nothing.
	assert_eq!(fit(w.clone(), &[], 1, 1_000_000_000), Some(w.clone()));
	// At most half each: the leader is clipped until it holds half.
	let half = fit(w.clone(), &[], 1, 500_000_000).unwrap();
	assert!(within(&half, 1, 500_000_000), "{half:?}");
	assert_eq!(half.iter().map(|(u, _)| *u).collect::<Vec<_>>(), [1, 3]);
	assert!(half[0].1 >= half[1].1, "the ranking holds: {half:?}");
	// Three weights required: a scored miner that earned nothing is padded with 1.
	let padded = fit(w.clone(), &[3, 7, 9], 3, 1_000_000_000).unwrap();
	assert_eq!(padded, vec![(1, u16::MAX), (3, 16_384), (7, 1)]);
	// Both limits at once.
	let both = fit(vec![(0, u16::MAX)], &[4, 5], 3, 400_000_000).unwrap();
	assert!(within(&both, 3, 400_000_000), "{both:?}");
	// Impossible: too few miners scored, or a share no weight set can meet.
	assert_eq!(fit(w.clone(), &[], 3, 1_000_000_000), None);
	assert_eq!(fit(w.clone(), &[], 1, 100_000_000), None, "two weights cannot each be ≤ 10%");
	assert_eq!(fit(Vec::new(), &[], 0, 1_000_000_000), None, "nothing to send");
}

#[test]
fn a_round_pads_with_the_best_scored_miners_that_earned_nothing() {
	// uid 0 earns, uid 1 is a later copy of it, uid 2 guesses, uid 3 is below guessing.
	let round = [m(0, 600_000_000, 1), m(1, 600_000_000, 5), m(2, 100_000_000, 1), m(3, 0, 1)];
	assert_eq!(for_round(&round, BASE, 1, 1_000_000_000), Some(vec![(0, u16::MAX)]));
	// Three weights required: the copy and the guess (best scores after the earner) pad.
	assert_eq!(
		for_round(&round, BASE, 3, 1_000_000_000),
		Some(vec![(0, u16::MAX), (1, 1), (2, 1)])
	);
	// Five required but only four scored: nothing can be sent.
	assert_eq!(for_round(&round, BASE, 5, 1_000_000_000), None);
	// Nobody beat guessing: nothing to send, whatever the limits.
	assert_eq!(for_round(&round[2..], BASE, 0, 1_000_000_000), None);
}
