//! # The dev-chain demo
//!
//! [`setup`] turns a fresh dev chain into a working subnet, as real users would, over
//! JSON-RPC:
//!
//! 1. Alice registers subnet 0 with the digits task, and a referendum on the subnet-admin
//!    track grants it an emission share ([`referendum`]): a new subnet earns nothing until
//!    then.
//! 2. The validator, hotkey `//Bob//stash` (Bob's coldkey pays), registers and is staked
//!    300 MRT for a validator permit; its secret goes into the node's keystore as key type
//!    `mrtv` (`author_insertKey`), so the node's off-chain worker scores with it.
//! 3. Three miners (hotkeys `//Dave//stash`, `//Eve//stash`, `//Ferdie//stash`) train a
//!    good model, a weak one, and a corrupt file, register, commit and reveal their files,
//!    serve them over HTTP on loopback and announce their axons.
//!
//! From then on the node scores them every epoch and consensus pays them by quality;
//! [`standings`] shows the metagraph.

use merit_client::{chain, Client, Signer};
use merit_miner::{onchain, serve, train};
use merit_primitives::{NetUid, TaskKind, TaskSpec};
use merit_runtime::{Runtime, RuntimeCall, UNIT};
use std::{sync::Arc, time::Duration};

pub mod referendum;

/// The demo's subnet.
pub const NETUID: NetUid = 0;
/// The validator's hotkey.
pub const VALIDATOR: &str = "//Bob//stash";
/// The miners: name, hotkey, training steps (`None`: a corrupt file).
pub const MINERS: [(&str, &str, Option<u32>); 3] = [
	("good", "//Dave//stash", Some(300)),
	("weak", "//Eve//stash", Some(4)),
	("corrupt", "//Ferdie//stash", None),
];

const INCLUSION: Duration = Duration::from_secs(60);

pub(crate) fn signer(suri: &str) -> Result<Signer, String> {
	Signer::from_suri(suri).map_err(|e| e.to_string())
}

/// What [`setup`] made.
pub struct Demo {
	pub netuid: NetUid,
	pub validator: Signer,
	/// Each miner's name and UID.
	pub miners: Vec<(&'static str, u16)>,
}

/// Serves `file` at its hash on a free loopback port, in the background.
async fn serve_file(file: Vec<u8>) -> Result<u16, String> {
	let listener =
		tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| format!("serve: {e}"))?;
	let port = listener.local_addr().map_err(|e| format!("serve: {e}"))?.port();
	let served = serve::Served {
		path: chain::model_path(&chain::model_hash(&file)),
		file: file.into(),
		slots: Arc::new(tokio::sync::Semaphore::new(4)),
	};
	tokio::spawn(serve::serve_on(listener, served));
	Ok(port)
}

/// A digits model trained for `steps` steps, or a corrupt file.
fn model(steps: Option<u32>) -> Result<Vec<u8>, String> {
	match steps {
		Some(steps) => train::digits(&train::Plan {
			hidden: vec![32],
			steps,
			batch: 128,
			learning_rate: 0.01,
			seed: 11,
			width: 8,
		}),
		None => Ok(b"this is not a model".to_vec()),
	}
}

pub(crate) async fn send(
	client: &Client,
	call: RuntimeCall,
	who: &Signer,
	what: &str,
) -> Result<(), String> {
	client
		.sign_and_submit(call, who, INCLUSION)
		.await
		.and_then(|i| i.into_result(what))
		.map(|_| ())
		.map_err(|e| e.to_string())
}

/// Where the validator's key and the miners live.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Setup {
	/// Here: the key goes into the node's keystore over RPC (`author_insertKey`, an unsafe
	/// method) and the miners run in this process, on loopback (`scripts/run-dev.sh`).
	InProcess,
	/// Elsewhere: the validator's node has the key in its keystore already and the miners are
	/// `merit-miner run` processes of their own (docker/compose.yaml); only the subnet, its
	/// share and the validator's registration and stake are set up here.
	External,
}

