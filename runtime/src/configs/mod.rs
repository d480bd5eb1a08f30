//! `impl Config` blocks for every pallet in the runtime, one file per area.
//!
//! - [`system`]: frame-system, timestamp.
//! - [`consensus`]: Aura and GRANDPA (block authoring and finality).
//! - [`monetary`]: balances and transaction payment (the MRT token and fees).
//! - [`admin`]: sudo (development chains only) and utility.
//! - [`governance`]: referenda, conviction voting, scheduler, preimages, Merit's origins.
//! - [`tracks`]: the referendum tracks and their periods.
//! - [`slash_cancel`]: the slash canceller track's rules (at-risk stake does not vote).
//! - [`treasury`]: the treasury.
//! - [`subnets`]: Merit's subnets and staking pallets.
//! - [`incentives`]: Merit's consensus pallet (weights, Yuma, emission, payouts).
//! - [`scoring`]: the validator's off-chain worker and how it signs transactions.

pub mod admin;
pub mod consensus;
pub mod governance;
pub mod incentives;
pub mod monetary;
pub mod scoring;
pub mod slash_cancel;
pub mod subnets;
pub mod system;
pub mod tracks;
pub mod treasury;
