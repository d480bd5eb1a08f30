//! `MetagraphApi`: the metagraph read column by column and page by page, so a client asking
//! for two fields of a 4,096-neuron subnet reads two columns, and an epoch's payouts.

use crate::{AccountId, Balance, Runtime, RuntimeEvent};
use alloc::vec::Vec;
use merit_primitives::{NetUid, Uid};
use pallet_merit_consensus::{EpochResults, LastUpdate, ValidatorPermits};
use pallet_merit_consensus_runtime_api::{
	EpochPayouts, MetagraphError, MetagraphField, MetagraphPage, UidPayout, MAX_METAGRAPH_PAGE,
};
use pallet_merit_subnets::{Axons, ModelCommitments, NeuronCount, Neurons, Registry};
use sp_runtime::Perbill;

type Page = MetagraphPage<AccountId, Balance>;

/// The `fields` (all if empty) of UIDs `start..start + count` of `netuid`, cut at its last UID.
pub fn page(
	netuid: NetUid,
	fields: &[MetagraphField],
	start: Uid,
	count: u16,
) -> Result<Page, MetagraphError> {
	if !Registry::<Runtime>::contains_key(netuid) {
		return Err(MetagraphError::UnknownSubnet);
	}
	if count == 0 {
		return Err(MetagraphError::EmptyRange);
	}
	if count > MAX_METAGRAPH_PAGE {
		return Err(MetagraphError::RangeTooLarge { max: MAX_METAGRAPH_PAGE });
	}
	let neurons = NeuronCount::<Runtime>::get(netuid);
	if start >= neurons && !(start == 0 && neurons == 0) {
		return Err(MetagraphError::StartOutOfRange { neurons });
	}
	let wants = |f: MetagraphField| fields.is_empty() || fields.contains(&f);
	let end = start.saturating_add(count).min(neurons);
	let rows: Vec<_> =
		(start..end).filter_map(|uid| Some((uid, Neurons::<Runtime>::get(netuid, uid)?))).collect();
	let mut page = Page::new(netuid, neurons, rows.iter().map(|(uid, _)| *uid).collect());

	let column = |f: MetagraphField| wants(f).then(|| rows.iter());
	page.hotkey =
		column(MetagraphField::Hotkey).map(|r| r.map(|(_, n)| n.hotkey.clone()).collect());
	page.coldkey =
		column(MetagraphField::Coldkey).map(|r| r.map(|(_, n)| n.coldkey.clone()).collect());
	page.registered_at =
		column(MetagraphField::RegisteredAt).map(|r| r.map(|(_, n)| n.registered_at).collect());
	page.stake = column(MetagraphField::Stake).map(|r| {
		r.map(|(_, n)| pallet_merit_staking::HotkeyStake::<Runtime>::get(&n.hotkey)).collect()
	});
	page.axon = column(MetagraphField::Axon)
		.map(|r| r.map(|(_, n)| Axons::<Runtime>::get(netuid, &n.hotkey)).collect());
	page.model = column(MetagraphField::Model)
		.map(|r| r.map(|(_, n)| ModelCommitments::<Runtime>::get(netuid, &n.hotkey)).collect());
	page.last_update = column(MetagraphField::LastUpdate)
		.map(|r| r.map(|(uid, _)| LastUpdate::<Runtime>::get(netuid, uid)).collect());
	if wants(MetagraphField::ValidatorPermit) {
		let permits = ValidatorPermits::<Runtime>::get(netuid);
		page.validator_permit = Some(page.uids.iter().map(|&u| at(&permits, u)).collect());
	}

	use MetagraphField::{Active, Consensus, Dividends, Emission, Incentive, ValidatorTrust};
	if [Active, Consensus, Incentive, Dividends, ValidatorTrust, Emission].into_iter().any(wants) {
		let results = EpochResults::<Runtime>::get(netuid).unwrap_or_default();
		let uids = &page.uids;
		let perbills = |v: &[Perbill]| uids.iter().map(|&u| at(v, u)).collect::<Vec<_>>();
		page.active = wants(Active).then(|| uids.iter().map(|&u| at(&results.active, u)).collect());
		page.consensus = wants(Consensus).then(|| perbills(&results.consensus));
		page.incentive = wants(Incentive).then(|| perbills(&results.incentive));
		page.dividends = wants(Dividends).then(|| perbills(&results.dividends));
		page.validator_trust = wants(ValidatorTrust).then(|| perbills(&results.validator_trust));
		page.emission =
			wants(Emission).then(|| uids.iter().map(|&u| at(&results.emission, u)).collect());
	}
	Ok(page)
}

/// Entry `uid` of a per-UID vector, or the default past its end (UIDs that joined after the
/// last epoch).
fn at<V: Copy + Default>(v: &[V], uid: Uid) -> V {
	v.get(usize::from(uid)).copied().unwrap_or_default()
}

/// The epoch of `netuid` that completed in the current block, with what it paid; `None` if
/// none did.
pub fn epoch_payouts(netuid: NetUid) -> Option<EpochPayouts<AccountId, Balance>> {
	let now = frame_system::Pallet::<Runtime>::block_number();
	let summary = EpochResults::<Runtime>::get(netuid).filter(|s| s.block == now)?;
	let totals = frame_system::Pallet::<Runtime>::read_events_no_consensus().find_map(
		|record| match record.event {
			RuntimeEvent::Consensus(pallet_merit_consensus::Event::EpochCompleted {
				netuid: n,
				epoch,
				owner_cut,
				miners,
				validators_paid,
				to_treasury,
				..
			}) if n == netuid && epoch == summary.epoch => {
				Some((owner_cut, miners, validators_paid, to_treasury))
			},
			_ => None,
		},
	)?;
	let (owner_cut, miners, validators, to_treasury) = totals;
	let payouts = (0..NeuronCount::<Runtime>::get(netuid))
		.filter_map(|uid| {
			let (incentive, dividends) = (at(&summary.incentive, uid), at(&summary.dividends, uid));
			let emission = at(&summary.emission, uid);
			if emission == 0 && incentive.is_zero() && dividends.is_zero() {
				return None;
			}
			let hotkey = Neurons::<Runtime>::get(netuid, uid)?.hotkey;
			Some(UidPayout { uid, hotkey, incentive, dividends, emission })
		})
		.collect();
	Some(EpochPayouts {
		netuid,
		epoch: summary.epoch,
		block: now,
		owner_cut,
		miners,
		validators,
		to_treasury,
		payouts,
	})
}
