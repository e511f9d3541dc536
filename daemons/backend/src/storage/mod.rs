//! Artifact bytes, content-addressed by SHA-256, in one of two stores: a
//! local directory ([`local`], the default) or an S3-compatible bucket
//! ([`s3`]), chosen by [`StorageLocation`].
//!
//! Both verify an upload (size and SHA-256, by [`Verifier`]) before its
//! object exists under its address: the local store writes a temporary file
//! and renames it, the S3 store completes its upload (one `PUT`, or a
//! multipart upload for large artifacts) only once the bytes matched, and
//! aborts it otherwise. Objects are verified when stored and by the scrub
//! ([`upkeep`]), not on every read: [`ArtifactStore::read`] checks the
//! length, and a whole-object stream hashes on the way and holds its last
//! chunk back until the hash matched, so a corrupted object is cut off,
//! never handed out whole.

mod local;
mod s3;
pub mod upkeep;

use std::io;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures::stream::BoxStream;
use futures::{Stream, StreamExt, TryStreamExt};
use sha2::{Digest, Sha256};

/// The address of an artifact's bytes: the builder protocol's digest, the
/// one an upload's signature carries.
pub use buildsrs_protocol::digest::Sha256Digest;
pub use object_store::aws::AmazonS3Builder;

pub use self::local::LocalStore;
pub use self::s3::{S3Location, S3Store};

/// Temporary upload files older than this are a crash's leftovers when the
/// local store opens; the orphan collector uses its own grace period.
pub const STALE_UPLOAD_AGE: Duration = Duration::from_secs(3600);

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
    /// No object is stored for this digest.
    #[error("no stored file has SHA-256 {0}")]
    Missing(String),
    /// The stored object no longer hashes to its address, or has another size.
    #[error("the stored file for SHA-256 {expected} is corrupted ({actual})")]
    Corrupted { expected: String, actual: String },
    /// The upload stream failed before it ended.
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    /// The file system failed.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    /// Reading a stored object failed midway.
    #[error("reading a stored object: {0}")]
    Read(io::Error),
    /// The object store answered an error, or could not be reached.
    #[error("{operation} {location}: {source}")]
    ObjectStore {
        /// What was being done: "storing", "reading", "listing", ...
        operation: &'static str,
        /// The bucket and key (or prefix) it was done to.
        location: String,
        source: object_store::Error,
    },
    /// The S3 configuration (URL, environment, credentials file) is unusable.
    #[error("S3 storage configuration: {0}")]
    Config(String),
}

/// Where artifacts are stored: `--storage DIR` or `--storage
/// s3://bucket/prefix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageLocation {
    /// A local directory.
    Local(PathBuf),
    /// A bucket of an S3-compatible service, under a key prefix.
    S3(S3Location),
}

impl FromStr for StorageLocation {
    type Err = StorageError;

    /// `s3://bucket[/prefix]` is a bucket; anything else is a directory.
    fn from_str(text: &str) -> Result<Self, StorageError> {
        match text.strip_prefix("s3://") {
            Some(rest) => Ok(Self::S3(rest.parse()?)),
            None if text.is_empty() => Err(StorageError::Config(
                "the storage location is empty".to_owned(),
            )),
            None => Ok(Self::Local(PathBuf::from(text))),
        }
    }
}

impl std::fmt::Display for StorageLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Local(path) => write!(f, "{}", path.display()),
            Self::S3(location) => write!(f, "{location}"),
        }
    }
}

/// The two stores, behind one interface.
#[derive(Clone, Debug)]
enum Store {
    Local(LocalStore),
    S3(S3Store),
}

/// A content-addressed store of artifact objects, verified when stored.
#[derive(Clone, Debug)]
pub struct ArtifactStore {
    store: Store,
    /// The largest upload accepted, in bytes.
    max_size: u64,
}

/// One stored object, as listed: its address and when it was last written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredObject {
    pub digest: Sha256Digest,
    pub modified: SystemTime,
}

