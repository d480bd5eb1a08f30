//! The `merit` command line as its users run it: the release binary beside the node, pointed
//! at a node and a wallet directory of the test's own, its JSON answers parsed.

use crate::node::{node_binary, run_with_deadline, TempDir};
use serde_json::Value;
use std::{
	io::Write,
	path::{Path, PathBuf},
	process::{Command, Stdio},
	time::Duration,
};

/// The password the tests' coldkeys are encrypted with.
pub const PASSWORD: &str = "correct horse battery staple";

/// `merit` against one node, with its own wallet directory.
pub struct Merit {
	url: String,
	wallets: TempDir,
}

/// What a run printed: its JSON answer (`--output json`), stdout and stderr.
#[derive(Debug)]
pub struct Answer {
	pub ok: bool,
	pub json: Value,
	pub stdout: String,
	pub stderr: String,
}

impl Merit {
	/// `merit` for the node at `url` (ws://...).
	pub fn new(url: &str) -> Self {
		Self { url: url.to_string(), wallets: TempDir::new("cli-wallets") }
	}

	/// The wallet directory.
	pub fn wallets(&self) -> &Path {
		&self.wallets.0
	}

	/// The binary: `merit` beside `merit-node`.
	pub fn binary() -> PathBuf {
		node_binary().with_file_name("merit")
	}

	fn command(&self, args: &[&str]) -> Command {
		let mut command = Command::new(Self::binary());
		command
			.args(args)
			.env("MERIT_URL", &self.url)
			.env("MERIT_WALLET_DIR", self.wallets())
			.env("MERIT_PASSWORD", PASSWORD)
			.env_remove("MERIT_WALLET")
			.env_remove("MERIT_HOTKEY")
			.env_remove("MERIT_COLDKEY_URI")
			.env_remove("MERIT_HOTKEY_URI");
		command
	}

	/// Runs `merit --output json <args>` (at most three minutes).
	pub fn run(&self, args: &[&str]) -> Answer {
		let mut all = vec!["--output", "json"];
		all.extend_from_slice(args);
		let (ok, stdout, stderr) = run_with_deadline(self.command(&all), Duration::from_secs(180));
		let json =
			stdout.lines().last().and_then(|l| serde_json::from_str(l).ok()).unwrap_or(Value::Null);
		Answer { ok, json, stdout, stderr }
	}

	/// Runs `merit <args>` with `input` on stdin and no `--output json`.
	pub fn run_text(&self, args: &[&str], input: &str) -> Answer {
		let mut command = self.command(args);
		command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
		let mut child = command.spawn().expect("start merit");
		if let Some(mut stdin) = child.stdin.take() {
			let _ = stdin.write_all(input.as_bytes());
		}
		let output = child.wait_with_output().expect("merit ran");
		Answer {
			ok: output.status.success(),
			json: Value::Null,
			stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
			stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
		}
	}

	/// Runs `merit --output json <args>` and panics unless it succeeds; returns its answer.
	pub fn ok(&self, args: &[&str]) -> Value {
		let answer = self.run(args);
		assert!(
			answer.ok && answer.json["ok"] != Value::Bool(false),
			"merit {args:?} failed:\n{}\n{}",
			answer.stderr,
			answer.stdout
		);
		answer.json
	}

	/// Runs `merit --output json <args>`, which must fail with an error containing `wanted`
	/// (also in its JSON answer); returns the error.
	pub fn fails(&self, args: &[&str], wanted: &str) -> String {
		let answer = self.run(args);
		assert!(!answer.ok, "merit {args:?} should have failed:\n{}", answer.stdout);
		let error = answer.json["error"].as_str().unwrap_or_default().to_string();
		assert!(
			error.contains(wanted),
			"merit {args:?}: wanted {wanted:?} in {error:?}\n{}",
			answer.stderr
		);
		error
	}
}
