//! Consents for test runtimes whose accounts are `u64` and whose hotkey signature is
//! [`TestSignature`] (a signature that names its signer and carries the message): the
//! mocks of this pallet and of the pallets built on it use them.

use crate::{consent_message, HotkeyConsent};
use sp_runtime::testing::TestSignature;

/// `hotkey`'s consent to be owned by `coldkey` until block `expires_at`, on the chain whose
/// genesis hash is `genesis_hash`.
pub fn consent_until(
	genesis_hash: &[u8],
	hotkey: u64,
	coldkey: u64,
	expires_at: u32,
) -> Option<HotkeyConsent<TestSignature>> {
	let message = consent_message(genesis_hash, &coldkey, expires_at);
	Some(HotkeyConsent { expires_at, signature: TestSignature(hotkey, message) })
}

/// `hotkey`'s consent to be owned by `coldkey` on `T`'s chain, good for ever.
pub fn consent<T: crate::Config<AccountId = u64>>(
	hotkey: u64,
	coldkey: u64,
) -> Option<HotkeyConsent<TestSignature>> {
	consent_until(crate::Pallet::<T>::genesis_hash().as_ref(), hotkey, coldkey, u32::MAX)
}

/// Benchmark hotkeys of a test runtime: one fixed number, "signing" with [`TestSignature`].
#[cfg(feature = "runtime-benchmarks")]
pub struct TestConsents;

#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::ConsentHelper<u64, TestSignature> for TestConsents {
	fn hotkey() -> u64 {
		1_000_000
	}
	fn sign(hotkey: &u64, message: &[u8]) -> TestSignature {
		TestSignature(*hotkey, message.to_vec())
	}
}
