//! Stock JavaScript clients against a node: the scripts in `tests/js` drive @polkadot/api and
//! polkadot-api (installed by `npm ci --prefix tests/js`, which the README's test command
//! runs) and print a JSON report on their last line of stdout.
//!
//! Node.js 20 (Debian's) has WebSocket only behind `--experimental-websocket`, which
//! polkadot-api and its CLI need; every script runs with it.

use crate::node::{run_with_deadline, workspace_root, MeritNode};
use std::{path::PathBuf, process::Command, time::Duration};

const NODE_FLAGS: &str = "--experimental-websocket";

fn js_dir() -> PathBuf {
	let js = workspace_root().join("tests/js");
	assert!(
		js.join("node_modules/@polkadot/api").exists() &&
			js.join("node_modules/polkadot-api").exists(),
		"the JavaScript clients are not installed: run `npm ci --prefix tests/js` (scripts/test.sh \
		 does)"
	);
	js
}

/// Generates polkadot-api's descriptors from `node`'s metadata with polkadot-api's own CLI
/// (`papi add merit -w <ws url>`), into `tests/js/.papi-<rpc port>/` (no package is installed:
/// the descriptors are imported by path); returns the path of their `index.js`.
pub async fn papi_descriptors(node: &MeritNode) -> String {
	let js = js_dir();
	let dir = js.join(format!(".papi-{}", node.rpc_port));
	let _ = std::fs::remove_dir_all(&dir);
	std::fs::create_dir_all(&dir).expect("create the descriptors' directory");
	let config = r#"{"version":0,"descriptorPath":".papi/descriptors","entries":{},"options":{"noDescriptorsPackage":true}}"#;
	std::fs::write(dir.join("polkadot-api.json"), config).expect("write the papi config");
	let mut command = Command::new(js.join("node_modules/.bin/papi"));
	command.current_dir(&dir).env("NODE_OPTIONS", NODE_FLAGS).args([
		"add",
		"merit",
		"-w",
		&node.ws_url(),
		"--config",
		"polkadot-api.json",
	]);
	let (ok, stdout, stderr) =
		tokio::task::spawn_blocking(move || run_with_deadline(command, Duration::from_secs(180)))
			.await
			.expect("the CLI ran");
	assert!(
		ok && stdout.contains("Compilation successful"),
		"papi add failed:\n{stderr}\n{stdout}"
	);
	let index = dir.join(".papi/descriptors/dist/index.js");
	assert!(index.exists(), "papi wrote no descriptors:\n{stdout}");
	index.to_string_lossy().into_owned()
}

/// Runs `node tests/js/<script> <node's ws url> <args...>` (at most two minutes) and returns
/// its JSON report; panics with the client's output and the node's log if it fails.
pub async fn run(node: &MeritNode, script: &str, args: &[String]) -> serde_json::Value {
	let js = js_dir();
	let mut command = Command::new("node");
	command.current_dir(&js).arg(NODE_FLAGS).arg(script).arg(node.ws_url()).args(args);
	let (ok, stdout, stderr) =
		tokio::task::spawn_blocking(move || run_with_deadline(command, Duration::from_secs(120)))
			.await
			.expect("the client ran");
	assert!(ok, "{script} failed:\n{stderr}\n{stdout}\nnode log:\n{}", node.log_tail(30));
	serde_json::from_str(stdout.lines().last().unwrap_or_default())
		.unwrap_or_else(|e| panic!("{script}: no JSON report ({e}):\n{stdout}"))
}
