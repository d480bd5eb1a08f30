//! Signing keys: sr25519, from a secret URI or a key file.

use crate::{AccountId, Error, Hash};
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

	/// From a key file holding a secret URI (its first non-empty line), the JSON `subkey
	/// generate --output-type json` prints (its `secretPhrase`, else `secretSeed`), or a plain
	/// polkadot.js key file (what `merit wallet` writes for a hotkey).
	pub fn from_file(path: &Path) -> Result<Self, Error> {
		let text = std::fs::read_to_string(path)
			.map_err(|e| Error::Key(format!("cannot read {}: {e}", path.display())))?;
		let json = match KeyText::parse(&text)
			.map_err(|e| Error::Key(format!("{}: {e}", path.display())))?
		{
			KeyText::Suri(suri) => return Self::from_suri(&suri),
			KeyText::KeyFile(json) => json,
		};
		let plain = json["encoding"]["type"]
			.as_array()
			.is_some_and(|t| t.iter().any(|x| x.as_str() == Some("none")));
		if !plain {
			return Err(Error::Key(format!(
				"{} is an encrypted key file: give a plain one (`merit wallet new-hotkey` writes \
				 hotkeys plain) or a secret URI",
				path.display()
			)));
		}
		let framed = json["encoded"]
			.as_str()
			.and_then(|b| {
				use base64::Engine;
				base64::engine::general_purpose::STANDARD.decode(b).ok()
			})
			.ok_or_else(|| Error::Key(format!("{}: `encoded` is not base64", path.display())))?;
		unframe(&framed)
			.map(|pair| Self { pair })
			.map_err(|e| Error::Key(format!("{}: {e}", path.display())))
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

	/// From a key pair (one read from a key file, say).
	pub fn from_pair(pair: sr25519::Pair) -> Self {
		Self { pair }
	}

	/// The account this key signs for.
	pub fn account(&self) -> AccountId {
		AccountId::from(self.pair.public())
	}

	/// The key pair.
	pub fn pair(&self) -> &sr25519::Pair {
		&self.pair
	}

	/// This key's consent, as a hotkey, to be owned by `coldkey` on the chain whose genesis
	/// hash is `genesis`, good until block `expires_at`: what the first registration of a
	/// hotkey must carry (`pallet_merit_subnets::HotkeyConsent`).
	pub fn consent(&self, coldkey: &AccountId, genesis: &Hash, expires_at: u32) -> Consent {
		let message = pallet_merit_subnets::consent_message(genesis.as_ref(), coldkey, expires_at);
		Consent { expires_at, signature: self.pair.sign(&message).into() }
	}
}

/// polkadot.js frames a key pair as PKCS#8: this header, the 64-byte secret key (schnorrkel's
/// "ed25519" form), this divider, the 32-byte public key.
pub const PKCS8_HEADER: [u8; 16] = [48, 83, 2, 1, 1, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32];
/// See [`PKCS8_HEADER`].
pub const PKCS8_DIVIDER: [u8; 5] = [161, 35, 3, 33, 0];

/// The sr25519 pair in a polkadot.js PKCS#8 frame; checks the public key is the secret's.
pub fn unframe(framed: &[u8]) -> Result<sr25519::Pair, String> {
	let corrupt = || "the key file's body is corrupt".to_string();
	let rest = framed.strip_prefix(&PKCS8_HEADER[..]).ok_or_else(corrupt)?;
	let (secret, rest) = rest.split_at_checked(64).ok_or_else(corrupt)?;
	let public = rest.strip_prefix(&PKCS8_DIVIDER[..]).ok_or_else(corrupt)?;
	if public.len() != 32 {
		return Err(corrupt());
	}
	let secret = schnorrkel::SecretKey::from_ed25519_bytes(secret).map_err(|_| corrupt())?;
	let pair = sr25519::Pair::from_seed_slice(&secret.to_bytes()).map_err(|_| corrupt())?;
	if pair.public().0[..] != *public {
		return Err("the key file's public key is not its secret key's".into());
	}
	Ok(pair)
}

/// A pair in a polkadot.js PKCS#8 frame: the inverse of [`unframe`].
pub fn frame(pair: &sr25519::Pair) -> Result<Vec<u8>, String> {
	let secret = schnorrkel::SecretKey::from_bytes(&pair.to_raw_vec())
		.map_err(|e| format!("cannot export the key: {e}"))?
		.to_ed25519_bytes();
	Ok([&PKCS8_HEADER[..], &secret[..], &PKCS8_DIVIDER[..], &pair.public().0[..]].concat())
}

/// A hotkey's consent to its first owner, as the runtime takes it.
pub type Consent = pallet_merit_subnets::HotkeyConsent<merit_runtime::Signature>;

