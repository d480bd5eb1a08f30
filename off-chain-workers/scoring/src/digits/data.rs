//! The UCI optical digits data, embedded (see `data/README.md` for source and licence), and
//! its augmentation.

use super::below;
use flate2::read::GzDecoder;
use rand_chacha::rand_core::RngCore;
use std::{io::Read, sync::OnceLock};

/// Pixels per image: 8 × 8.
pub const PIXELS: usize = 64;
const SIDE: usize = 8;
const MAX_PIXEL: u8 = 16;

/// One image and its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
	/// Row-major, each 0..=16.
	pub pixels: [u8; PIXELS],
	/// 0..=9.
	pub label: u8,
}

static DIGITS_GZ: &[u8] = include_bytes!("../../data/digits.csv.gz");

fn parse_row(line: &str) -> Option<Image> {
	let values: Vec<u8> = line.split(',').map(|v| v.trim().parse().ok()).collect::<Option<_>>()?;
	let (label, pixels) = values.split_last()?;
	let pixels: [u8; PIXELS] = pixels.try_into().ok()?;
	(pixels.iter().all(|p| *p <= MAX_PIXEL) && *label < 10)
		.then_some(Image { pixels, label: *label })
}

/// The 1,797 images, parsed once. (Empty only if the embedded file were damaged, which the
/// crate's tests rule out.)
pub fn dataset() -> &'static [Image] {
	static DATA: OnceLock<Vec<Image>> = OnceLock::new();
	DATA.get_or_init(|| {
		let mut text = String::new();
		if GzDecoder::new(DIGITS_GZ).read_to_string(&mut text).is_err() {
			return Vec::new();
		}
		text.lines().filter(|l| !l.trim().is_empty()).filter_map(parse_row).collect()
	})
}

/// `image` shifted by `dx, dy ∈ {−1, 0, 1}` (zeros fill in), then each pixel with
/// probability 1/8 moved by ±1..=3 and clamped to 0..=16; all drawn from `rng`.
pub fn augment(image: &Image, rng: &mut impl RngCore) -> [u8; PIXELS] {
	let dx = below(rng, 3) as isize - 1;
	let dy = below(rng, 3) as isize - 1;
	let mut out = [0u8; PIXELS];
	for (i, pixel) in out.iter_mut().enumerate() {
		let (row, col) = ((i / SIDE) as isize, (i % SIDE) as isize);
		let (src_row, src_col) = (row - dy, col - dx);
		let inside = (0..SIDE as isize).contains(&src_row) && (0..SIDE as isize).contains(&src_col);
		let shifted = if inside {
			image.pixels.get((src_row as usize) * SIDE + src_col as usize).copied().unwrap_or(0)
		} else {
			0
		};
		let noise = rng.next_u32();
		*pixel = if noise % 8 == 0 {
			let step = ((noise >> 3) % 3 + 1) as i16;
			let signed = if (noise >> 8) & 1 == 0 { step } else { -step };
			(i16::from(shifted) + signed).clamp(0, i16::from(MAX_PIXEL)) as u8
		} else {
			shifted
		};
	}
	out
}
