//! Yuma consensus as a pure function: no storage, no floats, no allocation beyond its own
//! vectors. [`epoch`] turns one subnet's stake, weights, bonds and permits into consensus,
//! incentive, dividends, validator trust and new bonds. The pallet gathers the inputs from
//! storage and writes the outputs back; everything here can be run, tested and benchmarked
//! on its own.
//!
//! ## Numbers
//!
//! Every fraction is a [`Fixed`]: an unsigned Q32.32 number, `ONE = 2³²` being 1.0.
//! Products and quotients round down ([`mul`], [`div`]), so a normalized vector sums to
//! `ONE` minus at most one unit per entry. The same inputs give the same output bits on
//! every machine.
//!
//! ## The maths, step by step
//!
//! With `n` UIDs, stake `S`, raw weights `W` (one sparse row per validator), last epoch's
//! bonds `B`, the consensus quantile `κ`, the bonds moving average `α` and the bonds
//! penalty `β`:
//!
//! 1. **Stake.** `sᵢ = Sᵢ / Σ S` over validators that hold a permit and are active; every
//!    other UID has `sᵢ = 0`.
//! 2. **Weights.** Rows of permit holders are normalized: `wᵢⱼ = Wᵢⱼ / Σⱼ Wᵢⱼ` (targets out
//!    of range and zero weights are dropped). Rows of UIDs without a permit are ignored.
//! 3. **Consensus.** For each miner `j`, `Cⱼ` is the largest `c` such that the validators
//!    giving `j` at least `c` hold at least `κ` of the stake:
//!    `Cⱼ = max { c : Σ_{i: wᵢⱼ ≥ c} sᵢ ≥ κ · Σᵢ sᵢ }` (a stake-weighted quantile): the
//!    largest weight `j` received whose givers, with everyone who gave `j` more, hold `κ`
//!    of the stake (zero if those who weight `j` at all hold less). A coalition holding less
//!    than `κ` of the stake cannot lift `Cⱼ` above what the others give `j`.
//! 4. **Clipping.** `w̄ᵢⱼ = min(wᵢⱼ, Cⱼ)`: weight above consensus earns nothing.
//! 5. **Validator trust.** `Tᵢ = Σⱼ w̄ᵢⱼ`, the share of `i`'s weight that survived
//!    clipping (1.0 for a validator in full agreement with consensus).
//! 6. **Ranks and incentive.** `Rⱼ = Σᵢ sᵢ · w̄ᵢⱼ`, `Iⱼ = Rⱼ / Σ R` (all zero if `Σ R = 0`).
//! 7. **Bonds.** The bond weight is `w̃ᵢⱼ = wᵢⱼ − β · (wᵢⱼ − w̄ᵢⱼ)`
//!    (`β = 1`: clipped weights only; `β = 0`: raw weights). The bond delta
//!    `ΔBᵢⱼ = sᵢ · w̃ᵢⱼ` is normalized per miner (column), then averaged with last epoch's
//!    bonds of permit holders, `B'ᵢⱼ = α · Bᵢⱼ + (1 − α) · ΔBᵢⱼ`, and normalized per miner
//!    again.
//!
//!    **Permit loss.** Bonds of UIDs that lost their permit are dropped at once (they earn no
//!    dividends without a permit), and the remaining old bonds of each column they leave are
//!    scaled up to the column's old total: `Bᵢⱼ · (Kⱼ + Dⱼ) / Kⱼ`, with `Kⱼ` the kept and `Dⱼ`
//!    the dropped old bonds of column `j`. So the fresh bonds always weigh exactly `1 − α` of
//!    a column. (Without the rescale, dropping a quarter of a column at `α = 0.9` gave fresh
//!    bonds `0.1 / 0.775 = 12.9%`: a validator that had just arrived took bonds faster than
//!    the moving average allows. Subtensor instead lets such bonds decay for an epoch; here
//!    they go at once, and the validators who stayed keep their relative shares.)
//! 8. **Dividends.** `Dᵢ = Σⱼ B'ᵢⱼ · Iⱼ`, normalized: validators earn from the miners they
//!    bonded to early and in agreement with consensus.
//!
//! ## Cost
//!
//! With `nnz` weights: stake and normalization `O(n)`, the column index `O(n + nnz)`
//! (a counting sort into one flat array), consensus `O(nnz)` (one pass per column into 256
//! buckets by weight, then a sort of one bucket: `O(k log k)` for a column of `k` entries
//! at worst), clipping, trust, ranks, bonds and dividends `O(n + nnz + nnz_B)`; memory
//! `O(n + nnz + nnz_B)`. Normalizing by a total multiplies by its reciprocal and corrects
//! by one unit where needed, with the bits of a division. Rows are expected sorted by
//! target UID (the pallet stores them that way); an unsorted row is sorted first.

