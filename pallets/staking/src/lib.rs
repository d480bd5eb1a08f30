//! # Staking pallet
//!
//! Coldkeys back hotkeys with stake; consensus weighs validators by it and slashing takes
//! from it.
//!
//! ## Overview
//!
//! - **Stake** is kept per `(coldkey, hotkey)` pair, with totals per hotkey, per coldkey and
//!   overall. Staked funds stay in the coldkey's account under a fungible hold
//!   ([`HoldReason::Staking`]): they remain part of total issuance and can carry a vote (a
//!   freeze overlaps holds).
//! - A coldkey may stake on a hotkey it owns (ownership comes from [`Config::Hotkeys`], the
//!   subnets pallet), or on any hotkey whose owner made it a **delegate**. A delegate keeps a
//!   **take** of its nominators' rewards: [`Config::DefaultTake`] when it becomes one, at
//!   most [`Config::MaxTake`]. Changes apply at once; an increase needs
//!   [`Config::TakeRateLimit`] blocks since the last change, so a delegate cannot ratchet its
//!   take up faster than that (it can still raise it straight back to the maximum after a
//!   cut, which nominators see as a `TakeSet` event).
//! - **Staker slots.** A hotkey has at most [`Config::MaxStakersPerHotkey`] positions (pairs
//!   with stake or unbonding). On a full hotkey a newcomer staking more than the smallest
//!   other position (bonded plus unbonding; the owner's never counts) evicts it: the evicted
//!   pair's rewards compound and its stake and chunks are released to it at once
//!   ([`Event::StakerEvicted`]), so minimum-stake squatters cannot keep real nominators out.
//! - **Unbonding.** [`Pallet::remove_stake`] moves stake into an unbonding chunk that matures
//!   [`UnbondingBlocks`] later; [`Pallet::withdraw_unbonded`] then releases the hold.
//!   Unbonding funds stay slashable.
//! - **No dust.** A pair's stake is either zero or at least [`Config::MinStake`]: adding below
//!   it is refused, and removing so much that less would remain removes everything. Only a
//!   slash or a reward ([`merit_primitives::StakeReward`], which consensus pays epoch
//!   emissions through) can leave less; the next `remove_stake` then takes it all.
//! - **Shared rewards** ([`merit_primitives::StakeReward::share_reward`]): consensus pays a
//!   validator's dividends (after the delegate's take) to everyone staked on it, pro rata to
//!   bonded stake, in O(1) whatever the number of stakers. The funds go to the pallet's
//!   reward pot ([`Config::PalletId`]) and count towards the hotkey's stake at once
//!   ([`UnclaimedRewards`]); a per-hotkey accumulator ([`RewardPerStake`]) records what each
//!   unit of bonded stake earned. A pair's part, `stake · (RewardPerStake − its checkpoint)`
//!   rounded down, compounds into its bonded stake (moved from the pot and held) before any
//!   change to that stake, on [`Pallet::claim_rewards`], and before a slash, with
//!   [`Event::RewardsCompounded`]. Views report it as `rewards` next to the bonded stake.
//!   Pending rewards do not themselves earn until compounded (the split is by bonded
//!   stake), so a nominator compounds by claiming; the delegate's take is paid as bonded
//!   stake and compounds every epoch.
//! - **Slashing** ([`merit_primitives::StakeSlash`]): `slash_page(hotkey, fraction, reason,
//!   after, limit)` takes `fraction` of the stake and unbonding chunks of at most `limit`
//!   stakers of the hotkey (each after compounding its shared rewards), rounding down per
//!   chunk, hands the funds to [`Config::OnSlash`] (dropping them burns them), emits
//!   [`Event::Slashed`] per coldkey and returns the total and the last staker visited, where
//!   the next page starts. The slashing pallet applies a slash a page a block and meanwhile
//!   names the hotkey in [`Config::SlashesApplying`]: adding, unbonding and withdrawing stake
//!   on it are refused ([`Error::SlashApplying`]) until the last page, so no staker slips out
//!   between pages and no newcomer pays for the offence. (Rewards still arrive: a dividend
//!   shared during the slash is cut with the stake of the stakers not yet visited.)
//!
//! ## Invariants ([`Pallet::do_try_state`])
//!
//! - `TotalStake = Σ HotkeyStake`; `HotkeyStake = Σ Stake + UnclaimedRewards` per hotkey;
//!   `ColdkeyStake = Σ Stake` per coldkey.
//! - Each hotkey's pairs are owed at most its `UnclaimedRewards`, and the reward pot holds at
//!   least the existential deposit plus all unclaimed rewards.
//! - Reward checkpoints exist only for pairs with bonded stake.
//! - For every coldkey, the `Staking` hold equals its stake plus its unbonding chunks.
//! - No zero stakes or empty unbonding entries are stored; `Positions` lists exactly the
//!   pairs with stake or unbonding, and `StakerCount` counts them per hotkey, never above
//!   the maximum.
//! - Every delegate's hotkey has an owner.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use weights::WeightInfo;

