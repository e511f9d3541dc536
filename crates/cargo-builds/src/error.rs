//! Every way a command fails, each naming what was asked and what was
//! found, so the message alone tells the user what to change.

use std::io;
use std::path::PathBuf;

use crate::archive::ArchiveError;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{spec:?} is not a crate name, optionally followed by @version")]
    BadSpec { spec: String },
    #[error("the backend URL {url:?} is not an http or https URL")]
    BadBackend { url: String },
    #[error("no crate is named {name:?} on {backend}")]
    NoSuchCrate { name: String, backend: String },
    #[error("{name} has no version {version:?}; its versions: {}", list(.available))]
    NoSuchVersion {
        name: String,
        version: String,
        available: Vec<String>,
    },
    #[error("{name} {version} is yanked; name another version (@VERSION)")]
    Yanked { name: String, version: String },
    #[error("{name} {version} was removed from the registry")]
    Removed { name: String, version: String },
    #[error("{name} has no version that is not yanked or removed")]
    NoCurrentVersion { name: String },
    #[error("{name} {version} has no binary build for {target}; built for: {}", list(.built))]
    NoBuildForTarget {
        name: String,
        version: String,
        target: String,
        built: Vec<String>,
    },
    #[error(
        "no version of {name} has a binary build for {target}; its newest, {newest}, is built for: {}",
        list(.built)
    )]
    NoVersionForTarget {
        name: String,
        target: String,
        newest: String,
        built: Vec<String>,
    },
    #[error("GET {url}: {status}: {message}")]
    Http {
        url: String,
        status: u16,
        message: String,
    },
    #[error("GET {url}: {source}")]
    Request {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("GET {url}: the answer is not the JSON expected: {source}")]
    BadAnswer {
        url: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("checksum mismatch for {what}: the API says {expected}, the bytes are {actual}")]
    ChecksumMismatch {
        what: String,
        expected: String,
        actual: String,
    },
    #[error("{what}: {expected} bytes announced, {actual} received")]
    SizeMismatch {
        what: String,
        expected: u64,
        actual: u64,
    },
    #[error("artifact {name} refused: {source}")]
    Archive {
        name: String,
        #[source]
        source: ArchiveError,
    },
    #[error("{} exists and was not installed by cargo builds{}; --force replaces it", .path.display(), owner_note(.owner))]
    WouldOverwrite {
        path: PathBuf,
        owner: Option<String>,
    },
    #[error("{name} is not installed in {}", .root.display())]
    NotInstalled { name: String, root: PathBuf },
    #[error("{}: not a record of installs: {source}", .path.display())]
    BadRecord {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("no install root: set CARGO_HOME or HOME, or pass --root")]
    NoRoot,
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl Error {
    /// An I/O error on `path`, for `map_err`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }
}

/// A list for a message: comma-separated, or `nothing`.
fn list(items: &[String]) -> String {
    if items.is_empty() {
        "nothing yet".into()
    } else {
        items.join(", ")
    }
}

fn owner_note(owner: &Option<String>) -> String {
    match owner {
        Some(owner) => format!(" for this crate (it belongs to {owner})"),
        None => String::new(),
    }
}
