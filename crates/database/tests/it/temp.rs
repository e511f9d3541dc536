//! Test databases: isolated, migrated, and dropped afterwards.

use buildsrs_database::migrations;
use buildsrs_database::queries::queries::{databases, locks};
use buildsrs_database::temp::TestDatabase;
use buildsrs_database::{LockKey, targets};

#[tokio::test]
async fn a_test_database_starts_migrated_and_empty() {
    let test = TestDatabase::new().await.unwrap();
    let client = test.database().client().await.unwrap();
    assert_eq!(
        migrations::database_version(&client).await.unwrap(),
        migrations::schema_version()
    );
    assert!(targets::list(&client).await.unwrap().is_empty());
}

#[tokio::test]
async fn test_databases_do_not_see_each_others_writes() {
    let first = TestDatabase::new().await.unwrap();
    let second = TestDatabase::new().await.unwrap();
    assert_ne!(first.name(), second.name());
    let client = first.database().client().await.unwrap();
    targets::add(&client, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap();

    let other = second.database().client().await.unwrap();
    assert!(targets::list(&other).await.unwrap().is_empty());
    assert_eq!(targets::list(&client).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_dropped_test_database_is_gone_from_the_server() {
    let observer = TestDatabase::new().await.unwrap();
    let client = observer.database().client().await.unwrap();
    let doomed = TestDatabase::new().await.unwrap();
    let name = doomed.name().to_owned();
    // Hold a connection open: the drop must not be stopped by it.
    let _held = doomed.database().client().await.unwrap();
    assert!(
        databases::database_exists()
            .bind(&client, &name)
            .one()
            .await
            .unwrap()
    );
    drop(_held);
    drop(doomed);
    assert!(
        !databases::database_exists()
            .bind(&client, &name)
            .one()
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn an_advisory_lock_is_held_by_one_session_at_a_time() {
    let test = TestDatabase::new().await.unwrap();
    let first = test.database().client().await.unwrap();
    let second = test.database().client().await.unwrap();
    let key = LockKey::RegistrySync.key();

    assert!(
        locks::advisory_try_lock()
            .bind(&first, &key)
            .one()
            .await
            .unwrap()
    );
    assert!(
        !locks::advisory_try_lock()
            .bind(&second, &key)
            .one()
            .await
            .unwrap()
    );
    assert!(
        locks::advisory_unlock()
            .bind(&first, &key)
            .one()
            .await
            .unwrap()
    );
    assert!(
        locks::advisory_try_lock()
            .bind(&second, &key)
            .one()
            .await
            .unwrap()
    );
    assert!(
        !locks::advisory_unlock()
            .bind(&first, &key)
            .one()
            .await
            .unwrap(),
        "first holds it no more"
    );
}
