//! The standalone validator: the scoring round for every subnet the hotkey validates, once
//! per epoch, over JSON-RPC, with weights committed then revealed (or set directly where the
//! subnet does not use commit–reveal) and faulty miners reported.

use crate::round::{candidates, round_weights, score_all, FetchLimits, MinerResult};
use merit_client::{chain, AccountId, Client, Error, RuntimeCall, Signer};
use merit_host::EvalSet;
use merit_primitives::NetUid;
use merit_runtime::Runtime;
use merit_scoring::Seed;
use std::{
	collections::BTreeMap,
	path::{Path, PathBuf},
	time::Duration,
};

/// How long a transaction may take to reach a block.
const INCLUSION: Duration = Duration::from_secs(60);

/// Weights committed and not yet revealed.
#[derive(Clone, Debug, PartialEq, Eq, codec::Encode, codec::Decode)]
pub struct Pending {
	pub netuid: NetUid,
	pub reveal_epoch: u32,
	pub uids: Vec<u16>,
	pub weights: Vec<u16>,
	pub salt: [u8; 32],
	pub version_key: u64,
}

/// A validator's state between blocks: the last epoch scored per subnet and the reveals due.
/// With a state file ([`Validator::with_state_file`]) it survives restarts.
#[derive(Default)]
pub struct Validator {
	state: State,
	state_file: Option<PathBuf>,
	/// The coldkey the hotkey must be registered to ([`Validator::for_coldkey`]).
	coldkey: Option<AccountId>,
}

/// What the validator remembers; the state file holds it SCALE-encoded.
#[derive(Default, codec::Encode, codec::Decode)]
struct State {
	scored: BTreeMap<NetUid, u32>,
	pending: Vec<Pending>,
}

impl Validator {
	/// A validator whose state is read from `path` (if the file exists) and written back
	/// after every change, so a restart between commit and reveal still reveals.
	pub fn with_state_file(path: &Path) -> Result<Self, String> {
		let mut validator = Self { state_file: Some(path.to_path_buf()), ..Self::default() };
		match std::fs::read(path) {
			Ok(bytes) => {
				validator.state =
					<State as codec::Decode>::decode(&mut &bytes[..]).map_err(|e| {
						format!("{}: not a merit-validator state file ({e})", path.display())
					})?;
			},
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => {},
			Err(e) => return Err(format!("{}: {e}", path.display())),
		}
		Ok(validator)
	}

	/// Refuses to score on a subnet where the hotkey's UID is registered to another coldkey
	/// than `coldkey`: its dividends would go to that coldkey.
	pub fn for_coldkey(mut self, coldkey: AccountId) -> Self {
		self.coldkey = Some(coldkey);
		self
	}

	/// The reveals waiting for their epoch.
	pub fn pending(&self) -> &[Pending] {
		&self.state.pending
	}

	/// Writes the state file, if there is one; a failure is logged, never fatal.
	fn save(&self) {
		let Some(path) = &self.state_file else { return };
		let tmp = path.with_extension("tmp");
		let written = std::fs::write(&tmp, codec::Encode::encode(&self.state))
			.and_then(|()| std::fs::rename(&tmp, path));
		if let Err(e) = written {
			eprintln!("validator: cannot save state to {}: {e}", path.display());
		}
	}
}

/// What one subnet's round did, for logs and tests.
#[derive(Debug)]
pub struct RoundReport {
	pub netuid: NetUid,
	pub epoch: u32,
	pub seed_block: u32,
	pub results: Vec<MinerResult>,
	pub weights: Vec<(u16, u16)>,
}

fn consensus(call: pallet_merit_consensus::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Consensus(call)
}

async fn send(
	client: &Client,
	call: RuntimeCall,
	hotkey: &Signer,
	what: &str,
) -> Result<(), Error> {
	client.sign_and_submit(call, hotkey, INCLUSION).await?.into_result(what).map(|_| ())
}

