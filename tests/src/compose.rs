//! A `docker/compose.yaml` network of the test's own: started under a project name of its own
//! (so its containers, network and volumes are the test's alone), driven through Docker, and
//! removed with its volumes when dropped (on success and on a failed assertion alike;
//! scripts/test.sh removes it too if it has to stop the test). The image is built first by
//! `scripts/docker.sh`, which installs and starts Docker if needed.

use crate::node::workspace_root;
use std::{
	process::{Command, Output},
	time::Duration,
};

/// The Docker client that talks to the engine `scripts/docker.sh` started: Docker's own, or
/// Debian's where Docker's has no BuildKit (the script's choice, repeated here).
fn docker() -> Command {
	let buildx = Command::new("docker").args(["buildx", "version"]).output();
	if buildx.is_ok_and(|o| o.status.success()) {
		Command::new("docker")
	} else {
		Command::new("/usr/bin/docker")
	}
}

fn run(mut command: Command, what: &str) -> Output {
	let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
	assert!(
		output.status.success(),
		"{what} failed: {}\n{}",
		String::from_utf8_lossy(&output.stdout),
		String::from_utf8_lossy(&output.stderr)
	);
	output
}

/// A running compose project.
pub struct Compose {
	project: String,
}

impl Compose {
	/// Builds `merit:local` from the release binaries (`scripts/docker.sh`), then starts
	/// docker/compose.yaml as project `$MERIT_COMPOSE_PROJECT` (set by scripts/test.sh, so it
	/// can remove the project if it must stop the test), or `<name>-<pid>`. The RPC node is
	/// published on a loopback port Docker picks ([`Compose::rpc_port`]).
	pub fn up(name: &str) -> Self {
		let mut build = Command::new("bash");
		build.arg(workspace_root().join("scripts/docker.sh"));
		run(build, "scripts/docker.sh");
		let project = std::env::var("MERIT_COMPOSE_PROJECT")
			.unwrap_or_else(|_| format!("{name}-{}", std::process::id()));
		let compose = Self { project };
		compose.remove_stale_networks();
		run(compose.command(&["up", "-d"]), "compose up");
		compose
	}

	/// Takes down the networks of earlier runs of this test (projects `merit-docker-*`) that a
	/// killed run left behind. Their nodes restart whenever dockerd does
	/// (`restart: unless-stopped`), and would share the machine's two cores with this one.
	fn remove_stale_networks(&self) {
		let mut ps = docker();
		ps.args(["ps", "-a", "--format", "{{.Label \"com.docker.compose.project\"}}"]);
		let out = run(ps, "docker ps");
		let mut stale: Vec<String> = String::from_utf8_lossy(&out.stdout)
			.lines()
			.filter(|p| p.starts_with("merit-docker") && *p != self.project)
			.map(str::to_string)
			.collect();
		stale.sort();
		stale.dedup();
		for project in stale {
			eprintln!("compose: taking down {project}, left by an earlier run");
			let old = Self { project };
			run(old.command(&["down", "-v", "--timeout", "1"]), "compose down (stale)");
		}
	}

	/// The host port the RPC node is published on.
	pub fn rpc_port(&self) -> u16 {
		let out = run(self.command(&["port", "rpc", "9944"]), "compose port");
		let address = String::from_utf8_lossy(&out.stdout).trim().to_string();
		let port = address.rsplit(':').next().and_then(|p| p.parse().ok());
		port.unwrap_or_else(|| panic!("no published RPC port: {address:?}"))
	}

	/// `docker-compose` (Debian's) or `docker compose` for this project.
	fn command(&self, args: &[&str]) -> Command {
		let file = workspace_root().join("docker/compose.yaml");
		let file = file.to_str().expect("a UTF-8 path").to_string();
		let v1 = Command::new("docker-compose").arg("version").output();
		let mut command = if v1.is_ok_and(|o| o.status.success()) {
			Command::new("docker-compose")
		} else {
			let mut c = docker();
			c.arg("compose");
			c
		};
		command.args(["-p", &self.project, "-f", &file]).args(args);
		// Port 0: Docker picks a free one, so no other test can take it first.
		command.env("MERIT_RPC_PORT", "0");
		command
	}

	/// Runs `docker-compose <args>` for this project.
	pub fn compose(&self, args: &[&str]) {
		run(self.command(args), &format!("compose {args:?}"));
	}

	/// The container of `service`.
	pub fn container(&self, service: &str) -> String {
		let out = run(self.command(&["ps", "-q", service]), "compose ps");
		let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
		assert!(!id.is_empty(), "no container for {service}");
		id
	}

	/// The project's network, as Docker names it.
	pub fn network(&self) -> String {
		// Both compose versions name it `<project>_<network>`.
		format!("{}_merit", self.project)
	}

	/// `service`'s address on the project's network (`None` while it is cut off).
	pub fn ip(&self, service: &str) -> Option<String> {
		let format =
			format!("{{{{(index .NetworkSettings.Networks \"{}\").IPAddress}}}}", self.network());
		let mut inspect = docker();
		inspect.args(["inspect", "-f", &format, &self.container(service)]);
		let out = inspect.output().ok()?;
		let ip = String::from_utf8_lossy(&out.stdout).trim().to_string();
		(out.status.success() && !ip.is_empty() && ip != "<no value>").then_some(ip)
	}

	/// The WebSocket RPC URL of `service`'s node, over the project's network.
	pub fn ws_url(&self, service: &str) -> String {
		format!(
			"ws://{}:9944",
			self.ip(service).unwrap_or_else(|| panic!("{service} has no address"))
		)
	}

	/// Sends `signal` to `service`'s container (`KILL`: its node dies at once, no shutdown).
	pub fn kill(&self, service: &str, signal: &str) {
		let mut kill = docker();
		kill.args(["kill", "-s", signal, &self.container(service)]);
		run(kill, &format!("kill {service}"));
	}

	/// Cuts `service` off the project's network (`false`) or joins it again (`true`).
	pub fn connected(&self, service: &str, on: bool) {
		let mut c = docker();
		let verb = if on { "connect" } else { "disconnect" };
		c.args(["network", verb, &self.network(), &self.container(service)]);
		run(c, &format!("network {verb} {service}"));
	}

	/// What a failed check shows of `service`: every container's state, how `service`'s
	/// container last ended (exit code, out of memory, restarts) and the end of its log.
	pub fn diagnose(&self, service: &str) -> String {
		let ps = self.command(&["ps", "-a"]).output();
		let ps = ps.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
		let mut inspect = docker();
		let format = "status {{.State.Status}}, exit code {{.State.ExitCode}}, \
		              out of memory {{.State.OOMKilled}}, restarts {{.RestartCount}}";
		let id = self.command(&["ps", "-aq", service]).output();
		let id = id.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
		inspect.args(["inspect", "-f", format, &id.unwrap_or_default()]);
		let state = inspect.output();
		let state =
			state.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
		format!("{ps}\n{service}: {state}\n{}", self.logs(service, 40))
	}

	/// The last `lines` of `service`'s log.
	pub fn logs(&self, service: &str, lines: usize) -> String {
		let out =
			self.command(&["logs", "--no-color", "--tail", &lines.to_string(), service]).output();
		out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default()
	}
}

impl Drop for Compose {
	fn drop(&mut self) {
		let mut down = self.command(&["down", "-v", "--timeout", "5"]);
		let _ = down.output();
	}
}

/// How long a node's first start may take in a container (the image is local).
pub const CONTAINER_START: Duration = Duration::from_secs(120);
