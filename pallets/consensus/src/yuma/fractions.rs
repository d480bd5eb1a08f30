//! Normalizing by a total without a 128-bit division per entry: the reciprocal [`Divider`],
//! and the column totals of a sparse matrix ([`ColumnTotals`]), with the bits of [`ratio`].

use super::{ratio, Fixed, Row};
use alloc::{vec, vec::Vec};

/// `ratio(a, d)` for many `a ≤ d` and one `d < 2⁶⁴`, without a 128-bit division each: a
/// multiplication by the reciprocal `m = ⌊2⁹⁶ / d⌋` gives `⌊a · 2³² / d⌋` or one less, and
/// one multiplication decides which. The same bits as [`ratio`].
#[derive(Clone, Copy)]
pub(super) struct Divider {
	d: u128,
	m: u128,
}

impl Divider {
	/// `None` for `d = 0` or `d ≥ 2⁶⁴` (there [`ratio`] itself is used).
	pub(super) fn new(d: u128) -> Option<Self> {
		(d > 0 && d <= u128::from(u64::MAX))
			.then(|| Self { d, m: (1u128 << 96).checked_div(d).unwrap_or(0) })
	}

	pub(super) fn ratio(&self, a: u64) -> Fixed {
		let a = u128::from(a);
		if a > self.d {
			return ratio(a, self.d);
		}
		// a · m ≤ d · 2⁹⁶ / d = 2⁹⁶: no overflow. The estimate is ⌊a · 2³² / d⌋ or one less.
		let estimate = a.saturating_mul(self.m) >> 64;
		let exact = if estimate.saturating_add(1).saturating_mul(self.d) <= a << 32 {
			estimate.saturating_add(1)
		} else {
			estimate
		};
		// At most 2³² (a ≤ d).
		u64::try_from(exact).unwrap_or(u64::MAX)
	}
}

/// `ratio(v, total)` of every value; `values` are the summands of `total`.
pub(super) fn ratios(
	values: impl Iterator<Item = u64>,
	total: u128,
) -> impl Iterator<Item = Fixed> {
	let divider = Divider::new(total);
	values.map(move |v| match &divider {
		Some(d) => d.ratio(v),
		None => ratio(u128::from(v), total),
	})
}

/// Every column's total of some rows, to normalize their values by, one column at a time.
pub(super) struct ColumnTotals {
	sums: Vec<u128>,
	dividers: Vec<Option<Divider>>,
}

impl ColumnTotals {
	pub(super) fn of(rows: &[Row<Fixed>], n: usize) -> Self {
		let mut sums = vec![0u128; n];
		for row in rows {
			for (j, v) in row {
				if let Some(s) = sums.get_mut(usize::from(*j)) {
					*s = s.saturating_add(u128::from(*v));
				}
			}
		}
		let dividers = sums.iter().map(|s| Divider::new(*s)).collect();
		Self { sums, dividers }
	}

	/// `ratio(v, total of column j)`.
	pub(super) fn ratio(&self, j: u16, v: Fixed) -> Fixed {
		let j = usize::from(j);
		match self.dividers.get(j) {
			Some(Some(d)) => d.ratio(v),
			_ => ratio(u128::from(v), self.sums.get(j).copied().unwrap_or(0)),
		}
	}
}

/// Scales every column of `rows` to sum to `ONE` (columns summing to zero stay zero).
pub(super) fn normalize_columns(mut rows: Vec<Row<Fixed>>, n: usize) -> Vec<Row<Fixed>> {
	let totals = ColumnTotals::of(&rows, n);
	for row in rows.iter_mut() {
		for (j, v) in row.iter_mut() {
			*v = totals.ratio(*j, *v);
		}
		row.retain(|(_, v)| *v > 0);
	}
	rows
}
