//! Axon endpoints: address validation and the serving rate limit.

use crate::{
	AxonInfo, AxonProtocol, Axons, Config, Error, Event, Hyperparameters, IpAddress, Pallet, Uids,
};
use core::net::{Ipv4Addr, Ipv6Addr};
use frame_support::pallet_prelude::*;
use merit_primitives::NetUid;

/// Whether `ip` lies in the IPv4 block `base/len`.
fn in_v4(ip: Ipv4Addr, base: [u8; 4], len: u32) -> bool {
	let mask = u32::MAX.checked_shl(32u32.saturating_sub(len)).unwrap_or(0);
	(u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(base)) & mask)
}

/// Whether `ip` lies in the IPv6 block `base/len`.
fn in_v6(ip: Ipv6Addr, base: [u16; 8], len: u32) -> bool {
	let mask = u128::MAX.checked_shl(128u32.saturating_sub(len)).unwrap_or(0);
	let [a, b, c, d, e, f, g, h] = base;
	(u128::from(ip) & mask) == (u128::from(Ipv6Addr::new(a, b, c, d, e, f, g, h)) & mask)
}

/// IPv4 blocks of the IANA IPv4 Special-Purpose Address Registry (RFC 6890 and updates) that
/// no axon may announce: "this network", IETF protocol assignments, documentation, AS112 and
/// AMT anycast, the deprecated 6to4 relay anycast, multicast, reserved and broadcast.
const V4_NEVER: [([u8; 4], u32); 12] = [
	([0, 0, 0, 0], 8),
	([192, 0, 0, 0], 24),
	([192, 0, 2, 0], 24),
	([192, 31, 196, 0], 24),
	([192, 52, 193, 0], 24),
	([192, 88, 99, 0], 24),
	([192, 175, 48, 0], 24),
	([198, 51, 100, 0], 24),
	([203, 0, 113, 0], 24),
	([224, 0, 0, 0], 4),
	([240, 0, 0, 0], 4),
	([255, 255, 255, 255], 32),
];

/// IPv4 blocks that only subnets allowing private axons (dev chains) accept: private-use,
/// shared address space, loopback, link-local and benchmarking.
const V4_PRIVATE: [([u8; 4], u32); 7] = [
	([10, 0, 0, 0], 8),
	([100, 64, 0, 0], 10),
	([127, 0, 0, 0], 8),
	([169, 254, 0, 0], 16),
	([172, 16, 0, 0], 12),
	([192, 168, 0, 0], 16),
	([198, 18, 0, 0], 15),
];

/// IPv6 blocks inside global unicast (`2000::/3`) that the IANA IPv6 Special-Purpose Address
/// Registry sets apart and no axon may announce: IETF protocol assignments (Teredo,
/// benchmarking, ORCHID among them), documentation, 6to4, AS112 and segment-routing SIDs.
const V6_NEVER: [([u16; 8], u32); 6] = [
	([0x2001, 0, 0, 0, 0, 0, 0, 0], 23),
	([0x2001, 0x0db8, 0, 0, 0, 0, 0, 0], 32),
	([0x2002, 0, 0, 0, 0, 0, 0, 0], 16),
	([0x2620, 0x004f, 0x8000, 0, 0, 0, 0, 0], 48),
	([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20),
	([0x5f00, 0, 0, 0, 0, 0, 0, 0], 16),
];

/// IPv6 blocks that only subnets allowing private axons accept: loopback, unique-local and
/// link-local.
const V6_PRIVATE: [([u16; 8], u32); 3] = [
	([0, 0, 0, 0, 0, 0, 0, 1], 128),
	([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7),
	([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10),
];

/// Whether `ip` may be announced, by the IANA special-purpose registries of both families.
/// IPv4: anything but the [`V4_NEVER`] blocks, and the [`V4_PRIVATE`] ones only with
/// `allow_private`. IPv6: global unicast (`2000::/3`) outside the [`V6_NEVER`] blocks, and the
/// [`V6_PRIVATE`] ones only with `allow_private`; everything else (unspecified, IPv4-mapped
/// and IPv4-compatible `::a.b.c.d`, the NAT64 prefixes `64:ff9b::/96` and `64:ff9b:1::/48`,
/// discard-only, site-local `fec0::/10`, multicast) never.
pub fn ip_allowed(ip: &IpAddress, allow_private: bool) -> bool {
	match ip {
		IpAddress::V4(octets) => {
			let ip = Ipv4Addr::from(*octets);
			if V4_NEVER.iter().any(|(base, len)| in_v4(ip, *base, *len)) {
				return false;
			}
			allow_private || !V4_PRIVATE.iter().any(|(base, len)| in_v4(ip, *base, *len))
		},
		IpAddress::V6(octets) => {
			let ip = Ipv6Addr::from(*octets);
			if V6_PRIVATE.iter().any(|(base, len)| in_v6(ip, *base, *len)) {
				return allow_private;
			}
			in_v6(ip, [0x2000, 0, 0, 0, 0, 0, 0, 0], 3)
				&& !V6_NEVER.iter().any(|(base, len)| in_v6(ip, *base, *len))
		},
	}
}

impl<T: Config> Pallet<T> {
	/// Records `hotkey`'s axon on `netuid` after validating it.
	pub(crate) fn do_serve_axon(
		netuid: NetUid,
		hotkey: T::AccountId,
		ip: IpAddress,
		port: u16,
		protocol: AxonProtocol,
		version: u32,
	) -> DispatchResult {
		let hp = Hyperparameters::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		ensure!(Uids::<T>::contains_key(netuid, &hotkey), Error::<T>::NotRegistered);
		ensure!(ip_allowed(&ip, hp.allow_private_axons), Error::<T>::InvalidIpAddress);
		ensure!(port != 0, Error::<T>::InvalidPort);
		let now = Self::now();
		if let Some(previous) = Axons::<T>::get(netuid, &hotkey) {
			ensure!(
				now >= previous.block.saturating_add(hp.serving_rate_limit),
				Error::<T>::ServingRateLimited
			);
		}
		Axons::<T>::insert(netuid, &hotkey, AxonInfo { ip, port, protocol, version, block: now });
		Self::deposit_event(Event::AxonServed { netuid, hotkey, ip, port, protocol, version });
		Ok(())
	}
}
