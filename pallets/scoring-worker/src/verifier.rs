//! The fourth driver of the round core: the dispute verifier. For each open dispute a local
//! hotkey is asked to verify, once, the worker re-runs the disputed round from the chain's
//! snapshot (`Round::rerun`: the round's candidates restricted to the validator's fetched
//! set, its seed and limits), fetches and scores the files as in its own rounds, and attests
//! `Match` or `Mismatch` against the disputed weights; it abstains (sends nothing, and tries
//! again a few blocks later) when it could not obtain a file, since whether a miner served a
//! given validator is the one input no chain can prove.

use crate::{
	chain::{DisputeJob, Position, ValidatorChain},
	worker::{storage_key, Guard},
	Config, Pallet, LOG_TARGET,
};
use alloc::{collections::BTreeMap, string::String, vec::Vec};
use frame_system::offchain::Account;
use merit_primitives::{
	round::{attest, Attestation, Round},
	NetUid,
};
use sp_runtime::offchain::storage::StorageValueRef;

/// Blocks before a dispute this worker abstained from (a file it could not obtain), or
/// whose attestation it could not send, is tried again; until the dispute closes.
const RETRY_AFTER: u32 = 10;

impl<T: Config> Pallet<T> {
	/// Verifies, once each, the open disputes of `netuid` that `account` is asked to.
	pub(crate) fn verify_disputes(
		netuid: NetUid,
		account: &Account<T>,
		position: &Position,
		now: u32,
		guard: &mut Guard,
	) {
		let jobs = T::Chain::disputes_to_verify(netuid, &account.id);
		if jobs.is_empty() {
			return;
		}
		// The task is fixed for a subnet's life: the current round's is the disputed one's.
		let Some(task) = T::Chain::params(netuid, position.epoch).map(|p| p.task) else { return };
		for job in jobs {
			// The block from which this dispute may be tried again (`u32::MAX`: attested).
			let key = storage_key(b"verified", netuid, &(&account.id, job.id, job.seed.hash));
			let next = StorageValueRef::persistent(&key);
			if next.get::<u32>().ok().flatten().is_some_and(|at| now < at) {
				continue;
			}
			match Self::verify(&job, task.clone(), guard) {
				Ok(Some(said)) => {
					log::info!(
						target: LOG_TARGET,
						"subnet {netuid} dispute {}: the re-run round says {said:?}",
						job.id
					);
					let call = T::Chain::attest(netuid, job.id, said);
					let sent = Self::send(account, call, "attest", now);
					// Sent: done (the chain drops it from the list once included); else
					// retried a few blocks later.
					next.set(&if sent { u32::MAX } else { now.saturating_add(RETRY_AFTER) });
				},
				Ok(None) => {
					log::info!(
						target: LOG_TARGET,
						"subnet {netuid} dispute {}: a file of the round could not be obtained; \
						 abstaining, trying again in {RETRY_AFTER} blocks",
						job.id
					);
					next.set(&now.saturating_add(RETRY_AFTER));
				},
				Err(e) => return Self::no_host(netuid, e),
			}
		}
	}

	/// The attestation of one dispute: the round re-run, compared with the disputed weights.
	fn verify(
		job: &DisputeJob,
		task: merit_primitives::TaskSpec,
		guard: &mut Guard,
	) -> Result<Option<Attestation>, merit_host_interface::HostError> {
		let urls: BTreeMap<u16, Option<String>> =
			job.candidates.iter().map(|(c, url)| (c.uid, url.clone())).collect();
		let fixed: Vec<_> = job.candidates.iter().map(|(c, _)| *c).collect();
		// The snapshot holds the fetched set's candidates only.
		let fetched = merit_primitives::round::FetchedSet::of(fixed.iter().map(|c| c.uid));
		let round = Round::rerun(job.seed, task, job.limits, &fixed, &fetched, |c| {
			urls.get(&c.uid).cloned().flatten()
		});
		let result = Self::score_round(round, guard)?;
		Ok(attest(&result, &job.weights, &job.excluded))
	}
}
