//! Block emission: halving, shares across subnets, parameters, and the token books.

use crate::{
	mock::*, EmissionConfig, EmissionParams, EmissionShares, Error, Event, Issuance,
	PendingEmission,
};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use merit_primitives::{SlashReason, StakeSlash};
use sp_runtime::{DispatchError, Perbill};

fn set_minted(minted: Balance) {
	Issuance::<Test>::mutate(|books| books.minted = minted);
}

/// With 1,000 per block and a cap of 4,000: 1,000 until 2,000 are issued, 500 until 3,000,
/// 250 until 3,500, and so on; nothing at the cap.
#[test]
fn emission_halves_by_issuance() {
	new_test_ext().execute_with(|| {
		EmissionConfig::<Test>::put(EmissionParams { block_emission: 1_000, emission_cap: 4_000 });
		for (minted, emission) in [
			(0, 1_000),
			(1_999, 1_000),
			(2_000, 500),
			(2_999, 500),
			(3_000, 250),
			(3_499, 250),
			(3_500, 125),
			(3_990, 3), // 10 left: ⌊log₂(4,000 / 10)⌋ = 8 halvings, 1,000 / 2⁸ = 3
			(4_000, 0),
			(5_000, 0),
		] {
			set_minted(minted);
			assert_eq!(Consensus::block_emission(), emission, "minted {minted}");
		}
		// Accrued but unpaid emission counts too.
		set_minted(1_000);
		Issuance::<Test>::mutate(|books| books.pending = 1_000);
		assert_eq!(Consensus::block_emission(), 500);
	});
}

#[test]
fn emission_is_split_by_shares() {
	build_and_execute(|| {
		// No subnets: nothing accrues.
		run_to_block(2);
		assert_eq!(Issuance::<Test>::get().pending, 0);
		// A new subnet earns nothing until the admin grants it a share.
		let fresh = subnet_without_share();
		run_to_block(3);
		assert_eq!(PendingEmission::<Test>::get(fresh), 0);
		assert_eq!(Issuance::<Test>::get().pending, 0);
		assert_ok!(Subnets::dissolve_subnet(RuntimeOrigin::root(), fresh));
		let a = subnet();
		let b = subnet();
		run_to_block(4);
		assert_eq!((PendingEmission::<Test>::get(a), PendingEmission::<Test>::get(b)), (500, 500));
		assert_ok!(Consensus::set_emission_share(RuntimeOrigin::root(), b, 3));
		assert_eq!(last_event(), Event::EmissionShareSet { netuid: b, share: 3 });
		run_to_block(5);
		assert_eq!(
			(PendingEmission::<Test>::get(a), PendingEmission::<Test>::get(b)),
			(750, 1_250)
		);
		// Share 0: emission off.
		assert_ok!(Consensus::set_emission_share(RuntimeOrigin::root(), a, 0));
		run_to_block(6);
		assert_eq!(
			(PendingEmission::<Test>::get(a), PendingEmission::<Test>::get(b)),
			(750, 2_250)
		);
		assert_eq!(EmissionShares::<Test>::get(a), Some(0));
		assert_eq!(Issuance::<Test>::get().pending, 3_000);
		// Nothing is minted until an epoch pays it.
		assert_eq!(Issuance::<Test>::get().minted, 0);
	});
}

#[test]
fn emission_admin_calls() {
	build_and_execute(|| {
		let netuid = subnet();
		let params = EmissionParams { block_emission: 5, emission_cap: 10 };
		assert_noop!(
			Consensus::set_emission_params(RuntimeOrigin::signed(OWNER), params.clone()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consensus::set_emission_params(
				RuntimeOrigin::root(),
				EmissionParams { block_emission: 11, emission_cap: 10 }
			),
			Error::<Test>::InvalidEmissionParams
		);
		// Nor below what has already been issued.
		Issuance::<Test>::mutate(|books| books.pending = 11);
		assert_noop!(
			Consensus::set_emission_params(RuntimeOrigin::root(), params.clone()),
			Error::<Test>::InvalidEmissionParams
		);
		Issuance::<Test>::mutate(|books| books.pending = 0);
		assert_ok!(Consensus::set_emission_params(RuntimeOrigin::root(), params.clone()));
		assert_eq!(last_event(), Event::EmissionParamsSet { params: params.clone() });
		assert_eq!(EmissionConfig::<Test>::get(), Some(params));
		assert_noop!(
			Consensus::set_emission_share(RuntimeOrigin::signed(OWNER), netuid, 2),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consensus::set_emission_share(RuntimeOrigin::root(), 7, 2),
			Error::<Test>::SubnetNotFound
		);
		// The cap holds whatever the number of blocks (the invariants check it every test):
		// 5 per block, then 2 once 5 are issued; epochs without weights mint only the owner
		// cut and leave the rest under the cap for later blocks.
		run_to_block(3);
		assert_eq!(PendingEmission::<Test>::get(netuid), 7);
		run_to_block(60);
		let books = Issuance::<Test>::get();
		assert!(books.minted > 0 && books.minted + books.pending <= 10, "{books:?}");
	});
}

/// Every burn is booked: registration burns and slashes go through `RecordBurn`,
/// and emission through `mint`, so `total issuance = genesis + minted − burned` (checked by
/// the invariants after every test) holds with all of them.
#[test]
fn the_books_balance_through_burns_slashes_and_mints() {
	build_and_execute(|| {
		let genesis = Issuance::<Test>::get().genesis;
		assert_eq!(genesis, 9 * ENDOWMENT + POT_ED);
		let netuid = standard_subnet();
		set_weights(V1_HK, netuid, vec![2], vec![1]);
		run_epoch(netuid);
		let slashed = <Staking as StakeSlash<_, _>>::slash(
			&V1_HK,
			Perbill::from_percent(10),
			SlashReason::LowValidatorTrust,
		);
		assert!(slashed > 0);
		let books = Issuance::<Test>::get();
		assert_eq!(books.burned, 5 * BURN + slashed);
		assert_eq!(
			<Balances as Inspect<AccountId>>::total_issuance(),
			genesis + books.minted - books.burned
		);
	});
}
