//! Signed transactions built exactly as a wallet builds them: the call, the runtime's
//! transaction extensions and their implicit data (spec and transaction version, genesis
//! hash), signed with sr25519.

use codec::Encode;
use merit_runtime::{
	Address, Hash, Nonce, RuntimeCall, Signature, SignedPayload, TxExtension, UncheckedExtrinsic,
	VERSION,
};
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use sp_runtime::generic::Era;

/// Signs `call` as `signer` with `nonce`, immortal, no tip, for the chain with `genesis`.
pub fn signed(call: RuntimeCall, signer: Sr25519Keyring, nonce: Nonce, genesis: Hash) -> Vec<u8> {
	forged(call, signer, signer, nonce, genesis)
}

/// `call` presented as `claimed`'s but signed by `signer`: a forgery unless the two are the
/// same account.
pub fn forged(
	call: RuntimeCall,
	claimed: Sr25519Keyring,
	signer: Sr25519Keyring,
	nonce: Nonce,
	genesis: Hash,
) -> Vec<u8> {
	let tx_ext: TxExtension = (
		frame_system::AuthorizeCall::new(),
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		frame_system::WeightReclaim::new(),
	);
	let implicit = (
		(),
		(),
		VERSION.spec_version,
		VERSION.transaction_version,
		genesis,
		genesis,
		(),
		(),
		(),
		None,
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.pair().sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		Address::Id(claimed.to_account_id()),
		Signature::Sr25519(signature),
		tx_ext,
	)
	.encode()
}

/// A `Balances::transfer_keep_alive` of `amount` to `dest`.
pub fn transfer(dest: Sr25519Keyring, amount: merit_runtime::Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Address::Id(dest.to_account_id()),
		value: amount,
	})
}
