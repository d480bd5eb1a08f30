//! The records the subnets pallet stores and the parameters that govern it.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use merit_primitives::{Hash32, TaskSpec};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// The longest immunity a subnet may give new neurons: a week of 6-second blocks. Longer
/// would let an owner make its own miners unprunable.
pub const MAX_IMMUNITY_PERIOD: u32 = 100_800;

/// The most a subnet owner may take of the subnet's emission.
pub const MAX_OWNER_CUT: Perbill = Perbill::from_percent(50);

/// Owners may set `activity_cutoff` no lower than this many epochs (`tempo`s): a validator
/// that submits weights once an epoch must stay active, so an owner cannot count only its
/// own last-block weights.
pub const OWNER_MIN_ACTIVITY_EPOCHS: u32 = 2;

/// The range an owner may set `bonds_moving_average` in: bonds must remember at least half
/// of the last epoch (0 would make dividends follow only the latest weights) and may not
/// freeze (as subtensor caps owners at 97.5%).
pub const OWNER_BONDS_MOVING_AVERAGE: (Perbill, Perbill) =
	(Perbill::from_percent(50), Perbill::from_parts(975_000_000));

/// The lowest `bonds_penalty` an owner may set: at least half of a validator's weight above
/// consensus stays out of its bonds.
pub const OWNER_MIN_BONDS_PENALTY: Perbill = Perbill::from_percent(50);

/// The lowest `max_weight_limit` an owner may set: validators can still put a tenth of their
/// weight on the best miner, so quality is not flattened away.
pub const OWNER_MIN_WEIGHT_LIMIT: Perbill = Perbill::from_percent(10);

/// The most `min_allowed_weights` an owner may ask for (more would refuse honest validators'
/// weights on small subnets).
pub const OWNER_MAX_MIN_ALLOWED_WEIGHTS: u16 = 8;

/// The longest reveal period an owner may set, in epochs (validators hold at most a few
/// commits in flight).
pub const OWNER_MAX_REVEAL_PERIOD: u16 = 2;

/// The fewest registrations per interval an owner may allow (fewer would close registration
/// in all but name).
pub const OWNER_MIN_REGS_PER_INTERVAL: u16 = 4;

/// Owner changes are refused in the last `tempo / OWNER_FREEZE_DIVISOR` blocks (at least one)
/// before each epoch.
pub const OWNER_FREEZE_DIVISOR: u16 = 10;

/// A subnet's tunable parameters. Each subnet has its own copy, taken from
/// [`crate::DefaultHyperparameters`] (set in genesis) when it registers. Block counts are in
/// blocks; `reveal_period` is in epochs.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct SubnetHyperparams<Balance> {
	/// Blocks per epoch (at least 1).
	pub tempo: u16,
	/// Neuron slots (1 ..= [`merit_primitives::MAX_UIDS`], never below the current count).
	pub max_uids: u16,
	/// How many neurons may hold a validator permit (1 ..= `max_uids`, at most
	/// [`merit_primitives::MAX_VALIDATORS`]).
	pub max_validators: u16,
	/// Blocks after registration during which a neuron cannot be pruned (at most
	/// [`MAX_IMMUNITY_PERIOD`]).
	pub immunity_period: u32,
	/// Lowest registration burn.
	pub min_burn: Balance,
	/// Highest registration burn (at least `min_burn`).
	pub max_burn: Balance,
	/// The burn grows by this fraction of itself after each registration.
	pub burn_increase: Perbill,
	/// The burn shrinks by this fraction of itself every block, down to `min_burn`.
	pub burn_decay: Perbill,
	/// Registrations allowed in one block (at least 1).
	pub max_regs_per_block: u16,
	/// Registrations allowed in one registration interval (at least 1).
	pub max_regs_per_interval: u16,
	/// Length of a registration interval, in blocks (at least 1).
	pub registration_interval: u32,
	/// Fewest weights a validator must set (at most `max_uids`).
	pub min_allowed_weights: u16,
	/// Largest share one normalized weight may carry (above zero).
	pub max_weight_limit: Perbill,
	/// Blocks a validator must wait between weight submissions.
	pub weights_rate_limit: u32,
	/// Lowest weights version key accepted.
	pub weights_version_key: u64,
	/// Whether weights go through commit–reveal.
	pub commit_reveal: bool,
	/// Epochs after a weight commitment's in which it is revealed: 1 to
	/// [`merit_primitives::MAX_REVEAL_PERIOD`] (4).
	pub reveal_period: u16,
	/// Stake share that decides consensus in Yuma (above zero).
	pub kappa: Perbill,
	/// The bonds' moving-average factor (the weight of the old bonds).
	pub bonds_moving_average: Perbill,
	/// How much of a validator's weight above consensus is kept out of its bonds (1 = all).
	pub bonds_penalty: Perbill,
	/// Blocks without weight updates after which a validator counts as inactive (at least 1).
	pub activity_cutoff: u32,
	/// Whether new neurons may register.
	pub registration_allowed: bool,
	/// Least stake a hotkey needs for a validator permit.
	pub min_validator_stake: Balance,
	/// The owner's share of the subnet's emission (at most [`MAX_OWNER_CUT`]).
	pub owner_cut: Perbill,
	/// Held from a neuron's coldkey while it is registered; returned minus slashes.
	pub miner_bond: Balance,
	/// Blocks a neuron must wait between axon updates.
	pub serving_rate_limit: u32,
	/// Whether axons may announce private, loopback or link-local addresses (dev chains).
	pub allow_private_axons: bool,
}

