use crate::mock::*;
use frame_support::assert_ok;

#[test]
fn views_show_what_clients_need() {
	build_and_execute(|| {
		assert!(Subnets::subnet_views().is_empty());
		let netuid = subnet(ALICE, HK1);
		assert_ok!(Subnets::burned_register(
			RuntimeOrigin::signed(BOB),
			netuid,
			HK2,
			consent(HK2, BOB)
		));
		let view = Subnets::subnet_view(netuid).unwrap();
		assert_eq!((view.owner, view.owner_hotkey, view.lock), (ALICE, HK1, LOCK_FLOOR));
		assert_eq!((view.neurons, view.burn), (1, 2 * MIN_BURN));
		assert_eq!(view.hyperparams, hyperparams());
		assert_eq!(Subnets::subnet_views(), vec![view]);
		let neuron = Subnets::neuron_view(netuid, 0).unwrap();
		assert_eq!((neuron.hotkey, neuron.coldkey, neuron.bond), (HK2, BOB, BOND));
		assert!(neuron.immune);
		assert_eq!(neuron.axon, None);
		assert_eq!(Subnets::neuron_view_by_hotkey(netuid, &HK2), Some(neuron.clone()));
		assert_eq!(Subnets::neuron_views(netuid), vec![neuron]);
		assert_eq!(Subnets::neuron_view(netuid, 1), None);
		assert_eq!(Subnets::subnet_view(9), None);
		run_to_block(1 + IMMUNITY as u64);
		assert!(!Subnets::neuron_view(netuid, 0).unwrap().immune);
	});
}
