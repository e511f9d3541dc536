//! The artifact store, the same suite for both backends (a directory and a
//! bucket of moto's S3 server): verified writes, streamed reads that never
//! hand out a corrupted object whole, ranges, missing objects, multipart
//! uploads, quarantine; then what only one of them has (temporary files,
//! unreachable buckets).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use buildsrs_backend_daemon::storage::{
    ArtifactStore, Sha256Digest, StorageError, StorageLocation,
};
use futures::{StreamExt, stream};
use object_store::aws::AmazonS3;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStoreExt, PutPayload};
use sha2::{Digest, Sha256};

use crate::harness::Storage;
use crate::moto::Moto;

/// Instantiates each named `async fn(Kind)` test for both backends, as
/// `name::local` and `name::s3`.
#[macro_export]
macro_rules! for_both_stores {
    ($($name:ident),* $(,)?) => {
        $(mod $name {
            #[tokio::test]
            async fn local() {
                super::$name($crate::storage::Kind::Local).await;
            }
            #[tokio::test]
            async fn s3() {
                super::$name($crate::storage::Kind::S3).await;
            }
        })*
    };
}

for_both_stores!(
    stored_bytes_are_read_back_by_their_digest,
    an_upload_with_the_wrong_hash_or_size_is_refused_and_not_kept,
    an_upload_over_the_limit_is_refused_before_reading_it,
    a_corrupted_object_of_the_same_size_is_cut_off_before_its_last_chunk,
    an_object_of_another_size_than_recorded_is_refused_before_any_byte,
    a_part_of_an_object_is_read_from_its_first_to_its_last_byte,
    a_missing_object_is_reported,
    a_large_upload_is_stored_in_parts_and_read_back_whole,
    a_stream_that_fails_midway_stores_nothing,
    a_corrupted_object_is_quarantined_and_then_missing,
    every_stored_object_is_listed_with_its_time,
);

/// Which backend a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Local,
    S3,
}

/// A store for one test, and a way around it to tamper with its objects.
pub struct TestStore {
    pub store: ArtifactStore,
    pub storage: Storage,
    raw: Raw,
}

/// Direct access to the objects, bypassing the store's checks.
enum Raw {
    Local(tempfile::TempDir),
    S3 {
        client: Arc<AmazonS3>,
        prefix: String,
        moto: Moto,
    },
}

impl TestStore {
    /// A fresh store of `kind` accepting up to `max_size` bytes.
    pub async fn new(kind: Kind, max_size: u64) -> Self {
        match kind {
            Kind::Local => {
                let dir = tempfile::tempdir().unwrap();
                let storage = Storage::Local(dir.path().to_owned());
                let store = storage.open(max_size).await;
                Self {
                    store,
                    storage,
                    raw: Raw::Local(dir),
                }
            }
            Kind::S3 => {
                let moto = Moto::start();
                let location = moto.bucket("artifacts", "farm/one").await;
                let builder = moto.builder();
                let storage = Storage::S3 {
                    location,
                    builder: Box::new(builder.clone()),
                };
                // Opened first: it installs rustls's crypto provider.
                let store = storage.open(max_size).await;
                let client = builder.with_bucket_name("artifacts").build().unwrap();
                let raw = Raw::S3 {
                    client: Arc::new(client),
                    prefix: "farm/one".to_owned(),
                    moto,
                };
                Self {
                    store,
                    storage,
                    raw,
                }
            }
        }
    }

    /// Replaces the bytes stored under `digest`, as a failing disk would.
    pub async fn overwrite(&self, digest: Sha256Digest, bytes: &[u8]) {
        self.write_raw(&ArtifactStore::key(digest), bytes).await;
    }