/// One hyperparameter and its new value: the argument of `set_hyperparameter`.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub enum Hyperparameter<Balance> {
	/// Admin only.
	Tempo(u16),
	/// Admin only.
	MaxUids(u16),
	/// Admin only.
	MaxValidators(u16),
	/// Owner or admin.
	ImmunityPeriod(u32),
	/// Admin only.
	MinBurn(Balance),
	/// Admin only.
	MaxBurn(Balance),
	/// Owner or admin.
	BurnIncrease(Perbill),
	/// Owner or admin.
	BurnDecay(Perbill),
	/// Owner or admin.
	MaxRegsPerBlock(u16),
	/// Owner or admin.
	MaxRegsPerInterval(u16),
	/// Owner or admin.
	RegistrationInterval(u32),
	/// Owner or admin.
	MinAllowedWeights(u16),
	/// Owner or admin.
	MaxWeightLimit(Perbill),
	/// Owner or admin.
	WeightsRateLimit(u32),
	/// Owner or admin.
	WeightsVersionKey(u64),
	/// Owner or admin.
	CommitReveal(bool),
	/// Owner or admin.
	RevealPeriod(u16),
	/// Admin only.
	Kappa(Perbill),
	/// Owner or admin.
	BondsMovingAverage(Perbill),
	/// Owner or admin.
	BondsPenalty(Perbill),
	/// Owner or admin.
	ActivityCutoff(u32),
	/// Admin only: closing registration would let an owner keep the subnet's emission for
	/// its own neurons.
	RegistrationAllowed(bool),
	/// Admin only.
	MinValidatorStake(Balance),
	/// Admin only.
	OwnerCut(Perbill),
	/// Admin only.
	MinerBond(Balance),
	/// Owner or admin.
	ServingRateLimit(u32),
	/// Admin only.
	AllowPrivateAxons(bool),
}

impl<Balance> Hyperparameter<Balance> {
	/// Whether a subnet's owner may set this parameter (the admin origin may set all).
	/// The owner tunes how the competition runs, within the ranges of [`Self::owner_may_set`];
	/// economics and security are the admin's.
	pub fn owner_settable(&self) -> bool {
		!matches!(
			self,
			Self::Tempo(_)
				| Self::MaxUids(_)
				| Self::MaxValidators(_)
				| Self::MinBurn(_)
				| Self::MaxBurn(_)
				| Self::Kappa(_)
				| Self::MinValidatorStake(_)
				| Self::OwnerCut(_)
				| Self::MinerBond(_)
				| Self::AllowPrivateAxons(_)
				| Self::RegistrationAllowed(_)
				| Self::WeightsVersionKey(_)
		)
	}
}

