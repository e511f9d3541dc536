//! One active syncer per database: the second waits as a standby.

use std::time::Duration;

use buildsrs_registry_sync::SyncLock;
use tokio_util::sync::CancellationToken;

use crate::test_database;

#[tokio::test]
async fn a_second_syncer_waits_until_the_first_releases_the_lock() {
    let db = test_database().await;
    let first = SyncLock::try_acquire(db.database())
        .await
        .unwrap()
        .expect("free");
    assert!(
        SyncLock::try_acquire(db.database())
            .await
            .unwrap()
            .is_none()
    );
    first.check().await.unwrap();

    let database = db.database().clone();
    let standby =
        tokio::spawn(async move { SyncLock::acquire(&database, &CancellationToken::new()).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !standby.is_finished(),
        "the standby waits while the lock is held"
    );
    first.release().await.unwrap();
    let second = tokio::time::timeout(Duration::from_secs(10), standby)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(second.is_some());
}

#[tokio::test]
async fn a_waiting_standby_stops_on_shutdown() {
    let db = test_database().await;
    let _first = SyncLock::try_acquire(db.database())
        .await
        .unwrap()
        .expect("free");
    let shutdown = CancellationToken::new();
    let database = db.database().clone();
    let standby = {
        let shutdown = shutdown.clone();
        tokio::spawn(async move { SyncLock::acquire(&database, &shutdown).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    shutdown.cancel();
    let outcome = tokio::time::timeout(Duration::from_secs(5), standby)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(outcome.is_none());
}

#[tokio::test]
async fn a_dropped_lock_is_released_with_its_connection() {
    let db = test_database().await;
    let first = SyncLock::try_acquire(db.database())
        .await
        .unwrap()
        .expect("free");
    drop(first);
    // The session ends asynchronously after the connection closes.
    for _ in 0..50 {
        if SyncLock::try_acquire(db.database())
            .await
            .unwrap()
            .is_some()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the lock stayed held after its connection was dropped");
}
