//! The MRT token (balances) and transaction fees.

use crate::{
	Balance, Balances, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	EXISTENTIAL_DEPOSIT, MICRO_UNIT,
};
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, ConstU8, VariantCountOf},
	weights::{ConstantMultiplier, IdentityFee},
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::traits::One;

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	/// Dust below the existential deposit is burned (total issuance goes down) and booked.
	type DustRemoval = pallet_merit_consensus::RecordBurn<Runtime>;
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = crate::System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// Fees do not float with congestion yet: the multiplier stays at one.
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

/// Fee per byte of an extrinsic: 1 micro-MRT.
pub const TRANSACTION_BYTE_FEE: Balance = MICRO_UNIT;

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees are burned and booked (the treasury is funded by slashes and unearned emission).
	type OnChargeTransaction =
		FungibleAdapter<Balances, pallet_merit_consensus::RecordBurn<Runtime>>;
	type OperationalFeeMultiplier = ConstU8<5>;
	/// One planck per picosecond of reference time.
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, ConstU128<TRANSACTION_BYTE_FEE>>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}