use alloc::{vec, vec::Vec};

mod fractions;
mod quantile;

use fractions::{normalize_columns, ratios, ColumnTotals, Divider};
use quantile::consensus;

/// A fraction in Q32.32 fixed point: [`ONE`] is 1.0.
pub type Fixed = u64;

/// 1.0 as a [`Fixed`].
pub const ONE: Fixed = 1 << 32;

/// One sparse row: `(target uid, value)` pairs, sorted by target.
pub type Row<V> = Vec<(u16, V)>;

/// `a · b`, rounded down; saturates at `u64::MAX`.
pub fn mul(a: Fixed, b: Fixed) -> Fixed {
	let product = u128::from(a).saturating_mul(u128::from(b)).wrapping_shr(32);
	u64::try_from(product).unwrap_or(u64::MAX)
}

/// `a / b`, rounded down; zero when `b` is zero, saturating at `u64::MAX`.
pub fn div(a: Fixed, b: Fixed) -> Fixed {
	let quotient = u128::from(a).wrapping_shl(32).checked_div(u128::from(b)).unwrap_or(0);
	u64::try_from(quotient).unwrap_or(u64::MAX)
}

/// `numerator / denominator` of two large integers as a fraction, rounded down; zero when the
/// denominator is zero. Both are scaled down together until the denominator fits 64 bits,
/// which keeps 32 bits of precision for any share of the whole.
pub fn ratio(numerator: u128, denominator: u128) -> Fixed {
	let shift = 64u32.saturating_sub(denominator.leading_zeros());
	let num = u64::try_from(numerator.wrapping_shr(shift)).unwrap_or(u64::MAX);
	let den = u64::try_from(denominator.wrapping_shr(shift)).unwrap_or(u64::MAX);
	div(num, den)
}

/// Scales `values` so they sum to [`ONE`] (less rounding); all zero if they sum to zero.
pub fn normalize(values: &[Fixed]) -> Vec<Fixed> {
	let total = values.iter().fold(0u128, |s, v| s.saturating_add(u128::from(*v)));
	ratios(values.iter().copied(), total).collect()
}

/// Everything one epoch of one subnet needs. Slices are indexed by UID; `stake.len()` is the
/// number of UIDs, and shorter slices count as `false` or empty past their end.
pub struct EpochInput<'a> {
	/// Stake backing each UID's hotkey, in balance units.
	pub stake: &'a [u128],
	/// Whether each UID holds a validator permit.
	pub permit: &'a [bool],
	/// Whether each UID set weights within the subnet's activity cutoff.
	pub active: &'a [bool],
	/// Each UID's raw weights on other UIDs, sorted by target (any scale; rows are
	/// normalized here).
	pub weights: &'a [Row<u16>],
	/// Each UID's bonds from the last epoch, sorted by target.
	pub bonds: &'a [Row<Fixed>],
	/// The stake quantile that decides consensus (`κ`), in `(0, ONE]`.
	pub kappa: Fixed,
	/// The weight of last epoch's bonds in the moving average (`α`), in `[0, ONE]`.
	pub bonds_moving_average: Fixed,
	/// How much of the weight above consensus is kept out of bonds (`β`), in `[0, ONE]`.
	pub bonds_penalty: Fixed,
}

/// What one epoch produces; vectors are indexed by UID and have one entry per UID.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct EpochOutput {
	/// The stake-weighted `κ`-quantile of the weights each UID received (`Cⱼ`).
	pub consensus: Vec<Fixed>,
	/// Each UID's share of the miners' emission (`Iⱼ`); sums to `ONE` unless nobody earned.
	pub incentive: Vec<Fixed>,
	/// Each UID's share of the validators' emission (`Dᵢ`); sums to `ONE` unless nobody earned.
	pub dividends: Vec<Fixed>,
	/// The share of each permit holder's weight at or below consensus (`Tᵢ`).
	pub validator_trust: Vec<Fixed>,
	/// The new bonds (`B'`), one sorted row per UID; empty for UIDs without a permit.
	pub bonds: Vec<Row<Fixed>>,
}

