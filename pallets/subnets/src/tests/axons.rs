use crate::{axons::ip_allowed, mock::*, Error, Event, Hyperparameter::*, *};
use frame_support::{assert_noop, assert_ok};
use std::net::{IpAddr, Ipv4Addr};

fn ip(s: &str) -> IpAddress {
	match s.parse::<IpAddr>().unwrap() {
		IpAddr::V4(v4) => IpAddress::V4(v4.octets()),
		IpAddr::V6(v6) => IpAddress::V6(v6.octets()),
	}
}

const PUBLIC: [&str; 3] = ["8.8.8.8", "203.0.114.7", "2a00:1450:4001::1"];
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
const NEVER: [&str; 10] = [
	"0.0.0.0",
	"0.1.2.3",
	"255.255.255.255",
	"224.0.0.1",
	"240.0.0.1",
	"192.0.2.1",
	"::",
	"ff02::1",
	"::ffff:8.8.8.8",
	"2001:db8::1",
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
}

#[test]
fn a_registered_hotkey_serves_its_axon_rate_limited() {
	build_and_execute(|| {
		let netuid = subnet(ALICE, HK1);
		assert_ok!(Subnets::burned_register(RuntimeOrigin::signed(BOB), netuid, HK2));
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
		assert_ok!(Subnets::burned_register(RuntimeOrigin::signed(BOB), netuid, HK2));
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
