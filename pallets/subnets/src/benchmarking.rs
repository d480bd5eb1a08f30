//! Benchmarks of every call, each in its worst case.

use super::*;
use crate::pallet::{
	Axons, BalanceOf, Config, Hyperparameters, LastSubnetRegistration, ModelCommitments,
	NetworkParameters, Pallet, Registry, RevealedModels, Uids,
};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_system::RawOrigin;
use merit_primitives::{NetUid, TaskKind, TaskSpec, MAX_UIDS};
use sp_runtime::{traits::Bounded, Saturating};

/// Makes hotkeys that can sign, for the benchmarks of calls taking a [`HotkeyConsent`]. The
/// runtime's implementation generates sr25519 keys in the benchmark's keystore.
pub trait ConsentHelper<AccountId, Signature> {
	/// A new hotkey nobody owns.
	fn hotkey() -> AccountId;
	/// `hotkey`'s signature over `message`.
	fn sign(hotkey: &AccountId, message: &[u8]) -> Signature;
}

/// A new hotkey's valid consent to be owned by `coldkey`.
fn consenting_hotkey<T: Config>(
	coldkey: &T::AccountId,
) -> (T::AccountId, HotkeyConsent<T::HotkeySignature>) {
	let hotkey = T::BenchmarkHelper::hotkey();
	let expires_at = u32::MAX;
	let message = consent_message(Pallet::<T>::genesis_hash().as_ref(), coldkey, expires_at);
	let signature = T::BenchmarkHelper::sign(&hotkey, &message);
	(hotkey, HotkeyConsent { expires_at, signature })
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let plenty = BalanceOf::<T>::max_value() / 1_000_000u32.into();
	let _ = T::Currency::set_balance(&who, plenty);
	who
}

fn task() -> TaskSpec {
	TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: 10_000_000,
		dataset_id: b"uci-digits".to_vec().try_into().unwrap_or_default(),
		eval_size: 1_000,
	}
}

/// No rate limits or immunity stand in the way of the setup.
fn open_limits<T: Config>() {
	let mut network = NetworkParameters::<T>::get().unwrap_or_else(Pallet::<T>::standard_network);
	network.subnet_rate_limit = 0;
	network.subnet_immunity_period = 0;
	network.owner_rate_limit = 0;
	NetworkParameters::<T>::put(network);
	LastSubnetRegistration::<T>::kill();
}

