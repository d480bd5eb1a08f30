//! The scores-to-weights rule of the round core (`merit_primitives::round::weights`).

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use merit_primitives::round::weights::{
	fingerprint_distance, fit, for_round, near_duplicate, weights, ScoredMiner as Scored,
	NEAR_DUPLICATE_MILLINATS,
};

/// Rows a fingerprint covers (`merit_scoring::fingerprint::FINGERPRINT_ROWS`).
const FINGERPRINT_ROWS: u32 = 256;

/// A behaviour of its own for each `key`: per-row log-probabilities from a simple hash.
fn behaviour(key: u32) -> Vec<i16> {
	(0..FINGERPRINT_ROWS)
		.map(|row| {
			let spread = (key.wrapping_mul(2_654_435_761) ^ row.wrapping_mul(40_503)) % 3_000;
			-i16::try_from(spread).unwrap()
		})
		.collect()
}

/// A miner with a model of its own.
fn m(uid: u16, score: u32, committed_at: u32) -> Scored {
	Scored { uid, score, committed_at, fingerprint: behaviour(u32::from(uid) + 1) }
}

/// A miner serving `of`'s model with every row's log-probability moved by `by` milli-nats.
fn copy(uid: u16, committed_at: u32, of: &Scored, by: i16) -> Scored {
	let fingerprint = of.fingerprint.iter().map(|l| (l - by).min(0)).collect();
	Scored { uid, committed_at, fingerprint, ..of.clone() }
}

const BASE: u32 = 100_000_000;

#[test]
fn distances_are_exact_integers() {
	let a = [-100, -200, -300, -400];
	assert_eq!(fingerprint_distance(&a, &a), Some(0));
	let b = [-103, -196, -300, -400]; // squares 9 + 16: mean 6.25
	assert_eq!(fingerprint_distance(&a, &b), Some(2));
	assert!(near_duplicate(&a, &b));
	let far = [-1_100, -1_200, -1_300, -1_400];
	assert_eq!(fingerprint_distance(&a, &far), Some(1_000));
	assert!(!near_duplicate(&a, &far));
	assert_eq!(fingerprint_distance(&a, &[-100]), None, "different rows");
	assert_eq!(fingerprint_distance(&[], &[]), None);
	// The widest possible difference, every row: 30,000 milli-nats.
	let floor = vec![-30_000i16; 256];
	assert_eq!(fingerprint_distance(&floor, &vec![0; 256]), Some(30_000));
	assert_eq!(fingerprint_distance(&[i16::MIN], &[i16::MAX]), Some(65_535));
}

#[test]
fn better_models_earn_more_than_in_proportion() {
	let w = weights(&[m(3, 900_000_000, 5), m(1, 500_000_000, 6), m(2, 100_000_000, 7)], BASE);
	// (800M)² : (400M)² = 4 : 1; the baseline model earns nothing and is left out.
	assert_eq!(w, vec![(1, 16_384), (3, u16::MAX)]);
}

#[test]
fn a_later_copy_earns_nothing_whoever_serves_it() {
	let original = m(4, 700_000_000, 10);
	let exact = copy(2, 12, &original, 0);
	let tweak = copy(6, 11, &original, NEAR_DUPLICATE_MILLINATS as i16 - 1);
	let got = weights(&[exact.clone(), original.clone(), tweak], BASE);
	assert_eq!(got, vec![(4, u16::MAX)]);
	// Behaving differently is a different model, even with the very same score.
	let other = Scored { score: original.score, ..m(6, 0, 11) };
	assert_eq!(
		weights(&[exact, original.clone(), other], BASE),
		vec![(4, u16::MAX), (6, u16::MAX)]
	);
	// Same block: the lower UID counts as earlier.
	let first = m(8, 500_000_000, 3);
	assert_eq!(weights(&[copy(9, 3, &first, 0), first], BASE), vec![(8, u16::MAX)]);
}

/// The attack of issue 14 item 6: fifty early commits whose scores cover a band 0.1% apart
/// would, under a score-collision rule, zero every honest miner scoring inside the band.
/// With near-duplicates judged by behaviour the honest miners keep their weight.
#[test]
fn a_grid_of_early_scores_leaves_honest_miners_their_weight() {
	let grid: Vec<Scored> =
		(0..50u16).map(|i| m(100 + i, 500_000_000 + u32::from(i) * 1_000_000, 1)).collect();
	// Honest miners, committed later, scoring right on grid points and between them.
	let honest: Vec<Scored> =
		(0..10u16).map(|i| m(200 + i, 500_000_000 + u32::from(i) * 4_500_000 + 300, 50)).collect();
	let mut round = grid.clone();
	round.extend(honest.iter().cloned());
	let got = weights(&round, BASE);
	for h in &honest {
		let w = got.iter().find(|(uid, _)| *uid == h.uid).map(|(_, w)| *w);
		let expected = got.iter().find(|(uid, _)| {
			grid.iter().any(|g| g.uid == *uid && g.score.abs_diff(h.score) < 1_000_000)
		});
		assert!(w.is_some_and(|w| w > 0), "honest uid {} lost its weight", h.uid);
		// It earns what a grid miner at its score earns.
		if let (Some(w), Some((_, gw))) = (w, expected) {
			assert!(w.abs_diff(*gw) <= 512, "uid {}: {w} vs {gw}", h.uid);
		}
	}
	// The grid's miners gain nothing from the honest ones either way; a copy of an honest
	// model committed later still earns nothing.
	round.push(copy(300, 60, &honest[3], 5));
	assert!(!weights(&round, BASE).iter().any(|(uid, _)| *uid == 300));
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
	let earner = m(0, 600_000_000, 1);
	let round = [earner.clone(), copy(1, 5, &earner, 0), m(2, 100_000_000, 1), m(3, 0, 1)];
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
