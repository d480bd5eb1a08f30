//! A random-call fuzzer: thousands of seeded random calls to the subnets, staking and
//! consensus pallets (valid and invalid, signed and root), with blocks (and epochs) advancing,
//! and all three pallets' invariants checked after every call. Whatever the sequence, the
//! invariants hold (token books included) and nothing panics.

#![allow(clippy::unwrap_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use frame_support::{dispatch::GetDispatchInfo, traits::Hooks};
use merit_primitives::{TaskKind, TaskSpec};
use merit_runtime::{
	AccountId, Consensus, Runtime, RuntimeCall, RuntimeOrigin, Staking, Subnets, System, UNIT,
};
use pallet_merit_subnets::{AxonProtocol, Hyperparameter, IpAddress};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::Dispatchable;

mod common;
use common::genesis_of;

/// xorshift64*: deterministic, dependency-free randomness.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
	fn account(&mut self) -> AccountId {
		let all: Vec<_> = Sr25519Keyring::iter().take(8).collect();
		all[self.below(all.len() as u64) as usize].to_account_id()
	}
	fn amount(&mut self) -> u128 {
		[0, 1, UNIT / 2, UNIT, 3 * UNIT, 50 * UNIT, 10_000_000 * UNIT][self.below(7) as usize]
	}
}

/// A random call and who signs it (`None`: root). Hotkey calls are mostly signed by the
/// hotkey and coldkey calls by a coldkey, so that many succeed.
fn random_call(rng: &mut Rng) -> (RuntimeCall, Option<AccountId>) {
	use pallet_merit_consensus::Call as Cn;
	use pallet_merit_staking::Call as St;
	use pallet_merit_subnets::Call as Sn;
	// Mostly a registered subnet (netuids move as subnets are dissolved and replaced),
	// sometimes any small netuid.
	let registered: Vec<u16> = pallet_merit_subnets::Registry::<Runtime>::iter_keys().collect();
	let netuid = match registered.len() {
		n if n > 0 && rng.below(10) != 0 => registered[rng.below(n as u64) as usize],
		_ => rng.below(6) as u16,
	};
	let hotkey = rng.account();
	let signer = rng.account();
	let by_hotkey = |rng: &mut Rng| if rng.below(5) == 0 { rng.account() } else { hotkey.clone() };
	let model = [rng.below(3) as u8; 32];
	let kind = match rng.below(48) {
		0 => 0,
		1 if rng.below(3) == 0 => 1,
		1 => 3,
		2 | 3 => 2,
		4..=11 => 3,
		12..=15 => 5,
		16..=19 => 6,
		20..=23 => 7,
		24..=29 => 8,
		30..=32 => 10,
		33 => 11,
		34 => 18,
		35 | 36 => 12,
		37..=39 => 13,
		40 | 41 => 14,
		42..=44 => 15,
		45 | 46 => 16,
		_ => 17,
	};
	let signer = if matches!(kind, 5..=7 | 14..=16) { by_hotkey(rng) } else { signer };
	// Weights from a small set, so reveals often match earlier commits.
	let uids: Vec<u16> = (0..1 + rng.below(3) as u16).map(|u| u + rng.below(2) as u16).collect();
	let weights: Vec<u16> = uids.iter().map(|_| rng.below(3) as u16).collect();
	let salt = [rng.below(2) as u8; 32];
	let call = match kind {
		0 => Sn::register_subnet {
			owner_hotkey: hotkey,
			task: TaskSpec {
				kind: TaskKind::Digits,
				max_model_bytes: rng.below(3) as u32 * 1_000,
				dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
				eval_size: 64,
			},
		}
		.into(),
		1 => Sn::dissolve_subnet { netuid }.into(),
		2 => Sn::set_hyperparameter {
			netuid,
			param: match rng.below(6) {
				0 => Hyperparameter::MaxUids(rng.below(5) as u16),
				1 => Hyperparameter::ImmunityPeriod(rng.below(3) as u32),
				2 => Hyperparameter::MaxRegsPerBlock(rng.below(3) as u16),
				3 => Hyperparameter::CommitReveal(rng.below(2) == 0),
				4 => Hyperparameter::MinValidatorStake(rng.amount()),
				_ => Hyperparameter::MinerBond(rng.amount()),
			},
		}
		.into(),
		3 | 4 => Sn::burned_register { netuid, hotkey }.into(),
		5 => Sn::serve_axon {
			netuid,
			ip: IpAddress::V4([rng.below(256) as u8, 1, 2, 3]),
			port: rng.below(2) as u16 * 8080,
			protocol: AxonProtocol::Http,
			version: 1,
		}
		.into(),
		6 => {
			let binding =
				pallet_merit_subnets::Pallet::<Runtime>::model_binding(&model, &signer, netuid);
			Sn::commit_model { netuid, binding, size: rng.below(2_000) as u32 }.into()
		},
		7 => Sn::reveal_model { netuid, model_hash: model }.into(),
		8 | 9 => St::add_stake { hotkey, amount: rng.amount() }.into(),
		10 => St::remove_stake { hotkey, amount: rng.amount() }.into(),
		11 => St::withdraw_unbonded { hotkey }.into(),
		18 => St::claim_rewards { hotkey }.into(),
		12 => St::become_delegate { hotkey }.into(),
		13 => {
			St::set_take { hotkey, take: sp_runtime::Perbill::from_percent(rng.below(25) as u32) }
				.into()
		},
		14 => Cn::set_weights {
			netuid,
			uids: uids.try_into().unwrap(),
			weights: weights.try_into().unwrap(),
			version_key: 0,
		}
		.into(),
		15 => {
			let hash = Consensus::weights_hash(&signer, netuid, &uids, &weights, &salt, 0);
			Cn::commit_weights { netuid, hash }.into()
		},
		16 => Cn::reveal_weights {
			netuid,
			uids: uids.try_into().unwrap(),
			weights: weights.try_into().unwrap(),
			salt,
			version_key: 0,
		}
		.into(),
		_ => Cn::set_emission_share { netuid, share: rng.below(3) as u32 }.into(),
	};
	// One call in ten comes from root (the admin origin) instead of a signed account.
	(call, (rng.below(10) != 0).then_some(signer))
}

