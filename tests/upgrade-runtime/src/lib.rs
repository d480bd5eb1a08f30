//! The Merit runtime built from this source with `spec_version` one higher than the node's
//! (merit-runtime's `spec-version-bump` feature, and nothing else changed): the blob the
//! runtime-upgrade test (`tests/tests/runtime_upgrade.rs`) enacts with `System::set_code`
//! through a root-track referendum. Natively this crate is only [`WASM_BINARY`]; in its Wasm
//! build it is the runtime.

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "wasm")]
pub use merit_runtime::*;

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
