//! **Attack.** An attacker sees a miner's hotkey (from its registration in the transaction
//! pool, or its consent posted anywhere) and registers it first under its own coldkey, so the
//! victim's miner keeps mining on a UID whose incentive is paid to the attacker. **Defence.**
//! A hotkey's first owner needs the hotkey's signed consent naming that owner's coldkey and
//! this chain's genesis; the front-run fails and the victim's own registration stands.

use crate::harness::*;
use frame_support::{assert_noop, assert_ok};
use merit_runtime::{Runtime, Subnets};
use pallet_merit_subnets::Error;

#[test]
fn a_front_run_registration_of_someone_elses_hotkey_fails() {
	each_preset(|_preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		grant_share(netuid);
		let (attacker, victim, hotkey) = (actor("attacker"), actor("miner"), actor("miner-hotkey"));
		// The consent the victim sends with its registration, seen in the pool.
		let seen = consent(&hotkey, &victim);

		assert_noop!(
			Subnets::burned_register(signed(&attacker), netuid, hotkey.clone(), None),
			Error::<Runtime>::HotkeyConsentRequired
		);
		assert_noop!(
			Subnets::burned_register(signed(&attacker), netuid, hotkey.clone(), seen.clone()),
			Error::<Runtime>::InvalidHotkeyConsent
		);
		// Nor as the owner hotkey of a subnet of its own.
		wait_for_subnet_registration();
		let attacker_before = wealth(&attacker);
		assert_noop!(
			Subnets::register_subnet(signed(&attacker), hotkey.clone(), task(), seen.clone()),
			Error::<Runtime>::InvalidHotkeyConsent
		);
		assert_eq!(wealth(&attacker), attacker_before);

		// The victim's registration, with the very consent the attacker saw, goes through.
		assert_ok!(Subnets::burned_register(signed(&victim), netuid, hotkey.clone(), seen));
		let uid = uid(netuid, &hotkey);
		let neuron = pallet_merit_subnets::Neurons::<Runtime>::get(netuid, uid).expect("neuron");
		assert_eq!(neuron.coldkey, victim);
		assert_eq!(pallet_merit_subnets::HotkeyOwner::<Runtime>::get(&hotkey), Some(victim));
		// Once owned, the attacker cannot take the hotkey even with a consent made out to it.
		assert_noop!(
			Subnets::burned_register(
				signed(&attacker),
				netuid,
				hotkey.clone(),
				consent(&hotkey, &attacker)
			),
			Error::<Runtime>::HotkeyAlreadyRegistered
		);
	});
}
