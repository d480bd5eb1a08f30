//! The validator hotkey in the node keystore: sr25519 under key type `mrtv`.

use sp_runtime::{MultiSignature, MultiSigner};

/// The keystore key type of validator hotkeys: `merit-node key insert --key-type mrtv`.
pub const KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"mrtv");

mod app {
	use sp_application_crypto::{app_crypto, sr25519};
	app_crypto!(sr25519, super::KEY_TYPE);
}

pub use app::{Public, Signature};

/// Signs the worker's transactions with a validator hotkey (an sr25519 account).
pub struct ValidatorHotkey;

impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for ValidatorHotkey {
	type RuntimeAppPublic = Public;
	type GenericSignature = sp_core::sr25519::Signature;
	type GenericPublic = sp_core::sr25519::Public;
}
