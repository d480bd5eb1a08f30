//! The seed of an epoch's evaluation set, and the random stream drawn from it.

use blake2::{digest::consts::U32, Blake2b, Digest};
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

/// 32 bytes every validator of a subnet derives alike for an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Seed(pub [u8; 32]);

impl Seed {
	/// `blake2_256(block_hash ‖ netuid)` with `netuid` as 2 little-endian bytes (its SCALE
	/// encoding): the seed of the epoch whose first block has `block_hash`.
	pub fn for_epoch(block_hash: &[u8; 32], netuid: u16) -> Self {
		let mut hasher = Blake2b::<U32>::new();
		hasher.update(block_hash);
		hasher.update(netuid.to_le_bytes());
		Self(hasher.finalize().into())
	}

	/// A ChaCha20 stream for `purpose` (so that independent draws never share a stream).
	pub fn stream(&self, purpose: &[u8]) -> ChaCha20Rng {
		let mut hasher = Blake2b::<U32>::new();
		hasher.update(self.0);
		hasher.update(purpose);
		ChaCha20Rng::from_seed(hasher.finalize().into())
	}
}
