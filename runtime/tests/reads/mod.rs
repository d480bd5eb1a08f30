//! Reads for clients on the real runtime, with the `development` and the `testnet` presets:
//! the view functions a client finds in the metadata (V16) and calls by id, and the selective,
//! paginated metagraph, checked against the full metagraph and the epoch's own event. One
//! file per topic.

mod balances;
mod metagraph;
mod view_functions;

use crate::harness::*;
use frame_support::assert_ok;
use merit_primitives::{NetUid, Uid};
use merit_runtime::{AccountId, Subnets};

/// A subnet with two miners and a validator whose weights have gone through an epoch, so
/// every metagraph column has something to show.
pub struct Scored {
	pub netuid: NetUid,
	pub validator: AccountId,
	pub miners: [AccountId; 2],
}

/// Builds [`Scored`]: the owner registers and stakes a validator, two miners commit models,
/// the validator weights them 3:1, and epochs run until one pays out on those weights.
pub fn scored_subnet() -> Scored {
	let owner = actor("owner");
	let netuid = register_subnet(&owner, &actor("owner-hotkey"));
	grant_share(netuid);
	let validator = actor("validator-a-hotkey");
	let miners = [actor("miner-hotkey"), actor("miner-2-hotkey")];
	register(netuid, &actor("validator-a"), &validator);
	let uids: Vec<Uid> = miners.iter().map(|m| register(netuid, &actor("miner"), m)).collect();
	stake(&actor("validator-a"), &validator, permit_stake(2));
	for (i, miner) in miners.iter().enumerate() {
		commit_and_reveal_model(netuid, miner, [i as u8 + 1; 32]);
	}
	assert_ok!(Subnets::serve_axon(
		signed(&miners[0]),
		netuid,
		pallet_merit_subnets::IpAddress::V4([8, 8, 4, 4]),
		8711,
		pallet_merit_subnets::AxonProtocol::Http,
		1,
	));
	next_epoch(netuid); // permits
	let weights = [3, 1];
	if hyperparams(netuid).commit_reveal {
		commit_weights(netuid, &validator, &uids, &weights);
		for _ in 0..hyperparams(netuid).reveal_period {
			next_epoch(netuid);
		}
		reveal_weights(netuid, &validator, &uids, &weights);
	} else {
		assert_ok!(set_weights(netuid, &validator, &uids, &weights));
	}
	next_epoch(netuid);
	Scored { netuid, validator, miners }
}
