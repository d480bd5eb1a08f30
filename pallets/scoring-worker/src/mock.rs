//! A runtime of System and the worker, with a chain the tests set up, real sr25519 keys in
//! a keystore, the off-chain HTTP and pool test doubles and the real scoring extension.

use crate::chain::{DisputeJob, Position, RoundParams, ValidatorChain};
use codec::{Decode, Encode};
use frame_support::{derive_impl, parameter_types};
use frame_system::offchain::{
	AppCrypto, CreateSignedTransaction, CreateTransactionBase, SigningTypes,
};
use merit_host_interface::{MinerOutcome, ModelRequest, Scorer, ScoringExt};
use merit_primitives::round::{
	Attestation, Candidate, Fault, FixedCandidate, NeuronModel, WeightsBasis,
};
use merit_primitives::{NetUid, TaskKind, TaskSpec, Uid};
use sp_core::{
	offchain::{self, testing, OffchainDbExt, OffchainWorkerExt, TransactionPoolExt},
	sr25519,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{
	generic::UncheckedExtrinsic,
	traits::{IdentifyAccount, Verify},
	AccountId32, BuildStorage, MultiSignature, MultiSigner,
};
use std::{cell::RefCell, sync::Arc};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = AccountId32;
pub type Extrinsic = UncheckedExtrinsic<AccountId, RuntimeCall, MultiSignature, ()>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Worker: crate,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
}

impl SigningTypes for Test {
	type Public = MultiSigner;
	type Signature = MultiSignature;
}

impl CreateTransactionBase<RuntimeCall> for Test {
	type Extrinsic = Extrinsic;
	type RuntimeCall = RuntimeCall;
}

impl CreateSignedTransaction<RuntimeCall> for Test {
	fn create_signed_transaction<C: AppCrypto<MultiSigner, MultiSignature>>(
		call: RuntimeCall,
		public: MultiSigner,
		account: AccountId,
		nonce: <Test as frame_system::Config>::Nonce,
	) -> Option<Extrinsic> {
		let signature = C::sign(&(&call, nonce).encode(), public)?;
		Some(Extrinsic::new_signed(call, account, signature, ()))
	}
}

parameter_types! {
	pub const FetchTimeout: u64 = 5_000;
	/// A test may shorten or lengthen the round (`RoundTimeout::set`).
	pub static RoundTimeout: u64 = 60_000;
}

impl crate::Config for Test {
	type AuthorityId = crate::crypto::ValidatorHotkey;
	type Chain = MockChain;
	type FetchTimeout = FetchTimeout;
	type RoundTimeout = RoundTimeout;
}

/// What the worker sent, carried in a remark (the mock runtime has no weights pallet).
#[derive(Encode, Decode, Clone, Debug, PartialEq, Eq)]
pub enum Sent {
	Commit {
		netuid: NetUid,
		hash: [u8; 32],
	},
	Reveal {
		netuid: NetUid,
		uids: Vec<Uid>,
		weights: Vec<u16>,
		basis: WeightsBasis,
		salt: [u8; 32],
		version_key: u64,
	},
	Set {
		netuid: NetUid,
		uids: Vec<Uid>,
		weights: Vec<u16>,
		basis: WeightsBasis,
		version_key: u64,
	},
	Report {
		netuid: NetUid,
		uid: Uid,
		fault: u8,
	},
	/// `said`: 0 match, 1 mismatch.
	Attest {
		netuid: NetUid,
		id: u32,
		said: u8,
	},
}

fn remark(sent: Sent) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: sent.encode() })
}

/// The chain the tests set up.
#[derive(Clone, Default)]
pub struct ChainState {
	pub position: Option<Position>,
	pub commit_reveal: bool,
	pub min_allowed_weights: u16,
	pub permits: Vec<AccountId>,
	pub candidates: Vec<Candidate<String>>,
	/// Neurons with a revealed model that the round did not fix (revealed after it opened).
	pub late: Vec<Candidate<String>>,
	/// On-chain commits: (hotkey, hash, reveal epoch).
	pub commits: Vec<(AccountId, [u8; 32], u32)>,
	/// The subnet's model size cap, if not [`task`]'s 100,000 bytes.
	pub max_model_bytes: Option<u32>,
	/// Open disputes the permit holders verify.
	pub disputes: Vec<DisputeJob>,
}

thread_local! {
	pub static CHAIN: RefCell<ChainState> = RefCell::new(ChainState::default());
}

pub const NETUID: NetUid = 1;
pub const VERSION_KEY: u64 = 7;

