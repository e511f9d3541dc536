//! Artifact bytes on disk, content-addressed by SHA-256.
//!
//! A file is written under a temporary name while its hash and size are
//! computed, checked against what the uploader declared, synced, renamed
//! into place and its directory synced, so a reader never sees a partial
//! file and a crash never loses an acknowledged one. Temporary files a crash
//! left behind are removed when the store opens.
//!
//! Files are verified when they are stored and by [`ArtifactStore::scrub`],
//! not on every read: [`ArtifactStore::read`] checks the length, and a
//! whole-file stream hashes on the way and holds its last chunk back until
//! the hash matched, so a corrupted file is cut off, never handed out whole.

use std::future::Future;
use std::io::{self, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use buildsrs_report::Report;
use bytes::Bytes;
use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use tokio::fs::{self, File};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use tokio_util::io::ReaderStream;

/// The address of an artifact's bytes: the builder protocol's digest, the
/// one an upload's signature carries.
pub use buildsrs_protocol::digest::Sha256Digest;

/// Temporary upload files older than this are a crash's leftovers.
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
    /// No file is stored for this digest.
    #[error("no stored file has SHA-256 {0}")]
    Missing(String),
    /// The stored file no longer hashes to its address, or has another size.
    #[error("the stored file for SHA-256 {expected} is corrupted ({actual})")]
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

/// What one [`ArtifactStore::scrub`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScrubReport {
    /// Files read and hashed.
    pub checked: usize,
    /// Files that no longer hash to their name, moved to `quarantine/`.
    pub corrupted: Vec<Sha256Digest>,
}

impl ArtifactStore {
    /// Opens (creating if needed) a store rooted at `root`, removing the
    /// temporary uploads older than [`STALE_UPLOAD_AGE`].
    pub async fn open(root: impl Into<PathBuf>, max_size: u64) -> Result<Self, StorageError> {
        let root = root.into();
        for dir in ["tmp", "sha256", "quarantine"].map(|name| root.join(name)) {
            fs::create_dir_all(&dir)
                .await
                .map_err(|source| io_error(&dir, source))?;
        }
        let store = Self { root, max_size };
        store.remove_stale_uploads(STALE_UPLOAD_AGE).await?;
        Ok(store)
    }

