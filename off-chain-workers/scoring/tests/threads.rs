//! Scores do not depend on how many threads candle splits its kernels into: candle reads
//! `RAYON_NUM_THREADS` on every matrix product to choose its split, so this test sets it
//! to several values in turn. (It has its own test binary: nothing else reads the
//! environment while it changes it.)

mod common;

use merit_scoring::{digits::Digits, text::Text, Seed, Task, MAX_MODEL_BYTES};

#[test]
fn scores_are_identical_whatever_thread_count_candle_splits_into() {
	let seed = Seed::for_epoch(&[3; 32], 2);
	let digits_set = Digits.eval_set(&seed, 1_024);
	let digits = common::behind_identity(common::trained(50)).to_safetensors().unwrap();
	let text_set = Text.eval_set(&seed, 1_024);
	let text = common::text_bigram().to_safetensors().unwrap();
	let score = || {
		(
			Digits.score(&digits, MAX_MODEL_BYTES, &digits_set).unwrap(),
			Text.score(&text, MAX_MODEL_BYTES, &text_set).unwrap(),
		)
	};
	std::env::set_var("RAYON_NUM_THREADS", "1");
	let reference = score();
	for threads in ["2", "3", "8"] {
		std::env::set_var("RAYON_NUM_THREADS", threads);
		assert_eq!(score(), reference, "candle split into {threads} threads");
	}
	std::env::remove_var("RAYON_NUM_THREADS");
}