impl<Balance> Hyperparameter<Balance> {
	/// Whether an owner may set this value on a subnet whose parameters are `current`: the
	/// parameter is owner-settable ([`Self::owner_settable`]) and its value inside the owner
	/// range below. Commit–reveal may be turned on by the owner, never off (that would let
	/// its validator copy the others' weights).
	///
	/// | parameter | owner range |
	/// | --- | --- |
	/// | `activity_cutoff` | ≥ [`OWNER_MIN_ACTIVITY_EPOCHS`] · `tempo` |
	/// | `bonds_moving_average` | [`OWNER_BONDS_MOVING_AVERAGE`] (50% ..= 97.5%) |
	/// | `bonds_penalty` | ≥ [`OWNER_MIN_BONDS_PENALTY`] (50%) |
	/// | `max_weight_limit` | ≥ [`OWNER_MIN_WEIGHT_LIMIT`] (10%) |
	/// | `min_allowed_weights` | ≤ [`OWNER_MAX_MIN_ALLOWED_WEIGHTS`] (8) |
	/// | `weights_rate_limit`, `serving_rate_limit`, `registration_interval` | ≤ `tempo` |
	/// | `reveal_period` | ≤ [`OWNER_MAX_REVEAL_PERIOD`] (2) |
	/// | `max_regs_per_interval` | ≥ [`OWNER_MIN_REGS_PER_INTERVAL`] (4) |
	/// | `commit_reveal` | `true` |
	/// | `immunity_period`, `burn_increase`, `burn_decay`, `max_regs_per_block` | the admin's range |
	pub fn owner_may_set(&self, current: &SubnetHyperparams<Balance>) -> bool {
		let tempo = u32::from(current.tempo);
		let (bma_min, bma_max) = OWNER_BONDS_MOVING_AVERAGE;
		self.owner_settable()
			&& match self {
				Self::ActivityCutoff(v) => *v >= tempo.saturating_mul(OWNER_MIN_ACTIVITY_EPOCHS),
				Self::BondsMovingAverage(v) => (bma_min..=bma_max).contains(v),
				Self::BondsPenalty(v) => *v >= OWNER_MIN_BONDS_PENALTY,
				Self::MaxWeightLimit(v) => *v >= OWNER_MIN_WEIGHT_LIMIT,
				Self::MinAllowedWeights(v) => *v <= OWNER_MAX_MIN_ALLOWED_WEIGHTS,
				Self::WeightsRateLimit(v) | Self::ServingRateLimit(v) => *v <= tempo,
				Self::RegistrationInterval(v) => *v <= tempo,
				Self::RevealPeriod(v) => *v <= OWNER_MAX_REVEAL_PERIOD,
				Self::MaxRegsPerInterval(v) => *v >= OWNER_MIN_REGS_PER_INTERVAL,
				Self::CommitReveal(v) => *v,
				_ => true,
			}
	}
}

impl<Balance> SubnetHyperparams<Balance> {
	/// Blocks before each epoch in which owners may not change parameters: `tempo / 10`, at
	/// least 1.
	pub fn owner_freeze_blocks(&self) -> u32 {
		u32::from(self.tempo.checked_div(OWNER_FREEZE_DIVISOR).unwrap_or(0).max(1))
	}
}

/// Network-wide parameters of subnet registration, set in genesis and by the admin origin.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct NetworkParams<Balance> {
	/// The lowest subnet lock cost; the cost decays back to it.
	pub lock_floor: Balance,
	/// Blocks over which the doubled lock cost decays linearly back to the floor (at least 1).
	pub lock_decay_blocks: u32,
	/// Blocks between two subnet registrations.
	pub subnet_rate_limit: u32,
	/// Blocks after registration during which a subnet cannot be replaced.
	pub subnet_immunity_period: u32,
	/// Blocks an owner must wait between two hyperparameter changes.
	pub owner_rate_limit: u32,
}

/// A registered subnet.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct SubnetInfo<AccountId, Balance> {
	/// The coldkey that registered it and holds the lock.
	pub owner: AccountId,
	/// The hotkey that receives the owner cut.
	pub owner_hotkey: AccountId,
	/// What its miners compete at.
	pub task: TaskSpec,
	/// The owner's funds held for it, returned on dissolve.
	pub lock: Balance,
	/// Block it registered at.
	pub registered_at: u32,
	/// Block of the owner's last hyperparameter change (rate limit).
	pub owner_changed_at: Option<u32>,
	/// Owner cut the subnet has paid its owner so far. Dissolution returns the lock minus
	/// this (never below zero) and burns the rest: an owner cannot leave with more than it
	/// locked.
	pub owner_emission: Balance,
}

