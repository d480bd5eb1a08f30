//! polkadot.js's JSON key files (keystore generation 3), so keys move between `merit`, the
//! polkadot.js extension and apps, and any wallet that reads them.
//!
//! A file holds `encoded`: base64 of the PKCS#8-framed sr25519 secret key (64 bytes, in the
//! "ed25519" form schnorrkel exports) and public key, encrypted with xsalsa20-poly1305 under
//! the first 32 bytes of scrypt(password, salt) (N = 2^17, p = 1, r = 8, 64 bytes):
//! `salt ‖ N ‖ p ‖ r ‖ nonce ‖ box`. A plain file (`"type": ["none"]`) holds the framed key
//! unencrypted, as polkadot.js writes it without a password.

use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use crypto_secretbox::{
	aead::{Aead, KeyInit},
	XSalsa20Poly1305,
};
use rand::{rngs::OsRng, RngCore};
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, sr25519, Pair};

use merit_client::{frame, unframe};

const SALT_LEN: usize = 32;
const NONCE_LEN: usize = 24;
const SCRYPT_HEADER: usize = SALT_LEN + 12;
/// The scrypt parameters `(N, p, r)` polkadot.js accepts; it writes the last.
const ALLOWED_PARAMS: [(u32, u32, u32); 6] = [
	(1 << 13, 10, 8),
	(1 << 14, 5, 8),
	(1 << 15, 3, 8),
	(1 << 15, 1, 8),
	(1 << 16, 2, 8),
	(1 << 17, 1, 8),
];
const WRITE_PARAMS: (u32, u32, u32) = (1 << 17, 1, 8);

/// Writes `pair` as a polkadot.js key file named `name`: encrypted if `password` is given.
pub fn encode(pair: &sr25519::Pair, password: Option<&str>, name: &str) -> Result<Value, String> {
	let framed = frame(pair)?;
	let (encoded, kind) = match password {
		Some(password) => (encrypt(&framed, password)?, json!(["scrypt", "xsalsa20-poly1305"])),
		None => (framed, json!(["none"])),
	};
	let created = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or(0);
	Ok(json!({
		"encoded": BASE64.encode(encoded),
		"encoding": { "content": ["pkcs8", "sr25519"], "type": kind, "version": "3" },
		"address": pair.public().to_ss58check(),
		"meta": { "name": name, "whenCreated": created },
	}))
}

/// Whether a key file needs a password.
pub fn is_encrypted(file: &Value) -> bool {
	file["encoding"]["type"]
		.as_array()
		.is_some_and(|t| t.iter().any(|x| x.as_str() == Some("xsalsa20-poly1305")))
}

/// The address a key file says it holds.
pub fn address(file: &Value) -> Option<&str> {
	file["address"].as_str()
}

/// Reads the key pair out of a polkadot.js key file; `password` is needed if it is encrypted.
/// Errors say what is wrong: not a key file, not sr25519, a wrong password, a corrupt body.
pub fn decode(file: &Value, password: Option<&str>) -> Result<sr25519::Pair, String> {
	let encoding = &file["encoding"];
	let content: Vec<&str> = encoding["content"]
		.as_array()
		.map(|c| c.iter().filter_map(Value::as_str).collect())
		.unwrap_or_default();
	if encoding["version"].as_str() != Some("3") || !content.contains(&"pkcs8") {
		return Err("not a polkadot.js key file (generation 3, pkcs8)".into());
	}
	if !content.contains(&"sr25519") {
		return Err(format!("a {content:?} key: only sr25519 keys sign on Merit"));
	}
	let body = file["encoded"]
		.as_str()
		.and_then(|b| BASE64.decode(b).ok())
		.ok_or("the key file's `encoded` is not base64")?;
	let framed = if is_encrypted(file) {
		let password = password.ok_or("the key file is encrypted: a password is needed")?;
		decrypt(&body, password)?
	} else {
		body
	};
	let pair = unframe(&framed)?;
	if let Some(stated) = address(file) {
		let stated = sr25519::Public::from_ss58check_with_version(stated)
			.map_err(|e| format!("the key file's address {stated} is not SS58: {e:?}"))?
			.0;
		if stated != pair.public() {
			return Err(format!("the key file's address is not its key's ({})", pair.public()));
		}
	}
	Ok(pair)
}

