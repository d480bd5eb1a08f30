//! Read-only views for clients, served through `SubnetsApi` (see `runtime-api/`).

use crate::{
	AxonInfo, Axons, BalanceOf, Config, Hyperparameters, ModelCommitment, ModelCommitments,
	NeuronCount, Neurons, Pallet, PruningScores, Registry, Scores, SubnetEmission,
	SubnetHyperparams, Uids,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use merit_primitives::{NetUid, TaskSpec, Uid};
use scale_info::TypeInfo;

/// A subnet as clients see it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct SubnetView<AccountId, Balance> {
	pub netuid: NetUid,
	pub owner: AccountId,
	pub owner_hotkey: AccountId,
	pub task: TaskSpec,
	pub lock: Balance,
	pub registered_at: u32,
	/// Registered neurons; their UIDs are `0..neurons`.
	pub neurons: u16,
	/// What registering a neuron burns now.
	pub burn: Balance,
	/// Moving average of the subnet's epoch emission.
	pub emission: Balance,
	/// Owner cut paid to the owner so far; dissolution returns only `lock` minus this.
	pub owner_emission: Balance,
	pub hyperparams: SubnetHyperparams<Balance>,
	/// The hyperparameters with the owner's queued changes, which apply once the subnet's
	/// next epoch has run.
	pub pending_hyperparams: Option<SubnetHyperparams<Balance>>,
}

/// A neuron as clients see it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct NeuronView<AccountId, Balance> {
	pub netuid: NetUid,
	pub uid: Uid,
	pub hotkey: AccountId,
	pub coldkey: AccountId,
	pub registered_at: u32,
	/// Whether it is still inside its immunity period (cannot be pruned).
	pub immune: bool,
	pub bond: Balance,
	/// What it earned in its subnet's last epoch (its pruning score).
	pub emission: Balance,
	/// Whether it lost its place for an offence; its UID goes to the next registrant.
	pub forfeited: bool,
	pub axon: Option<AxonInfo>,
	pub model: Option<ModelCommitment<AccountId>>,
}

/// What registering on one subnet costs now.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct SubnetCost<Balance> {
	pub netuid: NetUid,
	/// Burned by `burned_register` now (it rises with each registration and decays back).
	pub burn: Balance,
	/// Held from the coldkey while the neuron is registered, returned when it leaves.
	pub bond: Balance,
	/// Whether the subnet takes registrations at all.
	pub registration_allowed: bool,
	/// Registered neurons and slots: a full subnet replaces its weakest non-immune neuron.
	pub neurons: u16,
	pub max_uids: u16,
}

/// What joining Merit costs now: a subnet's lock and every subnet's registration.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct RegistrationCosts<Balance> {
	/// Held from the owner by `register_subnet` now.
	pub subnet_lock: Balance,
	/// Every subnet's registration cost, by netuid.
	pub subnets: Vec<SubnetCost<Balance>>,
}

impl<T: Config> Pallet<T> {
	/// What registering a subnet, and a neuron on each subnet, costs now.
	pub fn registration_costs_view() -> RegistrationCosts<BalanceOf<T>> {
		let mut netuids: Vec<NetUid> = Registry::<T>::iter_keys().collect();
		netuids.sort_unstable();
		let subnets = netuids
			.into_iter()
			.filter_map(|netuid| {
				let hp = Hyperparameters::<T>::get(netuid)?;
				Some(SubnetCost {
					netuid,
					burn: Self::current_burn(netuid),
					bond: hp.miner_bond,
					registration_allowed: hp.registration_allowed,
					neurons: NeuronCount::<T>::get(netuid),
					max_uids: hp.max_uids,
				})
			})
			.collect();
		RegistrationCosts { subnet_lock: Self::lock_cost(), subnets }
	}

	/// `netuid` as clients see it.
	pub fn subnet_view(netuid: NetUid) -> Option<SubnetView<T::AccountId, BalanceOf<T>>> {
		let subnet = Registry::<T>::get(netuid)?;
		let hyperparams = Hyperparameters::<T>::get(netuid)?;
		Some(SubnetView {
			netuid,
			owner: subnet.owner,
			owner_hotkey: subnet.owner_hotkey,
			task: subnet.task,
			lock: subnet.lock,
			registered_at: subnet.registered_at,
			neurons: NeuronCount::<T>::get(netuid),
			burn: Self::current_burn(netuid),
			emission: SubnetEmission::<T>::get(netuid),
			owner_emission: subnet.owner_emission,
			hyperparams,
			pending_hyperparams: crate::PendingHyperparameters::<T>::get(netuid),
		})
	}

	/// Every subnet, by netuid.
	pub fn subnet_views() -> Vec<SubnetView<T::AccountId, BalanceOf<T>>> {
		let mut netuids: Vec<NetUid> = Registry::<T>::iter_keys().collect();
		netuids.sort_unstable();
		netuids.into_iter().filter_map(Self::subnet_view).collect()
	}

	/// The neuron at `uid` on `netuid`.
	pub fn neuron_view(netuid: NetUid, uid: Uid) -> Option<NeuronView<T::AccountId, BalanceOf<T>>> {
		Self::neuron_view_with(netuid, uid, &Scores::<T>::get(netuid))
	}

	/// The neuron at `uid` on `netuid`, with the subnet's pruning scores already read.
	fn neuron_view_with(
		netuid: NetUid,
		uid: Uid,
		scores: &PruningScores<BalanceOf<T>>,
	) -> Option<NeuronView<T::AccountId, BalanceOf<T>>> {
		let neuron = Neurons::<T>::get(netuid, uid)?;
		let immunity = Hyperparameters::<T>::get(netuid)?.immunity_period;
		let forfeited = crate::Forfeited::<T>::contains_key(netuid, uid);
		Some(NeuronView {
			netuid,
			uid,
			immune: !forfeited && Self::is_immune(neuron.registered_at, immunity),
			forfeited,
			axon: Axons::<T>::get(netuid, &neuron.hotkey),
			model: ModelCommitments::<T>::get(netuid, &neuron.hotkey),
			emission: scores.of(uid, neuron.registered_at),
			hotkey: neuron.hotkey,
			coldkey: neuron.coldkey,
			registered_at: neuron.registered_at,
			bond: neuron.bond,
		})
	}

	/// The neuron `hotkey` is on `netuid`, if registered there.
	pub fn neuron_view_by_hotkey(
		netuid: NetUid,
		hotkey: &T::AccountId,
	) -> Option<NeuronView<T::AccountId, BalanceOf<T>>> {
		Self::neuron_view(netuid, Uids::<T>::get(netuid, hotkey)?)
	}

	/// Every neuron of `netuid`, by UID.
	pub fn neuron_views(netuid: NetUid) -> Vec<NeuronView<T::AccountId, BalanceOf<T>>> {
		let scores = Scores::<T>::get(netuid);
		(0..NeuronCount::<T>::get(netuid))
			.filter_map(|uid| Self::neuron_view_with(netuid, uid, &scores))
			.collect()
	}
}
