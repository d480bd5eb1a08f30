//! What the worker reads of the chain and the calls it sends, provided by the runtime (so
//! this pallet names no other pallet's `Config`).

use alloc::{string::String, vec::Vec};
use merit_primitives::{
	round::{
		Attestation, EpochSeed, Fault, FixedCandidate, NeuronModel, WeightLimits, WeightsBasis,
	},
	NetUid, TaskSpec, Uid,
};

/// An open dispute a local hotkey is asked to re-run: everything the chain snapshotted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisputeJob {
	pub id: u32,
	/// The disputed round's seed.
	pub seed: EpochSeed,
	pub limits: WeightLimits,
	/// The round's candidates, restricted to the validator's fetched set, each with the URL
	/// its file is served at now (its miner's axon and the fixed hash; `None`: no axon).
	pub candidates: Vec<(FixedCandidate, Option<String>)>,
	/// The disputed weights, as the chain keeps them.
	pub weights: Vec<(Uid, u16)>,
	/// UIDs compared on neither side.
	pub excluded: Vec<Uid>,
}

/// Where a subnet is in its epochs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
	/// The current epoch.
	pub epoch: u32,
	/// The block the current epoch's round was fixed in (the epoch ran): the next block's
	/// hash seeds the round's evaluation set.
	pub round_fixed_at: u32,
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
	/// `netuid`'s epoch position; `None` for an unknown subnet, or one whose current round
	/// the chain has not fixed.
	fn position(netuid: NetUid) -> Option<Position>;
	/// `netuid`'s task, the weight limits of its round `epoch` (as the chain fixed them) and
	/// how weights are sent now.
	fn params(netuid: NetUid, epoch: u32) -> Option<RoundParams>;
	/// `hotkey`'s UID on `netuid` if it holds a validator permit there this epoch.
	fn validator_uid(netuid: NetUid, hotkey: &AccountId) -> Option<Uid>;
	/// The candidates the chain fixed for round `epoch` of `netuid`, by UID.
	fn round_candidates(netuid: NetUid, epoch: u32) -> Vec<FixedCandidate>;
	/// Every neuron of `netuid` with a model commitment now, and the URL its model file is
	/// served at (`None`: no axon). The round core keeps the fixed candidates that still
	/// hold their model.
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
		basis: &WeightsBasis,
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
		basis: WeightsBasis,
		salt: [u8; 32],
		version_key: u64,
	) -> Option<Call>;
	/// `set_weights(..)`; `None` if the weights exceed the call's bounds.
	fn set_weights(
		netuid: NetUid,
		uids: Vec<Uid>,
		weights: Vec<u16>,
		basis: WeightsBasis,
		version_key: u64,
	) -> Option<Call>;
	/// `report_model(netuid, uid, fault)`.
	fn report_model(netuid: NetUid, uid: Uid, fault: Fault) -> Call;
	/// The open disputes on `netuid` that `hotkey` verifies and has not attested.
	fn disputes_to_verify(netuid: NetUid, hotkey: &AccountId) -> Vec<DisputeJob>;
	/// `attest(netuid, id, said)`.
	fn attest(netuid: NetUid, id: u32, said: Attestation) -> Call;
}
