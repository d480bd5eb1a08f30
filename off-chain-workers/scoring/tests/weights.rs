//! The scores-to-weights rule.

use merit_scoring::{
	weights::{weights, Scored, TIE_EPSILON},
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