impl ArtifactStore {
    /// Opens the store at `location`: a directory (created if needed, stale
    /// temporary uploads removed) or a bucket configured from the usual AWS
    /// environment variables and credentials file.
    pub async fn open(location: &StorageLocation, max_size: u64) -> Result<Self, StorageError> {
        match location {
            StorageLocation::Local(root) => Self::local(root.clone(), max_size).await,
            StorageLocation::S3(location) => {
                let builder = s3::builder_from_env()?;
                Self::s3(location.clone(), builder, max_size).await
            }
        }
    }

    /// Opens (creating if needed) a directory store rooted at `root`.
    pub async fn local(root: impl Into<PathBuf>, max_size: u64) -> Result<Self, StorageError> {
        let store = Store::Local(LocalStore::open(root.into()).await?);
        Ok(Self { store, max_size })
    }

    /// Opens a bucket store with `builder`'s endpoint, region and
    /// credentials, checking that the bucket can be listed.
    pub async fn s3(
        location: S3Location,
        builder: AmazonS3Builder,
        max_size: u64,
    ) -> Result<Self, StorageError> {
        let store = Store::S3(S3Store::open(location, builder).await?);
        Ok(Self { store, max_size })
    }

    /// Whether downloads can be redirected to presigned URLs (S3 only).
    pub fn can_presign(&self) -> bool {
        matches!(self.store, Store::S3(_))
    }

    /// The key of `digest`'s object below the store's root or prefix:
    /// `sha256/ab/cd/abcd…`.
    pub fn key(digest: Sha256Digest) -> String {
        let hex = digest.to_hex();
        format!("sha256/{}/{}/{hex}", &hex[..2], &hex[2..4])
    }

    /// Streams an upload into the store, once hash and size match the
    /// declared ones. Nothing is kept when they do not.
    pub async fn put<S, B, E>(
        &self,
        declared: Sha256Digest,
        declared_size: u64,
        body: S,
    ) -> Result<(), StorageError>
    where
        S: Stream<Item = Result<B, E>> + Unpin + Send,
        B: Into<Bytes>,
        E: std::fmt::Display,
    {
        if declared_size > self.max_size {
            return Err(StorageError::TooLarge {
                limit: self.max_size,
            });
        }
        let verifier = Verifier::new(declared, declared_size);
        let body = body.map(|chunk| {
            chunk
                .map(Into::into)
                .map_err(|error| StorageError::Interrupted(error.to_string()))
        });
        match &self.store {
            Store::Local(store) => store.put(verifier, body).await,
            Store::S3(store) => store.put(verifier, body).await,
        }
    }

    /// The object of `digest`, refused as corrupted when it is not the
    /// recorded `size` bytes long.
    pub async fn read(&self, digest: Sha256Digest, size: u64) -> Result<StoredFile, StorageError> {
        let actual = self.size(digest).await?;
        if actual != size {
            return Err(StorageError::Corrupted {
                expected: digest.to_hex(),
                actual: format!("{actual} bytes, not {size}"),
            });
        }
        Ok(StoredFile {
            store: self.clone(),
            digest,
            size,
        })
    }

    /// Checks that the object of `digest` still hashes to it, reading it all.
    pub async fn verify(&self, digest: Sha256Digest) -> Result<(), StorageError> {
        let mut chunks = self.get(digest, None).await?;
        let mut hasher = Sha256::new();
        while let Some(chunk) = chunks.next().await {
            hasher.update(chunk.map_err(StorageError::Read)?);
        }
        let actual = Sha256Digest(hasher.finalize().into());
        if actual != digest {
            return Err(StorageError::Corrupted {
                expected: digest.to_hex(),
                actual: format!("it hashes to {}", actual.to_hex()),
            });
        }
        Ok(())
    }

