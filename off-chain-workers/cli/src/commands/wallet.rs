//! `merit wallet`: create, import, list and show keys. Coldkeys are always encrypted; hotkeys,
//! which sign often and hold nothing, are plain unless `--encrypt`.

use crate::{
	ctx::Ctx,
	keystore,
	output::password,
	wallet::{self, Role},
};
use clap::{Subcommand, ValueEnum};
use merit_client::KeyText;
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use std::{io::Read, path::PathBuf};

#[derive(Subcommand)]
pub enum WalletCommand {
	/// A new coldkey (encrypted) and hotkey (`--hotkey`, plain) in `--wallet`; prints their
	/// mnemonics once: write them down.
	Create {
		/// Encrypt the hotkey too.
		#[arg(long)]
		encrypt: bool,
	},
	/// A new coldkey in `--wallet`.
	NewColdkey,
	/// A new hotkey `--hotkey` in `--wallet`.
	NewHotkey {
		/// Encrypt it (it is plain by default: a hotkey holds no funds).
		#[arg(long)]
		encrypt: bool,
	},
	/// Import a key: a polkadot.js key file (JSON export), subkey's JSON, or a mnemonic or
	/// secret URI; read from a file or from stdin (`-`), never from the command line.
	Import {
		/// Which key of the wallet it becomes.
		#[arg(value_enum)]
		role: KeyRole,
		/// The file to read, or `-` for stdin.
		#[arg(long)]
		from: PathBuf,
		/// Encrypt an imported hotkey.
		#[arg(long)]
		encrypt: bool,
	},
	/// Every wallet with its addresses.
	List,
	/// One wallet's addresses.
	Show,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KeyRole {
	Coldkey,
	Hotkey,
}

pub fn run(ctx: &Ctx, command: WalletCommand) -> Result<(), String> {
	let keys = &ctx.keys;
	match command {
		WalletCommand::Create { encrypt } => {
			// Both paths free before either key is written: a coldkey written by a `create`
			// that then failed would never have its mnemonic printed.
			for role in [Role::Coldkey, Role::Hotkey] {
				ensure_free(&ctx.wallets.path(&keys.wallet, role, &keys.hotkey)?)?;
			}
			let coldkey = new_key(ctx, Role::Coldkey, true)?;
			let hotkey = new_key(ctx, Role::Hotkey, encrypt)?;
			ctx.out.answer(json!({ "coldkey": coldkey, "hotkey": hotkey }), || {
				format!("{}\n{}", describe_new(&coldkey), describe_new(&hotkey))
			});
		},
		WalletCommand::NewColdkey => {
			let coldkey = new_key(ctx, Role::Coldkey, true)?;
			ctx.out.answer(json!({ "coldkey": coldkey }), || describe_new(&coldkey));
		},
		WalletCommand::NewHotkey { encrypt } => {
			let hotkey = new_key(ctx, Role::Hotkey, encrypt)?;
			ctx.out.answer(json!({ "hotkey": hotkey }), || describe_new(&hotkey));
		},
		WalletCommand::Import { role, from, encrypt } => {
			let role = match role {
				KeyRole::Coldkey => Role::Coldkey,
				KeyRole::Hotkey => Role::Hotkey,
			};
			let path = ctx.wallets.path(&keys.wallet, role, &keys.hotkey)?;
			let text = read_input(&from)?;
			let file = match KeyText::parse(&text)? {
				// A polkadot.js file keeps its own encryption: check it opens, then store it.
				KeyText::KeyFile(file) => {
					let pw = if keystore::is_encrypted(&file) {
						Some(password(
							keys.password_file.as_deref(),
							"the key file's password",
							false,
						)?)
					} else if role == Role::Coldkey {
						return Err("a coldkey is stored encrypted: export it from polkadot.js \
						            with a password"
							.into());
					} else {
						None
					};
					let pair = keystore::decode(&file, pw.as_deref())?;
					// Under Merit's address format (the file may name the account in another
					// network's, or not at all); the address is not part of the encrypted data.
					let mut file = file;
					file["address"] = json!(pair.public().to_ss58check());
					file
				},
				KeyText::Suri(suri) => {
					let pair = wallet::signer_from_suri(&suri)?.pair().clone();
					let pw = key_password(ctx, role, encrypt)?;
					keystore::encode(&pair, pw.as_deref(), &name(ctx, role))?
				},
			};
			ctx.wallets.write(&path, &file)?;
			let address = keystore::address(&file).unwrap_or_default().to_string();
			let answer = json!({ "role": role_name(role), "address": address, "path": path });
			ctx.out.answer(answer, || {
				format!("imported {} {address} into {}", role_name(role), path.display())
			});
		},
		WalletCommand::List => {
			let wallets = ctx.wallets.list()?;
			let json: Vec<Value> = wallets.iter().map(info_json).collect();
			ctx.out.answer(json!({ "dir": ctx.wallets.dir(), "wallets": json }), || {
				if wallets.is_empty() {
					return format!(
						"no wallets in {}: `merit wallet create` makes one",
						ctx.wallets.dir().display()
					);
				}
				wallets.iter().map(info_text).collect::<Vec<_>>().join("\n")
			});
		},
		WalletCommand::Show => {
			let info = ctx.wallets.info(&keys.wallet)?;
			ctx.out.answer(info_json(&info), || info_text(&info));
		},
	}
	Ok(())
}

fn role_name(role: Role) -> &'static str {
	match role {
		Role::Coldkey => "coldkey",
		Role::Hotkey => "hotkey",
	}
}

