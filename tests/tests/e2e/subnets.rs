//! The subnet life cycle on a real dev node, over JSON-RPC, with balances checked at each
//! step: register a subnet, register three neurons on two UIDs (the oldest pruned), stake and
//! delegate, unstake and withdraw after unbonding, serve an axon, commit and reveal a model (a
//! copy recorded as such, the copier forfeiting its UID), dissolve the subnet (sudo).

use codec::Encode;
use merit_e2e::{
	node::{MeritNode, STARTUP},
	rpc::{Rpc, Sent},
};
use merit_primitives::NetUid;
use merit_runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent, UNIT};
use pallet_merit_staking::views::HotkeyStakeView;
use pallet_merit_subnets::{
	views::{NeuronView, SubnetView},
	AxonProtocol, Hyperparameter, IpAddress,
};
use sp_keyring::Sr25519Keyring::{self, *};

type Subnet = Option<SubnetView<AccountId, Balance>>;
type Neurons = Vec<NeuronView<AccountId, Balance>>;

const NETUID: NetUid = 0;
/// The development preset's lock floor and miner bond.
const LOCK: Balance = 100 * UNIT;
const BOND: Balance = UNIT;

fn subnets(call: pallet_merit_subnets::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Subnets(call)
}

fn staking(call: pallet_merit_staking::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Staking(call)
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

fn error_of<E: Encode>(pallet: u8, error: E) -> Option<(u8, u8)> {
	Some((pallet, error.encode()[0]))
}

/// `who`'s free balance after `sent`'s block.
async fn free(rpc: &Rpc, who: Sr25519Keyring, sent: &Sent) -> Balance {
	rpc.free_balance(&who.to_account_id(), Some(sent.block)).await
}

async fn neurons(rpc: &Rpc) -> Neurons {
	rpc.runtime_api("SubnetsApi_neurons", NETUID, None).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_subnet_lives_and_dies_over_json_rpc() {
	let mut node = MeritNode::start("subnets", &["--dev", "--sealing", "instant"]);
	let rpc = Rpc::connect(&mut node, STARTUP).await;
	let balance = |who: Sr25519Keyring| {
		let rpc = &rpc;
		async move { rpc.free_balance(&who.to_account_id(), None).await }
	};

	// --- A subnet: Alice's coldkey, AliceStash as owner hotkey; the lock is held. ---
	let lock: Balance = rpc.runtime_api("SubnetsApi_subnet_lock_cost", (), None).await;
	assert_eq!(lock, LOCK);
	let task = merit_e2e::tx::digits_task();
	let alice_before = balance(Alice).await;
	let sent = rpc
		.send(
			subnets(pallet_merit_subnets::Call::register_subnet {
				owner_hotkey: AliceStash.to_account_id(),
				task: task.clone(),
				consent: rpc.consent(AliceStash, Alice).await,
			}),
			Alice,
		)
		.await
		.expect_ok("register_subnet");
	assert_eq!(free(&rpc, Alice, &sent).await, alice_before - LOCK - sent.fee);
	let subnet: Subnet = rpc.runtime_api("SubnetsApi_subnet", NETUID, None).await;
	let subnet = subnet.expect("subnet 0 exists");
	assert_eq!((subnet.owner, subnet.lock, subnet.task), (Alice.to_account_id(), LOCK, task));
	let lock_now: Balance = rpc.runtime_api("SubnetsApi_subnet_lock_cost", (), None).await;
	assert!(lock_now > LOCK, "the lock cost doubled after a registration: {lock_now}");

	// Two UIDs, no immunity: the third registration prunes. The UID and validator caps are
	// the admin's (sudo); immunity is the owner's.
	for param in [Hyperparameter::MaxValidators(2), Hyperparameter::MaxUids(2)] {
		let sent = rpc
			.send(
				sudo(subnets(pallet_merit_subnets::Call::set_hyperparameter {
					netuid: NETUID,
					param,
				})),
				Alice,
			)
			.await
			.expect_ok("sudo");
		assert!(
			sent.events
				.contains(&RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Ok(()) })),
			"{:?}",
			sent.events
		);
	}
	rpc.send(
		subnets(pallet_merit_subnets::Call::set_hyperparameter {
			netuid: NETUID,
			param: Hyperparameter::ImmunityPeriod(0),
		}),
		Alice,
	)
	.await
	.expect_ok("owner sets ImmunityPeriod");
	// The owner's change is queued, visible to all, and applies after the subnet's next epoch.
	let subnet: Subnet = rpc.runtime_api("SubnetsApi_subnet", NETUID, None).await;
	let subnet = subnet.expect("subnet 0 exists");
	assert_eq!(subnet.hyperparams.immunity_period, 20);
	assert_eq!(subnet.pending_hyperparams.map(|hp| hp.immunity_period), Some(0));
	rpc.create_blocks(10).await;
	let subnet: Subnet = rpc.runtime_api("SubnetsApi_subnet", NETUID, None).await;
	let subnet = subnet.expect("subnet 0 exists");
	assert_eq!((subnet.hyperparams.max_uids, subnet.hyperparams.immunity_period), (2, 0));
	assert!(subnet.pending_hyperparams.is_none());

	// --- Three neurons: Bob→Dave, Charlie→Eve, then Bob→Ferdie takes Dave's UID. ---
	let register = |coldkey: Sr25519Keyring, hotkey: Sr25519Keyring| {
		let rpc = &rpc;
		async move {
			let issuance = rpc.total_issuance(None).await;
			let before = rpc.free_balance(&coldkey.to_account_id(), None).await;
			let sent = rpc
				.send(
					subnets(pallet_merit_subnets::Call::burned_register {
						netuid: NETUID,
						hotkey: hotkey.to_account_id(),
						consent: rpc.consent(hotkey, coldkey).await,
					}),
					coldkey,
				)
				.await
				.expect_ok("burned_register");
			let burned = sent
				.events
				.iter()
				.find_map(|e| match e {
					RuntimeEvent::Subnets(pallet_merit_subnets::Event::NeuronRegistered {
						burned,
						bond,
						..
					}) => {
						assert_eq!(*bond, BOND);
						Some(*burned)
					},
					_ => None,
				})
				.expect("NeuronRegistered");
			assert!(burned >= UNIT / 10, "at least the minimum burn: {burned}");
			// The burn and the fee leave the supply; the bond only moves to a hold.
			assert_eq!(rpc.total_issuance(Some(sent.block)).await, issuance - burned - sent.fee);
			(sent, before, burned)
		}
	};
	let (sent, before, burned) = register(Bob, Dave).await;
	assert_eq!(free(&rpc, Bob, &sent).await, before - burned - BOND - sent.fee);
	let (sent, before, burned) = register(Charlie, Eve).await;
	assert_eq!(free(&rpc, Charlie, &sent).await, before - burned - BOND - sent.fee);
	let (sent, before, burned) = register(Bob, Ferdie).await;
	assert!(sent.events.contains(&RuntimeEvent::Subnets(
		pallet_merit_subnets::Event::NeuronDeregistered {
			netuid: NETUID,
			uid: 0,
			hotkey: Dave.to_account_id(),
			bond_returned: BOND,
		}
	)));
	// Dave's bond came back as Ferdie's was held: Bob paid only the burn and the fee.
	assert_eq!(free(&rpc, Bob, &sent).await, before - burned - sent.fee);
	let uids: Vec<_> = neurons(&rpc).await.into_iter().map(|n| (n.uid, n.hotkey)).collect();
	assert_eq!(uids, vec![(0, Ferdie.to_account_id()), (1, Eve.to_account_id())]);

	// --- Stake and delegate: Bob stakes on Ferdie, opens it, Charlie nominates. ---
	let stake_call = |amount| {
		staking(pallet_merit_staking::Call::add_stake { hotkey: Ferdie.to_account_id(), amount })
	};
	let before = balance(Bob).await;
	let sent = rpc.send(stake_call(50 * UNIT), Bob).await.expect_ok("add_stake");
	assert_eq!(free(&rpc, Bob, &sent).await, before - 50 * UNIT - sent.fee);
	let refused = rpc.send(stake_call(20 * UNIT), Charlie).await;
	assert!(!refused.ok);
	assert_eq!(
		refused.module_error(),
		error_of(11, pallet_merit_staking::Error::<Runtime>::NotADelegate)
	);
	rpc.send(
		staking(pallet_merit_staking::Call::become_delegate { hotkey: Ferdie.to_account_id() }),
		Bob,
	)
	.await
	.expect_ok("become_delegate");
	let before = balance(Charlie).await;
	let sent = rpc.send(stake_call(20 * UNIT), Charlie).await.expect_ok("nominate");
	assert_eq!(free(&rpc, Charlie, &sent).await, before - 20 * UNIT - sent.fee);
	let backing: HotkeyStakeView<AccountId, Balance> =
		rpc.runtime_api("StakingApi_hotkey_stake", Ferdie.to_account_id(), None).await;
	assert_eq!(backing.total_stake, 70 * UNIT);
	assert_eq!(backing.owner, Some(Bob.to_account_id()));
	assert!(backing.delegate.is_some());

	// --- Unstake, refused withdrawal before maturity, withdrawal after. ---
	rpc.send(
		staking(pallet_merit_staking::Call::remove_stake {
			hotkey: Ferdie.to_account_id(),
			amount: 20 * UNIT,
		}),
		Charlie,
	)
	.await
	.expect_ok("remove_stake");
	let withdraw = || {
		staking(pallet_merit_staking::Call::withdraw_unbonded { hotkey: Ferdie.to_account_id() })
	};
	let before = balance(Charlie).await;
	let early = rpc.send(withdraw(), Charlie).await;
	assert_eq!(
		early.module_error(),
		error_of(11, pallet_merit_staking::Error::<Runtime>::NothingToWithdraw)
	);
	assert_eq!(free(&rpc, Charlie, &early).await, before - early.fee, "a refusal costs its fee");
	// The dev chain's unbonding period (40 blocks: longer than the slash window).
	rpc.create_blocks(40).await;
	let before = balance(Charlie).await;
	let sent = rpc.send(withdraw(), Charlie).await.expect_ok("withdraw_unbonded");
	assert_eq!(free(&rpc, Charlie, &sent).await, before + 20 * UNIT - sent.fee);

	// --- Ferdie serves an axon (loopback is allowed on dev chains). ---
	rpc.send(
		subnets(pallet_merit_subnets::Call::serve_axon {
			netuid: NETUID,
			ip: IpAddress::V4([127, 0, 0, 1]),
			port: 8080,
			protocol: AxonProtocol::Http,
			version: 1,
		}),
		Ferdie,
	)
	.await
	.expect_ok("serve_axon");
	let axon = neurons(&rpc).await[0].axon.clone().expect("Ferdie's axon");
	assert_eq!((axon.ip, axon.port), (IpAddress::V4([127, 0, 0, 1]), 8080));

	// --- Ferdie commits and reveals a model; Eve copies it and is recorded as a copy. ---
	let model = sp_io::hashing::blake2_256(b"a trained digits model");
	for who in [Ferdie, Eve] {
		let binding = pallet_merit_subnets::Pallet::<Runtime>::model_binding(
			&model,
			&who.to_account_id(),
			NETUID,
		);
		rpc.send(
			subnets(pallet_merit_subnets::Call::commit_model {
				netuid: NETUID,
				binding,
				size_bytes: 50_000,
			}),
			who,
		)
		.await
		.expect_ok("commit_model");
		let sent = rpc
			.send(
				subnets(pallet_merit_subnets::Call::reveal_model {
					netuid: NETUID,
					model_hash: model,
				}),
				who,
			)
			.await
			.expect_ok("reveal_model");
		let copied = sent.events.contains(&RuntimeEvent::Subnets(
			pallet_merit_subnets::Event::ModelCopied {
				netuid: NETUID,
				copier: Eve.to_account_id(),
				original: Ferdie.to_account_id(),
				model_hash: model,
			},
		));
		assert_eq!(copied, who == Eve);
		// The copier forfeits its UID at once: half its bond slashed, half returned.
		let forfeited = sent.events.contains(&RuntimeEvent::Subnets(
			pallet_merit_subnets::Event::NeuronForfeited {
				netuid: NETUID,
				uid: 1,
				hotkey: Eve.to_account_id(),
				coldkey: Charlie.to_account_id(),
				bond_slashed: BOND / 2,
				bond_returned: BOND / 2,
				reason: merit_primitives::SlashReason::CopiedModel,
			},
		));
		assert_eq!(forfeited, who == Eve, "{:?}", sent.events);
	}
	let models: Vec<_> = neurons(&rpc).await.into_iter().map(|n| n.model.unwrap()).collect();
	assert_eq!(models[0].revealed, Some(model));
	assert_eq!(models[0].copy_of, None);
	assert_eq!(models[1].copy_of, Some(Ferdie.to_account_id()));

	// --- The admin (sudo) dissolves the subnet: the lock (the subnet earned no emission, so
	// it paid no owner cut) and the bonds left come back. The owner cannot dissolve. ---
	let (alice, bob, charlie) = (balance(Alice).await, balance(Bob).await, balance(Charlie).await);
	let refused = rpc
		.send(subnets(pallet_merit_subnets::Call::dissolve_subnet { netuid: NETUID }), Alice)
		.await;
	assert!(!refused.ok, "the owner may not dissolve: {:?}", refused.events);
	let alice = alice - refused.fee;
	let sent = rpc
		.send(sudo(subnets(pallet_merit_subnets::Call::dissolve_subnet { netuid: NETUID })), Alice)
		.await
		.expect_ok("sudo dissolve_subnet");
	assert!(sent
		.events
		.contains(&RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Ok(()) })));
	assert_eq!(free(&rpc, Alice, &sent).await, alice + LOCK - sent.fee);
	assert!(sent.events.contains(&RuntimeEvent::Subnets(
		pallet_merit_subnets::Event::SubnetDissolved {
			netuid: NETUID,
			owner: Alice.to_account_id(),
			lock_returned: LOCK,
			lock_burned: 0,
			neurons: 2,
		}
	)));
	// The neurons are deregistered, bonds returned, at the start of the next block.
	rpc.create_blocks(1).await;
	assert_eq!(balance(Bob).await, bob + BOND);
	assert_eq!(balance(Charlie).await, charlie, "the copier's bond was settled at the copy");
	let gone: Subnet = rpc.runtime_api("SubnetsApi_subnet", NETUID, None).await;
	assert!(gone.is_none());
	assert!(neurons(&rpc).await.is_empty());
	// Stake outlives the subnet: it backs the hotkey, not a UID.
	let backing: HotkeyStakeView<AccountId, Balance> =
		rpc.runtime_api("StakingApi_hotkey_stake", Ferdie.to_account_id(), None).await;
	assert_eq!(backing.total_stake, 50 * UNIT);
}
