//! The one error type of this crate.

use std::path::PathBuf;

use buildsrs_report::Report;

/// Everything that can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server answered with an error, or the connection failed.
    #[error("{}", describe(.0))]
    Postgres(#[from] tokio_postgres::Error),
    /// No connection could be had from the pool. Its text tells the whole
    /// cause, so it has no `source` (deadpool's own text would repeat it).
    #[error("could not get a database connection: {}", describe_pool(.0))]
    Pool(deadpool_postgres::PoolError),
    /// The pool could not be built from the options.
    #[error("invalid pool configuration: {0}")]
    PoolBuild(#[from] deadpool_postgres::BuildError),
    /// `DATABASE_URL` (or `--database-url`) is not a valid connection string.
    #[error("invalid database URL: {}", describe(.0))]
    InvalidUrl(tokio_postgres::Error),
    /// A TLS setting of the connection string (`sslmode`, `sslrootcert`)
    /// cannot be used.
    #[error("invalid database URL: {0}")]
    TlsSetting(String),
    /// The `sslrootcert` file cannot be read as PEM CA certificates.
    #[error("sslrootcert {}: {reason}", path.display())]
    RootCertificate { path: PathBuf, reason: String },
    /// The server did not accept connections within the start-up wait.
    #[error("database not reachable after {waited:?}: {last_error}")]
    Unreachable {
        waited: std::time::Duration,
        last_error: String,
    },
    /// No `DATABASE_URL`, and no throwaway cluster could be started.
    #[error("no DATABASE_URL is set and no throwaway cluster could be started: {0}")]
    Cluster(#[from] buildsrs_cluster::Error),
    /// An applied migration's file has changed since it was applied.
    #[error(
        "migration {version} ({name}) was edited after it was applied: \
         the database recorded checksum {recorded}, schema/ now has {current}; \
         restore the file and put the change in a new migration"
    )]
    MigrationEdited {
        version: i32,
        name: String,
        recorded: String,
        current: String,
    },
    /// A migration is missing below the newest applied one.
    #[error(
        "migration {version} ({name}) is older than the newest applied migration {newest} \
         but was never applied: give it a number above {newest}"
    )]
    MigrationOutOfOrder {
        version: i32,
        name: String,
        newest: i32,
    },
    /// A migration failed; its transaction was rolled back.
    #[error("migration {version} ({name}) failed and was rolled back: {}", describe(.source))]
    MigrationFailed {
        version: i32,
        name: String,
        source: tokio_postgres::Error,
    },
    /// No `DATABASE_URL`, and no directory for the local cluster: neither
    /// `--database-dir`, nor the workspace, nor `$XDG_DATA_HOME` or `$HOME`.
    #[error(
        "no DATABASE_URL is set and there is nowhere to keep a local cluster: \
         set DATABASE_URL, --database-dir (BUILDSRS_DATABASE_DIR) or HOME, or pass --throwaway"
    )]
    NoClusterDir,
    /// A local file or directory could not be used.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The database's schema is older than this program needs.
    #[error(
        "the database is at schema version {database}, this program needs version {required} \
         or newer: run `buildsrs-database migrate`"
    )]
    SchemaOutdated { database: i32, required: i32 },
    /// A public key could not be read. `key` names it: its file, or where
    /// it was stored.
    #[error("{key}: not an OpenSSH public key: {reason}")]
    InvalidPublicKey { key: String, reason: String },
    /// A public key of a type or size builders cannot sign requests with
    /// (DSA, RSA outside 2048 to 4096 bits, an unknown algorithm). `key`
    /// names it: its file, or its fingerprint.
    #[error("{key}: {reason}")]
    UnsupportedKey { key: String, reason: String },
    /// The key is registered already.
    #[error("this key is registered already, to builder {builder}")]
    DuplicateKey { builder: String },
    /// No builder has this id.
    #[error("no builder has id {0}")]
    UnknownBuilder(i64),
    /// No target has this name.
    #[error("no target is named {0:?}")]
    UnknownTarget(String),
    /// A target of this name exists already.
    #[error("a target named {0:?} exists already")]
    DuplicateTarget(String),
    /// A task operation that would touch every task: name a state, target,
    /// crate or version.
    #[error("name at least one of --state, --target, --crate or --version")]
    EmptyTaskFilter,
    /// A target name that is not a Rust target triple.
    #[error(
        "{0:?} is not a target triple (lowercase letters, digits, `_`, `-` and `.`, at most 128)"
    )]
    InvalidTarget(String),
}

impl From<deadpool_postgres::PoolError> for Error {
    fn from(error: deadpool_postgres::PoolError) -> Self {
        Self::Pool(error)
    }
}

impl Error {
    /// The SQLSTATE of a server error, if this is one.
    pub fn sql_state(&self) -> Option<&tokio_postgres::error::SqlState> {
        match self {
            Self::Postgres(error) | Self::MigrationFailed { source: error, .. } => error.code(),
            Self::Pool(deadpool_postgres::PoolError::Backend(error)) => error.code(),
            _ => None,
        }
    }
}

/// A Postgres error with what the server said (message, detail, hint), or the
/// underlying cause; tokio-postgres' own text is only "db error".
/// A tokio-postgres error in the server's words (message, SQLSTATE, detail,
/// hint), or with its cause when the connection failed.
pub(crate) fn describe(error: &tokio_postgres::Error) -> String {
    Report(error).to_string()
}

fn describe_pool(error: &deadpool_postgres::PoolError) -> String {
    match error {
        deadpool_postgres::PoolError::Backend(error) => describe(error),
        other => other.to_string(),
    }
}
