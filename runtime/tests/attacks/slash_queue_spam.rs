//! **Attack.** An attacker registers cheap hotkeys and reveals copies of a public model with
//! each, every copy a new offence, until the subnet's queue of deferred slashes is full and a
//! real offence (a validator whose trust stays low) is refused with `SlashQueueFull`, which
//! switches slashing off for about a registration burn per copy. **Defence.** A copier
//! forfeits its UID and bond share at once, an offence with nothing at risk is never queued,
//! an offender has one pending slash per kind, and a full queue makes room for (and applies
//! first) the offence with the most at risk.

use crate::harness::*;
use frame_support::traits::Get;
use merit_primitives::SlashReason;
use merit_runtime::{Balance, Runtime, UNIT};
use pallet_merit_slashing::{Event, PendingCount};

/// The real offender's stake: enough that 1% of it outweighs a copier's minimum stake.
fn rogue_stake() -> Balance {
	permit_stake(2).max(200 * UNIT)
}

#[test]
fn copy_spam_cannot_keep_a_real_offence_out() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		grant_share(netuid);
		let (a, a_hk) = (actor("validator-a"), actor("validator-a-hotkey"));
		let (rogue, rogue_hk) = (actor("validator-b"), actor("validator-b-hotkey"));
		register(netuid, &a, &a_hk);
		register(netuid, &rogue, &rogue_hk);
		stake(&a, &a_hk, rogue_stake() * 3);
		stake(&rogue, &rogue_hk, rogue_stake());
		let honest_miner = actor("miner-hotkey");
		let honest = register(netuid, &actor("miner"), &honest_miner);
		let lonely = register(netuid, &actor("miner-2"), &actor("miner-2-hotkey"));
		let public_model = [42u8; 32];
		commit_and_reveal_model(netuid, &honest_miner, public_model);
		next_epoch(netuid);

		// Copy spam without stake: every copier forfeits at once, nothing is queued.
		let attacker = actor("attacker");
		for i in 0..8 {
			let copier = actor(&format!("copier-{i}"));
			register(netuid, &attacker, &copier);
			commit_and_reveal_model(netuid, &copier, public_model);
			let forfeited = forfeited_as_copier(&copier);
			assert!(forfeited, "{preset}: copier {i} kept its UID");
		}
		assert_eq!(PendingCount::<Runtime>::get(netuid), 0, "{preset}");

		// Copy spam with stake: one pending slash per copier, until the queue is full (a few
		// slashes apply meanwhile, one per epoch).
		let max: u32 = <Runtime as pallet_merit_slashing::Config>::MaxDeferred::get();
		let full = |events: &[Event<Runtime>]| {
			events.iter().any(|e| {
				matches!(e, Event::SlashQueueFull { reason: SlashReason::CopiedModel, .. })
			})
		};
		let mut copiers = 0;
		while !full(&slashing_events()) {
			let copier = actor(&format!("staked-copier-{copiers}"));
			register(netuid, &attacker, &copier);
			stake(&attacker, &copier, UNIT);
			commit_and_reveal_model(netuid, &copier, public_model);
			copiers += 1;
			assert!(copiers < 2 * max, "{preset}: the queue never filled");
		}
		assert_eq!(PendingCount::<Runtime>::get(netuid), max, "{preset}");
		for (_, (offender, reason), _) in pallet_merit_slashing::PendingOffences::<Runtime>::iter()
		{
			let same = pallet_merit_slashing::DeferredSlashes::<Runtime>::iter_prefix(netuid)
				.filter(|(_, s)| s.offender == offender && s.reason == reason)
				.count();
			assert_eq!(same, 1, "{preset}: one pending slash per offender and kind");
		}

		// The real offence: the rogue validator backs a miner nobody else does, epoch after
		// epoch, until its low-trust streak is an offence.
		let rogue_before = staked(&rogue, &rogue_hk);
		let a_before = staked(&a, &a_hk);
		commit_weights(netuid, &a_hk, &[honest], &[1]);
		commit_weights(netuid, &rogue_hk, &[lonely], &[1]);
		let scheduled = |events: &[Event<Runtime>]| {
			events.iter().any(|e| {
				matches!(e, Event::SlashScheduled { offender, reason: SlashReason::LowValidatorTrust, .. } if *offender == rogue_hk)
			})
		};
		let mut epochs = 0;
		while !scheduled(&slashing_events()) {
			next_epoch(netuid);
			reveal_weights(netuid, &a_hk, &[honest], &[1]);
			reveal_weights(netuid, &rogue_hk, &[lonely], &[1]);
			commit_weights(netuid, &a_hk, &[honest], &[1]);
			commit_weights(netuid, &rogue_hk, &[lonely], &[1]);
			epochs += 1;
			assert!(epochs < 10, "{preset}: the low-trust offence was never scheduled");
		}
		// It is applied at its epoch, ahead of the copiers' backlog (most at risk first).
		for _ in 0..slash_params().defer_epochs {
			next_epoch(netuid);
		}
		assert!(
			slashing_events().iter().any(|e| matches!(
				e,
				Event::SlashApplied { offender, .. } if *offender == rogue_hk
			)),
			"{preset}: the real offence was not applied"
		);
		assert!(staked(&rogue, &rogue_hk) < rogue_before, "{preset}");
		// Honest participants lost nothing.
		assert!(staked(&a, &a_hk) >= a_before, "{preset}");
		let honest_neuron = pallet_merit_subnets::Neurons::<Runtime>::get(netuid, honest).unwrap();
		assert_eq!(honest_neuron.hotkey, honest_miner);
		assert_eq!(honest_neuron.bond, defaults().miner_bond, "{preset}");
		assert!(!pallet_merit_subnets::Forfeited::<Runtime>::contains_key(netuid, honest));
	});
}

/// Whether `hotkey` forfeited its UID for a copy.
fn forfeited_as_copier(hotkey: &merit_runtime::AccountId) -> bool {
	events().iter().any(|e| {
		matches!(
			e,
			merit_runtime::RuntimeEvent::Subnets(pallet_merit_subnets::Event::NeuronForfeited {
				hotkey: h,
				reason: SlashReason::CopiedModel,
				..
			}) if h == hotkey
		)
	})
}
