//! Signed transactions for the tests' dev accounts, built by the chain client exactly as a
//! wallet builds them.

use merit_primitives::{TaskKind, TaskSpec};
use merit_runtime::{Address, Hash, Nonce, RuntimeCall};
use sp_keyring::Sr25519Keyring;

/// Signs `call` as `signer` with `nonce`, immortal, no tip, for the chain with `genesis`.
pub fn signed(call: RuntimeCall, signer: Sr25519Keyring, nonce: Nonce, genesis: Hash) -> Vec<u8> {
	merit_client::extrinsic::signed(call, &signer.pair(), nonce, genesis)
}

/// [`signed`] for a chain whose runtime has `version` (spec, transaction): after or before an
/// upgrade, whatever this crate's runtime is.
pub fn signed_for(
	call: RuntimeCall,
	signer: Sr25519Keyring,
	nonce: Nonce,
	genesis: Hash,
	version: (u32, u32),
) -> Vec<u8> {
	let account = signer.to_account_id();
	merit_client::extrinsic::build_for(call, account, &signer.pair(), nonce, genesis, version)
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
	merit_client::extrinsic::build(call, claimed.to_account_id(), &signer.pair(), nonce, genesis)
}

/// The digits task the tests' subnets run: 1 MiB models, 512 evaluation rows.
pub fn digits_task() -> TaskSpec {
	TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: 1 << 20,
		dataset_id: b"uci-digits".to_vec().try_into().expect("a short id"),
		eval_size: 512,
	}
}

/// A `Balances::transfer_keep_alive` of `amount` to `dest`.
pub fn transfer(dest: Sr25519Keyring, amount: merit_runtime::Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Address::Id(dest.to_account_id()),
		value: amount,
	})
}
