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
//!    `Cⱼ = max { c : Σ_{i: wᵢⱼ ≥ c} sᵢ ≥ κ · Σᵢ sᵢ }` (a stake-weighted quantile), found by
//!    bisection over the 33 bits of `[0, ONE]`. A coalition holding less than `κ` of the
//!    stake cannot lift `Cⱼ` above what the others give `j`.
//! 4. **Clipping.** `w̄ᵢⱼ = min(wᵢⱼ, Cⱼ)`: weight above consensus earns nothing.
//! 5. **Validator trust.** `Tᵢ = Σⱼ w̄ᵢⱼ`, the share of `i`'s weight that survived
//!    clipping (1.0 for a validator in full agreement with consensus).
//! 6. **Ranks and incentive.** `Rⱼ = Σᵢ sᵢ · w̄ᵢⱼ`, `Iⱼ = Rⱼ / Σ R` (all zero if `Σ R = 0`).
//! 7. **Bonds.** The bond weight is `w̃ᵢⱼ = wᵢⱼ − β · (wᵢⱼ − w̄ᵢⱼ)`
//!    (`β = 1`: clipped weights only; `β = 0`: raw weights). The bond delta
//!    `ΔBᵢⱼ = sᵢ · w̃ᵢⱼ` is normalized per miner (column), then averaged with last epoch's
//!    bonds of permit holders, `B'ᵢⱼ = α · Bᵢⱼ + (1 − α) · ΔBᵢⱼ`, and normalized per miner
//!    again. Bonds of UIDs that lost their permit are dropped.
//! 8. **Dividends.** `Dᵢ = Σⱼ B'ᵢⱼ · Iⱼ`, normalized: validators earn from the miners they
//!    bonded to early and in agreement with consensus.
//!
//! ## Cost
//!
//! With `nnz` weights: stake and normalization `O(n)`, the column index `O(n + nnz)`
//! (a counting sort), consensus `O(33 · nnz)`, clipping, trust, ranks, bonds and dividends
//! `O(n + nnz + nnz_B)`; memory `O(n + nnz + nnz_B)`. Rows are expected sorted by target
//! UID (the pallet stores them that way); an unsorted row is sorted first.

