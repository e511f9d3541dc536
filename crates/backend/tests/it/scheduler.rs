//! The task scheduler: tasks from the mirror's change feed and from target
//! backfills, priorities, held tasks of yanked or removed versions, and the
//! loop that wakes on registry-sync's notification.

use std::time::Duration;

use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::scheduler::{SchedulePass, priority, task_scheduler};
use buildsrs_backend::{
    Backend, BuildResult, Config, CrateVersionId, SchedulerConfig, TaskKind, TaskState,
};
use buildsrs_database::queries::queries::crates;
use buildsrs_database::{Database, PoolOptions};

use crate::operator::Operator as _;
use crate::support::Fixture;

/// The state and priority of each task of a version, by kind.
async fn tasks_of(fixture: &Fixture, version: CrateVersionId) -> Vec<(TaskKind, TaskState, i32)> {
    let mut tasks: Vec<_> = fixture
        .backend
        .tasks_of_version(version)
        .await
        .unwrap()
        .into_iter()
        .map(|task| (task.kind, task.state, task.priority))
        .collect();
    tasks.sort_by_key(|(kind, _, _)| format!("{kind:?}"));
    tasks
}

#[tokio::test]
async fn every_new_version_gets_one_task_per_enabled_target_and_kind() {
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
    let versions = fixture.add_versions("serde", 5).await;

    let pass = fixture.backend.schedule().await.unwrap();
    assert_eq!(pass.changes, 5, "one change per new version");
    assert_eq!(pass.created, 5 * 2 * 2, "two enabled targets, two kinds");
    assert_eq!(tasks_of(&fixture, versions[0]).await.len(), 4);
    assert_eq!(
        fixture.backend.schedule().await.unwrap(),
        SchedulePass::default(),
        "a pass with nothing new does nothing"
    );
    let pending = fixture.backend.schedule_pending().await.unwrap();
    assert_eq!((pending.changes, pending.backfills), (0, 0));
}

#[tokio::test]
async fn the_first_mirror_is_a_backfill_and_later_publishes_are_built_first() {
    let fixture = Fixture::new().await;
    let old = fixture.add_versions("serde", 3).await;
    fixture.finish_a_registry_pass().await;
    let fresh = fixture.add_version("tokio", "1.0.0", false).await;
    fixture.backend.schedule().await.unwrap();

    assert!(
        tasks_of(&fixture, old[0])
            .await
            .iter()
            .all(|(_, _, task_priority)| *task_priority == priority::BACKFILL)
    );
    assert!(
        tasks_of(&fixture, fresh)
            .await
            .iter()
            .all(|(_, _, task_priority)| *task_priority == priority::PUBLISH)
    );
    let builder = fixture.add_builder(1).await;
    let first = fixture.backend.claim(builder).await.unwrap().unwrap();
    assert_eq!(
        (first.krate.as_str(), first.version.as_str()),
        ("tokio", "1.0.0")
    );
    let second = fixture.backend.claim(builder).await.unwrap().unwrap();
    assert_eq!(second.krate, "tokio", "both kinds of the fresh publish");
    let third = fixture.backend.claim(builder).await.unwrap().unwrap();
    assert_eq!(
        (third.krate.as_str(), third.version.as_str()),
        ("serde", "0.0.2"),
        "then the backfill, newest first"
    );
}

#[tokio::test]
async fn a_yanked_version_is_held_and_an_unyank_releases_it() {
    let fixture = Fixture::new().await;
    let versions = fixture.add_versions("serde", 2).await;
    fixture.backend.schedule().await.unwrap();

    fixture.set_yanked(&versions[..1], true).await;
    let pass = fixture.backend.schedule().await.unwrap();
    assert_eq!((pass.changes, pass.held), (1, 2));
    assert!(
        tasks_of(&fixture, versions[0])
            .await
            .iter()
            .all(|(_, state, _)| *state == TaskState::Held)
    );
    let builder = fixture.add_builder(1).await;
    let claimed = fixture.backend.claim_many(builder, 10).await.unwrap();
    assert_eq!(claimed.len(), 2, "only the current version's tasks");
    assert!(claimed.iter().all(|job| job.version == "0.0.1"));

    fixture.set_yanked(&versions[..1], false).await;
    let pass = fixture.backend.schedule().await.unwrap();
    assert_eq!(pass.released, 2);
    assert_eq!(
        fixture.backend.claim_many(builder, 10).await.unwrap().len(),
        2,
        "claimable again"
    );
}

