//! Retention (`buildsrs-database gc`) on real data: the logs of superseded
//! jobs go, the latest attempt's and a running job's stay; old download days
//! become monthly totals that keep every total equal; a dry run changes
//! nothing.

use buildsrs_backend::artifacts::NewArtifact;
use buildsrs_backend::downloads::DownloadCounter;
use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::{BuildResult, BuilderId, JobId, JobStage, TaskKind};
use buildsrs_database::retention::{self, Retention};
use chrono::NaiveDate;

use crate::support::{DownloadReads as _, Fixture, lines};

/// Logs of any superseded job, days older than 90.
const NOW: Retention = Retention {
    log_days: 0,
    download_days: 90,
};

/// Claims the next job, appends `count` lines to it, and returns it.
async fn job_with_log(fixture: &Fixture, builder: BuilderId, count: usize) -> JobId {
    let job = fixture.backend.claim(builder).await.unwrap().unwrap().id;
    fixture
        .backend
        .append_logs(builder, job, JobStage::Init, 0, &lines("line", count))
        .await
        .unwrap();
    job
}

async fn lines_of(fixture: &Fixture, job: JobId) -> usize {
    fixture.backend.logs(job, 0, 10_000).await.unwrap().len()
}

#[tokio::test]
async fn only_the_logs_of_attempts_a_later_success_superseded_are_removed() {
    let fixture = Fixture::new().await;
    fixture.add_version("serde", "1.0.0", false).await;
    fixture.add_version("other", "1.0.0", false).await;
    fixture
        .backend
        .create_tasks(&[TaskKind::Binary])
        .await
        .unwrap();
    let builder = fixture.add_builder(1).await;

    // Task A: an attempt given back, then one that succeeded.
    let superseded = job_with_log(&fixture, builder, 3).await;
    let task = fixture.backend.unclaim(builder, superseded).await.unwrap();
    let mut latest = job_with_log(&fixture, builder, 4).await;
    let mut running = job_with_log(&fixture, builder, 5).await;
    if fixture.backend.job(latest).await.unwrap().unwrap().task != task {
        std::mem::swap(&mut latest, &mut running);
    }
    fixture
        .backend
        .complete(builder, latest, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();

    let client = fixture.test.database().client().await.unwrap();
    let planned = retention::plan(&client, &NOW).await.unwrap();
    assert_eq!((planned.log_jobs, planned.log_lines), (1, 3));
    assert_eq!(
        lines_of(&fixture, superseded).await,
        3,
        "a dry run removes nothing"
    );
    let kept_longer = Retention {
        log_days: 30,
        ..NOW
    };
    assert_eq!(
        retention::plan(&client, &kept_longer)
            .await
            .unwrap()
            .log_jobs,
        0
    );

    let applied = retention::apply(&client, &NOW).await.unwrap();
    assert_eq!(applied, planned);
    assert_eq!(lines_of(&fixture, superseded).await, 0);
    let job = fixture.backend.job(superseded).await.unwrap().unwrap();
    assert_eq!(job.log_lines, 0, "a follower sees an ended, empty log");
    assert_eq!(
        lines_of(&fixture, latest).await,
        4,
        "the latest attempt keeps its log"
    );
    assert_eq!(
        lines_of(&fixture, running).await,
        5,
        "a running job keeps its log"
    );
    assert_eq!(retention::apply(&client, &NOW).await.unwrap().log_jobs, 0);
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

#[tokio::test]
async fn old_download_days_become_monthly_totals_that_add_up() {
    let fixture = Fixture::new().await;
    let (builder, job) = fixture.claimed_job().await;
    let artifact = NewArtifact {
        name: "file".to_owned(),
        sha256: [0; 32],
        size: 1,
    };
    let artifact = fixture
        .backend
        .add_artifact(builder, job, &artifact)
        .await
        .unwrap();
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    let today = chrono::Utc::now().date_naive();
    let counter = DownloadCounter::new();
    counter.record_on(artifact, day(2025, 3, 1), 1);
    counter.record_on(artifact, day(2025, 3, 31), 2);
    counter.record_on(artifact, day(2025, 4, 15), 4);
    counter.record_on(artifact, today, 8);
    counter.flush(&fixture.backend).await.unwrap();
    let backend = &fixture.backend;
    let everything = (day(2000, 1, 1), today);
    let top_before = backend
        .top_artifacts(everything.0, everything.1, 10)
        .await
        .unwrap();

    let client = fixture.test.database().client().await.unwrap();
    let planned = retention::plan(&client, &NOW).await.unwrap();
    assert_eq!((planned.download_days, planned.downloads), (3, 7));
    assert_eq!(
        backend
            .downloads_daily(artifact, day(2025, 3, 1), today)
            .await
            .unwrap()
            .len(),
        4
    );

    let applied = retention::apply(&client, &NOW).await.unwrap();
    assert_eq!((applied.download_days, applied.downloads), (3, 7));
    assert_eq!(backend.downloads_total(artifact).await.unwrap(), 15);
    assert_eq!(
        backend
            .downloads_daily(artifact, day(2025, 1, 1), today)
            .await
            .unwrap(),
        vec![(day(2025, 3, 1), 3), (day(2025, 4, 1), 4), (today, 8)],
        "a rolled-up month counts on its first day"
    );
    assert_eq!(
        backend
            .top_artifacts(everything.0, everything.1, 10)
            .await
            .unwrap(),
        top_before
    );
    // Days rolled up later add to the month already there.
    counter.record_on(artifact, day(2025, 3, 2), 16);
    counter.flush(&fixture.backend).await.unwrap();
    retention::apply(&client, &NOW).await.unwrap();
    assert_eq!(backend.downloads_total(artifact).await.unwrap(), 31);
    assert_eq!(
        backend
            .downloads_daily(artifact, day(2025, 3, 1), day(2025, 3, 31))
            .await
            .unwrap(),
        vec![(day(2025, 3, 1), 19)]
    );
}