fn box_key(password: &str, salt: &[u8], (n, p, r): (u32, u32, u32)) -> Result<[u8; 32], String> {
	let params = scrypt::Params::new(n.trailing_zeros() as u8, r, p, 64)
		.map_err(|e| format!("scrypt parameters: {e}"))?;
	let mut derived = [0u8; 64];
	scrypt::scrypt(password.as_bytes(), salt, &params, &mut derived)
		.map_err(|e| format!("scrypt: {e}"))?;
	let mut key = [0u8; 32];
	key.copy_from_slice(&derived[..32]);
	Ok(key)
}

fn encrypt(plain: &[u8], password: &str) -> Result<Vec<u8>, String> {
	let mut salt = [0u8; SALT_LEN];
	let mut nonce = [0u8; NONCE_LEN];
	OsRng.fill_bytes(&mut salt);
	OsRng.fill_bytes(&mut nonce);
	let (n, p, r) = WRITE_PARAMS;
	let key = box_key(password, &salt, WRITE_PARAMS)?;
	let sealed = XSalsa20Poly1305::new(&key.into())
		.encrypt(&nonce.into(), plain)
		.map_err(|_| "cannot encrypt the key".to_string())?;
	let params = [n.to_le_bytes(), p.to_le_bytes(), r.to_le_bytes()].concat();
	Ok([&salt[..], &params, &nonce, &sealed].concat())
}

fn decrypt(body: &[u8], password: &str) -> Result<Vec<u8>, String> {
	if body.len() < SCRYPT_HEADER + NONCE_LEN {
		return Err("the key file's body is too short".into());
	}
	let (salt, rest) = body.split_at(SALT_LEN);
	let word = |i: usize| {
		let mut b = [0u8; 4];
		b.copy_from_slice(&rest[i * 4..i * 4 + 4]);
		u32::from_le_bytes(b)
	};
	let params = (word(0), word(1), word(2));
	if !ALLOWED_PARAMS.contains(&params) {
		return Err(format!("the key file's scrypt parameters {params:?} are not polkadot.js's"));
	}
	let key = box_key(password, salt, params)?;
	let (nonce, sealed) = rest[12..].split_at(NONCE_LEN);
	let mut nonce_bytes = [0u8; NONCE_LEN];
	nonce_bytes.copy_from_slice(nonce);
	XSalsa20Poly1305::new(&key.into())
		.decrypt(&nonce_bytes.into(), sealed)
		.map_err(|_| "wrong password (or a corrupt key file)".to_string())
}

#[cfg(test)]
mod tests {
	use super::*;

	fn alice() -> sr25519::Pair {
		sr25519::Pair::from_string("//Alice", None).unwrap()
	}

	#[test]
	fn encrypted_key_files_round_trip_with_their_password_only() {
		let file = encode(&alice(), Some("hunter2"), "alice").unwrap();
		assert!(is_encrypted(&file));
		assert_eq!(address(&file), Some("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"));
		assert_eq!(decode(&file, Some("hunter2")).unwrap().public(), alice().public());
		assert!(decode(&file, Some("hunter3")).err().unwrap().contains("wrong password"));
		assert!(decode(&file, None).err().unwrap().contains("password is needed"));
	}

	#[test]
	fn plain_key_files_round_trip() {
		let file = encode(&alice(), None, "hot").unwrap();
		assert!(!is_encrypted(&file));
		let pair = decode(&file, None).unwrap();
		// The same secret: it signs for the same key.
		let signature = pair.sign(b"merit");
		assert!(sr25519::Pair::verify(&signature, b"merit", &alice().public()));
	}

	#[test]
	fn bad_key_files_are_refused() {
		let good = encode(&alice(), None, "x").unwrap();
		let mut other_address = good.clone();
		other_address["address"] = json!("5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty");
		assert!(decode(&other_address, None).err().unwrap().contains("address is not"));
		let mut ed25519 = good.clone();
		ed25519["encoding"]["content"] = json!(["pkcs8", "ed25519"]);
		assert!(decode(&ed25519, None).err().unwrap().contains("only sr25519"));
		let mut garbage = good.clone();
		garbage["encoded"] = json!(BASE64.encode([1u8; 40]));
		assert!(decode(&garbage, None).err().unwrap().contains("corrupt"));
		assert!(decode(&json!({"hello": 1}), None).err().unwrap().contains("not a polkadot.js"));
		let mut odd_params = encode(&alice(), Some("pw"), "x").unwrap();
		let mut body = BASE64.decode(odd_params["encoded"].as_str().unwrap()).unwrap();
		body[SALT_LEN..SALT_LEN + 4].copy_from_slice(&(1u32 << 20).to_le_bytes());
		odd_params["encoded"] = json!(BASE64.encode(&body));
		assert!(decode(&odd_params, Some("pw")).err().unwrap().contains("scrypt parameters"));
	}
}