use alloc::{vec, vec::Vec};

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
	values.iter().map(|v| ratio(u128::from(*v), total)).collect()
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
	let columns = column_index(&rows, &stake, n);
	let stake_sum = stake.iter().fold(0u64, |t, s| t.saturating_add(*s));
	// At least one unit, so a tiny κ still needs some stake behind a weight.
	let threshold = mul(input.kappa, stake_sum).max(1);
	let consensus: Vec<Fixed> =
		columns.iter().map(|col| weighted_quantile(col, stake_sum, threshold)).collect();
	let consensus_of = |j: u16| consensus.get(usize::from(j)).copied().unwrap_or(0);

	// 4.–6. Clipping, validator trust, ranks and incentive.
	let mut validator_trust: Vec<Fixed> = vec![0; n];
	let mut ranks = vec![0u64; n];
	for ((row, s), trust) in rows.iter().zip(&stake).zip(validator_trust.iter_mut()) {
		for (j, w) in row {
			let clipped = (*w).min(consensus_of(*j));
			*trust = trust.saturating_add(clipped);
			if let Some(rank) = ranks.get_mut(usize::from(*j)) {
				*rank = rank.saturating_add(mul(*s, clipped));
			}
		}
	}
	let incentive = normalize(&ranks);

	// 7. Bonds: the delta from this epoch's (penalized) weights, normalized per column, then
	// the moving average with last epoch's bonds of permit holders, normalized per column.
	let delta: Vec<Row<Fixed>> = rows
		.iter()
		.zip(&stake)
		.map(|(row, s)| {
			row.iter()
				.map(|(j, w)| {
					let clipped = (*w).min(consensus_of(*j));
					let penalized =
						w.saturating_sub(mul(input.bonds_penalty, w.saturating_sub(clipped)));
					(*j, mul(*s, penalized))
				})
				.filter(|(_, v)| *v > 0)
				.collect()
		})
		.collect();
	let delta = normalize_columns(delta, n);
	let alpha = input.bonds_moving_average.min(ONE);
	let fresh = ONE.saturating_sub(alpha);
	let averaged: Vec<Row<Fixed>> = (0..n)
		.zip(delta)
		.map(|(i, delta_row)| {
			let old = match input.bonds.get(i) {
				Some(row) if flag(input.permit, i) => sorted_row(row, n),
				_ => Vec::new(),
			};
			merge_rows(&old, &delta_row, |b, d| mul(alpha, b).saturating_add(mul(fresh, d)))
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
	let kept: Row<u16> = sorted_row(row, n).into_iter().filter(|(_, w)| *w > 0).collect::<Vec<_>>();
	let total = kept.iter().fold(0u64, |t, (_, w)| t.saturating_add(u64::from(*w)));
	kept.into_iter().map(|(j, w)| (j, div(u64::from(w), total))).collect()
}

/// `row` restricted to targets below `n`, sorted by target.
fn sorted_row<V: Copy>(row: &[(u16, V)], n: usize) -> Row<V> {
	let mut kept: Row<V> = row.iter().copied().filter(|(j, _)| usize::from(*j) < n).collect();
	if !kept.windows(2).all(|p| matches!(p, [a, b] if a.0 < b.0)) {
		kept.sort_by_key(|(j, _)| *j);
	}
	kept
}

/// For each column `j`, the `(weight, stake)` of every validator with stake weighting `j`,
/// built by a counting sort in `O(n + nnz)`.
fn column_index(rows: &[Row<Fixed>], stake: &[Fixed], n: usize) -> Vec<Vec<(Fixed, Fixed)>> {
	let mut counts = vec![0usize; n];
	for (row, s) in rows.iter().zip(stake) {
		if *s == 0 {
			continue;
		}
		for (j, _) in row {
			if let Some(c) = counts.get_mut(usize::from(*j)) {
				*c = c.saturating_add(1);
			}
		}
	}
	let mut columns: Vec<Vec<(Fixed, Fixed)>> =
		counts.into_iter().map(Vec::with_capacity).collect();
	for (row, s) in rows.iter().zip(stake) {
		if *s == 0 {
			continue;
		}
		for (j, w) in row {
			if let Some(col) = columns.get_mut(usize::from(*j)) {
				col.push((*w, *s));
			}
		}
	}
	columns
}

/// The largest `c` in `[0, ONE]` such that the stake of entries with weight at least `c` is
/// at least `threshold` (`c = 0` counts all of `stake_sum`). Bisection: 33 passes.
fn weighted_quantile(column: &[(Fixed, Fixed)], stake_sum: Fixed, threshold: Fixed) -> Fixed {
	let support = |c: Fixed| -> Fixed {
		if c == 0 {
			return stake_sum;
		}
		column.iter().filter(|(w, _)| *w >= c).fold(0u64, |t, (_, s)| t.saturating_add(*s))
	};
	if column.is_empty() {
		return 0;
	}
	// Invariant: support(lo) ≥ threshold > support(hi), with hi = ONE + 1 out of range.
	let (mut lo, mut hi) = (0u64, ONE.saturating_add(1));
	while hi.saturating_sub(lo) > 1 {
		let mid = lo.saturating_add(hi.saturating_sub(lo).saturating_div(2));
		if support(mid) >= threshold {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	lo
}

/// Scales every column of `rows` to sum to `ONE` (columns summing to zero stay zero).
fn normalize_columns(mut rows: Vec<Row<Fixed>>, n: usize) -> Vec<Row<Fixed>> {
	let mut sums = vec![0u128; n];
	for row in &rows {
		for (j, v) in row {
			if let Some(s) = sums.get_mut(usize::from(*j)) {
				*s = s.saturating_add(u128::from(*v));
			}
		}
	}
	for row in rows.iter_mut() {
		for (j, v) in row.iter_mut() {
			*v = ratio(u128::from(*v), sums.get(usize::from(*j)).copied().unwrap_or(0));
		}
		row.retain(|(_, v)| *v > 0);
	}
	rows
}

/// The union of two sorted rows, `combine(a, b)` on each target (a missing side counts as
/// zero), zero results dropped.
fn merge_rows(
	a: &[(u16, Fixed)],
	b: &[(u16, Fixed)],
	combine: impl Fn(Fixed, Fixed) -> Fixed,
) -> Row<Fixed> {
	let mut out = Vec::with_capacity(a.len().saturating_add(b.len()));
	let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
	loop {
		let next = match (a.peek(), b.peek()) {
			(Some((ja, va)), Some((jb, _))) if ja < jb => {
				let r = (*ja, combine(*va, 0));
				a.next();
				r
			},
			(Some((ja, _)), Some((jb, vb))) if jb < ja => {
				let r = (*jb, combine(0, *vb));
				b.next();
				r
			},
			(Some((ja, va)), Some((_, vb))) => {
				let r = (*ja, combine(*va, *vb));
				a.next();
				b.next();
				r
			},
			(Some((ja, va)), None) => {
				let r = (*ja, combine(*va, 0));
				a.next();
				r
			},
			(None, Some((jb, vb))) => {
				let r = (*jb, combine(0, *vb));
				b.next();
				r
			},
			(None, None) => break,
		};
		if next.1 > 0 {
			out.push(next);
		}
	}
	out
}
