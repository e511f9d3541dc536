//! Running one command of a job: inside bubblewrap when it is installed and
//! works, else as a plain child process; either way with a wall-clock limit
//! (the whole process group is killed), an output-size limit, a clean
//! environment chosen by the caller and the output captured line by line.
//!
//! The bubblewrap sandbox (`bwrap`) gives the command a read-only view of
//! the system (`--ro-bind / /`), a fresh `/dev` and `/proc`, a private
//! `/tmp`, its own PID, IPC and UTS namespaces (it sees no other process),
//! no capabilities, and write access to the job's directory only; without
//! network (`--unshare-net`: only a loopback of its own) unless the caller
//! allows it. What each mode protects against is in the README.
//!
//! This module knows nothing of cargo or of jobs: callers say what to run.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use buildsrs_report::Report;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::Command;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// Lines longer than this are cut into pieces of this many bytes.
pub const MAX_LINE_BYTES: usize = 8 * 1024;

/// How long the output of a finished (or killed) command is still read: a
/// process that escaped the group could hold the pipes open for ever.
const DRAIN_TIME: Duration = Duration::from_secs(2);

/// Which isolation to use, as configured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SandboxMode {
    /// bubblewrap when it is installed and works here, else none.
    Auto,
    /// bubblewrap, or refuse to start.
    Bwrap,
    /// A plain child process: only the limits and a separate environment.
    None,
}

/// The isolation actually in use.
#[derive(Clone, Debug)]
pub struct Sandbox {
    bwrap: Option<PathBuf>,
}

/// Why a sandbox could not be set up or a command not run.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("bubblewrap (`bwrap`) is not installed or not on PATH")]
    BwrapMissing,
    #[error("bubblewrap does not work here: {0}")]
    BwrapBroken(String),
    #[error("starting {program}: {source}")]
    Spawn {
        program: String,
        #[source]
        source: io::Error,
    },
    #[error("opening the output file {path}: {source}")]
    Output {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("waiting for {program}: {source}")]
    Wait {
        program: String,
        #[source]
        source: io::Error,
    },
}

/// One command to run.
#[derive(Clone, Debug)]
pub struct SandboxCommand {
    /// An absolute path, or a name looked up on `PATH` (the given one).
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// The working directory; inside `writable`.
    pub cwd: PathBuf,
    /// The whole environment: nothing of the builder's own is passed on.
    pub env: Vec<(String, OsString)>,
    /// The one directory the command may write (the job's directory).
    pub writable: PathBuf,
    /// Whether the command may reach the network (in bubblewrap).
    pub network: bool,
    /// Where standard output goes: into the captured lines, or a file.
    pub stdout: StdoutTo,
}

/// Where a command's standard output goes.
#[derive(Clone, Debug)]
pub enum StdoutTo {
    /// Captured, like standard error.
    Lines,
    /// Written to this file (for machine-readable output); only standard
    /// error is captured then.
    File(PathBuf),
}

/// The limits of one run.
#[derive(Clone, Copy, Debug)]
pub struct RunLimits {
    /// When the command is killed.
    pub deadline: Instant,
    /// Bytes of captured output after which the command is killed.
    pub max_output: u64,
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// The command exited with this code.
    Exited(i32),
    /// The command was killed by this signal (not by us).
    Signalled(i32),
    /// The deadline passed: the process group was killed.
    TimedOut,
    /// The output limit was reached: the process group was killed.
    OutputLimit,
    /// The caller cancelled: the process group was killed.
    Cancelled,
}

impl RunOutcome {
    /// How a command that ended by itself ended.
    fn of_exit(status: std::process::ExitStatus) -> Self {
        use std::os::unix::process::ExitStatusExt as _;
        match (status.code(), status.signal()) {
            (Some(code), _) => Self::Exited(code),
            (None, Some(signal)) => Self::Signalled(signal),
            (None, None) => Self::Signalled(0),
        }
    }

    /// Whether the command ran and exited 0.
    pub fn success(self) -> bool {
        self == RunOutcome::Exited(0)
    }
}

impl SandboxCommand {
    /// The command line, for the job's log.
    pub fn display(&self) -> String {
        let mut text = self.program.display().to_string();
        for arg in &self.args {
            text.push(' ');
            text.push_str(&arg.to_string_lossy());
        }
        text
    }
}

impl Sandbox {
    /// The sandbox of `mode`: `auto` probes bubblewrap (in `probe_dir`, a
    /// writable directory) and falls back to none with a warning; `bwrap`
    /// refuses to go on without it.
    pub async fn detect(mode: SandboxMode, probe_dir: &Path) -> Result<Self, SandboxError> {
        match mode {
            SandboxMode::None => Ok(Self::none()),
            SandboxMode::Bwrap => Self::bwrap(probe_dir).await,
            SandboxMode::Auto => match Self::bwrap(probe_dir).await {
                Ok(sandbox) => Ok(sandbox),
                Err(error) => {
                    tracing::warn!(error = %Report(&error), "building without a sandbox (only limits and a separate CARGO_HOME)");
                    Ok(Self::none())
                }
            },
        }
    }