    /// Writes `bytes` at `key` below the store's root or prefix.
    pub async fn write_raw(&self, key: &str, bytes: &[u8]) {
        match &self.raw {
            Raw::Local(dir) => {
                let path = dir.path().join(key);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
            Raw::S3 { client, prefix, .. } => {
                let path = ObjectPath::from(format!("{prefix}/{key}"));
                client
                    .put(&path, PutPayload::from(bytes.to_vec()))
                    .await
                    .unwrap();
            }
        }
    }

    /// The bytes at `key` below the store's root or prefix, if any.
    pub async fn read_raw(&self, key: &str) -> Option<Vec<u8>> {
        match &self.raw {
            Raw::Local(dir) => std::fs::read(dir.path().join(key)).ok(),
            Raw::S3 { client, prefix, .. } => {
                let path = ObjectPath::from(format!("{prefix}/{key}"));
                let found = client.get(&path).await.ok()?;
                Some(found.bytes().await.unwrap().to_vec())
            }
        }
    }

    /// The process id of the S3 server, to kill it.
    pub fn moto_pid(&self) -> u32 {
        match &self.raw {
            Raw::Local(_) => panic!("a local store has no server"),
            Raw::S3 { moto, .. } => moto.pid(),
        }
    }

    /// Whether an object is stored under `digest`.
    pub async fn exists(&self, digest: Sha256Digest) -> bool {
        self.read_raw(&ArtifactStore::key(digest)).await.is_some()
    }
}

pub fn digest(bytes: &[u8]) -> Sha256Digest {
    Sha256Digest(Sha256::digest(bytes).into())
}

/// `bytes` as an upload body of `size`-byte chunks.
pub fn chunks_of(
    bytes: &[u8],
    size: usize,
) -> impl futures::Stream<Item = Result<Vec<u8>, std::io::Error>> + Unpin + Send + use<> {
    let chunks: Vec<_> = bytes.chunks(size).map(|chunk| Ok(chunk.to_vec())).collect();
    stream::iter(chunks)
}

fn chunks(
    bytes: &[u8],
) -> impl futures::Stream<Item = Result<Vec<u8>, std::io::Error>> + Unpin + Send + use<> {
    chunks_of(bytes, 7)
}

/// Reads the whole object of `digest` as a download does: the chunks
/// handed out, and the error that ended the stream, if one did.
async fn read_all(
    store: &ArtifactStore,
    digest: Sha256Digest,
    size: u64,
) -> Result<(Vec<u8>, Option<std::io::Error>), StorageError> {
    let mut stream = Box::pin(store.read(digest, size).await?.whole());
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(chunk) => bytes.extend_from_slice(&chunk),
            Err(error) => return Ok((bytes, Some(error))),
        }
    }
    Ok((bytes, None))
}

/// A store of `kind` with `bytes` stored.
async fn store_with(kind: Kind, bytes: &[u8]) -> TestStore {
    let test = TestStore::new(kind, 1 << 26).await;
    test.store
        .put(
            digest(bytes),
            bytes.len() as u64,
            chunks_of(bytes, 64 * 1024),
        )
        .await
        .unwrap();
    test
}

async fn stored_bytes_are_read_back_by_their_digest(kind: Kind) {
    let bytes = b"a crate's build artifact".repeat(100);
    let test = store_with(kind, &bytes).await;
    let (read, error) = read_all(&test.store, digest(&bytes), bytes.len() as u64)
        .await
        .unwrap();
    assert!(error.is_none(), "{error:?}");
    assert_eq!(read, bytes);
    let key = ArtifactStore::key(digest(&bytes));
    assert!(key.starts_with("sha256/"), "{key}");
    assert_eq!(test.read_raw(&key).await.unwrap(), bytes);
}

async fn an_upload_with_the_wrong_hash_or_size_is_refused_and_not_kept(kind: Kind) {
    let test = TestStore::new(kind, 1 << 20).await;
    let bytes = b"the real bytes".to_vec();
    let wrong = digest(b"other bytes");
    let error = test
        .store
        .put(wrong, bytes.len() as u64, chunks(&bytes))
        .await
        .unwrap_err();
    assert!(
        matches!(error, StorageError::HashMismatch { .. }),
        "{error}"
    );
    assert!(!test.exists(wrong).await);
    for declared in [bytes.len() as u64 - 1, bytes.len() as u64 + 1] {
        let error = test
            .store
            .put(digest(&bytes), declared, chunks(&bytes))
            .await
            .unwrap_err();
        assert!(
            matches!(error, StorageError::SizeMismatch { .. }),
            "{error}"
        );
    }
    assert!(!test.exists(digest(&bytes)).await);
}

async fn an_upload_over_the_limit_is_refused_before_reading_it(kind: Kind) {
    let test = TestStore::new(kind, 10).await;
    let bytes = vec![1u8; 11];
    let error = test
        .store
        .put(digest(&bytes), 11, chunks(&bytes))
        .await
        .unwrap_err();
    assert!(
        matches!(error, StorageError::TooLarge { limit: 10 }),
        "{error}"
    );
}

