//! **Attack.** A validator reveals weights that do not follow from its round (here all its
//! weight on a miner of its choosing), betting that nobody re-runs rounds; and an attacker
//! disputes an honest validator, hoping a colluding permit holder convicts it.
//! **Defence.** Anyone may dispute weights within `DisputeWindow` blocks of their reveal,
//! holding `DisputeBond`; the chain snapshots the round, permit holders re-run it and
//! attest. `kappa` of the permit stake (the disputed validator's counted as a match)
//! attesting a mismatch slashes the stake behind the liar (deferred, cancellable) and pays
//! the disputer a share; a dispute that cannot reach `kappa` costs the disputer its bond,
//! one nobody attests returns it. A minority of the permit stake can convict nobody.

use crate::harness::*;
use frame_support::{assert_noop, assert_ok, traits::Get};
use merit_primitives::round::Attestation;
use merit_runtime::{Balances, Runtime, Slashing};
use pallet_merit_slashing::{DisputeEnd, Event as SlashingEvent};

/// A subnet with miners "miner" and "miner-2" (revealed models) and three permit holders:
/// "validator-a" (3 shares of the permit stake), "validator-b" and "honest-owner" (1 each).
/// Each commits weights in the round the epoch opened, "validator-b" all of its weight on
/// "miner-2" (its round gave "miner" the most), the others by the round; each reveals them
/// in the reveal epoch. Returns the netuid, the round and the three validators' hotkeys.
fn revealed_round() -> (u16, u32, [merit_runtime::AccountId; 3]) {
	let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
	grant_share(netuid);
	let hotkeys =
		[actor("validator-a-hotkey"), actor("validator-b-hotkey"), actor("honest-owner-hotkey")];
	let coldkeys = [actor("validator-a"), actor("validator-b"), actor("honest-owner")];
	for ((coldkey, hotkey), shares) in coldkeys.iter().zip(&hotkeys).zip([3, 1, 1]) {
		register(netuid, coldkey, hotkey);
		stake(coldkey, hotkey, permit_stake(shares));
	}
	let good = register(netuid, &actor("miner"), &actor("miner-hotkey"));
	let other = register(netuid, &actor("miner-2"), &actor("miner-2-hotkey"));
	commit_and_reveal_model(netuid, &actor("miner-hotkey"), [1; 32]);
	commit_and_reveal_model(netuid, &actor("miner-2-hotkey"), [2; 32]);
	let round = next_epoch(netuid);
	next_block(); // the seed block
	commit_weights(netuid, &hotkeys[0], &[good, other], &[3, 1]);
	commit_weights(netuid, &hotkeys[1], &[other], &[1]);
	commit_weights(netuid, &hotkeys[2], &[good, other], &[3, 1]);
	for _ in 0..hyperparams(netuid).reveal_period {
		next_epoch(netuid);
	}
	reveal_weights(netuid, &hotkeys[0], &[good, other], &[3, 1]);
	reveal_weights(netuid, &hotkeys[1], &[other], &[1]);
	reveal_weights(netuid, &hotkeys[2], &[good, other], &[3, 1]);
	next_block();
	(netuid, round, hotkeys)
}

fn ended(end: DisputeEnd) -> bool {
	slashing_events()
		.iter()
		.any(|e| matches!(e, SlashingEvent::DisputeEnded { end: e, .. } if *e == end))
}

fn free(who: &merit_runtime::AccountId) -> merit_runtime::Balance {
	<Balances as frame_support::traits::fungible::Inspect<_>>::balance(who)
}

