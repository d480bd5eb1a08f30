//! Wallets on disk: `<dir>/<wallet>/coldkey.json`, encrypted, and
//! `<dir>/<wallet>/hotkeys/<hotkey>.json`, plain unless asked otherwise; every file is a
//! polkadot.js key file ([`crate::keystore`]), readable by its extension and apps. The
//! directory is `$MERIT_WALLET_DIR`, else `~/.merit/wallets`; key files are written `0600`.

use crate::keystore;
use merit_client::Signer;
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
		let text = serde_json::to_string_pretty(file).map_err(|e| e.to_string())?;
		write_private(path, text.as_bytes(), false).map_err(|e| match e {
			PrivateWrite::Exists => format!(
				"{} exists: a key is never overwritten (move it away first)",
				path.display()
			),
			PrivateWrite::Failed(e) => e,
		})
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
			// A folder without keys (a backup, a failed write) is not a wallet.
			if let Ok(info) = self.info(&name) {
				wallets.push(info);
			}
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

/// Why [`write_private`] wrote nothing.
pub enum PrivateWrite {
	/// The file exists and was not to be replaced.
	Exists,
	/// The message of an I/O error.
	Failed(String),
}

/// Writes `bytes` at `path` for its owner only (the file `0600`, its folder `0700`), all or
/// nothing: into a temporary file first, synced, then moved into place (`replace`) or linked
/// there only if no file is (never replacing one). A crash or a full disk leaves the old file,
/// or none, never half of one.
pub fn write_private(path: &Path, bytes: &[u8], replace: bool) -> Result<(), PrivateWrite> {
	let failed = |what: &str, e: std::io::Error| PrivateWrite::Failed(format!("{what}: {e}"));
	let dir = path.parent().ok_or(PrivateWrite::Failed("a file needs a folder".into()))?;
	std::fs::create_dir_all(dir)
		.map_err(|e| failed(&format!("cannot create {}", dir.display()), e))?;
	let mut options = std::fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	{
		use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
		options.mode(0o600);
		std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
			.map_err(|e| failed(&format!("cannot restrict {}", dir.display()), e))?;
	}
	if !replace && path.exists() {
		return Err(PrivateWrite::Exists);
	}
	let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
	let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
	let written = options.open(&temporary).and_then(|mut f| {
		f.write_all(bytes)?;
		f.sync_all()
	});
	let placed = written.and_then(|()| {
		if replace {
			std::fs::rename(&temporary, path)
		} else {
			// A link fails if `path` exists (even if it appeared meanwhile): never a replace.
			std::fs::hard_link(&temporary, path)
		}
	});
	let _ = std::fs::remove_file(&temporary);
	placed.map_err(|e| match e.kind() {
		std::io::ErrorKind::AlreadyExists => PrivateWrite::Exists,
		_ => failed(&format!("cannot write {}", path.display()), e),
	})
}

/// The signer of a secret URI (a mnemonic, a `0x` seed, a dev path, with derivations).
pub fn signer_from_suri(suri: &str) -> Result<Signer, String> {
	Signer::from_suri(suri).map_err(|e| e.to_string())
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
	fn private_files_are_owner_only_whole_and_keys_never_replaced() {
		use std::os::unix::fs::PermissionsExt;
		let root = std::env::temp_dir().join(format!("merit-private-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&root);
		let path = root.join("w/hotkeys/k.json");
		let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777).ok();
		assert!(write_private(&path, b"one", false).is_ok());
		assert_eq!(std::fs::read(&path).ok(), Some(b"one".to_vec()));
		assert_eq!(mode(&path), Some(0o600));
		assert_eq!(mode(path.parent().unwrap()), Some(0o700));
		// A key is never replaced; a kept-commits file is, whole.
		assert!(matches!(write_private(&path, b"two", false), Err(PrivateWrite::Exists)));
		assert_eq!(std::fs::read(&path).ok(), Some(b"one".to_vec()));
		assert!(write_private(&path, b"three", true).is_ok());
		assert_eq!(std::fs::read(&path).ok(), Some(b"three".to_vec()));
		assert_eq!(mode(&path), Some(0o600));
		// No temporary file is left behind.
		let names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
			.unwrap()
			.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
			.collect();
		assert_eq!(names, ["k.json"]);
		let _ = std::fs::remove_dir_all(&root);
	}

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
		use merit_client::KeyText;
		let phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
		assert!(
			matches!(KeyText::parse(&format!("\n {phrase}\n")), Ok(KeyText::Suri(s)) if s == phrase)
		);
		let subkey = format!("{{\"secretPhrase\": \"{phrase}\", \"ss58Address\": \"x\"}}");
		assert!(matches!(KeyText::parse(&subkey), Ok(KeyText::Suri(s)) if s == phrase));
		let uri = "{\"secretUri\": \"//Alice//stash\"}";
		assert!(matches!(KeyText::parse(uri), Ok(KeyText::Suri(s)) if s == "//Alice//stash"));
		assert!(matches!(KeyText::parse("{\"encoded\": \"x\"}"), Ok(KeyText::KeyFile(_))));
		assert!(KeyText::parse("{\"other\": 1}").is_err());
		assert!(KeyText::parse("\n \n").is_err());
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
