//! The validator's off-chain worker (`pallet-merit-scoring-worker`): how the runtime signs
//! its transactions, and what it reads and calls ([`ScoringChain`]).

use crate::{
	configs::system::BlockHashCount, AccountId, Consensus, Nonce, Runtime, RuntimeCall, Signature,
	SignedPayload, System, TxExtension, UncheckedExtrinsic,
};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::traits::ConstU64;
use frame_system::offchain::{
	AppCrypto, CreateSignedTransaction, CreateTransactionBase, SigningTypes,
};
use merit_primitives::round::{
	Attestation, EpochSeed, Fault, FixedCandidate, NeuronModel, WeightsBasis,
};
use merit_primitives::{EpochInfo, NetUid, Uid};
use pallet_merit_scoring_worker::chain::{DisputeJob, Position, RoundParams, ValidatorChain};
use sp_runtime::{generic::Era, traits::Verify, MultiAddress, SaturatedConversion};

impl pallet_merit_scoring_worker::Config for Runtime {
	type AuthorityId = pallet_merit_scoring_worker::crypto::ValidatorHotkey;
	type Chain = ScoringChain;
	/// A miner has 10 seconds to serve its file (16 are fetched at once).
	type FetchTimeout = ConstU64<10_000>;
	/// A round's fetching ends within 4 minutes (two fifths of a 100-block testnet epoch),
	/// however many miners are slow; those not reached are not scored and not reported.
	type RoundTimeout = ConstU64<240_000>;
}

impl SigningTypes for Runtime {
	type Public = <Signature as Verify>::Signer;
	type Signature = Signature;
}

impl<C> CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> CreateSignedTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	/// A transaction exactly as a wallet builds one: every extension of [`TxExtension`],
	/// mortal for half the block hashes the chain keeps, no tip, no metadata hash.
	fn create_signed_transaction<A: AppCrypto<Self::Public, Self::Signature>>(
		call: RuntimeCall,
		public: <Signature as Verify>::Signer,
		account: AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		let period =
			u64::from(BlockHashCount::get()).checked_next_power_of_two().map_or(2, |p| p / 2);
		let current = System::block_number().saturated_into::<u64>().saturating_sub(1);
		let extension: TxExtension = (
			frame_system::AuthorizeCall::<Runtime>::new(),
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			frame_system::CheckEra::<Runtime>::from(Era::mortal(period, current)),
			frame_system::CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
			frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
			frame_system::WeightReclaim::<Runtime>::new(),
		);
		let payload = SignedPayload::new(call, extension).ok()?;
		let signature = payload.using_encoded(|bytes| A::sign(bytes, public))?;
		let (call, extension, _) = payload.deconstruct();
		Some(UncheckedExtrinsic::new_signed(call, MultiAddress::Id(account), signature, extension))
	}
}

type Subnets = pallet_merit_subnets::Pallet<Runtime>;

/// The chain as the worker reads it: the subnets and consensus pallets' views, and their
/// calls.
pub struct ScoringChain;

impl ValidatorChain<AccountId, RuntimeCall> for ScoringChain {
	fn subnets() -> Vec<NetUid> {
		pallet_merit_subnets::Registry::<Runtime>::iter_keys().collect()
	}

	fn position(netuid: NetUid) -> Option<Position> {
		let view = Consensus::subnet_epoch(netuid)?;
		let round_fixed_at =
			pallet_merit_consensus::Rounds::<Runtime>::get(netuid, view.epoch)?.fixed_at;
		Some(Position { epoch: view.epoch, round_fixed_at })
	}

	fn params(netuid: NetUid, epoch: u32) -> Option<RoundParams> {
		let subnet = Subnets::subnet_view(netuid)?;
		let limits = pallet_merit_consensus::Rounds::<Runtime>::get(netuid, epoch)?.limits;
		let h = subnet.hyperparams;
		Some(RoundParams {
			task: subnet.task,
			min_allowed_weights: limits.min_count,
			max_weight_limit: limits.max_share_ppb,
			version_key: h.weights_version_key,
			commit_reveal: h.commit_reveal,
		})
	}

	fn validator_uid(netuid: NetUid, hotkey: &AccountId) -> Option<Uid> {
		pallet_merit_subnets::Uids::<Runtime>::get(netuid, hotkey)
			.filter(|uid| Consensus::has_permit(netuid, *uid))
	}

