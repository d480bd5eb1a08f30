//! The glue traits this pallet implements for the others: hotkey ownership (staking),
//! emission records and the registry (consensus), bond slashing (slashing).

use crate::Uids;
use crate::{
	BalanceOf, Config, HotkeyOwner, NeuronCount, Neurons, Pallet, PruningScores, Registry, Scores,
	SubnetEmission,
};
use alloc::vec::Vec;
use frame_support::{traits::Get, BoundedVec};
use merit_primitives::{
	round::{self, FixedCandidate, NeuronModel},
	BondSlash, EmissionRecorder, EpochParams, Hash32, HotkeyOwnership, NetUid, NeuronRef,
	SlashReason, SubnetRegistry, Uid,
};
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
	/// Each neuron's pruning score becomes its emission this epoch (one write for the subnet);
	/// the subnet's score becomes the mean of its old score and this epoch's total.
	fn record_epoch_emission(netuid: NetUid, emission: &[BalanceOf<T>]) {
		if !Registry::<T>::contains_key(netuid) {
			return;
		}
		let n = usize::from(NeuronCount::<T>::get(netuid));
		let emission = emission.get(..n).unwrap_or(emission);
		let total =
			emission.iter().fold(BalanceOf::<T>::zero(), |total, e| total.saturating_add(*e));
		Scores::<T>::insert(
			netuid,
			PruningScores {
				recorded_at: Self::now(),
				emission: BoundedVec::truncate_from(emission.to_vec()),
			},
		);
		SubnetEmission::<T>::mutate(netuid, |average| {
			let half = sp_runtime::Perbill::from_percent(50);
			*average = half.mul_floor(*average).saturating_add(half.mul_floor(total));
		});
	}

	/// Adds to what the subnet has paid its owner, which dissolution keeps from the lock.
	fn record_owner_cut(netuid: NetUid, amount: BalanceOf<T>) {
		Registry::<T>::mutate(netuid, |subnet| {
			if let Some(subnet) = subnet {
				subnet.owner_emission = subnet.owner_emission.saturating_add(amount);
			}
		});
	}
}

impl<T: Config> merit_primitives::EpochObserver<T::AccountId> for Pallet<T> {
	/// The owner's queued parameter changes take effect now that the epoch has run.
	fn on_epoch(
		netuid: NetUid,
		_: u32,
		_: &[merit_primitives::ValidatorRecord<T::AccountId>],
	) -> frame_support::weights::Weight {
		let applied = Self::apply_pending_hyperparameters(netuid);
		let writes = if applied { 2 } else { 0 };
		T::DbWeight::get().reads_writes(2, writes)
	}
}

impl<T: Config> BondSlash<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn bond_of(netuid: NetUid, hotkey: &T::AccountId) -> BalanceOf<T> {
		Uids::<T>::get(netuid, hotkey)
			.and_then(|uid| Neurons::<T>::get(netuid, uid))
			.map(|n| n.bond)
			.unwrap_or_default()
	}

	fn forfeit(
		netuid: NetUid,
		hotkey: &T::AccountId,
		fraction: Perbill,
		reason: SlashReason,
	) -> BalanceOf<T> {
		match Uids::<T>::get(netuid, hotkey) {
			Some(uid) => Self::forfeit_uid(netuid, uid, fraction, reason),
			None => Zero::zero(),
		}
	}
}

impl<T: Config> SubnetRegistry<T::AccountId, BalanceOf<T>> for Pallet<T> {
	fn netuids() -> Vec<NetUid> {
		let mut netuids: Vec<NetUid> = Registry::<T>::iter_keys().collect();
		netuids.sort_unstable();
		netuids
	}

	fn exists(netuid: NetUid) -> bool {
		Registry::<T>::contains_key(netuid)
	}

	fn epoch_params(netuid: NetUid) -> Option<EpochParams<BalanceOf<T>>> {
		if !Registry::<T>::contains_key(netuid) {
			return None;
		}
		let hp = crate::Hyperparameters::<T>::get(netuid)?;
		Some(EpochParams {
			tempo: hp.tempo,
			max_validators: hp.max_validators,
			min_allowed_weights: hp.min_allowed_weights,
			max_weight_limit: hp.max_weight_limit,
			weights_rate_limit: hp.weights_rate_limit,
			weights_version_key: hp.weights_version_key,
			commit_reveal: hp.commit_reveal,
			reveal_period: hp.reveal_period,
			kappa: hp.kappa,
			bonds_moving_average: hp.bonds_moving_average,
			bonds_penalty: hp.bonds_penalty,
			activity_cutoff: hp.activity_cutoff,
			min_validator_stake: hp.min_validator_stake,
			owner_cut: hp.owner_cut,
		})
	}

