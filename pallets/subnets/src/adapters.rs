//! The glue traits this pallet implements for the others: hotkey ownership (staking) and
//! emission records (consensus).

use crate::{funds, Event, Uids};
use crate::{
	BalanceOf, Config, HotkeyOwner, NeuronCount, Neurons, Pallet, Registry, SubnetEmission,
};
use merit_primitives::{BondSlash, EmissionRecorder, HotkeyOwnership, NetUid, SlashReason};
use sp_runtime::traits::{Saturating, Zero};
use sp_runtime::Perbill;

impl<T: Config> HotkeyOwnership<T::AccountId> for Pallet<T> {
	fn owner_of(hotkey: &T::AccountId) -> Option<T::AccountId> {
		HotkeyOwner::<T>::get(hotkey)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_owner_for_benchmark(hotkey: &T::AccountId, coldkey: &T::AccountId) {
		HotkeyOwner::<T>::insert(hotkey, coldkey);
	}
}

impl<T: Config> EmissionRecorder<BalanceOf<T>> for Pallet<T> {
	/// Each neuron's pruning score becomes its emission this epoch; the subnet's score becomes
	/// the mean of its old score and this epoch's total.
	fn record_epoch_emission(netuid: NetUid, emission: &[BalanceOf<T>]) {
		if !Registry::<T>::contains_key(netuid) {
			return;
		}
		let n = NeuronCount::<T>::get(netuid);
		let mut total = BalanceOf::<T>::zero();
		for (uid, amount) in (0..n).zip(emission.iter()) {
			Neurons::<T>::mutate(netuid, uid, |neuron| {
				if let Some(neuron) = neuron {
					neuron.emission = *amount;
				}
			});
			total = total.saturating_add(*amount);
		}
		SubnetEmission::<T>::mutate(netuid, |average| {
			let half = sp_runtime::Perbill::from_percent(50);
			*average = half.mul_floor(*average).saturating_add(half.mul_floor(total));
		});
	}
}

impl<T: Config> BondSlash<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn slash_bond(
		netuid: NetUid,
		hotkey: &T::AccountId,
		fraction: Perbill,
		reason: SlashReason,
	) -> BalanceOf<T> {
		let Some(uid) = Uids::<T>::get(netuid, hotkey) else { return Zero::zero() };
		let Some(mut neuron) = Neurons::<T>::get(netuid, uid) else { return Zero::zero() };
		let amount = funds::slash_bond::<T>(&neuron.coldkey, fraction.mul_floor(neuron.bond));
		if amount.is_zero() {
			return amount;
		}
		neuron.bond = neuron.bond.saturating_sub(amount);
		let coldkey = neuron.coldkey.clone();
		Neurons::<T>::insert(netuid, uid, neuron);
		Self::deposit_event(Event::BondSlashed {
			netuid,
			uid,
			hotkey: hotkey.clone(),
			coldkey,
			amount,
			reason,
		});
		amount
	}
}