async fn a_corrupted_object_of_the_same_size_is_cut_off_before_its_last_chunk(kind: Kind) {
    // Several chunks, so that all but the last are handed out.
    let bytes = vec![7u8; 4 << 20];
    let test = store_with(kind, &bytes).await;
    let mut tampered = bytes.clone();
    *tampered.last_mut().unwrap() = 8;
    test.overwrite(digest(&bytes), &tampered).await;
    let (read, error) = read_all(&test.store, digest(&bytes), bytes.len() as u64)
        .await
        .unwrap();
    let error = error.expect("the stream ends with an error");
    assert!(error.to_string().contains("corrupted"), "{error}");
    assert!(read.len() < bytes.len(), "the last chunk was held back");
    assert!(!read.is_empty(), "the chunks before it were streamed");
}

async fn an_object_of_another_size_than_recorded_is_refused_before_any_byte(kind: Kind) {
    let test = store_with(kind, b"pristine").await;
    test.overwrite(digest(b"pristine"), b"cut").await;
    let error = test.store.read(digest(b"pristine"), 8).await.unwrap_err();
    assert!(matches!(error, StorageError::Corrupted { .. }), "{error}");
}

async fn a_part_of_an_object_is_read_from_its_first_to_its_last_byte(kind: Kind) {
    let bytes: Vec<u8> = (0..=255).collect();
    let test = store_with(kind, &bytes).await;
    for (first, last) in [(10, 19), (0, 0), (200, 255)] {
        let file = test.store.read(digest(&bytes), 256).await.unwrap();
        let part: Vec<u8> = file
            .part(first, last)
            .await
            .unwrap()
            .map(|chunk| chunk.unwrap().to_vec())
            .concat()
            .await;
        assert_eq!(part, bytes[first as usize..=last as usize]);
    }
}

async fn a_missing_object_is_reported(kind: Kind) {
    let test = TestStore::new(kind, 1 << 20).await;
    let error = test
        .store
        .read(digest(b"never stored"), 12)
        .await
        .unwrap_err();
    assert!(matches!(error, StorageError::Missing(_)), "{error}");
    assert_eq!(
        test.store.stat(digest(b"never stored")).await.unwrap(),
        None
    );
    // Deleting what is not there is no error either.
    test.store.delete(digest(b"never stored")).await.unwrap();
}

async fn a_large_upload_is_stored_in_parts_and_read_back_whole(kind: Kind) {
    // Larger than two S3 parts, so the upload is a multipart one.
    let bytes: Vec<u8> = (0..(20u32 << 20)).map(|i| (i % 251) as u8).collect();
    let test = store_with(kind, &bytes).await;
    let (read, error) = read_all(&test.store, digest(&bytes), bytes.len() as u64)
        .await
        .unwrap();
    assert!(error.is_none(), "{error:?}");
    assert!(read == bytes, "the bytes read back differ");
    test.store.verify(digest(&bytes)).await.unwrap();
}

async fn a_stream_that_fails_midway_stores_nothing(kind: Kind) {
    // Past the first S3 part, so a multipart upload was started and must
    // be aborted.
    let bytes = vec![3u8; 12 << 20];
    let test = TestStore::new(kind, 1 << 26).await;
    let body = chunks_of(&bytes[..10 << 20], 1 << 20).chain(stream::iter([Err(
        std::io::Error::other("the builder went away"),
    )]));
    let error = test
        .store
        .put(digest(&bytes), bytes.len() as u64, Box::pin(body))
        .await
        .unwrap_err();
    assert!(matches!(error, StorageError::Interrupted(_)), "{error}");
    assert!(
        error.to_string().contains("the builder went away"),
        "{error}"
    );
    assert!(!test.exists(digest(&bytes)).await);
}

async fn a_corrupted_object_is_quarantined_and_then_missing(kind: Kind) {
    let test = store_with(kind, b"bad bytes").await;
    test.overwrite(digest(b"bad bytes"), b"bad bytez").await;
    let error = test.store.verify(digest(b"bad bytes")).await.unwrap_err();
    assert!(matches!(error, StorageError::Corrupted { .. }), "{error}");
    test.store.quarantine(digest(b"bad bytes")).await.unwrap();
    assert!(!test.exists(digest(b"bad bytes")).await);
    let aside = format!("quarantine/{}", digest(b"bad bytes").to_hex());
    assert_eq!(test.read_raw(&aside).await.unwrap(), b"bad bytez");
    let error = test.store.read(digest(b"bad bytes"), 9).await.unwrap_err();
    assert!(matches!(error, StorageError::Missing(_)), "{error}");
}