	fn owner(netuid: NetUid) -> Option<(T::AccountId, T::AccountId)> {
		Registry::<T>::get(netuid).map(|s| (s.owner, s.owner_hotkey))
	}

	fn neuron_count(netuid: NetUid) -> u16 {
		NeuronCount::<T>::get(netuid)
	}

	fn neuron(netuid: NetUid, uid: Uid) -> Option<NeuronRef<T::AccountId>> {
		Neurons::<T>::get(netuid, uid).map(|n| NeuronRef {
			hotkey: n.hotkey,
			coldkey: n.coldkey,
			registered_at: n.registered_at,
		})
	}

	fn uid_of(netuid: NetUid, hotkey: &T::AccountId) -> Option<Uid> {
		Uids::<T>::get(netuid, hotkey)
	}

	fn revealed_model(netuid: NetUid, uid: Uid) -> Option<Hash32> {
		let neuron = Neurons::<T>::get(netuid, uid)?;
		crate::ModelCommitments::<T>::get(netuid, &neuron.hotkey)?.revealed
	}

	fn round_candidates(netuid: NetUid, seed_block: u32) -> Vec<FixedCandidate> {
		let neurons = (0..NeuronCount::<T>::get(netuid)).filter_map(|uid| {
			let neuron = Neurons::<T>::get(netuid, uid)?;
			let model = crate::ModelCommitments::<T>::get(netuid, &neuron.hotkey)?;
			Some(NeuronModel {
				uid,
				committed_at: model.committed_at,
				revealed: model.revealed,
				copied: model.copy_of.is_some(),
				endpoint: Some(()),
			})
		});
		round::candidates(neurons, seed_block)
			.into_iter()
			.map(|c| FixedCandidate {
				uid: c.uid,
				model_hash: c.model_hash,
				committed_at: c.committed_at,
			})
			.collect()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn reveal_models_for_benchmark(netuid: NetUid) {
		for uid in 0..NeuronCount::<T>::get(netuid) {
			let Some(neuron) = Neurons::<T>::get(netuid, uid) else { continue };
			let mut model_hash = [0u8; 32];
			model_hash[..2].copy_from_slice(&uid.to_le_bytes());
			crate::ModelCommitments::<T>::insert(
				netuid,
				&neuron.hotkey,
				crate::ModelCommitment {
					binding: Self::model_binding(&model_hash, &neuron.hotkey, netuid),
					size_bytes: 1,
					committed_at: 0,
					revealed: Some(model_hash),
					copy_of: None,
				},
			);
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn create_subnet_for_benchmark(owner: &T::AccountId, neurons: u16) -> NetUid {
		use frame_support::traits::fungible::{Inspect, Mutate};
		use sp_runtime::traits::Bounded;
		let plenty = BalanceOf::<T>::max_value() / 1_000_000u32.into();
		if T::Currency::balance(owner) < plenty {
			let _ = T::Currency::set_balance(owner, plenty);
		}
		crate::benchmarking::subnet_with::<T>(owner, u32::from(neurons))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_epoch_params_for_benchmark(netuid: NetUid, p: EpochParams<BalanceOf<T>>) {
		crate::Hyperparameters::<T>::mutate(netuid, |hp| {
			if let Some(hp) = hp {
				hp.tempo = p.tempo;
				hp.max_validators = p.max_validators;
				hp.min_allowed_weights = p.min_allowed_weights;
				hp.max_weight_limit = p.max_weight_limit;
				hp.weights_rate_limit = p.weights_rate_limit;
				hp.weights_version_key = p.weights_version_key;
				hp.commit_reveal = p.commit_reveal;
				hp.reveal_period = p.reveal_period;
				hp.kappa = p.kappa;
				hp.bonds_moving_average = p.bonds_moving_average;
				hp.bonds_penalty = p.bonds_penalty;
				hp.activity_cutoff = p.activity_cutoff;
				hp.min_validator_stake = p.min_validator_stake;
				hp.owner_cut = p.owner_cut;
			}
		});
	}
}