impl Validator {
	/// Does what is due on `netuid` now: reveals whose epoch has come, then this epoch's
	/// round if not yet run. Returns the round's report if one ran.
	pub async fn step(
		&mut self,
		client: &Client,
		hotkey: &Signer,
		netuid: NetUid,
		limits: FetchLimits,
	) -> Result<Option<RoundReport>, Error> {
		let Some(epoch) = client.subnet_epoch(netuid, None).await? else { return Ok(None) };
		self.reveal_due(client, hotkey, netuid, epoch.epoch).await;
		if self.state.scored.get(&netuid) == Some(&epoch.epoch) {
			return Ok(None);
		}
		// The epoch's seed: the hash of its first block, known to everyone once it exists.
		let seed_block = epoch.last_run.saturating_add(1);
		let Some(seed_hash) = client.block_hash(seed_block).await? else { return Ok(None) };
		self.state.scored.insert(netuid, epoch.epoch);
		self.save();
		// Our neuron's owner and permit: three columns, not the whole metagraph.
		let ours = match client.neuron_by_hotkey(netuid, &hotkey.account(), Some(seed_hash)).await?
		{
			Some(neuron) => {
				use merit_client::chain::MetagraphField::ValidatorPermit;
				let page = client
					.metagraph_page(netuid, &[ValidatorPermit], neuron.uid, 1, Some(seed_hash))
					.await?
					.ok();
				let permit = page.and_then(|p| p.validator_permit?.first().copied());
				Some((neuron, permit.unwrap_or(false)))
			},
			None => None,
		};
		if let (Some((neuron, _)), Some(coldkey)) = (&ours, &self.coldkey) {
			merit_client::ensure_ours(&neuron.coldkey, &neuron.hotkey, coldkey)?;
		}
		let permitted = ours.is_some_and(|(_, permit)| permit);
		if !permitted {
			eprintln!(
				"validator: no permit on subnet {netuid} in epoch {}; not scoring",
				epoch.epoch
			);
			return Ok(None);
		}
		let Some(subnet) = client.subnet(netuid, Some(seed_hash)).await? else { return Ok(None) };
		let neurons = client.neurons(netuid, Some(seed_hash)).await?;
		let seed = Seed::for_epoch(&seed_hash.0, netuid);
		let set = EvalSet::new(&subnet.task.kind, &seed, subnet.task.eval_size);
		let limits = FetchLimits { cap: subnet.task.max_model_bytes as usize, ..limits };
		// Fetched in an order drawn from the epoch's seed: nobody can place slow miners ahead
		// of the ones it wants left out when the round's time runs out.
		let mut candidates = candidates(&neurons, seed_block);
		candidates.sort_by_key(|c| chain::model_hash(&codec::Encode::encode(&(seed_hash, c.uid))));
		let results = score_all(candidates, &set, limits).await;
		for r in &results {
			match &r.outcome {
				Ok(e) => eprintln!(
					"validator: subnet {netuid} uid {}: score {} {:?}",
					r.candidate.uid, e.score.0, e.metrics
				),
				Err(f) => eprintln!("validator: subnet {netuid} uid {}: 0 ({f})", r.candidate.uid),
			}
		}
		let own_uid = neurons.iter().find(|n| n.hotkey == hotkey.account()).map(|n| n.uid);
		let faults = crate::round::reports(&results, own_uid);
		if faults.is_empty() && results.iter().any(|r| r.outcome.is_err()) {
			eprintln!(
				"validator: subnet {netuid}: no miner could be reached; is this machine \
				 offline? nothing reported"
			);
		}
		self.report_faults(client, hotkey, netuid, &faults).await;
		let hyperparams = &subnet.hyperparams;
		let fitted = round_weights(
			&results,
			&set,
			hyperparams.min_allowed_weights,
			hyperparams.max_weight_limit.deconstruct(),
		);
		let report = RoundReport {
			netuid,
			epoch: epoch.epoch,
			seed_block,
			results,
			weights: fitted.clone().unwrap_or_default(),
		};
		let Some(weights) = fitted else {
			eprintln!(
				"validator: subnet {netuid} epoch {}: no weights meet the subnet's limits (no \
				 model beat guessing, or too few were scored); none sent",
				epoch.epoch
			);
			return Ok(Some(report));
		};
		let (uids, values): (Vec<u16>, Vec<u16>) = weights.into_iter().unzip();
		let version_key = subnet.hyperparams.weights_version_key;
		if subnet.hyperparams.commit_reveal {
			let salt = salt();
			let hash =
				chain::weights_hash(&hotkey.account(), netuid, &uids, &values, &salt, version_key);
			send(
				client,
				consensus(pallet_merit_consensus::Call::commit_weights {
					netuid,
					commit_hash: hash,
				}),
				hotkey,
				"commit_weights",
			)
			.await?;
			let reveal_epoch = client
				.weight_commits(netuid, &hotkey.account(), None)
				.await?
				.into_iter()
				.find(|c| c.commit_hash == hash)
				.map(|c| c.reveal_epoch)
				.unwrap_or(epoch.epoch.saturating_add(u32::from(epoch.reveal_period)));
			self.state.pending.push(Pending {
				netuid,
				reveal_epoch,
				uids,
				weights: values,
				salt,
				version_key,
			});
			self.save();
		} else {
			let call = pallet_merit_consensus::Call::set_weights {
				netuid,
				uids: uids.try_into().map_err(|_| Error::Refused("too many weights".into()))?,
				weights: values
					.try_into()
					.map_err(|_| Error::Refused("too many weights".into()))?,
				version_key,
			};
			send(client, consensus(call), hotkey, "set_weights").await?;
		}
		Ok(Some(report))
	}
}

