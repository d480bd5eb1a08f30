//! Signed extrinsics built exactly as a wallet builds them: the call, the runtime's
//! transaction extensions and their implicit data (spec and transaction version, genesis
//! hash), signed with sr25519.

use crate::{AccountId, Hash, Nonce, RuntimeCall};
use codec::Encode;
use merit_runtime::{Address, Signature, SignedPayload, TxExtension, UncheckedExtrinsic, VERSION};
use sp_core::{sr25519, Pair};
use sp_runtime::generic::Era;

/// Signs `call` with `pair` for its own account with `nonce`, immortal, no tip, for the chain
/// with `genesis`; SCALE-encoded, ready for `author_submitExtrinsic`.
pub fn signed(call: RuntimeCall, pair: &sr25519::Pair, nonce: Nonce, genesis: Hash) -> Vec<u8> {
	build(call, AccountId::from(pair.public()), pair, nonce, genesis)
}

/// `call` presented as `claimed`'s but signed by `pair`: a forgery unless `claimed` is
/// `pair`'s account (the node must refuse it; the tests check that it does).
pub fn build(
	call: RuntimeCall,
	claimed: AccountId,
	pair: &sr25519::Pair,
	nonce: Nonce,
	genesis: Hash,
) -> Vec<u8> {
	build_for(
		call,
		claimed,
		pair,
		nonce,
		genesis,
		(VERSION.spec_version, VERSION.transaction_version),
	)
}

/// [`build`] for a chain whose runtime has `(spec_version, transaction_version)`: a call whose
/// encoding is the same in that runtime (an older one, before an upgrade) signed for it.
pub fn build_for(
	call: RuntimeCall,
	claimed: AccountId,
	pair: &sr25519::Pair,
	nonce: Nonce,
	genesis: Hash,
	(spec_version, transaction_version): (u32, u32),
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
	let implicit =
		((), (), spec_version, transaction_version, genesis, genesis, (), (), (), None, ());
	let payload = SignedPayload::from_raw(call.clone(), tx_ext.clone(), implicit);
	let signature = payload.using_encoded(|bytes| pair.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		Address::Id(claimed),
		Signature::Sr25519(signature),
		tx_ext,
	)
	.encode()
}
