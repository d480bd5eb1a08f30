//! Yuma consensus throughput: one epoch over 256, 1,024 and 4,096 UIDs at realistic density
//! (64 validators, each weighting every UID and bonded to every UID, as on a busy subnet).
//!
//! ```sh
//! cargo bench -p pallet-merit-consensus --features criterion --bench yuma
//! ```

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use pallet_merit_consensus::yuma::{epoch, EpochInput, Fixed, Row, ONE};

const VALIDATORS: usize = 64;

struct Subnet {
	stake: Vec<u128>,
	permit: Vec<bool>,
	active: Vec<bool>,
	weights: Vec<Row<u16>>,
	bonds: Vec<Row<Fixed>>,
}

/// `n` UIDs: the first 64 are validators with stake, weights on every UID (a deterministic
/// spread of values) and last epoch's bonds on every UID.
fn subnet(n: usize) -> Subnet {
	let mut x: u64 = 0x2545_f491_4f6c_dd1d;
	let mut next = move || {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		x
	};
	let v = VALIDATORS.min(n);
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
	for n in [256usize, 1_024, 4_096] {
		let s = subnet(n);
		let nnz = s.weights.iter().map(Vec::len).sum::<usize>();
		group.throughput(Throughput::Elements(nnz as u64));
		group.bench_with_input(BenchmarkId::from_parameter(n), &s, |b, s| {
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