/// Runs Yuma consensus over one subnet; see the module documentation for the maths.
pub fn epoch(input: &EpochInput) -> EpochOutput {
	let n = input.stake.len();
	let flag = |v: &[bool], i: usize| v.get(i).copied().unwrap_or(false);

	// 1. Stake of active permit holders, normalized.
	let masked: Vec<u128> = (0..n)
		.zip(input.stake)
		.map(|(i, s)| if flag(input.permit, i) && flag(input.active, i) { *s } else { 0 })
		.collect();
	let total_stake = masked.iter().fold(0u128, |t, s| t.saturating_add(*s));
	let stake: Vec<Fixed> = masked.iter().map(|s| ratio(*s, total_stake)).collect();

	// 2. Normalized weight rows of permit holders.
	let rows: Vec<Row<Fixed>> = (0..n)
		.map(|i| match input.weights.get(i) {
			Some(row) if flag(input.permit, i) => normalize_row(row, n),
			_ => Vec::new(),
		})
		.collect();

	// 3. Consensus per column, over validators with stake.
	let stake_sum = stake.iter().fold(0u64, |t, s| t.saturating_add(*s));
	// At least one unit, so a tiny κ still needs some stake behind a weight.
	let threshold = mul(input.kappa, stake_sum).max(1);
	let consensus = consensus(&rows, &stake, n, threshold);
	let consensus_of = |j: u16| consensus.get(usize::from(j)).copied().unwrap_or(0);

	// 4.–7. In one pass over the weights: clipping, validator trust, ranks, and the bond
	// delta from the (penalized) weights, written over the weights (no longer needed).
	let mut validator_trust: Vec<Fixed> = vec![0; n];
	let mut ranks = vec![0u64; n];
	let mut delta = rows;
	for ((row, s), trust) in delta.iter_mut().zip(&stake).zip(validator_trust.iter_mut()) {
		for (j, w) in row.iter_mut() {
			let clipped = (*w).min(consensus_of(*j));
			*trust = trust.saturating_add(clipped);
			if let Some(rank) = ranks.get_mut(usize::from(*j)) {
				*rank = rank.saturating_add(mul(*s, clipped));
			}
			let penalized = w.saturating_sub(mul(input.bonds_penalty, w.saturating_sub(clipped)));
			*w = mul(*s, penalized);
		}
		row.retain(|(_, bond)| *bond > 0);
	}
	let incentive = normalize(&ranks);

	// 7. Bonds: the delta normalized per column (as the average reads it), then the moving
	// average with last epoch's bonds of permit holders (a column's bonds scaled back to
	// their old total where some were dropped), normalized per column.
	let delta_totals = ColumnTotals::of(&delta, n);
	// Only where some UID with old bonds lost its permit.
	let rescale = rescale_factors(input, n);
	let rescale = rescale.iter().any(Option::is_some).then_some(rescale);
	let alpha = input.bonds_moving_average.min(ONE);
	let fresh = ONE.saturating_sub(alpha);
	let averaged: Vec<Row<Fixed>> = delta
		.iter()
		.enumerate()
		.map(|(i, delta_row)| {
			let held = match input.bonds.get(i) {
				Some(row) if flag(input.permit, i) => row.as_slice(),
				_ => &[],
			};
			let sorted;
			let held = if is_sorted_below(held, n) {
				held
			} else {
				sorted = sorted_row(held, n);
				&sorted[..]
			};
			merge_rows(held, delta_row, |j, b, d| {
				let b = match rescale.as_ref().and_then(|r| r.get(usize::from(j))) {
					Some(Some((kept, before))) => {
						let scaled = u128::from(b).saturating_mul(*before).checked_div(*kept);
						u64::try_from(scaled.unwrap_or(0)).unwrap_or(u64::MAX)
					},
					_ => b,
				};
				mul(alpha, b).saturating_add(mul(fresh, delta_totals.ratio(j, d)))
			})
		})
		.collect();
	let bonds = normalize_columns(averaged, n);

	// 8. Dividends.
	let incentive_of = |j: u16| incentive.get(usize::from(j)).copied().unwrap_or(0);
	let raw_dividends: Vec<Fixed> = bonds
		.iter()
		.map(|row| row.iter().fold(0u64, |d, (j, b)| d.saturating_add(mul(*b, incentive_of(*j)))))
		.collect();
	let dividends = normalize(&raw_dividends);

	EpochOutput { consensus, incentive, dividends, validator_trust, bonds }
}