/// Registers a subnet owned by `owner` with `n` neurons, none immune, each with an axon and a
/// revealed model. Neuron `i` has hotkey `account("hotkey", i, 0)` and coldkey
/// `account("coldkey", i, 0)`; other pallets' benchmarks reach it through
/// [`merit_primitives::SubnetRegistry::create_subnet_for_benchmark`].
pub(crate) fn subnet_with<T: Config>(owner: &T::AccountId, n: u32) -> NetUid {
	open_limits::<T>();
	// The owner's coldkey doubles as its hotkey: every subnet gets a hotkey it may own.
	let _ = Pallet::<T>::do_register_subnet(owner.clone(), owner.clone(), task(), None);
	let netuid = Registry::<T>::iter()
		.find(|(_, s)| &s.owner == owner)
		.map(|(netuid, _)| netuid)
		.unwrap_or_default();
	Hyperparameters::<T>::mutate(netuid, |hp| {
		if let Some(hp) = hp {
			hp.max_uids = u16::try_from(n.max(1)).unwrap_or(MAX_UIDS);
			hp.max_validators = hp.max_validators.min(hp.max_uids);
			hp.min_allowed_weights = hp.min_allowed_weights.min(hp.max_uids);
			hp.immunity_period = 0;
			hp.max_regs_per_block = u16::MAX;
			hp.max_regs_per_interval = u16::MAX;
			hp.serving_rate_limit = 0;
		}
	});
	for i in 0..n {
		let coldkey = funded::<T>("coldkey", i);
		let hotkey: T::AccountId = account("hotkey", i, 0);
		crate::HotkeyOwner::<T>::insert(&hotkey, &coldkey);
		let _ = Pallet::<T>::do_burned_register(netuid, coldkey, hotkey.clone(), None);
		let _ = Pallet::<T>::do_serve_axon(
			netuid,
			hotkey.clone(),
			IpAddress::V4([8, 8, 8, 8]),
			8080,
			AxonProtocol::Http,
			1,
		);
		let model = sp_io::hashing::blake2_256(&i.to_le_bytes());
		let binding = Pallet::<T>::model_binding(&model, &hotkey, netuid);
		let _ = Pallet::<T>::do_commit_model(netuid, hotkey.clone(), binding, 1_000);
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number() + 1u32.into(),
		);
		let _ = Pallet::<T>::do_reveal_model(netuid, hotkey, model);
	}
	netuid
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: the registry is full, so the lowest-emission subnet (with neurons) is
	/// dissolved to make room; the owner hotkey is new, so its consent is checked.
	#[benchmark]
	fn register_subnet() {
		let max = T::MaxSubnets::get();
		let doomed_owner = funded::<T>("subnet-owner", 0);
		let doomed = subnet_with::<T>(&doomed_owner, 1);
		for i in 1..u32::from(max) {
			let owner = funded::<T>("subnet-owner", i);
			subnet_with::<T>(&owner, 0);
		}
		for (netuid, _) in Registry::<T>::iter().filter(|(netuid, _)| *netuid != doomed) {
			crate::SubnetEmission::<T>::insert(netuid, BalanceOf::<T>::from(1_000u32));
		}
		assert_eq!(Registry::<T>::count(), u32::from(max));
		let caller = funded::<T>("caller", 0);
		let (hotkey, consent) = consenting_hotkey::<T>(&caller);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), hotkey.clone(), task(), Some(consent));

		assert_eq!(crate::HotkeyOwner::<T>::get(&hotkey), Some(caller.clone()));

		assert!(crate::Dissolving::<T>::contains_key(doomed));
		assert!(Registry::<T>::iter().any(|(_, s)| s.owner == caller));
	}

	/// A subnet with neurons that paid its owner half its lock: half the lock is burned,
	/// half returned, and the neurons are queued for cleanup.
	#[benchmark]
	fn dissolve_subnet() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let owner = funded::<T>("subnet-owner", 0);
		let netuid = subnet_with::<T>(&owner, 1);
		Registry::<T>::mutate(netuid, |s| {
			if let Some(s) = s {
				s.owner_emission = s.lock / 2u32.into();
			}
		});

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, netuid);

		assert!(!Registry::<T>::contains_key(netuid));
		assert!(crate::Dissolving::<T>::contains_key(netuid));
		Ok(())
	}

	/// One block's cleanup of a dissolved subnet: `n` neurons deregistered, each with a bond,
	/// an axon and a revealed model.
	#[benchmark]
	fn cleanup_dissolved(n: Linear<0, { T::MaxCleanupPerBlock::get() }>) {
		let owner = funded::<T>("subnet-owner", 0);
		let netuid = subnet_with::<T>(&owner, n.saturating_add(1));
		let _ = Pallet::<T>::do_dissolve_subnet(netuid);

		#[block]
		{
			Pallet::<T>::cleanup_dissolved(n);
		}

		assert_eq!(crate::NeuronCount::<T>::get(netuid), 1);
	}

	/// By the owner, through the range, rate-limit and freeze checks: queued until the next
	/// epoch.
	#[benchmark]
	fn set_hyperparameter() {
		let owner = funded::<T>("subnet-owner", 0);
		let netuid = subnet_with::<T>(&owner, 0);
		Registry::<T>::mutate(netuid, |s| {
			if let Some(s) = s {
				s.owner_changed_at = Some(0);
			}
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), netuid, Hyperparameter::ImmunityPeriod(77));

		let pending = crate::PendingHyperparameters::<T>::get(netuid);
		assert_eq!(pending.map(|hp| hp.immunity_period), Some(77));
	}

	#[benchmark]
	fn set_network_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = Pallet::<T>::standard_network();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params.clone());

		assert_eq!(NetworkParameters::<T>::get(), Some(params));
		Ok(())
	}

	/// Worst case: the subnet is full with `n` neurons, so one is found and pruned, and the
	/// hotkey is new, so its consent is checked.
	#[benchmark]
	fn burned_register(n: Linear<1, { MAX_UIDS as u32 }>) {
		let owner = funded::<T>("subnet-owner", 0);
		let netuid = subnet_with::<T>(&owner, n);
		let coldkey = funded::<T>("newcomer", 0);
		let (hotkey, consent) = consenting_hotkey::<T>(&coldkey);

		#[extrinsic_call]
		_(RawOrigin::Signed(coldkey.clone()), netuid, hotkey.clone(), Some(consent));

		assert!(Uids::<T>::contains_key(netuid, &hotkey));
		assert_eq!(crate::HotkeyOwner::<T>::get(&hotkey), Some(coldkey));
	}

	/// Replacing an earlier axon.
	#[benchmark]
	fn serve_axon() {
		let owner = funded::<T>("subnet-owner", 0);
		let netuid = subnet_with::<T>(&owner, 1);
		let hotkey: T::AccountId = account("hotkey", 0, 0);
		let ip = IpAddress::V6([0x2a, 0, 0x14, 0x50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

		#[extrinsic_call]
		_(RawOrigin::Signed(hotkey.clone()), netuid, ip, 443, AxonProtocol::Https, 2);

		assert_eq!(Axons::<T>::get(netuid, hotkey).map(|a| a.ip), Some(ip));
	}

	/// Replacing a revealed commitment (its hash record is dropped).
	#[benchmark]
	fn commit_model() {
		let owner = funded::<T>("subnet-owner", 0);
		let netuid = subnet_with::<T>(&owner, 1);
		let hotkey: T::AccountId = account("hotkey", 0, 0);
		let binding = [9u8; 32];

		#[extrinsic_call]
		_(RawOrigin::Signed(hotkey.clone()), netuid, binding, 5_000);

		assert_eq!(ModelCommitments::<T>::get(netuid, hotkey).map(|c| c.binding), Some(binding));
	}

	/// Worst case: another hotkey revealed the same model first but committed later, so its
	/// commitment is marked as the copy, the record moves, and the copier forfeits its UID
	/// (bond slashed and returned).
	#[benchmark]
	fn reveal_model() {
		let owner = funded::<T>("subnet-owner", 0);
		let netuid = subnet_with::<T>(&owner, 2);
		let (early, late): (T::AccountId, T::AccountId) =
			(account("hotkey", 0, 0), account("hotkey", 1, 0));
		let model = [7u8; 32];
		let _ = Pallet::<T>::do_commit_model(
			netuid,
			early.clone(),
			Pallet::<T>::model_binding(&model, &early, netuid),
			1_000,
		);
		let next = frame_system::Pallet::<T>::block_number().saturating_add(1u32.into());
		frame_system::Pallet::<T>::set_block_number(next);
		let _ = Pallet::<T>::do_commit_model(
			netuid,
			late.clone(),
			Pallet::<T>::model_binding(&model, &late, netuid),
			1_000,
		);
		frame_system::Pallet::<T>::set_block_number(next.saturating_add(1u32.into()));
		let _ = Pallet::<T>::do_reveal_model(netuid, late.clone(), model);

		#[extrinsic_call]
		_(RawOrigin::Signed(early.clone()), netuid, model);

		assert_eq!(RevealedModels::<T>::get(netuid, model).map(|(h, _)| h), Some(early));
		assert!(ModelCommitments::<T>::get(netuid, late).and_then(|c| c.copy_of).is_some());
		assert!(crate::Forfeited::<T>::contains_key(netuid, 1));
	}

	/// The bond primitive the slashing pallet applies (not a call; slashing charges this
	/// weight): a neuron forfeits its UID, half its bond slashed and the rest returned.
	#[benchmark]
	fn slash_bond() {
		let owner = funded::<T>("subnet-owner", 0);
		let netuid = subnet_with::<T>(&owner, 1);
		let hotkey: T::AccountId = account("hotkey", 0, 0);

		#[block]
		{
			<Pallet<T> as merit_primitives::BondSlash<_, _>>::forfeit(
				netuid,
				&hotkey,
				sp_runtime::Perbill::from_percent(50),
				merit_primitives::SlashReason::UnavailableModel,
			);
		}

		assert!(crate::Forfeited::<T>::contains_key(netuid, 0));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
