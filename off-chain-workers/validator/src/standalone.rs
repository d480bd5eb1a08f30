//! The standalone validator: the scoring round for every subnet the hotkey validates, once
//! per epoch, over JSON-RPC, with weights committed then revealed (or set directly where the
//! subnet does not use commit–reveal) and faulty miners reported.

use crate::round::{self, neuron_models, Detail, FetchLimits};
use merit_client::{
	chain::{self, AxonInfo},
	AccountId, Client, Error, RuntimeCall, Signer,
};
use merit_host::EvalSet;
use merit_primitives::{
	round::{
		EpochSeed, Outcome, PendingReveal, RevealStep, Round, RoundResult, Submission, WeightsBasis,
	},
	NetUid,
};
use merit_runtime::Runtime;
use merit_scoring::Seed;
use std::{
	collections::BTreeMap,
	path::{Path, PathBuf},
	time::Duration,
};

/// How long a transaction may take to reach a block.
const INCLUSION: Duration = Duration::from_secs(60);

/// Weights committed on a subnet and not yet revealed (the round core's pending reveal).
#[derive(Clone, Debug, PartialEq, Eq, codec::Encode, codec::Decode)]
pub struct Pending {
	pub netuid: NetUid,
	pub reveal: PendingReveal,
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

/// What the validator remembers; the state file holds [`STATE_MAGIC`] and then this,
/// SCALE-encoded.
#[derive(Default, codec::Encode, codec::Decode)]
struct State {
	scored: BTreeMap<NetUid, u32>,
	pending: Vec<Pending>,
}

/// The start of a state file since weights carry their basis (`spec_version` 109).
const STATE_MAGIC: &[u8] = b"merit-validator-state/3\n";

/// The start of the state files of `merit-validator`s from the round core to the basis; the
/// files of older ones start with no mark.
const STATE_MAGIC_2: &[u8] = b"merit-validator-state/2\n";

impl State {
	/// The state a file holds: the current format; or an older `merit-validator`'s, whose
	/// scored epochs are kept and whose pending reveals are dropped (their commits hash no
	/// basis: the chain refuses to reveal them since `spec_version` 109).
	fn decode(bytes: &[u8]) -> Result<Self, codec::Error> {
		use codec::{Decode, DecodeAll};
		if let Some(mut current) = bytes.strip_prefix(STATE_MAGIC) {
			return Self::decode_all(&mut current);
		}
		let mut older = bytes.strip_prefix(STATE_MAGIC_2).unwrap_or(bytes);
		// Both older formats start with the scored epochs.
		let scored = BTreeMap::<NetUid, u32>::decode(&mut older)?;
		if !older.is_empty() && older != [0] {
			eprintln!(
				"validator: pending reveals from an older merit-validator dropped: their \
				 commits cannot be revealed on this chain"
			);
		}
		Ok(Self { scored, pending: Vec::new() })
	}

