//! A version's crate holds like a foreign key, though it is checked once per
//! statement (schema/0011_mirror_references.sql). The statements here are
//! what a person might type into psql, so they live in `sql/` beside this
//! file rather than in queries/: no service runs them.

use buildsrs_database::copy;
use buildsrs_database::queries::queries::registry_sync;
use buildsrs_database::temp::TestDatabase;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::Type;

use crate::{IndexRepo, sync, test_database, view};

const INSERT_VERSION: &str = include_str!("sql/insert_version.sql");
const DELETE_CRATE: &str = include_str!("sql/delete_crate.sql");
const TRUNCATE_CRATES: &str = include_str!("sql/truncate_crates.sql");
const MOVE_VERSION: &str = include_str!("sql/move_version.sql");
const RENUMBER_CRATE: &str = include_str!("sql/renumber_crate.sql");
const YANK_VERSION: &str = include_str!("sql/yank_version.sql");

/// The fixtures, synced: a database with crates and versions in it.
async fn synced() -> (TestDatabase, IndexRepo) {
    let db = test_database().await;
    let repo = IndexRepo::from_fixtures();
    sync(&db, &repo.source(None)).await;
    (db, repo)
}

/// The id of crate `name` and the id of its first stored version.
async fn ids(db: &TestDatabase, name: &str) -> (i64, i64) {
    let client = db.database().client().await.unwrap();
    let krate = registry_sync::crate_list_by_file_many()
        .bind(&client, &vec![name.to_owned()])
        .one()
        .await
        .unwrap();
    let version = registry_sync::crate_version_list_by_crate_many()
        .bind(&client, &vec![krate.id])
        .all()
        .await
        .unwrap()
        .into_iter()
        .map(|version| version.id)
        .min()
        .unwrap();
    (krate.id, version)
}

fn sql_state(error: &tokio_postgres::Error) -> &SqlState {
    error
        .code()
        .unwrap_or_else(|| panic!("not a server error: {error}"))
}

fn message(error: &tokio_postgres::Error) -> &str {
    error.as_db_error().map_or("", |error| error.message())
}

#[tokio::test]
async fn a_version_of_a_missing_crate_is_refused() {
    let (db, _repo) = synced().await;
    let (serde, _) = ids(&db, "serde").await;
    let before = view(&db).await;
    let client = db.database().client().await.unwrap();

    let error = client
        .execute(INSERT_VERSION, &[&(serde + 1000), &"9.9.9"])
        .await
        .unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::FOREIGN_KEY_VIOLATION);
    assert!(message(&error).contains("crate"), "{error:?}");
    let detail = error.as_db_error().and_then(|error| error.detail());
    assert!(
        detail.is_some_and(|detail| detail.contains(&(serde + 1000).to_string())),
        "{error:?}"
    );
    assert_eq!(view(&db).await, before);

    // The same statement naming a crate that exists goes through.
    assert_eq!(
        client
            .execute(INSERT_VERSION, &[&serde, &"9.9.9"])
            .await
            .unwrap(),
        1
    );
    assert_eq!(view(&db).await.len(), before.len() + 1);
}

#[tokio::test]
async fn a_copy_naming_a_missing_crate_writes_nothing() {
    let (db, _repo) = synced().await;
    let (serde, _) = ids(&db, "serde").await;
    let before = view(&db).await;
    let mut client = db.database().client().await.unwrap();
    let transaction = client.transaction().await.unwrap();
    let sink = transaction.copy_in(copy::CRATE_VERSIONS).await.unwrap();
    let writer = BinaryCopyInWriter::new(
        sink,
        &[Type::INT8, Type::INT8, Type::TEXT, Type::BYTEA, Type::BOOL],
    );
    futures::pin_mut!(writer);
    // One good row, then one naming no crate: the whole statement fails.
    for (id, crate_id) in [(900_001_i64, serde), (900_002, serde + 1000)] {
        writer
            .as_mut()
            .write(&[&id, &crate_id, &"8.8.8", &[0xab_u8; 32].as_slice(), &false])
            .await
            .unwrap();
    }
    let error = writer.finish().await.unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::FOREIGN_KEY_VIOLATION);
    drop(transaction);
    assert_eq!(view(&db).await, before);
}

#[tokio::test]
async fn crates_are_never_deleted_or_truncated() {
    let (db, _repo) = synced().await;
    let (log, _) = ids(&db, "log").await;
    let before = view(&db).await;
    let client = db.database().client().await.unwrap();

    let error = client.execute(DELETE_CRATE, &[&log]).await.unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::INTEGRITY_CONSTRAINT_VIOLATION);
    assert!(message(&error).contains("removed_at"), "{error:?}");

    let error = client.execute(TRUNCATE_CRATES, &[]).await.unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::INTEGRITY_CONSTRAINT_VIOLATION);
    assert_eq!(view(&db).await, before);
}

#[tokio::test]
async fn ids_and_a_versions_crate_never_change_but_other_columns_do() {
    let (db, _repo) = synced().await;
    let (serde, serde_version) = ids(&db, "serde").await;
    let (log, _) = ids(&db, "log").await;
    let before = view(&db).await;
    let client = db.database().client().await.unwrap();

    let error = client
        .execute(MOVE_VERSION, &[&serde_version, &log])
        .await
        .unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::INTEGRITY_CONSTRAINT_VIOLATION);
    assert!(message(&error).contains("never changes"), "{error:?}");

    let error = client.execute(RENUMBER_CRATE, &[&log]).await.unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::INTEGRITY_CONSTRAINT_VIOLATION);
    assert_eq!(view(&db).await, before);

    // Moving a version onto its own crate changes nothing and is allowed,
    // as is any update of other columns.
    assert_eq!(
        client
            .execute(MOVE_VERSION, &[&serde_version, &serde])
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        client
            .execute(YANK_VERSION, &[&serde_version])
            .await
            .unwrap(),
        1
    );
    assert_ne!(view(&db).await, before);
}
