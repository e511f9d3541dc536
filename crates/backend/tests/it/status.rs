//! What the status pages read: the queue counted by target and state (on an
//! interval, by the queue counter), the builders and what they hold, jobs per
//! minute, recent builds and registry-sync's passes.

use std::time::Duration;

use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::status::queue_counter;
use buildsrs_backend::{BuildResult, Config, JobState, TaskKind, TaskState};

use crate::operator::Operator as _;
use crate::support::{Fixture, TARGET};

#[tokio::test]
async fn the_queue_is_counted_by_target_and_state() {
    let fixture = Fixture::new().await;
    fixture
        .backend
        .add_target("aarch64-unknown-linux-gnu", true)
        .await
        .unwrap();
    fixture.add_versions("serde", 3).await;
    fixture.claimed_job().await;

    let count = fixture.backend.count_queue().await.unwrap();
    let of = |target: &str, state| {
        count
            .depth
            .iter()
            .find(|depth| depth.target == target && depth.state == state)
            .map_or(0, |depth| depth.tasks)
    };
    // A binary task of serde 0.0.0 to 0.0.2 and 1.0.0 on each target; the
    // claimed job holds one.
    assert_eq!(of(TARGET, TaskState::Active), 1);
    assert_eq!(of(TARGET, TaskState::Waiting), 3);
    assert_eq!(of("aarch64-unknown-linux-gnu", TaskState::Waiting), 4);
    assert_eq!(count.total(TaskState::Waiting), 7);
    assert_eq!(
        of(TARGET, TaskState::Failed),
        0,
        "empty states are left out"
    );
}

#[tokio::test]
async fn the_queue_counter_publishes_a_count_at_once_and_then_on_its_interval() {
    let fixture = Fixture::with_config(Config {
        queue_count_interval: Duration::from_millis(50),
        ..Config::default()
    })
    .await;
    assert!(fixture.backend.queue_count().is_none(), "not counted yet");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let counter = tokio::spawn(queue_counter(fixture.backend.clone(), async {
        stopped.await.ok();
    }));

    let first = wait_for_count(&fixture, |count| count.depth.is_empty()).await;
    fixture.add_versions("serde", 2).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    let later = wait_for_count(&fixture, |count| count.total(TaskState::Waiting) == 2).await;
    assert!(later.counted_at > first.counted_at);

    stop.send(()).unwrap();
    counter.await.unwrap();
}

/// The counter's count once `ready` holds of it, within five seconds.
async fn wait_for_count(
    fixture: &Fixture,
    ready: impl Fn(&buildsrs_backend::status::QueueCount) -> bool,
) -> std::sync::Arc<buildsrs_backend::status::QueueCount> {
    for _ in 0..100 {
        if let Some(count) = fixture.backend.queue_count().filter(|count| ready(count)) {
            return count;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no such count: {:?}", fixture.backend.queue_count());
}

#[tokio::test]
async fn a_builder_shows_the_jobs_it_holds_until_it_completes_them() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    let idle = fixture.add_builder(2).await;

    let status = fixture.backend.builder_status().await.unwrap();
    let running: Vec<_> = status
        .iter()
        .map(|builder| (builder.id, builder.running_jobs))
        .collect();
    assert_eq!(running, [(builder, 1), (idle, 0)]);
    assert!(status.iter().all(|builder| builder.enabled));

    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    let status = fixture.backend.builder_status().await.unwrap();
    assert_eq!(status[0].running_jobs, 0);
}

#[tokio::test]
async fn claims_and_completions_are_counted_in_the_minute_they_happened() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    let minutes = fixture.backend.job_minutes(59).await.unwrap();
    assert_eq!(minutes.len(), 60, "the last hour and the current minute");
    assert!(
        minutes
            .windows(2)
            .all(|pair| pair[0].minute < pair[1].minute)
    );
    let claimed: i64 = minutes.iter().map(|minute| minute.claims).sum();
    let completed: i64 = minutes.iter().map(|minute| minute.completions).sum();
    assert_eq!((claimed, completed), (1, 0));

    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::BuildFailed))
        .await
        .unwrap();
    let minutes = fixture.backend.job_minutes(59).await.unwrap();
    let completed: i64 = minutes.iter().map(|minute| minute.completions).sum();
    assert_eq!(completed, 1);
}

#[tokio::test]
async fn recent_builds_list_finished_jobs_newest_first_with_what_they_built() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    assert!(
        fixture.backend.recent_builds(10).await.unwrap().is_empty(),
        "a running job is not a recent build"
    );
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::BuildFailed))
        .await
        .unwrap();

    let recent = fixture.backend.recent_builds(10).await.unwrap();
    assert_eq!(recent.len(), 1);
    let build = &recent[0];
    assert_eq!(build.job, job);
    assert_eq!(
        (
            build.krate.as_str(),
            build.version.as_str(),
            build.target.as_str()
        ),
        ("serde", "1.0.0", TARGET)
    );
    assert_eq!(build.kind, TaskKind::Binary);
    assert_eq!(build.state, JobState::Failed);
    assert_eq!(build.result, Some(BuildResult::BuildFailed));
    assert!(build.finished_at.is_some());
}

#[tokio::test]
async fn sync_passes_are_listed_newest_first() {
    let fixture = Fixture::new().await;
    assert!(fixture.backend.sync_passes(5).await.unwrap().is_empty());
    fixture.finish_a_registry_pass().await;
    fixture.finish_a_registry_pass().await;

    let passes = fixture.backend.sync_passes(5).await.unwrap();
    assert_eq!(passes.len(), 2);
    assert_eq!(passes[0].source, "fixture-index");
    assert!(passes[0].started_at >= passes[1].started_at);
    assert!(
        passes
            .iter()
            .all(|pass| pass.error.is_none() && pass.finished_at.is_some())
    );
}