async fn every_stored_object_is_listed_with_its_time(kind: Kind) {
    let before = SystemTime::now() - Duration::from_secs(5);
    let test = store_with(kind, b"one").await;
    test.store
        .put(digest(b"two"), 3, chunks(b"two"))
        .await
        .unwrap();
    // Not named by a digest: not the store's.
    test.write_raw("sha256/ab/cd/not-a-digest", b"stray").await;
    let mut listed: Vec<_> = test
        .store
        .list()
        .map(|object| object.unwrap())
        .collect::<Vec<_>>()
        .await;
    listed.sort_by_key(|object| object.digest.to_hex());
    let mut expected = vec![digest(b"one"), digest(b"two")];
    expected.sort_by_key(|digest| digest.to_hex());
    let digests: Vec<_> = listed.iter().map(|object| object.digest).collect();
    assert_eq!(digests, expected);
    assert!(listed.iter().all(|object| object.modified > before));
}

#[tokio::test]
async fn a_refused_local_upload_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = ArtifactStore::local(dir.path(), 1 << 20).await.unwrap();
    let error = store
        .put(digest(b"other"), 5, chunks(b"bytes"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, StorageError::HashMismatch { .. }),
        "{error}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("tmp")).unwrap().count(),
        0
    );
}

#[tokio::test]
async fn stale_temporary_uploads_are_removed_when_the_local_store_opens() {
    let dir = tempfile::tempdir().unwrap();
    ArtifactStore::local(dir.path(), 1 << 20).await.unwrap();
    let tmp = dir.path().join("tmp");
    let stale = tmp.join("upload-crashed");
    let fresh = tmp.join("upload-under-way");
    for path in [&stale, &fresh] {
        std::fs::write(path, b"partial").unwrap();
    }
    let two_hours_ago = SystemTime::now() - Duration::from_secs(2 * 3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
    ArtifactStore::local(dir.path(), 1 << 20).await.unwrap();
    assert!(!stale.exists(), "the crash's leftover is removed");
    assert!(fresh.exists(), "an upload under way is kept");
}

#[tokio::test]
async fn a_bucket_that_does_not_exist_is_refused_when_the_store_opens() {
    let moto = Moto::start();
    let location = "s3://no-such-bucket/prefix"
        .parse::<StorageLocation>()
        .unwrap();
    let StorageLocation::S3(location) = location else {
        panic!("an s3:// location is a bucket");
    };
    let error = ArtifactStore::s3(location, moto.builder(), 1 << 20)
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(error, StorageError::ObjectStore { .. }),
        "{message}"
    );
    assert!(
        message.contains("s3://no-such-bucket/prefix/sha256"),
        "{message}"
    );
}

#[tokio::test]
async fn an_endpoint_where_nothing_listens_is_refused_when_the_store_opens() {
    let port = crate::moto::free_port();
    let builder = object_store::aws::AmazonS3Builder::new()
        .with_endpoint(format!("http://127.0.0.1:{port}"))
        .with_allow_http(true)
        .with_region("us-east-1")
        .with_access_key_id("key")
        .with_secret_access_key("secret");
    let location = "artifacts".parse().unwrap();
    let started = std::time::Instant::now();
    let error = ArtifactStore::s3(location, builder, 1 << 20)
        .await
        .unwrap_err();
    assert!(matches!(error, StorageError::ObjectStore { .. }), "{error}");
    assert!(
        error.to_string().contains("listing s3://artifacts/sha256"),
        "{error}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "retries are bounded"
    );
}

#[test]
fn storage_locations_are_a_directory_or_a_bucket_and_prefix() {
    let local: StorageLocation = "/var/lib/buildsrs/artifacts".parse().unwrap();
    assert_eq!(
        local,
        StorageLocation::Local("/var/lib/buildsrs/artifacts".into())
    );
    let StorageLocation::S3(bucket) = "s3://farm/artifacts/v1/".parse().unwrap() else {
        panic!("an s3:// location is a bucket");
    };
    assert_eq!(
        (bucket.bucket.as_str(), bucket.prefix.as_str()),
        ("farm", "artifacts/v1")
    );
    let error = "s3:///prefix".parse::<StorageLocation>().unwrap_err();
    assert!(error.to_string().contains("names no bucket"), "{error}");
}