impl Validator {
	/// Reveals the weights committed on `netuid` whose reveal epoch is `epoch`; drops those
	/// whose epoch passed (their commits expire on chain, with an event).
	async fn reveal_due(&mut self, client: &Client, hotkey: &Signer, netuid: NetUid, epoch: u32) {
		let (due, later): (Vec<Pending>, Vec<Pending>) = std::mem::take(&mut self.state.pending)
			.into_iter()
			.partition(|p| p.netuid == netuid && p.reveal_epoch <= epoch);
		self.state.pending = later;
		if !due.is_empty() {
			self.save();
		}
		for p in due {
			if p.reveal_epoch < epoch {
				eprintln!(
					"validator: subnet {netuid}: missed the reveal window of epoch {}",
					p.reveal_epoch
				);
				continue;
			}
			let (Ok(uids), Ok(weights)) = (p.uids.try_into(), p.weights.try_into()) else {
				continue;
			};
			let call = pallet_merit_consensus::Call::reveal_weights {
				netuid,
				uids,
				weights,
				salt: p.salt,
				version_key: p.version_key,
			};
			match send(client, consensus(call), hotkey, "reveal_weights").await {
				Ok(()) => {
					eprintln!("validator: subnet {netuid}: weights revealed in epoch {epoch}")
				},
				Err(e) => eprintln!("validator: subnet {netuid}: {e}"),
			}
		}
	}

	/// Reports the round's faults ([`crate::round::reports`]) on chain; a refused report
	/// (already reported, no permit) is logged, never fatal.
	async fn report_faults(
		&self,
		client: &Client,
		hotkey: &Signer,
		netuid: NetUid,
		faults: &[(u16, pallet_merit_slashing::ModelFault)],
	) {
		for &(uid, fault) in faults {
			let call = RuntimeCall::Slashing(pallet_merit_slashing::Call::report_model {
				netuid,
				uid,
				fault,
			});
			match send(client, call, hotkey, "report_model").await {
				Ok(()) => eprintln!("validator: subnet {netuid} uid {uid}: reported {fault:?}"),
				Err(e) => eprintln!("validator: subnet {netuid} uid {uid}: {e}"),
			}
		}
	}
}

/// A fresh random salt for a weight commit.
fn salt() -> [u8; 32] {
	rand::random()
}
