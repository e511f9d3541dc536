//! The pool: waiting for a late server, giving up clearly, statement
//! caching and timeouts, and the local or throwaway cluster without a URL.

use std::str::FromStr;
use std::time::Duration;

use buildsrs_cluster::Cluster;
use buildsrs_database::queries::queries::{health, locks};
use buildsrs_database::temp::TestDatabase;
use buildsrs_database::{
    ConnectionConfig, Database, DatabaseOptions, Error, LockKey, PoolOptions, targets,
};
use tokio_postgres::error::SqlState;

#[tokio::test]
async fn connect_waits_for_a_server_that_starts_late() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "postgresql://postgres@{}:5432/postgres",
        dir.path().to_string_lossy().replace('/', "%2F")
    );
    let starter = {
        let dir = dir.path().to_owned();
        tokio::task::spawn_blocking(move || {
            std::thread::sleep(Duration::from_millis(1500));
            Cluster::start_in(&dir).unwrap()
        })
    };
    let options = PoolOptions {
        connect_timeout: Duration::from_secs(60),
        ..PoolOptions::default()
    };
    let config = ConnectionConfig::from_str(&url).unwrap();
    let database = Database::connect_with(config, &options).await.unwrap();
    assert_eq!(database.health().await.unwrap().database, "postgres");
    let cluster = starter.await.unwrap();
    drop(database);
    Cluster::stop_in(cluster.dir()).unwrap();
}

#[tokio::test]
async fn connect_gives_up_after_its_timeout_with_the_last_error() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "postgresql://postgres@{}:5432/postgres",
        dir.path().to_string_lossy().replace('/', "%2F")
    );
    let options = DatabaseOptions {
        url: Some(url),
        read_url: None,
        pool: PoolOptions {
            connect_timeout: Duration::from_millis(400),
            ..PoolOptions::default()
        },
        ..DatabaseOptions::default()
    };
    let error = Database::connect(&options).await.unwrap_err();
    assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
}

#[tokio::test]
async fn an_invalid_url_is_refused_before_connecting() {
    let options = DatabaseOptions {
        url: Some("postgresql://host:notaport/db".to_owned()),
        read_url: None,
        pool: PoolOptions::default(),
        ..DatabaseOptions::default()
    };
    let error = Database::connect(&options).await.unwrap_err();
    assert!(matches!(error, Error::InvalidUrl(_)), "{error:?}");
    assert!(
        error.to_string().starts_with("invalid database URL"),
        "{error}"
    );
}

#[tokio::test]
async fn a_pooled_connection_prepares_each_statement_once() {
    let test = TestDatabase::new().await.unwrap();
    let options = PoolOptions {
        pool_size: 1,
        ..PoolOptions::default()
    };
    let database = test.connect(&options).await.unwrap();
    for _ in 0..3 {
        database.health().await.unwrap();
    }
    let client = database.client().await.unwrap();
    assert_eq!(
        client.statement_cache.size(),
        1,
        "one statement, prepared once, reused"
    );
}

#[tokio::test]
async fn the_statement_timeout_cancels_a_statement_that_runs_too_long() {
    let test = TestDatabase::new().await.unwrap();
    let holder = test.database().client().await.unwrap();
    let key = LockKey::RegistrySync.key();
    locks::advisory_lock()
        .bind(&holder, &key)
        .one()
        .await
        .unwrap();

    let options = PoolOptions {
        statement_timeout: Duration::from_millis(200),
        ..PoolOptions::default()
    };
    let impatient = test.connect(&options).await.unwrap();
    let client = impatient.client().await.unwrap();
    let error = locks::advisory_lock()
        .bind(&client, &key)
        .one()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(&SqlState::QUERY_CANCELED), "{error}");
}

#[tokio::test]
async fn without_a_url_the_local_cluster_keeps_its_data_between_runs() {
    let dir = tempfile::tempdir().unwrap();
    let options = DatabaseOptions {
        dir: Some(dir.path().join("pg")),
        ..DatabaseOptions::default()
    };
    let database = Database::connect(&options).await.unwrap();
    database.migrate().await.unwrap();
    let client = database.client().await.unwrap();
    targets::add(&client, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap();
    drop(client);
    drop(database);

    // A second run finds the cluster still up and the target still there.
    let database = Database::connect(&options).await.unwrap();
    let client = database.client().await.unwrap();
    let names: Vec<String> = targets::list(&client)
        .await
        .unwrap()
        .into_iter()
        .map(|target| target.name)
        .collect();
    assert_eq!(names, ["x86_64-unknown-linux-gnu"]);
    drop(client);
    drop(database);
    Cluster::stop_in(&dir.path().join("pg")).unwrap();
}

#[tokio::test]
async fn without_a_url_a_throwaway_cluster_is_used_when_asked() {
    let options = DatabaseOptions {
        throwaway: true,
        ..DatabaseOptions::default()
    };
    let database = Database::connect(&options).await.unwrap();
    let report = database.migrate().await.unwrap();
    assert_eq!(
        report.version,
        buildsrs_database::migrations::schema_version()
    );
    let health = database.health().await.unwrap();
    assert!(!health.in_recovery);
}

#[tokio::test]
async fn with_a_read_url_read_clients_are_read_only_sessions_on_the_read_database() {
    let primary = TestDatabase::new().await.unwrap();
    let replica = TestDatabase::new().await.unwrap();
    let options = DatabaseOptions {
        url: Some(primary.url()),
        read_url: Some(replica.url()),
        pool: PoolOptions::default(),
        ..DatabaseOptions::default()
    };
    let database = Database::connect(&options).await.unwrap();

    let reader = database.read_client().await.unwrap();
    let health = health::server_health().bind(&reader).one().await.unwrap();
    assert_eq!(health.database, replica.name());
    // Even a role that may write cannot, in the read pool's sessions.
    let error = targets::add(&reader, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap_err();
    assert_eq!(
        error.sql_state(),
        Some(&SqlState::READ_ONLY_SQL_TRANSACTION),
        "{error}"
    );
    // The primary is untouched by all this, and still takes writes.
    assert_eq!(database.health().await.unwrap().database, primary.name());
    let writer = database.client().await.unwrap();
    targets::add(&writer, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap();
    assert!(database.read_pool().is_some());
}

#[tokio::test]
async fn without_a_read_url_read_clients_come_from_the_primary() {
    let test = TestDatabase::new().await.unwrap();
    let options = DatabaseOptions {
        url: Some(test.url()),
        read_url: None,
        pool: PoolOptions::default(),
        ..DatabaseOptions::default()
    };
    let database = Database::connect(&options).await.unwrap();
    assert!(database.read_pool().is_none());
    let reader = database.read_client().await.unwrap();
    let health = health::server_health().bind(&reader).one().await.unwrap();
    assert_eq!(health.database, test.name());
    targets::add(&reader, "x86_64-unknown-linux-gnu", true)
        .await
        .unwrap();
}
