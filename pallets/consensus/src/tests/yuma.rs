//! The pure Yuma module: hand-computed cases and properties over random inputs.

use crate::yuma::{div, epoch, mul, normalize, ratio, EpochInput, EpochOutput, Fixed, Row, ONE};

const HALF: Fixed = ONE / 2;
const QUARTER: Fixed = ONE / 4;

/// Runs an epoch where every UID is active.
fn run(
	stake: &[u128],
	permit: &[bool],
	weights: &[Row<u16>],
	bonds: &[Row<Fixed>],
	kappa: Fixed,
	alpha: Fixed,
	beta: Fixed,
) -> EpochOutput {
	let active = vec![true; stake.len()];
	epoch(&EpochInput {
		stake,
		permit,
		active: &active,
		weights,
		bonds,
		kappa,
		bonds_moving_average: alpha,
		bonds_penalty: beta,
	})
}

fn close(actual: Fixed, expected: Fixed, tolerance: Fixed) -> bool {
	actual.abs_diff(expected) <= tolerance
}

#[test]
fn fixed_point_helpers() {
	assert_eq!(mul(HALF, HALF), QUARTER);
	assert_eq!(mul(ONE, 12345), 12345);
	assert_eq!(div(QUARTER, HALF), HALF);
	assert_eq!(div(1, 0), 0);
	assert_eq!(ratio(3, 4), 3 * QUARTER);
	assert_eq!(ratio(0, 0), 0);
	// Large totals keep their precision: a quarter of 10^30.
	// Totals above 2⁶⁴ are scaled down first: at most one unit is lost.
	let big =
		ratio(250_000_000_000_000_000_000_000_000_000, 1_000_000_000_000_000_000_000_000_000_000);
	assert!(close(big, QUARTER, 1), "{big}");
	assert_eq!(normalize(&[1, 1, 2]), vec![QUARTER, QUARTER, HALF]);
	assert_eq!(normalize(&[0, 0]), vec![0, 0]);
}

/// Three validators (stake ½, ¼, ¼) and three miners. V0 and V1 split their weight evenly
/// between miners 3 and 4; V2 puts everything on miner 5, which nobody else weights.
///
/// - Consensus: C₃ = C₄ = ½ (¾ of the stake gives them ½), C₅ = 0 (only ¼ ≥ nothing).
/// - Trust: V0 = V1 = 1, V2 = 0 (all its weight is above consensus).
/// - Ranks: R₃ = R₄ = ½·½ + ¼·½ = ⅜, R₅ = 0, so incentive I₃ = I₄ = ½, I₅ = 0.
/// - Bonds (β = 1, no old bonds): ΔB column 3 = (½·½, ¼·½) = (¼, ⅛) → (⅔, ⅓), same for
///   column 4; V2 bonds nothing. The moving average with nothing old keeps the proportions.
/// - Dividends: D₀ = ⅔·½ + ⅔·½ = ⅔, D₁ = ⅓, D₂ = 0.
#[test]
fn hand_computed_outlier() {
	let stake = [2_000, 1_000, 1_000, 0, 0, 0];
	let permit = [true, true, true, false, false, false];
	let weights =
		vec![vec![(3, 1), (4, 1)], vec![(3, 7), (4, 7)], vec![(5, 9)], vec![], vec![], vec![]];
	let out = run(&stake, &permit, &weights, &[], HALF, HALF, ONE);

	assert_eq!(out.consensus, vec![0, 0, 0, HALF, HALF, 0]);
	assert_eq!(out.validator_trust, vec![ONE, ONE, 0, 0, 0, 0]);
	assert_eq!(out.incentive, vec![0, 0, 0, HALF, HALF, 0]);
	let (two_thirds, third) = (ONE * 2 / 3, ONE / 3);
	assert_eq!(out.bonds.len(), 6);
	assert!(out.bonds[2].is_empty() && out.bonds[3].is_empty());
	for (j, row) in [(0usize, two_thirds), (1, third)] {
		let got = &out.bonds[j];
		assert_eq!(got.iter().map(|(t, _)| *t).collect::<Vec<_>>(), vec![3, 4]);
		assert!(got.iter().all(|(_, b)| close(*b, row, 2)), "bonds of V{j}: {got:?}");
	}
	assert!(close(out.dividends[0], two_thirds, 4), "{:?}", out.dividends);
	assert!(close(out.dividends[1], third, 4), "{:?}", out.dividends);
	assert_eq!(out.dividends[2..], [0, 0, 0, 0]);
}

