//! What `merit` prints: a readable answer on stdout, or one JSON document with `--output json`;
//! progress and questions on stderr, so stdout stays parseable. On a terminal, waiting shows a
//! spinner; otherwise plain lines.

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use std::{
	io::{BufRead, IsTerminal, Write},
	time::Duration,
};

/// `--output`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Format {
	Text,
	Json,
}

/// Where answers, progress and questions go.
pub struct Out {
	pub format: Format,
	/// `--yes`: spend without asking.
	pub yes: bool,
	terminal: bool,
}

impl Out {
	pub fn new(format: Format, yes: bool) -> Self {
		Self { format, yes, terminal: std::io::stderr().is_terminal() }
	}

	pub fn json(&self) -> bool {
		self.format == Format::Json
	}

	/// Prints the answer: `json` with `--output json`, else `text()`.
	pub fn answer(&self, json: Value, text: impl FnOnce() -> String) {
		let mut stdout = std::io::stdout().lock();
		let _ = match self.format {
			Format::Json => writeln!(stdout, "{json}"),
			Format::Text => writeln!(stdout, "{}", text().trim_end()),
		};
	}

	/// A line of progress on stderr.
	pub fn note(&self, line: &str) {
		eprintln!("{line}");
	}

	/// Asks before spending, unless `--yes`: on a terminal the user answers `y`; elsewhere the
	/// command stops, asking for `--yes`.
	pub fn confirm(&self, question: &str) -> Result<(), String> {
		if self.yes {
			return Ok(());
		}
		if !self.terminal || !std::io::stdin().is_terminal() {
			return Err(format!("{question}: not confirmed (no terminal to ask on: pass --yes)"));
		}
		eprint!("{question}? [y/N] ");
		let _ = std::io::stderr().flush();
		let mut answer = String::new();
		std::io::stdin().lock().read_line(&mut answer).map_err(|e| e.to_string())?;
		if matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
			Ok(())
		} else {
			Err("cancelled: nothing was sent".into())
		}
	}

	/// Progress while waiting: a spinner on a terminal, else each step as a line.
	pub fn progress(&self, start: &str) -> Progress {
		if self.terminal {
			let bar = ProgressBar::new_spinner();
			if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
				bar.set_style(style);
			}
			bar.enable_steady_tick(Duration::from_millis(120));
			bar.set_message(start.to_string());
			Progress { bar: Some(bar) }
		} else {
			eprintln!("{start}");
			Progress { bar: None }
		}
	}
}

/// A running progress display.
pub struct Progress {
	bar: Option<ProgressBar>,
}

impl Progress {
	/// The next step.
	pub fn step(&self, message: &str) {
		match &self.bar {
			Some(bar) => bar.set_message(message.to_string()),
			None => eprintln!("{message}"),
		}
	}

	/// Ends the display with a last line.
	pub fn finish(self, message: &str) {
		match self.bar {
			Some(bar) => bar.finish_with_message(message.to_string()),
			None => eprintln!("{message}"),
		}
	}
}

/// A password from `--password-file`, `$MERIT_PASSWORD` or the terminal (twice for a new key).
pub fn password(file: Option<&std::path::Path>, prompt: &str, new: bool) -> Result<String, String> {
	let password = read_password(file, prompt, new)?;
	if new && password.chars().count() < 8 {
		return Err("a coldkey's password needs at least 8 characters".into());
	}
	Ok(password)
}

fn read_password(
	file: Option<&std::path::Path>,
	prompt: &str,
	new: bool,
) -> Result<String, String> {
	if let Some(path) = file {
		let text = std::fs::read_to_string(path)
			.map_err(|e| format!("cannot read the password file {}: {e}", path.display()))?;
		return Ok(text.trim_end_matches(['\n', '\r']).to_string());
	}
	if let Ok(password) = std::env::var("MERIT_PASSWORD") {
		return Ok(password);
	}
	if !std::io::stdin().is_terminal() {
		return Err(format!(
			"{prompt}: no terminal to ask on; give it in MERIT_PASSWORD or with --password-file"
		));
	}
	let first = rpassword::prompt_password(format!("{prompt}: ")).map_err(|e| e.to_string())?;
	if new {
		let again =
			rpassword::prompt_password("the same password again: ").map_err(|e| e.to_string())?;
		if again != first {
			return Err("the passwords differ: nothing was written".into());
		}
	}
	Ok(first)
}
