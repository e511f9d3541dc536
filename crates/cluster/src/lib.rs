//! Throwaway PostgreSQL clusters, started from the server binaries installed
//! on this machine, for tests and for runs without a `DATABASE_URL`.
//!
//! A cluster lives in a directory of its own and listens on a Unix socket
//! there (and, for tests of TCP and TLS, on 127.0.0.1 when started with
//! [`Cluster::start_throwaway_on_loopback`]). Three lifetimes are offered:
//! - [`Cluster::start_throwaway`]: private to this process, gone when it ends;
//! - [`shared_for_test_run`]: one per test run, shared by its processes;
//! - [`Cluster::start_in`] / [`Cluster::stop_in`]: a developer's cluster
//!   under `target/` that stays up between commands (`just db`).
//!
//! This crate knows nothing of buildsrs' schema; it depends on no other
//! crate of ours, so `just generate` can use it while the generated query
//! crate does not build.

mod binaries;
mod cluster;
mod shared;

use std::path::PathBuf;
use std::process::ExitStatus;

pub use binaries::{Binaries, INSTALL_HINT};
pub use cluster::{Cluster, ServerCertificate};
pub use shared::shared_for_test_run;

/// Why a cluster could not be found, started or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No `initdb`, `pg_ctl` and `postgres` in any place we look.
    #[error("no PostgreSQL server binaries (initdb, pg_ctl, postgres) found: {INSTALL_HINT}")]
    BinariesNotFound,
    /// A server binary could not be started at all.
    #[error("could not run {}: {source}", program.display())]
    Spawn {
        program: PathBuf,
        source: std::io::Error,
    },
    /// A server binary ran and failed.
    #[error("{} failed ({status}): {output}", program.display())]
    Failed {
        program: PathBuf,
        status: ExitStatus,
        output: String,
    },
    /// A file or directory of the cluster could not be used.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// We are root, which PostgreSQL refuses, and have no other user to be.
    #[error(
        "running as root, and neither user `postgres` nor `nobody` exists to run PostgreSQL as"
    )]
    NoUnprivilegedUser,
}