#[tokio::test]
async fn a_removed_crate_holds_the_tasks_of_every_version() {
    let fixture = Fixture::new().await;
    let versions = fixture.add_versions("serde", 3).await;
    fixture.backend.schedule().await.unwrap();
    fixture.remove_crate("serde").await;
    let pass = fixture.backend.schedule().await.unwrap();
    assert_eq!((pass.changes, pass.held), (3, 6));
    for version in versions {
        assert!(
            tasks_of(&fixture, version)
                .await
                .iter()
                .all(|(_, state, _)| *state == TaskState::Held)
        );
    }
}

#[tokio::test]
async fn a_yanked_version_gets_no_tasks_until_it_is_unyanked() {
    let fixture = Fixture::new().await;
    let yanked = fixture.add_version("serde", "1.0.0", true).await;
    assert_eq!(fixture.backend.schedule().await.unwrap().created, 0);
    fixture.set_yanked(&[yanked], false).await;
    assert_eq!(fixture.backend.schedule().await.unwrap().created, 2);
}

#[tokio::test]
async fn enabling_a_target_backfills_every_current_version_at_low_priority() {
    let fixture = Fixture::with_config(Config {
        scheduler: SchedulerConfig {
            kinds: vec![TaskKind::Binary],
            backfill_chunk: 4,
            ..SchedulerConfig::default()
        },
        ..Config::default()
    })
    .await;
    let versions = fixture.add_versions("serde", 10).await;
    fixture.set_yanked(&versions[9..], true).await;
    fixture.finish_a_registry_pass().await;
    fixture.backend.schedule().await.unwrap();

    fixture
        .backend
        .add_target("aarch64-unknown-linux-gnu", true)
        .await
        .unwrap();
    let pass = fixture.backend.schedule().await.unwrap();
    assert_eq!(pass.backfilled_versions, 10, "walked in chunks of four");
    assert_eq!(pass.created, 9, "the yanked version gets none");
    let tasks = fixture.backend.tasks_of_version(versions[0]).await.unwrap();
    assert_eq!(tasks.len(), 2);
    assert!(
        tasks
            .iter()
            .all(|task| task.priority == priority::BACKFILL && task.state == TaskState::Waiting)
    );
    assert_eq!(
        fixture.backend.schedule_pending().await.unwrap().backfills,
        0
    );

    fixture
        .backend
        .set_target_enabled("aarch64-unknown-linux-gnu", false)
        .await
        .unwrap();
    fixture
        .backend
        .set_target_enabled("aarch64-unknown-linux-gnu", true)
        .await
        .unwrap();
    assert_eq!(
        fixture.backend.schedule_pending().await.unwrap().backfills,
        1,
        "enabling again starts a backfill"
    );
    assert_eq!(
        fixture.backend.schedule().await.unwrap().created,
        0,
        "which finds every task there"
    );
}

#[tokio::test]
async fn the_scheduler_wakes_on_a_registry_notification() {
    let fixture = Fixture::with_config(Config {
        scheduler: SchedulerConfig {
            interval: Duration::from_secs(3600),
            ..SchedulerConfig::default()
        },
        ..Config::default()
    })
    .await;
    let bus = buildsrs_backend::bus::Bus::connect(
        fixture.test.database().config().clone(),
        Default::default(),
    )
    .await
    .unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let scheduler = tokio::spawn(task_scheduler(fixture.backend.clone(), bus, async move {
        let _ = stopped.await;
    }));
    // Let the first pass (at start) run before the change.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let version = fixture.add_version("serde", "1.0.0", false).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while fixture
        .backend
        .tasks_of_version(version)
        .await
        .unwrap()
        .is_empty()
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the notification did not wake the scheduler"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.send(()).unwrap();
    scheduler.await.unwrap();
}

#[tokio::test]
async fn a_claim_hands_out_up_to_its_slots_in_one_statement() {
    let fixture = Fixture::new().await;
    fixture.add_versions("serde", 3).await;
    fixture.backend.schedule().await.unwrap();
    let builder = fixture.add_builder(1).await;
    let first = fixture.backend.claim_many(builder, 4).await.unwrap();
    assert_eq!(first.len(), 4);
    let second = fixture.backend.claim_many(builder, 4).await.unwrap();
    assert_eq!(second.len(), 2, "six tasks in all");
    let mut tasks: Vec<_> = first.iter().chain(&second).map(|job| job.task).collect();
    tasks.sort();
    tasks.dedup();
    assert_eq!(tasks.len(), 6, "never the same task twice");
    for slots in [0, 65] {
        assert!(matches!(
            fixture.backend.claim_many(builder, slots).await,
            Err(buildsrs_backend::Error::InvalidSlots(refused)) if refused == slots
        ));
    }
}

