//! **Attack.** A staker behind a miner caught copying unstakes the moment the offence is
//! reported, and withdraws its unbonded stake before the deferred slash applies, so the
//! slash finds nothing. **Defence.** Unbonding stake stays slashable, and no change of tempo,
//! deferral or unbonding period may make unbonding shorter than the slash window
//! (`(defer_epochs + 1) · tempo` blocks); the admin's attempts to open the window are refused.

use crate::harness::*;
use frame_support::{assert_noop, assert_ok};
use merit_primitives::SlashReason;
use merit_runtime::{Runtime, Slashing, Staking, Subnets, UNIT};
use pallet_merit_slashing::Event;
use pallet_merit_subnets::Hyperparameter;

#[test]
fn unstaking_at_the_offence_does_not_escape_the_slash() {
	each_preset(|preset| {
		let netuid = subnet_with_honest_model();
		let (coldkey, copier) = (actor("attacker"), actor("miner-2-hotkey"));
		register(netuid, &coldkey, &copier);
		stake(&coldkey, &copier, 100 * UNIT);
		next_epoch(netuid);

		commit_and_reveal_model(netuid, &copier, [7; 32]);
		assert!(slashing_events().iter().any(|e| matches!(
			e,
			Event::SlashScheduled { offender, reason: SlashReason::CopiedModel, .. }
				if *offender == copier
		)));
		// Out at once, then try to withdraw every block until the slash has applied.
		assert_ok!(Staking::remove_stake(signed(&coldkey), copier.clone(), 100 * UNIT));
		let before = wealth(&coldkey);
		let applied = |events: &[Event<Runtime>]| {
			events
				.iter()
				.any(|e| matches!(e, Event::SlashApplied { offender, .. } if *offender == copier))
		};
		let mut seen = false;
		while !seen {
			assert!(
				Staking::withdraw_unbonded(signed(&coldkey), copier.clone()).is_err(),
				"{preset}: the unbonded stake left before the slash applied"
			);
			next_block();
			seen = applied(&slashing_events());
		}
		let fraction = slash_params().copied_model_fraction;
		assert_eq!(wealth(&coldkey), before - fraction.mul_floor(100 * UNIT), "{preset}");
	});
}

#[test]
fn the_admin_cannot_open_the_slash_window() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		let (tempo, defer) = (u32::from(defaults().tempo), slash_params().defer_epochs);
		let unbonding = pallet_merit_staking::UnbondingBlocks::<Runtime>::get();
		assert!(unbonding > (defer + 1) * tempo, "{preset}: the preset itself keeps the rule");
		assert_noop!(
			Staking::set_unbonding_blocks(root(), (defer + 1) * tempo),
			pallet_merit_staking::Error::<Runtime>::SlashOutlastsUnbonding
		);
		let longest = u16::try_from((unbonding - 1) / (defer + 1)).unwrap_or(u16::MAX);
		if u32::from(longest) < u32::from(u16::MAX) {
			assert_noop!(
				Subnets::set_hyperparameter(root(), netuid, Hyperparameter::Tempo(longest + 1)),
				pallet_merit_subnets::Error::<Runtime>::SlashOutlastsUnbonding
			);
		}
		let too_long = (unbonding - 1) / tempo; // (too_long + 1) · tempo ≥ unbonding
		assert_noop!(
			Slashing::set_params(
				root(),
				pallet_merit_slashing::SlashParams { defer_epochs: too_long, ..slash_params() }
			),
			pallet_merit_slashing::Error::<Runtime>::SlashOutlastsUnbonding
		);
	});
}

/// The window's checks read every subnet's tempo: their weight charges those reads for the
/// most subnets the chain allows, whatever the benchmarks' setup held.
#[test]
fn the_window_checks_are_charged_for_every_subnet() {
	use frame_support::{dispatch::GetDispatchInfo, traits::Get};
	use merit_runtime::RuntimeCall;
	use pallet_merit_slashing::weights::WeightInfo as _;
	use pallet_merit_staking::weights::WeightInfo as _;
	each_preset(|_| {
		let subnets = <<Runtime as pallet_merit_subnets::Config>::MaxSubnets as Get<u16>>::get();
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		let reads = db.reads(u64::from(subnets) + 1);
		let charged = |call: RuntimeCall| call.get_dispatch_info().call_weight;

		let unbonding = pallet_merit_staking::Call::<Runtime>::set_unbonding_blocks { blocks: 500 };
		let benchmarked =
			pallet_merit_staking::weights::SubstrateWeight::<Runtime>::set_unbonding_blocks();
		assert_eq!(charged(unbonding.into()), benchmarked + reads);

		let params = pallet_merit_slashing::Params::<Runtime>::get().expect("genesis parameters");
		let set_params = pallet_merit_slashing::Call::<Runtime>::set_params { params };
		let benchmarked = pallet_merit_slashing::weights::SubstrateWeight::<Runtime>::set_params();
		assert_eq!(charged(set_params.into()), benchmarked + reads);
	});
}
