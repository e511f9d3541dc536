//! Artifact bytes on disk, content-addressed by SHA-256.
//!
//! A file is written under a temporary name while its hash and size are
//! computed, checked against what the uploader declared, synced, and renamed
//! into place, so a reader never sees a partial file. On read the bytes are
//! hashed before anything is served: a missing or corrupted file is reported,
//! never sent.

use std::io;
use std::path::{Path, PathBuf};

use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::fs::{self, File};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The address of an artifact's bytes: the builder protocol's digest, the
/// one an upload's signature carries.
pub use buildsrs_protocol::digest::Sha256Digest;

/// Why bytes could not be stored or served.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The upload's bytes do not hash to what the uploader declared.
    #[error("the upload's SHA-256 is {actual}, not the declared {declared}")]
    HashMismatch { declared: String, actual: String },
    /// The upload's length differs from what the uploader declared.
    #[error("the upload is {actual} bytes, not the declared {declared}")]
    SizeMismatch { declared: u64, actual: u64 },
    /// The upload is larger than the store accepts.
    #[error("the upload exceeds the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    /// No file is stored for this digest.
    #[error("no stored file has SHA-256 {0}")]
    Missing(String),
    /// The stored file no longer hashes to its address.
    #[error("the stored file for SHA-256 {expected} is corrupted (it hashes to {actual})")]
    Corrupted { expected: String, actual: String },
    /// The upload stream failed before it ended.
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    /// The file system failed.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// A content-addressed directory of artifact files.
#[derive(Clone, Debug)]
pub struct ArtifactStore {
    root: PathBuf,
    /// The largest upload accepted, in bytes.
    max_size: u64,
}

impl ArtifactStore {
    /// Opens (creating if needed) a store rooted at `root`.
    pub async fn open(root: impl Into<PathBuf>, max_size: u64) -> Result<Self, StorageError> {
        let root = root.into();
        for dir in [root.join("tmp"), root.join("sha256")] {
            fs::create_dir_all(&dir)
                .await
                .map_err(|source| io_error(&dir, source))?;
        }
        Ok(Self { root, max_size })
    }

    /// Streams an upload into the store and returns its digest, once hash and
    /// size match the declared ones. Nothing is kept when they do not.
    pub async fn put<S, B, E>(
        &self,
        declared: Sha256Digest,
        declared_size: u64,
        mut body: S,
    ) -> Result<(), StorageError>
    where
        S: Stream<Item = Result<B, E>> + Unpin,
        B: AsRef<[u8]>,
        E: std::fmt::Display,
    {
        if declared_size > self.max_size {
            return Err(StorageError::TooLarge {
                limit: self.max_size,
            });
        }
        let temp = tempfile::Builder::new()
            .prefix("upload-")
            .tempfile_in(self.root.join("tmp"))
            .map_err(|source| io_error(&self.root.join("tmp"), source))?;
        let (file, temp_path) = temp.into_parts();
        let mut file = File::from_std(file);
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|error| StorageError::Interrupted(error.to_string()))?;
            let chunk = chunk.as_ref();
            size += chunk.len() as u64;
            if size > declared_size {
                return Err(StorageError::SizeMismatch {
                    declared: declared_size,
                    actual: size,
                });
            }
            hasher.update(chunk);
            file.write_all(chunk)
                .await
                .map_err(|source| io_error(&temp_path, source))?;
        }
        if size != declared_size {
            return Err(StorageError::SizeMismatch {
                declared: declared_size,
                actual: size,
            });
        }
        let actual = Sha256Digest(hasher.finalize().into());
        if actual != declared {
            return Err(StorageError::HashMismatch {
                declared: declared.to_hex(),
                actual: actual.to_hex(),
            });
        }
        file.sync_all()
            .await
            .map_err(|source| io_error(&temp_path, source))?;
        let path = self.path(declared);
        let parent = path.parent().expect("a digest path has a parent");
        fs::create_dir_all(parent)
            .await
            .map_err(|source| io_error(parent, source))?;
        // Same address, same bytes: replacing an existing file is harmless.
        temp_path
            .persist(&path)
            .map_err(|error| io_error(&path, error.error))?;
        Ok(())
    }

    /// Opens the file for `digest` after checking that its bytes still hash to
    /// it. Returns the file positioned at its start and its length.
    pub async fn open_verified(&self, digest: Sha256Digest) -> Result<(File, u64), StorageError> {
        let path = self.path(digest);
        let mut file = match File::open(&path).await {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Err(StorageError::Missing(digest.to_hex()));
            }
            Err(source) => return Err(io_error(&path, source)),
        };
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 256 * 1024];
        let mut size = 0u64;
        loop {
            let read = file
                .read(&mut buffer)
                .await
                .map_err(|source| io_error(&path, source))?;
            if read == 0 {
                break;
            }
            size += read as u64;
            hasher.update(&buffer[..read]);
        }
        let actual = Sha256Digest(hasher.finalize().into());
        if actual != digest {
            return Err(StorageError::Corrupted {
                expected: digest.to_hex(),
                actual: actual.to_hex(),
            });
        }
        let file = File::open(&path)
            .await
            .map_err(|source| io_error(&path, source))?;
        Ok((file, size))
    }

    /// Where the bytes of `digest` live: `sha256/ab/cd/abcd…`.
    pub fn path(&self, digest: Sha256Digest) -> PathBuf {
        let hex = digest.to_hex();
        self.root
            .join("sha256")
            .join(&hex[..2])
            .join(&hex[2..4])
            .join(hex)
    }
}

fn io_error(path: &Path, source: io::Error) -> StorageError {
    StorageError::Io {
        path: path.to_owned(),
        source,
    }
}