/// Sets up the demo subnet on a fresh dev or local chain (see the crate docs). In-process
/// miners' servers run on the current tokio runtime for as long as it lives.
pub async fn setup(client: &Client, mode: Setup) -> Result<Demo, String> {
	let alice = signer("//Alice")?;
	if client.subnet(NETUID, None).await.map_err(|e| e.to_string())?.is_none() {
		let task = TaskSpec {
			kind: TaskKind::Digits,
			max_model_bytes: 1 << 20,
			dataset_id: b"uci-digits".to_vec().try_into().map_err(|_| "dataset id")?,
			eval_size: 512,
		};
		let owner_hotkey = signer("//Alice//stash")?;
		let genesis = client.genesis().await.map_err(|e| e.to_string())?;
		let consent = owner_hotkey.consent(&alice.account(), &genesis, u32::MAX);
		let call = RuntimeCall::Subnets(pallet_merit_subnets::Call::<Runtime>::register_subnet {
			owner_hotkey: owner_hotkey.account(),
			task,
			consent: Some(consent),
		});
		send(client, call, &alice, "register_subnet").await?;
		eprintln!("demo: subnet {NETUID} (digits) registered by Alice");
	}
	let epoch = client.subnet_epoch(NETUID, None).await.map_err(|e| e.to_string())?;
	if epoch.is_none_or(|e| e.emission_share == 0) {
		referendum::grant_share(client, NETUID).await?;
	}

	let (bob, validator) = (signer("//Bob")?, signer(VALIDATOR)?);
	onchain::register(client, NETUID, &bob, &validator).await?;
	let stake = RuntimeCall::Staking(pallet_merit_staking::Call::<Runtime>::add_stake {
		hotkey: validator.account(),
		amount: 300 * UNIT,
	});
	send(client, stake, &bob, "add_stake").await?;
	if mode == Setup::External {
		eprintln!("demo: validator {} staked", validator.account());
		return Ok(Demo { netuid: NETUID, validator, miners: Vec::new() });
	}
	let account = validator.account();
	let public = merit_client::to_hex(AsRef::<[u8]>::as_ref(&account));
	client
		.call("author_insertKey", jsonrpsee::rpc_params!["mrtv", VALIDATOR, public])
		.await
		.map_err(|e| {
			format!("{e} (the node must allow unsafe RPC methods: --dev on localhost does)")
		})?;
	eprintln!("demo: validator {} staked; its key is in the node's keystore", validator.account());

	let mut miners = Vec::new();
	for (name, suri, steps) in MINERS {
		let hotkey = signer(suri)?;
		let coldkey = signer(suri.trim_end_matches("//stash"))?;
		let file = model(steps)?;
		let uid = onchain::register(client, NETUID, &coldkey, &hotkey).await?;
		onchain::commit(client, NETUID, &hotkey, &file).await?;
		let port = serve_file(file).await?;
		onchain::announce(client, NETUID, &hotkey, [127, 0, 0, 1].into(), port).await?;
		eprintln!("demo: the {name} miner (UID {uid}) serves on 127.0.0.1:{port}");
		miners.push((name, uid));
	}
	Ok(Demo { netuid: NETUID, validator, miners })
}

/// The subnet's metagraph as a table: UID, role, stake, incentive, dividends, emission.
pub async fn standings(client: &Client, demo: &Demo) -> Result<String, String> {
	let epoch = client
		.subnet_epoch(demo.netuid, None)
		.await
		.map_err(|e| e.to_string())?
		.ok_or("the demo subnet is gone")?;
	// Four columns of the whole subnet, not every field.
	use merit_client::chain::{MetagraphField as F, MAX_METAGRAPH_PAGE};
	let fields = [F::Hotkey, F::Incentive, F::Dividends, F::Emission];
	let page = client
		.metagraph_page(demo.netuid, &fields, 0, MAX_METAGRAPH_PAGE, None)
		.await
		.map_err(|e| e.to_string())?
		.map_err(|e| format!("the demo subnet's metagraph: {e:?}"))?;
	let mut out = format!(
		"subnet {} epoch {}\n  uid  role       incentive  dividends  emission (MRT)\n",
		demo.netuid, epoch.epoch
	);
	let share = |v: &Option<Vec<merit_client::Perbill>>| -> Vec<f64> {
		v.iter().flatten().map(|p| f64::from(p.deconstruct()) / 1e9).collect()
	};
	let (incentive, dividends) = (share(&page.incentive), share(&page.dividends));
	let (hotkeys, emission) =
		(page.hotkey.clone().unwrap_or_default(), page.emission.clone().unwrap_or_default());
	for (i, uid) in page.uids.iter().enumerate() {
		let Some(hotkey) = hotkeys.get(i) else { continue };
		let role = if *hotkey == demo.validator.account() {
			"validator"
		} else {
			let by_hotkey = MINERS
				.iter()
				.find(|(_, suri, _)| signer(suri).is_ok_and(|miner| miner.account() == *hotkey));
			by_hotkey.map_or("", |(name, _, _)| *name)
		};
		out.push_str(&format!(
			"  {:>3}  {:<9}  {:>9.4}  {:>9.4}  {:>14.6}\n",
			uid,
			role,
			incentive.get(i).copied().unwrap_or_default(),
			dividends.get(i).copied().unwrap_or_default(),
			emission.get(i).copied().unwrap_or_default() as f64 / UNIT as f64,
		));
	}
	Ok(out)
}