#[test]
fn weights_that_do_not_follow_from_the_round_are_slashed_and_the_disputer_paid() {
	each_preset(|preset| {
		let (netuid, _round, [a, liar, _]) = revealed_round();
		let disputer = actor("nominator");
		let bond = <Runtime as pallet_merit_slashing::Config>::DisputeBond::get();
		let before = free(&disputer);
		assert_ok!(dispute(&disputer, netuid, &liar));
		assert_eq!(free(&disputer), before - bond, "{preset}: the bond is held");
		// "validator-a" re-ran the round: the liar's weights are not its result.
		assert_ok!(Slashing::attest(signed(&a), netuid, 0, Attestation::Mismatch));
		assert!(ended(DisputeEnd::Upheld), "{preset}");
		assert_eq!(free(&disputer), before, "{preset}: the bond came back");
		let backing = staked(&actor("validator-b"), &liar);

		// The slash waits `defer_epochs` (governance may cancel it), then takes
		// `disputed_weights_fraction` of the stake behind the liar; the disputer gets its
		// share from the treasury.
		let params = slash_params();
		for _ in 0..=params.defer_epochs {
			next_epoch(netuid);
		}
		let taken = slashing_events()
			.iter()
			.find_map(|e| match e {
				SlashingEvent::SlashApplied { offender, stake, .. } if *offender == liar => {
					Some(*stake)
				},
				_ => None,
			})
			.expect("the slash applied");
		assert!(taken >= params.disputed_weights_fraction.mul_floor(backing), "{preset}");
		let reward = params.disputer_share.mul_floor(taken).min(bond);
		assert!(reward > 0, "{preset}");
		assert_eq!(free(&disputer), before + reward, "{preset}: the disputer is paid");
		check_invariants();
	});
}

#[test]
fn a_minority_cannot_convict_an_honest_validator_and_the_disputer_loses_its_bond() {
	each_preset(|preset| {
		let (netuid, _round, [a, liar, honest]) = revealed_round();
		let attacker = actor("attacker");
		let bond = <Runtime as pallet_merit_slashing::Config>::DisputeBond::get();
		let treasury = free(&merit_runtime::configs::treasury::TreasuryAccount::get());
		let before = free(&attacker);
		assert_ok!(dispute(&attacker, netuid, &honest));
		// The colluding liar attests a mismatch: a fifth of the stake is not `kappa`.
		assert_ok!(Slashing::attest(signed(&liar), netuid, 0, Attestation::Mismatch));
		assert!(!ended(DisputeEnd::Upheld), "{preset}");
		// "validator-a" re-ran it: a match, and a mismatch can no longer win.
		assert_ok!(Slashing::attest(signed(&a), netuid, 0, Attestation::Match));
		assert!(ended(DisputeEnd::Rejected), "{preset}");
		assert_eq!(free(&attacker), before - bond, "{preset}: the bond is lost");
		assert!(
			free(&merit_runtime::configs::treasury::TreasuryAccount::get()) >= treasury + bond,
			"{preset}: to the treasury"
		);
		assert!(
			pallet_merit_slashing::DeferredSlashes::<Runtime>::iter_prefix(netuid)
				.all(|(_, s)| s.offender != honest),
			"{preset}: no slash of the honest validator"
		);
		// The largest holder (three fifths) cannot be disputed by the rest: they hold less
		// than `kappa`.
		assert_noop!(
			dispute(&attacker, netuid, &a),
			pallet_merit_slashing::Error::<Runtime>::DisputeCannotSucceed
		);
		check_invariants();
	});
}

/// Nobody attests (the liar's miner stopped serving, say): no verdict, the bond comes back,
/// and the submission cannot be disputed again.
#[test]
fn a_dispute_nobody_attests_expires_and_returns_the_bond() {
	each_preset(|preset| {
		let (netuid, _round, [_, liar, _]) = revealed_round();
		let attacker = actor("attacker");
		let bond = <Runtime as pallet_merit_slashing::Config>::DisputeBond::get();
		let before = free(&attacker);
		assert_ok!(dispute(&attacker, netuid, &liar));
		assert_eq!(free(&attacker), before - bond, "{preset}: held");
		// Again, by anyone: each submission is disputed once.
		assert_noop!(
			dispute(&actor("nominator"), netuid, &liar),
			pallet_merit_slashing::Error::<Runtime>::AlreadyDisputed
		);
		let window: u32 = <Runtime as pallet_merit_slashing::Config>::DisputeWindow::get();
		run_to(now() + window);
		assert!(ended(DisputeEnd::Expired), "{preset}");
		assert_eq!(free(&attacker), before, "{preset}: returned");
		assert!(pallet_merit_slashing::Disputes::<Runtime>::iter().next().is_none());
		assert_noop!(
			dispute(&attacker, netuid, &liar),
			pallet_merit_slashing::Error::<Runtime>::AlreadyDisputed
		);
		check_invariants();
	});
}
