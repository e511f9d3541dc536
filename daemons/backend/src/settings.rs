//! The daemon's settings, from flags or the environment.

use std::net::SocketAddr;
use std::time::Duration;

use buildsrs_backend::{Config as BackendConfig, SchedulerConfig};
use buildsrs_database::DatabaseOptions;
use buildsrs_database::retention::Retention;
use buildsrs_runtime::LogFormat;
use buildsrs_runtime::defaults::{duration_text, without_env};

use crate::storage::StorageLocation;

/// Everything `buildsrs-backend` is configured with.
#[derive(Clone, Debug, clap::Parser)]
#[command(
    name = "buildsrs-backend",
    version,
    about = "The buildsrs backend: HTTP API for builders and users"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "BUILDSRS_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Where artifacts are stored: a directory, or `s3://bucket/prefix` for
    /// an S3-compatible service (endpoint, region and credentials from the
    /// AWS environment variables or the shared credentials file).
    #[arg(long, env = "BUILDSRS_STORAGE", default_value = "artifacts")]
    pub storage: StorageLocation,

    /// Log format.
    #[arg(long, env = "BUILDSRS_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,

    #[command(flatten)]
    pub database: DatabaseOptions,

    #[command(flatten)]
    pub service: Settings,

    /// An operator's command instead of serving.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The operator's commands on the artifact store and its rows.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Lists the stored objects no artifact row names (older than the
    /// grace period) and the stale temporary uploads; removes them with
    /// `--apply`.
    GcArtifacts {
        /// Remove what is listed (without it, a dry run).
        #[arg(long)]
        apply: bool,
    },
    /// Verifies every stored object (quarantining corrupted ones) and
    /// reports the artifact rows whose object is missing; exits 1 then.
    Scrub,
}

/// Behaviour of the service, independent of where it runs.
#[derive(Clone, Debug, clap::Args)]
pub struct Settings {
    /// How long a claim or heartbeat keeps a job leased.
    #[arg(long, env = "BUILDSRS_LEASE", default_value = duration_text(BackendConfig::default().lease), value_parser = humantime::parse_duration)]
    pub lease: Duration,

    /// Jobs a task may get before it is parked as failed.
    #[arg(long, env = "BUILDSRS_MAX_ATTEMPTS", default_value_t = BackendConfig::default().max_attempts)]
    pub max_attempts: i32,

    /// The most bytes of log lines a job stores: the batch that reaches it
    /// is cut and ends with a truncation marker line, later ones are
    /// accepted and dropped.
    #[arg(long, env = "BUILDSRS_MAX_LOG_BYTES", default_value_t = BackendConfig::default().max_log_bytes, value_parser = clap::value_parser!(i64).range(0..))]
    pub max_log_bytes: i64,

    /// How often expired leases are rescued.
    #[arg(long, env = "BUILDSRS_RESCUE_INTERVAL", default_value = duration_text(BackendConfig::default().rescue_interval), value_parser = humantime::parse_duration)]
    pub rescue_interval: Duration,

    /// The first wait before a task that hit an infrastructure error is tried
    /// again; it doubles with each attempt.
    #[arg(long, env = "BUILDSRS_RETRY_BACKOFF", default_value = duration_text(BackendConfig::default().retry_backoff), value_parser = humantime::parse_duration)]
    pub retry_backoff: Duration,

    /// The longest wait before such a retry.
    #[arg(long, env = "BUILDSRS_RETRY_BACKOFF_MAX", default_value = duration_text(BackendConfig::default().retry_backoff_max), value_parser = humantime::parse_duration)]
    pub retry_backoff_max: Duration,

    /// How often the task scheduler runs when no notification woke it.
    #[arg(long, env = "BUILDSRS_SCHEDULE_INTERVAL", default_value = duration_text(SchedulerConfig::default().interval), value_parser = humantime::parse_duration)]
    pub schedule_interval: Duration,

    /// How often the queue is counted for the pages (`/`, `/status`).
    #[arg(long, env = "BUILDSRS_QUEUE_COUNT_INTERVAL", default_value = duration_text(BackendConfig::default().queue_count_interval), value_parser = humantime::parse_duration)]
    pub queue_count_interval: Duration,

    /// How often counted downloads are written to the database.
    #[arg(long, env = "BUILDSRS_DOWNLOAD_FLUSH_INTERVAL", default_value = "10s", value_parser = humantime::parse_duration)]
    pub download_flush_interval: Duration,

