//! The work of one job on this machine, without the backend: fetching the
//! `.crate` (download, checksum, unpack), `cargo fetch`, then the build of
//! the job's kind (`cargo install` and packing, or `cargo metadata`), each
//! step writing what it does to a [`LineSink`] (the job's log).
//!
//! Every cargo run goes through the [`Sandbox`] with the job's own
//! `CARGO_HOME`, `CARGO_TARGET_DIR`, `HOME` and `TMPDIR` inside the job's
//! directory; `cargo fetch` may use the network, the build may not. Each
//! step ends in a [`Failure`] that says whose fault it was: the crate's
//! (`BuildFailed`), the builder's (`Infrastructure`) or the clock's
//! (`TimedOut`).

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::artifact::{self, Manifest, PackedArtifact};
use crate::download::download;
use crate::sandbox::{RunLimits, RunOutcome, Sandbox, SandboxCommand, StdoutTo};
use crate::toolchain::Toolchain;
use crate::unpack::{UnpackLimits, unpack_crate};

/// Where a step's lines go.
pub trait LineSink: Send + Sync {
    fn line(&self, text: String);
}

/// Collects lines in memory (tests, and anything that reads them later).
impl LineSink for Mutex<Vec<String>> {
    fn line(&self, text: String) {
        self.lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(text);
    }
}

/// Why a step did not succeed, and whose fault it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    /// The builder's or the registry's problem (download, checksum, unpack,
    /// disk, toolchain): the task is tried again later.
    #[error("infrastructure error: {0}")]
    Infrastructure(String),
    /// Cargo ran and failed: the crate's problem.
    #[error("build failed ({}): {reason}", exit_code.map_or("no exit code".to_owned(), |code| format!("exit code {code}")))]
    BuildFailed {
        exit_code: Option<i32>,
        reason: String,
    },
    /// The wall-clock limit ran out.
    #[error("timed out: {0}")]
    TimedOut(String),
    /// The job was stopped from outside.
    #[error("cancelled")]
    Cancelled,
}

/// The directories of one job, all under its root.
#[derive(Clone, Debug)]
pub struct JobDir {
    pub root: PathBuf,
}

impl JobDir {
    /// Creates `root` and the directories below it.
    pub fn create(root: PathBuf) -> io::Result<Self> {
        let dir = Self { root };
        for path in [
            dir.download(),
            dir.sources(),
            dir.cargo_home(),
            dir.target(),
            dir.home(),
            dir.tmp(),
            dir.out(),
            dir.artifact(),
        ] {
            std::fs::create_dir_all(path)?;
        }
        Ok(dir)
    }

    /// The downloaded `.crate`.
    pub fn download(&self) -> PathBuf {
        self.root.join("download")
    }
    /// Where the `.crate` is unpacked (its package directory goes below).
    pub fn sources(&self) -> PathBuf {
        self.root.join("src")
    }
    pub fn cargo_home(&self) -> PathBuf {
        self.root.join("cargo-home")
    }
    pub fn target(&self) -> PathBuf {
        self.root.join("target")
    }
    pub fn home(&self) -> PathBuf {
        self.root.join("home")
    }
    pub fn tmp(&self) -> PathBuf {
        self.root.join("tmp")
    }
    /// `cargo install --root` (binaries land in `out/bin`), and
    /// `cargo metadata`'s output.
    pub fn out(&self) -> PathBuf {
        self.root.join("out")
    }
    /// The packed artifact.
    pub fn artifact(&self) -> PathBuf {
        self.root.join("artifact")
    }
}

/// What one crate may take: download, unpack and output sizes, time.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_crate_size: u64,
    pub unpack: UnpackLimits,
    pub max_output: u64,
}

/// Downloads the `.crate` at `url`, checks it against `checksum` and
/// unpacks it; answers the package directory `<name>-<version>`.
pub async fn fetch_crate(
    http: &reqwest::Client,
    url: &str,
    checksum: &[u8; 32],
    package_dir: &str,
    dir: &JobDir,
    limits: &Limits,
    log: &dyn LineSink,
) -> Result<PathBuf, Failure> {
    log.line(format!("downloading {url}"));
    let file = dir.download().join(format!("{package_dir}.crate"));
    let downloaded = download(http, url, checksum, limits.max_crate_size, &file)
        .await
        .map_err(|error| infrastructure(log, error.to_string()))?;
    log.line(format!(
        "checksum ok: sha256 {} ({} bytes)",
        hex::encode(checksum),
        downloaded.size
    ));
    let sources = dir.sources();
    let top = package_dir.to_owned();
    let unpack = limits.unpack;
    let unpacked = tokio::task::spawn_blocking(move || unpack_crate(&file, &sources, &top, unpack))
        .await
        .map_err(|error| infrastructure(log, format!("unpacking: {error}")))?
        .map_err(|error| infrastructure(log, format!("unpacking the crate: {error}")))?;
    log.line(format!(
        "unpacked {} entries, {} bytes, into {}",
        unpacked.entries,
        unpacked.bytes,
        unpacked.root.display()
    ));
    Ok(unpacked.root)
}