    /// A URL that lets its bearer `GET` the object of `digest` for
    /// `expires_in`, answered as an attachment named `name`; `None` for a
    /// store that cannot presign (the local directory).
    pub async fn presigned_url(
        &self,
        digest: Sha256Digest,
        name: &str,
        expires_in: Duration,
    ) -> Result<Option<String>, StorageError> {
        match &self.store {
            Store::Local(_) => Ok(None),
            Store::S3(store) => store
                .presigned_url(digest, name, expires_in)
                .await
                .map(Some),
        }
    }

    /// Every stored object, by digest; entries not named by a digest are
    /// not the store's and are skipped.
    pub fn list(&self) -> BoxStream<'static, Result<StoredObject, StorageError>> {
        match &self.store {
            Store::Local(store) => store.list(),
            Store::S3(store) => store.list(),
        }
    }

    /// The object of `digest` as listed, `None` when there is none.
    pub async fn stat(&self, digest: Sha256Digest) -> Result<Option<StoredObject>, StorageError> {
        let found = match &self.store {
            Store::Local(store) => store.stat(digest).await,
            Store::S3(store) => store.stat(digest).await,
        };
        match found {
            Ok((_, modified)) => Ok(Some(StoredObject { digest, modified })),
            Err(StorageError::Missing(_)) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Removes the object of `digest` (none is not an error).
    pub async fn delete(&self, digest: Sha256Digest) -> Result<(), StorageError> {
        match &self.store {
            Store::Local(store) => store.delete(digest).await,
            Store::S3(store) => store.delete(digest).await,
        }
    }

    /// Moves the object of `digest` out of the store, under `quarantine/`,
    /// so that it is missing rather than served.
    pub async fn quarantine(&self, digest: Sha256Digest) -> Result<(), StorageError> {
        match &self.store {
            Store::Local(store) => store.quarantine(digest).await?,
            Store::S3(store) => store.quarantine(digest).await?,
        }
        tracing::error!(sha256 = %digest, "a stored artifact was corrupted: quarantined");
        Ok(())
    }

    /// Removes the temporary uploads last written more than `age` ago; the
    /// S3 store has none (its uploads are aborted, not left as objects).
    pub async fn remove_stale_uploads(&self, age: Duration) -> Result<usize, StorageError> {
        match &self.store {
            Store::Local(store) => store.remove_stale_uploads(age).await,
            Store::S3(_) => Ok(0),
        }
    }

    /// The length of `digest`'s object.
    async fn size(&self, digest: Sha256Digest) -> Result<u64, StorageError> {
        let (size, _) = match &self.store {
            Store::Local(store) => store.stat(digest).await?,
            Store::S3(store) => store.stat(digest).await?,
        };
        Ok(size)
    }

    /// The bytes of `digest`'s object, all or `first..=last`.
    async fn get(
        &self,
        digest: Sha256Digest,
        range: Option<(u64, u64)>,
    ) -> Result<BoxStream<'static, io::Result<Bytes>>, StorageError> {
        match &self.store {
            Store::Local(store) => store.get(digest, range).await,
            Store::S3(store) => store.get(digest, range).await,
        }
    }
}

/// An object found by [`ArtifactStore::read`], its length checked.
#[derive(Debug)]
pub struct StoredFile {
    store: ArtifactStore,
    digest: Sha256Digest,
    size: u64,
}

impl StoredFile {
    /// Its length in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The whole object, hashed on the way: each chunk is handed out once
    /// the next was read, the last only once the hash matched. A mismatch
    /// ends the stream with an error instead, and is logged.
    pub fn whole(self) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static {
        let digest = self.digest;
        let opened = async move {
            let chunks = self
                .store
                .get(digest, None)
                .await
                .map_err(io::Error::other)?;
            Ok::<_, io::Error>(hashed(chunks, digest))
        };
        futures::stream::once(opened).try_flatten()
    }

