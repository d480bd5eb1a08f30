//! **Attack.** A cartel of validators backs its own miner, which nobody else supports, epoch
//! after epoch; all their low-trust streaks reach `trust_epochs` in the same epoch, more than
//! the `MaxTrustOffencesPerEpoch` an epoch establishes, and the ones left over turn honest
//! at once, hoping good trust wipes their streaks. **Defence.** A streak at the threshold is
//! an offence owed: it is established at a later epoch (the longest owed first) whatever the
//! validator's trust then, so the bound on an epoch's work lets nobody escape.

use crate::harness::*;
use frame_support::{assert_ok, traits::Get};
use merit_primitives::SlashReason;
use merit_runtime::{AccountId, Runtime, Subnets};
use pallet_merit_slashing::{Event, LowTrustStreak};
use pallet_merit_subnets::Hyperparameter::{CommitReveal, WeightsRateLimit};

fn trust_offences(netuid: u16) -> Vec<AccountId> {
	slashing_events()
		.into_iter()
		.filter_map(|e| match e {
			Event::OffenceReported {
				netuid: n,
				offender,
				reason: SlashReason::LowValidatorTrust,
			} if n == netuid => Some(offender),
			_ => None,
		})
		.collect()
}

#[test]
fn validators_left_over_by_the_bound_owe_their_offence() {
	each_preset(|preset| {
		let most: u32 = <Runtime as pallet_merit_slashing::Config>::MaxTrustOffencesPerEpoch::get();
		let cartel_size = most + 1;
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		grant_share(netuid);
		// An honest validator with more stake than the whole cartel.
		let (honest, honest_hk) = (actor("validator-a"), actor("validator-a-hotkey"));
		register(netuid, &honest, &honest_hk);
		stake(&honest, &honest_hk, permit_stake(2 * u128::from(cartel_size)));
		let cartel: Vec<(AccountId, AccountId)> = (0..cartel_size)
			.map(|i| (actor(&format!("cartel-{i}")), actor(&format!("cartel-{i}-hotkey"))))
			.collect();
		fund(&actor("cartel-miner"), ENDOWMENT);
		for (coldkey, hotkey) in &cartel {
			fund(coldkey, ENDOWMENT);
			register(netuid, coldkey, hotkey);
			stake(coldkey, hotkey, permit_stake(1));
		}
		assert_ok!(Subnets::set_hyperparameter(root(), netuid, CommitReveal(false)));
		assert_ok!(Subnets::set_hyperparameter(root(), netuid, WeightsRateLimit(0)));
		let good = register(netuid, &actor("miner"), &actor("miner-hotkey"));
		let own = register(netuid, &actor("cartel-miner"), &actor("cartel-miner-hotkey"));
		next_epoch(netuid);

		// Weights set directly each epoch (commit–reveal off, no rate limit), so each epoch
		// judges the weights set in it.
		let set_all = |cartel_target: u16| {
			assert_ok!(set_weights(netuid, &honest_hk, &[good], &[1]));
			for (_, hotkey) in &cartel {
				assert_ok!(set_weights(netuid, hotkey, &[cartel_target], &[1]));
			}
		};
		let owed = |events: &[Event<Runtime>]| {
			events
				.iter()
				.any(|e| matches!(e, Event::OffencesOwed { netuid: n, .. } if *n == netuid))
		};
		let mut epochs = 0;
		while !owed(&slashing_events()) {
			set_all(own);
			next_epoch(netuid);
			epochs += 1;
			assert!(epochs < 10, "{preset}: the cartel's streaks never reached the threshold");
		}
		assert_eq!(trust_offences(netuid).len() as u32, most, "{preset}: the bound held");
		assert!(slashing_events().contains(&Event::OffencesOwed { netuid, owed: 1 }), "{preset}");
		let (_, last_hotkey) = cartel.last().unwrap();
		assert!(!trust_offences(netuid).contains(last_hotkey), "{preset}: UID order");
		let threshold = slash_params().trust_epochs;
		assert_eq!(LowTrustStreak::<Runtime>::get(netuid, last_hotkey), threshold, "{preset}");

		// The whole cartel turns honest: good trust in the next epoch, and the offence owed
		// is established all the same; the others' streaks end.
		set_all(good);
		next_epoch(netuid);
		let offenders = trust_offences(netuid);
		assert_eq!(offenders.len() as u32, cartel_size, "{preset}: every member's offence");
		assert!(offenders.contains(last_hotkey), "{preset}");
		for (_, hotkey) in &cartel {
			assert_eq!(LowTrustStreak::<Runtime>::get(netuid, hotkey), 0, "{preset}");
		}
		assert_eq!(LowTrustStreak::<Runtime>::get(netuid, &honest_hk), 0, "{preset}");
	});
}
