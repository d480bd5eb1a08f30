//! Consensus on a real dev node, over JSON-RPC: a subnet with two validators and three
//! miners runs through five epochs; the validators commit and reveal weights as signed
//! transactions; each epoch's emission lands as stake on the right accounts, to the planck,
//! and total issuance always equals genesis + minted − burned.

use codec::Encode;
use merit_e2e::{
	node::{MeritNode, STARTUP},
	rpc::{Rpc, Sent},
	scenario::{self, NETUID},
};
use merit_primitives::Uid;
use merit_runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent, UNIT};
use pallet_merit_consensus_runtime_api::{EmissionView, MetagraphNeuron, SubnetEpochView};
use pallet_merit_staking::views::{ColdkeyStakeView, StakePosition};
use pallet_merit_subnets::Hyperparameter;
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::Perbill;

/// The dev chain: 1 MRT per block, 10-block epochs, an 18% owner cut.
const EPOCH_EMISSION: Balance = 10 * UNIT;

fn consensus(call: pallet_merit_consensus::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Consensus(call)
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

fn subnets(call: pallet_merit_subnets::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Subnets(call)
}

fn milli(m: Balance) -> Balance {
	m * UNIT / 1_000
}

async fn epoch(rpc: &Rpc) -> SubnetEpochView<Balance> {
	let view: Option<SubnetEpochView<Balance>> =
		rpc.runtime_api("ConsensusApi_subnet_epoch", NETUID, None).await;
	view.expect("the subnet exists")
}

async fn metagraph(rpc: &Rpc) -> Vec<MetagraphNeuron<AccountId, Balance>> {
	let view: Option<Vec<MetagraphNeuron<AccountId, Balance>>> =
		rpc.runtime_api("ConsensusApi_metagraph", NETUID, None).await;
	view.expect("the subnet exists")
}

async fn books(rpc: &Rpc) -> EmissionView<Balance> {
	rpc.runtime_api("ConsensusApi_emission", (), None).await
}

/// `coldkey`'s position on `hotkey` as `StakingApi_coldkey_stake` reports it, if any.
async fn position(
	rpc: &Rpc,
	coldkey: Sr25519Keyring,
	hotkey: Sr25519Keyring,
) -> Option<StakePosition<AccountId, Balance>> {
	let view: ColdkeyStakeView<AccountId, Balance> =
		rpc.runtime_api("StakingApi_coldkey_stake", coldkey.to_account_id(), None).await;
	view.positions.into_iter().find(|p| p.hotkey == hotkey.to_account_id())
}

/// Stake `coldkey` has on `hotkey`: bonded plus its part of shared rewards.
async fn staked(rpc: &Rpc, coldkey: Sr25519Keyring, hotkey: Sr25519Keyring) -> Balance {
	position(rpc, coldkey, hotkey).await.map(|p| p.stake + p.rewards).unwrap_or(0)
}

fn epoch_completed(events: &[RuntimeEvent]) -> (Balance, Balance, Balance, Balance) {
	events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Consensus(pallet_merit_consensus::Event::EpochCompleted {
				owner_cut,
				miners,
				validators_paid,
				to_treasury,
				..
			}) => Some((*owner_cut, *miners, *validators_paid, *to_treasury)),
			_ => None,
		})
		.expect("an EpochCompleted event in the epoch's block")
}

fn error_of<E: Encode>(error: E) -> Option<(u8, u8)> {
	Some((12, error.encode()[0]))
}

/// Every account whose stake the test follows: (coldkey, hotkey).
const HOLDERS: [(Sr25519Keyring, Sr25519Keyring); 6] = [
	(Alice, AliceStash),
	(Bob, BobStash),
	(Charlie, CharlieStash),
	(Dave, DaveStash),
	(Eve, EveStash),
	(Ferdie, FerdieStash),
];

async fn stakes(rpc: &Rpc) -> Vec<Balance> {
	let mut out = Vec::new();
	for (coldkey, hotkey) in HOLDERS {
		out.push(staked(rpc, coldkey, hotkey).await);
	}
	out
}

