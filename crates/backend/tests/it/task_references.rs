//! The references of `tasks` hold like foreign keys, though they are checked
//! once per statement (schema/0008_task_references.sql). The statements here
//! are what a person might type into psql, so they live in `sql/` beside
//! this file rather than in queries/: no service runs them.

use buildsrs_backend::{TargetId, TaskKind};
use buildsrs_database::targets;
use tokio_postgres::error::SqlState;

use crate::operator::Operator as _;
use crate::support::{Fixture, TARGET};

const INSERT_TASK: &str = include_str!("sql/insert_task.sql");
const DELETE_TARGET: &str = include_str!("sql/delete_target.sql");
const DELETE_CRATE_VERSION: &str = include_str!("sql/delete_crate_version.sql");
const TRUNCATE_CRATE_VERSIONS: &str = include_str!("sql/truncate_crate_versions.sql");
const MOVE_TASK: &str = include_str!("sql/move_task.sql");

async fn target_id(fixture: &Fixture, name: &str) -> i64 {
    let client = fixture.test.database().client().await.unwrap();
    targets::list(&client)
        .await
        .unwrap()
        .into_iter()
        .find(|target| target.name == name)
        .unwrap()
        .id
}

fn message(error: &tokio_postgres::Error) -> &str {
    error.as_db_error().map_or("", |error| error.message())
}

fn sql_state(error: &tokio_postgres::Error) -> &SqlState {
    error
        .code()
        .unwrap_or_else(|| panic!("not a server error: {error}"))
}

#[tokio::test]
async fn a_task_naming_a_missing_version_or_target_is_refused() {
    let fixture = Fixture::new().await;
    let version = fixture.add_version("serde", "1.0.0", false).await;
    let target = target_id(&fixture, TARGET).await;
    let client = fixture.test.database().client().await.unwrap();

    let error = client
        .execute(INSERT_TASK, &[&(version.0 + 1000), &target])
        .await
        .unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::FOREIGN_KEY_VIOLATION);
    assert!(message(&error).contains("crate version"), "{error:?}");

    let error = client
        .execute(INSERT_TASK, &[&version.0, &(target + 1000)])
        .await
        .unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::FOREIGN_KEY_VIOLATION);
    assert!(message(&error).contains("target"), "{error:?}");

    assert!(
        fixture
            .backend
            .tasks_of_version(version)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        client
            .execute(INSERT_TASK, &[&version.0, &target])
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn a_target_with_tasks_cannot_be_deleted_but_an_unused_one_can() {
    let fixture = Fixture::new().await;
    fixture.add_version("serde", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    fixture.backend.add_target("unused", true).await.unwrap();
    let used = target_id(&fixture, TARGET).await;
    let unused = target_id(&fixture, "unused").await;
    let client = fixture.test.database().client().await.unwrap();

    let error = client.execute(DELETE_TARGET, &[&used]).await.unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::FOREIGN_KEY_VIOLATION);
    assert_eq!(client.execute(DELETE_TARGET, &[&unused]).await.unwrap(), 1);
}

#[tokio::test]
async fn crate_versions_are_never_deleted_or_truncated() {
    let fixture = Fixture::new().await;
    let version = fixture.add_version("serde", "1.0.0", false).await;
    let client = fixture.test.database().client().await.unwrap();

    let error = client
        .execute(DELETE_CRATE_VERSION, &[&version.0])
        .await
        .unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::INTEGRITY_CONSTRAINT_VIOLATION);
    let error = client
        .batch_execute(TRUNCATE_CRATE_VERSIONS)
        .await
        .unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::INTEGRITY_CONSTRAINT_VIOLATION);
    assert_eq!(
        fixture
            .backend
            .tasks_of_version(version)
            .await
            .unwrap()
            .len(),
        0
    );
    assert!(
        fixture
            .backend
            .version_detail("serde", "1.0.0")
            .await
            .unwrap()
            .is_some(),
        "the version is still there"
    );
}

#[tokio::test]
async fn what_a_task_builds_never_changes() {
    let fixture = Fixture::new().await;
    let version = fixture.add_version("serde", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    fixture.backend.add_target("other", true).await.unwrap();
    let other = target_id(&fixture, "other").await;
    let task = fixture.backend.tasks_of_version(version).await.unwrap()[0].id;
    let client = fixture.test.database().client().await.unwrap();

    let error = client
        .execute(MOVE_TASK, &[&task.0, &other])
        .await
        .unwrap_err();
    assert_eq!(sql_state(&error), &SqlState::INTEGRITY_CONSTRAINT_VIOLATION);
    let task = fixture.backend.task(task).await.unwrap().unwrap();
    assert_ne!(task.target_id, TargetId(other));
}
