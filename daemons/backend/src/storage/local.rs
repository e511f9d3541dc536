//! The local directory store: `sha256/ab/cd/abcd…` files under a root.
//!
//! A file is written under a temporary name in `tmp/` while it is verified,
//! synced, renamed into place and its directory synced, so a reader never
//! sees a partial file and a crash never loses an acknowledged one.
//! Temporary files a crash left behind are removed when the store opens
//! (and by the orphan collector); corrupted files go to `quarantine/`.

use std::io::{self, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures::stream::BoxStream;
use futures::{Stream, StreamExt};
use tokio::fs::{self, File};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use tokio_util::io::ReaderStream;

use super::{ArtifactStore, STALE_UPLOAD_AGE, Sha256Digest, StorageError, StoredObject, Verifier};

/// A content-addressed directory of artifact files.
#[derive(Clone, Debug)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    /// Opens (creating if needed) a store rooted at `root`, removing the
    /// temporary uploads older than [`STALE_UPLOAD_AGE`].
    pub(super) async fn open(root: PathBuf) -> Result<Self, StorageError> {
        for dir in ["tmp", "sha256", "quarantine"].map(|name| root.join(name)) {
            fs::create_dir_all(&dir)
                .await
                .map_err(|source| io_error(&dir, source))?;
        }
        let store = Self { root };
        store.remove_stale_uploads(STALE_UPLOAD_AGE).await?;
        Ok(store)
    }

    /// Removes the temporary upload files last written more than `age` ago
    /// (a crash or a kill between create and rename leaves them); answers
    /// how many. Younger ones may belong to an upload under way.
    pub(super) async fn remove_stale_uploads(&self, age: Duration) -> Result<usize, StorageError> {
        let mut removed = 0;
        for path in entries(&self.root.join("tmp")).await? {
            let modified = fs::metadata(&path).await.and_then(|meta| meta.modified());
            let stale = modified.is_ok_and(|modified| older_than(modified, age));
            if stale && fs::remove_file(&path).await.is_ok() {
                tracing::info!(path = %path.display(), "removed a stale temporary upload");
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Streams an upload to a temporary file and, once verified, renames it
    /// to its address. Nothing is kept when it does not verify.
    pub(super) async fn put(
        &self,
        mut verifier: Verifier,
        body: impl Stream<Item = Result<Bytes, StorageError>> + Unpin,
    ) -> Result<(), StorageError> {
        let tmp = self.root.join("tmp");
        let temp = tempfile::Builder::new()
            .prefix("upload-")
            .tempfile_in(&tmp)
            .map_err(|source| io_error(&tmp, source))?;
        let (file, temp_path) = temp.into_parts();
        let mut file = File::from_std(file);
        write_checked(&mut file, &temp_path, &mut verifier, body).await?;
        file.sync_all()
            .await
            .map_err(|source| io_error(&temp_path, source))?;
        let path = self.path(verifier.digest());
        let parent = path.parent().expect("a digest path has a parent");
        fs::create_dir_all(parent)
            .await
            .map_err(|source| io_error(parent, source))?;
        // Same address, same bytes: replacing an existing file is harmless,
        // and its new modification time tells the collector it is fresh.
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

    /// The length and modification time of `digest`'s file.
    pub(super) async fn stat(
        &self,
        digest: Sha256Digest,
    ) -> Result<(u64, SystemTime), StorageError> {
        let path = self.path(digest);
        let meta = match fs::metadata(&path).await {
            Ok(meta) => meta,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Err(StorageError::Missing(digest.to_hex()));
            }
            Err(source) => return Err(io_error(&path, source)),
        };
        let modified = meta.modified().map_err(|source| io_error(&path, source))?;
        Ok((meta.len(), modified))
    }

    /// The bytes of `digest`'s file, all or `first..=last`.
    pub(super) async fn get(
        &self,
        digest: Sha256Digest,
        range: Option<(u64, u64)>,
    ) -> Result<BoxStream<'static, io::Result<Bytes>>, StorageError> {
        let path = self.path(digest);
        let mut file = open_existing(&path, digest).await?;
        let Some((first, last)) = range else {
            return Ok(ReaderStream::with_capacity(file, 64 * 1024).boxed());
        };
        file.seek(SeekFrom::Start(first))
            .await
            .map_err(|source| io_error(&path, source))?;
        let length = last.saturating_sub(first).saturating_add(1);
        Ok(ReaderStream::with_capacity(file.take(length), 64 * 1024).boxed())
    }

    /// Every file named by a digest, with its modification time.
    pub(super) fn list(&self) -> BoxStream<'static, Result<StoredObject, StorageError>> {
        let store = self.clone();
        futures::stream::once(async move { store.stored().await })
            .map(|listed| match listed {
                Ok(objects) => futures::stream::iter(objects.into_iter().map(Ok)).boxed(),
                Err(error) => futures::stream::iter([Err(error)]).boxed(),
            })
            .flatten()
            .boxed()
    }

    /// Removes `digest`'s file; a missing one is not an error.
    pub(super) async fn delete(&self, digest: Sha256Digest) -> Result<(), StorageError> {
        let path = self.path(digest);
        match fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(io_error(&path, source)),
        }
    }

    /// Moves the file of `digest` out of the store, into `quarantine/`.
    pub(super) async fn quarantine(&self, digest: Sha256Digest) -> Result<(), StorageError> {
        let path = self.path(digest);
        let aside = self.root.join("quarantine").join(digest.to_hex());
        fs::rename(&path, &aside)
            .await
            .map_err(|source| io_error(&path, source))
    }

    /// The files of every digest (`sha256/ab/cd/abcd…`) with their times.
    async fn stored(&self) -> Result<Vec<StoredObject>, StorageError> {
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
        let mut objects = Vec::new();
        for dir in &level {
            for file in entries(dir).await? {
                let name = file.file_name().unwrap_or_default().to_string_lossy();
                let Some(digest) = Sha256Digest::from_hex(&name) else {
                    continue;
                };
                if let Ok(modified) = fs::metadata(&file).await.and_then(|meta| meta.modified()) {
                    objects.push(StoredObject { digest, modified });
                }
            }
        }
        Ok(objects)
    }

    /// Where the bytes of `digest` live: `sha256/ab/cd/abcd…`.
    fn path(&self, digest: Sha256Digest) -> PathBuf {
        self.root.join(ArtifactStore::key(digest))
    }
}

/// Whether `time` is more than `age` in the past.
pub(super) fn older_than(time: SystemTime, age: Duration) -> bool {
    SystemTime::now()
        .duration_since(time)
        .is_ok_and(|elapsed| elapsed > age)
}

/// Writes `body` to `file` through `verifier`, which must accept it whole.
async fn write_checked(
    file: &mut File,
    path: &Path,
    verifier: &mut Verifier,
    mut body: impl Stream<Item = Result<Bytes, StorageError>> + Unpin,
) -> Result<(), StorageError> {
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        verifier.update(&chunk)?;
        file.write_all(&chunk)
            .await
            .map_err(|source| io_error(path, source))?;
    }
    verifier.finish()
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
