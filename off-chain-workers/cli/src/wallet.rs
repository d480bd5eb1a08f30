//! Wallets on disk: `<dir>/<wallet>/coldkey.json`, encrypted, and
//! `<dir>/<wallet>/hotkeys/<hotkey>.json`, plain unless asked otherwise; every file is a
//! polkadot.js key file ([`crate::keystore`]), readable by its extension and apps. The
//! directory is `$MERIT_WALLET_DIR`, else `~/.merit/wallets`; key files are written `0600`.

use crate::keystore;
use serde_json::Value;
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use std::{
	io::Write,
	path::{Path, PathBuf},
};

/// The wallet directory.
pub struct Wallets {
	dir: PathBuf,
}

/// A wallet as `wallet list` shows it.
pub struct WalletInfo {
	pub name: String,
	pub coldkey: Option<String>,
	pub hotkeys: Vec<(String, String)>,
}

/// Which key of a wallet.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
	Coldkey,
	Hotkey,
}

/// Wallet and hotkey names: letters, digits, `-`, `_` and `.` (not leading), 1 to 64 long, so a
/// name is never a path.
pub fn check_name(name: &str) -> Result<(), String> {
	let ok = !name.is_empty()
		&& name.len() <= 64
		&& !name.starts_with('.')
		&& name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
	if ok {
		Ok(())
	} else {
		Err(format!("{name:?} is not a wallet or key name: use letters, digits, `-`, `_`, `.`"))
	}
}

impl Wallets {
	pub fn new(dir: PathBuf) -> Self {
		Self { dir }
	}

	/// `$HOME/.merit/wallets`.
	pub fn default_dir() -> PathBuf {
		std::env::var_os("HOME")
			.map(PathBuf::from)
			.unwrap_or_else(|| PathBuf::from("."))
			.join(".merit/wallets")
	}

	pub fn dir(&self) -> &Path {
		&self.dir
	}

	/// The file of `wallet`'s coldkey, or of its hotkey `hotkey`.
	pub fn path(&self, wallet: &str, role: Role, hotkey: &str) -> Result<PathBuf, String> {
		check_name(wallet)?;
		Ok(match role {
			Role::Coldkey => self.dir.join(wallet).join("coldkey.json"),
			Role::Hotkey => {
				check_name(hotkey)?;
				self.dir.join(wallet).join("hotkeys").join(format!("{hotkey}.json"))
			},
		})
	}

	/// Reads a key file.
	pub fn read(&self, path: &Path) -> Result<Value, String> {
		let text = std::fs::read_to_string(path).map_err(|e| {
			if e.kind() == std::io::ErrorKind::NotFound {
				format!(
					"no key at {}: create one with `merit wallet create` or import one with \
					 `merit wallet import`",
					path.display()
				)
			} else {
				format!("cannot read {}: {e}", path.display())
			}
		})?;
		serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
	}

	/// Writes `file` at `path`, readable by its owner only; refuses to replace a key.
	pub fn write(&self, path: &Path, file: &Value) -> Result<(), String> {
		if path.exists() {
			return Err(format!(
				"{} exists: a key is never overwritten (move it away first)",
				path.display()
			));
		}
		let parent = path.parent().ok_or("a key file needs a directory")?;
		std::fs::create_dir_all(parent)
			.map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
		let mut options = std::fs::OpenOptions::new();
		options.write(true).create_new(true);
		#[cfg(unix)]
		{
			use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
			options.mode(0o600);
			let _ = std::fs::set_permissions(parent, std::fs::Permissions::from_mode(0o700));
		}
		let text = serde_json::to_string_pretty(file).map_err(|e| e.to_string())?;
		options
			.open(path)
			.and_then(|mut f| f.write_all(text.as_bytes()))
			.map_err(|e| format!("cannot write {}: {e}", path.display()))
	}

	/// Every wallet, by name, with its coldkey's and hotkeys' addresses.
	pub fn list(&self) -> Result<Vec<WalletInfo>, String> {
		let mut wallets = Vec::new();
		let entries = match std::fs::read_dir(&self.dir) {
			Ok(entries) => entries,
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(wallets),
			Err(e) => return Err(format!("cannot read {}: {e}", self.dir.display())),
		};
		for entry in entries.flatten() {
			let name = entry.file_name().to_string_lossy().into_owned();
			if check_name(&name).is_err() || !entry.path().is_dir() {
				continue;
			}
			wallets.push(self.info(&name)?);
		}
		wallets.sort_by(|a, b| a.name.cmp(&b.name));
		Ok(wallets)
	}

