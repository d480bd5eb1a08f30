//! The commands, one module per group.

pub mod account;
pub mod gov;
pub mod metagraph;
pub mod neuron;
pub mod slashes;
pub mod stake;
pub mod subnet;
pub mod wallet;
pub mod weights;
