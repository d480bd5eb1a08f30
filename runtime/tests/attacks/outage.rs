//! **Threat.** A miner's server is down for an epoch (or a rival learns when validators fetch
//! and disrupts it then), validators report the model unavailable, and 10% of all the stake on
//! the miner's hotkey, its auto-staked earnings and its nominators' stake included, is slashed
//! every epoch. **Defence.** Unavailability costs only the miner's own bond, only after
//! `unavailable_epochs` consecutive epochs reported by `kappa` of the stake, and ends in
//! forfeiting the UID; a one-epoch outage costs nothing.

use crate::harness::*;
use frame_support::assert_ok;
use merit_runtime::{Runtime, Slashing, Staking};
use pallet_merit_slashing::{Event, ModelFault};

struct Setup {
	netuid: u16,
	validator: merit_runtime::AccountId,
	miner: merit_runtime::AccountId,
	miner_uid: u16,
}

/// A subnet with a dominant validator (¾ of the permit stake) and a miner whose hotkey
/// holds its own savings and a nominator's stake.
fn setup() -> Setup {
	let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
	grant_share(netuid);
	let (a, a_hk) = (actor("validator-a"), actor("validator-a-hotkey"));
	let (b, b_hk) = (actor("validator-b"), actor("validator-b-hotkey"));
	register(netuid, &a, &a_hk);
	register(netuid, &b, &b_hk);
	stake(&a, &a_hk, permit_stake(3));
	stake(&b, &b_hk, permit_stake(1));
	let (coldkey, miner) = (actor("miner"), actor("miner-hotkey"));
	let miner_uid = register(netuid, &coldkey, &miner);
	commit_and_reveal_model(netuid, &miner, [9; 32]);
	stake(&coldkey, &miner, permit_stake(1) / 2);
	assert_ok!(Staking::become_delegate(signed(&coldkey), miner.clone()));
	stake(&actor("nominator"), &miner, permit_stake(1) * 2 / 5);
	next_epoch(netuid);
	Setup { netuid, validator: a_hk, miner, miner_uid }
}

fn report(s: &Setup) {
	assert_ok!(Slashing::report_model(
		signed(&s.validator),
		s.netuid,
		s.miner_uid,
		ModelFault::Unavailable
	));
}

fn savings(s: &Setup) -> (u128, u128) {
	(staked(&actor("miner"), &s.miner), staked(&actor("nominator"), &s.miner))
}

#[test]
fn a_one_epoch_outage_costs_nothing() {
	each_preset(|preset| {
		let s = setup();
		let (savings_before, bond) = (savings(&s), defaults().miner_bond);
		report(&s);
		for _ in 0..3 + slash_params().defer_epochs {
			next_epoch(s.netuid);
		}
		assert!(!slashing_events().iter().any(|e| matches!(e, Event::OffenceReported { .. })));
		assert_eq!(savings(&s), savings_before, "{preset}");
		let neuron = pallet_merit_subnets::Neurons::<Runtime>::get(s.netuid, s.miner_uid).unwrap();
		assert_eq!((neuron.hotkey, neuron.bond), (s.miner.clone(), bond), "{preset}");
		assert!(!pallet_merit_subnets::Forfeited::<Runtime>::contains_key(s.netuid, s.miner_uid));
	});
}

#[test]
fn a_lasting_outage_costs_the_bond_and_the_uid_never_the_stake() {
	each_preset(|preset| {
		let s = setup();
		let savings_before = savings(&s);
		let params = slash_params();
		// The report that completes the streak (in its last epoch) is the offence.
		for epoch in 1..=params.unavailable_epochs {
			report(&s);
			if epoch < params.unavailable_epochs {
				next_epoch(s.netuid);
			}
		}
		assert!(slashing_events().iter().any(|e| matches!(
			e,
			Event::OffenceReported { offender, .. } if *offender == s.miner
		)));
		let coldkey = actor("miner");
		let free_before = merit_runtime::Balances::free_balance(&coldkey);
		for _ in 0..params.defer_epochs {
			next_epoch(s.netuid);
		}
		let bond = defaults().miner_bond;
		let slashed = params.unavailable_model_fraction.mul_floor(bond);
		assert!(slashing_events().contains(&Event::SlashApplied {
			netuid: s.netuid,
			id: 0,
			offender: s.miner.clone(),
			stake: 0,
			stakers: 0,
			bond: slashed,
		}));
		assert!(pallet_merit_subnets::Forfeited::<Runtime>::contains_key(s.netuid, s.miner_uid));
		assert_eq!(
			merit_runtime::Balances::free_balance(&coldkey),
			free_before + bond - slashed,
			"{preset}: the rest of the bond is returned"
		);
		assert_eq!(savings(&s), savings_before, "{preset}: no stake was touched");
	});
}

/// Every report in an epoch after the one that reached `kappa` counts nothing more, and an
/// epoch without `kappa` ends the streak: a miner down in all but one epoch of every
/// `unavailable_epochs` keeps its bond (the rule: consecutive epochs), however many validators
/// report it.
#[test]
fn a_streak_grows_once_an_epoch_and_a_served_epoch_restarts_it() {
	each_preset(|preset| {
		let s = setup();
		let late = actor("validator-b-hotkey");
		let params = slash_params();
		let streak = || Slashing::unavailable_streak(s.netuid, &s.miner);
		for round in 0..2 {
			for epoch in 1..params.unavailable_epochs {
				report(&s);
				assert_ok!(Slashing::report_model(
					signed(&late),
					s.netuid,
					s.miner_uid,
					ModelFault::Unavailable
				));
				assert_eq!(streak(), epoch, "{preset}: round {round}, one step per epoch");
				next_epoch(s.netuid);
			}
			// Served (or unreported) for one epoch: the run ends with it.
			assert_eq!(streak(), params.unavailable_epochs - 1, "{preset}: still this epoch's");
			next_epoch(s.netuid);
			assert_eq!(streak(), 0, "{preset}: an epoch without kappa ended the streak");
		}
		let unavailable = slashing_events()
			.into_iter()
			.filter(|e| matches!(e, Event::ModelUnavailable { .. }))
			.count() as u32;
		assert_eq!(unavailable, 2 * (params.unavailable_epochs - 1), "{preset}: once an epoch");
		assert!(!slashing_events().iter().any(|e| matches!(e, Event::OffenceReported { .. })));
		let neuron = pallet_merit_subnets::Neurons::<Runtime>::get(s.netuid, s.miner_uid).unwrap();
		assert_eq!(neuron.bond, defaults().miner_bond, "{preset}: the bond is whole");
	});
}
