//! What the worker does each block: for each subnet (under that subnet's lock), the
//! reveals that are due, then the epoch's round for each local validator hotkey with a
//! permit, if not yet run. The round's rules are the round core's
//! (`merit_primitives::round`); this module is its IO: the node's HTTP client, the scoring
//! host function, the keystore's signer and the node's off-chain storage.

use crate::{
	chain::{Position, ValidatorChain},
	fetch::{fetch_all, Limits},
	Config, Pallet, LOG_TARGET,
};
use alloc::{string::String, vec::Vec};
use codec::Encode;
use core::ops::ControlFlow;
use frame_support::traits::Get;
use frame_system::offchain::{Account, SendSignedTransaction, Signer};
use merit_host_interface::{merit_scoring, EvalKey, HostError, MinerOutcome, ModelRequest};
use merit_primitives::{
	round::{
		Candidate, EpochSeed, FetchFailure, Outcome, PendingReveal, RevealStep, Round, RoundResult,
		Submission, WeightLimits, WeightsBasis,
	},
	NetUid, Uid,
};
use sp_runtime::offchain::{
	storage::StorageValueRef,
	storage_lock::{StorageLock, StorageLockGuard, Time},
	Duration,
};

/// The prefix of every key the worker keeps in the node's persistent off-chain storage.
const PREFIX: &[u8] = b"merit/scoring-worker/";
/// How long a subnet's round may hold its lock without extending it (it extends the lock
/// after every file).
const LOCK_EXPIRY: Duration = Duration::from_millis(5 * 60 * 1000);
/// A nonce this worker used is trusted over the chain's for this many blocks (its
/// transactions may still be in the pool); after that the chain's nonce is used again.
const NONCE_TTL: u32 = 10;

/// The persistent off-chain storage key of `what` for `hotkey` on `netuid`.
pub fn storage_key<AccountId: Encode>(what: &[u8], netuid: NetUid, hotkey: &AccountId) -> Vec<u8> {
	let mut key = PREFIX.to_vec();
	key.extend_from_slice(what);
	key.push(b'/');
	(netuid, hotkey).encode_to(&mut key);
	key
}

/// The key of `netuid`'s round lock.
pub fn lock_key(netuid: NetUid) -> Vec<u8> {
	let mut key = PREFIX.to_vec();
	key.extend_from_slice(b"lock/");
	netuid.encode_to(&mut key);
	key
}

/// The block after the one the current round was fixed in, whose hash seeds the round; a
/// round runs once that block exists (from the block itself on).
pub fn seed_block(position: &Position) -> u32 {
	position.round_fixed_at.saturating_add(1)
}

pub(crate) type Guard<'a, 'b> = StorageLockGuard<'a, 'b, Time>;

impl<T: Config> Pallet<T> {
	/// The worker's entry point for block `now`.
	pub(crate) fn work(now: u32) {
		let accounts: Vec<Account<T>> =
			Signer::<T, T::AuthorityId>::all_accounts().accounts_from_keys().collect();
		if accounts.is_empty() {
			// Not a validator node: nothing to do, nothing to log.
			return;
		}
		for netuid in T::Chain::subnets() {
			let Some(position) = T::Chain::position(netuid) else { continue };
			let key = lock_key(netuid);
			let mut lock = StorageLock::<Time>::with_deadline(&key, LOCK_EXPIRY);
			let Ok(mut guard) = lock.try_lock() else {
				log::debug!(target: LOG_TARGET, "subnet {netuid}: a round is still running");
				continue;
			};
			for account in &accounts {
				Self::reveal_due(netuid, account, position.epoch, now);
				if Self::round_due(netuid, &account.id, &position, now) {
					Self::round(netuid, account, &position, now, &mut guard);
				}
				Self::verify_disputes(netuid, account, &position, now, &mut guard);
			}
		}
	}

	/// Whether `hotkey` should score `netuid` now: the epoch's seed block exists, the
	/// hotkey holds a permit, and it has not scored this epoch.
	pub(crate) fn round_due(
		netuid: NetUid,
		hotkey: &T::AccountId,
		position: &Position,
		now: u32,
	) -> bool {
		seed_block(position) <= now
			&& T::Chain::validator_uid(netuid, hotkey).is_some()
			&& StorageValueRef::persistent(&storage_key(b"scored", netuid, hotkey))
				.get::<u32>()
				.ok()
				.flatten() != Some(position.epoch)
	}

