//! The command line of `buildsrs-builder`, each flag with a
//! `BUILDSRS_BUILDER_*` environment fallback. Parsed by `main.rs` (or by a
//! test, with [`Config::for_backend`]) and handed to [`crate::run`].

use std::path::PathBuf;
use std::time::Duration;

use buildsrs_runtime::LogFormat;
use buildsrs_runtime::defaults::without_env;
use clap::Parser;

use crate::registry::{CRATES_IO_INDEX, RegistrySource};
use crate::sandbox::SandboxMode;
use crate::unpack::UnpackLimits;

/// Claim build jobs from a buildsrs backend, build them and upload the artifacts.
#[derive(Clone, Debug, Parser)]
#[command(name = "buildsrs-builder", version, about)]
pub struct Config {
    /// The backend's base URL, such as `https://buildsrs.example.org`.
    #[arg(long, env = "BUILDSRS_BUILDER_BACKEND")]
    pub backend: String,

    /// The builder's OpenSSH private key (no passphrase); its public half
    /// is registered with `buildsrs-database builder add`.
    #[arg(long, env = "BUILDSRS_BUILDER_KEY")]
    pub key: PathBuf,

    /// Where jobs are built: `<work-dir>/jobs/<job>/`, removed afterwards.
    #[arg(long, env = "BUILDSRS_BUILDER_WORK_DIR")]
    pub work_dir: PathBuf,

    /// Jobs built at once.
    #[arg(long, env = "BUILDSRS_BUILDER_SLOTS", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=64))]
    pub slots: u32,

    /// Claim until no job is waiting (a claim's whole wait brings none),
    /// finish what was claimed, and exit.
    #[arg(long, env = "BUILDSRS_BUILDER_ONCE")]
    pub once: bool,

    /// The `.crate` download template (`{crate}`, `{version}`, `{prefix}`,
    /// `{lowerprefix}`, `{sha256-checksum}`); `file://` templates read local files.
    #[arg(
        long,
        env = "BUILDSRS_BUILDER_REGISTRY_DL",
        conflicts_with = "registry_index"
    )]
    pub registry_dl: Option<String>,

    /// The sparse index whose `config.json` gives the download template.
    #[arg(long, env = "BUILDSRS_BUILDER_REGISTRY_INDEX", default_value = CRATES_IO_INDEX)]
    pub registry_index: String,

    /// Wall-clock limit of a job's cargo runs (fetch and build together).
    #[arg(long, env = "BUILDSRS_BUILDER_BUILD_TIMEOUT", default_value = "30m",
          value_parser = humantime::parse_duration)]
    pub build_timeout: Duration,

    /// Bytes of build output kept per job (all its cargo runs); past it the
    /// build is stopped as failed.
    #[arg(long, env = "BUILDSRS_BUILDER_MAX_OUTPUT", default_value_t = 16 << 20)]
    pub max_output: u64,

    /// The largest `.crate` file downloaded, in bytes.
    #[arg(long, env = "BUILDSRS_BUILDER_MAX_CRATE_SIZE", default_value_t = 64 << 20)]
    pub max_crate_size: u64,

    /// The most bytes a `.crate` may unpack to.
    #[arg(long, env = "BUILDSRS_BUILDER_MAX_UNPACKED_SIZE", default_value_t = 512 << 20)]
    pub max_unpacked_size: u64,

    /// The most entries (files, directories, links) a `.crate` may hold.
    #[arg(long, env = "BUILDSRS_BUILDER_MAX_FILES", default_value_t = 50_000)]
    pub max_files: u64,

    /// How long one claim waits for work.
    #[arg(long, env = "BUILDSRS_BUILDER_CLAIM_WAIT", default_value = "30s",
          value_parser = humantime::parse_duration)]
    pub claim_wait: Duration,

    /// After SIGTERM or SIGINT, how long running jobs may take to finish
    /// before they are given back.
    #[arg(long, env = "BUILDSRS_BUILDER_GRACE", default_value = "5m",
          value_parser = humantime::parse_duration)]
    pub grace: Duration,

    /// Isolation of the builds: bubblewrap when it works (`auto`), always
    /// (`bwrap`), or none.
    #[arg(long, env = "BUILDSRS_BUILDER_SANDBOX", value_enum, default_value_t = SandboxMode::Auto)]
    pub sandbox: SandboxMode,

    /// Keep the directory of a job that did not succeed.
    #[arg(long, env = "BUILDSRS_BUILDER_KEEP_FAILED")]
    pub keep_failed: bool,

    /// Log as human-readable text or as one JSON object per line.
    #[arg(long, env = "BUILDSRS_BUILDER_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

impl Config {
    /// The defaults, for a backend, key and work directory: what a test or
    /// an embedding starts from. The defaults are the flags' own;
    /// environment variables are not read.
    pub fn for_backend(backend: &str, key: PathBuf, work_dir: PathBuf) -> Self {
        let (key, work_dir) = (key.to_string_lossy(), work_dir.to_string_lossy());
        without_env(&["--backend", backend, "--key", &key, "--work-dir", &work_dir])
            .expect("a backend, a key and a work directory are all the flags needed")
    }

    /// Where `.crate` files come from.
    pub fn registry_source(&self) -> RegistrySource {
        match &self.registry_dl {
            Some(template) => RegistrySource::Template(template.clone()),
            None => RegistrySource::Index(self.registry_index.clone()),
        }
    }

    /// The unpacking limits.
    pub fn unpack_limits(&self) -> UnpackLimits {
        UnpackLimits {
            max_bytes: self.max_unpacked_size,
            max_entries: self.max_files,
        }
    }
}