    /// Removes the temporary upload files last written more than `age` ago
    /// (a crash or a kill between create and rename leaves them); answers
    /// how many. Younger ones may belong to an upload under way.
    pub async fn remove_stale_uploads(&self, age: Duration) -> Result<usize, StorageError> {
        let tmp = self.root.join("tmp");
        let mut entries = fs::read_dir(&tmp)
            .await
            .map_err(|source| io_error(&tmp, source))?;
        let mut removed = 0;
        while let Some(entry) = entries
            .next_entry()
            .await
            .map_err(|source| io_error(&tmp, source))?
        {
            let path = entry.path();
            let modified = entry.metadata().await.and_then(|meta| meta.modified());
            let stale = modified.is_ok_and(|modified| {
                SystemTime::now()
                    .duration_since(modified)
                    .is_ok_and(|elapsed| elapsed > age)
            });
            if stale && fs::remove_file(&path).await.is_ok() {
                tracing::info!(path = %path.display(), "removed a stale temporary upload");
                removed += 1;
            }
        }
        Ok(removed)
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
        S: Stream<Item = Result<B, E>> + Unpin,
        B: AsRef<[u8]>,
        E: std::fmt::Display,
    {
        if declared_size > self.max_size {
            return Err(StorageError::TooLarge {
                limit: self.max_size,
            });
        }
        let tmp = self.root.join("tmp");
        let temp = tempfile::Builder::new()
            .prefix("upload-")
            .tempfile_in(&tmp)
            .map_err(|source| io_error(&tmp, source))?;
        let (file, temp_path) = temp.into_parts();
        let mut file = File::from_std(file);
        let actual = write_checked(&mut file, &temp_path, declared_size, body).await?;
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
        // The rename, and the directories it may have needed, are durable
        // only once their directories are synced.
        for dir in parent.ancestors().take(3) {
            sync_dir(dir).await?;
        }
        Ok(())
    }

    /// Opens the file of `digest` for reading, refusing it as corrupted
    /// when it is not the recorded `size` bytes long.
    pub async fn read(&self, digest: Sha256Digest, size: u64) -> Result<StoredFile, StorageError> {
        let path = self.path(digest);
        let file = open_existing(&path, digest).await?;
        let actual = file
            .metadata()
            .await
            .map_err(|source| io_error(&path, source))?
            .len();
        if actual != size {
            return Err(StorageError::Corrupted {
                expected: digest.to_hex(),
                actual: format!("{actual} bytes, not {size}"),
            });
        }
        Ok(StoredFile {
            file,
            path,
            digest,
            size,
        })
    }

    /// Checks that the file of `digest` still hashes to it, reading it all.
    pub async fn verify(&self, digest: Sha256Digest) -> Result<(), StorageError> {
        let path = self.path(digest);
        let mut file = open_existing(&path, digest).await?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 256 * 1024];
        loop {
            let read = file
                .read(&mut buffer)
                .await
                .map_err(|source| io_error(&path, source))?;
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
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

    /// Verifies every stored file; a corrupted one is moved to
    /// `quarantine/`, so it is missing rather than served.
    pub async fn scrub(&self) -> Result<ScrubReport, StorageError> {
        let mut report = ScrubReport::default();
        for digest in self.stored().await? {
            report.checked += 1;
            match self.verify(digest).await {
                Ok(()) => {}
                Err(StorageError::Corrupted { .. }) => {
                    self.quarantine(digest).await?;
                    report.corrupted.push(digest);
                }
                Err(StorageError::Missing(_)) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(report)
    }

    /// Scrubs the store every `interval` until `stopped` resolves; a scrub
    /// that fails is logged and tried again at the next interval.
    pub async fn scrubber(self, interval: Duration, stopped: impl Future<Output = ()>) {
        tokio::pin!(stopped);
        loop {
            tokio::select! {
                () = &mut stopped => return,
                () = tokio::time::sleep(interval) => {}
            }
            match self.scrub().await {
                Ok(report) => tracing::info!(
                    checked = report.checked,
                    corrupted = report.corrupted.len(),
                    "artifact store scrubbed"
                ),
                Err(error) => tracing::warn!(error = %Report(&error), "the artifact scrub failed"),
            }
        }
    }

    /// Moves the file of `digest` out of the store, into `quarantine/`.
    async fn quarantine(&self, digest: Sha256Digest) -> Result<(), StorageError> {
        let path = self.path(digest);
        let aside = self.root.join("quarantine").join(digest.to_hex());
        fs::rename(&path, &aside)
            .await
            .map_err(|source| io_error(&path, source))?;
        tracing::error!(sha256 = %digest, path = %aside.display(), "a stored artifact was corrupted: quarantined");
        Ok(())
    }

    /// The digests of every stored file (`sha256/ab/cd/abcd…`); files that
    /// are not named by a digest are not the store's and are skipped.
    async fn stored(&self) -> Result<Vec<Sha256Digest>, StorageError> {
        let mut level = vec![self.root.join("sha256")];
        for _ in 0..2 {
            let mut next = Vec::new();
            for dir in &level {
                for path in entries(dir).await? {
                    if fs::metadata(&path).await.is_ok_and(|meta| meta.is_dir()) {
                        next.push(path);
                    }
                }
            }
            level = next;
        }
        let mut digests = Vec::new();
        for dir in &level {
            for file in entries(dir).await? {
                let name = file.file_name().unwrap_or_default().to_string_lossy();
                digests.extend(Sha256Digest::from_hex(&name));
            }
        }
        Ok(digests)
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

/// A stored file opened by [`ArtifactStore::read`], its length checked.
#[derive(Debug)]
pub struct StoredFile {
    file: File,
    path: PathBuf,
    digest: Sha256Digest,
    size: u64,
}

impl StoredFile {
    /// Its length in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The whole file, hashed on the way: each chunk is handed out once the
    /// next was read, the last only once the hash matched. A mismatch ends
    /// the stream with an error instead, and is logged.
    pub fn whole(self) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static {
        let hashing = Hashing {
            chunks: ReaderStream::with_capacity(self.file, 64 * 1024),
            hasher: Sha256::new(),
            held: None,
            file: self.path,
            digest: self.digest,
            finished: false,
        };
        futures::stream::unfold(hashing, |mut hashing| async move {
            let chunk = hashing.next().await?;
            Some((chunk, hashing))
        })
    }

    /// Bytes `first..=last` (within the file): not hashed, as a part cannot
    /// be checked on its own; the store checks files when they are stored
    /// and when it is scrubbed.
    pub async fn part(
        mut self,
        first: u64,
        last: u64,
    ) -> Result<impl Stream<Item = io::Result<Bytes>> + Send + 'static, StorageError> {
        self.file
            .seek(SeekFrom::Start(first))
            .await
            .map_err(|source| io_error(&self.path, source))?;
        let length = last.saturating_sub(first).saturating_add(1);
        Ok(ReaderStream::with_capacity(
            self.file.take(length),
            64 * 1024,
        ))
    }
}

/// The state of [`StoredFile::whole`]'s stream.
struct Hashing {
    chunks: ReaderStream<File>,
    hasher: Sha256,
    /// The chunk read last, not handed out yet.
    held: Option<Bytes>,
    file: PathBuf,
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

    /// The held-back last chunk, if the file hashed to its digest.
    fn last(&mut self) -> Option<io::Result<Bytes>> {
        let actual = Sha256Digest(std::mem::take(&mut self.hasher).finalize().into());
        if actual != self.digest {
            let error = StorageError::Corrupted {
                expected: self.digest.to_hex(),
                actual: format!("it hashes to {}", actual.to_hex()),
            };
            tracing::error!(path = %self.file.display(), %error, "a stored artifact failed its check while served: cut off before its end");
            return Some(Err(io::Error::other(error)));
        }
        self.held.take().map(Ok)
    }
}

/// Writes `body` to `file`, refusing more or fewer than `declared_size`
/// bytes; answers the bytes' SHA-256.
async fn write_checked<S, B, E>(
    file: &mut File,
    path: &Path,
    declared_size: u64,
    mut body: S,
) -> Result<Sha256Digest, StorageError>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: std::fmt::Display,
{
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|error| StorageError::Interrupted(error.to_string()))?;
        let chunk = chunk.as_ref();
        size = size.saturating_add(chunk.len() as u64);
        if size > declared_size {
            return Err(StorageError::SizeMismatch {
                declared: declared_size,
                actual: size,
            });
        }
        hasher.update(chunk);
        file.write_all(chunk)
            .await
            .map_err(|source| io_error(path, source))?;
    }
    if size != declared_size {
        return Err(StorageError::SizeMismatch {
            declared: declared_size,
            actual: size,
        });
    }
    Ok(Sha256Digest(hasher.finalize().into()))
}

/// Opens a stored file; a missing one is [`StorageError::Missing`].
async fn open_existing(path: &Path, digest: Sha256Digest) -> Result<File, StorageError> {
    match File::open(path).await {
        Ok(file) => Ok(file),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            Err(StorageError::Missing(digest.to_hex()))
        }
        Err(source) => Err(io_error(path, source)),
    }
}

/// The paths in `dir`.
async fn entries(dir: &Path) -> Result<Vec<PathBuf>, StorageError> {
    let mut entries = fs::read_dir(dir)
        .await
        .map_err(|source| io_error(dir, source))?;
    let mut paths = Vec::new();
    while let Some(entry) = entries
        .next_entry()
        .await
        .map_err(|source| io_error(dir, source))?
    {
        paths.push(entry.path());
    }
    Ok(paths)
}

/// Makes the entries of `dir` durable (fsync of the directory).
async fn sync_dir(dir: &Path) -> Result<(), StorageError> {
    let handle = File::open(dir)
        .await
        .map_err(|source| io_error(dir, source))?;
    handle
        .sync_all()
        .await
        .map_err(|source| io_error(dir, source))
}

fn io_error(path: &Path, source: io::Error) -> StorageError {
    StorageError::Io {
        path: path.to_owned(),
        source,
    }
}