    /// No isolation: plain child processes.
    pub fn none() -> Self {
        Self { bwrap: None }
    }

    /// bubblewrap, once a probe run in `probe_dir` succeeded.
    pub async fn bwrap(probe_dir: &Path) -> Result<Self, SandboxError> {
        let program = find_on_path("bwrap").ok_or(SandboxError::BwrapMissing)?;
        let sandbox = Self {
            bwrap: Some(program),
        };
        let probe = SandboxCommand {
            program: "true".into(),
            args: Vec::new(),
            cwd: probe_dir.to_owned(),
            env: vec![("PATH".into(), std::env::var_os("PATH").unwrap_or_default())],
            writable: probe_dir.to_owned(),
            network: false,
            stdout: StdoutTo::Lines,
        };
        let limits = RunLimits {
            deadline: Instant::now() + Duration::from_secs(30),
            max_output: 64 * 1024,
        };
        let mut output = Vec::new();
        let outcome = sandbox
            .run(&probe, limits, &CancellationToken::new(), &mut |line| {
                output.push(line)
            })
            .await?;
        if outcome.success() {
            Ok(sandbox)
        } else {
            Err(SandboxError::BwrapBroken(format!(
                "a probe run ended with {outcome:?}: {}",
                output.join(" / ")
            )))
        }
    }

    /// `"bwrap"` or `"none"`, for logs.
    pub fn name(&self) -> &'static str {
        if self.bwrap.is_some() {
            "bwrap"
        } else {
            "none"
        }
    }

    /// Whether commands run isolated (bubblewrap).
    pub fn is_isolated(&self) -> bool {
        self.bwrap.is_some()
    }

    /// Runs `command` to its end, a limit or `cancel`, handing each line of
    /// output to `on_line` (standard error and, unless redirected, standard
    /// output, in the order they arrive). On every way out the process
    /// group is killed, so nothing the command started lives on.
    pub async fn run(
        &self,
        command: &SandboxCommand,
        limits: RunLimits,
        cancel: &CancellationToken,
        on_line: &mut (dyn FnMut(String) + Send),
    ) -> Result<RunOutcome, SandboxError> {
        let program = command.program.display().to_string();
        let mut child = self
            .command(command)?
            .spawn()
            .map_err(|source| SandboxError::Spawn {
                program: program.clone(),
                source,
            })?;
        let mut group = ProcessGroup(child.id().map(|id| Pid::from_raw(id as i32)));

        let mut lines = output_lines(&mut child);
        let mut output = Output {
            on_line,
            bytes: 0,
            limit: limits.max_output,
        };
        let mut open = true;
        let outcome = loop {
            tokio::select! {
                biased;
                _ = cancel.cancelled() => break RunOutcome::Cancelled,
                _ = tokio::time::sleep_until(limits.deadline) => break RunOutcome::TimedOut,
                line = lines.recv(), if open => match line {
                    Some(line) => if !output.take(&line) {
                        break RunOutcome::OutputLimit;
                    },
                    None => open = false,
                },
                status = child.wait() => {
                    let status = status.map_err(|source| SandboxError::Wait { program: program.clone(), source })?;
                    break RunOutcome::of_exit(status);
                }
            }
        };
        // Whatever the command left running goes with it. Once the leader
        // is reaped its id may be reused: the group is not killed again.
        group.kill();
        let _ = child.wait().await;
        group.disarm();
        let ended = matches!(outcome, RunOutcome::Exited(_) | RunOutcome::Signalled(_));
        if ended && open && !output.drain(&mut lines).await {
            return Ok(RunOutcome::OutputLimit);
        }
        Ok(outcome)
    }
}

/// The lines the child writes to its standard output and error, as they come.
fn output_lines(child: &mut tokio::process::Child) -> mpsc::Receiver<Vec<u8>> {
    let (sender, lines) = mpsc::channel::<Vec<u8>>(256);
    if let Some(stdout) = child.stdout.take() {
        tokio::spawn(read_lines(stdout, sender.clone()));
    }
    if let Some(stderr) = child.stderr.take() {
        tokio::spawn(read_lines(stderr, sender));
    }
    lines
}

