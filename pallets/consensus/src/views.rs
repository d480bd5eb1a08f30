//! Read-only views for clients, served through `ConsensusApi` (see `runtime-api/`).

use crate::{
	BalanceOf, Config, EmissionConfig, EmissionParams, EpochResults, Issuance, IssuanceLedger,
	LastUpdate, Pallet, PendingEmission, Schedule, ValidatorPermits, WeightCommit, WeightCommits,
	Weights,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use merit_primitives::{
	round::{FixedCandidate, WeightLimits},
	NetUid, StakeInfo, SubnetRegistry, Uid,
};
use scale_info::TypeInfo;
use sp_runtime::Perbill;

/// One neuron's consensus state: its live stake and permit, and what the last epoch gave it.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct NeuronConsensusView<Balance> {
	pub uid: Uid,
	/// Stake backing its hotkey now.
	pub stake: Balance,
	/// Whether it set weights within the subnet's activity cutoff (as of the last epoch).
	pub active: bool,
	/// Whether it holds a validator permit for the current epoch.
	pub validator_permit: bool,
	pub consensus: Perbill,
	pub incentive: Perbill,
	pub dividends: Perbill,
	pub validator_trust: Perbill,
	/// What it earned in the last epoch.
	pub emission: Balance,
	/// Block of its last weights, if any.
	pub last_update: Option<u32>,
}

/// A round as the chain fixed it: what every validator of the epoch scores.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct RoundView {
	/// The epoch that opened it (the subnet's epoch counter).
	pub epoch: u32,
	/// The block it was fixed in.
	pub fixed_at: u32,
	/// The block whose hash seeds its evaluation set: the next one.
	pub seed_block: u32,
	/// The subnet's weight limits when it was fixed: what its weights are fitted to.
	pub limits: WeightLimits,
	/// Its candidates, by UID: revealed models committed before the seed block, not copies.
	pub candidates: Vec<FixedCandidate>,
}

/// Where a subnet is in its epoch cycle, and what it has accrued.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct SubnetEpochView<Balance> {
	pub netuid: NetUid,
	/// Blocks per epoch.
	pub tempo: u16,
	/// Epochs run so far; a commit made now is revealed in epoch `epoch + reveal_period`.
	pub epoch: u32,
	/// Block the last epoch ran in (0 before the first).
	pub last_run: u32,
	/// Block the next epoch is due in.
	pub next_due: u32,
	/// Whether weights go through commit–reveal, and how many epochs later reveals come.
	pub commit_reveal: bool,
	pub reveal_period: u16,
	/// Emission accrued since the last epoch, paid at the next.
	pub pending_emission: Balance,
	/// Its emission share weight (0: off).
	pub emission_share: u32,
}

/// The chain's emission: parameters, this block's rate and the token books.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct EmissionView<Balance> {
	pub params: Option<EmissionParams<Balance>>,
	/// Emission per block now (after halvings).
	pub block_emission: Balance,
	pub books: IssuanceLedger<Balance>,
}

impl<T: Config> Pallet<T> {
	/// The consensus state of every neuron of `netuid`, by UID; `None` for an unknown subnet.
	pub fn neuron_consensus(netuid: NetUid) -> Option<Vec<NeuronConsensusView<BalanceOf<T>>>> {
		if !T::Subnets::exists(netuid) {
			return None;
		}
		let results = EpochResults::<T>::get(netuid).unwrap_or_default();
		let permits = ValidatorPermits::<T>::get(netuid);
		let at = |v: &[Perbill], i: usize| v.get(i).copied().unwrap_or_default();
		Some(
			(0..T::Subnets::neuron_count(netuid))
				.map(|uid| {
					let i = usize::from(uid);
					NeuronConsensusView {
						uid,
						stake: T::Subnets::neuron(netuid, uid)
							.map(|n| T::Stake::stake_of(&n.hotkey))
							.unwrap_or_default(),
						active: results.active.get(i).copied().unwrap_or(false),
						validator_permit: permits.get(i).copied().unwrap_or(false),
						consensus: at(&results.consensus, i),
						incentive: at(&results.incentive, i),
						dividends: at(&results.dividends, i),
						validator_trust: at(&results.validator_trust, i),
						emission: results.emission.get(i).copied().unwrap_or_default(),
						last_update: LastUpdate::<T>::get(netuid, uid),
					}
				})
				.collect(),
		)
	}

	/// `netuid`'s epoch position; `None` for an unknown subnet.
	pub fn subnet_epoch(netuid: NetUid) -> Option<SubnetEpochView<BalanceOf<T>>> {
		let params = T::Subnets::epoch_params(netuid)?;
		let schedule = Schedule::<T>::get(netuid).unwrap_or_default();
		Some(SubnetEpochView {
			netuid,
			tempo: params.tempo,
			epoch: schedule.index,
			last_run: schedule.last_run,
			next_due: schedule.next_due,
			commit_reveal: params.commit_reveal,
			reveal_period: params.reveal_period,
			pending_emission: PendingEmission::<T>::get(netuid),
			emission_share: Self::emission_share(netuid),
		})
	}

	/// The emission parameters, this block's emission and the token books.
	pub fn emission_view() -> EmissionView<BalanceOf<T>> {
		EmissionView {
			params: EmissionConfig::<T>::get(),
			block_emission: Self::block_emission(),
			books: Issuance::<T>::get(),
		}
	}

	/// The weights the validator at `uid` last set on `netuid`.
	pub fn weights_of(netuid: NetUid, uid: Uid) -> Option<Vec<(Uid, u16)>> {
		Weights::<T>::get(netuid, uid).map(|row| row.into_inner())
	}

	/// `hotkey`'s unrevealed weight commits on `netuid` that can still be revealed (expired
	/// ones, which stay in storage until the hotkey's next commit or reveal, are left out).
	pub fn commits_of(netuid: NetUid, hotkey: &T::AccountId) -> Vec<WeightCommit> {
		let epoch = Schedule::<T>::get(netuid).unwrap_or_default().index;
		let commits = WeightCommits::<T>::get(netuid, hotkey).unwrap_or_default();
		commits.into_iter().filter(|c| c.reveal_epoch >= epoch).collect()
	}
}
