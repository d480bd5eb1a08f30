//! Yuma consensus throughput: one epoch over 256, 1,024 and 4,096 UIDs with 64 validators,
//! and over 1,024 and 4,096 UIDs with 256, at full density (every validator weighting every
//! UID and bonded to every UID, as on a busy subnet). Benchmark ids are `<UIDs>x<validators>`.
//!
//! ```sh
//! cargo bench -p pallet-merit-consensus --features criterion --bench yuma
//! ```

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use pallet_merit_consensus::yuma::{epoch, EpochInput, Fixed, Row, ONE};

struct Subnet {
	stake: Vec<u128>,
	permit: Vec<bool>,
	active: Vec<bool>,
	weights: Vec<Row<u16>>,
	bonds: Vec<Row<Fixed>>,
}

/// `n` UIDs: the first `validators` are validators with stake, weights on every UID (a deterministic
/// spread of values) and last epoch's bonds on every UID.
fn subnet(n: usize, validators: usize) -> Subnet {
	let mut x: u64 = 0x2545_f491_4f6c_dd1d;
	let mut next = move || {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		x
	};
	let v = validators.min(n);
	let stake = (0..n)
		.map(|i| if i < v { 1_000_000_000_000 * (1 + next() % 10_000) as u128 } else { 0 })
		.collect();
	let permit = (0..n).map(|i| i < v).collect();
	let active = vec![true; n];
	let weights = (0..n)
		.map(|i| {
			if i < v {
				(0..n as u16).map(|j| (j, (next() % 65_535) as u16 + 1)).collect()
			} else {
				Vec::new()
			}
		})
		.collect();
	let bonds =
		(0..n)
			.map(|i| {
				if i < v {
					(0..n as u16).map(|j| (j, ONE / v as u64)).collect()
				} else {
					Vec::new()
				}
			})
			.collect();
	Subnet { stake, permit, active, weights, bonds }
}

fn yuma(c: &mut Criterion) {
	let mut group = c.benchmark_group("yuma_epoch");
	group.sample_size(20);
	for (n, v) in [(256usize, 64usize), (1_024, 64), (4_096, 64), (1_024, 256), (4_096, 256)] {
		let s = subnet(n, v);
		let nnz = s.weights.iter().map(Vec::len).sum::<usize>();
		group.throughput(Throughput::Elements(nnz as u64));
		group.bench_with_input(BenchmarkId::from_parameter(format!("{n}x{v}")), &s, |b, s| {
			b.iter(|| {
				epoch(&EpochInput {
					stake: &s.stake,
					permit: &s.permit,
					active: &s.active,
					weights: &s.weights,
					bonds: &s.bonds,
					kappa: ONE / 2,
					bonds_moving_average: ONE / 10 * 9,
					bonds_penalty: ONE,
				})
			})
		});
	}
	group.finish();
}

criterion_group!(benches, yuma);
criterion_main!(benches);
