//! `merit dashboard` against the demo's node, in a real browser: headless Chromium (Debian's,
//! driven by playwright-core from tests/js/dashboard.mjs) loads the page, which must show the
//! demo's miners ranked by incentive (good, weak, corrupt), draw its plots, follow the next
//! epoch without a reload, sort on a click and show a neuron's history, with no request
//! leaving the dashboard. The screenshot goes to target/dashboard.png.

use merit_e2e::{
	cli::Merit,
	js,
	node::{free_port, workspace_root, MeritNode},
};
use std::{
	process::{Command, Stdio},
	time::{Duration, Instant},
};

/// Kills the dashboard when the test ends, however it ends.
struct Served(std::process::Child);

impl Drop for Served {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

pub async fn shows_the_demo(node: &MeritNode, good: u16, weak: u16, corrupt: u16) {
	let port = free_port();
	let url = format!("http://127.0.0.1:{port}/");
	let log = workspace_root().join("target/dashboard.log");
	let served = Served(
		Command::new(Merit::binary())
			.args(["dashboard", "--listen", &format!("127.0.0.1:{port}"), "--url", &node.ws_url()])
			.stdout(Stdio::null())
			.stderr(std::fs::File::create(&log).expect("the dashboard's log"))
			.spawn()
			.expect("start merit dashboard"),
	);
	// Up once it answers its state.
	let deadline = Instant::now() + Duration::from_secs(60);
	while merit_e2e::http::get(port, "/api/state").await.is_err() {
		assert!(
			Instant::now() < deadline,
			"the dashboard did not start:\n{}",
			std::fs::read_to_string(&log).unwrap_or_default()
		);
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	// Bad requests get clear errors.
	let bad = merit_e2e::http::get(port, "/api/metagraph?netuid=x").await.expect("an answer");
	assert_eq!(bad.0, 400, "{bad:?}");
	let missing = merit_e2e::http::get(port, "/api/metagraph?netuid=999").await.expect("an answer");
	assert_eq!(missing.0, 404, "{missing:?}");
	// A page of another site whose name points at 127.0.0.1 (DNS rebinding) reads nothing.
	let rebound = merit_e2e::http::get_as(port, "/api/state", "evil.example:80").await;
	assert_eq!(rebound.as_ref().map(|r| r.0), Ok(421), "{rebound:?}");
	// The state with its history, and without (what the page reads at each head).
	let state = |path: &'static str| async move {
		let (status, body) = merit_e2e::http::get(port, path).await.expect("an answer");
		assert_eq!(status, 200, "{body}");
		serde_json::from_str::<serde_json::Value>(&body).expect("JSON")
	};
	assert!(state("/api/state").await["history"].is_object());
	let light = state("/api/state?history=none").await;
	assert!(light["history"].is_null() && light["subnets"].is_array(), "{light}");

	let screenshot = workspace_root().join("target/dashboard.png");
	let _ = std::fs::remove_file(&screenshot);
	let report =
		js::run(node, "dashboard.mjs", &[url.clone(), screenshot.to_string_lossy().into_owned()])
			.await;
	drop(served);

	let shown: Vec<u64> =
		report["rows"].as_array().expect("rows").iter().filter_map(|r| r["uid"].as_u64()).collect();
	let rank = |uid: u16| {
		shown
			.iter()
			.position(|u| *u == u64::from(uid))
			.unwrap_or_else(|| panic!("UID {uid} not shown: {report}"))
	};
	assert!(
		rank(good) < rank(weak) && rank(weak) < rank(corrupt),
		"good, weak, corrupt by incentive: {report}"
	);
	assert_eq!(report["sortedBy"], "incentive:sorted-desc");
	let role = |uid: u16| {
		let row = report["rows"].as_array().and_then(|rows| rows.iter().find(|r| r["uid"] == uid));
		row.map(|r| r["cells"][1].clone()).unwrap_or_default()
	};
	for miner in [good, weak, corrupt] {
		assert_eq!(role(miner), "miner", "UID {miner}: {report}");
	}
	assert!(
		report["rows"]
			.as_array()
			.is_some_and(|rows| rows.iter().any(|r| r["cells"][1] == "validator")),
		"{report}"
	);
	let plots = report["plots"].as_array().expect("plots");
	for plot in ["emission-plot", "incentive-plot"] {
		assert!(
			plots.iter().any(|p| p["plot"] == plot && p["points"].as_u64() >= Some(2)),
			"{plot} drew a line over two epochs at least: {report}"
		);
	}
	assert!(report["nextEpoch"].as_u64() > report["firstEpoch"].as_u64(), "{report}");
	assert_eq!(report["reloaded"], false, "the page updated in place: {report}");
	assert_eq!(report["live"], "live");
	let by_uid: Vec<u64> =
		report["byUid"].as_array().expect("byUid").iter().filter_map(|u| u.as_u64()).collect();
	let mut sorted = by_uid.clone();
	sorted.sort_unstable();
	assert_eq!(by_uid, sorted, "a click on UID sorts by UID");
	assert!(report["history"].as_u64() >= Some(2), "the neuron's history: {report}");
	assert_eq!(report["offsite"], 0, "nothing is fetched from elsewhere: {report}");
	assert_eq!(report["errors"], serde_json::json!([]), "no script errors: {report}");
	let png = std::fs::read(&screenshot).expect("the screenshot");
	assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "a real screenshot");
}
