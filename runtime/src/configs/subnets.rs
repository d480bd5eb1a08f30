//! Merit's own pallets: subnets (registry, neurons, axons, models) and staking. Every burn
//! they make is booked by `pallet_merit_consensus::RecordBurn`; what they slash goes to the
//! treasury.

use super::treasury::TreasuryAccount;
use crate::{Balances, Consensus, Runtime, RuntimeHoldReason, Slashing, Subnets, UNIT};
use frame_support::traits::EitherOf;
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU16, ConstU32},
};
use frame_system::EnsureRoot;
use pallet_merit_consensus::{RecordBurn, ResolveOrBurn};
use pallet_merit_origins::SubnetAdmin;
use sp_runtime::Perbill;

impl pallet_merit_subnets::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// The subnet admin track (or root): any hyperparameter, registration parameters,
	/// dissolving subnets.
	type AdminOrigin = EitherOf<EnsureRoot<crate::AccountId>, SubnetAdmin>;
	/// As many subnets as subtensor launched with.
	type MaxSubnets = ConstU16<32>;
	/// A dissolved full subnet (4,096 UIDs) is cleaned up within 32 blocks.
	type MaxCleanupPerBlock = ConstU32<128>;
	/// Copies are offences: the slashing pallet schedules the copier's slash.
	type OnModelCopied = Slashing;
	/// Slashed bonds go to the treasury.
	type OnBondSlash = ResolveOrBurn<Runtime, TreasuryAccount>;
	type OnBurn = RecordBurn<Runtime>;
	/// Consensus clears a departed neuron's weights, bonds and permit; slashing its streak
	/// and reports (and a dissolved subnet's pending slashes).
	type Lifecycle = (Consensus, Slashing);
	/// A subnet with pending slashes is not dissolved or replaced until they are applied.
	type Slashes = Slashing;
	/// Owners may not change parameters in the freeze window before a subnet's epoch.
	type Epochs = Consensus;
	/// UID and validator caps whose full epoch would overrun a block are refused.
	type EpochBudget = super::incentives::EpochBudget;
	/// A hotkey consents with the same signatures it signs transactions with.
	/// Tempos that would let unbonding stake outlast a deferred slash are refused.
	type SlashWindow = super::incentives::SlashWindow;
	type HotkeySignature = crate::Signature;
	type HotkeySigner = <crate::Signature as sp_runtime::traits::Verify>::Signer;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ConsentKeys;
	type WeightInfo = pallet_merit_subnets::weights::SubstrateWeight<Runtime>;
}

/// Benchmark hotkeys: sr25519 keys made in the benchmark's keystore, signing consents.
#[cfg(feature = "runtime-benchmarks")]
pub struct ConsentKeys;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_merit_subnets::benchmarking::ConsentHelper<crate::AccountId, crate::Signature>
	for ConsentKeys
{
	fn hotkey() -> crate::AccountId {
		sp_io::crypto::sr25519_generate(CONSENT_KEY_TYPE, None).into()
	}

	fn sign(hotkey: &crate::AccountId, message: &[u8]) -> crate::Signature {
		let raw: [u8; 32] = hotkey.clone().into();
		let public = sp_core::sr25519::Public::from_raw(raw);
		// No signature (no keystore) leaves an invalid one, which fails the benchmark.
		let signature = sp_io::crypto::sr25519_sign(CONSENT_KEY_TYPE, &public, message)
			.unwrap_or_else(|| sp_core::sr25519::Signature::from_raw([0; 64]));
		crate::Signature::Sr25519(signature)
	}
}

/// The keystore slot of the benchmarks' hotkeys.
#[cfg(feature = "runtime-benchmarks")]
const CONSENT_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"mcon");

parameter_types! {
	/// A new delegate keeps 18% of its nominators' rewards, the most it may keep.
	pub const DefaultTake: Perbill = Perbill::from_percent(18);
	pub const MaxTake: Perbill = Perbill::from_percent(18);
	/// The staking reward pot's id.
	pub const StakingPotId: frame_support::PalletId = frame_support::PalletId(*b"mrt/stak");
}

impl pallet_merit_staking::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = StakingPotId;
	type Hotkeys = Subnets;
	/// Slashed stake goes to the treasury.
	type OnSlash = ResolveOrBurn<Runtime, TreasuryAccount>;
	/// The root track: the unbonding period shapes the slash window.
	type AdminOrigin = EnsureRoot<crate::AccountId>;
	type MaxUnbondingChunks = ConstU32<32>;
	type MaxStakersPerHotkey = ConstU32<1_024>;
	/// One MRT: no dust positions.
	type MinStake = ConstU128<UNIT>;
	type DefaultTake = DefaultTake;
	type MaxTake = MaxTake;
	/// A day of 6-second blocks between take increases.
	type TakeRateLimit = ConstU32<{ crate::DAYS }>;
	/// Unbonding periods a deferred slash would outlast are refused.
	type SlashWindow = super::incentives::SlashWindow;
	/// Stake on a hotkey being slashed (a page of its stakers a block) stays put.
	type SlashesApplying = pallet_merit_slashing::SlashesApplying<Runtime>;
	type WeightInfo = pallet_merit_staking::weights::SubstrateWeight<Runtime>;
}
