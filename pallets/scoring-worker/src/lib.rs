//! # Scoring worker pallet
//!
//! The validator's scoring round, run by the node itself as a Substrate off-chain worker:
//! the IO driver of the round core (`merit_primitives::round`), which decides who is scored,
//! in which order, what is reported, the weights and when to reveal.
//! The pallet has no calls and no storage; its [`Hooks::offchain_worker`] runs after each
//! block the node imports as its new best block (with `--offchain-worker always`, or when it
//! authors blocks) and does, for every validator hotkey in the node's keystore (key type
//! [`crypto::KEY_TYPE`], `mrtv`):
//!
//! 1. **Reveals** the weights it committed whose reveal epoch has come (kept in the node's
//!    persistent off-chain storage, so they survive a restart).
//! 2. **Scores** each subnet it holds a validator permit on, once per epoch, from the
//!    epoch's first block on (its hash seeds the evaluation set): the miners whose revealed
//!    models were committed before that block and are not copies (the round core's
//!    candidates, from [`chain::ValidatorChain::neurons`]) have their files fetched from
//!    their axons over
//!    the node's HTTP(S) client ([`fetch`]: [`fetch::WINDOW`] files at once in an order
//!    drawn from the epoch's seed, each with its own deadline, [`Config::FetchTimeout`],
//!    and a cap, the lowest of the subnet's, the task's largest valid model and
//!    [`fetch::NODE_FILE_CAP`]; the revealed hash). The whole round has a deadline,
//!    [`Config::RoundTimeout`]: miners not reached by then are neither scored nor reported,
//!    so slow miners cost one slot each for their own deadline, never the round.
//! 3. Hands each file, as it arrives, to the native scoring host function
//!    ([`merit_host_interface::merit_scoring::score_model`]): models are scored in the node,
//!    not in Wasm. Outside an off-chain worker the host function refuses, so block
//!    execution can never score. The round core turns the scores into weights.
//! 4. **Submits**, signed with the hotkey: `report_model` for each unavailable or
//!    mismatched file (the round core's fault policy: not its own, not when nobody
//!    answered), then `commit_weights` (or `set_weights` where commit–reveal is off);
//!    the reveal is kept and re-sent until the commit leaves the chain, and the worker's
//!    nonces continue across blocks while its transactions may still be pending.
//!
//! Each subnet's rounds take a [`StorageLock`](sp_runtime::offchain::storage_lock::StorageLock)
//! (extended after every file), so rounds of successive blocks never overlap. One bad miner
//! never stops a round: it scores 0 and the reason is logged (target `scoring-worker`).
//!
//! The runtime provides what the worker reads and the calls it sends through
//! [`chain::ValidatorChain`]; the operator's steps are in `docs/off-chain-workers.md`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod chain;
pub mod crypto;
pub mod fetch;
pub mod verifier;
pub mod worker;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

/// The log target of everything the worker says.
pub const LOG_TARGET: &str = "scoring-worker";

// The pallet macros expand to code the panic lints flag; the logic lives in the sibling
// modules, which the lints check.
#[allow(
	clippy::expect_used,
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::{
		offchain::{AppCrypto, CreateSignedTransaction},
		pallet_prelude::*,
	};
	use sp_runtime::SaturatedConversion;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config + CreateSignedTransaction<<Self as frame_system::Config>::RuntimeCall>
	{
		/// The validator hotkeys' crypto in the keystore ([`crypto::ValidatorHotkey`]).
		type AuthorityId: AppCrypto<Self::Public, Self::Signature>;
		/// What the worker reads of the chain and the calls it sends.
		type Chain: chain::ValidatorChain<
			Self::AccountId,
			<Self as frame_system::Config>::RuntimeCall,
		>;
		/// How long, in milliseconds, a miner has to serve its file (headers and body), from
		/// its request.
		#[pallet::constant]
		type FetchTimeout: Get<u64>;
		/// How long, in milliseconds, a whole round's fetching may take: miners not reached by
		/// then are not scored that epoch and not reported, however slow the others were.
		#[pallet::constant]
		type RoundTimeout: Get<u64>;
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn offchain_worker(now: BlockNumberFor<T>) {
			Self::work(now.saturated_into());
		}
	}
}
