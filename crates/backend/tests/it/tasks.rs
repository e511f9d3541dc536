//! Task creation: set-based, once per current version, target and kind.

use buildsrs_backend::{TaskKind, TaskState};

use crate::operator::Operator as _;
use crate::support::Fixture;

#[tokio::test]
async fn tasks_are_created_once_per_current_version_enabled_target_and_kind() {
    let fixture = Fixture::new().await;
    fixture
        .backend
        .add_target("aarch64-unknown-linux-gnu", true)
        .await
        .unwrap();
    fixture
        .backend
        .add_target("riscv64gc-unknown-linux-gnu", false)
        .await
        .unwrap();
    let versions = fixture.add_versions("serde", 10).await;

    let created = fixture
        .backend
        .create_tasks(&[TaskKind::Metadata, TaskKind::Binary])
        .await
        .unwrap();
    assert_eq!(created, 10 * 2 * 2, "two enabled targets, two kinds");
    let tasks = fixture.backend.tasks_of_version(versions[0]).await.unwrap();
    assert_eq!(tasks.len(), 4);
    assert!(
        tasks
            .iter()
            .all(|task| task.state == TaskState::Waiting && task.attempts == 0)
    );

    assert_eq!(
        fixture
            .backend
            .create_tasks(&[TaskKind::Metadata, TaskKind::Binary])
            .await
            .unwrap(),
        0,
        "a second run creates nothing"
    );
    let newer = fixture.add_version("serde", "2.0.0", false).await;
    assert_eq!(
        fixture
            .backend
            .create_tasks(&[TaskKind::Binary])
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        fixture.backend.tasks_of_version(newer).await.unwrap().len(),
        2
    );
    assert_eq!(
        fixture.backend.task_counts().await.unwrap(),
        vec![(TaskState::Waiting, 42)]
    );
}

#[tokio::test]
async fn removed_or_yanked_versions_get_no_new_tasks() {
    let fixture = Fixture::new().await;
    let current = fixture.add_version("serde", "1.0.0", false).await;
    let yanked = fixture.add_version("serde", "1.0.1", true).await;
    let removed = fixture.add_version("serde", "1.0.2", false).await;
    fixture.remove_versions(&[removed]).await;
    let of_removed_crate = fixture.add_version("left-pad", "1.0.0", false).await;
    fixture.remove_crate("left-pad").await;

    assert_eq!(
        fixture
            .backend
            .create_tasks(&[TaskKind::Binary])
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        fixture
            .backend
            .tasks_of_version(current)
            .await
            .unwrap()
            .len(),
        1
    );
    for version in [yanked, removed, of_removed_crate] {
        assert!(
            fixture
                .backend
                .tasks_of_version(version)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn tasks_for_many_versions_are_created_in_one_statement() {
    let fixture = Fixture::new().await;
    fixture.add_versions("big", 20_000).await;
    let started = std::time::Instant::now();
    let created = fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    assert_eq!(created, 20_000);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}
