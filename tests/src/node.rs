//! A `merit-node` child process on free loopback ports, killed when dropped: on success, on
//! a failed assertion (unwinding), and, through `PR_SET_PDEATHSIG`, when the test process
//! itself dies.

use std::{
	fs::File,
	net::TcpListener,
	os::unix::process::CommandExt,
	path::PathBuf,
	process::{Child, Command, Stdio},
};

/// The `merit-node` binary under test: `$MERIT_NODE`, or the release build in this
/// workspace's target directory.
pub fn node_binary() -> PathBuf {
	if let Some(path) = std::env::var_os("MERIT_NODE") {
		return PathBuf::from(path);
	}
	// Test executables live in target/<profile>/deps; the node in target/release.
	let exe = std::env::current_exe().expect("the test executable has a path");
	let target = exe
		.ancestors()
		.find(|dir| dir.file_name().is_some_and(|n| n == "target"))
		.map(PathBuf::from)
		.unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target")));
	let path = target.join("release").join("merit-node");
	assert!(
		path.exists(),
		"{} does not exist: build it with `cargo build --release -p merit-node` or set MERIT_NODE",
		path.display()
	);
	path
}

/// The workspace's root folder (where `chain-specs/` is).
pub fn workspace_root() -> PathBuf {
	PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A free TCP port on the loopback interface.
pub fn free_port() -> u16 {
	let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
	listener.local_addr().expect("listener address").port()
}

/// A running node. Dropping it kills the process.
pub struct MeritNode {
	child: Child,
	/// The JSON-RPC port (HTTP and WebSocket).
	pub rpc_port: u16,
	/// The Prometheus metrics port.
	pub prometheus_port: u16,
	/// Where the node's log goes.
	pub log_path: PathBuf,
	_base: TempDir,
}

impl MeritNode {
	/// Starts `merit-node` with `args` (e.g. `["--dev"]`) on free ports with its own base
	/// path and its own log file.
	pub fn start(name: &str, args: &[&str]) -> Self {
		let rpc_port = free_port();
		let p2p_port = free_port();
		let prometheus_port = free_port();
		let base = TempDir::new(name);
		let log_path = base.0.join("node.log");
		let log = File::create(&log_path).expect("create the node's log file");
		let mut command = Command::new(node_binary());
		command
			.args(args)
			.arg("--base-path")
			.arg(&base.0)
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--prometheus-port", &prometheus_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.args(["--no-mdns", "--no-telemetry"])
			.stdin(Stdio::null())
			.stdout(log.try_clone().expect("clone the log file handle"))
			.stderr(log);
		// SAFETY: prctl is async-signal-safe and touches no memory of the parent.
		unsafe {
			command.pre_exec(|| {
				libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
				Ok(())
			});
		}
		let child = command.spawn().expect("start merit-node");
		Self { child, rpc_port, prometheus_port, log_path, _base: base }
	}

	/// The node's WebSocket JSON-RPC endpoint.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The last `lines` lines of the node's log, for failure messages.
	pub fn log_tail(&self, lines: usize) -> String {
		let log = std::fs::read_to_string(&self.log_path).unwrap_or_default();
		let all: Vec<&str> = log.lines().collect();
		all[all.len().saturating_sub(lines)..].join("\n")
	}

	/// Whether the process is still running.
	pub fn is_running(&mut self) -> bool {
		matches!(self.child.try_wait(), Ok(None))
	}
}

impl Drop for MeritNode {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// A temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
	fn new(name: &str) -> Self {
		let path = std::env::temp_dir().join(format!(
			"merit-e2e-{name}-{}-{}",
			std::process::id(),
			free_port()
		));
		std::fs::create_dir_all(&path).expect("create a temporary folder");
		Self(path)
	}
}

impl Drop for TempDir {
	fn drop(&mut self) {
		let _ = std::fs::remove_dir_all(&self.0);
	}
}
