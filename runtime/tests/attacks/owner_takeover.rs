//! **Attack.** A subnet owner with a small validator of its own sets `activity_cutoff` to 1,
//! the bonds' moving average to 0, turns commit–reveal off and changes the rate limit just
//! before an epoch, so that only its own last-block weights count and its validator takes the
//! dividends. **Defence.** Every owner-settable parameter has an owner range (floors and
//! caps), owner changes take effect only once the next epoch has run, and none are accepted in
//! the last tenth of an epoch: the honest validators' consensus stands.

use crate::harness::*;
use frame_support::{assert_noop, assert_ok};
use merit_runtime::{Runtime, Subnets};
use pallet_merit_subnets::{Error as SubnetsError, Hyperparameter::*};
use sp_runtime::Perbill;

#[test]
fn the_owner_cannot_make_its_own_last_block_weights_consensus() {
	each_preset(|preset| {
		let (owner, owner_hk) = (actor("owner"), actor("owner-hotkey"));
		let netuid = register_subnet(&owner, &owner_hk);
		grant_share(netuid);
		let (a, a_hk) = (actor("validator-a"), actor("validator-a-hotkey"));
		let (b, b_hk) = (actor("validator-b"), actor("validator-b-hotkey"));
		let owner_validator = actor("owner-validator");
		register(netuid, &a, &a_hk);
		register(netuid, &b, &b_hk);
		register(netuid, &owner, &owner_validator);
		let good = register(netuid, &actor("miner"), &actor("miner-hotkey"));
		let owners_miner = register(netuid, &owner, &actor("owner-miner"));
		stake(&a, &a_hk, permit_stake(3));
		stake(&b, &b_hk, permit_stake(2));
		stake(&owner, &owner_validator, permit_stake(1));
		next_epoch(netuid);
		let hp = hyperparams(netuid);

		// Every lever of the takeover is outside the owner's range.
		for lever in [
			ActivityCutoff(1),
			BondsMovingAverage(Perbill::zero()),
			BondsPenalty(Perbill::zero()),
			CommitReveal(false),
			MaxWeightLimit(Perbill::from_percent(1)),
			WeightsRateLimit(u32::from(hp.tempo) + 1),
		] {
			assert_noop!(
				Subnets::set_hyperparameter(signed(&owner), netuid, lever),
				SubnetsError::<Runtime>::OutsideOwnerRange
			);
		}
		// Even a legal change is refused in the freeze window just before an epoch.
		run_to(next_epoch_block(netuid) - 1);
		assert_noop!(
			Subnets::set_hyperparameter(signed(&owner), netuid, WeightsRateLimit(0)),
			SubnetsError::<Runtime>::HyperparameterFrozen
		);
		// Mid-epoch, the lowest cutoff the owner may set is scheduled, not in force.
		next_epoch(netuid);
		run_to(now() + u32::from(hp.tempo) / 2);
		let lowest = u32::from(hp.tempo) * pallet_merit_subnets::OWNER_MIN_ACTIVITY_EPOCHS;
		assert_ok!(Subnets::set_hyperparameter(signed(&owner), netuid, ActivityCutoff(lowest)));
		assert_eq!(hyperparams(netuid).activity_cutoff, hp.activity_cutoff, "{preset}");
		next_epoch(netuid);
		assert_eq!(hyperparams(netuid).activity_cutoff, lowest, "{preset}");

		// Epochs of weights: the honest validators (5/6 of the stake) back the good miner,
		// the owner's validator its own miner, and tries direct weights at the last moment.
		let voters = [(&a_hk, good), (&b_hk, good), (&owner_validator, owners_miner)];
		for (hotkey, target) in voters {
			commit_weights(netuid, hotkey, &[target], &[1]);
		}
		for _ in 0..4 {
			next_epoch(netuid);
			for (hotkey, target) in voters {
				reveal_weights(netuid, hotkey, &[target], &[1]);
				commit_weights(netuid, hotkey, &[target], &[1]);
			}
			run_to(next_epoch_block(netuid) - 1);
			assert_noop!(
				set_weights(netuid, &owner_validator, &[owners_miner], &[u16::MAX]),
				pallet_merit_consensus::Error::<Runtime>::CommitRevealEnabled
			);
		}
		next_epoch(netuid);
		let view = incentive_and_dividends(netuid);
		let (a_uid, b_uid, o_uid) =
			(uid(netuid, &a_hk), uid(netuid, &b_hk), uid(netuid, &owner_validator));
		assert_eq!(view[usize::from(good)].0, Perbill::one(), "{preset}: {view:?}");
		assert_eq!(view[usize::from(owners_miner)].0, Perbill::zero(), "{preset}: {view:?}");
		let dividends = |u: u16| view[usize::from(u)].1;
		assert!(dividends(a_uid) > dividends(o_uid), "{preset}: {view:?}");
		assert!(dividends(b_uid) > dividends(o_uid), "{preset}: {view:?}");
	});
}