pub fn task() -> TaskSpec {
	TaskSpec {
		kind: TaskKind::Digits,
		max_model_bytes: 100_000,
		dataset_id: b"uci-digits".to_vec().try_into().unwrap(),
		eval_size: 256,
	}
}

pub struct MockChain;

impl ValidatorChain<AccountId, RuntimeCall> for MockChain {
	fn subnets() -> Vec<NetUid> {
		vec![NETUID]
	}
	fn position(netuid: NetUid) -> Option<Position> {
		CHAIN.with(|c| c.borrow().position.filter(|_| netuid == NETUID))
	}
	fn params(_: NetUid, _: u32) -> Option<RoundParams> {
		CHAIN.with(|c| {
			let c = c.borrow();
			let mut task = task();
			task.max_model_bytes = c.max_model_bytes.unwrap_or(task.max_model_bytes);
			Some(RoundParams {
				task,
				min_allowed_weights: c.min_allowed_weights,
				max_weight_limit: 1_000_000_000,
				version_key: VERSION_KEY,
				commit_reveal: c.commit_reveal,
			})
		})
	}
	fn validator_uid(_: NetUid, hotkey: &AccountId) -> Option<Uid> {
		// The validator holds UID 9.
		CHAIN.with(|c| c.borrow().permits.contains(hotkey).then_some(9))
	}
	fn round_candidates(_: NetUid, _: u32) -> Vec<FixedCandidate> {
		CHAIN.with(|c| {
			c.borrow()
				.candidates
				.iter()
				.map(|c| FixedCandidate {
					uid: c.uid,
					model_hash: c.model_hash,
					committed_at: c.committed_at,
				})
				.collect()
		})
	}
	fn neurons(_: NetUid) -> Vec<NeuronModel<String>> {
		CHAIN.with(|c| {
			let c = c.borrow();
			c.candidates
				.iter()
				.chain(&c.late)
				.map(|c| NeuronModel {
					uid: c.uid,
					committed_at: c.committed_at,
					revealed: Some(c.model_hash),
					copied: false,
					endpoint: c.endpoint.clone(),
				})
				.collect()
		})
	}
	fn reveal_epoch(_: NetUid, hotkey: &AccountId, hash: &[u8; 32]) -> Option<u32> {
		CHAIN.with(|c| {
			c.borrow().commits.iter().find(|(h, x, _)| h == hotkey && x == hash).map(|(_, _, e)| *e)
		})
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
		sp_io::hashing::blake2_256(
			&(hotkey, netuid, uids, weights, basis, salt, version_key).encode(),
		)
	}
	fn commit_weights(netuid: NetUid, hash: [u8; 32]) -> RuntimeCall {
		remark(Sent::Commit { netuid, hash })
	}
	fn reveal_weights(
		netuid: NetUid,
		uids: Vec<Uid>,
		weights: Vec<u16>,
		basis: WeightsBasis,
		salt: [u8; 32],
		version_key: u64,
	) -> Option<RuntimeCall> {
		Some(remark(Sent::Reveal { netuid, uids, weights, basis, salt, version_key }))
	}
	fn set_weights(
		netuid: NetUid,
		uids: Vec<Uid>,
		weights: Vec<u16>,
		basis: WeightsBasis,
		version_key: u64,
	) -> Option<RuntimeCall> {
		Some(remark(Sent::Set { netuid, uids, weights, basis, version_key }))
	}
	fn report_model(netuid: NetUid, uid: Uid, fault: Fault) -> RuntimeCall {
		let fault = match fault {
			Fault::Unavailable => 0,
			Fault::HashMismatch => 1,
		};
		remark(Sent::Report { netuid, uid, fault })
	}
	fn disputes_to_verify(_: NetUid, hotkey: &AccountId) -> Vec<DisputeJob> {
		CHAIN.with(|c| {
			let c = c.borrow();
			if c.permits.contains(hotkey) {
				c.disputes.clone()
			} else {
				Vec::new()
			}
		})
	}
	fn attest(netuid: NetUid, id: u32, said: Attestation) -> RuntimeCall {
		let said = match said {
			Attestation::Match => 0,
			Attestation::Mismatch => 1,
		};
		remark(Sent::Attest { netuid, id, said })
	}
}

/// The test doubles a test inspects.
pub struct Node {
	pub ext: sp_io::TestExternalities,
	pub http: Arc<parking_lot::RwLock<testing::OffchainState>>,
	pub pool: Arc<parking_lot::RwLock<testing::PoolState>>,
	pub hotkey: AccountId,
}

