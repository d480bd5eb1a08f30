//! What the worker does each block: reveals that are due, then the epoch's round on each
//! subnet a local validator hotkey holds a permit on, if not yet run.

use crate::{
	chain::{Candidate, Position, ValidatorChain},
	fetch::fetch_all,
	Config, Pallet, LOG_TARGET,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::traits::Get;
use frame_system::offchain::{Account, SendSignedTransaction, Signer};
use merit_host::{merit_scoring, Entry, HostError, MinerOutcome, RoundOutcome, RoundRequest};
use merit_primitives::{NetUid, Uid};
use sp_runtime::offchain::{
	storage::StorageValueRef,
	storage_lock::{StorageLock, Time},
	Duration,
};

/// The lock that keeps rounds from overlapping (off-chain workers of successive blocks run
/// concurrently).
const LOCK: &[u8] = b"merit/scoring-worker/lock";
/// How long a round may hold the lock before another may start anyway.
const LOCK_EXPIRY: Duration = Duration::from_millis(10 * 60 * 1000);

/// Weights committed and not yet revealed, kept in the node's persistent off-chain storage
/// (they survive restarts).
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub struct PendingReveal {
	pub hash: [u8; 32],
	/// The epoch the weights were committed in.
	pub epoch: u32,
	pub uids: Vec<Uid>,
	pub weights: Vec<u16>,
	pub salt: [u8; 32],
	pub version_key: u64,
}

/// A commit not found on chain this many epochs after it was sent is given up on.
const GIVE_UP_EPOCHS: u32 = 2;

/// The persistent off-chain storage key of `what` for `hotkey` on `netuid`.
pub fn storage_key<AccountId: Encode>(what: &[u8], netuid: NetUid, hotkey: &AccountId) -> Vec<u8> {
	let mut key = b"merit/scoring-worker/".to_vec();
	key.extend_from_slice(what);
	key.push(b'/');
	(netuid, hotkey).encode_to(&mut key);
	key
}

/// The first block of the epoch after `position.last_run`, whose hash seeds the epoch; a
/// round runs once that block exists (from the block itself on).
pub fn seed_block(position: &Position) -> u32 {
	position.last_run.saturating_add(1)
}

impl<T: Config> Pallet<T> {
	/// The worker's entry point for block `now`.
	pub(crate) fn work(now: u32) {
		let accounts: Vec<Account<T>> =
			Signer::<T, T::AuthorityId>::all_accounts().accounts_from_keys().collect();
		if accounts.is_empty() {
			// Not a validator node: nothing to do, nothing to log.
			return;
		}
		let mut lock = StorageLock::<Time>::with_deadline(LOCK, LOCK_EXPIRY);
		let Ok(_guard) = lock.try_lock() else {
			log::info!(target: LOG_TARGET, "block {now}: the previous round is still running");
			return;
		};
		for netuid in T::Chain::subnets() {
			let Some(position) = T::Chain::position(netuid) else { continue };
			for account in &accounts {
				Self::reveal_due(netuid, account, position.epoch);
				if Self::round_due(netuid, &account.id, &position, now) {
					Self::round(netuid, account, &position);
				}
			}
		}
	}

	/// Whether `hotkey` should score `netuid` now: the epoch's seed block exists, the round
	/// has not run this epoch, and the hotkey holds a permit. Marks the epoch as scored when
	/// it says yes, so a round runs at most once per epoch.
	pub(crate) fn round_due(
		netuid: NetUid,
		hotkey: &T::AccountId,
		position: &Position,
		now: u32,
	) -> bool {
		if seed_block(position) > now || !T::Chain::has_permit(netuid, hotkey) {
			return false;
		}
		let key = storage_key(b"scored", netuid, hotkey);
		let scored = StorageValueRef::persistent(&key);
		if scored.get::<u32>().ok().flatten() == Some(position.epoch) {
			return false;
		}
		scored.set(&position.epoch);
		true
	}

	/// The round of `netuid`'s current epoch for `account`.
	fn round(netuid: NetUid, account: &Account<T>, position: &Position) {
		let epoch = position.epoch;
		let seed = seed_block(position);
		let Some(seed_hash) = Self::block_hash(seed) else {
			log::warn!(target: LOG_TARGET, "subnet {netuid} epoch {epoch}: seed block {seed} unknown");
			return;
		};
		let Some(params) = T::Chain::params(netuid) else { return };
		let candidates = T::Chain::candidates(netuid, seed);
		let timeout = Duration::from_millis(T::FetchTimeout::get());
		let files = fetch_all(&candidates, params.task.max_model_bytes, timeout);
		let mut faults = Vec::new();
		let entries = candidates
			.iter()
			.zip(files)
			.map(|(c, file)| Entry {
				uid: c.uid,
				committed_at: c.committed_at,
				file: file
					.map_err(|e| {
						log::info!(
							target: LOG_TARGET,
							"subnet {netuid} uid {}: scores 0, file not fetched: {e:?}",
							c.uid
						);
						faults.push((c.uid, e.fault()));
					})
					.ok(),
			})
			.collect();
		let request = RoundRequest {
			netuid,
			seed_hash,
			task: params.task.clone(),
			min_allowed_weights: params.min_allowed_weights,
			max_weight_limit: params.max_weight_limit,
			entries,
		};
		let outcome = match merit_scoring::score_round(request) {
			Ok(outcome) => outcome,
			Err(HostError::NotOffchain) => {
				log::error!(
					target: LOG_TARGET,
					"subnet {netuid}: this node gives off-chain workers no scoring host function"
				);
				return;
			},
		};
		Self::log_round(netuid, epoch, &candidates, &outcome);
		for (uid, fault) in faults {
			Self::send(account, T::Chain::report_model(netuid, uid, fault), "report_model");
		}
		let Some(weights) = outcome.weights else {
			log::info!(
				target: LOG_TARGET,
				"subnet {netuid} epoch {epoch}: no weights meet the subnet's limits (no model \
				 beat guessing, or too few were scored); none sent"
			);
			return;
		};
		let (uids, weights): (Vec<Uid>, Vec<u16>) = weights.into_iter().unzip();
		if params.commit_reveal {
			let salt = sp_io::offchain::random_seed();
			let hash = T::Chain::weights_hash(
				&account.id,
				netuid,
				&uids,
				&weights,
				&salt,
				params.version_key,
			);
			if Self::send(account, T::Chain::commit_weights(netuid, hash), "commit_weights") {
				let reveal = PendingReveal {
					hash,
					epoch,
					uids,
					weights,
					salt,
					version_key: params.version_key,
				};
				let key = storage_key(b"pending", netuid, &account.id);
				let store = StorageValueRef::persistent(&key);
				let mut pending: Vec<PendingReveal> =
					store.get().ok().flatten().unwrap_or_default();
				pending.push(reveal);
				store.set(&pending);
			}
		} else {
			match T::Chain::set_weights(netuid, uids, weights, params.version_key) {
				Some(call) => {
					Self::send(account, call, "set_weights");
				},
				None => log::warn!(target: LOG_TARGET, "subnet {netuid}: too many weights"),
			}
		}
	}

	/// Reveals `account`'s weights on `netuid` whose reveal epoch is `epoch`; keeps those
	/// not yet due, drops those whose epoch passed or whose commit never reached the chain.
	pub(crate) fn reveal_due(netuid: NetUid, account: &Account<T>, epoch: u32) {
		let key = storage_key(b"pending", netuid, &account.id);
		let mut store = StorageValueRef::persistent(&key);
		let pending: Vec<PendingReveal> = store.get().ok().flatten().unwrap_or_default();
		if pending.is_empty() {
			return;
		}
		let mut keep = Vec::new();
		for p in pending {
			match T::Chain::reveal_epoch(netuid, &account.id, &p.hash) {
				Some(due) if due == epoch => {
					let call =
						T::Chain::reveal_weights(netuid, p.uids, p.weights, p.salt, p.version_key);
					match call {
						Some(call) => {
							Self::send(account, call, "reveal_weights");
						},
						None => log::warn!(target: LOG_TARGET, "subnet {netuid}: too many weights"),
					}
				},
				Some(due) if due > epoch => keep.push(p),
				Some(due) => log::warn!(
					target: LOG_TARGET,
					"subnet {netuid}: missed the reveal window of epoch {due}; the commit expires"
				),
				None if epoch <= p.epoch.saturating_add(GIVE_UP_EPOCHS) => keep.push(p),
				None => log::warn!(
					target: LOG_TARGET,
					"subnet {netuid}: the weights committed in epoch {} never reached the chain",
					p.epoch
				),
			}
		}
		if keep.is_empty() {
			store.clear();
		} else {
			store.set(&keep);
		}
	}

	/// Signs `call` with `account` and submits it to the node's pool; whether it was accepted.
	fn send(
		account: &Account<T>,
		call: <T as frame_system::Config>::RuntimeCall,
		what: &str,
	) -> bool {
		let signer = Signer::<T, T::AuthorityId>::all_accounts();
		match signer.send_single_signed_transaction(account, call) {
			Some(Ok(())) => {
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

	fn log_round(netuid: NetUid, epoch: u32, candidates: &[Candidate], outcome: &RoundOutcome) {
		log::info!(
			target: LOG_TARGET,
			"subnet {netuid} epoch {epoch}: scored {} miners; weights {:?}",
			candidates.len(),
			outcome.weights
		);
		for (uid, miner) in &outcome.miners {
			match miner {
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
}
