//! **Attack.** A proposer takes a call that belongs to a slow, hard track (emission, root)
//! through an easier one (subnet admin, a spender), or an account calls an admin call itself.
//! **Defence.** Each admin call checks its own track's origin (or root): from any other origin
//! it fails with `BadOrigin` and changes nothing, including when a referendum on the wrong
//! track passes and is enacted.

use super::*;
use frame_support::{
	assert_noop,
	storage::{with_transaction, TransactionOutcome},
};
use merit_runtime::{RuntimeOrigin, UNIT};
use pallet_merit_origins::Origin;
use sp_runtime::{traits::Dispatchable, DispatchError};

/// Root, each track origin, and an account.
fn origins() -> [(&'static str, OriginCaller); 7] {
	[
		("root", OriginCaller::system(frame_system::RawOrigin::Root)),
		("subnet_admin", OriginCaller::Origins(Origin::SubnetAdmin)),
		("emission_admin", OriginCaller::Origins(Origin::EmissionAdmin)),
		("slash_canceller", OriginCaller::Origins(Origin::SlashCanceller)),
		("small_spender", OriginCaller::Origins(Origin::SmallSpender)),
		("treasurer", OriginCaller::Origins(Origin::Treasurer)),
		("signed", OriginCaller::system(frame_system::RawOrigin::Signed(actor("someone")))),
	]
}

/// Dispatches `call` from `origin` and rolls everything back; whether the origin got through
/// (an account that does not own the subnet is refused as `NotSubnetOwner`: it took the
/// owner's path).
fn origin_accepted(call: &RuntimeCall, origin: OriginCaller) -> bool {
	let not_owner: DispatchError = pallet_merit_subnets::Error::<Runtime>::NotSubnetOwner.into();
	with_transaction(|| {
		let error = call.clone().dispatch(RuntimeOrigin::from(origin)).err().map(|e| e.error);
		TransactionOutcome::Rollback(Ok::<_, DispatchError>(
			error != Some(DispatchError::BadOrigin) && error != Some(not_owner),
		))
	})
	.unwrap()
}

#[test]
fn each_admin_call_takes_only_its_tracks_origin() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		let network = pallet_merit_subnets::NetworkParameters::<Runtime>::get().unwrap();
		let emission = pallet_merit_consensus::EmissionConfig::<Runtime>::get().unwrap();
		let spend = |amount| {
			RuntimeCall::Treasury(pallet_treasury::Call::spend {
				asset_kind: Box::new(()),
				amount,
				beneficiary: Box::new(actor("beneficiary")),
				valid_from: None,
			})
		};
		let table: Vec<(RuntimeCall, &[&str])> = vec![
			(
				pallet_merit_subnets::Call::set_hyperparameter {
					netuid,
					param: pallet_merit_subnets::Hyperparameter::Tempo(20),
				}
				.into(),
				&["root", "subnet_admin"],
			),
			(
				pallet_merit_subnets::Call::set_network_params { params: network }.into(),
				&["root", "subnet_admin"],
			),
			(
				pallet_merit_subnets::Call::dissolve_subnet { netuid }.into(),
				&["root", "subnet_admin"],
			),
			(
				pallet_merit_consensus::Call::set_emission_share { netuid, share: 1 }.into(),
				&["root", "subnet_admin"],
			),
			(
				pallet_merit_consensus::Call::set_emission_params { params: emission }.into(),
				&["root", "emission_admin"],
			),
			(
				pallet_merit_slashing::Call::cancel_deferred_slash { netuid, id: 0 }.into(),
				&["root", "slash_canceller"],
			),
			(pallet_merit_slashing::Call::set_params { params: slash_params() }.into(), &["root"]),
			(
				pallet_merit_staking::Call::set_unbonding_blocks { blocks: 100_000 }.into(),
				&["root"],
			),
			(spend(UNIT), &["root", "small_spender", "treasurer"]),
		];
		for (call, allowed) in &table {
			for (name, origin) in origins() {
				assert_eq!(
					origin_accepted(call, origin),
					allowed.contains(&name),
					"{preset}: {name} on {call:?}"
				);
			}
		}
	});
}

#[test]
fn a_referendum_on_the_wrong_track_passes_but_changes_nothing() {
	each_preset(|preset| {
		let before = pallet_merit_consensus::EmissionConfig::<Runtime>::get().unwrap();
		let mut doubled = before.clone();
		doubled.block_emission *= 2;
		let call: RuntimeCall =
			pallet_merit_consensus::Call::set_emission_params { params: doubled }.into();
		let voter = actor("whale");
		let share = issuance_share(30);
		endow(&voter, share);
		let index = propose(&actor("proposer"), OriginCaller::Origins(Origin::SubnetAdmin), call);
		vote(&voter, index, true, share, Conviction::Locked1x);
		assert!(
			matches!(run_until_decided(index, 50_000), ReferendumInfo::Approved(..)),
			"{preset}"
		);
		run_to(now() + 1_000);
		// Enacted, and refused by the emission pallet: the subnet admin's origin is not the
		// emission admin's.
		assert!(events().iter().any(|e| matches!(
			e,
			merit_runtime::RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched {
				result: Err(DispatchError::BadOrigin),
				..
			})
		)));
		assert_eq!(pallet_merit_consensus::EmissionConfig::<Runtime>::get().unwrap(), before);
	});
}

#[test]
fn a_referendum_cannot_act_as_an_account_or_an_unknown_origin() {
	each_preset(|_| {
		let proposer = actor("proposer");
		endow(&proposer, 100 * UNIT);
		let call = Box::new(RuntimeCall::System(frame_system::Call::remark { remark: vec![] }));
		let bounded = <Preimage as StorePreimage>::bound(*call).unwrap();
		assert_noop!(
			Referenda::submit(
				signed(&proposer),
				Box::new(OriginCaller::system(frame_system::RawOrigin::Signed(actor("victim")))),
				bounded,
				frame_support::traits::schedule::DispatchTime::After(0),
			),
			pallet_referenda::Error::<Runtime>::NoTrack
		);
	});
}
