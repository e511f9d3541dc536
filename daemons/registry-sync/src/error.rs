//! The one error type of this crate. Bad index entries are not errors: they
//! are rejections, counted and recorded by the pass that met them.

use std::path::PathBuf;

use buildsrs_report::Report;

/// Everything that can stop a pass.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database refused a statement or could not be reached.
    #[error(transparent)]
    Database(#[from] buildsrs_database::Error),
    /// A statement failed.
    #[error("{}", Report(.0))]
    Postgres(#[from] tokio_postgres::Error),
    /// The git repository could not be opened or read.
    #[error("git index {location}: {message}")]
    Git { location: String, message: String },
    /// `git` (used to mirror a remote index) failed or is missing.
    #[error("could not mirror {url} with git into {}: {message}", mirror.display())]
    GitFetch {
        url: String,
        mirror: PathBuf,
        message: String,
    },
    /// The revision given with `--rev` names no commit.
    #[error("git index {location}: {rev:?} names no commit: {message}")]
    UnknownRevision {
        location: String,
        rev: String,
        message: String,
    },
    /// The sparse index URL is not usable.
    #[error("invalid sparse index URL {url:?}: {message}")]
    SparseUrl { url: String, message: String },
    /// Some crates could not be fetched from the sparse index; the others
    /// were synced.
    #[error(
        "{failed} of {requested} crates could not be fetched from the sparse index (first: {first})"
    )]
    SparseFetch {
        failed: usize,
        requested: usize,
        first: String,
    },
    /// A crate name given on the command line is not one.
    #[error("{0:?} is not a crate name (letters, digits, `_` and `-`, 1 to 64 characters)")]
    InvalidCrateName(String),
    /// The pass was stopped by a shutdown request before it finished; the
    /// batches it committed stay, and the next pass converges.
    #[error("the pass was interrupted by shutdown")]
    Interrupted,
    /// The connection holding the sync lock was lost.
    #[error("lost the connection that holds the registry-sync lock: {}", Report(.0))]
    LockLost(tokio_postgres::Error),
    /// A local file (a synthetic index, a progress target) failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn git(location: &str, message: impl std::fmt::Display) -> Self {
        Self::Git {
            location: location.to_owned(),
            message: message.to_string(),
        }
    }
}