	fn encode(&self) -> Vec<u8> {
		let mut bytes = STATE_MAGIC.to_vec();
		codec::Encode::encode_to(self, &mut bytes);
		bytes
	}
}

impl Validator {
	/// A validator whose state is read from `path` (if the file exists) and written back
	/// after every change, so a restart between commit and reveal still reveals.
	pub fn with_state_file(path: &Path) -> Result<Self, String> {
		let mut validator = Self { state_file: Some(path.to_path_buf()), ..Self::default() };
		match std::fs::read(path) {
			Ok(bytes) => {
				validator.state = State::decode(&bytes).map_err(|e| {
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

	/// The last epoch this validator scored on `netuid`.
	pub fn last_scored(&self, netuid: NetUid) -> Option<u32> {
		self.state.scored.get(&netuid).copied()
	}

	/// The reveals waiting for their epoch.
	pub fn pending(&self) -> &[Pending] {
		&self.state.pending
	}

	/// Writes the state file, if there is one; a failure is logged, never fatal.
	fn save(&self) {
		let Some(path) = &self.state_file else { return };
		let tmp = path.with_extension("tmp");
		let written =
			std::fs::write(&tmp, self.state.encode()).and_then(|()| std::fs::rename(&tmp, path));
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
	/// The round core's result: every candidate's outcome, the reports and the weights.
	pub result: RoundResult<AxonInfo>,
	/// What happened to each fetched miner, by UID.
	pub details: std::collections::BTreeMap<u16, Detail>,
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
		// The round the chain fixed for this epoch, and its seed: the hash of the block after
		// the one it was fixed in, known to everyone once it exists.
		let Some(fixed) = client.round(netuid, epoch.epoch, None).await? else { return Ok(None) };
		let seed_block = fixed.seed_block;
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
		let permitted = ours.as_ref().is_some_and(|(_, permit)| *permit);
		if !permitted {
			eprintln!(
				"validator: no permit on subnet {netuid} in epoch {}; not scoring",
				epoch.epoch
			);
			return Ok(None);
		}
		let Some(subnet) = client.subnet(netuid, Some(seed_hash)).await? else { return Ok(None) };
		// The neurons now: a fixed candidate that re-committed since is left out.
		let neurons = client.neurons(netuid, None).await?;
		let hyperparams = &subnet.hyperparams;
		let round = Round::fixed(
			EpochSeed { netuid, epoch: epoch.epoch, block: seed_block, hash: seed_hash.0 },
			subnet.task.clone(),
			fixed.limits,
			ours.as_ref().map(|(neuron, _)| neuron.uid),
			&fixed.candidates,
			neuron_models(&neurons),
		);
		let set = EvalSet::new(
			&subnet.task.kind,
			&Seed::for_epoch(&seed_hash.0, netuid),
			subnet.task.eval_size,
		);
		let (result, details) = round::run(round, &set, limits).await;
		for (uid, detail) in &details {
			eprintln!("validator: subnet {netuid} uid {uid}: {detail}");
		}
		let network_failures =
			result.miners.iter().any(|(_, o)| matches!(o, Outcome::Failed(f) if f.is_network()));
		if result.reports.is_empty() && network_failures {
			eprintln!(
				"validator: subnet {netuid}: no miner could be reached; is this machine \
				 offline? nothing reported"
			);
		}
		self.report_faults(client, hotkey, netuid, &result.reports).await;
		let submission = Submission::of(result.weights.clone(), hyperparams.commit_reveal);
		let fetched = result.fetched_set();
		let basis = WeightsBasis { round: epoch.epoch, fetched: fetched.clone() };
		let version_key = hyperparams.weights_version_key;
		let report = RoundReport { netuid, epoch: epoch.epoch, seed_block, result, details };
		match submission {
			Submission::Nothing => eprintln!(
				"validator: subnet {netuid} epoch {}: no weights meet the subnet's limits (no \
				 model beat guessing, or too few were scored); none sent",
				epoch.epoch
			),
			Submission::Commit { uids, weights } => {
				let salt = salt();
				let hash = chain::weights_hash(
					&hotkey.account(),
					netuid,
					&uids,
					&weights,
					&basis,
					&salt,
					version_key,
				);
				let call =
					pallet_merit_consensus::Call::commit_weights { netuid, commit_hash: hash };
				send(client, consensus(call), hotkey, "commit_weights").await?;
				let reveal = PendingReveal {
					hash,
					epoch: epoch.epoch,
					uids,
					weights,
					salt,
					version_key,
					sent_at: None,
					fetched,
				};
				self.state.pending.push(Pending { netuid, reveal });
				self.save();
			},
			Submission::Set { uids, weights } => {
				let too_many = || Error::Refused("too many weights".into());
				let call = pallet_merit_consensus::Call::set_weights {
					netuid,
					uids: uids.try_into().map_err(|_| too_many())?,
					weights: weights.try_into().map_err(|_| too_many())?,
					basis,
					version_key,
				};
				send(client, consensus(call), hotkey, "set_weights").await?;
			},
		}
		Ok(Some(report))
	}
}

impl Validator {
	/// Reveals the weights committed on `netuid` that are due in `epoch`, again every few
	/// blocks until the commit is gone from the chain; drops those revealed, missed or never
	/// landed ([`PendingReveal::step`], as the node's worker does).
	async fn reveal_due(&mut self, client: &Client, hotkey: &Signer, netuid: NetUid, epoch: u32) {
		if !self.state.pending.iter().any(|p| p.netuid == netuid) {
			return;
		}
		let (Ok(now), Ok(commits)) = (
			client.best_number().await,
			client.weight_commits(netuid, &hotkey.account(), None).await,
		) else {
			return;
		};
		let mut changed = false;
		let mut keep = Vec::new();
		for mut p in std::mem::take(&mut self.state.pending) {
			if p.netuid != netuid {
				keep.push(p);
				continue;
			}
			let on_chain =
				commits.iter().find(|c| c.commit_hash == p.reveal.hash).map(|c| c.reveal_epoch);
			let step = p.reveal.step(on_chain, epoch, now);
			match step {
				RevealStep::Send => {
					let r = &p.reveal;
					let (Ok(uids), Ok(weights)) =
						(r.uids.clone().try_into(), r.weights.clone().try_into())
					else {
						eprintln!("validator: subnet {netuid}: too many weights to reveal");
						changed = true;
						continue;
					};
					let call = pallet_merit_consensus::Call::reveal_weights {
						netuid,
						uids,
						weights,
						basis: r.basis(),
						salt: r.salt,
						version_key: r.version_key,
					};
					match send(client, consensus(call), hotkey, "reveal_weights").await {
						Ok(()) => {
							eprintln!(
								"validator: subnet {netuid}: weights revealed in epoch {epoch}"
							)
						},
						Err(e) => eprintln!("validator: subnet {netuid}: {e}"),
					}
					// Sent or refused, the next try waits a few blocks (a reveal the chain
					// refuses would otherwise pay a fee every poll until its epoch ends).
					p.reveal.sent(now);
					changed = true;
				},
				RevealStep::Missed { due } => {
					eprintln!("validator: subnet {netuid}: missed the reveal window of epoch {due}")
				},
				RevealStep::NeverLanded => eprintln!(
					"validator: subnet {netuid}: the weights committed in epoch {} never \
					 reached the chain",
					p.reveal.epoch
				),
				RevealStep::Wait | RevealStep::Revealed => {},
			}
			if PendingReveal::kept(step) {
				keep.push(p);
			} else {
				changed = true;
			}
		}
		self.state.pending = keep;
		if changed {
			self.save();
		}
	}

	/// Reports the round's faults ([`crate::round::reports`]) on chain; a refused report
	/// (already reported, no permit) is logged, never fatal.
	async fn report_faults(
		&self,
		client: &Client,
		hotkey: &Signer,
		netuid: NetUid,
		faults: &[(u16, merit_primitives::round::Fault)],
	) {
		for &(uid, fault) in faults {
			let fault = pallet_merit_slashing::ModelFault::from(fault);
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
