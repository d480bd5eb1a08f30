//! Signing keys: sr25519, from a secret URI or a key file.

use crate::{AccountId, Error};
use sp_core::{sr25519, Pair};
use std::path::Path;

/// An sr25519 key pair that signs extrinsics.
#[derive(Clone)]
pub struct Signer {
	pair: sr25519::Pair,
}

impl Signer {
	/// From a secret URI: a mnemonic, a `0x` seed, or a dev path such as `//Alice`, with
	/// optional derivations (`<mnemonic>//hot//1`), as `subkey` and polkadot.js accept.
	pub fn from_suri(suri: &str) -> Result<Self, Error> {
		sr25519::Pair::from_string(suri.trim(), None)
			.map(|pair| Self { pair })
			.map_err(|e| Error::Key(format!("not a valid secret URI: {e:?}")))
	}

	/// From a key file holding a secret URI (its first non-empty line), or the JSON `subkey
	/// generate --output-type json` prints (its `secretPhrase`, else `secretSeed`).
	pub fn from_file(path: &Path) -> Result<Self, Error> {
		let text = std::fs::read_to_string(path)
			.map_err(|e| Error::Key(format!("cannot read {}: {e}", path.display())))?;
		let suri = match serde_json::from_str::<serde_json::Value>(&text) {
			Ok(json) => ["secretPhrase", "secretSeed"]
				.iter()
				.find_map(|k| json.get(k).and_then(|v| v.as_str()).map(str::to_string))
				.ok_or_else(|| {
					Error::Key(format!("{}: no secretPhrase or secretSeed", path.display()))
				})?,
			Err(_) => text
				.lines()
				.map(str::trim)
				.find(|l| !l.is_empty())
				.ok_or_else(|| Error::Key(format!("{} is empty", path.display())))?
				.to_string(),
		};
		Self::from_suri(&suri)
	}

	/// From whichever of a secret URI or a key file is given (the URI first): what the
	/// binaries' `--hotkey` / `--hotkey-file` options hold.
	pub fn from_suri_or_file(suri: Option<&str>, file: Option<&Path>) -> Result<Self, Error> {
		match (suri, file) {
			(Some(suri), _) => Self::from_suri(suri),
			(None, Some(path)) => Self::from_file(path),
			(None, None) => Err(Error::Key("give --hotkey or --hotkey-file".into())),
		}
	}

	/// The account this key signs for.
	pub fn account(&self) -> AccountId {
		AccountId::from(self.pair.public())
	}

	/// The key pair.
	pub fn pair(&self) -> &sr25519::Pair {
		&self.pair
	}
}

impl std::fmt::Debug for Signer {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "Signer({})", self.account())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn temp(name: &str, text: &str) -> std::path::PathBuf {
		let path = std::env::temp_dir().join(format!("merit-client-{}-{name}", std::process::id()));
		std::fs::write(&path, text).unwrap();
		path
	}

	#[test]
	fn keys_come_from_secret_uris_and_key_files() {
		let alice = Signer::from_suri("//Alice").unwrap();
		assert_eq!(alice.account().to_string(), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
		let plain = temp("plain", "\n  //Alice  \n");
		assert_eq!(Signer::from_file(&plain).unwrap().account(), alice.account());
		let phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
		let json =
			temp("json", &format!("{{\"secretPhrase\": \"{phrase}\", \"ss58Address\": \"x\"}}"));
		let from_json = Signer::from_file(&json).unwrap();
		assert_eq!(from_json.account(), Signer::from_suri(phrase).unwrap().account());
		let _ = std::fs::remove_file(plain);
		let _ = std::fs::remove_file(json);
	}

	#[test]
	fn bad_keys_are_errors() {
		assert!(matches!(Signer::from_suri("not a key at all"), Err(Error::Key(_))));
		assert!(matches!(Signer::from_file(Path::new("/nonexistent/key")), Err(Error::Key(_))));
		let empty = temp("empty", "\n\n");
		assert!(matches!(Signer::from_file(&empty), Err(Error::Key(_))));
		let no_secret = temp("nosecret", "{\"ss58Address\": \"x\"}");
		assert!(matches!(Signer::from_file(&no_secret), Err(Error::Key(_))));
		let _ = std::fs::remove_file(empty);
		let _ = std::fs::remove_file(no_secret);
	}
}