/// One crate's cargo runs, in one job's directory and sandbox, sharing
/// the job's time and output limits.
pub struct Cargo<'a> {
    pub sandbox: &'a Sandbox,
    pub toolchain: &'a Toolchain,
    pub dir: &'a JobDir,
    /// When every cargo run of the job must have ended.
    pub deadline: Instant,
    /// Bytes of output all cargo runs of the job may write together.
    pub max_output: u64,
    pub cancel: &'a CancellationToken,
    /// Bytes of output written so far.
    used: AtomicU64,
}

/// How a failed cargo run is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OnFailure {
    /// As the crate's failure.
    BuildFailed,
    /// As the builder's (the fetch: the network, a registry).
    Infrastructure,
}

impl<'a> Cargo<'a> {
    pub fn new(
        sandbox: &'a Sandbox,
        toolchain: &'a Toolchain,
        dir: &'a JobDir,
        deadline: Instant,
        max_output: u64,
        cancel: &'a CancellationToken,
    ) -> Self {
        Self {
            sandbox,
            toolchain,
            dir,
            deadline,
            max_output,
            cancel,
            used: AtomicU64::new(0),
        }
    }

    /// `cargo fetch`, with the network, `--locked` when the package has a
    /// `Cargo.lock`.
    pub async fn fetch(&self, package: &Path, log: &dyn LineSink) -> Result<(), Failure> {
        let mut args = args(&["fetch", "--manifest-path"]);
        args.push(package.join("Cargo.toml").into());
        if has_lock_file(package) {
            args.push("--locked".into());
        }
        self.run(
            args,
            package,
            true,
            StdoutTo::Lines,
            OnFailure::Infrastructure,
            log,
        )
        .await
    }

    /// `cargo install` into `out/` without the network, then the binaries
    /// packed with their manifest.
    pub async fn build_binary(
        &self,
        package: &Path,
        krate: &str,
        version: &str,
        target: &str,
        log: &dyn LineSink,
    ) -> Result<PackedArtifact, Failure> {
        let mut args = args(&["install", "--path"]);
        args.push(package.into());
        args.push("--root".into());
        args.push(self.dir.out().into());
        args.push("--offline".into());
        if has_lock_file(package) {
            args.push("--locked".into());
        } else {
            log.line("the package has no Cargo.lock: building without --locked".to_owned());
        }
        if target != self.toolchain.host {
            args.push("--target".into());
            args.push(target.into());
        }
        self.run(
            args,
            package,
            false,
            StdoutTo::Lines,
            OnFailure::BuildFailed,
            log,
        )
        .await?;
        let manifest = Manifest {
            format: artifact::MANIFEST_FORMAT,
            krate: krate.to_owned(),
            version: version.to_owned(),
            target: target.to_owned(),
            rustc: self.toolchain.version.clone(),
            files: Vec::new(),
        };
        self.pack(manifest, log).await
    }

    /// Packs the installed binaries with `manifest` into the job's artifact.
    async fn pack(
        &self,
        manifest: Manifest,
        log: &dyn LineSink,
    ) -> Result<PackedArtifact, Failure> {
        let bin = self.dir.out().join("bin");
        let destination = self.dir.artifact();
        let packed = tokio::task::spawn_blocking(move || {
            artifact::pack_binaries(&bin, manifest, &destination)
        })
        .await
        .map_err(|error| infrastructure(log, format!("packing: {error}")))?;
        match packed {
            Ok(packed) => {
                log.line(format!(
                    "packed {} ({} bytes, sha256 {})",
                    packed.name,
                    packed.size,
                    hex::encode(packed.sha256)
                ));
                Ok(packed)
            }
            Err(error @ artifact::PackError::NoBinaries(_)) => {
                log.line(format!("error: {error}"));
                Err(Failure::BuildFailed {
                    exit_code: None,
                    reason: error.to_string(),
                })
            }
            Err(error) => Err(infrastructure(log, format!("packing: {error}"))),
        }
    }

    /// `cargo metadata` without the network; its output, checked to be
    /// JSON, is the artifact `metadata.json`.
    pub async fn metadata(
        &self,
        package: &Path,
        log: &dyn LineSink,
    ) -> Result<PackedArtifact, Failure> {
        let mut args = args(&[
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--manifest-path",
        ]);
        args.push(package.join("Cargo.toml").into());
        let output = self.dir.out().join("cargo-metadata.json");
        self.run(
            args,
            package,
            false,
            StdoutTo::File(output.clone()),
            OnFailure::BuildFailed,
            log,
        )
        .await?;
        match artifact::pack_metadata(&output, &self.dir.artifact()) {
            Ok(packed) => {
                log.line(format!(
                    "metadata.json: {} bytes, sha256 {}",
                    packed.size,
                    hex::encode(packed.sha256)
                ));
                Ok(packed)
            }
            Err(error @ artifact::PackError::NotJson(_)) => {
                log.line(format!("error: {error}"));
                Err(Failure::BuildFailed {
                    exit_code: Some(0),
                    reason: error.to_string(),
                })
            }
            Err(error) => Err(infrastructure(log, error.to_string())),
        }
    }

