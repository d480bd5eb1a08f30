//! Benchmarks of every call, each in its worst case.

use super::*;
use crate::pallet::{BalanceOf, Config, Delegates, Pallet, Stake, Unbonding};
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Balanced, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use merit_primitives::HotkeyOwnership;
use sp_runtime::{
	traits::{Bounded, Zero},
	Perbill, Saturating,
};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let plenty = BalanceOf::<T>::max_value() / 1_000_000u32.into();
	let _ = T::Currency::set_balance(&who, plenty);
	who
}

/// A delegate hotkey owned by a funded coldkey that stakes on it.
fn delegate<T: Config>() -> (T::AccountId, T::AccountId) {
	let owner = funded::<T>("owner", 0);
	let hotkey: T::AccountId = account("hotkey", 0, 0);
	T::Hotkeys::set_owner_for_benchmark(&hotkey, &owner);
	let _ = Pallet::<T>::do_become_delegate(owner.clone(), hotkey.clone());
	let _ = Pallet::<T>::do_add_stake(owner.clone(), hotkey.clone(), T::MinStake::get());
	(owner, hotkey)
}

/// Stakes `MinStake` from `other` and from `staker` (if not yet staked) on `hotkey`, then
/// shares a reward of `MinStake` among them, so `staker` has rewards pending.
fn pending_reward<T: Config>(other: &T::AccountId, staker: &T::AccountId, hotkey: &T::AccountId) {
	for who in [other, staker] {
		if Stake::<T>::get(hotkey, who).is_zero() {
			let _ = Pallet::<T>::do_add_stake(who.clone(), hotkey.clone(), T::MinStake::get());
		}
	}
	let reward = T::Currency::issue(T::MinStake::get());
	assert!(Pallet::<T>::do_share_reward(hotkey, reward).is_ok());
	assert!(!Pallet::<T>::pending_rewards(staker, hotkey).is_zero());
}

