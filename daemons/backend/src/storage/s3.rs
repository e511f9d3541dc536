//! The S3 store: `prefix/sha256/ab/cd/abcd…` objects in a bucket of any
//! S3-compatible service, through `object_store` (SigV4, multipart
//! uploads, presigned URLs).
//!
//! An upload is buffered up to [`PART_SIZE`]; a smaller one is sent in one
//! `PUT` once verified, a larger one becomes a multipart upload whose
//! completion waits for the verification and which is aborted otherwise, so
//! no unverified object ever exists under an address. An upload the server
//! dies in the middle of cannot be aborted: its parts are not an object,
//! and a bucket lifecycle rule (`AbortIncompleteMultipartUpload`) removes
//! them. Corrupted objects are copied under `prefix/quarantine/`.

use std::io;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures::stream::BoxStream;
use futures::{Stream, StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::signer::{SignedUrlOptions, Signer};
use object_store::{
    GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig, WriteMultipart,
};

use super::{ArtifactStore, Sha256Digest, StorageError, StoredObject, Verifier};

/// The part size of multipart uploads (S3 wants at least 5 MiB per part).
pub const PART_SIZE: usize = 8 << 20;

/// Parts of one upload sent at once.
const PARTS_IN_FLIGHT: usize = 4;

/// A bucket and the key prefix under which the store keeps its objects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Location {
    pub bucket: String,
    /// Without leading or trailing `/`; empty for the bucket's root.
    pub prefix: String,
}

impl std::str::FromStr for S3Location {
    type Err = StorageError;

    /// `bucket[/prefix]`, as after `s3://`.
    fn from_str(text: &str) -> Result<Self, StorageError> {
        let (bucket, prefix) = text.split_once('/').unwrap_or((text, ""));
        if bucket.is_empty() {
            return Err(StorageError::Config(format!(
                "`s3://{text}` names no bucket: use s3://bucket/prefix"
            )));
        }
        Ok(Self {
            bucket: bucket.to_owned(),
            prefix: prefix.trim_matches('/').to_owned(),
        })
    }
}

impl std::fmt::Display for S3Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.prefix)
    }
}

/// A content-addressed store in a bucket.
#[derive(Clone, Debug)]
pub struct S3Store {
    store: Arc<AmazonS3>,
    location: S3Location,
}

/// The builder of the usual AWS environment variables (`AWS_ENDPOINT_URL`,
/// `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
/// `AWS_SESSION_TOKEN`, `AWS_ALLOW_HTTP`, ...), with the keys of the shared
/// credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else
/// `~/.aws/credentials`; profile `AWS_PROFILE`, else `default`) when the
/// environment has none.
pub fn builder_from_env() -> Result<AmazonS3Builder, StorageError> {
    let builder = AmazonS3Builder::from_env();
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_some() {
        return Ok(builder);
    }
    let Some(file) = credentials_file() else {
        return Ok(builder);
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(builder),
        Err(error) => {
            return Err(StorageError::Config(format!(
                "reading {}: {error}",
                file.display()
            )));
        }
    };
    let profile = std::env::var("AWS_PROFILE").unwrap_or_else(|_| "default".to_owned());
    let keys = profile_keys(&text, &profile);
    Ok(keys
        .into_iter()
        .fold(builder, |builder, (key, value)| match key.as_str() {
            "aws_access_key_id" => builder.with_access_key_id(value),
            "aws_secret_access_key" => builder.with_secret_access_key(value),
            "aws_session_token" => builder.with_token(value),
            _ => builder,
        }))
}

/// Where the shared credentials file is.
fn credentials_file() -> Option<std::path::PathBuf> {
    if let Some(file) = std::env::var_os("AWS_SHARED_CREDENTIALS_FILE") {
        return Some(file.into());
    }
    let home = std::env::var_os("HOME")?;
    Some(std::path::PathBuf::from(home).join(".aws/credentials"))
}

/// The `key = value` lines of `[profile]` in an INI credentials file.
fn profile_keys(text: &str, profile: &str) -> Vec<(String, String)> {
    let mut inside = false;
    let mut keys = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = section.trim() == profile;
        } else if let Some((key, value)) = line.split_once('=')
            && inside
        {
            keys.push((key.trim().to_lowercase(), value.trim().to_owned()));
        }
    }
    keys
}