	/// The round of `netuid`'s current epoch for `account`.
	fn round(
		netuid: NetUid,
		account: &Account<T>,
		position: &Position,
		now: u32,
		guard: &mut Guard,
	) {
		let epoch = position.epoch;
		let seed = seed_block(position);
		let (Some(seed_hash), Some(params)) =
			(Self::block_hash(seed), T::Chain::params(netuid, epoch))
		else {
			log::warn!(target: LOG_TARGET, "subnet {netuid} epoch {epoch}: seed block {seed} unknown");
			return;
		};
		// From here on the epoch counts as scored: a round runs at most once per epoch.
		StorageValueRef::persistent(&storage_key(b"scored", netuid, &account.id)).set(&epoch);
		let round = Round::fixed(
			EpochSeed { netuid, epoch, block: seed, hash: seed_hash },
			params.task.clone(),
			WeightLimits {
				min_count: params.min_allowed_weights,
				max_share_ppb: params.max_weight_limit,
			},
			T::Chain::validator_uid(netuid, &account.id),
			&T::Chain::round_candidates(netuid, epoch),
			T::Chain::neurons(netuid),
		);
		let result = match Self::score_round(round, guard) {
			Ok(result) => result,
			Err(e) => return Self::no_host(netuid, e),
		};
		log::info!(
			target: LOG_TARGET,
			"subnet {netuid} epoch {epoch}: {} candidates, {} not reached before the round's \
			 deadline; weights {:?}",
			result.miners.len(),
			result.unreached,
			result.weights
		);
		Self::report(netuid, account, &result, now);
		let fetched = result.fetched_set();
		let basis = WeightsBasis { round: epoch, fetched: fetched.clone() };
		match Submission::of(result.weights, params.commit_reveal) {
			Submission::Nothing => log::info!(
				target: LOG_TARGET,
				"subnet {netuid} epoch {epoch}: no weights meet the subnet's limits (no model \
				 beat guessing, or too few were scored); none sent"
			),
			Submission::Set { uids, weights } => {
				match T::Chain::set_weights(netuid, uids, weights, basis, params.version_key) {
					Some(call) => {
						Self::send(account, call, "set_weights", now);
					},
					None => log::warn!(target: LOG_TARGET, "subnet {netuid}: too many weights"),
				}
			},
			Submission::Commit { uids, weights } => {
				let salt = sp_io::offchain::random_seed();
				let hash = T::Chain::weights_hash(
					&account.id,
					netuid,
					&uids,
					&weights,
					&basis,
					&salt,
					params.version_key,
				);
				let call = T::Chain::commit_weights(netuid, hash);
				if Self::send(account, call, "commit_weights", now) {
					let reveal = PendingReveal {
						hash,
						epoch,
						uids,
						weights,
						salt,
						version_key: params.version_key,
						sent_at: None,
						fetched,
					};
					let key = storage_key(b"pending", netuid, &account.id);
					let store = StorageValueRef::persistent(&key);
					let mut pending: Vec<PendingReveal> =
						store.get().ok().flatten().unwrap_or_default();
					pending.push(reveal);
					store.set(&pending);
				}
			},
		}
	}

	/// Fetches and scores `round`'s files (each file within the fetch timeout, the whole
	/// round within the round timeout, the lock extended after every file), records their
	/// outcomes and finishes it; `Err` when this node has no scoring host function.
	pub(crate) fn score_round(
		mut round: Round<String>,
		guard: &mut Guard,
	) -> Result<RoundResult<String>, HostError> {
		let netuid = round.seed.netuid;
		let eval = EvalKey { netuid, seed_hash: round.seed.hash, task: round.task.clone() };
		// The whole round's deadline: however many miners are slow, the round ends by then.
		let started = sp_io::offchain::timestamp();
		let limits = Limits::new(
			round.task.max_model_bytes,
			round.task.kind.max_file_bytes(),
			Duration::from_millis(T::FetchTimeout::get()),
			started.add(Duration::from_millis(T::RoundTimeout::get())),
		);
		let order: Vec<Candidate<String>> = round.fetch_order().into_iter().cloned().collect();
		let order: Vec<&Candidate<String>> = order.iter().collect();
		let mut no_host = None;
		fetch_all(&order, &limits, |c, file| {
			let _ = guard.extend_lock();
			let outcome = match file {
				Ok(bytes) => {
					match merit_scoring::score_model(ModelRequest {
						eval: eval.clone(),
						file: bytes,
					}) {
						Ok(scored) => {
							Self::log_miner(netuid, c.uid, &scored);
							scored.outcome()
						},
						// No scoring here: the rest of the round would be fetched for nothing.
						Err(e) => {
							no_host = Some(e);
							return ControlFlow::Break(());
						},
					}
				},
				Err(failure) => {
					if failure != FetchFailure::RoundOver {
						log::info!(
							target: LOG_TARGET,
							"subnet {netuid} uid {}: scores 0, file not fetched: {failure}",
							c.uid
						);
					}
					Outcome::Failed(failure)
				},
			};
			round.record(c.uid, outcome);
			ControlFlow::Continue(())
		});
		match no_host {
			Some(e) => Err(e),
			None => Ok(round.finish()),
		}
	}

	/// Sends the round's reports (the round core's fault policy decided them).
	fn report(netuid: NetUid, account: &Account<T>, result: &RoundResult<String>, now: u32) {
		let network_failures =
			result.miners.iter().any(|(_, o)| matches!(o, Outcome::Failed(f) if f.is_network()));
		if result.reports.is_empty() && network_failures {
			log::warn!(
				target: LOG_TARGET,
				"subnet {netuid}: no miner could be reached; is this node offline? nothing reported"
			);
		}
		for (uid, fault) in &result.reports {
			Self::send(account, T::Chain::report_model(netuid, *uid, *fault), "report_model", now);
		}
	}

