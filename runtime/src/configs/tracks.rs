//! The referendum tracks: who may do what, and how long and how hard a referendum on each is.
//!
//! A referendum's track follows from its proposal origin ([`TracksInfo::track_for`]). Each
//! track has a shape (how many referenda may be decided at once, the decision deposit, the
//! approval and support curves) and periods. The shapes are the same on every chain; the
//! periods come in two timescales, chosen at genesis ([`pallet_merit_origins::TrackTimescale`]):
//! days on the public test network, blocks on development and local chains so that a
//! referendum passes in a minute there.
//!
//! Curves fall linearly over the decision period from their ceiling to their floor and stay at
//! the floor after it. Approval is the share of conviction-weighted aye votes in all votes;
//! support is the aye votes without conviction as a share of the active issuance (the treasury
//! pot is inactive). A referendum passes once both hold for the whole confirm period.
//!
//! The README's "Governance" section renders this table; `tracks_table_matches_the_readme` in
//! `runtime/tests/governance.rs` keeps the two in step.

use crate::{Balance, BlockNumber, OriginCaller, Runtime, DAYS, HOURS, MINUTES, UNIT};
use alloc::borrow::Cow;
use pallet_merit_origins::{Origin, Timescale, TrackTimescale};
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::{str_array, Perbill};

/// A track's id.
pub type TrackId = u16;

/// The root track: runtime upgrades and anything no other track may do.
pub const ROOT: TrackId = 0;
/// Subnet hyperparameters beyond the owner's bounds, registration, dissolution, shares.
pub const SUBNET_ADMIN: TrackId = 1;
/// The block emission and its cap.
pub const EMISSION_ADMIN: TrackId = 2;
/// Cancels deferred slashes before they apply.
pub const SLASH_CANCELLER: TrackId = 3;
/// Treasury spends up to [`SMALL_SPEND_LIMIT`].
pub const SMALL_SPENDER: TrackId = 4;
/// Treasury spends up to [`TREASURER_SPEND_LIMIT`].
pub const TREASURER: TrackId = 5;

/// The most a small spender referendum may spend: 1,000 MRT.
pub const SMALL_SPEND_LIMIT: Balance = 1_000 * UNIT;
/// The most a treasurer referendum may spend: 100,000 MRT.
pub const TREASURER_SPEND_LIMIT: Balance = 100_000 * UNIT;

/// Falls linearly from `ceil` to `floor` (percent) over the whole decision period.
const fn linear(ceil: u32, floor: u32) -> Curve {
	Curve::LinearDecreasing {
		length: Perbill::one(),
		floor: Perbill::from_percent(floor),
		ceil: Perbill::from_percent(ceil),
	}
}

/// What a track is, whatever its periods.
struct Shape {
	id: TrackId,
	name: &'static str,
	max_deciding: u32,
	decision_deposit: Balance,
	/// Approval's ceiling and floor, in percent.
	approval: (u32, u32),
	/// Support's ceiling and floor, in percent.
	support: (u32, u32),
}

/// A track's periods, in blocks: prepare, decision, confirm, minimum enactment.
type Periods = [BlockNumber; 4];

/// The tracks' shapes, by increasing id.
const SHAPES: [Shape; 6] = [
	Shape {
		id: ROOT,
		name: "root",
		max_deciding: 1,
		decision_deposit: 10_000 * UNIT,
		approval: (100, 50),
		support: (50, 5),
	},
	Shape {
		id: SUBNET_ADMIN,
		name: "subnet_admin",
		max_deciding: 10,
		decision_deposit: 1_000 * UNIT,
		approval: (100, 50),
		support: (25, 1),
	},
	Shape {
		id: EMISSION_ADMIN,
		name: "emission_admin",
		max_deciding: 1,
		decision_deposit: 10_000 * UNIT,
		approval: (100, 66),
		support: (50, 10),
	},
	Shape {
		id: SLASH_CANCELLER,
		name: "slash_canceller",
		// Many at once: filling every deciding slot to keep a real cancellation waiting
		// would lock 11,000 MRT of deposits and forfeit 1,000 MRT per decision period.
		max_deciding: 100,
		decision_deposit: 100 * UNIT,
		approval: (100, 50),
		support: (10, 1),
	},
	Shape {
		id: SMALL_SPENDER,
		name: "small_spender",
		max_deciding: 20,
		decision_deposit: 100 * UNIT,
		approval: (100, 50),
		support: (10, 1),
	},
	Shape {
		id: TREASURER,
		name: "treasurer",
		max_deciding: 5,
		decision_deposit: 1_000 * UNIT,
		approval: (100, 60),
		support: (25, 3),
	},
];

