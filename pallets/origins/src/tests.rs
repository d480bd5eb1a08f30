//! Each `EnsureOrigin` lets through its own origin only; spenders carry their limits; the
//! genesis sets the timescale.

use crate::{
	mock::*, EmissionAdmin, Origin, SlashCanceller, Spender, SubnetAdmin, Timescale, TrackTimescale,
};
use frame_support::traits::EnsureOrigin;

fn all_origins() -> Vec<RuntimeOrigin> {
	vec![
		RuntimeOrigin::root(),
		RuntimeOrigin::signed(1),
		RuntimeOrigin::none(),
		Origin::SubnetAdmin.into(),
		Origin::EmissionAdmin.into(),
		Origin::SlashCanceller.into(),
		Origin::SmallSpender.into(),
		Origin::Treasurer.into(),
	]
}

/// Which of [`all_origins`] `E` lets through.
fn passes<E: EnsureOrigin<RuntimeOrigin>>() -> Vec<bool> {
	all_origins().into_iter().map(|o| E::try_origin(o).is_ok()).collect()
}

#[test]
fn each_track_origin_passes_its_own_check_only() {
	new_test_ext(Timescale::Days).execute_with(|| {
		// Root is not a track origin here: the runtime pairs each check with `EnsureRoot`.
		let f = false;
		assert_eq!(passes::<SubnetAdmin>(), vec![f, f, f, true, f, f, f, f]);
		assert_eq!(passes::<EmissionAdmin>(), vec![f, f, f, f, true, f, f, f]);
		assert_eq!(passes::<SlashCanceller>(), vec![f, f, f, f, f, true, f, f]);
		assert_eq!(passes::<Spender<Test>>(), vec![f, f, f, f, f, f, true, true]);
	});
}

#[test]
fn spenders_carry_their_limits() {
	new_test_ext(Timescale::Days).execute_with(|| {
		assert_eq!(
			<Spender<Test> as EnsureOrigin<RuntimeOrigin>>::try_origin(Origin::SmallSpender.into())
				.ok(),
			Some(10)
		);
		assert_eq!(
			<Spender<Test> as EnsureOrigin<RuntimeOrigin>>::try_origin(Origin::Treasurer.into())
				.ok(),
			Some(1_000)
		);
		// A refused origin comes back unchanged.
		let refused =
			<Spender<Test> as EnsureOrigin<RuntimeOrigin>>::try_origin(RuntimeOrigin::signed(7))
				.err();
		let caller = refused.map(|o| frame_support::traits::OriginTrait::into_caller(o));
		assert_eq!(caller, Some(OriginCaller::system(frame_system::RawOrigin::Signed(7))));
	});
}

#[test]
fn genesis_sets_the_timescale() {
	new_test_ext(Timescale::Blocks).execute_with(|| {
		assert_eq!(TrackTimescale::<Test>::get(), Timescale::Blocks);
	});
	new_test_ext(Timescale::Days).execute_with(|| {
		assert_eq!(TrackTimescale::<Test>::get(), Timescale::Days);
	});
	// Unset, a chain is on the public networks' timescale.
	sp_io::TestExternalities::default().execute_with(|| {
		assert_eq!(TrackTimescale::<Test>::get(), Timescale::Days);
	});
}
