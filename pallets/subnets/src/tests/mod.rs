//! Unit tests, one file per topic. Every test runs the pallet's invariants at its end
//! (`mock::build_and_execute`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![allow(clippy::arithmetic_side_effects)]

mod axons;
mod consent;
mod hyperparams;
mod migrations;
mod models;
mod neurons;
mod registry;
mod views;