/// Two equal validators; V0 weights miner 2 at ¾ and miner 3 at ¼, V1 both at ½. With κ = ½
/// each validator alone holds enough stake, so consensus is the higher weight: C₂ = ¾,
/// C₃ = ½. Nothing is clipped: trust 1 each. Ranks R₂ = ½·¾ + ½·½ = ⅝, R₃ = ⅜ (sum 1).
/// With κ = ¾ both must agree: C₂ = ½, C₃ = ¼; V0 keeps ½ + ¼ = ¾ of its weight, V1 ½ + ¼.
#[test]
fn hand_computed_kappa() {
	let stake = [5_000, 5_000, 0, 0];
	let permit = [true, true, false, false];
	let weights = vec![vec![(2, 3), (3, 1)], vec![(2, 1), (3, 1)], vec![], vec![]];

	let out = run(&stake, &permit, &weights, &[], HALF, 0, ONE);
	assert_eq!(out.consensus, vec![0, 0, 3 * QUARTER, HALF]);
	assert_eq!(out.validator_trust, vec![ONE, ONE, 0, 0]);
	assert_eq!(out.incentive, vec![0, 0, 5 * ONE / 8, 3 * ONE / 8]);

	let out = run(&stake, &permit, &weights, &[], 3 * QUARTER, 0, ONE);
	assert_eq!(out.consensus, vec![0, 0, HALF, QUARTER]);
	assert_eq!(out.validator_trust, vec![3 * QUARTER, 3 * QUARTER, 0, 0]);
	// Ranks: R₂ = ½·½ + ½·½ = ½, R₃ = ½·¼ + ½·¼ = ¼ → incentive ⅔, ⅓.
	assert!(close(out.incentive[2], ONE * 2 / 3, 1) && close(out.incentive[3], ONE / 3, 1));
}

/// Old bonds carry over by the moving average. One validator bonded entirely to miner 1
/// last epoch now weights only miner 2; α = ½: the EMA gives (½ on miner 1, ½ on miner 2),
/// each column then normalized over the single validator: 1 and 1. Dividends: I₁ = 0,
/// I₂ = 1, so D₀ = 1.
#[test]
fn hand_computed_bond_average() {
	let stake = [1_000, 0, 0];
	let permit = [true, false, false];
	let weights = vec![vec![(2, 1)], vec![], vec![]];
	let bonds = vec![vec![(1, ONE)], vec![], vec![]];
	let out = run(&stake, &permit, &weights, &bonds, HALF, HALF, ONE);
	assert_eq!(out.bonds[0], vec![(1, ONE), (2, ONE)]);
	assert_eq!(out.incentive, vec![0, 0, ONE]);
	assert_eq!(out.dividends, vec![ONE, 0, 0]);
	// A second validator (no permit) keeps no bonds, even if given some.
	let bonds = vec![vec![(1, ONE)], vec![(2, ONE)], vec![]];
	let out = run(&stake, &permit, &weights, &bonds, HALF, HALF, ONE);
	assert!(out.bonds[1].is_empty());
}

#[test]
fn nothing_to_do() {
	// No stake: everything zero, nothing panics.
	let out = run(&[0, 0], &[true, false], &[vec![(1, 5)], vec![]], &[], HALF, HALF, ONE);
	assert_eq!(out.incentive, vec![0, 0]);
	assert_eq!(out.dividends, vec![0, 0]);
	// No UIDs at all.
	let out = run(&[], &[], &[], &[], HALF, HALF, ONE);
	assert_eq!(out, EpochOutput::default());
	// Inputs shorter or longer than the stake vector, targets out of range, unsorted rows.
	let out = run(
		&[10, 0],
		&[true],
		&[vec![(9, 1), (1, 2), (0, 0)], vec![(0, 1)], vec![]],
		&[],
		HALF,
		HALF,
		ONE,
	);
	assert_eq!(out.incentive, vec![0, ONE]);
}

