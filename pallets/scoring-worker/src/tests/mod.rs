//! The worker in a test node: when it scores, what it fetches, what it submits and signs,
//! and what it does with bad miners, missing keys, a held lock or no host function.

mod sim_net;
mod slow_miners;
mod verifier;

use crate::{
	chain::Position,
	mock::*,
	worker::{lock_key, storage_key},
	Pallet,
};
use codec::Decode;
use merit_primitives::round::{fetch_order, Candidate, FetchedSet, PendingReveal, WeightsBasis};
use sp_core::offchain::testing::PendingRequest;

fn url(uid: u16) -> String {
	format!("http://10.0.0.{uid}:8080/model/{uid}")
}

fn candidate(uid: u16, file: &[u8], axon: bool) -> Candidate<String> {
	Candidate {
		uid,
		endpoint: axon.then(|| url(uid)),
		model_hash: sp_io::hashing::blake2_256(file),
		committed_at: 3,
	}
}

fn serve(node: &Node, uid: u16, body: Vec<u8>) {
	node.http.write().expect_request(PendingRequest {
		method: "GET".into(),
		uri: url(uid),
		response: Some(body),
		sent: true,
		..Default::default()
	});
}

/// Expects the round seeded by block `seed_block` to fetch `files` (by UID), in the order
/// the worker fetches (the seed's order; the mock's block hashes are `[n; 32]`).
fn serve_round(node: &Node, seed_block: u8, files: Vec<(u16, Vec<u8>)>) {
	let candidates = CHAIN.with(|c| c.borrow().candidates.clone());
	for c in fetch_order(&candidates, &[seed_block; 32]) {
		if let Some((uid, body)) = files.iter().find(|(uid, _)| *uid == c.uid) {
			serve(node, *uid, body.clone());
		}
	}
}

/// A model that beats guessing (the fake scorer's, `mock::fake_model`).
fn good() -> Vec<u8> {
	fake_model(800_000_000)
}

/// Epoch 4 of a subnet whose round was fixed at block 10: its seed block is 11.
const POSITION: Position = Position { epoch: 4, round_fixed_at: 10 };

/// A node with a permit on a subnet of five miners: a good model, a corrupt file (served as
/// revealed), a file that is not the revealed one, no axon, and a file over the cap.
fn five_miners(commit_reveal: bool) -> Node {
	let mut node = node(false, true);
	let good = good();
	let corrupt = good[..good.len() / 2].to_vec();
	let oversized = vec![0u8; 100_001];
	CHAIN.with(|c| {
		let mut c = c.borrow_mut();
		c.position = Some(POSITION);
		c.commit_reveal = commit_reveal;
		c.min_allowed_weights = 1;
		c.permits = vec![node.hotkey.clone()];
		c.candidates = vec![
			candidate(0, &good, true),
			candidate(1, &corrupt, true),
			candidate(2, b"the revealed file", true),
			candidate(3, &good, false),
			candidate(4, &oversized, true),
			// The validator's own UID, with a model but no axon: never reported.
			candidate(9, b"its own model", false),
		];
	});
	serve_round(
		&node,
		11,
		vec![(0, good), (1, corrupt), (2, b"another file".to_vec()), (4, oversized)],
	);
	node.ext.execute_with(|| System::set_block_number(11));
	node
}

/// The worker at block `n`. Like a real off-chain worker, its changes to chain state are
/// thrown away afterwards (only off-chain storage and the pool keep what it did).
fn run(node: &mut Node, n: u32) {
	node.ext.execute_with(|| {
		sp_io::storage::start_transaction();
		Pallet::<Test>::work(n);
		sp_io::storage::rollback_transaction();
	});
}

fn pending(node: &mut Node) -> Vec<PendingReveal> {
	let key = storage_key(b"pending", NETUID, &node.hotkey);
	node.ext.execute_with(|| {
		sp_runtime::offchain::storage::StorageValueRef::persistent(&key)
			.get::<Vec<PendingReveal>>()
			.unwrap()
			.unwrap_or_default()
	})
}

