//! Every view function on a real node, as a client without Merit's code calls it: found by
//! name in the metadata V16 the node serves (`Metadata_metadata_at_version`), called through
//! `RuntimeViewFunction_execute_view_function` with its id, the answer decoded whole as the
//! type the pallet declares. Input that does not decode, trailing bytes and an unknown id are
//! errors the runtime returns, never a trap.

use codec::{Decode, DecodeAll, Encode};
use frame_metadata::{v16::RuntimeMetadataV16, RuntimeMetadata, RuntimeMetadataPrefixed};
use frame_support::view_functions::{ViewFunctionDispatchError, ViewFunctionId};
use merit_e2e::{rpc::Rpc, scenario::NETUID};
use merit_runtime::{AccountId, Balance};
use sp_keyring::Sr25519Keyring::*;

type Answer = Result<Vec<u8>, ViewFunctionDispatchError>;

async fn metadata(rpc: &Rpc) -> RuntimeMetadataV16 {
	let bytes: Option<Vec<u8>> = rpc.runtime_api("Metadata_metadata_at_version", 16u32, None).await;
	let bytes = bytes.expect("the node serves metadata V16");
	match RuntimeMetadataPrefixed::decode(&mut &bytes[..]).expect("metadata decodes").1 {
		RuntimeMetadata::V16(m) => m,
		_ => panic!("asked for V16"),
	}
}

fn id(metadata: &RuntimeMetadataV16, pallet: &str, name: &str) -> ViewFunctionId {
	let p = metadata.pallets.iter().find(|p| p.name == pallet).expect(pallet);
	let f = p.view_functions.iter().find(|f| f.name == name).expect(name);
	let (prefix, suffix) = f.id.split_at(16);
	ViewFunctionId { prefix: prefix.try_into().unwrap(), suffix: suffix.try_into().unwrap() }
}

async fn call(rpc: &Rpc, id: ViewFunctionId, input: Vec<u8>) -> Answer {
	rpc.runtime_api("RuntimeViewFunction_execute_view_function", (id, input), None).await
}

/// Calls `pallet.name(args)` and decodes the answer whole as `R`.
async fn view<R: Decode>(
	rpc: &Rpc,
	metadata: &RuntimeMetadataV16,
	pallet: &str,
	name: &str,
	args: impl Encode,
) -> R {
	let bytes = call(rpc, id(metadata, pallet, name), args.encode())
		.await
		.unwrap_or_else(|e| panic!("{pallet}.{name}: {e:?}"));
	R::decode_all(&mut &bytes[..]).unwrap_or_else(|e| panic!("{pallet}.{name} answer: {e}"))
}

/// Runs on the node of `rpc`, whose subnet 0 has Bob and Charlie's validators and Dave, Eve
/// and Ferdie's miners.
pub async fn every_view_function_answers_and_refuses_bad_input(rpc: &Rpc) {
	use pallet_merit_consensus::views::{EmissionView, SubnetEpochView};
	use pallet_merit_staking::views::{ColdkeyStakeView, DelegateView, HotkeyStakeView};
	use pallet_merit_subnets::views::{NeuronView, RegistrationCosts, SubnetView};
	let m = metadata(rpc).await;

	let subnets: Vec<SubnetView<AccountId, Balance>> =
		view(rpc, &m, "Subnets", "subnets", ()).await;
	assert_eq!(subnets.len(), 1);
	let subnet: Option<SubnetView<AccountId, Balance>> =
		view(rpc, &m, "Subnets", "subnet", NETUID).await;
	assert_eq!(subnet.as_ref(), subnets.first());
	let neuron: Option<NeuronView<AccountId, Balance>> =
		view(rpc, &m, "Subnets", "neuron", (NETUID, 2u16)).await;
	assert_eq!(neuron.as_ref().map(|n| n.hotkey.clone()), Some(DaveStash.to_account_id()));
	let by_hotkey: Option<NeuronView<AccountId, Balance>> =
		view(rpc, &m, "Subnets", "neuron_by_hotkey", (NETUID, DaveStash.to_account_id())).await;
	assert_eq!(by_hotkey, neuron);
	let costs: RegistrationCosts<Balance> =
		view(rpc, &m, "Subnets", "registration_costs", ()).await;
	assert_eq!(costs.subnets.len(), 1);
	assert_eq!(costs.subnets[0].burn, subnets[0].burn);

	let stake: ColdkeyStakeView<AccountId, Balance> =
		view(rpc, &m, "Staking", "coldkey_stake", Bob.to_account_id()).await;
	assert_eq!(stake.positions[0].hotkey, BobStash.to_account_id());
	let backing: HotkeyStakeView<AccountId, Balance> =
		view(rpc, &m, "Staking", "hotkey_stake", BobStash.to_account_id()).await;
	assert_eq!(backing.owner, Some(Bob.to_account_id()));
	let delegates: Vec<DelegateView<AccountId, Balance>> =
		view(rpc, &m, "Staking", "delegates", ()).await;
	assert!(delegates.iter().any(|d| d.hotkey == BobStash.to_account_id()));

	let epoch: Option<SubnetEpochView<Balance>> = view(rpc, &m, "Consensus", "epoch", NETUID).await;
	assert!(epoch.is_some_and(|e| e.epoch >= 1));
	let epochs: Vec<SubnetEpochView<Balance>> = view(rpc, &m, "Consensus", "epochs", ()).await;
	assert_eq!(epochs.len(), 1);
	let weights: Option<Vec<(u16, u16)>> =
		view(rpc, &m, "Consensus", "weights", (NETUID, 0u16)).await;
	assert_eq!(
		weights.map(|w| w.iter().map(|(uid, _)| *uid).collect::<Vec<_>>()),
		Some(vec![2, 3])
	);
	let commits: Vec<pallet_merit_consensus::WeightCommit> =
		view(rpc, &m, "Consensus", "weight_commits", (NETUID, BobStash.to_account_id())).await;
	assert!(commits.is_empty(), "weights were set, not committed");
	let emission: EmissionView<Balance> = view(rpc, &m, "Consensus", "emission", ()).await;
	assert!(emission.books.minted > 0);

	// Unknown keys answer "none", not a default.
	let missing: Option<SubnetView<AccountId, Balance>> =
		view(rpc, &m, "Subnets", "subnet", 99u16).await;
	assert_eq!(missing, None);

	// Bad input: an error of the runtime API, never a trap.
	let neuron = id(&m, "Subnets", "neuron");
	assert!(matches!(
		call(rpc, neuron.clone(), vec![0]).await,
		Err(ViewFunctionDispatchError::Codec)
	));
	let trailing = (NETUID, 2u16, 9u8).encode();
	assert!(matches!(call(rpc, neuron, trailing).await, Err(ViewFunctionDispatchError::Codec)));
	let mut unknown = id(&m, "Consensus", "epoch");
	unknown.suffix = [7; 16];
	assert!(matches!(
		call(rpc, unknown, NETUID.encode()).await,
		Err(ViewFunctionDispatchError::NotFound(_))
	));
}