	/// One wallet's addresses.
	pub fn info(&self, name: &str) -> Result<WalletInfo, String> {
		let coldkey_path = self.path(name, Role::Coldkey, "")?;
		let coldkey =
			self.read(&coldkey_path).ok().and_then(|f| keystore::address(&f).map(str::to_string));
		let mut hotkeys = Vec::new();
		if let Ok(entries) = std::fs::read_dir(self.dir.join(name).join("hotkeys")) {
			for entry in entries.flatten() {
				let file = entry.file_name().to_string_lossy().into_owned();
				let Some(hotkey) = file.strip_suffix(".json") else { continue };
				if let Some(address) = self
					.read(&entry.path())
					.ok()
					.and_then(|f| keystore::address(&f).map(str::to_string))
				{
					hotkeys.push((hotkey.to_string(), address));
				}
			}
		}
		hotkeys.sort();
		if coldkey.is_none() && hotkeys.is_empty() {
			return Err(format!(
				"no wallet {name:?} in {}: `merit wallet list` shows the wallets",
				self.dir.display()
			));
		}
		Ok(WalletInfo { name: name.to_string(), coldkey, hotkeys })
	}
}

/// A new key: its pair and the mnemonic it came from.
pub fn generate() -> (sr25519::Pair, String) {
	let (pair, phrase, _) = sr25519::Pair::generate_with_phrase(None);
	(pair, phrase)
}

/// What a key file to import holds, read by its content: a polkadot.js key file, `subkey`'s
/// JSON (`secretPhrase` or `secretSeed`), or a secret URI (a mnemonic, a `0x` seed, with any
/// derivation path) on its first non-empty line.
pub enum Imported {
	/// A polkadot.js key file: decrypted with its own password.
	KeyFile(Value),
	/// A secret URI.
	Suri(String),
}

/// Reads what an import brings (text of a file or of stdin).
pub fn parse_import(text: &str) -> Result<Imported, String> {
	if let Ok(json) = serde_json::from_str::<Value>(text) {
		if json.get("encoded").is_some() {
			return Ok(Imported::KeyFile(json));
		}
		return ["secretPhrase", "secretSeed", "secretUri"]
			.iter()
			.find_map(|k| {
				json.get(k).and_then(Value::as_str).map(|s| Imported::Suri(s.to_string()))
			})
			.ok_or_else(|| {
				"JSON that is neither a polkadot.js key file (`encoded`) nor subkey's \
				 (`secretPhrase`, `secretSeed`)"
					.to_string()
			});
	}
	text.lines()
		.map(str::trim)
		.find(|l| !l.is_empty())
		.map(|l| Imported::Suri(l.to_string()))
		.ok_or_else(|| "nothing to import: the input is empty".to_string())
}

/// The pair of a secret URI.
pub fn pair_from_suri(suri: &str) -> Result<sr25519::Pair, String> {
	sr25519::Pair::from_string(suri.trim(), None)
		.map_err(|e| format!("not a mnemonic or secret URI: {e:?}"))
}

/// An SS58 address of this network (prefix 42), or a `0x` public key.
pub fn parse_address(text: &str) -> Result<merit_client::AccountId, String> {
	let text = text.trim();
	if let Some(hex) = text.strip_prefix("0x") {
		let bytes = merit_client::from_hex(hex).map_err(|e| format!("{text}: {e}"))?;
		let raw: [u8; 32] =
			bytes.try_into().map_err(|_| format!("{text}: a public key is 32 bytes"))?;
		return Ok(raw.into());
	}
	let (public, version) = sr25519::Public::from_ss58check_with_version(text)
		.map_err(|e| format!("{text:?} is not an SS58 address: {e:?}"))?;
	if u16::from(version) != 42 {
		return Err(format!(
			"{text} is an address of network {}, not Merit's (42)",
			u16::from(version)
		));
	}
	Ok(public.into())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn names_cannot_be_paths() {
		for good in ["default", "my-wallet", "v1.2_x"] {
			assert!(check_name(good).is_ok(), "{good}");
		}
		for bad in ["", "../x", "a/b", ".hidden", "a b", &"x".repeat(65)] {
			assert!(check_name(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn imports_are_read_by_content() {
		let phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
		assert!(
			matches!(parse_import(&format!("\n {phrase}\n")), Ok(Imported::Suri(s)) if s == phrase)
		);
		let subkey = format!("{{\"secretPhrase\": \"{phrase}\", \"ss58Address\": \"x\"}}");
		assert!(matches!(parse_import(&subkey), Ok(Imported::Suri(s)) if s == phrase));
		assert!(matches!(parse_import("{\"encoded\": \"x\"}"), Ok(Imported::KeyFile(_))));
		assert!(parse_import("{\"other\": 1}").is_err());
		assert!(parse_import("\n \n").is_err());
	}

	#[test]
	fn addresses_of_merit_only() {
		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		let account = parse_address(alice).unwrap();
		assert_eq!(account.to_string(), alice);
		let hex =
			format!("0x{}", "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
		assert_eq!(parse_address(&hex).unwrap(), account);
		// Alice on Polkadot (prefix 0).
		let polkadot = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";
		assert!(parse_address(polkadot).unwrap_err().contains("network 0"));
		assert!(parse_address("5Grwva").is_err());
		assert!(parse_address("0x1234").unwrap_err().contains("32 bytes"));
	}
}