#[tokio::test(flavor = "multi_thread")]
async fn weights_committed_over_rpc_earn_the_right_accounts() {
	let mut node = MeritNode::start("consensus", &["--dev", "--sealing", "instant"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;

	// --- The subnet: Alice owns it; Bob and Charlie validate, Dave, Eve and Ferdie mine. ---
	scenario::register_subnet(&rpc).await;
	// Bonds averaged half and half keep the fixed-point bonds exact (¾ and ¼ below).
	rpc.send(
		subnets(pallet_merit_subnets::Call::set_hyperparameter {
			netuid: NETUID,
			param: Hyperparameter::BondsMovingAverage(Perbill::from_percent(50)),
		}),
		Alice,
	)
	.await
	.expect_ok("set BondsMovingAverage");
	scenario::register_neurons(&rpc).await;

	// --- Epoch 1 hands out permits to the two staked validators. ---
	scenario::wait_for_epoch(&rpc, 1).await;
	let graph = metagraph(&rpc).await;
	let permits: Vec<bool> = graph.iter().map(|n| n.validator_permit).collect();
	assert_eq!(permits, vec![true, true, false, false, false]);
	let view = epoch(&rpc).await;
	assert!(view.commit_reveal && view.reveal_period == 1, "{view:?}");
	assert_eq!(view.emission_share, 0, "a new subnet earns nothing");
	// A new subnet earns nothing until the admin grants it an emission share.
	let sent = rpc
		.send(
			sudo(consensus(pallet_merit_consensus::Call::set_emission_share {
				netuid: NETUID,
				share: 1,
			})),
			Alice,
		)
		.await
		.expect_ok("grant an emission share");
	assert!(sent
		.events
		.contains(&RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Ok(()) })));

	// --- Commit: the hash of (hotkey, netuid, uids, weights, basis, salt, version key); the
	// basis names the open round and the files obtained. ---
	let (uids, weights): (Vec<Uid>, Vec<u16>) = (vec![2, 3], vec![3, 1]);
	let basis = scenario::basis_now(&rpc, &uids).await;
	let mut reveal_epoch = 0;
	for (hotkey, salt) in [(BobStash, [1u8; 32]), (CharlieStash, [2u8; 32])] {
		let hash = sp_io::hashing::blake2_256(
			&(hotkey.to_account_id(), NETUID, uids.clone(), weights.clone(), &basis, salt, 0u64)
				.encode(),
		);
		let sent = rpc
			.send(
				consensus(pallet_merit_consensus::Call::commit_weights {
					netuid: NETUID,
					commit_hash: hash,
				}),
				hotkey,
			)
			.await
			.expect_ok("commit_weights");
		reveal_epoch = sent
			.events
			.iter()
			.find_map(|e| match e {
				RuntimeEvent::Consensus(pallet_merit_consensus::Event::WeightsCommitted {
					reveal_epoch,
					..
				}) => Some(*reveal_epoch),
				_ => None,
			})
			.expect("WeightsCommitted");
	}
	// A miner has no permit.
	let refused: Sent = rpc
		.send(
			consensus(pallet_merit_consensus::Call::commit_weights {
				netuid: NETUID,
				commit_hash: [0; 32],
			}),
			DaveStash,
		)
		.await;
	assert_eq!(
		refused.module_error(),
		error_of(pallet_merit_consensus::Error::<Runtime>::NoValidatorPermit)
	);

	// --- Reveal in the reveal epoch; a wrong salt matches no commit. ---
	scenario::wait_for_epoch(&rpc, reveal_epoch).await;
	let reveal = |salt: [u8; 32]| {
		consensus(pallet_merit_consensus::Call::reveal_weights {
			netuid: NETUID,
			uids: uids.clone().try_into().unwrap(),
			weights: weights.clone().try_into().unwrap(),
			basis: basis.clone(),
			salt,
			version_key: 0,
		})
	};
	let refused = rpc.send(reveal([9; 32]), BobStash).await;
	assert_eq!(
		refused.module_error(),
		error_of(pallet_merit_consensus::Error::<Runtime>::NoMatchingCommit)
	);
	rpc.send(reveal([1; 32]), BobStash).await.expect_ok("reveal Bob's weights");
	rpc.send(reveal([2; 32]), CharlieStash).await.expect_ok("reveal Charlie's weights");

	// --- Three epochs on the revealed weights, each paying exactly. ---
	// Stake ¾ : ¼, weights 3 : 1 on UIDs 2 and 3 → incentive and dividends ¾ and ¼ of 4.1 MRT
	// each; the owner 18% of 10 MRT.
	let expected_gain = [milli(1_800), milli(3_075), milli(1_025), milli(3_075), milli(1_025), 0];
	for k in 1..=3 {
		let before = stakes(&rpc).await;
		let books_before = books(&rpc).await;
		let issuance_before = rpc.total_issuance(None).await;
		let at = scenario::wait_for_epoch(&rpc, reveal_epoch + k).await;
		let (owner_cut, miners, validators, to_treasury) =
			epoch_completed(&rpc.events(at).await.into_iter().map(|r| r.event).collect::<Vec<_>>());
		assert_eq!(
			(owner_cut, miners, validators, to_treasury),
			(milli(1_800), milli(4_100), milli(4_100), 0)
		);
		let after = stakes(&rpc).await;
		let gains: Vec<Balance> = after.iter().zip(&before).map(|(a, b)| a - b).collect();
		assert_eq!(gains, expected_gain, "epoch {}", reveal_epoch + k);

		let books_after = books(&rpc).await;
		assert_eq!(books_after.books.minted - books_before.books.minted, EPOCH_EMISSION);
		// Only emission and booked burns move issuance (no transactions ran meanwhile).
		let issuance = rpc.total_issuance(None).await;
		assert_eq!(issuance - issuance_before, EPOCH_EMISSION);
		let b = &books_after.books;
		assert_eq!(issuance + b.burned, b.genesis + b.minted);
	}

	// Bob's dividends were shared with his hotkey's stakers (only him): claiming makes them
	// bonded stake, and his stake stays what it was.
	let held = position(&rpc, Bob, BobStash).await.expect("Bob's position");
	assert_eq!(held.rewards, 3 * milli(3_075));
	rpc.send(
		RuntimeCall::Staking(pallet_merit_staking::Call::claim_rewards {
			hotkey: BobStash.to_account_id(),
		}),
		Bob,
	)
	.await
	.expect_ok("claim_rewards");
	let claimed = position(&rpc, Bob, BobStash).await.expect("Bob's position");
	assert_eq!((claimed.stake, claimed.rewards), (held.stake + held.rewards, 0));

	let graph = metagraph(&rpc).await;
	let incentive: Vec<Perbill> = graph.iter().map(|n| n.incentive).collect();
	let (q, tq, z) = (Perbill::from_percent(25), Perbill::from_percent(75), Perbill::zero());
	assert_eq!(incentive, vec![z, z, tq, q, z]);
	let dividends: Vec<Perbill> = graph.iter().map(|n| n.dividends).collect();
	assert_eq!(dividends, vec![tq, q, z, z, z]);
	let emission: Vec<Balance> = graph.iter().map(|n| n.emission).collect();
	assert_eq!(emission, vec![milli(3_075), milli(1_025), milli(3_075), milli(1_025), 0]);
	assert_eq!(graph[0].hotkey, BobStash.to_account_id());
	assert_eq!(graph[0].coldkey, Bob.to_account_id());
	assert_eq!(graph[0].validator_trust, Perbill::one());
	assert!(graph[0].active && graph[0].last_update.is_some());
	// An unknown subnet has no metagraph.
	let none: Option<Vec<MetagraphNeuron<AccountId, Balance>>> =
		rpc.runtime_api("ConsensusApi_metagraph", 7u16, None).await;
	assert!(none.is_none());
}
