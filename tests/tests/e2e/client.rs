//! Merit's chain client (`merit-client`, shared by the miner, the validator and these tests)
//! against a real dev node: typed reads, signed calls followed to their block, failures
//! named by the pallet's error, and every bad input answered with an error.

use merit_client::{chain, Client, Error, Signer};
use merit_e2e::node::{free_port, MeritNode, STARTUP};
use merit_runtime::{Runtime, RuntimeCall, UNIT};
use pallet_merit_subnets::{AxonProtocol, IpAddress};
use std::time::Duration;

const BLOCK: Duration = Duration::from_secs(30);

fn transfer(to: &Signer, value: u128) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: to.account().into(),
		value,
	})
}

#[tokio::test(flavor = "multi_thread")]
async fn the_client_reads_signs_and_follows_calls_to_their_block() {
	let mut node = MeritNode::start("client", &["--dev", "--sealing", "instant"]);
	let client = merit_e2e::rpc::client(&mut node, STARTUP).await;
	client.check_runtime().await.expect("the client matches the dev runtime");
	let (spec, _) = client.runtime_version().await.unwrap();
	assert_eq!(spec, merit_runtime::VERSION.spec_version);

	// Typed reads through the runtime APIs.
	assert!(client.subnets(None).await.unwrap().is_empty(), "the dev chain starts without subnets");
	assert!(client.subnet(7, None).await.unwrap().is_none());
	assert!(client.neurons(7, None).await.unwrap().is_empty());
	assert!(client.metagraph(7, None).await.unwrap().is_none());
	assert!(client.subnet_epoch(7, None).await.unwrap().is_none());
	let page = client.metagraph_page(7, &[chain::MetagraphField::Stake], 0, 10, None).await;
	assert_eq!(page.unwrap(), Err(chain::MetagraphError::UnknownSubnet));
	assert_eq!(client.epoch_payouts(7, None).await.unwrap(), None);
	let funds = client.balances(&Signer::from_suri("//Alice").unwrap().account(), None).await;
	let funds = funds.unwrap();
	assert!(funds.free > 0 && funds.transferable < funds.free, "{funds:?}");
	assert_eq!((funds.stake, funds.bond, funds.subnet_lock), (0, 0, 0));

	// A signed call, followed to its block: events and fee.
	let alice = Signer::from_suri("//Alice").unwrap();
	let dave = Signer::from_suri("//Dave").unwrap();
	let sent = client.sign_and_submit(transfer(&dave, 5 * UNIT), &alice, BLOCK).await.unwrap();
	assert!(sent.ok(), "{:?}", sent.describe_error());
	assert!(sent.fee > 0);
	assert!(sent.events.iter().any(|e| matches!(
		e,
		merit_runtime::RuntimeEvent::Balances(pallet_balances::Event::Transfer { amount, .. })
			if *amount == 5 * UNIT
	)));
	assert_eq!(client.block_number(Some(sent.block)).await.unwrap(), 1);

	// A failing call is included, pays its fee, and its error is named by the pallet.
	let axon = RuntimeCall::Subnets(pallet_merit_subnets::Call::<Runtime>::serve_axon {
		netuid: 7,
		ip: IpAddress::V4([127, 0, 0, 1]),
		port: 8080,
		protocol: AxonProtocol::Http,
		version: 1,
	});
	let failed = client.sign_and_submit(axon, &dave, BLOCK).await.unwrap();
	assert!(!failed.ok());
	let named = failed.describe_error().unwrap();
	assert!(named.starts_with("Subnets("), "{named}");
	let refused = failed.into_result("serve_axon").unwrap_err();
	assert!(matches!(refused, Error::Refused(ref m) if m.starts_with("serve_axon: Subnets(")));

	// Bad input gets an error, never a panic.
	let broke = Signer::from_suri("//NobodyHasFunds").unwrap();
	let cannot_pay = client.sign_and_submit(transfer(&alice, UNIT), &broke, BLOCK).await;
	assert!(matches!(cannot_pay, Err(Error::Refused(_))), "{cannot_pay:?}");
	let garbage = client.submit_and_watch(&[0x04, 0x01, 0x02], BLOCK).await;
	assert!(matches!(garbage, Err(Error::Refused(_))), "{garbage:?}");
	let unknown: Result<u32, _> = client.runtime_api("SubnetsApi_nothing_here", (), None).await;
	assert!(matches!(unknown, Err(Error::Rpc { .. })), "{unknown:?}");
	let wrong_type: Result<[u8; 64], _> = client.runtime_api("SubnetsApi_subnets", (), None).await;
	assert!(matches!(wrong_type, Err(Error::Decode { .. })), "{wrong_type:?}");
	assert!(client.block_hash(1_000_000).await.unwrap().is_none());

	// Hashes match what the pallets compute.
	let file = b"a model file";
	let hash = chain::model_hash(file);
	assert_eq!(hash, sp_io::hashing::blake2_256(file));
	let binding = chain::model_binding(&hash, &dave.account(), 3);
	assert_eq!(
		binding,
		sp_io::hashing::blake2_256(&codec::Encode::encode(&(hash, dave.account(), 3u16)))
	);
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_listening_is_an_error() {
	let url = format!("ws://127.0.0.1:{}", free_port());
	let result = Client::connect(&url, Duration::from_secs(2)).await;
	assert!(matches!(result, Err(Error::Rpc { ref method, .. }) if method == "connect"));
}
