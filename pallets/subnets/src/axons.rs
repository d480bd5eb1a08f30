//! Axon endpoints: address validation and the serving rate limit.

use crate::{
	AxonInfo, AxonProtocol, Axons, Config, Error, Event, Hyperparameters, IpAddress, Pallet, Uids,
};
use core::net::{Ipv4Addr, Ipv6Addr};
use frame_support::pallet_prelude::*;
use merit_primitives::NetUid;

/// Whether `ip` may be announced. Never: unspecified, multicast, broadcast, `0.0.0.0/8`,
/// `240.0.0.0/4`, documentation ranges, IPv4-mapped IPv6. Only with `allow_private`:
/// private (`10/8`, `172.16/12`, `192.168/16`, `fc00::/7`), loopback, link-local, shared
/// (`100.64/10`) and benchmarking (`198.18/15`) ranges.
pub fn ip_allowed(ip: &IpAddress, allow_private: bool) -> bool {
	match ip {
		IpAddress::V4(octets) => {
			let ip = Ipv4Addr::from(*octets);
			let [a, b, ..] = *octets;
			let never = ip.is_unspecified()
				|| ip.is_multicast()
				|| ip.is_broadcast()
				|| ip.is_documentation()
				|| a == 0 || a >= 240;
			let private = ip.is_private()
				|| ip.is_loopback()
				|| ip.is_link_local()
				|| (a == 100 && (64..128).contains(&b))
				|| (a == 198 && (18..20).contains(&b));
			!never && (allow_private || !private)
		},
		IpAddress::V6(octets) => {
			let ip = Ipv6Addr::from(*octets);
			let segments = ip.segments();
			let first = segments.first().copied().unwrap_or_default();
			let second = segments.get(1).copied().unwrap_or_default();
			let mapped = ip.to_ipv4_mapped().is_some();
			let never = ip.is_unspecified()
				|| ip.is_multicast()
				|| mapped || (first == 0x2001 && second == 0x0db8);
			let private =
				ip.is_loopback() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80;
			!never && (allow_private || !private)
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