/// A node whose keystore holds the validator hotkey `//Validator` (unless `keyless`), with
/// off-chain HTTP, storage and pool doubles, and scoring available (`scoring`).
pub fn node(keyless: bool, scoring: bool) -> Node {
	build(keyless, scoring, None)
}

/// A validator node whose off-chain HTTP is `net` (storage and pool are the usual doubles),
/// with scoring available (`scoring`).
pub fn node_on(net: impl offchain::Externalities + 'static, scoring: bool) -> Node {
	build(false, scoring, Some(Box::new(net)))
}

fn build(keyless: bool, scoring: bool, net: Option<Box<dyn offchain::Externalities>>) -> Node {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	let (offchain, http) = testing::TestOffchainExt::new();
	let (pool, pool_state) = testing::TestTransactionPoolExt::new();
	let keystore = MemoryKeystore::new();
	let public =
		keystore.sr25519_generate_new(crate::crypto::KEY_TYPE, Some("//Validator")).unwrap();
	let keystore = if keyless { MemoryKeystore::new() } else { keystore };
	match net {
		Some(net) => ext.register_extension(OffchainWorkerExt::new(net)),
		None => ext.register_extension(OffchainWorkerExt::new(offchain.clone())),
	}
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.register_extension(KeystoreExt::new(keystore));
	if scoring {
		ext.register_extension(ScoringExt::new(FakeScorer));
	}
	ext.execute_with(|| {
		System::set_block_number(1);
		// Blocks 1..=64 are known (the worker seeds rounds from their hashes).
		for n in 1..=64u64 {
			frame_system::BlockHash::<Test>::insert(n, sp_core::H256::repeat_byte(n as u8));
		}
	});
	CHAIN.with(|c| *c.borrow_mut() = ChainState::default());
	RoundTimeout::set(60_000);
	let hotkey = MultiSigner::from(sr25519::Public::from(public)).into_account();
	Node { ext, http, pool: pool_state, hotkey }
}

/// What the pool received, in order, with each transaction's signer and signature checked,
/// and the nonce it was signed with.
pub fn sent_with_nonces(node: &Node) -> Vec<(Sent, u32)> {
	node.pool
		.read()
		.transactions
		.iter()
		.enumerate()
		.map(|(i, bytes)| {
			let xt = Extrinsic::decode(&mut &bytes[..]).unwrap();
			let sp_runtime::generic::Preamble::Signed(signer, signature, ()) = xt.preamble else {
				panic!("a signed transaction")
			};
			assert_eq!(signer, node.hotkey, "signed by the validator hotkey");
			let payload =
				|nonce: <Test as frame_system::Config>::Nonce| (&xt.function, nonce).encode();
			// Mostly the transaction's place in the pool; else one of the first 64.
			let nonce = core::iter::once(i as u32)
				.chain(0..64)
				.find(|n| signature.verify(&payload(*n)[..], &signer))
				.expect("a valid signature");
			let RuntimeCall::System(frame_system::Call::remark { remark }) = xt.function else {
				panic!("a remark")
			};
			(Sent::decode(&mut &remark[..]).unwrap(), nonce)
		})
		.collect()
}

/// What the pool received, in order.
pub fn sent(node: &Node) -> Vec<Sent> {
	sent_with_nonces(node).into_iter().map(|(s, _)| s).collect()
}

/// The scorer the node would provide, faked: the pallet's tests are about the worker's IO,
/// not about scoring (`merit-host` and the end-to-end tests score real models). A "model"
/// is the text `model:<score>:end`; anything else is not a valid model. Its fingerprint
/// follows its score, so equal files are near-duplicates and different scores are not.
pub struct FakeScorer;

/// A file the fake scorer scores `score`.
pub fn fake_model(score: u32) -> Vec<u8> {
	format!("model:{score}:end").into_bytes()
}

impl Scorer for FakeScorer {
	fn score(&mut self, request: &ModelRequest) -> MinerOutcome {
		let score = core::str::from_utf8(&request.file)
			.ok()
			.and_then(|s| s.strip_prefix("model:")?.strip_suffix(":end")?.parse::<u32>().ok());
		match score {
			Some(score) => MinerOutcome::Scored {
				score,
				metrics: Vec::new(),
				fingerprint: vec![-i16::try_from(score / 1_000_000).unwrap_or(i16::MAX); 16],
			},
			None => MinerOutcome::Invalid(b"not a model".to_vec()),
		}
	}
}
