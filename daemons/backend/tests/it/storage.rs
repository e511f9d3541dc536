//! The artifact store: verified writes, verified reads.

use buildsrs_backend_daemon::storage::{ArtifactStore, Sha256Digest, StorageError};
use futures::stream;
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

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

async fn read_all(store: &ArtifactStore, digest: Sha256Digest) -> Result<Vec<u8>, StorageError> {
    let (mut file, size) = store.open_verified(digest).await?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).await.unwrap();
    assert_eq!(bytes.len() as u64, size);
    Ok(bytes)
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
    assert_eq!(read_all(&store, digest(&bytes)).await.unwrap(), bytes);
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
async fn a_corrupted_file_is_reported_not_served() {
    let dir = tempfile::tempdir().unwrap();
    let store = ArtifactStore::open(dir.path(), 1 << 20).await.unwrap();
    let bytes = b"pristine".to_vec();
    store
        .put(digest(&bytes), bytes.len() as u64, chunks(&bytes))
        .await
        .unwrap();
    std::fs::write(store.path(digest(&bytes)), b"tampered").unwrap();
    let error = read_all(&store, digest(&bytes)).await.unwrap_err();
    assert!(matches!(error, StorageError::Corrupted { .. }), "{error}");
}

#[tokio::test]
async fn a_missing_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let store = ArtifactStore::open(dir.path(), 1 << 20).await.unwrap();
    let error = read_all(&store, digest(b"never stored")).await.unwrap_err();
    assert!(matches!(error, StorageError::Missing(_)), "{error}");
}
