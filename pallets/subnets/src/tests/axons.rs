use crate::{axons::ip_allowed, mock::*, Error, Event, Hyperparameter::*, *};
use frame_support::{assert_noop, assert_ok};
use std::net::{IpAddr, Ipv4Addr};

fn ip(s: &str) -> IpAddress {
	match s.parse::<IpAddr>().unwrap() {
		IpAddr::V4(v4) => IpAddress::V4(v4.octets()),
		IpAddr::V6(v6) => IpAddress::V6(v6.octets()),
	}
}

const PUBLIC: [&str; 6] = [
	"8.8.8.8",
	"203.0.114.7",
	"2a00:1450:4001::1",
	"2001:4860:4860::8888", // outside 2001::/23
	"192.0.3.1",
	"100.128.0.1",
];
const PRIVATE: [&str; 10] = [
	"10.1.2.3",
	"172.16.0.1",
	"192.168.1.1",
	"127.0.0.1",
	"169.254.0.1",
	"100.64.0.1",
	"198.18.0.1",
	"::1",
	"fd00::1",
	"fe80::1",
];
/// One address of each block the IANA special-purpose registries set apart.
const NEVER: [&str; 29] = [
	"0.0.0.0",
	"0.1.2.3",
	"255.255.255.255",
	"224.0.0.1",
	"239.255.255.255",
	"240.0.0.1",
	"192.0.0.8",
	"192.0.2.1",
	"192.31.196.1",
	"192.52.193.1",
	"192.88.99.1",
	"192.175.48.1",
	"198.51.100.1",
	"203.0.113.1",
	"::",
	"ff02::1",
	"::ffff:8.8.8.8",
	"::8.8.8.8",
	"64:ff9b::808:808",
	"64:ff9b:1::1",
	"100::1",
	"2001::1",
	"2001:2::1",
	"2001:db8::1",
	"2002:808:808::1",
	"2620:4f:8000::1",
	"3fff::1",
	"5f00::1",
	"fec0::1",
];

#[test]
fn address_rules() {
	for a in PUBLIC {
		assert!(ip_allowed(&ip(a), false), "{a}");
	}
	for a in PRIVATE {
		assert!(!ip_allowed(&ip(a), false), "{a}");
		assert!(ip_allowed(&ip(a), true), "{a}");
	}
	for a in NEVER {
		assert!(!ip_allowed(&ip(a), true), "{a}");
	}
	assert!(ip_allowed(&IpAddress::V4(Ipv4Addr::new(100, 128, 0, 1).octets()), false));
	// Just outside the blocks: allowed.
	assert!(ip_allowed(&ip("2001:200::1"), false));
	assert!(ip_allowed(&ip("9.255.255.255"), false));
	assert!(ip_allowed(&ip("172.32.0.1"), false));
}

#[test]
fn a_registered_hotkey_serves_its_axon_rate_limited() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_ok!(Subnets::burned_register(
			RuntimeOrigin::signed(BOB),
			netuid,
			HK2,
			consent(HK2, BOB)
		));
		let serve = |ip_: &str, port| {
			Subnets::serve_axon(
				RuntimeOrigin::signed(HK2),
				netuid,
				ip(ip_),
				port,
				AxonProtocol::Https,
				7,
			)
		};
		assert_ok!(serve("8.8.8.8", 443));
		assert_eq!(
			last_event(),
			Event::AxonServed {
				netuid,
				hotkey: HK2,
				ip: ip("8.8.8.8"),
				port: 443,
				protocol: AxonProtocol::Https,
				version: 7
			}
		);
		assert_eq!(
			Axons::<Test>::get(netuid, HK2),
			Some(AxonInfo {
				ip: ip("8.8.8.8"),
				port: 443,
				protocol: AxonProtocol::Https,
				version: 7,
				block: 1
			})
		);
		run_to_block(5);
		assert_noop!(serve("8.8.4.4", 443), Error::<Test>::ServingRateLimited);
		run_to_block(6);
		assert_ok!(serve("2a00:1450:4001::1", 8443));
	});
}

#[test]
fn serve_axon_refusals_change_nothing() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_ok!(Subnets::burned_register(
			RuntimeOrigin::signed(BOB),
			netuid,
			HK2,
			consent(HK2, BOB)
		));
		let serve = |who, netuid, ip_: &str, port| {
			Subnets::serve_axon(
				RuntimeOrigin::signed(who),
				netuid,
				ip(ip_),
				port,
				AxonProtocol::Http,
				0,
			)
		};
		assert_noop!(serve(HK2, 9, "8.8.8.8", 80), Error::<Test>::SubnetNotFound);
		assert_noop!(serve(HK3, netuid, "8.8.8.8", 80), Error::<Test>::NotRegistered);
		assert_noop!(serve(HK2, netuid, "8.8.8.8", 0), Error::<Test>::InvalidPort);
		assert_noop!(serve(HK2, netuid, "127.0.0.1", 80), Error::<Test>::InvalidIpAddress);
		assert_noop!(serve(HK2, netuid, "0.0.0.0", 80), Error::<Test>::InvalidIpAddress);
		// A subnet that allows private addresses (a dev chain) takes loopback.
		assert_ok!(Subnets::set_hyperparameter(
			RuntimeOrigin::root(),
			netuid,
			AllowPrivateAxons(true)
		));
		assert_ok!(serve(HK2, netuid, "127.0.0.1", 80));
	});
}