#[tokio::test]
async fn an_infrastructure_error_is_retried_with_backoff_up_to_the_attempt_limit() {
    let fixture = Fixture::with_config(Config {
        max_attempts: 2,
        retry_backoff: Duration::from_millis(200),
        retry_backoff_max: Duration::from_secs(60),
        scheduler: SchedulerConfig {
            kinds: vec![TaskKind::Binary],
            ..SchedulerConfig::default()
        },
        ..Config::default()
    })
    .await;
    fixture.add_version("serde", "1.0.0", false).await;
    fixture.backend.schedule().await.unwrap();
    let builder = fixture.add_builder(1).await;
    let error = Outcome {
        result: BuildResult::InfrastructureError,
        exit_code: None,
        reason: Some("the download failed: connection reset".to_owned()),
    };

    let job = fixture.backend.claim(builder).await.unwrap().unwrap();
    let completion = fixture
        .backend
        .complete(builder, job.id, &error)
        .await
        .unwrap();
    assert_eq!(completion.task_state, Some(TaskState::Delayed));
    let retry_at = completion
        .retry_at
        .expect("a delayed task has a retry time");
    assert!(retry_at > chrono::Utc::now(), "{retry_at}");
    assert_eq!(
        fixture.backend.claim(builder).await.unwrap(),
        None,
        "not before its retry time"
    );
    assert_eq!(fixture.backend.release_delayed().await.unwrap(), 0);
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(fixture.backend.release_delayed().await.unwrap(), 1);

    let again = fixture.backend.claim(builder).await.unwrap().unwrap();
    assert_eq!((again.task, again.attempt), (job.task, 2));
    let last = fixture
        .backend
        .complete(builder, again.id, &error)
        .await
        .unwrap();
    assert_eq!(
        (last.task_state, last.retry_at),
        (Some(TaskState::Failed), None),
        "the attempt limit parks it as failed"
    );
    let stored = fixture.backend.job(again.id).await.unwrap().unwrap();
    assert_eq!(stored.result, Some(BuildResult::InfrastructureError));
    assert_eq!(stored.reason, error.reason);
}

#[tokio::test]
async fn a_build_failure_or_timeout_is_terminal_and_a_cancel_cancels_the_task() {
    let fixture = Fixture::new().await;
    fixture.add_versions("serde", 2).await;
    fixture.backend.schedule().await.unwrap();
    let builder = fixture.add_builder(1).await;
    for (result, expected) in [
        (BuildResult::BuildFailed, TaskState::Failed),
        (BuildResult::TimedOut, TaskState::Failed),
        (BuildResult::Cancelled, TaskState::Cancelled),
        (BuildResult::Succeeded, TaskState::Succeeded),
    ] {
        let job = fixture.backend.claim(builder).await.unwrap().unwrap();
        let outcome = Outcome {
            result,
            exit_code: Some(101),
            reason: Some(format!("{result:?}")),
        };
        let completion = fixture
            .backend
            .complete(builder, job.id, &outcome)
            .await
            .unwrap();
        assert_eq!(completion.task_state, Some(expected), "{result:?}");
        assert_eq!(completion.retry_at, None);
        let stored = fixture.backend.job(job.id).await.unwrap().unwrap();
        assert_eq!((stored.result, stored.exit_code), (Some(result), Some(101)));
    }
}

#[tokio::test]
async fn a_reason_that_is_too_long_or_holds_a_nul_is_refused() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    for reason in ["x".repeat(1025), "a\0b".to_owned()] {
        let outcome = Outcome {
            result: BuildResult::BuildFailed,
            exit_code: None,
            reason: Some(reason),
        };
        assert!(matches!(
            fixture.backend.complete(builder, job, &outcome).await,
            Err(buildsrs_backend::Error::InvalidReason)
        ));
    }
    let job = fixture.backend.job(job).await.unwrap().unwrap();
    assert_eq!(
        job.state,
        buildsrs_backend::JobState::Active,
        "nothing changed"
    );
}

