//! Runtime API for reading Merit's subnets and neurons.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use merit_primitives::{NetUid, Uid};
pub use pallet_merit_subnets::views::{NeuronView, SubnetView};

sp_api::decl_runtime_apis! {
	/// Subnets, their hyperparameters and their neurons.
	pub trait SubnetsApi<AccountId, Balance>
	where
		AccountId: Codec,
		Balance: Codec,
	{
		/// Every subnet, by netuid.
		fn subnets() -> Vec<SubnetView<AccountId, Balance>>;
		/// One subnet, or `None` if `netuid` is not registered.
		fn subnet(netuid: NetUid) -> Option<SubnetView<AccountId, Balance>>;
		/// Every neuron of a subnet, by UID (empty for an unknown subnet).
		fn neurons(netuid: NetUid) -> Vec<NeuronView<AccountId, Balance>>;
		/// One neuron by UID.
		fn neuron(netuid: NetUid, uid: Uid) -> Option<NeuronView<AccountId, Balance>>;
		/// One neuron by hotkey.
		fn neuron_by_hotkey(netuid: NetUid, hotkey: AccountId) -> Option<NeuronView<AccountId, Balance>>;
		/// The coldkey owning `hotkey`, if it was ever registered.
		fn hotkey_owner(hotkey: AccountId) -> Option<AccountId>;
		/// What registering a subnet locks now.
		fn subnet_lock_cost() -> Balance;
	}
}
