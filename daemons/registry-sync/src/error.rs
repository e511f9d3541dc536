//! The one error type of this crate, and [`FetchError`], the cause it keeps
//! when a crate file could not be fetched. Bad index entries are not errors:
//! they are rejections, counted and recorded by the pass that met them.

use std::path::PathBuf;

use buildsrs_report::Report;
use reqwest::StatusCode;

/// Everything that can stop a pass.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database refused a statement or could not be reached. A failed
    /// statement arrives here too (see the `From<tokio_postgres::Error>`
    /// below), so `?` needs no `map_err`.
    #[error(transparent)]
    Database(#[from] buildsrs_database::Error),
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
    /// were synced. The source is why the first of them failed.
    #[error(
        "{failed} of {requested} crates could not be fetched from the sparse index (first: {first_file})"
    )]
    SparseFetch {
        failed: usize,
        requested: usize,
        first_file: String,
        #[source]
        first_error: FetchError,
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
    /// `--metrics-listen` names an address that cannot be listened on.
    #[error("cannot listen for metrics on {address}: {source}")]
    MetricsListen {
        address: std::net::SocketAddr,
        source: std::io::Error,
    },
    /// A local file (a synthetic index, a progress target) failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Why one crate file could not be fetched from the sparse index.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The file's name is no crate name, so it has no URL.
    #[error("not a crate name")]
    NotACrateName,
    /// The request or its body failed: no connection, a refused
    /// certificate, a timeout, a broken body. Shown as reqwest's error and
    /// its causes.
    #[error(transparent)]
    Request(#[from] reqwest::Error),
    /// The index answered with a status that is neither success, nor
    /// "not modified", nor one of those meaning the crate is gone.
    #[error("HTTP {0}")]
    Status(StatusCode),
}

/// A failed statement is a database error: one variant for both, so every
/// call site converts with `?`.
impl From<tokio_postgres::Error> for Error {
    fn from(error: tokio_postgres::Error) -> Self {
        Self::Database(buildsrs_database::Error::Postgres(error))
    }
}

impl Error {
    pub(crate) fn git(location: &str, message: impl std::fmt::Display) -> Self {
        Self::Git {
            location: location.to_owned(),
            message: message.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use buildsrs_report::Report;
    use reqwest::StatusCode;

    use super::{Error, FetchError};

    #[test]
    fn a_sparse_fetch_failure_keeps_its_cause_as_the_source_and_is_told_with_it() {
        let error = Error::SparseFetch {
            failed: 1,
            requested: 2,
            first_file: "flaky".to_owned(),
            first_error: FetchError::Status(StatusCode::INTERNAL_SERVER_ERROR),
        };
        let source = std::error::Error::source(&error).and_then(|s| s.downcast_ref());
        assert!(matches!(
            source,
            Some(FetchError::Status(StatusCode::INTERNAL_SERVER_ERROR))
        ));
        assert_eq!(
            Report(&error).to_string(),
            "1 of 2 crates could not be fetched from the sparse index (first: flaky): \
             HTTP 500 Internal Server Error"
        );
    }
}