/// The name a key file carries (shown by polkadot.js): `wallet` or `wallet/hotkey`.
fn name(ctx: &Ctx, role: Role) -> String {
	match role {
		Role::Coldkey => ctx.keys.wallet.clone(),
		Role::Hotkey => format!("{}/{}", ctx.keys.wallet, ctx.keys.hotkey),
	}
}

fn key_password(ctx: &Ctx, role: Role, encrypt: bool) -> Result<Option<String>, String> {
	if role == Role::Hotkey && !encrypt {
		return Ok(None);
	}
	let prompt = format!("a password for the {} of wallet {}", role_name(role), ctx.keys.wallet);
	password(ctx.keys.password_file.as_deref(), &prompt, true).map(Some)
}

/// Generates a key of `role`, writes it, and returns what to print about it.
fn new_key(ctx: &Ctx, role: Role, encrypt: bool) -> Result<Value, String> {
	let path = ctx.wallets.path(&ctx.keys.wallet, role, &ctx.keys.hotkey)?;
	ensure_free(&path)?;
	let pw = key_password(ctx, role, encrypt)?;
	let (pair, phrase): (sr25519::Pair, String) = wallet::generate();
	let file = keystore::encode(&pair, pw.as_deref(), &name(ctx, role))?;
	ctx.wallets.write(&path, &file)?;
	Ok(json!({
		"role": role_name(role),
		"address": pair.public().to_ss58check(),
		"path": path,
		"encrypted": pw.is_some(),
		"mnemonic": phrase,
	}))
}

fn ensure_free(path: &std::path::Path) -> Result<(), String> {
	if path.exists() {
		return Err(format!("{} exists: a key is never overwritten", path.display()));
	}
	Ok(())
}

fn describe_new(key: &Value) -> String {
	format!(
		"{} {} written to {} ({})\n  mnemonic: {}\n  Write the mnemonic down and keep it offline: it is the only way to \
		 restore this key.",
		key["role"].as_str().unwrap_or_default(),
		key["address"].as_str().unwrap_or_default(),
		key["path"].as_str().unwrap_or_default(),
		if key["encrypted"] == json!(true) { "encrypted" } else { "plain" },
		key["mnemonic"].as_str().unwrap_or_default(),
	)
}

fn info_json(info: &wallet::WalletInfo) -> Value {
	let hotkeys: Vec<Value> = info
		.hotkeys
		.iter()
		.map(|(name, address)| json!({ "name": name, "address": address }))
		.collect();
	json!({ "name": info.name, "coldkey": info.coldkey, "hotkeys": hotkeys })
}

fn info_text(info: &wallet::WalletInfo) -> String {
	let mut text =
		format!("{}\n  coldkey  {}", info.name, info.coldkey.as_deref().unwrap_or("(none)"));
	for (name, address) in &info.hotkeys {
		text.push_str(&format!("\n  hotkey   {address}  {name}"));
	}
	text
}

fn read_input(from: &std::path::Path) -> Result<String, String> {
	if from.as_os_str() == "-" {
		let mut text = String::new();
		std::io::stdin().read_to_string(&mut text).map_err(|e| format!("stdin: {e}"))?;
		return Ok(text);
	}
	std::fs::read_to_string(from).map_err(|e| format!("cannot read {}: {e}", from.display()))
}
