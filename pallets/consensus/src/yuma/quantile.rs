//! Consensus: each column's stake-weighted `κ`-quantile of the weights it received, over
//! the rows of validators with stake (step 3 of the module's maths).

use super::{Fixed, Row};
use alloc::{vec, vec::Vec};

/// Consensus `Cⱼ` of every column `j` over the rows of validators with stake: each column's
/// stake-weighted quantile by [`weighted_quantile`]. The columns are gathered from the rows
/// (sorted by target) [`COLUMN_BLOCK`] at a time, by a counting sort into one small flat
/// array that stays in cache, each entry one word (`weight << 16 | holder`): `O(n + nnz)`.
pub(super) fn consensus(
	rows: &[Row<Fixed>],
	stake: &[Fixed],
	n: usize,
	threshold: Fixed,
) -> Vec<Fixed> {
	let holders: Vec<(&Row<Fixed>, Fixed)> =
		rows.iter().zip(stake).filter(|(_, s)| **s > 0).map(|(r, s)| (r, *s)).collect();
	let holder_stake: Vec<Fixed> = holders.iter().map(|(_, s)| *s).collect();
	// Per holder: where its entries of the current block start and end.
	let mut segments: Vec<(usize, usize)> = vec![(0, 0); holders.len()];
	let mut starts = [0usize; COLUMN_BLOCK + 1];
	let mut entries: Vec<u64> = Vec::new();
	let mut scratch = Vec::new();
	let mut out = Vec::with_capacity(n);
	let mut first = 0usize;
	while first < n {
		let end = first.saturating_add(COLUMN_BLOCK).min(n);
		starts.fill(0);
		for ((row, _), segment) in holders.iter().zip(segments.iter_mut()) {
			let mut at = segment.1;
			*segment = (at, at);
			while let Some((j, _)) = row.get(at).filter(|(j, _)| usize::from(*j) < end) {
				let k = usize::from(*j).saturating_sub(first).saturating_add(1);
				if let Some(c) = starts.get_mut(k) {
					*c = c.saturating_add(1);
				}
				at = at.saturating_add(1);
			}
			segment.1 = at;
		}
		// Each column's room, plus a little so that columns do not start a power of two
		// apart (which would map them all to the same cache sets).
		for k in 1..starts.len() {
			let before = starts.get(k.saturating_sub(1)).copied().unwrap_or(0);
			if let Some(c) = starts.get_mut(k) {
				*c = c.saturating_add(before).saturating_add(COLUMN_PAD);
			}
		}
		entries.clear();
		entries.resize(starts.last().copied().unwrap_or(0), 0);
		let mut next = starts;
		for (h, ((row, _), (from, to))) in holders.iter().zip(&segments).enumerate() {
			let h = u64::try_from(h).unwrap_or(0);
			for (j, w) in row.get(*from..*to).unwrap_or(&[]) {
				if let Some(at) = next.get_mut(usize::from(*j).saturating_sub(first)) {
					if let Some(slot) = entries.get_mut(*at) {
						// w ≤ ONE = 2³², so the word holds it above a 16-bit holder index.
						*slot = w.wrapping_shl(16) | h;
					}
					*at = at.saturating_add(1);
				}
			}
		}
		for k in 0..end.saturating_sub(first) {
			let (a, b) = (starts.get(k).copied(), next.get(k).copied());
			let column = a.zip(b).and_then(|(a, b)| entries.get(a..b)).unwrap_or(&[]);
			out.push(weighted_quantile(column, &holder_stake, threshold, &mut scratch));
		}
		first = end;
	}
	out
}

/// How many columns [`consensus`] gathers at once: at 256 validators, 64 columns of entries
/// take 130 KiB.
const COLUMN_BLOCK: usize = 64;
/// Spare entries after each gathered column (see [`consensus`]).
const COLUMN_PAD: usize = 5;

/// The largest `c` in `[0, ONE]` such that the stake of entries with weight at least `c` is
/// at least `threshold` (zero when the column's whole stake is below it): the largest weight
/// `w` of the column whose entries at or above `w` hold `threshold`. Entries are
/// `weight << 16 | holder`, the holder's stake in `stake`.
///
/// One pass buckets the entries by the top 8 bits of their weight (relative to the column's
/// largest) and finds, from the top, the bucket where the stake at or above reaches
/// `threshold`; only that bucket's entries are sorted. `O(k)` for a column of `k` entries
/// spread over the buckets, `O(k log k)` at worst (all in one bucket).
fn weighted_quantile(
	column: &[u64],
	stake: &[Fixed],
	threshold: Fixed,
	scratch: &mut Vec<u64>,
) -> Fixed {
	let stake_of = |e: u64| stake.get(usize::from(e as u16)).copied().unwrap_or(0);
	let (total, largest) = column
		.iter()
		.fold((0u64, 0u64), |(t, m), e| (t.saturating_add(stake_of(*e)), m.max(e >> 16)));
	if column.is_empty() || total < threshold {
		return 0;
	}
	let shift = u64::BITS.saturating_sub(largest.leading_zeros()).saturating_sub(8);
	let bucket = |e: u64| usize::try_from((e >> 16).wrapping_shr(shift)).unwrap_or(0).min(255);
	let mut stake_in = [0u64; 256];
	for e in column {
		if let Some(b) = stake_in.get_mut(bucket(*e)) {
			*b = b.saturating_add(stake_of(*e));
		}
	}
	// Stake strictly above the chosen bucket.
	let mut above = 0u64;
	let mut chosen = 0;
	for (b, s) in stake_in.iter().enumerate().rev() {
		if above.saturating_add(*s) >= threshold {
			chosen = b;
			break;
		}
		above = above.saturating_add(*s);
	}
	scratch.clear();
	scratch.extend(column.iter().filter(|e| bucket(**e) == chosen));
	scratch.sort_unstable_by_key(|e| core::cmp::Reverse(*e));
	for e in scratch.iter() {
		above = above.saturating_add(stake_of(*e));
		if above >= threshold {
			return e >> 16;
		}
	}
	0
}
