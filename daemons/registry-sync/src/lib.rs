//! registry-sync keeps the `crates` and `crate_versions` tables equal to a
//! Rust registry index, read from git or from a sparse HTTP index.
//!
//! Layout, in reading order:
//! - [`index_line`] and [`crate_file`]: one line and one whole crate file,
//!   parsed and validated; a bad line rejects that entry only.
//! - [`git_source`] and [`sparse_source`]: which crate files a pass reads,
//!   and reading them (gix on a blocking thread; reqwest with conditional
//!   requests).
//! - [`reconcile`]: a batch of crate files against the stored rows, written
//!   with one statement per kind of change in one transaction.
//! - [`latest`]: the choice of a crate's latest version.
//! - [`sync`]: one pass from start to its record, under [`SyncLock`].
//! - [`passes`]: pass records and the `status` listing.
//! - [`service`]: the `run` loop, systemd notification and shutdown.
//! - `metrics`: `run --metrics-listen`, the Prometheus endpoint.
//! - [`config`]: the command line, parsed by the thin `main.rs`.
//!
//! Every statement lives in `queries/registry_sync.sql`; this crate never
//! deletes a mirror row and never writes a table outside the registry.

pub mod config;
pub mod crate_file;
mod error;
pub mod git_source;
pub mod index_line;
pub mod latest;
mod metrics;
pub mod passes;
pub mod reconcile;
pub mod service;
pub mod sparse_source;
pub mod sync;

pub use config::{Command, Config};
pub use error::{Error, FetchError};
pub use git_source::GitSource;
pub use index_line::version;
pub use passes::{PassReport, Stats};
pub use service::run;
pub use sparse_source::SparseSource;
pub use sync::{SyncLock, SyncOptions, sync_git, sync_sparse};

/// How much one transaction carries: a batch closes at whichever limit it
/// reaches first.
#[derive(Clone, Copy, Debug)]
pub struct BatchLimits {
    /// Crate files per batch.
    pub files: usize,
    /// Index entries (versions) per batch.
    pub entries: usize,
}

impl Default for BatchLimits {
    fn default() -> Self {
        Self {
            files: 5_000,
            entries: 50_000,
        }
    }
}