	fn round_candidates(netuid: NetUid, epoch: u32) -> Vec<FixedCandidate> {
		pallet_merit_consensus::RoundCandidates::<Runtime>::get(netuid, epoch).into_inner()
	}

	fn neurons(netuid: NetUid) -> Vec<NeuronModel<alloc::string::String>> {
		Subnets::neuron_views(netuid)
			.into_iter()
			.filter_map(|n| {
				let model = n.model?;
				Some(NeuronModel {
					uid: n.uid,
					committed_at: model.committed_at,
					endpoint: model.revealed.and_then(|hash| Some(n.axon?.model_url(&hash))),
					revealed: model.revealed,
					copied: model.copy_of.is_some(),
				})
			})
			.collect()
	}

	fn reveal_epoch(netuid: NetUid, hotkey: &AccountId, hash: &[u8; 32]) -> Option<u32> {
		Consensus::commits_of(netuid, hotkey)
			.into_iter()
			.find(|c| &c.commit_hash == hash)
			.map(|c| c.reveal_epoch)
	}

	fn weights_hash(
		hotkey: &AccountId,
		netuid: NetUid,
		uids: &[Uid],
		weights: &[u16],
		basis: &WeightsBasis,
		salt: &[u8; 32],
		version_key: u64,
	) -> [u8; 32] {
		Consensus::weights_hash(hotkey, netuid, uids, weights, basis, salt, version_key)
	}

	fn commit_weights(netuid: NetUid, hash: [u8; 32]) -> RuntimeCall {
		RuntimeCall::Consensus(pallet_merit_consensus::Call::commit_weights {
			netuid,
			commit_hash: hash,
		})
	}

	fn reveal_weights(
		netuid: NetUid,
		uids: Vec<Uid>,
		weights: Vec<u16>,
		basis: WeightsBasis,
		salt: [u8; 32],
		version_key: u64,
	) -> Option<RuntimeCall> {
		Some(RuntimeCall::Consensus(pallet_merit_consensus::Call::reveal_weights {
			netuid,
			uids: uids.try_into().ok()?,
			weights: weights.try_into().ok()?,
			basis,
			salt,
			version_key,
		}))
	}

	fn set_weights(
		netuid: NetUid,
		uids: Vec<Uid>,
		weights: Vec<u16>,
		basis: WeightsBasis,
		version_key: u64,
	) -> Option<RuntimeCall> {
		Some(RuntimeCall::Consensus(pallet_merit_consensus::Call::set_weights {
			netuid,
			uids: uids.try_into().ok()?,
			weights: weights.try_into().ok()?,
			basis,
			version_key,
		}))
	}

	fn report_model(netuid: NetUid, uid: Uid, fault: Fault) -> RuntimeCall {
		let fault = fault.into();
		RuntimeCall::Slashing(pallet_merit_slashing::Call::report_model { netuid, uid, fault })
	}

	fn disputes_to_verify(netuid: NetUid, hotkey: &AccountId) -> Vec<DisputeJob> {
		let url = |uid: Uid, hash: &[u8; 32]| {
			Some(Subnets::neuron_view(netuid, uid)?.axon?.model_url(hash))
		};
		pallet_merit_slashing::Disputes::<Runtime>::iter_prefix(netuid)
			.filter(|(_, d)| d.verifiers.iter().any(|v| &v.hotkey == hotkey && v.said.is_none()))
			.map(|(id, d)| DisputeJob {
				id,
				seed: EpochSeed { netuid, epoch: d.round, block: d.seed_block, hash: d.seed_hash },
				limits: d.limits,
				candidates: pallet_merit_slashing::DisputeCandidates::<Runtime>::get(netuid, id)
					.into_iter()
					.map(|c| (c, url(c.uid, &c.model_hash)))
					.collect(),
				weights: d.weights.into_inner(),
				excluded: d.excluded.into_inner(),
			})
			.collect()
	}

	fn attest(netuid: NetUid, id: u32, said: Attestation) -> RuntimeCall {
		RuntimeCall::Slashing(pallet_merit_slashing::Call::attest { netuid, id, said })
	}
}