/// Fails unless `neuron` (the one our hotkey holds) is registered to `coldkey`: a tool that
/// mined or validated on a UID someone else's coldkey holds would earn for them.
pub fn ensure_ours(
	neuron_coldkey: &AccountId,
	hotkey: &AccountId,
	coldkey: &AccountId,
) -> Result<(), Error> {
	if neuron_coldkey == coldkey {
		return Ok(());
	}
	Err(Error::Key(format!(
		"hotkey {hotkey} is registered to coldkey {neuron_coldkey}, not to {coldkey}: its \
		 earnings would go to that coldkey, so this tool refuses to work on it (use a hotkey \
		 of your own)"
	)))
}

impl std::fmt::Debug for Signer {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "Signer({})", self.account())
	}
}

/// What a key file or a pasted key holds, read by its content: a polkadot.js key file
/// (`encoded`), `subkey`'s JSON (`secretPhrase`, `secretSeed` or `secretUri`), or a secret URI
/// (a mnemonic, a `0x` seed, a dev path, with derivations) on its first non-empty line.
#[derive(Debug)]
pub enum KeyText {
	/// A polkadot.js key file, plain or encrypted.
	KeyFile(serde_json::Value),
	/// A secret URI.
	Suri(String),
}

impl KeyText {
	/// Reads `text` (a file's or stdin's); an error says what it is not.
	pub fn parse(text: &str) -> Result<Self, String> {
		if let Ok(json) = serde_json::from_str::<serde_json::Value>(text) {
			if json.get("encoded").is_some() {
				return Ok(Self::KeyFile(json));
			}
			return ["secretPhrase", "secretSeed", "secretUri"]
				.iter()
				.find_map(|k| json.get(k).and_then(|v| v.as_str()).map(|s| Self::Suri(s.into())))
				.ok_or_else(|| {
					"JSON that is neither a polkadot.js key file (`encoded`) nor subkey's \
					 (`secretPhrase`, `secretSeed`)"
						.to_string()
				});
		}
		text.lines()
			.map(str::trim)
			.find(|l| !l.is_empty())
			.map(|l| Self::Suri(l.to_string()))
			.ok_or_else(|| "nothing there: the key is empty".to_string())
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
	fn plain_polkadot_js_key_files_sign() {
		use base64::Engine;
		let alice = Signer::from_suri("//Alice").unwrap();
		let encoded =
			base64::engine::general_purpose::STANDARD.encode(frame(alice.pair()).unwrap());
		let file = temp(
			"pjs",
			&format!(
				r#"{{"encoded":"{encoded}","encoding":{{"content":["pkcs8","sr25519"],"type":["none"],"version":"3"}}}}"#
			),
		);
		assert_eq!(Signer::from_file(&file).unwrap().account(), alice.account());
		let encrypted = temp(
			"pjs-encrypted",
			&format!(
				r#"{{"encoded":"{encoded}","encoding":{{"type":["scrypt","xsalsa20-poly1305"]}}}}"#
			),
		);
		assert!(
			matches!(Signer::from_file(&encrypted), Err(Error::Key(e)) if e.contains("encrypted"))
		);
		let mut framed = frame(alice.pair()).unwrap();
		framed[20] ^= 1;
		assert!(unframe(&framed).err().unwrap().contains("not its secret"));
		assert!(unframe(&framed[..40]).err().unwrap().contains("corrupt"));
		let _ = std::fs::remove_file(file);
		let _ = std::fs::remove_file(encrypted);
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

	#[test]
	fn a_consent_verifies_for_its_coldkey_and_genesis_only() {
		use sp_runtime::traits::Verify;
		let (hotkey, coldkey) =
			(Signer::from_suri("//hot").unwrap(), Signer::from_suri("//cold").unwrap());
		let genesis = Hash::repeat_byte(7);
		let consent = hotkey.consent(&coldkey.account(), &genesis, 99);
		let message = |coldkey: &AccountId, genesis: &Hash| {
			pallet_merit_subnets::consent_message(genesis.as_ref(), coldkey, 99)
		};
		let verifies = |m: Vec<u8>| consent.signature.verify(&m[..], &hotkey.account());
		assert!(verifies(message(&coldkey.account(), &genesis)));
		assert!(!verifies(message(&hotkey.account(), &genesis)));
		assert!(!verifies(message(&coldkey.account(), &Hash::repeat_byte(8))));
	}

	#[test]
	fn tools_refuse_a_hotkey_registered_to_another_coldkey() {
		let (hotkey, ours, theirs) = (
			Signer::from_suri("//hot").unwrap().account(),
			Signer::from_suri("//ours").unwrap().account(),
			Signer::from_suri("//theirs").unwrap().account(),
		);
		assert!(ensure_ours(&ours, &hotkey, &ours).is_ok());
		let refused = ensure_ours(&theirs, &hotkey, &ours).unwrap_err().to_string();
		assert!(refused.contains(&theirs.to_string()), "{refused}");
		assert!(refused.contains("refuses"), "{refused}");
	}
}
