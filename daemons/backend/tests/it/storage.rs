//! The artifact store: verified writes, streamed reads that never hand out
//! a corrupted file whole, the scrub, and the crash leftovers removed.

use std::time::{Duration, SystemTime};

use buildsrs_backend_daemon::storage::{ArtifactStore, Sha256Digest, StorageError};
use futures::{StreamExt, stream};
use sha2::{Digest, Sha256};

fn digest(bytes: &[u8]) -> Sha256Digest {
    Sha256Digest(Sha256::digest(bytes).into())
}

fn chunks(bytes: &[u8]) -> impl futures::Stream<Item = Result<Vec<u8>, std::io::Error>> + Unpin {
    stream::iter(
        bytes
            .chunks(7)
            .map(|chunk| Ok(chunk.to_vec()))
            .collect::<Vec<_>>(),
    )
}

/// Reads the whole file of `digest` as a download does: the chunks handed
/// out, and the error that ended the stream, if one did.
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

/// A store in a fresh directory with `bytes` stored.
async fn store_with(bytes: &[u8]) -> (tempfile::TempDir, ArtifactStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = ArtifactStore::open(dir.path(), 1 << 24).await.unwrap();
    store
        .put(digest(bytes), bytes.len() as u64, chunks(bytes))
        .await
        .unwrap();
    (dir, store)
}

#[tokio::test]
async fn stored_bytes_are_read_back_by_their_digest() {
    let dir = tempfile::tempdir().unwrap();
    let store = ArtifactStore::open(dir.path(), 1 << 20).await.unwrap();
    let bytes = b"a crate's build artifact".repeat(100);
    store
        .put(digest(&bytes), bytes.len() as u64, chunks(&bytes))
        .await
        .unwrap();
    let (read, error) = read_all(&store, digest(&bytes), bytes.len() as u64)
        .await
        .unwrap();
    assert!(error.is_none(), "{error:?}");
    assert_eq!(read, bytes);
    assert!(
        store
            .path(digest(&bytes))
            .starts_with(dir.path().join("sha256"))
    );
}

#[tokio::test]
async fn an_upload_with_the_wrong_hash_or_size_is_refused_and_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = ArtifactStore::open(dir.path(), 1 << 20).await.unwrap();
    let bytes = b"the real bytes".to_vec();
    let wrong = digest(b"other bytes");
    let error = store
        .put(wrong, bytes.len() as u64, chunks(&bytes))
        .await
        .unwrap_err();
    assert!(
        matches!(error, StorageError::HashMismatch { .. }),
        "{error}"
    );
    assert!(!store.path(wrong).exists());

    for declared in [bytes.len() as u64 - 1, bytes.len() as u64 + 1] {
        let error = store
            .put(digest(&bytes), declared, chunks(&bytes))
            .await
            .unwrap_err();
        assert!(
            matches!(error, StorageError::SizeMismatch { .. }),
            "{error}"
        );
    }
    assert!(!store.path(digest(&bytes)).exists());
    // No temporary file is left behind.
    assert_eq!(
        std::fs::read_dir(dir.path().join("tmp")).unwrap().count(),
        0
    );
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_before_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = ArtifactStore::open(dir.path(), 10).await.unwrap();
    let bytes = vec![1u8; 11];
    let error = store
        .put(digest(&bytes), 11, chunks(&bytes))
        .await
        .unwrap_err();
    assert!(matches!(error, StorageError::TooLarge { limit: 10 }));
}

#[tokio::test]
async fn a_corrupted_file_of_the_same_size_is_cut_off_before_its_last_chunk() {
    // Several chunks, so that all but the last are handed out.
    let bytes = vec![7u8; 300 * 1024];
    let (_dir, store) = store_with(&bytes).await;
    let mut tampered = bytes.clone();
    *tampered.last_mut().unwrap() = 8;
    std::fs::write(store.path(digest(&bytes)), &tampered).unwrap();
    let (read, error) = read_all(&store, digest(&bytes), bytes.len() as u64)
        .await
        .unwrap();
    let error = error.expect("the stream ends with an error");
    assert!(error.to_string().contains("corrupted"), "{error}");
    assert!(read.len() < bytes.len(), "the last chunk was held back");
    assert!(!read.is_empty(), "the chunks before it were streamed");
}

#[tokio::test]
async fn a_file_of_another_size_than_recorded_is_refused_before_any_byte() {
    let (_dir, store) = store_with(b"pristine").await;
    std::fs::write(store.path(digest(b"pristine")), b"cut").unwrap();
    let error = store.read(digest(b"pristine"), 8).await.unwrap_err();
    assert!(matches!(error, StorageError::Corrupted { .. }), "{error}");
}

#[tokio::test]
async fn a_part_of_a_file_is_read_from_its_first_to_its_last_byte() {
    let bytes: Vec<u8> = (0..=255).collect();
    let (_dir, store) = store_with(&bytes).await;
    let file = store.read(digest(&bytes), 256).await.unwrap();
    let part: Vec<u8> = file
        .part(10, 19)
        .await
        .unwrap()
        .map(|chunk| chunk.unwrap().to_vec())
        .concat()
        .await;
    assert_eq!(part, bytes[10..=19]);
}

#[tokio::test]
async fn a_missing_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let store = ArtifactStore::open(dir.path(), 1 << 20).await.unwrap();
    let error = store.read(digest(b"never stored"), 12).await.unwrap_err();
    assert!(matches!(error, StorageError::Missing(_)), "{error}");
}

#[tokio::test]
async fn the_scrub_verifies_every_file_and_quarantines_the_corrupted_ones() {
    let (dir, store) = store_with(b"good bytes").await;
    store
        .put(digest(b"bad bytes"), 9, chunks(b"bad bytes"))
        .await
        .unwrap();
    std::fs::write(store.path(digest(b"bad bytes")), b"bad bytez").unwrap();
    let report = store.scrub().await.unwrap();
    assert_eq!(report.checked, 2);
    assert_eq!(report.corrupted, [digest(b"bad bytes")]);
    assert!(!store.path(digest(b"bad bytes")).exists());
    assert!(
        dir.path()
            .join("quarantine")
            .join(digest(b"bad bytes").to_hex())
            .exists()
    );
    store.verify(digest(b"good bytes")).await.unwrap();
    let again = store.scrub().await.unwrap();
    assert_eq!((again.checked, again.corrupted.len()), (1, 0));
}

#[tokio::test]
async fn stale_temporary_uploads_are_removed_when_the_store_opens() {
    let dir = tempfile::tempdir().unwrap();
    ArtifactStore::open(dir.path(), 1 << 20).await.unwrap();
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
    ArtifactStore::open(dir.path(), 1 << 20).await.unwrap();
    assert!(!stale.exists(), "the crash's leftover is removed");
    assert!(fresh.exists(), "an upload under way is kept");
}
