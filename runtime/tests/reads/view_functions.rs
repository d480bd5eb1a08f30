//! The view functions as a client meets them: found by name in the metadata V16 the runtime
//! serves, called by id through `RuntimeViewFunction`, the answer decoded. Each answers what
//! the pallet's own read does; bad input is an error, never a trap.

use super::scored_subnet;
use crate::harness::*;
use codec::{Decode, Encode};
use frame_metadata::{v16::RuntimeMetadataV16, RuntimeMetadata, RuntimeMetadataPrefixed};
use frame_support::view_functions::{ViewFunctionDispatchError, ViewFunctionId};
use merit_runtime::{AccountId, Balance, Consensus, Runtime, Staking, Subnets};

/// The metadata a V16 client reads.
fn metadata() -> RuntimeMetadataV16 {
	let bytes = Runtime::metadata_at_version(16).expect("the runtime serves V16");
	match RuntimeMetadataPrefixed::decode(&mut &bytes[..]).expect("metadata decodes").1 {
		RuntimeMetadata::V16(m) => m,
		_ => panic!("asked for V16"),
	}
}

/// The id of `pallet`'s view function `name`, as the metadata lists it.
fn id(metadata: &RuntimeMetadataV16, pallet: &str, name: &str) -> ViewFunctionId {
	let pallet = metadata.pallets.iter().find(|p| p.name == pallet).expect("pallet");
	let f = pallet.view_functions.iter().find(|f| f.name == name).expect(name);
	assert!(!f.docs.is_empty(), "{name} is documented");
	let (prefix, suffix) = f.id.split_at(16);
	ViewFunctionId { prefix: prefix.try_into().unwrap(), suffix: suffix.try_into().unwrap() }
}

/// Calls `pallet.name(args)` as a client does and decodes the answer as `R`.
fn call<R: Decode>(pallet: &str, name: &str, args: impl Encode) -> R {
	let bytes = Runtime::execute_view_function(id(&metadata(), pallet, name), args.encode())
		.unwrap_or_else(|e| panic!("{pallet}.{name}: {e:?}"));
	R::decode(&mut &bytes[..]).expect("the answer decodes as the metadata says")
}

#[test]
fn every_common_read_is_a_view_function() {
	let metadata = sp_io::TestExternalities::default().execute_with(metadata);
	let names = |pallet: &str| -> Vec<String> {
		let p = metadata.pallets.iter().find(|p| p.name == pallet).expect("pallet");
		p.view_functions.iter().map(|f| f.name.clone()).collect()
	};
	assert_eq!(
		names("Subnets"),
		["subnets", "subnet", "neuron", "neuron_by_hotkey", "registration_costs"]
	);
	assert_eq!(names("Staking"), ["coldkey_stake", "hotkey_stake", "delegates"]);
	assert_eq!(
		names("Consensus"),
		["epoch", "epochs", "weights", "weights_source", "round", "weight_commits", "emission"]
	);
	// Typed: the inputs are named, so a client shows `neuron(netuid, uid)`.
	let p = metadata.pallets.iter().find(|p| p.name == "Subnets").unwrap();
	let neuron = p.view_functions.iter().find(|f| f.name == "neuron").unwrap();
	let inputs: Vec<_> = neuron.inputs.iter().map(|i| i.name.as_str()).collect();
	assert_eq!(inputs, ["netuid", "uid"]);
}