/// A neuron: a hotkey holding a UID on a subnet.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct NeuronInfo<AccountId, Balance> {
	/// The neuron's hotkey.
	pub hotkey: AccountId,
	/// The coldkey that registered it and whose bond is held.
	pub coldkey: AccountId,
	/// Block it registered at (immunity and pruning ties).
	pub registered_at: u32,
	/// The bond held from `coldkey` for this neuron.
	pub bond: Balance,
}

/// What each UID of a subnet earned in the subnet's last epoch: its neurons' pruning scores,
/// written once per epoch (one value per subnet, not one write per neuron).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct PruningScores<Balance> {
	/// Block the epoch ran in: a neuron registered in it or later earned nothing of it.
	pub recorded_at: u32,
	/// By UID.
	pub emission: frame_support::BoundedVec<
		Balance,
		frame_support::traits::ConstU32<{ merit_primitives::MAX_UIDS as u32 }>,
	>,
}

impl<Balance: Copy + Default> PruningScores<Balance> {
	/// The pruning score of the neuron at `uid`, registered at `registered_at`: what the UID
	/// earned, if the neuron held it then; else zero.
	pub fn of(&self, uid: u16, registered_at: u32) -> Balance {
		if registered_at >= self.recorded_at {
			return Balance::default();
		}
		self.emission.get(usize::from(uid)).copied().unwrap_or_default()
	}
}

/// The registration burn of a subnet as last written; the current value decays from it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct BurnState<Balance> {
	/// The burn right after the last update.
	pub burn: Balance,
	/// Block of the last update.
	pub updated_at: u32,
}

/// Registrations counted against a subnet's per-block and per-interval limits.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default)]
pub struct RegistrationCounters {
	/// The block `in_block` counts.
	pub block: u32,
	/// Registrations in `block`.
	pub in_block: u16,
	/// First block of the current interval.
	pub interval_start: u32,
	/// Registrations since `interval_start`.
	pub in_interval: u16,
}

/// An axon's address.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum IpAddress {
	/// An IPv4 address, octets in network order.
	V4([u8; 4]),
	/// An IPv6 address, octets in network order.
	V6([u8; 16]),
}

/// What an axon speaks.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum AxonProtocol {
	/// Plain HTTP.
	Http,
	/// HTTP over TLS.
	Https,
}

/// Where a neuron serves (miners: their model files).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct AxonInfo {
	/// Its address.
	pub ip: IpAddress,
	/// Its port (never 0).
	pub port: u16,
	/// Its protocol.
	pub protocol: AxonProtocol,
	/// The neuron software's version, for operators.
	pub version: u32,
	/// Block it was announced at (rate limit).
	pub block: u32,
}

impl AxonInfo {
	/// Where this axon serves the model with `model_hash`: `http://<ip>:<port>/model/<hex>`
	/// (`https` for an HTTPS axon, IPv6 in brackets). Validators fetch models from here.
	pub fn model_url(&self, model_hash: &Hash32) -> alloc::string::String {
		use core::net::{Ipv4Addr, Ipv6Addr};
		let scheme = match self.protocol {
			AxonProtocol::Http => "http",
			AxonProtocol::Https => "https",
		};
		let path = model_path(model_hash);
		match self.ip {
			IpAddress::V4(octets) => {
				alloc::format!("{scheme}://{}:{}{path}", Ipv4Addr::from(octets), self.port)
			},
			IpAddress::V6(octets) => {
				alloc::format!("{scheme}://[{}]:{}{path}", Ipv6Addr::from(octets), self.port)
			},
		}
	}
}

/// The path a miner serves its model file at: `/model/<lowercase hex of the model hash>`.
pub fn model_path(model_hash: &Hash32) -> alloc::string::String {
	let mut path = alloc::string::String::from("/model/");
	for byte in model_hash {
		path.push_str(&alloc::format!("{byte:02x}"));
	}
	path
}

/// A miner's model commitment.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct ModelCommitment<AccountId> {
	/// `blake2_256(model_hash ‖ hotkey ‖ netuid)`, SCALE-encoded parts.
	pub binding: Hash32,
	/// The model file's size in bytes.
	pub size_bytes: u32,
	/// Block of the commit.
	pub committed_at: u32,
	/// The model hash, once revealed.
	pub revealed: Option<Hash32>,
	/// Set when the revealed model had been committed earlier by this other hotkey.
	pub copy_of: Option<AccountId>,
}
