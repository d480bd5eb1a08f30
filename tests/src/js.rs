//! Stock JavaScript clients against a node: the scripts in `tests/js` drive @polkadot/api
//! (installed by `npm ci --prefix tests/js`, which the README's test command runs) and print
//! a JSON report on their last line of stdout.

use crate::node::{run_with_deadline, workspace_root, MeritNode};
use std::{process::Command, time::Duration};

/// Runs `node tests/js/<script> <node's ws url> <args...>` (at most two minutes) and returns
/// its JSON report; panics with the client's output and the node's log if it fails.
pub async fn run(node: &MeritNode, script: &str, args: &[String]) -> serde_json::Value {
	let js = workspace_root().join("tests/js");
	assert!(
		js.join("node_modules/@polkadot/api").exists(),
		"@polkadot/api is not installed: run `npm ci --prefix tests/js` (scripts/test.sh does)"
	);
	let mut command = Command::new("node");
	command.current_dir(&js).arg(script).arg(node.ws_url()).args(args);
	let (ok, stdout, stderr) =
		tokio::task::spawn_blocking(move || run_with_deadline(command, Duration::from_secs(120)))
			.await
			.expect("the client ran");
	assert!(ok, "{script} failed:\n{stderr}\n{stdout}\nnode log:\n{}", node.log_tail(30));
	serde_json::from_str(stdout.lines().last().unwrap_or_default())
		.unwrap_or_else(|e| panic!("{script}: no JSON report ({e}):\n{stdout}"))
}
