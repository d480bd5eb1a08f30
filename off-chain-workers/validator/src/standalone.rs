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
		EpochSeed, Outcome, PendingReveal, RevealStep, Round, RoundResult, Submission, WeightLimits,
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

/// The start of a state file since the round core: files without it are an older
/// `merit-validator`'s ([`LegacyState`]).
const STATE_MAGIC: &[u8] = b"merit-validator-state/2\n";

/// The state file of a `merit-validator` from before the round core: read once, written
/// back in the current format.
#[derive(codec::Decode)]
struct LegacyState {
	scored: BTreeMap<NetUid, u32>,
	pending: Vec<LegacyPending>,
}

/// A pending reveal as an older `merit-validator` kept it: without the commit's hash, which
/// `reveal_due` computes again before looking the commit up.
#[derive(codec::Decode)]
struct LegacyPending {
	netuid: NetUid,
	reveal_epoch: u32,
	uids: Vec<u16>,
	weights: Vec<u16>,
	salt: [u8; 32],
	version_key: u64,
}

impl State {
	/// The state a file holds: the current format, or an older `merit-validator`'s.
	fn decode(bytes: &[u8]) -> Result<Self, codec::Error> {
		use codec::DecodeAll;
		if let Some(mut current) = bytes.strip_prefix(STATE_MAGIC) {
			return Self::decode_all(&mut current);
		}
		let legacy = LegacyState::decode_all(&mut &bytes[..])?;
		let pending = legacy
			.pending
			.into_iter()
			.map(|p| Pending {
				netuid: p.netuid,
				reveal: PendingReveal {
					// Unknown: computed from the weights before the first look-up.
					hash: [0; 32],
					// The commit's epoch was not kept; its reveal epoch stands in (it only
					// delays giving up on a commit that never landed).
					epoch: p.reveal_epoch,
					uids: p.uids,
					weights: p.weights,
					salt: p.salt,
					version_key: p.version_key,
					sent_at: None,
				},
			})
			.collect();
		Ok(Self { scored: legacy.scored, pending })
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
		let permitted = ours.as_ref().is_some_and(|(_, permit)| *permit);
		if !permitted {
			eprintln!(
				"validator: no permit on subnet {netuid} in epoch {}; not scoring",
				epoch.epoch
			);
			return Ok(None);
		}
		let Some(subnet) = client.subnet(netuid, Some(seed_hash)).await? else { return Ok(None) };
		let neurons = client.neurons(netuid, Some(seed_hash)).await?;
		let hyperparams = &subnet.hyperparams;
		let round = Round::new(
			EpochSeed { netuid, epoch: epoch.epoch, block: seed_block, hash: seed_hash.0 },
			subnet.task.clone(),
			WeightLimits {
				min_count: hyperparams.min_allowed_weights,
				max_share_ppb: hyperparams.max_weight_limit.deconstruct(),
			},
			ours.as_ref().map(|(neuron, _)| neuron.uid),
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
			if p.reveal.hash == [0; 32] {
				// Kept by an older merit-validator, which did not store the commit's hash.
				let r = &p.reveal;
				p.reveal.hash = chain::weights_hash(
					&hotkey.account(),
					netuid,
					&r.uids,
					&r.weights,
					&r.salt,
					r.version_key,
				);
				changed = true;
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
