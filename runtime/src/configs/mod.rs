//! `impl Config` blocks for every pallet in the runtime, one file per area.
//!
//! - [`system`]: frame-system, timestamp.
//! - [`consensus`]: Aura and GRANDPA (block authoring and finality).
//! - [`monetary`]: balances and transaction payment (the MRT token and fees).
//! - [`admin`]: sudo and utility.
//! - [`subnets`]: Merit's subnets and staking pallets.
//! - [`incentives`]: Merit's consensus pallet (weights, Yuma, emission, payouts).
//! - [`scoring`]: the validator's off-chain worker and how it signs transactions.

pub mod admin;
pub mod consensus;
pub mod incentives;
pub mod monetary;
pub mod scoring;
pub mod subnets;
pub mod system;