/// A small deterministic generator (SplitMix64) for the properties below.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
		z ^ (z >> 31)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
}

struct Case {
	stake: Vec<u128>,
	permit: Vec<bool>,
	active: Vec<bool>,
	weights: Vec<Row<u16>>,
	bonds: Vec<Row<Fixed>>,
	kappa: Fixed,
	alpha: Fixed,
	beta: Fixed,
}

impl Case {
	fn random(rng: &mut Rng) -> Self {
		let n = 1 + rng.below(40) as usize;
		let stake = (0..n)
			.map(|_| if rng.below(4) == 0 { 0 } else { u128::from(rng.below(1 << 40)) })
			.collect();
		let permit = (0..n).map(|_| rng.below(3) > 0).collect();
		let active = (0..n).map(|_| rng.below(5) > 0).collect();
		let row = |rng: &mut Rng, scale: u64| -> Vec<(u16, u64)> {
			let mut row = Vec::new();
			for j in 0..n as u16 {
				if rng.below(3) == 0 {
					row.push((j, rng.below(scale)));
				}
			}
			row
		};
		let weights = (0..n)
			.map(|_| row(rng, 65_536).into_iter().map(|(j, w)| (j, w as u16)).collect())
			.collect();
		let bonds = (0..n).map(|_| row(rng, ONE + 1)).collect();
		Case::with_random_parameters(rng, stake, permit, active, weights, bonds)
	}

	/// A case of these subnets with random κ, α and β.
	fn with_random_parameters(
		rng: &mut Rng,
		stake: Vec<u128>,
		permit: Vec<bool>,
		active: Vec<bool>,
		weights: Vec<Row<u16>>,
		bonds: Vec<Row<Fixed>>,
	) -> Self {
		Case {
			stake,
			permit,
			active,
			weights,
			bonds,
			kappa: 1 + rng.below(ONE),
			alpha: rng.below(ONE + 1),
			beta: rng.below(ONE + 1),
		}
	}

	fn input(&self) -> EpochInput<'_> {
		EpochInput {
			stake: &self.stake,
			permit: &self.permit,
			active: &self.active,
			weights: &self.weights,
			bonds: &self.bonds,
			kappa: self.kappa,
			bonds_moving_average: self.alpha,
			bonds_penalty: self.beta,
		}
	}

	fn run(&self) -> EpochOutput {
		epoch(&self.input())
	}
}

fn sum(v: &[Fixed]) -> u64 {
	v.iter().sum()
}

/// Incentive and dividends each sum to one (less one unit of rounding per entry) or are all
/// zero; consensus, trust and every bond are fractions; bond columns sum to one or zero.
#[test]
fn property_outputs_are_normalized() {
	let mut rng = Rng(1);
	for _ in 0..500 {
		let case = Case::random(&mut rng);
		let out = case.run();
		let n = case.stake.len() as u64;
		for v in [&out.incentive, &out.dividends] {
			assert_eq!(v.len() as u64, n);
			let s = sum(v);
			assert!(s == 0 || (s <= ONE && s + n >= ONE), "sum {s} of {v:?}");
		}
		assert!(out.consensus.iter().chain(&out.validator_trust).all(|x| *x <= ONE));
		let mut columns = vec![0u64; n as usize];
		for row in &out.bonds {
			assert!(row.windows(2).all(|p| p[0].0 < p[1].0), "bond row sorted");
			for (j, b) in row {
				assert!(*b > 0 && *b <= ONE);
				columns[*j as usize] += b;
			}
		}
		let rows = out.bonds.iter().filter(|r| !r.is_empty()).count() as u64;
		assert!(columns.iter().all(|c| *c == 0 || (*c <= ONE && c + rows >= ONE)), "{columns:?}");
	}
}