#[test]
fn a_round_reports_bad_miners_commits_the_weights_and_reveals_them_when_due() {
	let mut node = five_miners(true);
	run(&mut node, 11);

	// Only the good model earns; the mismatched file and the unserved ones are reported,
	// the corrupt one (served as revealed) just scores 0.
	let reveal = pending(&mut node);
	assert_eq!(reveal.len(), 1);
	let p = &reveal[0];
	assert_eq!((p.epoch, p.uids.clone(), p.weights.clone()), (4, vec![0], vec![u16::MAX]));
	assert_eq!(p.version_key, VERSION_KEY);
	// The weights rest on round 4 and the files obtained: the good model and the corrupt
	// one (served as revealed); not the mismatched, unserved or oversized ones.
	assert_eq!(p.basis(), WeightsBasis { round: 4, fetched: FetchedSet::of([0, 1]) });
	let hash = <MockChain as crate::chain::ValidatorChain<_, _>>::weights_hash(
		&node.hotkey,
		NETUID,
		&p.uids,
		&p.weights,
		&p.basis(),
		&p.salt,
		VERSION_KEY,
	);
	assert_eq!(p.hash, hash);
	assert_eq!(
		sent(&node),
		vec![
			Sent::Report { netuid: NETUID, uid: 2, fault: 1 },
			Sent::Report { netuid: NETUID, uid: 3, fault: 0 },
			Sent::Report { netuid: NETUID, uid: 4, fault: 0 },
			Sent::Commit { netuid: NETUID, hash },
		]
	);

	// Once per epoch: the next block of the same epoch does nothing.
	run(&mut node, 12);
	assert_eq!(sent(&node).len(), 4);

	// The commit is on chain, revealable in epoch 5: nothing before, the reveal in it.
	CHAIN.with(|c| c.borrow_mut().commits = vec![(node.hotkey.clone(), hash, 5)]);
	CHAIN.with(|c| c.borrow_mut().permits.clear());
	run(&mut node, 13);
	assert_eq!(sent(&node).len(), 4, "not yet due");
	CHAIN.with(|c| c.borrow_mut().position = Some(Position { epoch: 5, round_fixed_at: 20 }));
	run(&mut node, 21);
	let reveal = Sent::Reveal {
		netuid: NETUID,
		uids: vec![0],
		weights: vec![u16::MAX],
		basis: p.basis(),
		salt: p.salt,
		version_key: VERSION_KEY,
	};
	// The chain's nonce is still 0 (the mock executes nothing): the worker continues from
	// its own last transaction instead of reusing a nonce still in the pool.
	let nonces: Vec<u32> = sent_with_nonces(&node).iter().map(|(_, n)| *n).collect();
	assert_eq!(nonces, [0, 1, 2, 3, 4]);
	assert_eq!(sent(&node).last(), Some(&reveal));
	assert_eq!(pending(&mut node)[0].sent_at, Some(21), "kept until seen on chain");

	// Not on chain yet: sent again after five blocks, not before.
	run(&mut node, 22);
	assert_eq!(sent(&node).len(), 5);
	run(&mut node, 26);
	assert_eq!(sent(&node).len(), 6);
	assert_eq!(sent(&node).last(), Some(&reveal));

	// Revealed: the commit is gone from the chain, and so is the pending reveal.
	CHAIN.with(|c| c.borrow_mut().commits.clear());
	run(&mut node, 27);
	assert!(pending(&mut node).is_empty());
	run(&mut node, 40);
	assert_eq!(sent(&node).len(), 6, "nothing more");
}

#[test]
fn a_stale_worker_nonce_gives_way_to_the_chains() {
	let mut node = five_miners(false);
	run(&mut node, 11);
	assert_eq!(sent_with_nonces(&node).last().map(|(_, n)| *n), Some(3));
	// Long after, the worker's transactions are either in blocks or gone: the chain's nonce
	// (still 0 here) is used again.
	CHAIN.with(|c| c.borrow_mut().position = Some(Position { epoch: 5, round_fixed_at: 40 }));
	// The oversized body's request was abandoned unread; a node forgets it with its round
	// (the test HTTP state numbers new requests by how many it holds, so it must too).
	node.http.write().requests.clear();
	let corrupt = good();
	serve_round(
		&node,
		41,
		vec![
			(0, good()),
			(1, corrupt[..corrupt.len() / 2].to_vec()),
			(2, b"another file".to_vec()),
			(4, vec![0u8; 100_001]),
		],
	);
	run(&mut node, 41);
	let nonces: Vec<u32> = sent_with_nonces(&node).iter().map(|(_, n)| *n).collect();
	assert_eq!(nonces, [0, 1, 2, 3, 0, 1, 2, 3]);
}

#[test]
fn weights_are_set_directly_where_commit_reveal_is_off() {
	let mut node = five_miners(false);
	run(&mut node, 11);
	assert_eq!(
		sent(&node).last(),
		Some(&Sent::Set {
			netuid: NETUID,
			uids: vec![0],
			weights: vec![u16::MAX],
			basis: WeightsBasis { round: 4, fetched: FetchedSet::of([0, 1]) },
			version_key: VERSION_KEY
		})
	);
	assert!(pending(&mut node).is_empty());
}

