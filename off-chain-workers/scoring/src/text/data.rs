//! The text corpus, embedded (see `data/README.md` for source, licence and hash).

use flate2::read::GzDecoder;
use std::{io::Read, sync::OnceLock};

static CORPUS_GZ: &[u8] = include_bytes!("../../data/devils-dictionary.txt.gz");

/// Ambrose Bierce's *The Devil's Dictionary*, 383,656 bytes of ASCII, decompressed once.
/// (Empty only if the embedded file were damaged, which the crate's tests rule out.)
pub fn corpus() -> &'static [u8] {
	static TEXT: OnceLock<Vec<u8>> = OnceLock::new();
	TEXT.get_or_init(|| {
		let mut text = Vec::new();
		match GzDecoder::new(CORPUS_GZ).read_to_end(&mut text) {
			Ok(_) => text,
			Err(_) => Vec::new(),
		}
	})
}