/// A UID nobody weights gets no consensus and no incentive.
#[test]
fn property_unweighted_miner_earns_nothing() {
	let mut rng = Rng(2);
	for _ in 0..500 {
		let mut case = Case::random(&mut rng);
		let n = case.stake.len() as u16;
		let target = rng.below(u64::from(n)) as u16;
		for row in case.weights.iter_mut() {
			row.retain(|(j, _)| *j != target);
		}
		let out = case.run();
		assert_eq!(out.consensus[target as usize], 0);
		assert_eq!(out.incentive[target as usize], 0);
	}
}

/// Validators holding less than κ of the (active, permitted) stake cannot lift a miner's
/// consensus above the most any other validator gives it, however they weight it.
#[test]
fn property_minority_cannot_lift_consensus() {
	let mut rng = Rng(3);
	let mut checked = 0;
	for _ in 0..2_000 {
		let mut case = Case::random(&mut rng);
		let n = case.stake.len();
		let counted: Vec<u128> = (0..n)
			.map(|i| if case.permit[i] && case.active[i] { case.stake[i] } else { 0 })
			.collect();
		let total: u128 = counted.iter().sum();
		if total == 0 {
			continue;
		}
		// A random coalition holding less than κ of the stake (with a margin for rounding).
		let kappa_stake = total * u128::from(case.kappa) / u128::from(ONE);
		let mut coalition = vec![false; n];
		let mut held = 0u128;
		for i in 0..n {
			if rng.below(2) == 0 && (held + counted[i]) * 1_000 < kappa_stake * 999 {
				coalition[i] = true;
				held += counted[i];
			}
		}
		let target = rng.below(n as u64) as u16;
		// The coalition goes all in on the target.
		for (i, row) in case.weights.iter_mut().enumerate() {
			if coalition[i] {
				*row = vec![(target, u16::MAX)];
			}
		}
		let out = case.run();
		// The most any outside validator with stake gives the target, normalized.
		let outside_max = (0..n)
			.filter(|i| !coalition[*i] && counted[*i] > 0)
			.map(|i| {
				let row: Vec<_> =
					case.weights[i].iter().filter(|(j, _)| (*j as usize) < n).collect();
				let total: u64 = row.iter().map(|(_, w)| u64::from(*w)).sum();
				row.iter()
					.find(|(j, _)| *j == target)
					.map(|(_, w)| div(u64::from(*w), total))
					.unwrap_or(0)
			})
			.max()
			.unwrap_or(0);
		assert!(
			out.consensus[target as usize] <= outside_max,
			"consensus {} above {outside_max}",
			out.consensus[target as usize]
		);
		checked += 1;
	}
	assert!(checked > 1_000, "only {checked} cases had stake");
}

/// The same input gives the same output, bit for bit.
#[test]
fn property_deterministic() {
	let mut rng = Rng(4);
	for _ in 0..200 {
		let case = Case::random(&mut rng);
		let (a, b) = (case.run(), case.run());
		assert_eq!(a, b);
		let bytes = |o: &EpochOutput| {
			let mut v = Vec::new();
			for x in
				o.consensus.iter().chain(&o.incentive).chain(&o.dividends).chain(&o.validator_trust)
			{
				v.extend_from_slice(&x.to_le_bytes());
			}
			for row in &o.bonds {
				for (j, b) in row {
					v.extend_from_slice(&j.to_le_bytes());
					v.extend_from_slice(&b.to_le_bytes());
				}
			}
			v
		};
		assert_eq!(bytes(&a), bytes(&b));
	}
}