#[test]
fn view_functions_answer_what_the_pallets_read() {
	each_preset(|preset| {
		let s = scored_subnet();
		let (netuid, miner) = (s.netuid, &s.miners[0]);
		let uid = uid(netuid, miner);

		let subnets: Vec<pallet_merit_subnets::views::SubnetView<AccountId, Balance>> =
			call("Subnets", "subnets", ());
		assert_eq!(subnets, Subnets::subnet_views(), "{preset}");
		assert!(subnets.iter().any(|v| v.netuid == netuid));
		let subnet: Option<pallet_merit_subnets::views::SubnetView<AccountId, Balance>> =
			call("Subnets", "subnet", netuid);
		assert_eq!(subnet, Subnets::subnet_view(netuid));
		let neuron: Option<pallet_merit_subnets::views::NeuronView<AccountId, Balance>> =
			call("Subnets", "neuron", (netuid, uid));
		assert_eq!(neuron.as_ref().map(|n| &n.hotkey), Some(miner), "{preset}");
		let by_hotkey: Option<pallet_merit_subnets::views::NeuronView<AccountId, Balance>> =
			call("Subnets", "neuron_by_hotkey", (netuid, miner));
		assert_eq!(by_hotkey, neuron);

		// Every subnet's registration cost in one read, the same as each subnet reports.
		let costs: pallet_merit_subnets::views::RegistrationCosts<merit_runtime::Balance> =
			call("Subnets", "registration_costs", ());
		assert_eq!(costs.subnet_lock, Subnets::lock_cost());
		assert_eq!(costs.subnets.len(), subnets.len());
		for (cost, subnet) in costs.subnets.iter().zip(&subnets) {
			assert_eq!((cost.netuid, cost.burn), (subnet.netuid, subnet.burn), "{preset}");
			assert_eq!(cost.bond, subnet.hyperparams.miner_bond);
			assert_eq!(cost.neurons, subnet.neurons);
		}

		let coldkey = actor("validator-a");
		let stake: pallet_merit_staking::views::ColdkeyStakeView<_, _> =
			call("Staking", "coldkey_stake", &coldkey);
		assert_eq!(stake, Staking::coldkey_view(coldkey.clone()));
		assert!(stake.total_stake >= permit_stake(2), "{preset}");
		let backing: pallet_merit_staking::views::HotkeyStakeView<_, _> =
			call("Staking", "hotkey_stake", &s.validator);
		assert_eq!(backing, Staking::hotkey_view(s.validator.clone()));
		assert_eq!(backing.owner, Some(coldkey));
		let delegates: Vec<pallet_merit_staking::views::DelegateView<_, _>> =
			call("Staking", "delegates", ());
		assert_eq!(delegates, Staking::delegate_views());

		let epoch: Option<pallet_merit_consensus::views::SubnetEpochView<merit_runtime::Balance>> =
			call("Consensus", "epoch", netuid);
		assert_eq!(epoch, Consensus::subnet_epoch(netuid));
		assert_eq!(epoch.unwrap().epoch, crate::harness::epoch(netuid), "{preset}");
		let epochs: Vec<pallet_merit_consensus::views::SubnetEpochView<merit_runtime::Balance>> =
			call("Consensus", "epochs", ());
		assert_eq!(epochs.len(), subnets.len());
		let validator_uid = crate::harness::uid(netuid, &s.validator);
		let weights: Option<Vec<(u16, u16)>> =
			call("Consensus", "weights", (netuid, validator_uid));
		assert_eq!(weights.map(|w| w.len()), Some(2), "{preset}");
		// What the weights rest on: the round they were scored in, and the files obtained.
		let source: Option<pallet_merit_consensus::WeightsSource> =
			call("Consensus", "weights_source", (netuid, validator_uid));
		let source = source.expect("weights have a source");
		assert_eq!(source.basis.fetched.uids().len(), 2, "{preset}");
		let round: Option<pallet_merit_consensus::views::RoundView> =
			call("Consensus", "round", (netuid, source.basis.round));
		assert_eq!(round, Consensus::round_view(netuid, source.basis.round));
		let round = round.expect("the round is kept");
		assert_eq!(round.seed_block, round.fixed_at + 1);
		let none: Option<pallet_merit_consensus::views::RoundView> =
			call("Consensus", "round", (netuid, u32::MAX));
		assert_eq!(none, None, "a round never opened");
		let commits: Vec<pallet_merit_consensus::WeightCommit> =
			call("Consensus", "weight_commits", (netuid, &s.validator));
		assert_eq!(commits, Consensus::commits_of(netuid, &s.validator));
		let emission: pallet_merit_consensus::views::EmissionView<merit_runtime::Balance> =
			call("Consensus", "emission", ());
		assert_eq!(emission, Consensus::emission_view());
	});
}

#[test]
fn unknown_ids_and_undecodable_input_are_errors() {
	each_preset(|_| {
		let metadata = metadata();
		// A truncated netuid: the codec error, not a trap.
		let neuron = id(&metadata, "Subnets", "neuron");
		assert!(matches!(
			Runtime::execute_view_function(neuron.clone(), vec![1]),
			Err(ViewFunctionDispatchError::Codec)
		));
		// Trailing bytes are refused too: the input is decoded whole.
		assert!(matches!(
			Runtime::execute_view_function(neuron, (0u16, 0u16, 7u8).encode()),
			Err(ViewFunctionDispatchError::Codec)
		));
		let mut unknown = id(&metadata, "Subnets", "subnets");
		unknown.suffix = [0xee; 16];
		assert!(matches!(
			Runtime::execute_view_function(unknown, vec![]),
			Err(ViewFunctionDispatchError::NotFound(_))
		));
		// Unknown keys answer `None`, not a default neuron.
		let missing: Option<
			pallet_merit_subnets::views::SubnetView<merit_runtime::AccountId, u128>,
		> = call("Subnets", "subnet", 999u16);
		assert_eq!(missing, None);
		let none: Option<pallet_merit_subnets::views::NeuronView<merit_runtime::AccountId, u128>> =
			call("Subnets", "neuron", (0u16, 4095u16));
		assert_eq!(none, None);
	});
}
