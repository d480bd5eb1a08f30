//! What the worker reads of the chain and the calls it sends, provided by the runtime (so
//! this pallet names no other pallet's `Config`).

use alloc::{string::String, vec::Vec};
use merit_primitives::{
	round::{Fault, NeuronModel},
	NetUid, TaskSpec, Uid,
};

/// Where a subnet is in its epochs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
	/// The current epoch.
	pub epoch: u32,
	/// The block the last epoch ran in: the current epoch's first block is the next one,
	/// and its hash seeds the epoch's evaluation set.
	pub last_run: u32,
}

/// What a round on a subnet needs to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundParams {
	pub task: TaskSpec,
	pub min_allowed_weights: u16,
	/// Parts per billion.
	pub max_weight_limit: u32,
	pub version_key: u64,
	pub commit_reveal: bool,
}

/// The chain as the worker sees it. `Call` is the runtime's call type.
pub trait ValidatorChain<AccountId, Call> {
	/// Every registered subnet.
	fn subnets() -> Vec<NetUid>;
	/// `netuid`'s epoch position; `None` for an unknown subnet.
	fn position(netuid: NetUid) -> Option<Position>;
	/// `netuid`'s task and weight limits.
	fn params(netuid: NetUid) -> Option<RoundParams>;
	/// `hotkey`'s UID on `netuid` if it holds a validator permit there this epoch.
	fn validator_uid(netuid: NetUid, hotkey: &AccountId) -> Option<Uid>;
	/// Every neuron of `netuid` with a model commitment, and the URL its model file is
	/// served at (`None`: no axon). The round core picks the candidates.
	fn neurons(netuid: NetUid) -> Vec<NeuronModel<String>>;
	/// The epoch `hotkey`'s pending commit with `hash` on `netuid` may be revealed in, if it
	/// is on chain.
	fn reveal_epoch(netuid: NetUid, hotkey: &AccountId, hash: &[u8; 32]) -> Option<u32>;
	/// The hash `commit_weights` takes for these weights.
	fn weights_hash(
		hotkey: &AccountId,
		netuid: NetUid,
		uids: &[Uid],
		weights: &[u16],
		salt: &[u8; 32],
		version_key: u64,
	) -> [u8; 32];
	/// `commit_weights(netuid, hash)`.
	fn commit_weights(netuid: NetUid, hash: [u8; 32]) -> Call;
	/// `reveal_weights(..)`; `None` if the weights exceed the call's bounds.
	fn reveal_weights(
		netuid: NetUid,
		uids: Vec<Uid>,
		weights: Vec<u16>,
		salt: [u8; 32],
		version_key: u64,
	) -> Option<Call>;
	/// `set_weights(..)`; `None` if the weights exceed the call's bounds.
	fn set_weights(
		netuid: NetUid,
		uids: Vec<Uid>,
		weights: Vec<u16>,
		version_key: u64,
	) -> Option<Call>;
	/// `report_model(netuid, uid, fault)`.
	fn report_model(netuid: NetUid, uid: Uid, fault: Fault) -> Call;
}