    /// The environment of every cargo run: nothing of the builder's own
    /// but `PATH` (behind the toolchain's directory).
    pub fn env(&self) -> Vec<(String, OsString)> {
        let mut path = OsString::from(&self.toolchain.bin_dir);
        if let Some(inherited) = std::env::var_os("PATH") {
            path.push(":");
            path.push(inherited);
        }
        vec![
            ("PATH".into(), path),
            ("HOME".into(), self.dir.home().into()),
            ("CARGO_HOME".into(), self.dir.cargo_home().into()),
            ("CARGO_TARGET_DIR".into(), self.dir.target().into()),
            ("TMPDIR".into(), self.dir.tmp().into()),
            ("RUSTC".into(), self.toolchain.rustc.clone().into()),
            ("CARGO_TERM_COLOR".into(), "never".into()),
            ("CARGO_TERM_PROGRESS_WHEN".into(), "never".into()),
            ("CARGO_INCREMENTAL".into(), "0".into()),
            ("LANG".into(), "C.UTF-8".into()),
            ("TERM".into(), "dumb".into()),
        ]
    }

    async fn run(
        &self,
        args: Vec<OsString>,
        cwd: &Path,
        network: bool,
        stdout: StdoutTo,
        on_failure: OnFailure,
        log: &dyn LineSink,
    ) -> Result<(), Failure> {
        let command = SandboxCommand {
            program: self.toolchain.cargo.clone(),
            args,
            cwd: cwd.to_owned(),
            env: self.env(),
            writable: self.dir.root.clone(),
            network,
            stdout,
        };
        log.line(format!(
            "$ {} (sandbox: {}, network: {})",
            command.display(),
            self.sandbox.name(),
            if network || !self.sandbox.is_isolated() {
                "on"
            } else {
                "off"
            }
        ));
        let limits = RunLimits {
            deadline: self.deadline,
            max_output: self
                .max_output
                .saturating_sub(self.used.load(Ordering::Relaxed)),
        };
        let mut last_error: Option<String> = None;
        let mut written = 0u64;
        let outcome = self
            .sandbox
            .run(&command, limits, self.cancel, &mut |line| {
                written += line.len() as u64 + 1;
                if line.trim_start().starts_with("error") {
                    last_error = Some(line.trim().to_owned());
                }
                log.line(line);
            })
            .await
            .map_err(|error| infrastructure(log, error.to_string()))?;
        self.used.fetch_add(written, Ordering::Relaxed);
        let what = command
            .args
            .first()
            .map(|arg| format!("cargo {}", arg.to_string_lossy()))
            .unwrap_or_default();
        self.judge(outcome, &what, last_error, on_failure, log)
    }

    /// What a cargo run's `outcome` means for the job, logged; `last_error`
    /// is its last line that starts with `error`.
    fn judge(
        &self,
        outcome: RunOutcome,
        what: &str,
        last_error: Option<String>,
        on_failure: OnFailure,
        log: &dyn LineSink,
    ) -> Result<(), Failure> {
        let failed = |exit_code: Option<i32>, reason: String| match on_failure {
            OnFailure::BuildFailed => Failure::BuildFailed { exit_code, reason },
            OnFailure::Infrastructure => Failure::Infrastructure(reason),
        };
        match outcome {
            RunOutcome::Exited(0) => Ok(()),
            RunOutcome::Exited(code) => {
                let reason = last_error.unwrap_or_else(|| format!("{what} exited with {code}"));
                log.line(format!("{what} failed with exit code {code}"));
                Err(failed(Some(code), reason))
            }
            RunOutcome::Signalled(signal) => {
                let reason = format!("{what} was killed by signal {signal}");
                log.line(reason.clone());
                Err(failed(None, reason))
            }
            RunOutcome::OutputLimit => {
                let reason = format!(
                    "the job's output passed {} bytes during {what}, which was stopped",
                    self.max_output
                );
                log.line(format!("buildsrs: output limit reached: {reason}"));
                Err(Failure::BuildFailed {
                    exit_code: None,
                    reason,
                })
            }
            RunOutcome::TimedOut => {
                let reason = format!("{what} ran out of the build's time limit and was killed");
                log.line(format!("buildsrs: {reason}"));
                Err(Failure::TimedOut(reason))
            }
            RunOutcome::Cancelled => {
                log.line(format!("buildsrs: {what} was stopped"));
                Err(Failure::Cancelled)
            }
        }
    }
}

fn args(items: &[&str]) -> Vec<OsString> {
    items.iter().map(OsString::from).collect()
}

fn has_lock_file(package: &Path) -> bool {
    package.join("Cargo.lock").is_file()
}

/// Logs an infrastructure problem and makes it the failure.
pub(crate) fn infrastructure(log: &dyn LineSink, reason: String) -> Failure {
    log.line(format!("error: {reason}"));
    Failure::Infrastructure(reason)
}