#[tokio::test]
async fn a_rescued_task_of_a_yanked_version_is_held_not_waiting() {
    let fixture = Fixture::with_config(Config {
        lease: Duration::from_millis(100),
        ..Config::default()
    })
    .await;
    let version = fixture.add_version("serde", "1.0.0", false).await;
    fixture.backend.schedule().await.unwrap();
    let builder = fixture.add_builder(1).await;
    let job = fixture.backend.claim(builder).await.unwrap().unwrap();
    fixture.set_yanked(&[version], true).await;
    fixture.backend.schedule().await.unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let rescued = fixture.backend.rescue_expired().await.unwrap();
    assert_eq!(rescued.len(), 1);
    assert_eq!(rescued[0].job, job.id);
    assert_eq!(rescued[0].task_state, TaskState::Held);
}

#[tokio::test]
async fn the_artifacts_of_a_job_that_did_not_succeed_are_not_published() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    let artifact = fixture
        .backend
        .add_artifact(
            builder,
            job,
            &buildsrs_backend::artifacts::NewArtifact {
                name: "serde-1.0.0.tar.gz".to_owned(),
                sha256: [1; 32],
                size: 10,
            },
        )
        .await
        .unwrap();
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::BuildFailed))
        .await
        .unwrap();
    assert_eq!(
        fixture.backend.published_artifact(artifact).await.unwrap(),
        None
    );
    assert!(
        fixture
            .backend
            .published_artifacts(job)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        fixture.backend.artifact(artifact).await.unwrap().is_some(),
        "still stored"
    );
    let detail = fixture
        .backend
        .version_detail("serde", "1.0.0")
        .await
        .unwrap()
        .unwrap();
    assert!(detail.artifacts.is_empty());
    assert_eq!(detail.jobs[0].result, Some(BuildResult::BuildFailed));
}

const REGISTRY_CHANGES_FILENODE: &str = include_str!("sql/registry_changes_filenode.sql");

/// The change feed's storage file; a TRUNCATE gives it a new one.
async fn changes_filenode(fixture: &Fixture) -> i64 {
    let client = fixture.test.database().client().await.unwrap();
    client
        .query_one(REGISTRY_CHANGES_FILENODE, &[])
        .await
        .unwrap()
        .get(0)
}

/// A backend whose passes empty the feed after 100 changes, 50 a batch.
async fn truncating_fixture() -> Fixture {
    Fixture::with_config(Config {
        scheduler: SchedulerConfig {
            kinds: vec![TaskKind::Binary],
            change_batch: 50,
            truncate_after: 100,
            ..SchedulerConfig::default()
        },
        ..Config::default()
    })
    .await
}

#[tokio::test]
async fn a_big_pass_empties_the_drained_change_feed_with_truncate() {
    let fixture = truncating_fixture().await;
    // As the backend's own role, which the TRUNCATE needs a grant for.
    let url = fixture.test.login_role("buildsrs_backend").await.unwrap();
    let database = Database::connect_with(url.parse().unwrap(), &PoolOptions::default())
        .await
        .unwrap();
    let backend = Backend::new(database, fixture.backend.config().clone());
    fixture.add_versions("serde", 99).await;
    let before = changes_filenode(&fixture).await;
    assert_eq!(backend.schedule().await.unwrap().created, 99);
    assert_eq!(
        changes_filenode(&fixture).await,
        before,
        "a small pass deletes"
    );

    fixture.add_versions("tokio", 120).await;
    assert_eq!(backend.schedule().await.unwrap().created, 120);
    assert_ne!(
        changes_filenode(&fixture).await,
        before,
        "a big pass truncates"
    );
    fixture.add_versions("rand", 1).await;
    assert_eq!(backend.schedule().await.unwrap().created, 1);
}

#[tokio::test]
async fn the_feed_is_not_emptied_under_a_writer_and_its_change_is_kept() {
    let fixture = truncating_fixture().await;
    let mut writer = fixture.test.database().client().await.unwrap();
    let writing = writer.transaction().await.unwrap();
    let crate_id = crates::crate_insert()
        .bind(&writing, &"serde")
        .one()
        .await
        .unwrap();
    crates::crate_version_insert()
        .bind(&writing, &crate_id, &"1.0.0", &vec![7u8; 32], &false)
        .one()
        .await
        .unwrap();

    let truncated = tokio::time::timeout(
        Duration::from_secs(5),
        fixture.backend.truncate_drained_changes(),
    )
    .await
    .expect("the scheduler does not wait for the writer's lock")
    .unwrap();
    assert!(!truncated);
    writing.commit().await.unwrap();
    assert!(
        !fixture.backend.truncate_drained_changes().await.unwrap(),
        "a waiting change keeps the feed"
    );
    assert_eq!(fixture.backend.schedule().await.unwrap().created, 1);
    assert!(fixture.backend.truncate_drained_changes().await.unwrap());
}