/// Periods on the public test network (6-second blocks). The slash canceller's fastest pass
/// (prepare + confirm + one block) is 40 minutes and its decision period 6 hours, inside the
/// testnet's 12-hour slash deferral (72 epochs of 100 blocks).
const DAYS_PERIODS: [Periods; 6] = [
	[2 * HOURS, 7 * DAYS, DAYS, DAYS],
	[HOURS, 3 * DAYS, 3 * HOURS, 10 * MINUTES],
	[4 * HOURS, 14 * DAYS, 2 * DAYS, DAYS],
	[10 * MINUTES, 6 * HOURS, 30 * MINUTES, 1],
	[HOURS, 3 * DAYS, 3 * HOURS, HOURS],
	[2 * HOURS, 7 * DAYS, 12 * HOURS, DAYS],
];

/// Periods on development and local chains: a referendum passes in a few blocks.
const BLOCKS_PERIODS: [Periods; 6] =
	[[2, 20, 3, 1], [1, 20, 2, 1], [3, 30, 5, 2], [1, 10, 2, 1], [1, 20, 2, 1], [2, 20, 3, 1]];

/// One track: a shape with periods.
const fn track(shape: &Shape, periods: Periods) -> Track<TrackId, Balance, BlockNumber> {
	let [prepare_period, decision_period, confirm_period, min_enactment_period] = periods;
	Track {
		id: shape.id,
		info: TrackInfo {
			name: str_array(shape.name),
			max_deciding: shape.max_deciding,
			decision_deposit: shape.decision_deposit,
			prepare_period,
			decision_period,
			confirm_period,
			min_enactment_period,
			min_approval: linear(shape.approval.0, shape.approval.1),
			min_support: linear(shape.support.0, shape.support.1),
		},
	}
}

/// Every track with the given periods.
const fn tracks_with(periods: &[Periods; 6]) -> [Track<TrackId, Balance, BlockNumber>; 6] {
	[
		track(&SHAPES[0], periods[0]),
		track(&SHAPES[1], periods[1]),
		track(&SHAPES[2], periods[2]),
		track(&SHAPES[3], periods[3]),
		track(&SHAPES[4], periods[4]),
		track(&SHAPES[5], periods[5]),
	]
}

/// The tracks of the public networks.
pub static DAYS_TRACKS: [Track<TrackId, Balance, BlockNumber>; 6] = tracks_with(&DAYS_PERIODS);
/// The tracks of development and local chains.
pub static BLOCKS_TRACKS: [Track<TrackId, Balance, BlockNumber>; 6] = tracks_with(&BLOCKS_PERIODS);

/// The tracks of a chain with the given timescale.
pub fn tracks_of(timescale: Timescale) -> &'static [Track<TrackId, Balance, BlockNumber>; 6] {
	match timescale {
		Timescale::Days => &DAYS_TRACKS,
		Timescale::Blocks => &BLOCKS_TRACKS,
	}
}

/// Merit's tracks, for the referenda pallet.
pub struct TracksInfo;

impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = TrackId;
	type RuntimeOrigin = OriginCaller;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<TrackId, Balance, BlockNumber>>> {
		tracks_of(TrackTimescale::<Runtime>::get()).iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &OriginCaller) -> Result<TrackId, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ROOT),
			OriginCaller::Origins(origin) => Ok(match origin {
				Origin::SubnetAdmin => SUBNET_ADMIN,
				Origin::EmissionAdmin => EMISSION_ADMIN,
				Origin::SlashCanceller => SLASH_CANCELLER,
				Origin::SmallSpender => SMALL_SPENDER,
				Origin::Treasurer => TREASURER,
			}),
			_ => Err(()),
		}
	}
}
