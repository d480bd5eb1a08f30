//! Token-holder governance on a real dev node, over JSON-RPC (tracks in blocks, instant
//! sealing, blocks made on demand):
//! 1. a preimage and a subnet-admin referendum change a subnet's tempo; one holder votes with
//!    free funds, one with staked funds, and a third through stock @polkadot/api
//!    (tests/js/vote.mjs); it passes, the scheduler enacts it, and the next epochs run at the
//!    new tempo;
//! 2. a referendum that fails changes nothing; its decision deposit comes back, its
//!    submission deposit does not (the referenda pallet's rule for rejected referenda);
//! 3. a deferred slash is cancelled by a slash-canceller referendum before it applies; the
//!    offender's own stake may not vote on it;
//! 4. a small-spender referendum pays from the treasury;
//! 5. bad input: votes beyond one's funds, on no referendum, a referendum acting as an account,
//!    a track origin reaching past its track; each a clear error, nothing changed.

use codec::Encode;
use frame_support::traits::{schedule::DispatchTime, Bounded};
use merit_e2e::{
	governance::{decide, propose, referendum, storage, vote},
	js,
	node::{MeritNode, STARTUP},
	rpc::{Rpc, Sent},
	tx::digits_task,
};
use merit_primitives::NetUid;
use merit_runtime::{Balance, OriginCaller, Runtime, RuntimeCall, RuntimeEvent, UNIT};
use pallet_merit_consensus::views::SubnetEpochView;
use pallet_merit_origins::Origin;
use pallet_referenda::ReferendumInfo;
use sp_keyring::Sr25519Keyring::{self, *};

const NETUID: NetUid = 0;
/// The pallet indices of the runtime, for module errors.
const REFERENDA: u8 = 22;
const CONVICTION_VOTING: u8 = 23;
const ORIGINS: u8 = 24;

fn error_of<E: Encode>(pallet: u8, error: E) -> Option<(u8, u8)> {
	Some((pallet, error.encode()[0]))
}

async fn epoch_view(rpc: &Rpc) -> SubnetEpochView<Balance> {
	let view: Option<SubnetEpochView<Balance>> =
		rpc.runtime_api("ConsensusApi_subnet_epoch", NETUID, None).await;
	view.expect("the subnet exists")
}

fn set_tempo(tempo: u16) -> RuntimeCall {
	RuntimeCall::Subnets(pallet_merit_subnets::Call::set_hyperparameter {
		netuid: NETUID,
		param: pallet_merit_subnets::Hyperparameter::Tempo(tempo),
	})
}

fn stake(hotkey: Sr25519Keyring, amount: Balance) -> RuntimeCall {
	RuntimeCall::Staking(pallet_merit_staking::Call::add_stake {
		hotkey: hotkey.to_account_id(),
		amount,
	})
}

async fn register(rpc: &Rpc, coldkey: Sr25519Keyring, hotkey: Sr25519Keyring) {
	let call = RuntimeCall::Subnets(pallet_merit_subnets::Call::burned_register {
		netuid: NETUID,
		hotkey: hotkey.to_account_id(),
		consent: rpc.consent(hotkey, coldkey).await,
	});
	rpc.send(call, coldkey).await.expect_ok("burned_register");
}

/// Reserved and held funds of `who`.
async fn held(rpc: &Rpc, who: Sr25519Keyring) -> Balance {
	let info: frame_system::AccountInfo<
		merit_runtime::Nonce,
		pallet_balances::AccountData<Balance>,
	> = storage(rpc, frame_system::Account::<Runtime>::hashed_key_for(who.to_account_id()))
		.await
		.expect("the account exists");
	info.data.reserved
}

