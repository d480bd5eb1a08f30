//! Miners who stall the round, on a simulated network with a virtual clock (the mock's
//! fetch timeout is 5 s, its round 60 s, the worker fetches 16 files at once): the round
//! ends by its deadline however many miners are silent; a fetch the round's end cuts short
//! is not reported; miners who trickle their files hold one slot each, never the round, so
//! every honest miner is still scored; a file declared larger than the cap is not read.

use super::{candidate, good, run, url, POSITION};
use crate::{
	fetch::WINDOW,
	mock::*,
	tests::sim_net::{Miner, SimNet},
};

/// The virtual clock's start, in milliseconds.
const T0: u64 = 1_000_000;
const TIMEOUT: u64 = 5_000;

/// A round of `round_ms` over `miners` (UID = index) on a simulated network: the node, the
/// network.
fn round(round_ms: u64, miners: Vec<Miner>) -> (Node, SimNet) {
	round_on(round_ms, miners, true)
}

/// [`round`] on a node with or without the scoring host function.
fn round_on(round_ms: u64, miners: Vec<Miner>, scoring: bool) -> (Node, SimNet) {
	let net = SimNet::new(T0);
	let mut node = node_on(net.clone(), scoring);
	RoundTimeout::set(round_ms);
	let candidates = miners
		.iter()
		.enumerate()
		.map(|(uid, miner)| {
			let uid = u16::try_from(uid).unwrap();
			let file = match miner {
				Miner::Serves(file) | Miner::Trickles(file) => file.clone(),
				Miner::Silent => b"a file never served".to_vec(),
			};
			net.0.lock().unwrap().miners.insert(url(uid), miner.clone());
			candidate(uid, &file, true)
		})
		.collect();
	CHAIN.with(|c| {
		let mut c = c.borrow_mut();
		c.position = Some(POSITION);
		c.min_allowed_weights = 1;
		c.permits = vec![node.hotkey.clone()];
		c.candidates = candidates;
	});
	node.ext.execute_with(|| System::set_block_number(11));
	run(&mut node, 11);
	(node, net)
}

fn reported(node: &Node) -> Vec<(u16, u8)> {
	sent(node)
		.into_iter()
		.filter_map(|s| match s {
			Sent::Report { uid, fault, .. } => Some((uid, fault)),
			_ => None,
		})
		.collect()
}

fn uid_of(url: &str) -> u16 {
	url.rsplit('/').next().unwrap().parse().unwrap()
}

#[test]
fn two_hundred_fifty_six_slow_miners_end_the_round_by_its_deadline() {
	// 252 miners never answer, 4 serve at once; the round is 62.5 s, a file's deadline 5 s.
	let round_end = T0 + 62_500;
	let honest = |uid: usize| uid % 64 == 0;
	let miners =
		(0..256).map(|uid| if honest(uid) { Miner::Serves(good()) } else { Miner::Silent });
	let (node, net) = round(62_500, miners.collect());
	let net = net.0.lock().unwrap();

	assert!(net.now <= round_end, "the round ended at +{} ms", net.now - T0);
	assert!(net.requested.iter().all(|(_, at)| *at < round_end), "none started after its end");
	assert!(net.requested.len() < 256, "not every miner was reached");
	assert!(!net.completed.is_empty(), "an honest miner answered: this node's network works");
	// A miner that had its full 5 s and did not serve is reported unavailable; one whose
	// fetch the round's end cut short, and those never requested, are not (the budget is
	// the validator's, not theirs).
	let mut expected: Vec<(u16, u8)> = net
		.requested
		.iter()
		.filter(|(url, at)| !honest(usize::from(uid_of(url))) && at + TIMEOUT <= round_end)
		.map(|(url, _)| (uid_of(url), 0))
		.collect();
	expected.sort();
	assert!(expected.len() >= 11 * WINDOW, "at least eleven windows timed out in full");
	assert!(
		net.requested.iter().any(|(_, at)| at + TIMEOUT > round_end),
		"some fetches were cut short by the round's end"
	);
	assert_eq!(reported(&node), expected);
}

#[test]
fn when_nobody_answers_nobody_is_reported() {
	// Every reached miner timed out: more likely this node's network than all of them.
	let (node, net) = round(60_000, vec![Miner::Silent; 256]);
	assert!(net.0.lock().unwrap().requested.len() >= 12 * WINDOW);
	assert_eq!(sent(&node), vec![]);
}

#[test]
fn tricklers_hold_one_slot_each_and_every_honest_miner_is_still_scored() {
	// 32 miners send a byte a second (their 1 KB files would take 17 minutes), 32 serve good
	// models at once, interleaved. Read one after another, each trickler would cost its full
	// timeout: 160 s, past the round's end.
	let honest = good();
	let miners: Vec<Miner> = (0..64)
		.map(|uid| {
			if uid % 2 == 0 {
				Miner::Trickles(vec![1; 1_000])
			} else {
				Miner::Serves(honest.clone())
			}
		})
		.collect();
	let (node, net) = round(60_000, miners);
	let net = net.0.lock().unwrap();

	// A few windows' worth of timeouts at most, not 32.
	assert!(net.now <= T0 + 3 * TIMEOUT, "the round took {} ms", net.now - T0);
	let mut completed: Vec<u16> = net.completed.iter().map(|url| uid_of(url)).collect();
	completed.sort();
	assert_eq!(completed, (1..64).step_by(2).collect::<Vec<u16>>(), "every honest file read");
	// Every trickler is reported unavailable, no honest miner is.
	let tricklers: Vec<(u16, u8)> = (0..64).step_by(2).map(|uid| (uid, 0)).collect();
	assert_eq!(reported(&node), tricklers);
	// The honest files were scored: weights were set, on honest miners only.
	let Some(Sent::Set { uids, .. }) = sent(&node).last().cloned() else {
		panic!("weights set: {:?}", sent(&node))
	};
	assert!(!uids.is_empty() && uids.iter().all(|uid| uid % 2 == 1), "{uids:?}");
}

#[test]
fn a_file_declared_larger_than_the_cap_is_refused_unread() {
	// The subnet's cap is 100,000 bytes; the digits task's largest valid model is 204,096.
	let (node, net) = round(60_000, vec![Miner::Serves(vec![0; 100_001]), Miner::Serves(good())]);
	let net = net.0.lock().unwrap();
	assert_eq!(net.completed, vec![url(1)], "the oversized body is never read");
	assert_eq!(reported(&node), vec![(0, 0)]);
}

#[test]
fn a_file_larger_than_the_tasks_largest_valid_model_is_refused_whatever_the_subnets_cap() {
	CHAIN.with(|c| c.borrow_mut().max_model_bytes = Some(merit_primitives::MAX_MODEL_BYTES));
	let too_large = merit_primitives::TaskKind::Digits.max_file_bytes() as usize + 1;
	let (node, net) = round(60_000, vec![Miner::Serves(vec![0; too_large]), Miner::Serves(good())]);
	let net = net.0.lock().unwrap();
	assert_eq!(net.completed, vec![url(1)]);
	assert_eq!(reported(&node), vec![(0, 0)]);
}

#[test]
fn without_the_scoring_host_function_the_round_stops_at_the_first_file() {
	let (node, net) = round_on(60_000, vec![Miner::Serves(good()); 64], false);
	let net = net.0.lock().unwrap();
	// The first window was requested and read; once its first file could not be scored,
	// none of the other 48 was requested, and nothing was sent.
	assert_eq!(net.requested.len(), WINDOW);
	assert_eq!(net.completed.len(), WINDOW);
	assert_eq!(sent(&node), vec![]);
}
