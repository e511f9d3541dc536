//! Fetching a `.crate` file: streamed to disk with a size cap while its
//! SHA-256 is computed, then checked against the checksum the job names.
//! A file whose checksum differs is deleted, so nothing of it is unpacked.
//!
//! `http(s)://` URLs are fetched with reqwest; `file://` URLs (a local
//! mirror, or the fixtures of a test) are read from disk under the same
//! rules.

use std::path::{Path, PathBuf};
use std::time::Duration;

use buildsrs_report::Report;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long one download may take.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(600);

/// What was downloaded.
#[derive(Clone, Debug)]
pub struct Downloaded {
    pub path: PathBuf,
    pub size: u64,
}

/// Why a download failed. Each is the builder's (or the registry's)
/// problem, never the crate's: an infrastructure error.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("downloading {url}: {detail}")]
    Fetch { url: String, detail: String },
    #[error("downloading {url}: the server answered {status}")]
    Status { url: String, status: u16 },
    #[error("downloading {url}: larger than the limit of {limit} bytes")]
    TooLarge { url: String, limit: u64 },
    #[error("the checksum of {url} is {actual}, the job expects {expected}")]
    ChecksumMismatch {
        url: String,
        expected: String,
        actual: String,
    },
    #[error("writing {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Downloads `url` to `destination`, at most `max_size` bytes, and checks
/// that its SHA-256 is `expected`.
pub async fn download(
    http: &reqwest::Client,
    url: &str,
    expected: &[u8; 32],
    max_size: u64,
    destination: &Path,
) -> Result<Downloaded, DownloadError> {
    let write_error = |source| DownloadError::Write {
        path: destination.to_owned(),
        source,
    };
    let mut file = tokio::fs::File::create(destination)
        .await
        .map_err(write_error)?;
    let mut counted = Counted {
        url,
        max_size,
        hasher: Sha256::new(),
        size: 0,
    };
    let result = copy_to(http, url, &mut file, &mut counted, destination).await;
    let outcome = result.and_then(|()| {
        let actual: [u8; 32] = counted.hasher.finalize().into();
        if &actual == expected {
            Ok(Downloaded {
                path: destination.to_owned(),
                size: counted.size,
            })
        } else {
            Err(DownloadError::ChecksumMismatch {
                url: url.to_owned(),
                expected: hex::encode(expected),
                actual: hex::encode(actual),
            })
        }
    });
    if outcome.is_err() {
        drop(file);
        let _ = tokio::fs::remove_file(destination).await;
    }
    outcome
}

/// The bytes seen so far: their hash and count, against the limit.
struct Counted<'a> {
    url: &'a str,
    max_size: u64,
    hasher: Sha256,
    size: u64,
}

impl Counted<'_> {
    fn take(&mut self, chunk: &[u8]) -> Result<(), DownloadError> {
        self.size += chunk.len() as u64;
        if self.size > self.max_size {
            return Err(DownloadError::TooLarge {
                url: self.url.to_owned(),
                limit: self.max_size,
            });
        }
        self.hasher.update(chunk);
        Ok(())
    }
}

/// Copies the body of `url` into `file`, counting it.
async fn copy_to(
    http: &reqwest::Client,
    url: &str,
    file: &mut tokio::fs::File,
    counted: &mut Counted<'_>,
    destination: &Path,
) -> Result<(), DownloadError> {
    let write_error = |source| DownloadError::Write {
        path: destination.to_owned(),
        source,
    };
    match url.strip_prefix("file://") {
        Some(path) => copy_local(path, url, file, counted, write_error).await?,
        None => copy_http(http, url, file, counted, write_error).await?,
    }
    file.flush().await.map_err(write_error)
}

/// A `file://` URL's file, read from disk.
async fn copy_local(
    path: &str,
    url: &str,
    file: &mut tokio::fs::File,
    counted: &mut Counted<'_>,
    write_error: impl Fn(std::io::Error) -> DownloadError,
) -> Result<(), DownloadError> {
    let fetch_error = |error: std::io::Error| DownloadError::Fetch {
        url: url.to_owned(),
        detail: error.to_string(),
    };
    let mut source = tokio::fs::File::open(path).await.map_err(fetch_error)?;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = source.read(&mut buffer).await.map_err(fetch_error)?;
        if read == 0 {
            return Ok(());
        }
        counted.take(&buffer[..read])?;
        file.write_all(&buffer[..read])
            .await
            .map_err(&write_error)?;
    }
}

/// An `http(s)://` URL's body; refused early when its length is announced
/// and too large.
async fn copy_http(
    http: &reqwest::Client,
    url: &str,
    file: &mut tokio::fs::File,
    counted: &mut Counted<'_>,
    write_error: impl Fn(std::io::Error) -> DownloadError,
) -> Result<(), DownloadError> {
    let fetch_error = |error: reqwest::Error| DownloadError::Fetch {
        url: url.to_owned(),
        detail: Report(&error).to_string(),
    };
    let mut response = http
        .get(url)
        .timeout(DOWNLOAD_TIMEOUT)
        .send()
        .await
        .map_err(fetch_error)?;
    if !response.status().is_success() {
        return Err(DownloadError::Status {
            url: url.to_owned(),
            status: response.status().as_u16(),
        });
    }
    if response
        .content_length()
        .is_some_and(|length| length > counted.max_size)
    {
        return Err(DownloadError::TooLarge {
            url: url.to_owned(),
            limit: counted.max_size,
        });
    }
    while let Some(chunk) = response.chunk().await.map_err(fetch_error)? {
        counted.take(&chunk)?;
        file.write_all(&chunk).await.map_err(&write_error)?;
    }
    Ok(())
}