impl S3Store {
    /// Connects to `location`'s bucket with `builder`'s settings and checks
    /// that its prefix can be listed, so a wrong bucket, endpoint or key is
    /// an error at start, not at the first upload.
    pub(super) async fn open(
        location: S3Location,
        builder: AmazonS3Builder,
    ) -> Result<Self, StorageError> {
        // reqwest's rustls is built without a provider: ring is ours.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let retry = RetryConfig {
            max_retries: 4,
            retry_timeout: Duration::from_secs(60),
            ..RetryConfig::default()
        };
        let store = builder
            .with_bucket_name(&location.bucket)
            .with_retry(retry)
            .build()
            .map_err(|error| StorageError::Config(format!("{location}: {error}")))?;
        let store = Self {
            store: Arc::new(store),
            location,
        };
        let prefix = store.path("sha256");
        store
            .store
            .list_with_delimiter(Some(&prefix))
            .await
            .map_err(|error| store.error("listing", &prefix, error))?;
        Ok(store)
    }

    /// Sends an upload in one `PUT` or in parts, completing it only once
    /// the verifier accepted it; aborts it otherwise.
    pub(super) async fn put(
        &self,
        mut verifier: Verifier,
        body: impl Stream<Item = Result<Bytes, StorageError>> + Unpin,
    ) -> Result<(), StorageError> {
        let key = self.path(&ArtifactStore::key(verifier.digest()));
        let mut upload = Upload {
            store: self,
            key,
            pending: Vec::new(),
            pending_size: 0,
            parts: None,
        };
        match upload.fill(&mut verifier, body).await {
            Ok(()) => upload.complete().await,
            Err(error) => {
                upload.abort().await;
                Err(error)
            }
        }
    }

    /// The length and last-modified time of `digest`'s object.
    pub(super) async fn stat(
        &self,
        digest: Sha256Digest,
    ) -> Result<(u64, SystemTime), StorageError> {
        let key = self.path(&ArtifactStore::key(digest));
        let meta = self
            .store
            .head(&key)
            .await
            .map_err(|error| self.missing_or(digest, "reading", &key, error))?;
        Ok((meta.size, meta.last_modified.into()))
    }

    /// The bytes of `digest`'s object, all or `first..=last`.
    pub(super) async fn get(
        &self,
        digest: Sha256Digest,
        range: Option<(u64, u64)>,
    ) -> Result<BoxStream<'static, io::Result<Bytes>>, StorageError> {
        let key = self.path(&ArtifactStore::key(digest));
        let options = GetOptions {
            range: range.map(|(first, last)| GetRange::Bounded(first..last + 1)),
            ..GetOptions::default()
        };
        let result = self
            .store
            .get_opts(&key, options)
            .await
            .map_err(|error| self.missing_or(digest, "reading", &key, error))?;
        Ok(result.into_stream().map_err(io::Error::other).boxed())
    }

    /// A presigned `GET` of `digest`'s object, answered as an attachment.
    pub(super) async fn presigned_url(
        &self,
        digest: Sha256Digest,
        name: &str,
        expires_in: Duration,
    ) -> Result<String, StorageError> {
        let key = self.path(&ArtifactStore::key(digest));
        let disposition = format!("attachment; filename=\"{name}\"");
        let options = SignedUrlOptions::default()
            .with_query([("response-content-disposition", disposition.as_str())]);
        let url = self
            .store
            .signed_url_opts(axum::http::Method::GET, &key, expires_in, &options)
            .await
            .map_err(|error| self.error("presigning", &key, error))?;
        Ok(url.to_string())
    }

    /// Every object named by a digest under the prefix.
    pub(super) fn list(&self) -> BoxStream<'static, Result<StoredObject, StorageError>> {
        let prefix = self.path("sha256");
        let this = self.clone();
        self.store
            .list(Some(&prefix))
            .map_err(move |error| this.error("listing", &prefix, error))
            .try_filter_map(|meta| async move {
                let digest = meta.location.filename().and_then(Sha256Digest::from_hex);
                let modified = meta.last_modified.into();
                Ok(digest.map(|digest| StoredObject { digest, modified }))
            })
            .boxed()
    }

    /// Removes `digest`'s object; a missing one is not an error.
    pub(super) async fn delete(&self, digest: Sha256Digest) -> Result<(), StorageError> {
        let key = self.path(&ArtifactStore::key(digest));
        match self.store.delete(&key).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(self.error("deleting", &key, error)),
        }
    }

    /// Copies `digest`'s object under `quarantine/` and removes it.
    pub(super) async fn quarantine(&self, digest: Sha256Digest) -> Result<(), StorageError> {
        let key = self.path(&ArtifactStore::key(digest));
        let aside = self.path(&format!("quarantine/{}", digest.to_hex()));
        self.store
            .copy(&key, &aside)
            .await
            .map_err(|error| self.missing_or(digest, "quarantining", &key, error))?;
        self.delete(digest).await
    }

    /// `key` below the store's prefix.
    fn path(&self, key: &str) -> Path {
        if self.location.prefix.is_empty() {
            Path::from(key)
        } else {
            Path::from(format!("{}/{key}", self.location.prefix))
        }
    }

    /// An error of `operation` on `key`.
    fn error(
        &self,
        operation: &'static str,
        key: &Path,
        source: object_store::Error,
    ) -> StorageError {
        StorageError::ObjectStore {
            operation,
            location: format!("s3://{}/{key}", self.location.bucket),
            source,
        }
    }

    /// [`StorageError::Missing`] for a missing object, else the error.
    fn missing_or(
        &self,
        digest: Sha256Digest,
        operation: &'static str,
        key: &Path,
        source: object_store::Error,
    ) -> StorageError {
        match source {
            object_store::Error::NotFound { .. } => StorageError::Missing(digest.to_hex()),
            source => self.error(operation, key, source),
        }
    }
}