impl Sandbox {
    /// The process for `command`: under bubblewrap or plain, with only the
    /// given environment, in its own process group, standard output piped
    /// or sent to its file.
    fn command(&self, command: &SandboxCommand) -> Result<Command, SandboxError> {
        let mut process = match &self.bwrap {
            Some(bwrap) => {
                let mut process = Command::new(bwrap);
                process
                    .args(bwrap_args(command))
                    .arg("--")
                    .arg(&command.program);
                process
            }
            None => {
                let mut process = Command::new(&command.program);
                process.current_dir(&command.cwd);
                process
            }
        };
        process
            .args(&command.args)
            .env_clear()
            .envs(command.env.iter().map(|(key, value)| (key, value)))
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .kill_on_drop(true);
        match &command.stdout {
            StdoutTo::Lines => {
                process.stdout(Stdio::piped());
            }
            StdoutTo::File(path) => {
                let file = fs::File::create(path).map_err(|source| SandboxError::Output {
                    path: path.clone(),
                    source,
                })?;
                process.stdout(file);
            }
        }
        Ok(process)
    }
}

/// The captured output of one run, counted against its limit.
struct Output<'a> {
    on_line: &'a mut (dyn FnMut(String) + Send),
    /// Bytes seen so far, a line end counted for each line.
    bytes: u64,
    limit: u64,
}

impl Output<'_> {
    /// Hands `line` on; `false`, handing nothing on, once the output
    /// passes its limit.
    fn take(&mut self, line: &[u8]) -> bool {
        self.bytes += line.len() as u64 + 1;
        if self.bytes > self.limit {
            return false;
        }
        (self.on_line)(String::from_utf8_lossy(line).into_owned());
        true
    }

    /// Hands on the rest of what an ended command wrote, for at most
    /// `DRAIN_TIME`; `false` once the output passes its limit.
    async fn drain(&mut self, lines: &mut mpsc::Receiver<Vec<u8>>) -> bool {
        let drain_until = Instant::now() + DRAIN_TIME;
        while let Ok(Some(line)) = tokio::time::timeout_at(drain_until, lines.recv()).await {
            if !self.take(&line) {
                return false;
            }
        }
        true
    }
}

/// bubblewrap's options for `command`, in the order they must be applied:
/// the read-only root first, then what is mounted over it.
fn bwrap_args(command: &SandboxCommand) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    let mut push = |items: &[&std::ffi::OsStr]| args.extend(items.iter().map(|s| s.to_os_string()));
    if !command.network {
        push(&["--unshare-net".as_ref()]);
    }
    push(&[
        "--unshare-pid".as_ref(),
        "--unshare-ipc".as_ref(),
        "--unshare-uts".as_ref(),
        "--die-with-parent".as_ref(),
        "--new-session".as_ref(),
        "--cap-drop".as_ref(),
        "ALL".as_ref(),
        "--ro-bind".as_ref(),
        "/".as_ref(),
        "/".as_ref(),
        "--dev".as_ref(),
        "/dev".as_ref(),
        "--proc".as_ref(),
        "/proc".as_ref(),
        "--tmpfs".as_ref(),
        "/tmp".as_ref(),
        "--bind".as_ref(),
        command.writable.as_os_str(),
        command.writable.as_os_str(),
        "--chdir".as_ref(),
        command.cwd.as_os_str(),
    ]);
    args
}

/// The process group of a child started with `process_group(0)`: its id
/// is the child's pid.
struct ProcessGroup(Option<Pid>);

impl ProcessGroup {
    fn disarm(&mut self) {
        self.0 = None;
    }

    fn kill(&self) {
        if let Some(pid) = self.0 {
            // ESRCH: the group is already gone.
            let _ = killpg(pid, Signal::SIGKILL);
        }
    }
}

impl Drop for ProcessGroup {
    fn drop(&mut self) {
        // A run whose future is dropped kills its processes too.
        self.kill();
    }
}

/// Sends each line of `stream` (without its end of line, cut at
/// [`MAX_LINE_BYTES`]) until it ends or the receiver is gone.
async fn read_lines(stream: impl AsyncRead + Unpin, sender: mpsc::Sender<Vec<u8>>) {
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    while let Ok(buffer) = reader.fill_buf().await {
        if buffer.is_empty() {
            break;
        }
        let room = MAX_LINE_BYTES - line.len();
        let (used, complete) = match memchr_newline(&buffer[..buffer.len().min(room)]) {
            Some(at) => {
                line.extend_from_slice(&buffer[..at]);
                (at + 1, true)
            }
            None => {
                let take = buffer.len().min(room);
                line.extend_from_slice(&buffer[..take]);
                (take, line.len() >= MAX_LINE_BYTES)
            }
        };
        reader.consume(used);
        if complete {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if sender.send(std::mem::take(&mut line)).await.is_err() {
                return;
            }
        }
    }
    if !line.is_empty() {
        let _ = sender.send(line).await;
    }
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&byte| byte == b'\n')
}

/// The first executable file called `name` on `PATH`.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| {
            fs::metadata(candidate)
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
}