fn set_block<T: Config>(n: u32) {
	frame_system::Pallet::<T>::set_block_number(n.into());
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A nominator adding to its stake on a delegate with a shared reward pending, so the
	/// reward compounds first (heavier than opening a new position).
	#[benchmark]
	fn add_stake() {
		let (owner, hotkey) = delegate::<T>();
		let nominator = funded::<T>("nominator", 0);
		let amount = T::MinStake::get().saturating_mul(10u32.into());
		pending_reward::<T>(&owner, &nominator, &hotkey);

		#[extrinsic_call]
		_(RawOrigin::Signed(nominator.clone()), hotkey.clone(), amount);

		assert_eq!(crate::Pallet::<T>::pending_rewards(&nominator, &hotkey), 0u32.into());
		assert!(Stake::<T>::get(&hotkey, &nominator) > amount.saturating_add(T::MinStake::get()));
	}

	/// A new unbonding chunk next to all but one of the allowed, a shared reward pending.
	#[benchmark]
	fn remove_stake() {
		let (owner, hotkey) = delegate::<T>();
		let _ = Pallet::<T>::do_add_stake(
			owner.clone(),
			hotkey.clone(),
			T::MinStake::get().saturating_mul(100u32.into()),
		);
		for block in 1..T::MaxUnbondingChunks::get() {
			set_block::<T>(block);
			let _ = Pallet::<T>::do_remove_stake(owner.clone(), hotkey.clone(), T::MinStake::get());
		}
		set_block::<T>(T::MaxUnbondingChunks::get());
		let nominator = funded::<T>("nominator", 0);
		pending_reward::<T>(&nominator, &owner, &hotkey);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), hotkey.clone(), T::MinStake::get());

		assert_eq!(crate::Pallet::<T>::pending_rewards(&owner, &hotkey), 0u32.into());
		assert_eq!(Unbonding::<T>::get(&hotkey, &owner).len() as u32, T::MaxUnbondingChunks::get());
	}

	/// `n` matured chunks released, the position closed.
	#[benchmark]
	fn withdraw_unbonded(n: Linear<1, { T::MaxUnbondingChunks::get() }>) {
		let (owner, hotkey) = delegate::<T>();
		let stake = T::MinStake::get().saturating_mul(n.into());
		let _ = Pallet::<T>::do_add_stake(owner.clone(), hotkey.clone(), stake);
		for block in 1..=n {
			set_block::<T>(block);
			let _ = Pallet::<T>::do_remove_stake(owner.clone(), hotkey.clone(), T::MinStake::get());
		}
		set_block::<T>(n.saturating_add(crate::UnbondingBlocks::<T>::get()));

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), hotkey.clone());

		assert!(!Unbonding::<T>::contains_key(&hotkey, &owner));
	}

	#[benchmark]
	fn become_delegate() {
		let owner = funded::<T>("owner", 0);
		let hotkey: T::AccountId = account("hotkey", 0, 0);
		T::Hotkeys::set_owner_for_benchmark(&hotkey, &owner);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), hotkey.clone());

		assert!(Delegates::<T>::contains_key(&hotkey));
	}

	/// An increase, through the rate-limit check.
	#[benchmark]
	fn set_take() {
		let (owner, hotkey) = delegate::<T>();
		let _ = Pallet::<T>::do_set_take(owner.clone(), hotkey.clone(), Perbill::zero());
		set_block::<T>(T::TakeRateLimit::get().saturating_add(10));
		let take = T::MaxTake::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), hotkey.clone(), take);

		assert_eq!(Delegates::<T>::get(&hotkey).map(|d| d.take), Some(take));
	}

	#[benchmark]
	fn set_unbonding_blocks() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1_000);

		assert_eq!(crate::UnbondingBlocks::<T>::get(), 1_000);
		Ok(())
	}

	/// A nominator compounding its part of a shared reward.
	#[benchmark]
	fn claim_rewards() {
		let (owner, hotkey) = delegate::<T>();
		let nominator = funded::<T>("nominator", 0);
		pending_reward::<T>(&owner, &nominator, &hotkey);
		let before = Stake::<T>::get(&hotkey, &nominator);

		#[extrinsic_call]
		_(RawOrigin::Signed(nominator.clone()), hotkey.clone());

		assert!(Stake::<T>::get(&hotkey, &nominator) > before);
	}

	/// The slash primitive (not a call; its callers charge this weight): a page of `n`
	/// stakers, each with bonded stake, rewards to compound and the most unbonding chunks
	/// allowed.
	#[benchmark]
	fn slash(n: Linear<1, { T::MaxStakersPerHotkey::get() }>) {
		let (_, hotkey) = delegate::<T>();
		let chunks = T::MaxUnbondingChunks::get();
		let nominators: alloc::vec::Vec<T::AccountId> = (1..n)
			.map(|i| {
				let nominator = funded::<T>("nominator", i);
				let stake = T::MinStake::get().saturating_mul(chunks.saturating_add(2).into());
				let _ = Pallet::<T>::do_add_stake(nominator.clone(), hotkey.clone(), stake);
				nominator
			})
			.collect();
		for chunk in 0..chunks {
			set_block::<T>(chunk.saturating_add(1));
			for nominator in &nominators {
				let _ = Pallet::<T>::do_remove_stake(
					nominator.clone(),
					hotkey.clone(),
					T::MinStake::get(),
				);
			}
		}
		let reward = T::Currency::issue(T::MinStake::get().saturating_mul(n.into()));
		assert!(Pallet::<T>::do_share_reward(&hotkey, reward).is_ok());
		let before = crate::HotkeyStake::<T>::get(&hotkey);

		#[block]
		{
			Pallet::<T>::do_slash_page(
				&hotkey,
				Perbill::from_percent(10),
				merit_primitives::SlashReason::CopiedModel,
				None,
				n,
			);
		}

		assert!(crate::HotkeyStake::<T>::get(&hotkey) < before);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
