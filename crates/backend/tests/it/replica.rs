//! The read pool: with a read URL, the backend's read-only operations read
//! the read database and its writes land on the primary only. Here the
//! "replica" is a second database with data the primary lacks, and the read
//! pool reaches it as `buildsrs_reader`, a role that may only read.

use buildsrs_backend::{Backend, Config, Error, JobStage, TaskKind};
use buildsrs_database::queries::queries::crates;
use buildsrs_database::{Database, PoolOptions};
use tokio_postgres::error::SqlState;

use crate::operator::Operator as _;
use crate::support::{Fixture, lines};

/// The read pool's settings: sessions as the reader role.
fn reader() -> PoolOptions {
    PoolOptions {
        role: Some("buildsrs_reader".to_owned()),
        ..PoolOptions::default()
    }
}

/// The names on the first page of crates.
async fn crate_names(backend: &Backend) -> Vec<String> {
    backend
        .crate_page("", "", 100)
        .await
        .unwrap()
        .into_iter()
        .map(|krate| krate.name)
        .collect()
}

/// A primary and a replica, the replica holding a crate, its task, a job and
/// its log that the primary lacks, and a backend whose read pool is the
/// replica's.
struct Routed {
    primary: Fixture,
    replica: Fixture,
    backend: Backend,
    replica_job: buildsrs_backend::JobId,
}

impl Routed {
    async fn new() -> Self {
        let primary = Fixture::new().await;
        let replica = Fixture::new().await;
        let (builder, job) = replica.claimed_job().await;
        replica
            .backend
            .append_logs(builder, job, JobStage::Init, 0, &lines("replica", 2))
            .await
            .unwrap();
        let database: Database = primary
            .test
            .database()
            .clone()
            .with_read_pool(replica.test.config(), &reader())
            .await
            .unwrap();
        Self {
            primary,
            replica,
            backend: Backend::new(database, Config::default()),
            replica_job: job,
        }
    }
}

#[tokio::test]
async fn with_a_read_url_public_reads_come_from_the_read_database() {
    let routed = Routed::new().await;
    let backend = &routed.backend;

    assert_eq!(crate_names(backend).await, ["serde"]);
    assert_eq!(
        crate_names(&routed.primary.backend).await,
        Vec::<String>::new()
    );
    let krate = backend.crate_detail("serde").await.unwrap().unwrap();
    assert_eq!(krate.versions.len(), 1);
    let version = backend
        .version_detail("serde", "1.0.0")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(version.tasks.len(), 1);
    assert_eq!(version.jobs.len(), 1);
    assert_eq!(
        backend.task_counts().await.unwrap(),
        routed.replica.backend.task_counts().await.unwrap()
    );
    assert!(
        routed
            .primary
            .backend
            .task_counts()
            .await
            .unwrap()
            .is_empty()
    );

    let job = routed.replica_job;
    assert_eq!(backend.job(job).await.unwrap().unwrap().log_lines, 2);
    assert!(routed.primary.backend.job(job).await.unwrap().is_none());
    let texts: Vec<String> = backend
        .logs(job, 0, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|line| line.line)
        .collect();
    assert_eq!(texts, ["replica-0", "replica-1"]);
    assert_eq!(backend.job_stages(job).await.unwrap().len(), 1);
    assert!(backend.artifacts(job).await.unwrap().is_empty());
}

#[tokio::test]
async fn with_a_read_url_writes_land_on_the_primary_only() {
    let routed = Routed::new().await;
    let backend = &routed.backend;

    routed.primary.add_version("tokio", "1.0.0", false).await;
    let created = backend.create_tasks(&[TaskKind::Binary]).await.unwrap();
    assert_eq!(created, 1, "the primary's one version got its task");
    backend
        .add_target("aarch64-unknown-linux-gnu", true)
        .await
        .unwrap();

    let on_primary = routed.primary.backend.targets().await.unwrap();
    assert!(
        on_primary
            .iter()
            .any(|target| target.name == "aarch64-unknown-linux-gnu")
    );
    let on_replica = routed.replica.backend.targets().await.unwrap();
    assert!(
        on_replica
            .iter()
            .all(|target| target.name != "aarch64-unknown-linux-gnu")
    );
    // The replica still has only its own task; the primary has the new one.
    let replica_tasks: i64 = routed
        .replica
        .backend
        .task_counts()
        .await
        .unwrap()
        .iter()
        .map(|(_, count)| count)
        .sum();
    assert_eq!(replica_tasks, 1);
    let primary_tasks: i64 = routed
        .primary
        .backend
        .task_counts()
        .await
        .unwrap()
        .iter()
        .map(|(_, count)| count)
        .sum();
    assert_eq!(primary_tasks, 1);
    assert_eq!(
        crate_names(backend).await,
        ["serde"],
        "reads still go to the replica"
    );
}

#[tokio::test]
async fn the_read_pool_cannot_write_at_all() {
    let routed = Routed::new().await;
    let database = routed.backend.database();

    // Its sessions are read-only...
    let client = database.read_client().await.unwrap();
    let error: Error = crates::crate_insert()
        .bind(&client, &"written-by-mistake")
        .one()
        .await
        .unwrap_err()
        .into();
    assert_eq!(
        error.sql_state(),
        Some(&SqlState::READ_ONLY_SQL_TRANSACTION),
        "{error}"
    );
    // ... and its role has no write grants even outside them.
    let as_reader = routed.replica.test.connect(&reader()).await.unwrap();
    let client = as_reader.client().await.unwrap();
    let error: Error = crates::crate_insert()
        .bind(&client, &"written-by-mistake")
        .one()
        .await
        .unwrap_err()
        .into();
    assert_eq!(
        error.sql_state(),
        Some(&SqlState::INSUFFICIENT_PRIVILEGE),
        "{error}"
    );
    assert_eq!(crate_names(&routed.replica.backend).await, ["serde"]);
}

#[tokio::test]
async fn without_a_read_url_reads_come_from_the_primary() {
    let fixture = Fixture::new().await;
    let (_, job) = fixture.claimed_job().await;
    assert!(fixture.backend.database().read_pool().is_none());

    assert_eq!(crate_names(&fixture.backend).await, ["serde"]);
    assert!(fixture.backend.job(job).await.unwrap().is_some());
    let version = fixture
        .backend
        .version_detail("serde", "1.0.0")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(version.jobs.len(), 1);
}
