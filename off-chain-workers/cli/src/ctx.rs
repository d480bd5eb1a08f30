//! What every command runs with: the node, the output, the keys it signs with, and sending a
//! transaction (fee, confirmation, progress to inclusion or finality, errors with advice).

use crate::{
	amount, hints, keystore,
	output::{self, Out},
	wallet::{self, Role, Wallets},
};
use merit_client::{
	extrinsic, AccountId, Client, Included, RuntimeCall, RuntimeEvent, Signer, TxStep, Wait,
};
use serde_json::{json, Value};
use std::{path::PathBuf, time::Duration};
use tokio::sync::OnceCell;

/// How long a transaction may take to be included, or finalized.
const TX_TIMEOUT: Duration = Duration::from_secs(180);

/// The keys a command signs with: a wallet's files, or secret URIs (dev keys, scripts).
#[derive(clap::Args, Clone, Debug)]
pub struct KeyArgs {
	/// The wallet (directory under --wallet-dir) whose coldkey pays and signs.
	#[arg(long, global = true, env = "MERIT_WALLET", default_value = "default")]
	pub wallet: String,
	/// The wallet's hotkey that mines or validates.
	#[arg(long, global = true, env = "MERIT_HOTKEY", default_value = "default")]
	pub hotkey: String,
	/// A secret URI to use as the coldkey instead of the wallet's file (`//Alice` on dev
	/// chains). It ends up in your shell history: for dev keys and scripts only.
	#[arg(long, global = true, env = "MERIT_COLDKEY_URI", hide_env_values = true)]
	pub coldkey_uri: Option<String>,
	/// A secret URI to use as the hotkey instead of the wallet's file.
	#[arg(long, global = true, env = "MERIT_HOTKEY_URI", hide_env_values = true)]
	pub hotkey_uri: Option<String>,
	/// A file holding the coldkey's password (else $MERIT_PASSWORD, else asked for).
	#[arg(long, global = true)]
	pub password_file: Option<PathBuf>,
}

/// The command's surroundings.
pub struct Ctx {
	pub out: Out,
	pub url: String,
	pub wallets: Wallets,
	pub keys: KeyArgs,
	pub wait: Wait,
	client: OnceCell<Client>,
}

impl Ctx {
	pub fn new(out: Out, url: String, wallets: Wallets, keys: KeyArgs, wait: Wait) -> Self {
		Self { out, url, wallets, keys, wait, client: OnceCell::new() }
	}

	/// The node, connected on first use.
	pub async fn client(&self) -> Result<&Client, String> {
		self.client
			.get_or_try_init(|| async {
				Client::connect(&self.url, Duration::from_secs(15)).await.map_err(|e| {
					format!("cannot reach a node at {}: {e} (start one, or pass --url)", self.url)
				})
			})
			.await
	}

	/// Calls one of the node's `merit_*` methods; its JSON-RPC error becomes the message.
	pub async fn merit(&self, method: &str, params: Vec<Value>) -> Result<Value, String> {
		merit_call(self.client().await?, method, params).await
	}

