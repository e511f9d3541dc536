//! The command line (with environment fallbacks) of `buildsrs-registry-sync`.
//! Parsed by `main.rs`, turned into sources and options here.

use std::path::PathBuf;
use std::time::Duration;

use buildsrs_database::DatabaseOptions;
use buildsrs_runtime::LogFormat;
use clap::{Args, Parser, Subcommand};

use crate::{BatchLimits, GitSource, SparseSource, SyncOptions};

/// Mirror a Rust registry index into the buildsrs database.
#[derive(Clone, Debug, Parser)]
#[command(name = "buildsrs-registry-sync", version, about)]
pub struct Config {
    #[command(flatten)]
    pub database: DatabaseOptions,

    /// Log as human-readable text or as one JSON object per line.
    #[arg(long, env = "REGISTRY_SYNC_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Run one pass and exit: 0 when it succeeded.
    Sync(SyncArgs),
    /// Run passes forever, one per interval (the systemd service).
    Run(RunArgs),
    /// Print the recent passes.
    Status(StatusArgs),
}

/// `sync`: where to read the index and how to write it.
#[derive(Clone, Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub options: OptionArgs,
}

/// `run`: `sync`'s arguments and the pause between passes.
#[derive(Clone, Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub options: OptionArgs,
    /// Time from the end of one pass to the start of the next.
    #[arg(long, env = "REGISTRY_SYNC_INTERVAL", default_value = "1m", value_parser = humantime::parse_duration)]
    pub interval: Duration,
    /// Serve Prometheus metrics at `http://<ADDRESS>/metrics` (off by default).
    #[arg(long, value_name = "ADDRESS", env = "REGISTRY_SYNC_METRICS_LISTEN")]
    pub metrics_listen: Option<std::net::SocketAddr>,
}

/// `status`: how many passes to show.
#[derive(Clone, Debug, Args)]
pub struct StatusArgs {
    #[arg(long, default_value_t = 10)]
    pub limit: i64,
}

/// The index to read: `--git <PATH|URL> [--rev REV]` or `--sparse [--crates a,b]`.
#[derive(Clone, Debug, Args)]
pub struct SourceArgs {
    /// A git index: a local repository, a git bundle file or a URL to mirror.
    #[arg(
        long,
        value_name = "PATH|URL",
        env = "REGISTRY_SYNC_GIT",
        conflicts_with = "sparse",
        required_unless_present = "sparse"
    )]
    pub git: Option<String>,

    /// The commit of the git index to sync (default: HEAD).
    #[arg(long, requires = "git")]
    pub rev: Option<String>,

    /// Where remote git indexes are mirrored.
    #[arg(
        long,
        env = "REGISTRY_SYNC_MIRROR_DIR",
        default_value = "registry-mirror"
    )]
    pub mirror_dir: PathBuf,

    /// Refresh crates from a sparse HTTP index instead.
    #[arg(long)]
    pub sparse: bool,

    /// The sparse index's base URL.
    #[arg(
        long,
        env = "REGISTRY_SYNC_SPARSE_URL",
        default_value = "https://index.crates.io/"
    )]
    pub sparse_url: String,

    /// Crates to refresh (default: every crate the mirror knows).
    #[arg(long, value_delimiter = ',', requires = "sparse")]
    pub crates: Option<Vec<String>>,

    /// Sparse requests in flight at once.
    #[arg(long, env = "REGISTRY_SYNC_SPARSE_CONCURRENCY", default_value_t = 32)]
    pub sparse_concurrency: usize,
}

/// Batching, migrations and progress.
#[derive(Clone, Debug, Args)]
pub struct OptionArgs {
    /// Crate files per transaction.
    #[arg(long, env = "REGISTRY_SYNC_BATCH_FILES", default_value_t = BatchLimits::default().files)]
    pub batch_files: usize,

    /// Versions per transaction.
    #[arg(long, env = "REGISTRY_SYNC_BATCH_ENTRIES", default_value_t = BatchLimits::default().entries)]
    pub batch_entries: usize,

    /// Apply pending migrations at start (true) or only check the schema
    /// version (false). Default: true on the local cluster (no DATABASE_URL), else false.
    #[arg(long, env = "REGISTRY_SYNC_MIGRATE")]
    pub migrate: Option<bool>,

    /// Never draw a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

/// Either kind of source, as a pass takes it.
#[derive(Clone, Debug)]
pub enum Source {
    Git(GitSource),
    Sparse(SparseSource),
}

impl SourceArgs {
    /// The source these arguments name.
    pub fn source(&self) -> Source {
        match &self.git {
            Some(location) => Source::Git(GitSource {
                location: location.clone(),
                rev: self.rev.clone(),
                mirror_dir: self.mirror_dir.clone(),
            }),
            None => Source::Sparse(SparseSource {
                url: self.sparse_url.clone(),
                crates: self.crates.clone(),
                concurrency: self.sparse_concurrency,
                timeout: Duration::from_secs(60),
            }),
        }
    }
}

impl OptionArgs {
    /// Pass options from these arguments.
    pub fn sync_options(&self) -> SyncOptions {
        SyncOptions {
            limits: BatchLimits {
                files: self.batch_files.max(1),
                entries: self.batch_entries.max(1),
            },
            progress: !self.no_progress,
        }
    }
}