/// The worker scores the candidates the chain fixed for the round: a model revealed after
/// the round opened waits for the next one, and a fixed candidate that re-committed since
/// is neither fetched nor reported.
#[test]
fn a_round_scores_the_chains_fixed_candidates_only() {
	let mut node = five_miners(false);
	CHAIN.with(|c| {
		c.borrow_mut().late = vec![
			// UID 5 revealed after the round was fixed (the test node would refuse a fetch
			// of it: no such request is expected).
			candidate(5, &good(), true),
			// UID 3 (fixed without an axon: reported otherwise) has re-committed since.
			Candidate { committed_at: 10, ..candidate(3, &good(), true) },
		]
	});
	run(&mut node, 11);
	let sent = sent(&node);
	assert!(!sent.iter().any(|s| matches!(s, Sent::Report { uid: 3 | 5, .. })), "{sent:?}");
	let Some(Sent::Set { uids, basis, .. }) = sent.last() else { panic!("{sent:?}") };
	assert_eq!(uids, &[0]);
	assert_eq!(basis.fetched.uids(), [0, 1]);
}

#[test]
fn a_commit_that_never_reaches_the_chain_is_given_up_after_two_epochs() {
	let mut node = five_miners(true);
	run(&mut node, 11);
	CHAIN.with(|c| c.borrow_mut().permits.clear());
	for (epoch, block) in [(5, 21), (6, 31)] {
		CHAIN.with(|c| {
			c.borrow_mut().position = Some(Position { epoch, round_fixed_at: block - 1 })
		});
		run(&mut node, block);
		assert_eq!(pending(&mut node).len(), 1, "kept in epoch {epoch}");
	}
	CHAIN.with(|c| c.borrow_mut().position = Some(Position { epoch: 7, round_fixed_at: 40 }));
	run(&mut node, 41);
	assert!(pending(&mut node).is_empty());
	assert_eq!(sent(&node).len(), 4, "nothing revealed");
}

#[test]
fn nothing_happens_without_a_key_a_permit_or_the_seed_block() {
	// No validator key in the keystore: no request, no transaction.
	let mut keyless = node(true, true);
	CHAIN.with(|c| {
		let mut c = c.borrow_mut();
		c.position = Some(POSITION);
		c.permits = vec![keyless.hotkey.clone()];
		c.candidates = vec![candidate(0, &good(), true)];
	});
	run(&mut keyless, 11);
	assert!(sent(&keyless).is_empty());

	// A key without a permit, or before the epoch's seed block: the same.
	let mut node = node(false, true);
	CHAIN.with(|c| {
		let mut c = c.borrow_mut();
		c.position = Some(POSITION);
		c.candidates = vec![candidate(0, &good(), true)];
	});
	run(&mut node, 11);
	CHAIN.with(|c| c.borrow_mut().permits = vec![node.hotkey.clone()]);
	CHAIN.with(|c| c.borrow_mut().position = Some(Position { epoch: 4, round_fixed_at: 11 }));
	run(&mut node, 11);
	assert!(sent(&node).is_empty());
	assert!(pending(&mut node).is_empty());
}

#[test]
fn a_held_lock_skips_the_block_and_the_round_runs_on_the_next() {
	let mut node = five_miners(true);
	node.ext.execute_with(|| {
		use sp_runtime::offchain::storage_lock::{StorageLock, Time};
		let key = lock_key(NETUID);
		let mut lock = StorageLock::<Time>::with_deadline(
			&key,
			sp_runtime::offchain::Duration::from_millis(60_000),
		);
		let guard = lock.try_lock().unwrap();
		Pallet::<Test>::work(11);
		drop(guard);
	});
	assert!(sent(&node).is_empty(), "another round holds the lock");
	run(&mut node, 12);
	assert_eq!(sent(&node).len(), 4, "the round runs once the lock is free");
}

#[test]
fn without_the_scoring_host_function_nothing_is_scored_or_sent() {
	let good = good();
	let mut node = node(false, false);
	CHAIN.with(|c| {
		let mut c = c.borrow_mut();
		c.position = Some(POSITION);
		c.commit_reveal = true;
		c.permits = vec![node.hotkey.clone()];
		c.candidates = vec![candidate(0, &good, true)];
	});
	serve(&node, 0, good);
	node.ext.execute_with(|| {
		System::set_block_number(11);
		Pallet::<Test>::work(11);
	});
	assert!(sent(&node).is_empty());
	assert!(pending(&mut node).is_empty());
}

#[test]
fn pending_reveals_survive_as_scale_bytes() {
	let p = PendingReveal {
		hash: [1; 32],
		epoch: 2,
		uids: vec![3],
		weights: vec![4],
		salt: [5; 32],
		version_key: 6,
		sent_at: Some(7),
		fetched: FetchedSet::of([3]),
	};
	let bytes = codec::Encode::encode(&vec![p.clone()]);
	assert_eq!(Vec::<PendingReveal>::decode(&mut &bytes[..]).unwrap(), vec![p]);
}
