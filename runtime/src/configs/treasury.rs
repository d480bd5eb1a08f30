//! The treasury: an account no key controls, spent only by referenda on the spender tracks
//! (small spender up to 1,000 MRT per spend, treasurer up to 100,000 MRT, root without limit).
//! It receives slashed stake and bonds, the part of each epoch's emission nobody earned, and
//! the deposits of killed referenda.

use crate::{AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeEvent, System, DAYS};
use frame_support::{
	parameter_types,
	traits::{tokens::UnityAssetBalanceConversion, ConstU32},
	PalletId,
};
use frame_system::EnsureRootWithSuccess;
use pallet_merit_origins::Spender;
use sp_runtime::traits::IdentityLookup;

parameter_types! {
	pub const TreasuryPalletId: PalletId = PalletId(*b"py/trsry");
	/// The treasury's account, derived from its pallet id.
	pub TreasuryAccount: AccountId = pallet_treasury::Pallet::<Runtime>::account_id();
	/// How often the treasury settles: its pot leaves the active issuance (it does not vote);
	/// nothing is burned.
	pub const SpendPeriod: BlockNumber = 6 * DAYS;
	/// How long an approved spend may be paid out before it expires.
	pub const PayoutPeriod: BlockNumber = 30 * DAYS;
	/// Root spends without limit.
	pub const MaxBalance: Balance = Balance::MAX;
}

impl pallet_treasury::Config for Runtime {
	type Currency = Balances;
	type RejectOrigin = frame_system::EnsureRoot<AccountId>;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	type Burn = ();
	type PalletId = TreasuryPalletId;
	type BurnDestination = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = ConstU32<100>;
	/// Root without limit; the spender tracks up to their limits.
	type SpendOrigin = frame_support::traits::EitherOf<
		EnsureRootWithSuccess<AccountId, MaxBalance>,
		Spender<Runtime>,
	>;
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = IdentityLookup<AccountId>;
	type Paymaster = frame_support::traits::tokens::pay::PayFromAccount<Balances, TreasuryAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	type BlockNumberProvider = System;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Spend arguments for the treasury's benchmarks: the native asset and a fresh account.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_treasury::ArgumentsFactory<(), AccountId> for BenchmarkHelper {
	fn create_asset_kind(_seed: u32) {}
	fn create_beneficiary(seed: [u8; 32]) -> AccountId {
		AccountId::from(seed)
	}
}
