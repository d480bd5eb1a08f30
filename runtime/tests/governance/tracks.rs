//! The track table: sorted, one track per origin, the testnet's slash canceller fast enough to
//! act inside the slash deferral, and the README's table in step with the code.

use crate::harness::*;
use merit_runtime::{
	configs::tracks::{tracks_of, TracksInfo, ROOT, SLASH_CANCELLER},
	OriginCaller, Runtime, UNIT,
};
use pallet_merit_origins::{Origin, Timescale, TrackTimescale};
use pallet_referenda::{Curve, TracksInfo as _};

const TIMESCALES: [Timescale; 2] = [Timescale::Days, Timescale::Blocks];

#[test]
fn tracks_are_sorted_and_each_origin_has_one() {
	for timescale in TIMESCALES {
		sp_io::TestExternalities::default().execute_with(|| {
			TrackTimescale::<Runtime>::put(timescale);
			assert_eq!(TracksInfo::check_integrity(), Ok(()));
			let ids: Vec<u16> = TracksInfo::track_ids().collect();
			assert_eq!(ids, vec![0, 1, 2, 3, 4, 5]);
		});
	}
	let origins = [
		(OriginCaller::system(frame_system::RawOrigin::Root), Ok(ROOT)),
		(OriginCaller::Origins(Origin::SubnetAdmin), Ok(1)),
		(OriginCaller::Origins(Origin::EmissionAdmin), Ok(2)),
		(OriginCaller::Origins(Origin::SlashCanceller), Ok(SLASH_CANCELLER)),
		(OriginCaller::Origins(Origin::SmallSpender), Ok(4)),
		(OriginCaller::Origins(Origin::Treasurer), Ok(5)),
		// A signed origin or none is no track: a referendum cannot act as an account.
		(OriginCaller::system(frame_system::RawOrigin::Signed(actor("someone"))), Err(())),
		(OriginCaller::system(frame_system::RawOrigin::None), Err(())),
	];
	for (origin, track) in origins {
		assert_eq!(TracksInfo::track_for(&origin), track, "{origin:?}");
	}
}

/// On each preset: an offence found at the very end of an epoch leaves
/// `(defer_epochs − 1) · tempo` blocks before its slash applies; a slash canceller referendum
/// passes at the earliest after its prepare and confirm periods and one block of enactment.
/// On the testnet its whole decision period fits as well.
#[test]
fn a_slash_canceller_referendum_can_act_inside_the_slash_deferral() {
	each_preset(|preset| {
		let window = (slash_params().defer_epochs - 1) * u32::from(defaults().tempo);
		let track = &tracks_of(TrackTimescale::<Runtime>::get())[usize::from(SLASH_CANCELLER)].info;
		let fastest = track.prepare_period + track.confirm_period + track.min_enactment_period;
		assert!(fastest < window, "{preset}: {fastest} blocks ≥ the {window}-block deferral");
		if preset == "testnet" {
			assert_eq!(window, 7_100);
			assert_eq!(fastest, 401);
			assert!(track.prepare_period + track.decision_period + track.confirm_period < window);
		}
	});
}

/// Percent at the start and at the end of a linear curve.
fn ends(curve: &Curve) -> (u32, u32) {
	match curve {
		Curve::LinearDecreasing { ceil, floor, .. } => {
			(ceil.deconstruct() / 10_000_000, floor.deconstruct() / 10_000_000)
		},
		other => panic!("Merit's curves are linear, not {other:?}"),
	}
}

/// `10000` as `10,000`.
fn thousands(n: u128) -> String {
	let digits = n.to_string();
	let mut out = String::new();
	for (i, c) in digits.chars().enumerate() {
		if i > 0 && (digits.len() - i) % 3 == 0 {
			out.push(',');
		}
		out.push(c);
	}
	out
}

/// A period in blocks as the README writes it: days, hours, minutes of 6-second blocks.
fn human(blocks: u32) -> String {
	let minutes = blocks / 10;
	match blocks {
		1 => "1 block".into(),
		_ if blocks % 14_400 == 0 => format!("{} d", blocks / 14_400),
		_ if blocks % 600 == 0 => format!("{} h", blocks / 600),
		_ if blocks % 10 == 0 => format!("{minutes} min"),
		_ => format!("{blocks} blocks"),
	}
}

#[test]
fn tracks_table_matches_the_readme() {
	let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
		.expect("README.md");
	let days = tracks_of(Timescale::Days);
	let blocks = tracks_of(Timescale::Blocks);
	let mut missing = Vec::new();
	for (d, b) in days.iter().zip(blocks) {
		let (name, info) = (core::str::from_utf8(&d.info.name).unwrap(), &d.info);
		let name = name.trim_end_matches('\0');
		let (a0, a1) = ends(&info.min_approval);
		let (s0, s1) = ends(&info.min_support);
		let row = format!(
			"| `{name}` | {} | {} MRT | {} / {} / {} / {} | {} / {} / {} / {} | {a0}% → {a1}% | {s0}% → {s1}% |",
			info.max_deciding,
			thousands(info.decision_deposit / UNIT),
			human(info.prepare_period),
			human(info.decision_period),
			human(info.confirm_period),
			human(info.min_enactment_period),
			b.info.prepare_period,
			b.info.decision_period,
			b.info.confirm_period,
			b.info.min_enactment_period,
		);
		if !readme.contains(&row) {
			missing.push(row);
		}
	}
	assert!(missing.is_empty(), "README.md lacks the rows\n{}", missing.join("\n"));
}