mod adapters;
mod delegation;
mod funds;
mod invariants;
mod ledger;
mod rewards;
mod slash;
pub mod views;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

// The pallet macros expand to code the panic lints flag; the logic lives in the sibling
// modules, which the lints check.
#[allow(
	clippy::expect_used,
	clippy::unwrap_used,
	clippy::indexing_slicing,
	clippy::arithmetic_side_effects
)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, BuildGenesisConfig, Contains, OnUnbalanced},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use merit_primitives::{HotkeyOwnership, SlashReason, SlashWindow};
	use sp_runtime::{FixedU128, Perbill};

	/// The balance type of the pallet's currency.
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// Funds taken by a slash, on their way to [`Config::OnSlash`].
	pub type CreditOf<T> =
		fungible::Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

	/// One unbonding chunk: `amount` is released from `unlock_at` on.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
	pub struct UnbondingChunk<Balance> {
		/// Funds unbonding.
		pub amount: Balance,
		/// First block they can be withdrawn in.
		pub unlock_at: u32,
	}

	/// A delegate's terms.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
	pub struct DelegateInfo {
		/// The share of nominators' rewards the delegate keeps.
		pub take: Perbill,
		/// Block of the last take change (increase rate limit).
		pub take_changed_at: u32,
	}

	/// Unbonding chunks of one `(hotkey, coldkey)` pair.
	pub type ChunksOf<T> =
		BoundedVec<UnbondingChunk<BalanceOf<T>>, <T as Config>::MaxUnbondingChunks>;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Stake, bonded or unbonding.
		Staking,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency stake is held in.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::hold::Balanced<Self::AccountId>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Who owns each hotkey (the subnets pallet).
		type Hotkeys: HotkeyOwnership<Self::AccountId>;

		/// Where slashed funds go. `()` burns them.
		type OnSlash: OnUnbalanced<CreditOf<Self>>;

		/// The reward pot's id: shared rewards wait in its account until they compound.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// May change the unbonding period.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Unbonding chunks one `(coldkey, hotkey)` pair may have at once.
		#[pallet::constant]
		type MaxUnbondingChunks: Get<u32>;

		/// Distinct coldkeys that may back one hotkey (bounds the slash).
		#[pallet::constant]
		type MaxStakersPerHotkey: Get<u32>;

		/// The smallest non-zero stake of a `(coldkey, hotkey)` pair.
		#[pallet::constant]
		type MinStake: Get<BalanceOf<Self>>;

		/// The take a new delegate starts with.
		#[pallet::constant]
		type DefaultTake: Get<Perbill>;

		/// The largest take a delegate may set.
		#[pallet::constant]
		type MaxTake: Get<Perbill>;

		/// Blocks between two take increases of one delegate.
		#[pallet::constant]
		type TakeRateLimit: Get<u32>;

		/// The subnets' tempo and the slash deferral: an unbonding period short enough for
		/// stake to leave before a deferred slash applies is refused.
		type SlashWindow: merit_primitives::SlashWindow;

		/// Hotkeys whose stakers are being slashed, a page a block (the slashing pallet): no
		/// stake is added to, unbonded from or withdrawn from them until the slash ends, so
		/// nobody slips out between pages and no newcomer pays for an offence it did not
		/// back.
		type SlashesApplying: Contains<Self::AccountId>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Blocks between `remove_stake` and the funds being withdrawable. Set in genesis (dev
	/// chains unbond in seconds, public ones in days) and by the admin origin.
	#[pallet::storage]
	pub type UnbondingBlocks<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Genesis: the unbonding period.
	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Blocks between `remove_stake` and the funds being withdrawable (at least 1).
		pub unbonding_blocks: u32,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		/// 50,400 blocks: 3.5 days of 6-second blocks.
		fn default() -> Self {
			Self { unbonding_blocks: 50_400, _config: Default::default() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(self.unbonding_blocks >= 1, "unbonding_blocks must be at least 1");
			UnbondingBlocks::<T>::put(self.unbonding_blocks);
			// The pot keeps the existential deposit so that rewards of any size can enter it
			// and every payout from it can keep it alive.
			let pot = Pallet::<T>::reward_pot();
			let ed = <T::Currency as fungible::Inspect<T::AccountId>>::minimum_balance();
			if <T::Currency as fungible::Inspect<T::AccountId>>::balance(&pot) < ed {
				<T::Currency as fungible::Mutate<T::AccountId>>::mint_into(&pot, ed)
					.expect("minting the existential deposit into a new account succeeds");
			}
		}
	}

	/// Stake per `(hotkey, coldkey)`; never zero. `Blake2_128Concat`: user-chosen keys.
	/// Hotkey first, so everything backing a hotkey is one prefix (slashing, payouts).
	#[pallet::storage]
	pub type Stake<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// Total stake backing each hotkey: its pairs' bonded stake plus its unclaimed rewards.
	#[pallet::storage]
	pub type HotkeyStake<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// Total stake each coldkey has placed.
	#[pallet::storage]
	pub type ColdkeyStake<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// Stake across all hotkeys.
	#[pallet::storage]
	pub type TotalStake<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Unbonding chunks per `(hotkey, coldkey)`; never empty.
	#[pallet::storage]
	pub type Unbonding<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		ChunksOf<T>,
		ValueQuery,
	>;

	/// The `(coldkey, hotkey)` pairs with stake or unbonding chunks, coldkey first: what a
	/// coldkey has placed, found without scanning.
	#[pallet::storage]
	pub type Positions<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Blake2_128Concat, T::AccountId, ()>;

	/// Number of coldkeys with a position on each hotkey.
	#[pallet::storage]
	pub type StakerCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Shared reward earned per unit of bonded stake on each hotkey, ever (only grows).
	#[pallet::storage]
	pub type RewardPerStake<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, FixedU128, ValueQuery>;

	/// `RewardPerStake` of the hotkey when the pair's rewards last compounded; stored for
	/// pairs with bonded stake only.
	#[pallet::storage]
	pub type RewardCheckpoint<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		FixedU128,
		ValueQuery,
	>;

	/// Rewards shared with each hotkey's stakers and not yet compounded into their pairs
	/// (plus rounding dust). Part of `HotkeyStake`; the funds are in the reward pot.
	#[pallet::storage]
	pub type UnclaimedRewards<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// Hotkeys open to nominators, with their terms.
	#[pallet::storage]
	pub type Delegates<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, DelegateInfo>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `coldkey` staked `amount` on `hotkey`.
		StakeAdded { coldkey: T::AccountId, hotkey: T::AccountId, amount: BalanceOf<T> },
		/// `coldkey` started unbonding `amount` from `hotkey`, withdrawable from `unlock_at`.
		StakeRemoved {
			coldkey: T::AccountId,
			hotkey: T::AccountId,
			amount: BalanceOf<T>,
			unlock_at: u32,
		},
		/// Matured unbonding funds were released to `coldkey`.
		Withdrawn { coldkey: T::AccountId, hotkey: T::AccountId, amount: BalanceOf<T> },
		/// `hotkey` became a delegate with `take`.
		DelegateAdded { hotkey: T::AccountId, take: Perbill },
		/// A delegate's take changed.
		TakeSet { hotkey: T::AccountId, take: Perbill },
		/// The unbonding period changed (for unbondings started from now on).
		UnbondingBlocksSet { blocks: u32 },
		/// `amount` was shared among everyone staked on `hotkey`.
		RewardShared { hotkey: T::AccountId, amount: BalanceOf<T> },
		/// `coldkey`'s part of the rewards shared on `hotkey` became bonded stake.
		RewardsCompounded { coldkey: T::AccountId, hotkey: T::AccountId, amount: BalanceOf<T> },
		/// `coldkey`'s position on a full `hotkey` was the smallest and a larger staker took
		/// its place: its stake and unbonding chunks (`released`) are free balance again.
		StakerEvicted { coldkey: T::AccountId, hotkey: T::AccountId, released: BalanceOf<T> },
		/// `amount` of `coldkey`'s stake (bonded and unbonding) on `hotkey` was slashed.
		Slashed {
			coldkey: T::AccountId,
			hotkey: T::AccountId,
			amount: BalanceOf<T>,
			reason: SlashReason,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The hotkey was never registered, so nobody owns it.
		HotkeyNotRegistered,
		/// Only the hotkey's owner may do this.
		NotHotkeyOwner,
		/// The hotkey is not a delegate, so only its owner may stake on it.
		NotADelegate,
		/// The hotkey is a delegate already.
		AlreadyDelegate,
		/// An amount of zero.
		ZeroAmount,
		/// The pair's stake would be above zero but below the minimum stake.
		StakeBelowMinimum,
		/// The coldkey cannot hold this much and stay alive.
		InsufficientBalance,
		/// The coldkey has less stake on this hotkey than asked for.
		NotEnoughStake,
		/// The pair has the most unbonding chunks allowed; withdraw first.
		TooManyUnbondingChunks,
		/// The hotkey has the most stakers allowed and every other position is at least as
		/// large as this stake.
		TooManyStakers,
		/// No unbonding chunk has matured yet.
		NothingToWithdraw,
		/// The take is above the maximum.
		TakeTooHigh,
		/// The unbonding period must be at least one block.
		InvalidUnbondingBlocks,
		/// Stake unbonding this fast could leave before a deferred slash applies:
		/// `unbonding_blocks` must exceed `(defer_epochs + 1) · tempo` for the longest tempo.
		SlashOutlastsUnbonding,
		/// The take was changed less than `TakeRateLimit` blocks ago and cannot rise yet.
		TakeIncreaseRateLimited,
		/// No shared rewards are waiting for this pair.
		NothingToClaim,
		/// The reward pot cannot pay this pair's pending rewards; nothing was changed. Only
		/// possible if the pot's accounting broke (see the invariants).
		RewardPotShort,
		/// A slash of this hotkey's stakers is being applied, a page a block; stake on it
		/// cannot be added, unbonded or withdrawn until it ends (a few blocks).
		SlashApplying,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Stakes `amount` of the signing coldkey's free balance on `hotkey`, which it must own
		/// or which must be a delegate. On a hotkey with [`Config::MaxStakersPerHotkey`]
		/// stakers, a newcomer staking more than the smallest other position evicts it (its
		/// stake is released at once, [`Event::StakerEvicted`]); the weight of finding it is
		/// refunded when there was room.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::add_stake_weight(T::MaxStakersPerHotkey::get()))]
		pub fn add_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			let read = Self::do_add_stake(coldkey, hotkey, amount)?;
			Ok(Some(Self::add_stake_weight(read)).into())
		}

		/// Starts unbonding `amount` of the signing coldkey's stake on `hotkey`; all of it if
		/// less than the minimum stake would remain.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_stake())]
		pub fn remove_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_remove_stake(coldkey, hotkey, amount)
		}

		/// Releases the signing coldkey's matured unbonding chunks from `hotkey`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded(T::MaxUnbondingChunks::get()))]
		pub fn withdraw_unbonded(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_withdraw_unbonded(coldkey, hotkey)
		}

		/// Opens `hotkey`, owned by the signing coldkey, to nominators at the default take.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::become_delegate())]
		pub fn become_delegate(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_become_delegate(coldkey, hotkey)
		}

		/// Sets the take of `hotkey`, a delegate owned by the signing coldkey. Decreases apply
		/// at once; increases at most once per `TakeRateLimit` blocks.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_take())]
		pub fn set_take(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			take: Perbill,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_set_take(coldkey, hotkey, take)
		}

		/// Sets the unbonding period for unbondings started from now on. Admin origin only;
		/// refused if it would not outlast the slash deferral
		/// ([`merit_primitives::unbonding_outlasts_slashes`]).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_unbonding_blocks().saturating_add(
			T::DbWeight::get().reads(
				<T::SlashWindow as merit_primitives::SlashWindow>::longest_tempo_reads(),
			),
		))]
		pub fn set_unbonding_blocks(origin: OriginFor<T>, blocks: u32) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(blocks >= 1, Error::<T>::InvalidUnbondingBlocks);
			ensure!(
				merit_primitives::unbonding_outlasts_slashes(
					blocks,
					T::SlashWindow::defer_epochs(),
					T::SlashWindow::longest_tempo()
				),
				Error::<T>::SlashOutlastsUnbonding
			);
			UnbondingBlocks::<T>::put(blocks);
			Self::deposit_event(Event::UnbondingBlocksSet { blocks });
			Ok(())
		}

		/// Compounds the signing coldkey's part of the rewards shared on `hotkey` into its
		/// bonded stake. It happens anyway before any change to that stake, but pending
		/// rewards earn nothing until compounded: only bonded stake shares later rewards
		/// (the delegate's own take compounds every epoch). Nominators who want their
		/// rewards to compound should claim from time to time.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::claim_rewards())]
		pub fn claim_rewards(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let amount = Self::compound_rewards(&coldkey, &hotkey)?;
			ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
			Ok(())
		}
	}

	/// Reads for clients (metadata V16 view functions), typed in any client that reads them.
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Everything `coldkey` has staked, by hotkey, with pending rewards and unbonding.
		pub fn coldkey_stake(
			coldkey: T::AccountId,
		) -> views::ColdkeyStakeView<T::AccountId, BalanceOf<T>> {
			Self::coldkey_view(coldkey)
		}

		/// Everything backing `hotkey`, its owner and its delegate terms.
		pub fn hotkey_stake(
			hotkey: T::AccountId,
		) -> views::HotkeyStakeView<T::AccountId, BalanceOf<T>> {
			Self::hotkey_view(hotkey)
		}

		/// Every delegate with its take, stake and number of stakers.
		pub fn delegates() -> alloc::vec::Vec<views::DelegateView<T::AccountId, BalanceOf<T>>> {
			Self::delegate_views()
		}
	}
}
