//! Hotkey consent: nobody becomes a hotkey's first owner without the hotkey's signature.

use crate::{mock::*, Error, Event, HotkeyConsent, HotkeyOwner, *};
use frame_support::{assert_noop, assert_ok};
use merit_primitives::NetUid;
use sp_runtime::testing::TestSignature;

fn register(
	coldkey: AccountId,
	netuid: NetUid,
	hotkey: AccountId,
	consent: Option<HotkeyConsent<TestSignature>>,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Subnets::burned_register(RuntimeOrigin::signed(coldkey), netuid, hotkey, consent)
}

#[test]
fn a_coldkey_cannot_register_a_hotkey_that_did_not_consent() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		// The squatter names the victim's hotkey with no consent, with a consent the victim
		// gave someone else, and with a consent signed by another key.
		assert_noop!(register(BOB, netuid, HK2, None), Error::<Test>::HotkeyConsentRequired);
		assert_noop!(
			register(BOB, netuid, HK2, consent(HK2, CHARLIE)),
			Error::<Test>::InvalidHotkeyConsent
		);
		assert_noop!(
			register(BOB, netuid, HK2, consent(HK3, BOB)),
			Error::<Test>::InvalidHotkeyConsent
		);
		// A consent for another `expires_at` than the one signed.
		let mut tampered = consent_until(HK2, BOB, 10).unwrap();
		tampered.expires_at = 11;
		assert_noop!(
			register(BOB, netuid, HK2, Some(tampered)),
			Error::<Test>::InvalidHotkeyConsent
		);
		assert_eq!(HotkeyOwner::<Test>::get(HK2), None);
		// The hotkey's holder registers it with its own consent.
		assert_ok!(register(CHARLIE, netuid, HK2, consent(HK2, CHARLIE)));
		assert_eq!(HotkeyOwner::<Test>::get(HK2), Some(CHARLIE));
	});
}

#[test]
fn a_consent_signed_for_another_chain_is_refused() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		let expires_at = 100;
		let message = consent_message(&[7u8; 32], &BOB, expires_at);
		let foreign = HotkeyConsent { expires_at, signature: TestSignature(HK2, message) };
		assert_noop!(
			register(BOB, netuid, HK2, Some(foreign)),
			Error::<Test>::InvalidHotkeyConsent
		);
	});
}

#[test]
fn a_consent_is_good_until_its_last_block_only() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		run_to_block(20);
		assert_noop!(
			register(BOB, netuid, HK2, consent_until(HK2, BOB, 19)),
			Error::<Test>::HotkeyConsentExpired
		);
		assert_ok!(register(BOB, netuid, HK2, consent_until(HK2, BOB, 20)));
	});
}

#[test]
fn the_polkadot_js_extension_wrapping_is_accepted() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		let message = consent_message(Subnets::genesis_hash().as_ref(), &BOB, 50);
		let wrapped = [b"<Bytes>".as_slice(), &message, b"</Bytes>".as_slice()].concat();
		let consent = HotkeyConsent { expires_at: 50, signature: TestSignature(HK2, wrapped) };
		assert_ok!(register(BOB, netuid, HK2, Some(consent)));
	});
}

#[test]
fn an_owner_registers_its_hotkey_anywhere_without_asking_again() {
	build_and_execute(|| {
		let a = subnet(ALICE, HK1);
		assert_ok!(register(BOB, a, HK2, consent(HK2, BOB)));
		assert_eq!(
			last_event(),
			Event::NeuronRegistered {
				netuid: a,
				uid: 0,
				hotkey: HK2,
				coldkey: BOB,
				burned: MIN_BURN,
				bond: BOND,
			}
		);
		let claims = System::events()
			.iter()
			.filter(|r| {
				r.event == RuntimeEvent::Subnets(Event::HotkeyClaimed { hotkey: HK2, coldkey: BOB })
			})
			.count();
		assert_eq!(claims, 1);
		run_to_block(1 + u64::from(SUBNET_RATE_LIMIT));
		// The owner hotkey of a new subnet, and a second subnet's UID: no consent needed.
		assert_ok!(Subnets::register_subnet(RuntimeOrigin::signed(BOB), HK2, digits(), None));
		let b = a + 1;
		assert_ok!(register(BOB, b, HK2, None));
		// Nobody else takes the hotkey anywhere, even with a consent it signed.
		run_to_block(1 + 2 * u64::from(SUBNET_RATE_LIMIT));
		let c = subnet(CHARLIE, HK3);
		assert_noop!(
			register(CHARLIE, c, HK2, consent(HK2, CHARLIE)),
			Error::<Test>::HotkeyOwnedByAnotherColdkey
		);
	});
}

#[test]
fn a_coldkey_is_its_own_hotkey_without_a_consent() {
	build_and_execute(|| {
		assert_ok!(Subnets::register_subnet(RuntimeOrigin::signed(ALICE), ALICE, digits(), None));
		assert_ok!(register(BOB, 0, BOB, None));
		assert_eq!(HotkeyOwner::<Test>::get(BOB), Some(BOB));
	});
}

#[test]
fn registering_a_subnet_needs_the_owner_hotkeys_consent() {
	build_and_execute(|| {
		assert_noop!(
			Subnets::register_subnet(RuntimeOrigin::signed(ALICE), HK1, digits(), None),
			Error::<Test>::HotkeyConsentRequired
		);
		assert_noop!(
			Subnets::register_subnet(
				RuntimeOrigin::signed(ALICE),
				HK1,
				digits(),
				consent(HK1, BOB)
			),
			Error::<Test>::InvalidHotkeyConsent
		);
		assert_ok!(Subnets::register_subnet(
			RuntimeOrigin::signed(ALICE),
			HK1,
			digits(),
			consent(HK1, ALICE)
		));
	});
}
