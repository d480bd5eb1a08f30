//! The reference Yuma epoch the optimized one in `crate::yuma` must equal bit for bit: the
//! module's maths written out the plain way (a 33-pass bisection per column for consensus, a
//! 128-bit division for every normalized entry, the columns as vectors of vectors).

#![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use crate::yuma::{div, mul, ratio, EpochInput, EpochOutput, Fixed, Row, ONE};
use alloc::{vec, vec::Vec};

/// Scales `values` so they sum to [`ONE`] (less rounding); all zero if they sum to zero.
fn normalize(values: &[Fixed]) -> Vec<Fixed> {
	let total = values.iter().fold(0u128, |s, v| s.saturating_add(u128::from(*v)));
	values.iter().map(|v| ratio(u128::from(*v), total)).collect()
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
	// Old bonds: a column that lost the bonds of UIDs without a permit has the rest scaled
	// up to the column's old total.
	let column_sums = |holders: bool| {
		let mut sums = vec![0u128; n];
		for (i, row) in input.bonds.iter().enumerate().take(n) {
			if flag(input.permit, i) == holders {
				for (j, b) in sorted_row(row, n) {
					sums[usize::from(j)] += u128::from(b);
				}
			}
		}
		sums
	};
	let (kept, dropped) = (column_sums(true), column_sums(false));
	let averaged: Vec<Row<Fixed>> = (0..n)
		.zip(delta)
		.map(|(i, delta_row)| {
			let old: Row<Fixed> = match input.bonds.get(i) {
				Some(row) if flag(input.permit, i) => sorted_row(row, n)
					.into_iter()
					.map(|(j, b)| {
						let (k, d) = (kept[usize::from(j)], dropped[usize::from(j)]);
						let scaled =
							if d > 0 { u128::from(b) * (k + d) / k } else { u128::from(b) };
						(j, u64::try_from(scaled).unwrap_or(u64::MAX))
					})
					.collect(),
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
