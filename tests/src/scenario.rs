//! A live subnet for the tests that read one: Alice's subnet 0 (owner hotkey AliceStash), with
//! Bob and Charlie's stash keys staked as validators (300 and 100 MRT) and Dave, Eve and
//! Ferdie's as miners, registered with their hotkeys' consent over RPC.

use crate::rpc::Rpc;
use merit_primitives::NetUid;
use merit_runtime::{Hash, Runtime, RuntimeCall, UNIT};
use sp_keyring::Sr25519Keyring::{self, *};

/// The subnet [`register`] creates (the first on a fresh dev chain).
pub const NETUID: NetUid = 0;

/// Every neuron's (coldkey, hotkey), by UID after the owner's: validators first.
pub const NEURONS: [(Sr25519Keyring, Sr25519Keyring); 5] = [
	(Bob, BobStash),
	(Charlie, CharlieStash),
	(Dave, DaveStash),
	(Eve, EveStash),
	(Ferdie, FerdieStash),
];

fn subnets(call: pallet_merit_subnets::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Subnets(call)
}

/// Alice registers subnet [`NETUID`].
pub async fn register_subnet(rpc: &Rpc) {
	let consent = rpc.consent(AliceStash, Alice).await;
	let call = pallet_merit_subnets::Call::register_subnet {
		owner_hotkey: AliceStash.to_account_id(),
		task: crate::tx::digits_task(),
		consent,
	};
	rpc.send(subnets(call), Alice).await.expect_ok("register_subnet");
}

/// Registers every one of [`NEURONS`] (UIDs 0..5) and stakes the two validators.
pub async fn register_neurons(rpc: &Rpc) {
	for (coldkey, hotkey) in NEURONS {
		let call = pallet_merit_subnets::Call::burned_register {
			netuid: NETUID,
			hotkey: hotkey.to_account_id(),
			consent: rpc.consent(hotkey, coldkey).await,
		};
		rpc.send(subnets(call), coldkey).await.expect_ok("burned_register");
	}
	for (coldkey, hotkey, amount) in
		[(Bob, BobStash, 300 * UNIT), (Charlie, CharlieStash, 100 * UNIT)]
	{
		let call = pallet_merit_staking::Call::add_stake { hotkey: hotkey.to_account_id(), amount };
		rpc.send(RuntimeCall::Staking(call), coldkey).await.expect_ok("add_stake");
	}
}

/// Grants [`NETUID`] an emission share through sudo (the dev chain's admin).
pub async fn grant_share(rpc: &Rpc) {
	let call = pallet_merit_consensus::Call::set_emission_share { netuid: NETUID, share: 1 };
	let sudo = pallet_sudo::Call::sudo { call: Box::new(RuntimeCall::Consensus(call)) };
	rpc.send(RuntimeCall::Sudo(sudo), Alice).await.expect_ok("grant an emission share");
}

/// [`NETUID`]'s epoch counter now: its open round.
pub async fn current_epoch(rpc: &Rpc) -> u32 {
	let view: Option<pallet_merit_consensus_runtime_api::SubnetEpochView<merit_runtime::Balance>> =
		rpc.runtime_api("ConsensusApi_subnet_epoch", NETUID, None).await;
	view.expect("the subnet exists").epoch
}

/// The basis of weights on `uids` scored in [`NETUID`]'s open round, every weighted file
/// obtained.
pub async fn basis_now(rpc: &Rpc, uids: &[u16]) -> merit_primitives::round::WeightsBasis {
	merit_primitives::round::WeightsBasis {
		round: current_epoch(rpc).await,
		fetched: merit_primitives::round::FetchedSet::of(uids.iter().copied()),
	}
}

/// Seals blocks until [`NETUID`]'s epoch counter reaches `target`; returns the hash of the
/// block the epoch ran in.
pub async fn wait_for_epoch(rpc: &Rpc, target: u32) -> Hash {
	for _ in 0..40 {
		let view: Option<
			pallet_merit_consensus_runtime_api::SubnetEpochView<merit_runtime::Balance>,
		> = rpc.runtime_api("ConsensusApi_subnet_epoch", NETUID, None).await;
		let view = view.expect("the subnet exists");
		if view.epoch >= target {
			return rpc.block_hash(view.last_run).await.expect("the epoch's block exists");
		}
		rpc.create_blocks(1).await;
	}
	panic!("epoch {target} did not come within 40 blocks");
}
