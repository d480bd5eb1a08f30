//! Weight submission: direct `set_weights`, and commit–reveal.

use crate::{
	Config, Error, Event, LastCommit, LastUpdate, Pallet, Schedule, UidVec, WeightCommit,
	WeightCommits, WeightRow, WeightSources, Weights, WeightsSource,
};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::pallet_prelude::*;
use merit_primitives::{round::WeightsBasis, EpochParams, Hash32, NetUid, SubnetRegistry, Uid};
use sp_runtime::{Perbill, SaturatedConversion};

impl<T: Config> Pallet<T> {
	/// The current block number as `u32`.
	pub(crate) fn now() -> u32 {
		frame_system::Pallet::<T>::block_number().saturated_into()
	}

	/// The hash a commit must carry for these weights.
	pub fn weights_hash(
		hotkey: &T::AccountId,
		netuid: NetUid,
		uids: &[Uid],
		weights: &[u16],
		basis: &WeightsBasis,
		salt: &Hash32,
		version_key: u64,
	) -> Hash32 {
		(hotkey, netuid, uids, weights, basis, salt, version_key)
			.using_encoded(sp_io::hashing::blake2_256)
	}

	/// The subnet's parameters and `hotkey`'s UID on it, which must hold a validator permit.
	fn validator(
		netuid: NetUid,
		hotkey: &T::AccountId,
	) -> Result<(Uid, EpochParams<crate::BalanceOf<T>>), DispatchError> {
		let params = T::Subnets::epoch_params(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		let uid = T::Subnets::uid_of(netuid, hotkey).ok_or(Error::<T>::NotRegistered)?;
		ensure!(
			<Self as merit_primitives::EpochInfo<_>>::has_permit(netuid, uid),
			Error::<T>::NoValidatorPermit
		);
		Ok((uid, params))
	}

	/// The subnet's parameters with the weight limits of the round `basis` names: weights
	/// are checked against the limits they were fitted to, not ones changed since.
	fn round_limits(
		netuid: NetUid,
		basis: &WeightsBasis,
		params: &EpochParams<crate::BalanceOf<T>>,
	) -> EpochParams<crate::BalanceOf<T>> {
		let mut params = params.clone();
		if let Some(round) = crate::Rounds::<T>::get(netuid, basis.round) {
			params.min_allowed_weights = round.limits.min_count;
			params.max_weight_limit = Perbill::from_parts(round.limits.max_share_ppb);
		}
		params
	}

	/// Checks weights against the subnet's rules and returns them as a stored row: sorted by
	/// UID, zeros dropped.
	fn check_weights(
		netuid: NetUid,
		params: &EpochParams<crate::BalanceOf<T>>,
		uids: &[Uid],
		weights: &[u16],
		version_key: u64,
	) -> Result<WeightRow, DispatchError> {
		ensure!(version_key >= params.weights_version_key, Error::<T>::OutdatedVersionKey);
		ensure!(uids.len() == weights.len(), Error::<T>::LengthMismatch);
		let n = T::Subnets::neuron_count(netuid);
		let mut pairs: Vec<(Uid, u16)> =
			uids.iter().copied().zip(weights.iter().copied()).collect();
		pairs.sort_unstable_by_key(|(uid, _)| *uid);
		ensure!(
			pairs.windows(2).all(|p| matches!(p, [a, b] if a.0 != b.0)),
			Error::<T>::DuplicateUid
		);
		ensure!(pairs.iter().all(|(uid, _)| *uid < n), Error::<T>::UidOutOfRange);
		pairs.retain(|(_, w)| *w > 0);
		ensure!(!pairs.is_empty(), Error::<T>::AllWeightsZero);
		ensure!(pairs.len() >= usize::from(params.min_allowed_weights), Error::<T>::TooFewWeights);
		let total = pairs.iter().fold(0u64, |t, (_, w)| t.saturating_add(u64::from(*w)));
		let max = pairs.iter().map(|(_, w)| u64::from(*w)).max().unwrap_or(0);
		ensure!(
			Perbill::from_rational(max, total) <= params.max_weight_limit,
			Error::<T>::WeightAboveLimit
		);
		// At most one pair per UID of the bounded input: it fits.
		Ok(WeightRow::truncate_from(pairs))
	}

	/// Fails if the UID's last weights on `netuid` (set directly) are less than `limit`
	/// blocks old.
	fn check_rate_limit(netuid: NetUid, uid: Uid, limit: u32) -> DispatchResult {
		if let Some(last) = LastUpdate::<T>::get(netuid, uid) {
			ensure!(Self::now() >= last.saturating_add(limit), Error::<T>::WeightsRateLimited);
		}
		Ok(())
	}

	/// Fails if `hotkey` committed on `netuid` less than `limit` blocks ago **in the same
	/// epoch**. Commits are limited against earlier commits only: a reveal is not a commit,
	/// and one commit per epoch is always allowed, whatever the limit, so a validator that
	/// reveals last epoch's weights and commits this epoch's lands weights every epoch even
	/// when `weights_rate_limit` equals `tempo` (the testnet's 100 and 100).
	fn check_commit_rate_limit(
		netuid: NetUid,
		hotkey: &T::AccountId,
		epoch: u32,
		limit: u32,
	) -> DispatchResult {
		if let Some((block, committed_in)) = LastCommit::<T>::get(netuid, hotkey) {
			ensure!(
				epoch > committed_in || Self::now() >= block.saturating_add(limit),
				Error::<T>::WeightsRateLimited
			);
		}
		Ok(())
	}

	/// Stores a validator's checked weights and what they rest on (fixed at block `as_of`),
	/// and marks it active; returns how many weights there are.
	pub(crate) fn store_weights(
		netuid: NetUid,
		uid: Uid,
		row: WeightRow,
		basis: WeightsBasis,
		as_of: u32,
	) -> u16 {
		let count = u16::try_from(row.len()).unwrap_or(u16::MAX);
		let now = Self::now();
		let digest = merit_primitives::round::submission_digest(&row, &basis, as_of);
		let open = Schedule::<T>::get(netuid).unwrap_or_default().index;
		crate::Submissions::<T>::mutate(netuid, uid, |log| {
			// Rounds no longer kept cannot be disputed: their submissions are forgotten.
			log.retain(|e| e.round.saturating_add(merit_primitives::ROUND_HISTORY) > open);
			let entry = crate::SubmissionEntry {
				round: basis.round,
				stored_at: now,
				digest,
				claimed: false,
			};
			if log.try_push(entry.clone()).is_err() {
				log.remove(0);
				let _ = log.try_push(entry);
			}
		});
		Weights::<T>::insert(netuid, uid, row);
		WeightSources::<T>::insert(netuid, uid, WeightsSource { basis, as_of });
		LastUpdate::<T>::insert(netuid, uid, now);
		count
	}

	pub(crate) fn do_set_weights(
		netuid: NetUid,
		hotkey: T::AccountId,
		uids: UidVec,
		weights: UidVec,
		basis: WeightsBasis,
		version_key: u64,
	) -> DispatchResult {
		let (uid, params) = Self::validator(netuid, &hotkey)?;
		ensure!(!params.commit_reveal, Error::<T>::CommitRevealEnabled);
		Self::check_rate_limit(netuid, uid, params.weights_rate_limit)?;
		let now = Self::now();
		Self::check_basis(netuid, &basis, now)?;
		let row = Self::check_weights(
			netuid,
			&Self::round_limits(netuid, &basis, &params),
			&uids,
			&weights,
			version_key,
		)?;
		let count = Self::store_weights(netuid, uid, row, basis, now);
		Self::deposit_event(Event::WeightsSet { netuid, uid, hotkey, count });
		Ok(())
	}

	pub(crate) fn do_commit_weights(
		netuid: NetUid,
		hotkey: T::AccountId,
		commit_hash: Hash32,
	) -> DispatchResult {
		let (_, params) = Self::validator(netuid, &hotkey)?;
		ensure!(params.commit_reveal, Error::<T>::CommitRevealDisabled);
		let epoch = Schedule::<T>::get(netuid).unwrap_or_default().index;
		Self::check_commit_rate_limit(netuid, &hotkey, epoch, params.weights_rate_limit)?;
		let reveal_epoch = epoch.saturating_add(u32::from(params.reveal_period));
		// Expired commits take no slot: they are dropped here.
		let mut commits = Self::live_commits(netuid, &hotkey, epoch);
		commits
			.try_push(WeightCommit { commit_hash, reveal_epoch, block: Self::now() })
			.map_err(|_| Error::<T>::TooManyPendingCommits)?;
		WeightCommits::<T>::insert(netuid, &hotkey, commits);
		LastCommit::<T>::insert(netuid, &hotkey, (Self::now(), epoch));
		Self::deposit_event(Event::WeightsCommitted { netuid, hotkey, commit_hash, reveal_epoch });
		Ok(())
	}

	pub(crate) fn do_reveal_weights(
		netuid: NetUid,
		hotkey: T::AccountId,
		uids: UidVec,
		weights: UidVec,
		basis: WeightsBasis,
		salt: Hash32,
		version_key: u64,
	) -> DispatchResult {
		let (uid, params) = Self::validator(netuid, &hotkey)?;
		ensure!(params.commit_reveal, Error::<T>::CommitRevealDisabled);
		let hash = Self::weights_hash(&hotkey, netuid, &uids, &weights, &basis, &salt, version_key);
		let epoch = Schedule::<T>::get(netuid).unwrap_or_default().index;
		let stored = WeightCommits::<T>::get(netuid, &hotkey).unwrap_or_default();
		// The same hash may be stored more than once: one due now first, then the latest
		// (too early, or else expired).
		let mut due_epochs =
			stored.iter().filter(|c| c.commit_hash == hash).map(|c| c.reveal_epoch);
		let latest = due_epochs.clone().max().ok_or(Error::<T>::NoMatchingCommit)?;
		let due = if due_epochs.any(|e| e == epoch) { epoch } else { latest };
		ensure!(due >= epoch, Error::<T>::CommitExpired);
		ensure!(due <= epoch, Error::<T>::RevealTooEarly);
		// The reveal also drops the hotkey's expired commits.
		let mut commits = Self::drop_expired(netuid, &hotkey, epoch, stored);
		let position = commits
			.iter()
			.position(|c| c.commit_hash == hash && c.reveal_epoch == epoch)
			.ok_or(Error::<T>::NoMatchingCommit)?;
		let committed_at = commits.get(position).map(|c| c.block).unwrap_or_default();
		Self::check_basis(netuid, &basis, committed_at)?;
		let limits = Self::round_limits(netuid, &basis, &params);
		let row = Self::check_weights(netuid, &limits, &uids, &weights, version_key)?;
		// Weights committed before a UID changed hands were meant for its predecessor.
		let row = WeightRow::truncate_from(
			row.into_iter()
				.filter(|(j, _)| {
					T::Subnets::neuron(netuid, *j).is_some_and(|n| n.registered_at < committed_at)
				})
				.collect::<Vec<_>>(),
		);
		let count = Self::store_weights(netuid, uid, row, basis, committed_at);
		commits.remove(position);
		if commits.is_empty() {
			WeightCommits::<T>::remove(netuid, &hotkey);
		} else {
			WeightCommits::<T>::insert(netuid, &hotkey, commits);
		}
		Self::deposit_event(Event::WeightsRevealed {
			netuid,
			uid,
			hotkey,
			commit_hash: hash,
			count,
		});
		Ok(())
	}

	/// `hotkey`'s commits on `netuid` whose reveal epoch has not ended by `epoch`; the expired
	/// ones are dropped from storage here, each with [`Event::WeightsCommitExpired`]. Commits
	/// expire lazily, at their hotkey's next commit or reveal (or when it deregisters), so an
	/// epoch does no work per committer.
	pub(crate) fn live_commits(
		netuid: NetUid,
		hotkey: &T::AccountId,
		epoch: u32,
	) -> BoundedVec<WeightCommit, T::MaxPendingCommits> {
		let stored = WeightCommits::<T>::get(netuid, hotkey).unwrap_or_default();
		Self::drop_expired(netuid, hotkey, epoch, stored)
	}

	/// [`Self::live_commits`] of `commits`, `hotkey`'s stored commits already read.
	fn drop_expired(
		netuid: NetUid,
		hotkey: &T::AccountId,
		epoch: u32,
		mut commits: BoundedVec<WeightCommit, T::MaxPendingCommits>,
	) -> BoundedVec<WeightCommit, T::MaxPendingCommits> {
		let before = commits.len();
		commits.retain(|c| {
			let live = c.reveal_epoch >= epoch;
			if !live {
				Self::deposit_event(Event::WeightsCommitExpired {
					netuid,
					hotkey: hotkey.clone(),
					commit_hash: c.commit_hash,
				});
			}
			live
		});
		if commits.len() != before {
			if commits.is_empty() {
				WeightCommits::<T>::remove(netuid, hotkey);
			} else {
				WeightCommits::<T>::insert(netuid, hotkey, commits.clone());
			}
		}
		commits
	}
}
