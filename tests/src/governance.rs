//! Governance over JSON-RPC, as a wallet does it: propose (noting a preimage when the call is
//! long), place the decision deposit, vote, and seal blocks until a referendum is decided.

use crate::rpc::Rpc;
use codec::{Decode, Encode};
use frame_support::traits::{schedule::DispatchTime, Bounded};
use merit_runtime::{Balance, OriginCaller, Runtime, RuntimeCall, RuntimeEvent};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_referenda::{ReferendumIndex, ReferendumInfo};
use sp_keyring::Sr25519Keyring;

/// A referendum's state, as the chain keeps it.
pub type Info = pallet_referenda::ReferendumInfoOf<Runtime, ()>;

/// The value at `key` in the best block, decoded.
pub async fn storage<T: Decode>(rpc: &Rpc, key: Vec<u8>) -> Option<T> {
	rpc.storage(&key, None).await.map(|b| T::decode(&mut &b[..]).expect("storage decodes"))
}

/// Referendum `index` in the best block.
pub async fn referendum(rpc: &Rpc, index: ReferendumIndex) -> Info {
	storage(rpc, pallet_referenda::ReferendumInfoFor::<Runtime>::hashed_key_for(index))
		.await
		.expect("the referendum exists")
}

/// Seals blocks until referendum `index` is decided (at most `limit`); returns its end.
pub async fn decide(rpc: &Rpc, index: ReferendumIndex, limit: u32) -> Info {
	for _ in 0..limit {
		let info = referendum(rpc, index).await;
		if !matches!(info, ReferendumInfo::Ongoing(_)) {
			return info;
		}
		rpc.create_blocks(1).await;
	}
	panic!("referendum {index} undecided after {limit} blocks: {:?}", referendum(rpc, index).await)
}

/// Submits `call` on the track of `origin` (inline if short, else as a preimage noted
/// first) and places the decision deposit, as `who`; returns the referendum's index.
pub async fn propose(
	rpc: &Rpc,
	who: Sr25519Keyring,
	origin: OriginCaller,
	call: RuntimeCall,
) -> u32 {
	let encoded = call.encode();
	let proposal = match encoded.clone().try_into() {
		Ok(inline) if encoded.len() <= 128 => Bounded::Inline(inline),
		_ => {
			let note = RuntimeCall::Preimage(pallet_preimage::Call::note_preimage {
				bytes: encoded.clone(),
			});
			rpc.send(note, who).await.expect_ok("note_preimage");
			Bounded::Lookup {
				hash: sp_io::hashing::blake2_256(&encoded).into(),
				len: encoded.len() as u32,
			}
		},
	};
	let submit = RuntimeCall::Referenda(pallet_referenda::Call::submit {
		proposal_origin: Box::new(origin),
		proposal,
		enactment_moment: DispatchTime::After(0),
	});
	let sent = rpc.send(submit, who).await.expect_ok("submit");
	let index = sent
		.events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Referenda(pallet_referenda::Event::Submitted { index, .. }) => {
				Some(*index)
			},
			_ => None,
		})
		.expect("Submitted");
	let deposit = RuntimeCall::Referenda(pallet_referenda::Call::place_decision_deposit { index });
	rpc.send(deposit, who).await.expect_ok("place_decision_deposit");
	index
}

/// An aye or nay of `balance` at conviction 1×.
pub fn vote(index: ReferendumIndex, aye: bool, balance: Balance) -> RuntimeCall {
	RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::vote {
		poll_index: index,
		vote: AccountVote::Standard {
			vote: Vote { aye, conviction: Conviction::Locked1x },
			balance,
		},
	})
}