/// A raw weight row as fractions summing to `ONE`: targets out of range and zeros dropped,
/// sorted by target.
fn normalize_row(row: &[(u16, u16)], n: usize) -> Row<Fixed> {
	let in_order = row.windows(2).all(|p| matches!(p, [a, b] if a.0 < b.0));
	let sorted;
	let row = if in_order {
		row
	} else {
		sorted = sorted_row(row, n);
		&sorted[..]
	};
	let kept = |(j, w): &&(u16, u16)| usize::from(*j) < n && *w > 0;
	let total = row.iter().filter(kept).fold(0u64, |t, (_, w)| t.saturating_add(u64::from(*w)));
	let divider = Divider::new(u128::from(total));
	row.iter()
		.filter(kept)
		.map(|(j, w)| {
			let w = u64::from(*w);
			(*j, divider.map_or_else(|| ratio(u128::from(w), u128::from(total)), |d| d.ratio(w)))
		})
		.collect()
}

/// `row` restricted to targets below `n`, sorted by target.
fn sorted_row<V: Copy>(row: &[(u16, V)], n: usize) -> Row<V> {
	let mut kept: Row<V> = row.iter().copied().filter(|(j, _)| usize::from(*j) < n).collect();
	if !kept.windows(2).all(|p| matches!(p, [a, b] if a.0 < b.0)) {
		kept.sort_by_key(|(j, _)| *j);
	}
	kept
}

/// Whether `row` is sorted by target with every target below `n` (as the pallet stores
/// rows), so it can be used as it is.
fn is_sorted_below<V>(row: &[(u16, V)], n: usize) -> bool {
	row.windows(2).all(|p| matches!(p, [a, b] if a.0 < b.0))
		&& row.last().is_none_or(|(j, _)| usize::from(*j) < n)
}

/// For each column that lost old bonds of a UID without a permit, `(kept, kept + dropped)`:
/// the kept old bonds are scaled by `(kept + dropped) / kept` (back to the column's old
/// total), so that this epoch's fresh bonds weigh `1 − α` of the column, not more. `None`
/// for the other columns.
fn rescale_factors(input: &EpochInput, n: usize) -> Vec<Option<(u128, u128)>> {
	let holds = |i: usize| input.permit.get(i).copied().unwrap_or(false);
	let mut kept = vec![0u128; n];
	let mut dropped = vec![0u128; n];
	for (i, row) in input.bonds.iter().enumerate().take(n) {
		let sums = if holds(i) { &mut kept } else { &mut dropped };
		for (j, b) in row {
			if let Some(sum) = sums.get_mut(usize::from(*j)) {
				*sum = sum.saturating_add(u128::from(*b));
			}
		}
	}
	kept.into_iter()
		.zip(dropped)
		.map(|(k, d)| (d > 0 && k > 0).then(|| (k, k.saturating_add(d))))
		.collect()
}

/// The union of two sorted rows, `combine(target, a, b)` on each target (a missing side
/// counts as zero), zero results dropped.
fn merge_rows(
	a: &[(u16, Fixed)],
	b: &[(u16, Fixed)],
	combine: impl Fn(u16, Fixed, Fixed) -> Fixed,
) -> Row<Fixed> {
	let mut out = Vec::with_capacity(a.len().saturating_add(b.len()));
	let (mut x, mut y) = (0usize, 0usize);
	loop {
		let next = match (a.get(x), b.get(y)) {
			(Some((ja, va)), Some((jb, vb))) => match ja.cmp(jb) {
				core::cmp::Ordering::Less => {
					x = x.saturating_add(1);
					(*ja, combine(*ja, *va, 0))
				},
				core::cmp::Ordering::Greater => {
					y = y.saturating_add(1);
					(*jb, combine(*jb, 0, *vb))
				},
				core::cmp::Ordering::Equal => {
					x = x.saturating_add(1);
					y = y.saturating_add(1);
					(*ja, combine(*ja, *va, *vb))
				},
			},
			(Some((ja, va)), None) => {
				x = x.saturating_add(1);
				(*ja, combine(*ja, *va, 0))
			},
			(None, Some((jb, vb))) => {
				y = y.saturating_add(1);
				(*jb, combine(*jb, 0, *vb))
			},
			(None, None) => break,
		};
		if next.1 > 0 {
			out.push(next);
		}
	}
	out
}
