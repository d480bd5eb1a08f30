//! The dispute verifier, the fourth driver: a disputed round re-run from the chain's
//! snapshot and attested once, or abstained from.

use super::{candidate, good, run, serve, POSITION};
use crate::{chain::DisputeJob, mock::*};
use merit_primitives::round::{fetch_order, EpochSeed, FixedCandidate, WeightLimits};

const SEED: EpochSeed = EpochSeed { netuid: NETUID, epoch: 3, block: 5, hash: [5; 32] };

/// A dispute of round 3: UIDs 0 (a good model) and 1 (a corrupt file) in the validator's
/// fetched set, with `weights` disputed.
fn job(id: u32, weights: Vec<(u16, u16)>) -> DisputeJob {
	let corrupt = good()[..good().len() / 2].to_vec();
	DisputeJob {
		id,
		seed: SEED,
		limits: WeightLimits { min_count: 1, max_share_ppb: 1_000_000_000 },
		candidates: [candidate(0, &good(), true), candidate(1, &corrupt, true)]
			.into_iter()
			.map(|c| {
				let fixed = FixedCandidate {
					uid: c.uid,
					model_hash: c.model_hash,
					committed_at: c.committed_at,
				};
				(fixed, c.endpoint)
			})
			.collect(),
		weights,
		excluded: Vec::new(),
	}
}

/// Expects the files of `job`'s round in its seed's fetch order; `missing` is not served.
fn serve_dispute(node: &Node, job: &DisputeJob, missing: Option<u16>) {
	let corrupt = good()[..good().len() / 2].to_vec();
	let candidates: Vec<_> = job
		.candidates
		.iter()
		.map(|(c, url)| merit_primitives::round::Candidate {
			uid: c.uid,
			model_hash: c.model_hash,
			committed_at: c.committed_at,
			endpoint: url.clone(),
		})
		.collect();
	for c in fetch_order(&candidates, &job.seed.hash) {
		let body = match c.uid {
			uid if Some(uid) == missing => b"not the file".to_vec(),
			0 => good(),
			_ => corrupt.clone(),
		};
		serve(node, c.uid, body);
	}
}

/// A validator node with a permit and nothing to score of its own this epoch.
fn verifier_node() -> Node {
	let node = node(false, true);
	CHAIN.with(|c| {
		let mut c = c.borrow_mut();
		c.position = Some(POSITION);
		c.min_allowed_weights = 1;
		c.permits = vec![node.hotkey.clone()];
	});
	// Its own round of this epoch is done.
	let key = crate::worker::storage_key(b"scored", NETUID, &node.hotkey);
	let mut node = node;
	node.ext.execute_with(|| {
		sp_runtime::offchain::storage::StorageValueRef::persistent(&key).set(&POSITION.epoch)
	});
	node
}

#[test]
fn a_disputed_round_is_re_run_and_attested_once() {
	let mut node = verifier_node();
	// The round gives the good model all the weight (the corrupt one scores 0): weights
	// that say so match; weights on the corrupt file do not.
	let honest = job(0, vec![(0, u16::MAX)]);
	let lying = job(1, vec![(1, u16::MAX)]);
	CHAIN.with(|c| c.borrow_mut().disputes = vec![honest.clone(), lying.clone()]);
	serve_dispute(&node, &honest, None);
	serve_dispute(&node, &lying, None);
	run(&mut node, 11);
	assert_eq!(
		sent(&node),
		vec![
			Sent::Attest { netuid: NETUID, id: 0, said: 0 },
			Sent::Attest { netuid: NETUID, id: 1, said: 1 },
		]
	);
	// Once each: the next block fetches nothing and sends nothing.
	run(&mut node, 12);
	assert_eq!(sent(&node).len(), 2);
}

#[test]
fn a_verifier_that_cannot_obtain_a_file_abstains_and_tries_again_later() {
	let mut node = verifier_node();
	let dispute = job(4, vec![(0, u16::MAX)]);
	CHAIN.with(|c| c.borrow_mut().disputes = vec![dispute.clone()]);
	// UID 1's axon serves another file: the verifier cannot know the round's weights.
	serve_dispute(&node, &dispute, Some(1));
	run(&mut node, 11);
	assert!(sent(&node).is_empty(), "{:?}", sent(&node));
	// Not again before 10 blocks; then again, and now the file is there.
	run(&mut node, 20);
	assert!(sent(&node).is_empty());
	node.http.write().requests.clear();
	serve_dispute(&node, &dispute, None);
	run(&mut node, 21);
	assert_eq!(sent(&node), vec![Sent::Attest { netuid: NETUID, id: 4, said: 0 }]);
}

#[test]
fn only_permit_holders_verify() {
	let mut node = verifier_node();
	CHAIN.with(|c| {
		let mut c = c.borrow_mut();
		c.disputes = vec![job(0, vec![(0, u16::MAX)])];
		c.permits.clear();
	});
	run(&mut node, 11);
	assert!(sent(&node).is_empty());
}
