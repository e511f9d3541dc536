//! Per-service roles: each service can write its own tables and no others.

use buildsrs_database::queries::queries::crates;
use buildsrs_database::temp::TestDatabase;
use buildsrs_database::{Database, Error, PoolOptions, targets};
use tokio_postgres::error::SqlState;

async fn as_role(test: &TestDatabase, role: &str) -> Database {
    let options = PoolOptions {
        role: Some(role.to_owned()),
        ..PoolOptions::default()
    };
    test.connect(&options).await.unwrap()
}

fn is_permission_denied(error: &Error) -> bool {
    error.sql_state() == Some(&SqlState::INSUFFICIENT_PRIVILEGE)
}

#[tokio::test]
async fn a_pool_with_a_role_runs_its_statements_as_that_role() {
    let test = TestDatabase::new().await.unwrap();
    let backend = as_role(&test, "buildsrs_backend").await;
    assert_eq!(
        backend.health().await.unwrap().current_user,
        "buildsrs_backend"
    );
}

#[tokio::test]
async fn the_backend_role_cannot_write_the_registry_mirror() {
    let test = TestDatabase::new().await.unwrap();
    let backend = as_role(&test, "buildsrs_backend").await;
    let client = backend.client().await.unwrap();

    let error: Error = crates::crate_insert()
        .bind(&client, &"serde")
        .one()
        .await
        .unwrap_err()
        .into();
    assert!(is_permission_denied(&error), "{error:?}");
    // What it may do, it can: read the mirror and manage targets.
    crates::crate_versions_view_list()
        .bind(&client)
        .all()
        .await
        .unwrap();
    targets::add(&client, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_registry_sync_role_cannot_write_builders_or_targets() {
    let test = TestDatabase::new().await.unwrap();
    let sync = as_role(&test, "buildsrs_registry_sync").await;
    let client = sync.client().await.unwrap();

    let error = targets::add(&client, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap_err();
    assert!(is_permission_denied(&error), "{error:?}");
    // Its own tables it writes.
    crates::crate_insert()
        .bind(&client, &"serde")
        .one()
        .await
        .unwrap();
}

#[tokio::test]
async fn the_reader_role_reads_everything_and_writes_nothing() {
    let test = TestDatabase::new().await.unwrap();
    let reader = as_role(&test, "buildsrs_reader").await;
    let client = reader.client().await.unwrap();

    crates::crate_versions_view_list()
        .bind(&client)
        .all()
        .await
        .unwrap();
    targets::list(&client).await.unwrap();
    let error: Error = crates::crate_insert()
        .bind(&client, &"serde")
        .one()
        .await
        .unwrap_err()
        .into();
    assert!(is_permission_denied(&error), "{error:?}");
    let error = targets::add(&client, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap_err();
    assert!(is_permission_denied(&error), "{error:?}");
}

#[tokio::test]
async fn a_role_that_does_not_exist_fails_the_connection_clearly() {
    let test = TestDatabase::new().await.unwrap();
    let options = PoolOptions {
        role: Some("no_such_role".to_owned()),
        ..PoolOptions::default()
    };
    let error = test.connect(&options).await.unwrap_err();
    assert!(error.to_string().contains("no_such_role"), "{error}");
}
