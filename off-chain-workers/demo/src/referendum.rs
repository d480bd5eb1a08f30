//! The demo's referendum: a subnet gets its emission share the way it would on the public
//! testnet, by a referendum on the subnet-admin track, not by sudo.
//!
//! Alice submits `Consensus::set_emission_share(netuid, 1)` with the subnet-admin origin and
//! places the decision deposit; Alice and Charlie vote aye with 600,000 MRT each (about a
//! tenth of the issuance). On the dev chain's block timescale the track's support curve falls
//! from 25% to 1% over a 20-block decision period, so the referendum is confirmed after about
//! 15 blocks and enacted one block later.

use crate::send;
use codec::Decode;
use merit_client::Client;
use merit_primitives::NetUid;
use merit_runtime::{OriginCaller, Runtime, RuntimeCall, UNIT};
use std::time::{Duration, Instant};

/// What each voter puts behind its aye.
const VOTE: merit_runtime::Balance = 600_000 * UNIT;
/// How long the demo waits for the referendum to pass and be enacted.
const PASSING: Duration = Duration::from_secs(180);

/// Grants `netuid` an emission share by referendum and waits until it is enacted.
pub async fn grant_share(client: &Client, netuid: NetUid) -> Result<(), String> {
	let (alice, charlie) = (crate::signer("//Alice")?, crate::signer("//Charlie")?);
	let key = pallet_referenda::ReferendumCount::<Runtime>::hashed_key();
	let count = client.storage(&key, None).await.map_err(|e| e.to_string())?;
	let index = count.map(|b| u32::decode(&mut &b[..]).unwrap_or(0)).unwrap_or(0);
	let grant =
		RuntimeCall::Consensus(pallet_merit_consensus::Call::<Runtime>::set_emission_share {
			netuid,
			share: 1,
		});
	let proposal = frame_support::traits::Bounded::Inline(
		codec::Encode::encode(&grant).try_into().map_err(|_| "the call is too long to inline")?,
	);
	let submit = RuntimeCall::Referenda(pallet_referenda::Call::<Runtime>::submit {
		proposal_origin: Box::new(OriginCaller::Origins(pallet_merit_origins::Origin::SubnetAdmin)),
		proposal,
		enactment_moment: frame_support::traits::schedule::DispatchTime::After(0),
	});
	send(client, submit, &alice, "Referenda::submit").await?;
	let deposit =
		RuntimeCall::Referenda(pallet_referenda::Call::<Runtime>::place_decision_deposit { index });
	send(client, deposit, &alice, "Referenda::place_decision_deposit").await?;
	eprintln!(
		"demo: referendum {index} on the subnet_admin track: set_emission_share({netuid}, 1)"
	);
	for voter in [&alice, &charlie] {
		let vote = RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::<Runtime>::vote {
			poll_index: index,
			vote: pallet_conviction_voting::AccountVote::Standard {
				vote: pallet_conviction_voting::Vote {
					aye: true,
					conviction: pallet_conviction_voting::Conviction::Locked1x,
				},
				balance: VOTE,
			},
		});
		send(client, vote, voter, "ConvictionVoting::vote").await?;
	}
	eprintln!("demo: Alice and Charlie voted aye with 600,000 MRT each; waiting for it to pass");
	let start = Instant::now();
	loop {
		let epoch = client.subnet_epoch(netuid, None).await.map_err(|e| e.to_string())?;
		if epoch.is_some_and(|e| e.emission_share > 0) {
			eprintln!(
				"demo: referendum {index} passed and was enacted after {} s: subnet {netuid} has an emission share",
				start.elapsed().as_secs()
			);
			return Ok(());
		}
		if start.elapsed() > PASSING {
			return Err(format!("referendum {index} did not pass within {} s", PASSING.as_secs()));
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}
