//! Every pass does its whole job under the service's own role,
//! `buildsrs_registry_sync`: as a login role that holds only it (how an
//! operator deploys it), and as a superuser that switches to it with
//! `--database-role`.

use std::str::FromStr as _;

use buildsrs_database::temp::TestDatabase;
use buildsrs_database::{ConnectionConfig, Database, PoolOptions};
use buildsrs_registry_sync::passes::PassKind;
use buildsrs_registry_sync::{SyncLock, SyncOptions, sync_git, sync_sparse};
use tokio_util::sync::CancellationToken;

use crate::sparse::Server;
use crate::{IndexRepo, latest, line, test_database};

const ROLE: &str = "buildsrs_registry_sync";

/// A pool on the test database as a login role that holds only [`ROLE`].
async fn as_login_role(db: &TestDatabase) -> Database {
    let url = db.login_role(ROLE).await.unwrap();
    let config = ConnectionConfig::from_str(&url).unwrap();
    Database::connect_with(config, &PoolOptions::default())
        .await
        .unwrap()
}

/// A pool on the test database as its superuser, switching to [`ROLE`].
async fn switching_role(db: &TestDatabase) -> Database {
    let options = PoolOptions {
        role: Some(ROLE.to_owned()),
        ..PoolOptions::default()
    };
    db.connect(&options).await.unwrap()
}

/// A full git pass, an incremental one after a commit, and a sparse pass,
/// all through `database`; the sparse pass's crate ends up mirrored.
async fn every_kind_of_pass(db: &TestDatabase, database: &Database) {
    let repo = IndexRepo::from_fixtures();
    let lock = SyncLock::try_acquire(database).await.unwrap().unwrap();
    let options = SyncOptions::default();
    let never = CancellationToken::new();
    let full = sync_git(database, &lock, &repo.source(None), &options, &never)
        .await
        .unwrap_or_else(|error| panic!("full git pass: {error}"));
    assert_eq!(full.kind, PassKind::GitFull);

    repo.write("serde", &[line("serde", "1.0.2", 'e', false)]);
    repo.commit("serde 1.0.2");
    let incremental = sync_git(database, &lock, &repo.source(None), &options, &never)
        .await
        .unwrap_or_else(|error| panic!("incremental git pass: {error}"));
    assert_eq!(incremental.kind, PassKind::GitIncremental);
    assert_eq!(incremental.stats.versions_added, 1);

    let server = Server::start().await;
    server.publish("tokio", &[line("tokio", "1.0.0", 'a', false)]);
    sync_sparse(
        database,
        &lock,
        &server.source(Some(&["tokio"])),
        &options,
        &never,
    )
    .await
    .unwrap_or_else(|error| panic!("sparse pass: {error}"));
    lock.release().await.unwrap();
    assert_eq!(latest(db, "tokio").await.as_deref(), Some("1.0.0"));
}

#[tokio::test]
async fn every_pass_runs_as_a_login_role_that_holds_only_the_service_role() {
    let db = test_database().await;
    let database = as_login_role(&db).await;
    every_kind_of_pass(&db, &database).await;
}

#[tokio::test]
async fn every_pass_runs_after_switching_to_the_service_role() {
    let db = test_database().await;
    let database = switching_role(&db).await;
    every_kind_of_pass(&db, &database).await;
}
