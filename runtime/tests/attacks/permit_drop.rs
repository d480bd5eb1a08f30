//! **Attack.** A newcomer validator wants bonds faster than the moving average allows: a
//! validator bonded to the same miner drops its permit (unstakes) just before the newcomer's
//! first epoch, so that the old bonds left in the column are fewer and, normalized, the fresh
//! bonds (most of them the newcomer's) would weigh more than `1 − α` (12.9% instead of 10%
//! with a quarter of a column dropped at `α = 0.9`). **Defence.** The kept old bonds of a
//! column are scaled back to its old total: the newcomer's bond is exactly `1 − α` of its
//! stake share, and the validator that stayed keeps all of its old weight.

use crate::harness::*;
use frame_support::assert_ok;
use merit_runtime::{Runtime, Staking, Subnets};
use pallet_merit_consensus::{yuma, Bonds, EpochResults, ValidatorPermits};
use pallet_merit_subnets::Hyperparameter::*;

/// `uid`'s bond on `miner`, as a fraction.
fn bond(netuid: u16, uid: u16, miner: u16) -> f64 {
	let row = Bonds::<Runtime>::get(netuid, uid).map(|r| r.into_inner()).unwrap_or_default();
	let fixed = row.iter().find(|(j, _)| *j == miner).map_or(0, |(_, b)| *b);
	fixed as f64 / yuma::ONE as f64
}

#[test]
fn a_dropped_permit_does_not_speed_up_a_newcomers_bonds() {
	each_preset(|preset| {
		let netuid = register_subnet(&actor("owner"), &actor("owner-hotkey"));
		grant_share(netuid);
		assert_ok!(Subnets::set_hyperparameter(root(), netuid, CommitReveal(false)));
		assert_ok!(Subnets::set_hyperparameter(root(), netuid, WeightsRateLimit(0)));
		let keys = |name: &str| (actor(name), actor(&format!("{name}-hotkey")));
		let (stayer, dropper, newcomer, miner) =
			(keys("stayer"), keys("dropper"), keys("newcomer"), keys("miner"));
		for (coldkey, hotkey) in [&stayer, &dropper, &newcomer, &miner] {
			fund(coldkey, ENDOWMENT);
			register(netuid, coldkey, hotkey);
		}
		let uid_of = |k: &(_, _)| uid(netuid, &k.1);
		let m = uid_of(&miner);
		stake(&stayer.0, &stayer.1, permit_stake(3));
		stake(&dropper.0, &dropper.1, permit_stake(1));
		next_epoch(netuid); // permits: the stayer and the dropper
		let weigh = |k: &(sp_runtime::AccountId32, sp_runtime::AccountId32)| {
			assert_ok!(set_weights(netuid, &k.1, &[m], &[1]));
		};
		weigh(&stayer);
		weigh(&dropper);
		next_epoch(netuid); // both bond to the miner
		let (b_stayer, b_dropper) =
			(bond(netuid, uid_of(&stayer), m), bond(netuid, uid_of(&dropper), m));
		assert!(b_stayer > 0.0 && b_dropper > 0.0, "{preset}: both bonded");

		// The dropper leaves the permit set at the next epoch; the newcomer enters it.
		let dropped = staked(&dropper.0, &dropper.1);
		assert_ok!(Staking::remove_stake(signed(&dropper.0), dropper.1.clone(), dropped));
		stake(&newcomer.0, &newcomer.1, permit_stake(6));
		weigh(&stayer);
		next_epoch(netuid);
		let permits = ValidatorPermits::<Runtime>::get(netuid);
		assert!(permits[usize::from(uid_of(&newcomer))] && !permits[usize::from(uid_of(&dropper))]);

		// The newcomer's first epoch with a permit.
		weigh(&stayer);
		weigh(&newcomer);
		let old_stayer = bond(netuid, uid_of(&stayer), m);
		next_epoch(netuid);
		let results = EpochResults::<Runtime>::get(netuid).expect("an epoch ran");
		let stake = |k: &(_, _)| results.stake[usize::from(uid_of(k))] as f64;
		let share = stake(&newcomer) / (stake(&newcomer) + stake(&stayer));
		let alpha = hyperparams(netuid).bonds_moving_average.deconstruct() as f64 / 1e9;
		let (new_b, stay_b) =
			(bond(netuid, uid_of(&newcomer), m), bond(netuid, uid_of(&stayer), m));
		let column = new_b + stay_b;
		assert!(old_stayer < 1.0, "{preset}: the dropper held part of the column");
		assert!(
			(new_b / column - (1.0 - alpha) * share).abs() < 1e-6,
			"{preset}: the newcomer holds {} of the column, not (1 − α) · {share} = {}",
			new_b / column,
			(1.0 - alpha) * share
		);
		// The stayer keeps α of the whole column (its old share scaled back up), plus its
		// fresh part.
		assert!((stay_b / column - (alpha + (1.0 - alpha) * (1.0 - share))).abs() < 1e-6);
		assert_eq!(bond(netuid, uid_of(&dropper), m), 0.0, "{preset}: dropped at once");
	});
}