    /// The longest a claim waits for work before answering no job.
    #[arg(long, env = "BUILDSRS_CLAIM_WAIT", default_value = "60s", value_parser = humantime::parse_duration)]
    pub max_claim_wait: Duration,

    /// How far a signed request's timestamp may be from the server's clock.
    #[arg(long, env = "BUILDSRS_AUTH_WINDOW", default_value = "5m", value_parser = humantime::parse_duration)]
    pub auth_window: Duration,

    /// The largest artifact accepted, in bytes.
    #[arg(long, env = "BUILDSRS_MAX_ARTIFACT_SIZE", default_value_t = 1 << 30)]
    pub max_artifact_size: u64,

    /// The largest JSON request body, in bytes.
    #[arg(long, env = "BUILDSRS_MAX_BODY", default_value_t = 4 << 20)]
    pub max_body: usize,

    /// How long an ordinary (not streaming) request may take.
    #[arg(long, env = "BUILDSRS_REQUEST_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    pub request_timeout: Duration,

    /// Connections served at once; more wait in the listen backlog.
    #[arg(long, env = "BUILDSRS_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,

    /// How long a client may take to send a request's head, from the
    /// connection's start or the next request's first byte; then it is closed.
    #[arg(long, env = "BUILDSRS_HEADER_READ_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub header_read_timeout: Duration,

    /// How long a kept-alive connection may wait for its next request.
    #[arg(long, env = "BUILDSRS_IDLE_TIMEOUT", default_value = "60s", value_parser = humantime::parse_duration)]
    pub idle_timeout: Duration,

    /// How long an answer (a live log stream, a download) may wait for a
    /// client that stopped reading before its connection is dropped.
    #[arg(long, env = "BUILDSRS_SEND_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    pub send_timeout: Duration,

    /// Live log streams open at once; more get 503 `streams_full`.
    #[arg(long, env = "BUILDSRS_MAX_STREAMS", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_streams: u32,

    /// Live log streams open to one client address (IPv6: one /64); more get
    /// 429 `too_many_streams`.
    #[arg(long, env = "BUILDSRS_MAX_STREAMS_PER_CLIENT", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_streams_per_client: u32,

    /// How often every stored artifact is read and checked against its
    /// SHA-256 (the first scrub one interval after start); corrupted files
    /// are moved to `quarantine/`, and artifact rows whose object is missing
    /// are reported.
    #[arg(long, env = "BUILDSRS_SCRUB_INTERVAL", default_value = "1day", value_parser = humantime::parse_duration)]
    pub scrub_interval: Duration,

    /// How often the daemon applies retention (what `buildsrs-database gc
    /// --apply` does, with the windows below); never unless given.
    #[arg(long, env = "BUILDSRS_RETENTION_INTERVAL", value_parser = humantime::parse_duration)]
    pub retention_interval: Option<Duration>,

    /// The windows of retention, for `--retention-interval`.
    #[command(flatten)]
    pub retention: Retention,

    /// How often stored objects no artifact row names, and stale temporary
    /// uploads, are removed (the first pass one interval after start).
    #[arg(long, env = "BUILDSRS_GC_INTERVAL", default_value = "6h", value_parser = humantime::parse_duration)]
    pub gc_interval: Duration,

    /// How old an object without a row must be before it is removed: an
    /// upload stores its object before it commits its row.
    #[arg(long, env = "BUILDSRS_GC_GRACE", default_value = "1day", value_parser = humantime::parse_duration)]
    pub gc_grace: Duration,

    /// Answer a download with a redirect (307) to a presigned URL of the
    /// object instead of streaming it (S3 storage only); counted when the
    /// redirect is given for a GET.
    #[arg(long, env = "BUILDSRS_STORAGE_REDIRECT")]
    pub storage_redirect: bool,

    /// How long a presigned download URL stays valid.
    #[arg(long, env = "BUILDSRS_STORAGE_REDIRECT_EXPIRY", default_value = "5m", value_parser = humantime::parse_duration)]
    pub storage_redirect_expiry: Duration,
}

impl Default for Settings {
    /// What the flags declare, with no flag and no environment.
    fn default() -> Self {
        without_env(&[]).expect("the flags' defaults parse")
    }
}