/// A validator that loses its permit takes its bonds with it, and the column is scaled back
/// to its old total, so fresh bonds weigh exactly `1 − α`. Last epoch miner 4's bonds were
/// V0 ½, V1 ¼ and V3 ¼; V3 has lost its permit. This epoch only V2 weights miner 4 (β = 0:
/// raw weights bond), so its column's delta is all V2's. With α = 0.9:
///
/// - kept old bonds ½ and ¼ (of ¾) scale to ⅔ and ⅓;
/// - B'₀ = 0.9 · ⅔ = 0.6, B'₁ = 0.9 · ⅓ = 0.3, B'₂ = 0.1 · 1 = 0.1, summing to one.
///
/// Without the rescale the column would sum to 0.775 and normalize to 0.581, 0.290 and
/// 0.129: the newcomer would take 12.9% instead of the 10% the moving average allows.
#[test]
fn hand_computed_permit_loss() {
	let stake = [1_000, 1_000, 1_000, 1_000, 0, 0];
	let permit = [true, true, true, false, false, false];
	let weights = vec![vec![(5, 1)], vec![(5, 1)], vec![(4, 1)], vec![(4, 1)], vec![], vec![]];
	let bonds =
		vec![vec![(4, HALF)], vec![(4, QUARTER)], vec![], vec![(4, QUARTER)], vec![], vec![]];
	let alpha = ratio(9, 10);
	let out = run(&stake, &permit, &weights, &bonds, HALF, alpha, 0);
	let on_4 = |i: usize| out.bonds[i].iter().find(|(j, _)| *j == 4).map(|(_, b)| *b);
	for (i, expected) in [(0, ratio(6, 10)), (1, ratio(3, 10)), (2, ratio(1, 10))] {
		let got = on_4(i).expect("a bond on miner 4");
		assert!(close(got, expected, 4), "V{i}: {got} against {expected}");
	}
	assert!(out.bonds[3].is_empty(), "no bonds without a permit");
	// Miner 5's column had no old bonds: this epoch's delta alone, V0 and V1 halves.
	let on_5: Vec<Fixed> =
		(0..2).map(|i| out.bonds[i].iter().find(|(j, _)| *j == 5).map_or(0, |(_, b)| *b)).collect();
	assert_eq!(on_5, vec![HALF, HALF]);
}

/// Subnets as busy ones look, from a seed: up to 300 UIDs, up to 64 validators each
/// weighting many UIDs, stored bonds on many (some of validators that lost their permit),
/// and, for some seeds, every weight alike (one bucket) or few distinct values (ties).
fn dense_case(rng: &mut Rng) -> Case {
	let n = 1 + rng.below(300) as usize;
	let validators = 1 + rng.below(64.min(n as u64)) as usize;
	let style = rng.below(3);
	let stake = (0..n)
		.map(|i| if i < validators { u128::from(1 + rng.below(1 << 50)) } else { 0 })
		.collect();
	let permit = (0..n).map(|i| i < validators && rng.below(8) > 0).collect();
	let active = (0..n).map(|_| rng.below(10) > 0).collect();
	let weights = (0..n)
		.map(|i| {
			if i >= validators {
				return Vec::new();
			}
			let mut row = Vec::new();
			for j in 0..n as u16 {
				if rng.below(4) > 0 {
					let w = match style {
						0 => 1 + rng.below(65_535) as u16,
						1 => 7,
						_ => 1 + rng.below(3) as u16,
					};
					row.push((j, w));
				}
			}
			row
		})
		.collect();
	let bonds = (0..n)
		.map(|i| {
			if i >= validators || rng.below(4) == 0 {
				return Vec::new();
			}
			let mut row = Vec::new();
			for j in 0..n as u16 {
				if rng.below(2) > 0 {
					row.push((j, 1 + rng.below(ONE)));
				}
			}
			row
		})
		.collect();
	Case::with_random_parameters(rng, stake, permit, active, weights, bonds)
}

/// The epoch equals the reference (the maths written out plainly: bisection, a division
/// per entry) bit for bit, on small random subnets and on dense ones.
#[test]
fn property_matches_the_reference() {
	let mut rng = Rng(7);
	for round in 0..400 {
		let case = if round % 2 == 0 { Case::random(&mut rng) } else { dense_case(&mut rng) };
		let input = case.input();
		assert_eq!(epoch(&input), super::yuma_reference::epoch(&input), "round {round}");
	}
}
