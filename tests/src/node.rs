//! A `merit-node` child process on free loopback ports, killed when dropped: on success, on
//! a failed assertion (unwinding), and, through `PR_SET_PDEATHSIG`, when the test process
//! itself dies.

use std::{
	collections::BTreeSet,
	fs::File,
	net::TcpListener,
	os::unix::process::CommandExt,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::Mutex,
	time::{Duration, Instant},
};

/// The `merit-node` binary under test: `$MERIT_NODE`, or the one built with the same profile
/// as this test (test executables live in `<target>/<profile>/deps`).
pub fn node_binary() -> PathBuf {
	if let Some(path) = std::env::var_os("MERIT_NODE") {
		return PathBuf::from(path);
	}
	let exe = std::env::current_exe().expect("the test executable has a path");
	let profile_dir = exe.parent().and_then(Path::parent).expect("<target>/<profile>/deps/<test>");
	let path = profile_dir.join("merit-node");
	assert!(
		path.exists(),
		"{} does not exist: build it with `cargo build --release --workspace` (the README's test \
		 command does), run the tests with --release, or set MERIT_NODE",
		path.display()
	);
	path
}

/// The workspace's root folder (where `chain-specs/` is).
pub fn workspace_root() -> PathBuf {
	PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A free TCP port on the loopback interface, never one this process handed out before (so
/// nodes started side by side by parallel tests cannot be given the same port).
pub fn free_port() -> u16 {
	static GIVEN: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
	let mut given = GIVEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
	loop {
		let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
		let port = listener.local_addr().expect("listener address").port();
		if given.insert(port) {
			return port;
		}
	}
}

/// Runs `merit-node` with `args` to completion (a subcommand, or a start that must fail),
/// killing it after `timeout`. Returns (success, stdout, stderr).
pub fn run_to_completion(args: &[&str], timeout: Duration) -> (bool, String, String) {
	let mut command = Command::new(node_binary());
	command.args(args);
	run_with_deadline(command, timeout)
}

/// Runs `command` to completion, killing it after `timeout` (it dies with the test process
/// too). Returns (success, stdout, stderr).
pub fn run_with_deadline(mut command: Command, timeout: Duration) -> (bool, String, String) {
	let dir = TempDir::new("oneshot");
	let stdout_path = dir.0.join("stdout");
	let stderr_path = dir.0.join("stderr");
	command
		.stdin(Stdio::null())
		.stdout(File::create(&stdout_path).expect("stdout file"))
		.stderr(File::create(&stderr_path).expect("stderr file"));
	die_with_parent(&mut command);
	let mut child = command.spawn().unwrap_or_else(|e| panic!("start {command:?}: {e}"));
	let deadline = Instant::now() + timeout;
	let status = loop {
		if let Some(status) = child.try_wait().expect("poll the child") {
			break status;
		}
		if Instant::now() > deadline {
			let _ = child.kill();
			let _ = child.wait();
			panic!("{command:?} still running after {timeout:?}; killed it");
		}
		std::thread::sleep(Duration::from_millis(50));
	};
	let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
	(status.success(), read(&stdout_path), read(&stderr_path))
}

/// Makes the child die with the test process, even if that is killed outright.
fn die_with_parent(command: &mut Command) {
	// SAFETY: prctl is async-signal-safe and touches no memory of the parent.
	unsafe {
		command.pre_exec(|| {
			libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
			Ok(())
		});
	}
}

/// How long a node may take to start answering RPC: generous, for a cold node on a loaded
/// 2-core machine.
pub const STARTUP: Duration = Duration::from_secs(90);

/// A running node. Dropping it kills the process.
pub struct MeritNode {
	child: Child,
	/// The JSON-RPC port (HTTP and WebSocket).
	pub rpc_port: u16,
	/// The Prometheus metrics port.
	pub prometheus_port: u16,
	/// The peer-to-peer port.
	pub p2p_port: u16,
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
		die_with_parent(&mut command);
		let child = command.spawn().expect("start merit-node");
		Self { child, rpc_port, prometheus_port, p2p_port, log_path, _base: base }
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

	/// The node's resident memory now, in KiB (`VmRSS`).
	pub fn rss_kib(&self) -> u64 {
		let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
			.expect("the node's /proc status");
		status
			.lines()
			.find_map(|l| l.strip_prefix("VmRSS:"))
			.and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
			.expect("VmRSS in KiB")
	}
}

impl Drop for MeritNode {
	fn drop(&mut self) {
		let _ = self.child.kill();
		let _ = self.child.wait();
	}
}

/// A temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
	/// A new empty folder under the system's temporary directory.
	pub fn new(name: &str) -> Self {
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
