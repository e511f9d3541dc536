//! The Rust toolchain builds run with: found once, through `rustc` on
//! `PATH`, and then called by absolute path inside its sysroot.
//!
//! Calling the sysroot's `cargo` and `rustc` directly (not the rustup
//! proxies) means a crate's `rust-toolchain.toml` cannot make rustup fetch
//! another toolchain during a build, and a job's own `HOME` and
//! `CARGO_HOME` do not hide rustup's state.

use std::path::{Path, PathBuf};

use tokio::process::Command;

use crate::sandbox::find_on_path;

/// The toolchain's programs and what `rustc -vV` says about it.
#[derive(Clone, Debug)]
pub struct Toolchain {
    /// `<sysroot>/bin/cargo` (or `cargo` on PATH when the sysroot has none).
    pub cargo: PathBuf,
    /// `<sysroot>/bin/rustc`.
    pub rustc: PathBuf,
    /// The directory holding both, put first on a build's `PATH`.
    pub bin_dir: PathBuf,
    /// The first line of `rustc -vV`, such as `rustc 1.95.0 (59807616e 2026-04-14)`.
    pub version: String,
    /// `release:` of `rustc -vV`, such as `1.95.0`.
    pub release: String,
    /// `host:` of `rustc -vV`, such as `x86_64-unknown-linux-gnu`.
    pub host: String,
}

/// Why the toolchain could not be found or asked.
#[derive(Debug, thiserror::Error)]
pub enum ToolchainError {
    #[error("no `rustc` on PATH")]
    NoRustc,
    #[error("running {command}: {source}")]
    Run {
        command: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{command} failed: {stderr}")]
    Failed { command: String, stderr: String },
    #[error("`rustc -vV` printed no {field} line")]
    Field { field: &'static str },
    #[error("the sysroot {0} has no bin/rustc")]
    Sysroot(PathBuf),
}

impl Toolchain {
    /// Finds the toolchain of `rustc` on PATH, asking it from `cwd` (a
    /// directory without toolchain overrides, such as the work directory).
    pub async fn detect(cwd: &Path) -> Result<Self, ToolchainError> {
        let proxy = find_on_path("rustc").ok_or(ToolchainError::NoRustc)?;
        let sysroot = PathBuf::from(output(&proxy, &["--print", "sysroot"], cwd).await?.trim());
        let bin_dir = sysroot.join("bin");
        let rustc = bin_dir.join("rustc");
        if !rustc.is_file() {
            return Err(ToolchainError::Sysroot(sysroot));
        }
        let cargo = match bin_dir.join("cargo") {
            cargo if cargo.is_file() => cargo,
            _ => find_on_path("cargo").unwrap_or_else(|| PathBuf::from("cargo")),
        };
        let verbose = output(&rustc, &["-vV"], cwd).await?;
        let field = |name: &'static str| {
            verbose
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .map(|value| value.trim().to_owned())
                .ok_or(ToolchainError::Field { field: name })
        };
        Ok(Self {
            version: verbose.lines().next().unwrap_or_default().trim().to_owned(),
            release: field("release:")?,
            host: field("host:")?,
            cargo,
            rustc,
            bin_dir,
        })
    }
}

async fn output(program: &Path, args: &[&str], cwd: &Path) -> Result<String, ToolchainError> {
    let command = format!("{} {}", program.display(), args.join(" "));
    let output = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .output()
        .await
        .map_err(|source| ToolchainError::Run {
            command: command.clone(),
            source,
        })?;
    if !output.status.success() {
        return Err(ToolchainError::Failed {
            command,
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