	/// Where `role`'s key comes from: its secret URI if given, else the wallet's file.
	fn key(&self, role: Role) -> Result<Key<'_>, String> {
		let uri = match role {
			Role::Coldkey => &self.keys.coldkey_uri,
			Role::Hotkey => &self.keys.hotkey_uri,
		};
		if let Some(uri) = uri {
			return Ok(Key::Uri(uri));
		}
		let path = self.wallets.path(&self.keys.wallet, role, &self.keys.hotkey)?;
		let file = self.wallets.read(&path)?;
		Ok(Key::File(path, file))
	}

	/// The signing key of `role`: from its secret URI if given, else from the wallet's file
	/// (asking for the password of an encrypted one).
	pub fn signer(&self, role: Role) -> Result<Signer, String> {
		let (path, file) = match self.key(role)? {
			Key::Uri(uri) => return wallet::signer_from_suri(uri),
			Key::File(path, file) => (path, file),
		};
		let password = if keystore::is_encrypted(&file) {
			let prompt = format!("password of {}", path.display());
			Some(output::password(self.keys.password_file.as_deref(), &prompt, false)?)
		} else {
			None
		};
		keystore::decode(&file, password.as_deref())
			.map(Signer::from_pair)
			.map_err(|e| format!("{}: {e}", path.display()))
	}

	/// The account of `role`'s key, read without its password.
	pub fn account(&self, role: Role) -> Result<AccountId, String> {
		let (path, file) = match self.key(role)? {
			Key::Uri(uri) => return wallet::signer_from_suri(uri).map(|s| s.account()),
			Key::File(path, file) => (path, file),
		};
		let address = keystore::address(&file)
			.ok_or_else(|| format!("{} names no address", path.display()))?;
		wallet::parse_address(address)
	}

	/// Signs `call` with `signer`, shows its fee and asks (`summary`, unless --yes), sends it
	/// and follows it to a block (or to finality, by --wait) with progress; a refused call is
	/// an error naming the pallet's error with advice.
	pub async fn send(
		&self,
		call: RuntimeCall,
		signer: &Signer,
		summary: &str,
	) -> Result<Sent, String> {
		let client = self.client().await?;
		let version = client.runtime_version().await.map_err(|e| e.to_string())?;
		// Signed for the chain's spec version (an upgrade that kept the calls' encoding keeps
		// `merit` working), but never across a change of the calls' encoding: the chain could
		// read these bytes as another call.
		let built_for = merit_runtime::VERSION.transaction_version;
		if version.1 != built_for {
			return Err(format!(
				"the node's runtime encodes calls as transaction version {}, and this `merit` \
				 was built for version {built_for}: use a `merit` built from the chain's \
				 runtime",
				version.1
			));
		}
		let genesis = client.genesis().await.map_err(|e| e.to_string())?;
		let nonce = client.nonce(&signer.account()).await.map_err(|e| e.to_string())?;
		let xt =
			extrinsic::build_for(call, signer.account(), signer.pair(), nonce, genesis, version);
		let fee = client.fee_estimate(&xt).await.map_err(|e| e.to_string())?;
		self.out.confirm(&format!("{summary} (fee about {})", amount::format(fee)))?;
		let progress = self.out.progress(&format!("{summary}: sending"));
		let mut on_step = |step: TxStep| match step {
			TxStep::Pool(news) => progress.step(&format!("{summary}: {news}")),
			TxStep::InBlock(block) => progress.step(&format!("{summary}: in block {block:?}")),
			TxStep::Finalized(block) => progress.step(&format!("{summary}: finalized {block:?}")),
		};
		let included = client
			.submit_and_follow(&xt, TX_TIMEOUT, self.wait, &mut on_step)
			.await
			.map_err(|e| match e {
				merit_client::Error::Timeout(e) => format!(
					"{summary}: {e}; it may still land: check (`merit balance`, an explorer) \
					 before sending it again"
				),
				e => format!("{summary}: {e}"),
			})?;
		let number = client.block_number(Some(included.block)).await.map_err(|e| e.to_string())?;
		if let Some(error) = included.describe_error() {
			progress.finish(&format!("{summary}: failed in block #{number}"));
			return Err(format!("{summary}: {}", hints::explain(&error)));
		}
		let how = match self.wait {
			Wait::InBlock => "in block",
			Wait::Finalized => "finalized in block",
		};
		progress.finish(&format!("{summary}: done, {how} #{number}"));
		Ok(Sent { included, number })
	}
}

/// A key given as a secret URI, or a wallet's key file (its path and JSON).
enum Key<'a> {
	Uri(&'a str),
	File(PathBuf, Value),
}

/// Calls `method` on `client` with `params`; a JSON-RPC error becomes its message.
pub async fn merit_call(
	client: &Client,
	method: &str,
	params: Vec<Value>,
) -> Result<Value, String> {
	let mut array = jsonrpsee::core::params::ArrayParams::new();
	for p in params {
		array.insert(p).map_err(|e| e.to_string())?;
	}
	client.call(method, array).await.map_err(|e| match e {
		merit_client::Error::Rpc { message, .. } => message,
		other => other.to_string(),
	})
}

/// A call the chain accepted.
pub struct Sent {
	pub included: Included,
	pub number: u32,
}

impl Sent {
	/// Its events' names, `Pallet.Variant`.
	pub fn event_names(&self) -> Vec<String> {
		self.included.events.iter().map(event_name).collect()
	}

	/// The JSON answer of a transaction: its block, fee and events, with `extra` merged in.
	pub fn json(&self, extra: Value) -> Value {
		let mut answer = json!({
			"ok": true,
			"block": { "hash": format!("{:?}", self.included.block), "number": self.number },
			"fee": amount::json(self.included.fee),
			"events": self.event_names(),
		});
		if let (Some(map), Value::Object(extra)) = (answer.as_object_mut(), extra) {
			map.extend(extra);
		}
		answer
	}

	/// The first event `pick` recognises.
	pub fn find<T>(&self, pick: impl Fn(&RuntimeEvent) -> Option<T>) -> Option<T> {
		self.included.events.iter().find_map(pick)
	}
}

/// `Balances.Transfer` for `RuntimeEvent::Balances(Event::Transfer { .. })`.
pub fn event_name(event: &RuntimeEvent) -> String {
	pallet_dot_variant(&format!("{event:?}"))
}

/// `Pallet.variant` from the `Debug` text of a runtime event or call, `Pallet(Event::Variant {
/// .. })` or `Pallet(Call::variant { .. })`.
pub fn pallet_dot_variant(debug: &str) -> String {
	let (pallet, rest) = debug.split_once('(').unwrap_or((debug, ""));
	let path: String =
		rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
	let variant = path.rsplit("::").next().unwrap_or("");
	format!("{pallet}.{variant}")
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn names_of_events_and_calls() {
		assert_eq!(
			pallet_dot_variant("Balances(Event::Transfer { from: 1 })"),
			"Balances.Transfer"
		);
		assert_eq!(
			pallet_dot_variant("Consensus(set_emission_share { netuid: 1 })"),
			"Consensus.set_emission_share"
		);
		assert_eq!(pallet_dot_variant("System(ExtrinsicSuccess)"), "System.ExtrinsicSuccess");
	}
}
