//! **Attack.** A governance proposal (or a compromised admin key) sets a subnet to 4,096 UIDs
//! and 256 validators; if its epoch, filled up, cost more than a block, every epoch would
//! stall block production. **Defence.** UID and validator caps whose full epoch at its worst
//! (Yuma, payouts, streaks and the offences an epoch establishes, due slashes) would overrun a block are
//! refused with `EpochTooHeavy`; the largest subnet that can be set, filled with weights on
//! every UID, runs its epoch inside the block limit, with room left for the most the
//! scheduler may enact in the same block (a referendum's call).

use crate::harness::*;
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use merit_primitives::{EpochBudget as _, MAX_UIDS, MAX_VALIDATORS};
use merit_runtime::{configs::incentives::EpochBudget, Consensus, Runtime, Subnets, System, UNIT};
use pallet_merit_subnets::Hyperparameter::*;

#[test]
fn the_largest_settable_subnet_fits_in_a_block() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		grant_share(netuid);
		// When the caps the pallets allow do not fit together, the largest UID cap that does
		// is refused one step further with `EpochTooHeavy`.
		assert_ok!(Subnets::set_hyperparameter(root(), netuid, MaxValidators(1)));
		let too_many = (1..=MAX_UIDS / 64)
			.map(|k| k * 64)
			.find(|n| Subnets::set_hyperparameter(root(), netuid, MaxUids(*n)).is_err());
		if let Some(n) = too_many {
			assert_noop!(
				Subnets::set_hyperparameter(root(), netuid, MaxUids(n)),
				pallet_merit_subnets::Error::<Runtime>::EpochTooHeavy
			);
		}
		let uids = hyperparams(netuid).max_uids;
		// The largest validator cap that fits with those UIDs.
		let validators = (1..=MAX_VALIDATORS.min(uids))
			.rev()
			.find(|v| Subnets::set_hyperparameter(root(), netuid, MaxValidators(*v)).is_ok())
			.expect("some validator cap fits");
		let budget = EpochBudget::epoch_weight(uids, validators);
		assert!(budget.all_lte(EpochBudget::max_epoch_weight()), "{preset}");
		eprintln!("{preset}: the largest subnet: {uids} UIDs, {validators} validators");

		// Fill it: every UID registered, the validators staked, each weighting every UID.
		for param in [
			MaxRegsPerBlock(u16::MAX),
			MaxRegsPerInterval(u16::MAX),
			BurnIncrease(sp_runtime::Perbill::zero()),
			CommitReveal(false),
			WeightsRateLimit(0),
		] {
			assert_ok!(Subnets::set_hyperparameter(root(), netuid, param));
		}
		let coldkey = actor("attacker");
		fund(&coldkey, 100_000 * UNIT);
		let hotkeys: Vec<_> = (0..uids).map(|i| actor(&format!("neuron-{i}"))).collect();
		for hotkey in &hotkeys {
			let consent = consent(hotkey, &coldkey);
			assert_ok!(Subnets::burned_register(signed(&coldkey), netuid, hotkey.clone(), consent));
		}
		for hotkey in hotkeys.iter().take(usize::from(validators)) {
			stake(&coldkey, hotkey, permit_stake(1));
		}
		next_epoch(netuid); // permits
		let all: Vec<u16> = (0..uids).collect();
		for (i, hotkey) in hotkeys.iter().take(usize::from(validators)).enumerate() {
			let weights: Vec<u16> = all.iter().map(|u| 1 + (u + i as u16) % 7).collect();
			assert_ok!(set_weights(netuid, hotkey, &all, &weights));
		}
		// The epoch block: what its hooks report stays under the block limit.
		run_to(next_epoch_block(netuid) - 1);
		let block = now() + 1;
		System::set_block_number(block);
		let weight = Subnets::on_initialize(block)
			.saturating_add(Consensus::on_initialize(block))
			.saturating_add(merit_runtime::Slashing::on_initialize(block));
		let max = merit_runtime::configs::system::RuntimeBlockWeights::get().max_block;
		let schedule = pallet_merit_consensus::Schedule::<Runtime>::get(netuid).unwrap();
		assert_eq!(schedule.last_run, block, "{preset}: the epoch ran in this block");
		let scheduler = merit_runtime::configs::governance::MaximumSchedulerWeight::get();
		assert!(
			weight.saturating_add(scheduler).all_lte(max),
			"{preset}: the epoch block weighs {weight:?} and the scheduler {scheduler:?} of {max:?}"
		);
		check_invariants();
	});
}

/// The epoch budget term by term, in milliseconds of execution and database time at ParityDB's
/// weights (`-- --nocapture` prints the table docs/benchmarks.md quotes), and the terms add up
/// to what `EpochTooHeavy` checks.
#[test]
fn the_epoch_budget_by_part() {
	use frame_support::{traits::Get, weights::Weight};
	use pallet_merit_consensus::WeightInfo as _;
	use pallet_merit_slashing::WeightInfo as _;
	use pallet_merit_subnets::WeightInfo as _;
	type Yuma = pallet_merit_consensus::weights::SubstrateWeight<Runtime>;
	type Slashes = pallet_merit_slashing::weights::SubstrateWeight<Runtime>;
	type Bonds = pallet_merit_subnets::weights::SubstrateWeight<Runtime>;
	let ms = |w: Weight| w.ref_time() as f64 / 1e9;
	let applied: u32 = <Runtime as pallet_merit_slashing::Config>::MaxAppliedPerEpoch::get();
	let trust_offences: u32 =
		<Runtime as pallet_merit_slashing::Config>::MaxTrustOffencesPerEpoch::get();
	let subnets: u16 = <Runtime as pallet_merit_subnets::Config>::MaxSubnets::get();
	let subnets = u32::from(subnets);
	let disputes: u32 = <Runtime as pallet_merit_slashing::Config>::MaxOpenDisputes::get();
	let per_block: u32 = <Runtime as pallet_merit_consensus::Config>::PayoutsPerBlock::get();
	let db = <Runtime as frame_system::Config>::DbWeight::get();
	eprintln!(
		"| UIDs | validators | run_epoch | fix_round | slashing on_epoch | bond slash | \
		 bookkeeping | the epoch's own | payout page | slash page | disputes | block total |"
	);
	for (n, v) in [(256u16, 64u16), (1_024, 64), (1_024, 256), (4_096, 256)] {
		let (n32, v32) = (u32::from(n), u32::from(v));
		let own = [
			pallet_merit_consensus::epoch_weight::<Yuma>(n32, v32, u64::from(n32) * u64::from(v32)),
			Yuma::fix_round(n32),
			Slashes::on_epoch(v32, trust_offences, applied),
			Bonds::slash_bond().saturating_mul(u64::from(applied)),
			Yuma::bookkeeping(subnets).saturating_add(db.reads_writes(2, 2)),
		];
		let pages = [
			Yuma::pay_page(per_block),
			Slashes::slash_page()
				.saturating_add(merit_runtime::configs::incentives::SlashPageWeight::get()),
			Slashes::close_disputes(disputes),
		];
		let own_total = own.iter().fold(Weight::zero(), |a, w| a.saturating_add(*w));
		let total = pages.iter().fold(own_total, |a, w| a.saturating_add(*w));
		assert_eq!(total, EpochBudget::epoch_weight(n, v), "the table is the budget");
		let cells: Vec<String> = own
			.iter()
			.chain([&own_total])
			.chain(pages.iter())
			.chain([&total])
			.map(|w| format!("{:.0}", ms(*w)))
			.collect();
		eprintln!("| {n} | {v} | {} |", cells.join(" | "));
	}
}