#[tokio::test(flavor = "multi_thread")]
async fn token_holders_govern_over_json_rpc() {
	let mut node = MeritNode::start("governance", &["--dev", "--sealing", "instant"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;

	// A subnet: Alice's, AliceStash as owner hotkey.
	let register_subnet = RuntimeCall::Subnets(pallet_merit_subnets::Call::register_subnet {
		owner_hotkey: AliceStash.to_account_id(),
		task: digits_task(),
		consent: rpc.consent(AliceStash, Alice).await,
	});
	rpc.send(register_subnet, Alice).await.expect_ok("register_subnet");
	assert_eq!(epoch_view(&rpc).await.tempo, 10);

	// --- 1. A subnet-admin referendum sets the tempo to 12 (a preimage: the call is long
	// enough to go by hash when wrapped in a batch with a remark). ---
	let call = RuntimeCall::Utility(pallet_utility::Call::batch_all {
		calls: vec![
			RuntimeCall::System(frame_system::Call::remark { remark: vec![7; 160] }),
			set_tempo(12),
		],
	});
	let index = propose(&rpc, Alice, OriginCaller::Origins(Origin::SubnetAdmin), call).await;
	let ReferendumInfo::Ongoing(status) = referendum(&rpc, index).await else { panic!("ongoing") };
	assert!(matches!(status.proposal, Bounded::Lookup { .. }), "went by preimage");
	assert_eq!(status.track, 1, "the subnet_admin track");
	// Bob votes free funds; Charlie stakes 900,000 MRT on his own neuron and votes 950,000.
	rpc.send(vote(index, true, 900_000 * UNIT), Bob).await.expect_ok("Bob's vote");
	register(&rpc, Charlie, CharlieStash).await;
	rpc.send(stake(CharlieStash, 900_000 * UNIT), Charlie).await.expect_ok("Charlie's stake");
	let free = rpc.free_balance(&Charlie.to_account_id(), None).await;
	assert!(free < 950_000 * UNIT, "Charlie's vote needs his stake");
	rpc.send(vote(index, true, 950_000 * UNIT), Charlie).await.expect_ok("Charlie's staked vote");
	// Ferdie votes through stock @polkadot/api.
	let report = js::run(&node, "vote.mjs", &[index.to_string()]).await;
	assert_eq!(report["events"][0], "convictionVoting.Voted", "{report}");
	let ReferendumInfo::Ongoing(status) = referendum(&rpc, index).await else { panic!("ongoing") };
	assert_eq!(status.tally.support, (900_000 + 950_000 + 10) * UNIT, "three ayes");
	assert_eq!(report["ayes"], (status.tally.ayes).to_string(), "polkadot.js reads the tally");

	assert!(matches!(decide(&rpc, index, 60).await, ReferendumInfo::Approved(..)));
	// Enacted a block later; then epochs run every 12 blocks.
	rpc.create_blocks(2).await;
	assert_eq!(epoch_view(&rpc).await.tempo, 12);
	let last = |v: SubnetEpochView<Balance>| (v.epoch, v.last_run);
	let start = last(epoch_view(&rpc).await);
	let mut runs = vec![];
	while runs.len() < 3 {
		rpc.create_blocks(1).await;
		let now = last(epoch_view(&rpc).await);
		if now.0 > start.0 && runs.last() != Some(&now) {
			runs.push(now);
		}
	}
	// The first epoch after the change lands on the new schedule (`(block + netuid) % 12`);
	// from then on they are 12 blocks apart.
	assert_eq!(runs[1].1 % 12, 0, "epochs at the new tempo: {runs:?}");
	assert_eq!(runs[2].1 - runs[1].1, 12, "epochs at the new tempo: {runs:?}");

	// --- 2. A referendum that fails: Dave's nays outweigh Eve's ayes. ---
	let reserved_before = held(&rpc, Eve).await;
	let index = propose(&rpc, Eve, OriginCaller::Origins(Origin::SubnetAdmin), set_tempo(13)).await;
	assert_eq!(held(&rpc, Eve).await - reserved_before, 10 * UNIT + 1_000 * UNIT, "both deposits");
	rpc.send(vote(index, true, 100_000 * UNIT), Eve).await.expect_ok("Eve's aye");
	rpc.send(vote(index, false, 900_000 * UNIT), Dave).await.expect_ok("Dave's nay");
	assert!(matches!(decide(&rpc, index, 60).await, ReferendumInfo::Rejected(..)));
	rpc.create_blocks(3).await;
	assert_eq!(epoch_view(&rpc).await.tempo, 12, "nothing changed");
	let refund = RuntimeCall::Referenda(pallet_referenda::Call::refund_decision_deposit { index });
	rpc.send(refund, Ferdie).await.expect_ok("anyone refunds the decision deposit");
	let keep = RuntimeCall::Referenda(pallet_referenda::Call::refund_submission_deposit { index });
	let sent = rpc.send(keep, Eve).await;
	assert_eq!(
		sent.module_error(),
		error_of(REFERENDA, pallet_referenda::Error::<Runtime>::BadStatus)
	);
	assert_eq!(held(&rpc, Eve).await - reserved_before, 10 * UNIT, "the submission deposit stays");

	// --- 3. A slash cancelled before it applies. ---
	slash_cancelled_by_referendum(&rpc).await;

	// --- 4. A treasury spend. ---
	let treasury = merit_runtime::configs::treasury::TreasuryAccount::get();
	let pot = rpc.free_balance(&treasury, None).await;
	let spend = RuntimeCall::Treasury(pallet_treasury::Call::spend {
		asset_kind: Box::new(()),
		amount: 500 * UNIT,
		beneficiary: Box::new(Ferdie.to_account_id()),
		valid_from: None,
	});
	let index = propose(&rpc, Alice, OriginCaller::Origins(Origin::SmallSpender), spend).await;
	rpc.send(vote(index, true, 900_000 * UNIT), Bob).await.expect_ok("Bob's vote");
	assert!(matches!(decide(&rpc, index, 60).await, ReferendumInfo::Approved(..)));
	rpc.create_blocks(2).await;
	let spends: u32 = storage(&rpc, pallet_treasury::SpendCount::<Runtime>::hashed_key().to_vec())
		.await
		.expect("a spend was approved");
	let ferdie = rpc.free_balance(&Ferdie.to_account_id(), None).await;
	let payout = RuntimeCall::Treasury(pallet_treasury::Call::payout { index: spends - 1 });
	let sent = rpc.send(payout, Dave).await.expect_ok("payout");
	assert_eq!(
		rpc.free_balance(&Ferdie.to_account_id(), Some(sent.block)).await,
		ferdie + 500 * UNIT
	);
	assert!(sent.events.contains(&RuntimeEvent::Balances(pallet_balances::Event::Transfer {
		from: treasury.clone(),
		to: Ferdie.to_account_id(),
		amount: 500 * UNIT,
	})));
	assert!(pot > 500 * UNIT);

	// --- 5. Bad input. ---
	bad_input(&rpc).await;
}

/// A copy offence with stake behind it, then a slash-canceller referendum that cancels it.
async fn slash_cancelled_by_referendum(rpc: &Rpc) {
	// Ferdie's miner reveals a model; Dave's miner, with 1,000 MRT of Dave's stake, copies it.
	register(rpc, Ferdie, FerdieStash).await;
	register(rpc, Dave, DaveStash).await;
	rpc.send(stake(DaveStash, 1_000 * UNIT), Dave).await.expect_ok("Dave's stake");
	let model = sp_io::hashing::blake2_256(b"a trained digits model");
	let mut slash = None;
	for who in [FerdieStash, DaveStash] {
		let binding = pallet_merit_subnets::Pallet::<Runtime>::model_binding(
			&model,
			&who.to_account_id(),
			NETUID,
		);
		let commit = RuntimeCall::Subnets(pallet_merit_subnets::Call::commit_model {
			netuid: NETUID,
			binding,
			size_bytes: 50_000,
		});
		rpc.send(commit, who).await.expect_ok("commit_model");
		let reveal = RuntimeCall::Subnets(pallet_merit_subnets::Call::reveal_model {
			netuid: NETUID,
			model_hash: model,
		});
		let sent = rpc.send(reveal, who).await.expect_ok("reveal_model");
		slash = slash.or(scheduled(&sent));
	}
	let id = slash.expect("the copy scheduled a slash");

	let cancel = RuntimeCall::Slashing(pallet_merit_slashing::Call::cancel_deferred_slash {
		netuid: NETUID,
		id,
	});
	let index = propose(rpc, Alice, OriginCaller::Origins(Origin::SlashCanceller), cancel).await;
	// Dave's stake is what the slash takes: it may not vote on cancelling it.
	let sent = rpc.send(vote(index, true, 1_000 * UNIT), Dave).await;
	assert_eq!(
		sent.module_error(),
		error_of(ORIGINS, pallet_merit_origins::Error::<Runtime>::StakeAtRisk)
	);
	rpc.send(vote(index, true, 900_000 * UNIT), Bob).await.expect_ok("Bob's vote");
	let mut cancelled = false;
	for _ in 0..40 {
		rpc.create_blocks(1).await;
		let best = rpc.best_number().await;
		let hash = rpc.block_hash(best).await.expect("best block");
		let events = rpc.events(hash).await;
		for record in events {
			match record.event {
				RuntimeEvent::Slashing(pallet_merit_slashing::Event::SlashCancelled {
					id: c,
					..
				}) if c == id => cancelled = true,
				RuntimeEvent::Slashing(pallet_merit_slashing::Event::SlashApplied { .. }) => {
					panic!("the slash applied before the referendum cancelled it")
				},
				_ => {},
			}
		}
		if cancelled {
			break;
		}
	}
	assert!(cancelled, "the slash-canceller referendum cancelled slash {id}");
	assert!(matches!(referendum(rpc, index).await, ReferendumInfo::Approved(..)));
}

/// The id of the slash a transaction scheduled, if any.
fn scheduled(sent: &Sent) -> Option<u32> {
	sent.events.iter().find_map(|e| match e {
		RuntimeEvent::Slashing(pallet_merit_slashing::Event::SlashScheduled { id, .. }) => {
			Some(*id)
		},
		_ => None,
	})
}

async fn bad_input(rpc: &Rpc) {
	let index =
		propose(rpc, Alice, OriginCaller::Origins(Origin::SubnetAdmin), set_tempo(11)).await;
	let issuance = rpc.total_issuance(None).await;
	// More than one holds.
	let sent = rpc.send(vote(index, true, issuance), Bob).await;
	assert_eq!(
		sent.module_error(),
		error_of(CONVICTION_VOTING, pallet_conviction_voting::Error::<Runtime>::InsufficientFunds)
	);
	// No such referendum.
	let sent = rpc.send(vote(index + 100, true, UNIT), Bob).await;
	assert_eq!(
		sent.module_error(),
		error_of(CONVICTION_VOTING, pallet_conviction_voting::Error::<Runtime>::NotOngoing)
	);
	// A referendum that would act as an account: no track.
	let submit = RuntimeCall::Referenda(pallet_referenda::Call::submit {
		proposal_origin: Box::new(OriginCaller::system(frame_system::RawOrigin::Signed(
			Alice.to_account_id(),
		))),
		proposal: Bounded::Inline(set_tempo(11).encode().try_into().unwrap()),
		enactment_moment: DispatchTime::After(0),
	});
	let sent = rpc.send(submit, Bob).await;
	assert_eq!(
		sent.module_error(),
		error_of(REFERENDA, pallet_referenda::Error::<Runtime>::NoTrack)
	);
	// A slash-canceller referendum proposing anything but one cancellation is filtered.
	let submit = RuntimeCall::Referenda(pallet_referenda::Call::submit {
		proposal_origin: Box::new(OriginCaller::Origins(Origin::SlashCanceller)),
		proposal: Bounded::Inline(set_tempo(11).encode().try_into().unwrap()),
		enactment_moment: DispatchTime::After(0),
	});
	let sent = rpc.send(submit, Bob).await;
	assert!(!sent.ok);
	assert!(
		sent.events.iter().any(|e| matches!(
			e,
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error: sp_runtime::DispatchError::Module(m),
				..
			}) if m.index == 0
		)),
		"CallFiltered: {:?}",
		sent.events
	);
	// An account calling an admin call itself.
	let emission = RuntimeCall::Consensus(pallet_merit_consensus::Call::set_emission_share {
		netuid: NETUID,
		share: 9,
	});
	let sent = rpc.send(emission, Bob).await;
	assert!(sent.events.iter().any(|e| matches!(
		e,
		RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
			dispatch_error: sp_runtime::DispatchError::BadOrigin,
			..
		})
	)));
}
