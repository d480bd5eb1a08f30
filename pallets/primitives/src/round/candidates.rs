//! Who a round scores, and in which order their files are fetched.

use crate::{Hash32, Uid};
use alloc::vec::Vec;
use codec::Encode;
use sp_runtime::traits::{BlakeTwo256, Hash as _};

/// A neuron's model commitment as a round reads it (at the epoch's seed block).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeuronModel<E> {
	pub uid: Uid,
	/// The block its model was committed in.
	pub committed_at: u32,
	/// The model hash, once revealed.
	pub revealed: Option<Hash32>,
	/// Whether the chain recorded the model as a copy of an earlier commitment.
	pub copied: bool,
	/// Where the miner serves its files (`None`: it announced no axon).
	pub endpoint: Option<E>,
}

/// A miner a round scores. `E` is where its file is fetched from: a URL in the node's
/// worker, an axon in `merit-validator`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate<E> {
	pub uid: Uid,
	/// The revealed hash the file must have.
	pub model_hash: Hash32,
	/// The block its model was committed in (earlier commitments win near-duplicate ties).
	pub committed_at: u32,
	/// Where its file is served; `None`: it announced no axon (fetched from nowhere, and
	/// reported unavailable).
	pub endpoint: Option<E>,
}

/// The miners a round seeded at `seed_block` scores, by UID: a revealed model, committed
/// before `seed_block` (so it cannot have been fitted to the seed), not a recorded copy.
pub fn candidates<E>(
	neurons: impl IntoIterator<Item = NeuronModel<E>>,
	seed_block: u32,
) -> Vec<Candidate<E>> {
	let mut out: Vec<Candidate<E>> = neurons
		.into_iter()
		.filter(|n| !n.copied && n.committed_at < seed_block)
		.filter_map(|n| {
			Some(Candidate {
				uid: n.uid,
				model_hash: n.revealed?,
				committed_at: n.committed_at,
				endpoint: n.endpoint,
			})
		})
		.collect();
	out.sort_by_key(|c| c.uid);
	out.dedup_by_key(|c| c.uid);
	out
}

/// The order a round fetches `candidates` in: by `blake2_256(SCALE(seed_hash, uid))`, drawn
/// from the epoch's seed, so nobody can place slow miners ahead of the ones it wants left
/// out when the round's time runs out.
pub fn fetch_order<'a, E>(
	candidates: &'a [Candidate<E>],
	seed_hash: &Hash32,
) -> Vec<&'a Candidate<E>> {
	let mut order: Vec<&Candidate<E>> = candidates.iter().collect();
	order.sort_by_cached_key(|c| BlakeTwo256::hash(&(seed_hash, c.uid).encode()));
	order
}