	/// Reveals `account`'s weights on `netuid` whose reveal epoch is `epoch` (again every
	/// few blocks until the commit is gone from the chain); keeps those not yet due; drops
	/// those revealed, past their epoch, or whose commit never reached the chain
	/// ([`PendingReveal::step`]).
	pub(crate) fn reveal_due(netuid: NetUid, account: &Account<T>, epoch: u32, now: u32) {
		let key = storage_key(b"pending", netuid, &account.id);
		let mut store = StorageValueRef::persistent(&key);
		let pending: Vec<PendingReveal> = store.get().ok().flatten().unwrap_or_default();
		if pending.is_empty() {
			return;
		}
		let mut keep = Vec::new();
		for mut p in pending {
			let step = p.step(T::Chain::reveal_epoch(netuid, &account.id, &p.hash), epoch, now);
			match step {
				RevealStep::Send => {
					let call = T::Chain::reveal_weights(
						netuid,
						p.uids.clone(),
						p.weights.clone(),
						p.basis(),
						p.salt,
						p.version_key,
					);
					match call {
						Some(call) => {
							if Self::send(account, call, "reveal_weights", now) {
								p.sent(now);
							}
						},
						None => log::warn!(target: LOG_TARGET, "subnet {netuid}: too many weights"),
					}
				},
				RevealStep::Missed { due } => log::warn!(
					target: LOG_TARGET,
					"subnet {netuid}: missed the reveal window of epoch {due}; the commit expires"
				),
				RevealStep::NeverLanded => log::warn!(
					target: LOG_TARGET,
					"subnet {netuid}: the weights committed in epoch {} never reached the chain",
					p.epoch
				),
				RevealStep::Wait | RevealStep::Revealed => {},
			}
			if PendingReveal::kept(step) {
				keep.push(p);
			}
		}
		if keep.is_empty() {
			store.clear();
		} else {
			store.set(&keep);
		}
	}

	/// Signs `call` with `account` and submits it to the node's pool; whether the pool took
	/// it. The nonce continues from this worker's last transaction while that may still be
	/// in the pool (the chain's nonce would reuse it), under a lock shared by all subnets.
	pub(crate) fn send(
		account: &Account<T>,
		call: <T as frame_system::Config>::RuntimeCall,
		what: &str,
		now: u32,
	) -> bool {
		let mut key = PREFIX.to_vec();
		key.extend_from_slice(b"nonce/");
		account.id.encode_to(&mut key);
		let mut lock_key = key.clone();
		lock_key.extend_from_slice(b"/lock");
		let mut lock = StorageLock::<Time>::with_deadline(&lock_key, Duration::from_millis(10_000));
		let _guard = lock.lock();
		let store = StorageValueRef::persistent(&key);
		if let Ok(Some((next, at))) = store.get::<(T::Nonce, u32)>() {
			let chain = frame_system::Account::<T>::get(&account.id).nonce;
			if next > chain && now <= at.saturating_add(NONCE_TTL) {
				// Off-chain state is thrown away after the worker: this only picks the nonce.
				frame_system::Account::<T>::mutate(&account.id, |a| a.nonce = next);
			}
		}
		let signer = Signer::<T, T::AuthorityId>::all_accounts();
		match signer.send_single_signed_transaction(account, call) {
			Some(Ok(())) => {
				store.set(&(frame_system::Account::<T>::get(&account.id).nonce, now));
				log::info!(target: LOG_TARGET, "{what} sent by {:?}", account.id);
				true
			},
			_ => {
				log::warn!(target: LOG_TARGET, "{what} could not be sent by {:?}", account.id);
				false
			},
		}
	}

	/// The hash of block `n` as 32 bytes, if the chain still knows it.
	fn block_hash(n: u32) -> Option<[u8; 32]> {
		let hash = frame_system::Pallet::<T>::block_hash(
			frame_system::pallet_prelude::BlockNumberFor::<T>::from(n),
		);
		let bytes: [u8; 32] = hash.as_ref().try_into().ok()?;
		(bytes != [0; 32]).then_some(bytes)
	}

	pub(crate) fn no_host(netuid: NetUid, e: HostError) {
		log::error!(
			target: LOG_TARGET,
			"subnet {netuid}: no scoring host function here ({e:?}): this node does not give \
			 off-chain workers Merit's scoring extension"
		);
	}

	fn log_miner(netuid: NetUid, uid: Uid, outcome: &MinerOutcome) {
		match outcome {
			MinerOutcome::Scored { score, .. } => {
				log::info!(target: LOG_TARGET, "subnet {netuid} uid {uid}: score {score}")
			},
			MinerOutcome::NotFetched => {},
			MinerOutcome::Invalid(why) => log::info!(
				target: LOG_TARGET,
				"subnet {netuid} uid {uid}: scores 0, bad model: {}",
				alloc::string::String::from_utf8_lossy(why)
			),
		}
	}
}