#[test]
fn random_calls_keep_every_invariant() {
	for seed in [1u64, 7, 42, 2026] {
		genesis_of("development").execute_with(|| {
			let mut rng = Rng(seed);
			// Two small subnets to start from: four UIDs, two blocks of immunity.
			for owner in [Sr25519Keyring::Alice, Sr25519Keyring::Bob] {
				let task = TaskSpec {
					kind: TaskKind::Digits,
					max_model_bytes: 1_000,
					dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
					eval_size: 64,
				};
				let netuid = pallet_merit_subnets::Registry::<Runtime>::count() as u16;
				Subnets::register_subnet(
					RuntimeOrigin::signed(owner.to_account_id()),
					owner.to_account_id(),
					task,
				)
				.unwrap();
				for param in [
					Hyperparameter::MaxValidators(2),
					Hyperparameter::MaxUids(4),
					Hyperparameter::ImmunityPeriod(2),
				] {
					Subnets::set_hyperparameter(RuntimeOrigin::root(), netuid, param).unwrap();
				}
				System::set_block_number(System::block_number() + 1);
			}
			let (mut ok, mut failed) = (0, 0);
			for step in 0..1_500u32 {
				if rng.below(4) == 0 {
					let next = System::block_number() + 1;
					System::set_block_number(next);
					let _ = Subnets::on_initialize(next);
					let _ = Consensus::on_initialize(next);
				}
				let (call, signer) = random_call(&mut rng);
				assert!(call.get_dispatch_info().call_weight.ref_time() > 0, "{call:?}");
				let origin = signer.map_or_else(RuntimeOrigin::root, RuntimeOrigin::signed);
				match call.clone().dispatch(origin) {
					Ok(_) => ok += 1,
					Err(_) => failed += 1,
				}
				Subnets::do_try_state()
					.unwrap_or_else(|e| panic!("seed {seed} step {step} {call:?}: {e:?}"));
				Staking::do_try_state()
					.unwrap_or_else(|e| panic!("seed {seed} step {step} {call:?}: {e:?}"));
				Consensus::do_try_state()
					.unwrap_or_else(|e| panic!("seed {seed} step {step} {call:?}: {e:?}"));
			}
			// The mix reaches both outcomes often (the fuzzer is not only hitting errors).
			assert!(ok > 100 && failed > 100, "seed {seed}: {ok} ok, {failed} failed");
		});
	}
}