    /// Bytes `first..=last` (within the object): not hashed, as a part
    /// cannot be checked on its own; objects are checked when they are
    /// stored and when the store is scrubbed.
    pub async fn part(
        self,
        first: u64,
        last: u64,
    ) -> Result<impl Stream<Item = io::Result<Bytes>> + Send + 'static, StorageError> {
        self.store.get(self.digest, Some((first, last))).await
    }
}

/// Checks an upload against what its uploader declared, chunk by chunk.
#[derive(Clone, Debug)]
pub struct Verifier {
    declared: Sha256Digest,
    declared_size: u64,
    hasher: Sha256,
    size: u64,
}

impl Verifier {
    /// A check of `declared_size` bytes hashing to `declared`.
    fn new(declared: Sha256Digest, declared_size: u64) -> Self {
        Self {
            declared,
            declared_size,
            hasher: Sha256::new(),
            size: 0,
        }
    }

    /// The digest the upload will be stored under.
    pub fn digest(&self) -> Sha256Digest {
        self.declared
    }

    /// Takes the next chunk; refuses it when it makes the upload longer
    /// than declared.
    pub fn update(&mut self, chunk: &[u8]) -> Result<(), StorageError> {
        self.size = self.size.saturating_add(chunk.len() as u64);
        if self.size > self.declared_size {
            return Err(self.size_mismatch());
        }
        self.hasher.update(chunk);
        Ok(())
    }

    /// After the last chunk: the size and hash must be the declared ones.
    pub fn finish(&mut self) -> Result<(), StorageError> {
        if self.size != self.declared_size {
            return Err(self.size_mismatch());
        }
        let actual = Sha256Digest(std::mem::take(&mut self.hasher).finalize().into());
        if actual != self.declared {
            return Err(StorageError::HashMismatch {
                declared: self.declared.to_hex(),
                actual: actual.to_hex(),
            });
        }
        Ok(())
    }

    fn size_mismatch(&self) -> StorageError {
        StorageError::SizeMismatch {
            declared: self.declared_size,
            actual: self.size,
        }
    }
}

/// `chunks`, with the last one held back until they hashed to `digest`.
fn hashed(
    chunks: BoxStream<'static, io::Result<Bytes>>,
    digest: Sha256Digest,
) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static {
    let hashing = Hashing {
        chunks,
        hasher: Sha256::new(),
        held: None,
        digest,
        finished: false,
    };
    futures::stream::unfold(hashing, |mut hashing| async move {
        let chunk = hashing.next().await?;
        Some((chunk, hashing))
    })
}

/// The state of [`StoredFile::whole`]'s stream.
struct Hashing {
    chunks: BoxStream<'static, io::Result<Bytes>>,
    hasher: Sha256,
    /// The chunk read last, not handed out yet.
    held: Option<Bytes>,
    digest: Sha256Digest,
    finished: bool,
}

impl Hashing {
    /// The next chunk to hand out, or the error that ends the stream.
    async fn next(&mut self) -> Option<io::Result<Bytes>> {
        while !self.finished {
            match self.chunks.next().await {
                Some(Ok(chunk)) => {
                    self.hasher.update(&chunk);
                    if let Some(previous) = self.held.replace(chunk) {
                        return Some(Ok(previous));
                    }
                }
                Some(Err(error)) => {
                    self.finished = true;
                    return Some(Err(error));
                }
                None => {
                    self.finished = true;
                    return self.last();
                }
            }
        }
        None
    }

    /// The held-back last chunk, if the object hashed to its digest.
    fn last(&mut self) -> Option<io::Result<Bytes>> {
        let actual = Sha256Digest(std::mem::take(&mut self.hasher).finalize().into());
        if actual != self.digest {
            let error = StorageError::Corrupted {
                expected: self.digest.to_hex(),
                actual: format!("it hashes to {}", actual.to_hex()),
            };
            tracing::error!(sha256 = %self.digest, %error, "a stored artifact failed its check while served: cut off before its end");
            return Some(Err(io::Error::other(error)));
        }
        self.held.take().map(Ok)
    }
}