/// One upload under way: the bytes held back while it is small, then its
/// multipart upload.
struct Upload<'a> {
    store: &'a S3Store,
    key: Path,
    pending: Vec<Bytes>,
    pending_size: usize,
    parts: Option<WriteMultipart>,
}

impl Upload<'_> {
    /// Sends `body` through `verifier`, which must accept it whole.
    async fn fill(
        &mut self,
        verifier: &mut Verifier,
        mut body: impl Stream<Item = Result<Bytes, StorageError>> + Unpin,
    ) -> Result<(), StorageError> {
        while let Some(chunk) = body.next().await {
            let chunk = chunk?;
            verifier.update(&chunk)?;
            self.push(chunk).await?;
        }
        verifier.finish()
    }

    /// Holds `chunk` back, or sends it as part of the multipart upload,
    /// which starts once a part's worth is held.
    async fn push(&mut self, chunk: Bytes) -> Result<(), StorageError> {
        if let Some(parts) = &mut self.parts {
            parts
                .wait_for_capacity(PARTS_IN_FLIGHT)
                .await
                .map_err(|error| self.store.error("storing", &self.key, error))?;
            parts.put(chunk);
            return Ok(());
        }
        self.pending_size += chunk.len();
        self.pending.push(chunk);
        if self.pending_size >= PART_SIZE {
            let upload = self
                .store
                .store
                .put_multipart(&self.key)
                .await
                .map_err(|error| self.store.error("starting an upload to", &self.key, error))?;
            let mut parts = WriteMultipart::new_with_chunk_size(upload, PART_SIZE);
            self.pending.drain(..).for_each(|held| parts.put(held));
            self.parts = Some(parts);
        }
        Ok(())
    }

    /// Makes the verified upload the object at its key.
    async fn complete(self) -> Result<(), StorageError> {
        let result = match self.parts {
            Some(parts) => parts.finish().await,
            None => {
                let payload = PutPayload::from_iter(self.pending);
                self.store.store.put(&self.key, payload).await
            }
        };
        result
            .map(drop)
            .map_err(|error| self.store.error("storing", &self.key, error))
    }

    /// Drops what was sent: no object appears at the key.
    async fn abort(self) {
        if let Some(parts) = self.parts
            && let Err(error) = parts.abort().await
        {
            let error = self.store.error("aborting the upload to", &self.key, error);
            tracing::warn!(error = %buildsrs_report::Report(&error), "a refused upload could not be aborted: its parts stay until the bucket's lifecycle rule removes them");
        }
    }
}
