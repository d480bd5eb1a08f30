//! The lazy part of dissolving a subnet: its neurons are deregistered a bounded number per
//! block, from the highest UID down, so no block does unbounded work however large the subnet.

use crate::{Config, Dissolving, Event, NeuronCount, Pallet};
use merit_primitives::NetUid;

impl<T: Config> Pallet<T> {
	/// Deregisters up to `budget` neurons of the first subnet being cleaned up (bonds
	/// returned); clears its last state when none is left. Returns how many were deregistered.
	pub(crate) fn cleanup_dissolved(budget: u32) -> u32 {
		let Some(netuid) = Dissolving::<T>::iter_keys().next() else { return 0 };
		let n = NeuronCount::<T>::get(netuid);
		let take = u16::try_from(budget).unwrap_or(u16::MAX).min(n);
		let left = n.saturating_sub(take);
		for uid in (left..n).rev() {
			Self::deregister(netuid, uid);
		}
		NeuronCount::<T>::insert(netuid, left);
		if left == 0 {
			Self::finish_dissolution(netuid);
		}
		u32::from(take)
	}

	/// Clears what is left of a dissolved subnet whose neurons are all gone and frees its
	/// netuid.
	pub(crate) fn finish_dissolution(netuid: NetUid) {
		Self::clear_subnet_state(netuid);
		Dissolving::<T>::remove(netuid);
		Self::deposit_event(Event::SubnetCleanedUp { netuid });
	}
}
