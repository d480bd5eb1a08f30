//! Hotkey consent: the first coldkey to claim a hotkey must show that the hotkey agreed.
//!
//! Without it anyone could register someone else's hotkey before they do (squatting) and take
//! the incentive that hotkey's miner earns. A consent is the hotkey's signature over
//! [`consent_message`]: a fixed context, the chain's genesis hash, the coldkey and the last
//! block the consent is good for. It names no subnet, because ownership is chain-wide: once a
//! coldkey owns a hotkey it registers it on any subnet without asking again, and nobody else
//! can. Signatures over the message wrapped in `<Bytes>…</Bytes>` are accepted too: that is
//! what the polkadot.js extension's `signRaw` signs.

use crate::{Config, Error, Event, HotkeyOwner, Pallet};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::pallet_prelude::*;
use scale_info::TypeInfo;
use sp_runtime::traits::{Verify, Zero};

/// The context every consent message starts with.
pub const CONSENT_CONTEXT: &[u8] = b"merit/hotkey-consent";

/// A hotkey's consent to be owned by the coldkey registering it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct HotkeyConsent<Signature> {
	/// The last block at which the consent may be used.
	pub expires_at: u32,
	/// The hotkey's signature over [`consent_message`].
	pub signature: Signature,
}

/// The bytes a hotkey signs to let `coldkey` own it until block `expires_at`:
/// `CONSENT_CONTEXT ‖ genesis_hash ‖ SCALE(coldkey) ‖ expires_at (u32, little-endian)`.
pub fn consent_message<AccountId: Encode>(
	genesis_hash: &[u8],
	coldkey: &AccountId,
	expires_at: u32,
) -> Vec<u8> {
	let mut message = Vec::new();
	message.extend_from_slice(CONSENT_CONTEXT);
	message.extend_from_slice(genesis_hash);
	coldkey.encode_to(&mut message);
	expires_at.encode_to(&mut message);
	message
}

/// `message` as the polkadot.js extension's `signRaw` signs it.
fn wrapped(message: &[u8]) -> Vec<u8> {
	[b"<Bytes>".as_slice(), message, b"</Bytes>".as_slice()].concat()
}

/// The consent type of a runtime.
pub type ConsentOf<T> = HotkeyConsent<<T as Config>::HotkeySignature>;

impl<T: Config> Pallet<T> {
	/// The chain's genesis hash, as consents sign it.
	pub fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(
			frame_system::pallet_prelude::BlockNumberFor::<T>::zero(),
		)
	}

	/// Fails unless `coldkey` may own `hotkey`: it already does, or nobody does and either
	/// the hotkey is the coldkey itself or `consent` is the hotkey's valid, unexpired consent.
	pub(crate) fn ensure_may_own(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		consent: Option<&ConsentOf<T>>,
	) -> DispatchResult {
		match HotkeyOwner::<T>::get(hotkey) {
			Some(owner) if &owner == coldkey => Ok(()),
			Some(_) => Err(Error::<T>::HotkeyOwnedByAnotherColdkey.into()),
			None if hotkey == coldkey => Ok(()),
			None => {
				let consent = consent.ok_or(Error::<T>::HotkeyConsentRequired)?;
				ensure!(Self::now() <= consent.expires_at, Error::<T>::HotkeyConsentExpired);
				let message =
					consent_message(Self::genesis_hash().as_ref(), coldkey, consent.expires_at);
				let valid = consent.signature.verify(&message[..], hotkey)
					|| consent.signature.verify(&wrapped(&message)[..], hotkey);
				ensure!(valid, Error::<T>::InvalidHotkeyConsent);
				Ok(())
			},
		}
	}

	/// Makes `coldkey` the owner of `hotkey` if nobody owns it yet.
	pub(crate) fn claim_hotkey(coldkey: &T::AccountId, hotkey: &T::AccountId) {
		if !HotkeyOwner::<T>::contains_key(hotkey) {
			HotkeyOwner::<T>::insert(hotkey, coldkey);
			Self::deposit_event(Event::HotkeyClaimed {
				hotkey: hotkey.clone(),
				coldkey: coldkey.clone(),
			});
		}
	}
}
