//! Download counting: batched in memory, flushed periodically and on
//! shutdown, deadlock-free across concurrent flushers; daily series, totals
//! and top artifacts.

use std::sync::Arc;
use std::time::Duration;

use buildsrs_backend::artifacts::NewArtifact;
use buildsrs_backend::downloads::{DownloadCounter, DownloadCounts, download_flusher};
use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::{ArtifactId, Backend, BuildResult};
use chrono::NaiveDate;

use crate::baselines::DOWNLOAD_ADD_ONE;
use crate::support::{DownloadReads as _, Fixture};

/// `count` published artifacts of one succeeded job.
async fn artifacts(fixture: &Fixture, count: usize) -> Vec<ArtifactId> {
    let (builder, job) = fixture.claimed_job().await;
    let mut ids = Vec::new();
    for index in 0..count {
        let artifact = NewArtifact {
            name: format!("file-{index}"),
            sha256: [0; 32],
            size: 1,
        };
        ids.push(
            fixture
                .backend
                .add_artifact(builder, job, &artifact)
                .await
                .unwrap(),
        );
    }
    fixture
        .backend
        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    ids
}

fn day(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, day).unwrap()
}

#[tokio::test]
async fn downloads_are_counted_per_artifact_and_day() {
    let fixture = Fixture::new().await;
    let ids = artifacts(&fixture, 3).await;
    let counter = DownloadCounter::new();
    for _ in 0..5 {
        counter.record_on(ids[0], day(1), 1);
    }
    counter.record_on(ids[0], day(2), 2);
    counter.record_on(ids[1], day(2), 10);
    counter.record_on(ids[2], day(9), 100);
    counter.record_on(ArtifactId(999_999), day(1), 1);
    assert_eq!(counter.pending(), 5);

    let flushed = counter.flush(&fixture.backend).await.unwrap();
    assert_eq!(
        (flushed.rows, flushed.written),
        (5, 4),
        "the unknown artifact's count is dropped"
    );
    assert_eq!(counter.pending(), 0);
    counter.record_on(ids[0], day(2), 3);
    counter.flush(&fixture.backend).await.unwrap();

    let backend = &fixture.backend;
    assert_eq!(
        backend
            .downloads_daily(ids[0], day(1), day(31))
            .await
            .unwrap(),
        vec![(day(1), 5), (day(2), 5)]
    );
    assert_eq!(
        backend
            .downloads_daily(ids[0], day(2), day(2))
            .await
            .unwrap(),
        vec![(day(2), 5)]
    );
    assert_eq!(backend.downloads_total(ids[0]).await.unwrap(), 10);
    assert_eq!(
        backend
            .download_counts(ids[0], day(2), day(31))
            .await
            .unwrap(),
        DownloadCounts {
            daily: vec![(day(2), 5)],
            total: 10
        },
        "the range's days and the total of all days, from one snapshot"
    );
    assert_eq!(
        backend.downloads_total(ArtifactId(999_999)).await.unwrap(),
        0
    );
    let many = backend
        .downloads_daily_many(&ids, day(1), day(3))
        .await
        .unwrap();
    assert_eq!(many.get(&ids[0]), Some(&vec![(day(1), 5), (day(2), 5)]));
    assert_eq!(many.get(&ids[1]), Some(&vec![(day(2), 10)]));
    assert_eq!(many.get(&ids[2]), None, "day 9 is out of range");

    let top = backend.top_artifacts(day(1), day(3), 10).await.unwrap();
    let top: Vec<_> = top
        .iter()
        .map(|entry| (entry.artifact, entry.downloads))
        .collect();
    assert_eq!(
        top,
        vec![(ids[0], 10), (ids[1], 10)],
        "ties by id; day 9 is out of range"
    );
    let top = backend.top_artifacts(day(1), day(31), 1).await.unwrap();
    assert_eq!((top[0].artifact, top[0].name.as_str()), (ids[2], "file-2"));
}

#[tokio::test]
async fn recorded_downloads_count_today() {
    let fixture = Fixture::new().await;
    let ids = artifacts(&fixture, 1).await;
    let counter = DownloadCounter::new();
    counter.record(ids[0]);
    counter.record(ids[0]);
    counter.flush(&fixture.backend).await.unwrap();
    let today = chrono::Utc::now().date_naive();
    assert_eq!(
        fixture
            .backend
            .downloads_daily(ids[0], today, today)
            .await
            .unwrap(),
        vec![(today, 2)]
    );
}

#[tokio::test]
async fn the_flusher_flushes_periodically_and_once_more_on_shutdown() {
    let fixture = Fixture::new().await;
    let ids = artifacts(&fixture, 1).await;
    let counter = Arc::new(DownloadCounter::new());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let flusher = {
        let counter = Arc::clone(&counter);
        let backend = fixture.backend.clone();
        tokio::spawn(async move {
            download_flusher(&counter, backend, Duration::from_millis(50), async {
                let _ = stopped.await;
            })
            .await
        })
    };

    counter.record_on(ids[0], day(1), 7);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while fixture.backend.downloads_total(ids[0]).await.unwrap() != 7 {
        assert!(tokio::time::Instant::now() < deadline, "never flushed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Counted right before shutdown: only the final flush can write it.
    counter.record_on(ids[0], day(1), 5);
    stop.send(()).unwrap();
    flusher.await.unwrap().unwrap();
    assert_eq!(fixture.backend.downloads_total(ids[0]).await.unwrap(), 12);
    assert_eq!(counter.pending(), 0);
}

#[tokio::test]
async fn the_flusher_flushes_on_shutdown_even_before_its_first_tick() {
    let fixture = Fixture::new().await;
    let ids = artifacts(&fixture, 1).await;
    let counter = DownloadCounter::new();
    counter.record_on(ids[0], day(1), 3);
    download_flusher(
        &counter,
        fixture.backend.clone(),
        Duration::from_secs(3600),
        async {},
    )
    .await
    .unwrap();
    assert_eq!(fixture.backend.downloads_total(ids[0]).await.unwrap(), 3);
}

#[tokio::test]
async fn a_failed_flush_keeps_its_counts_for_the_next() {
    let fixture = Fixture::new().await;
    let ids = artifacts(&fixture, 1).await;
    let counter = DownloadCounter::new();
    counter.record_on(ids[0], day(1), 4);
    // A pool that cannot connect makes the flush fail.
    let options = buildsrs_database::PoolOptions {
        connect_timeout: Duration::from_millis(200),
        ..Default::default()
    };
    let broken = {
        let database = fixture.test.connect(&options).await.unwrap();
        database.pool().close();
        Backend::new(database, Default::default())
    };
    counter.flush(&broken).await.unwrap_err();
    assert_eq!(counter.pending(), 1);
    counter.flush(&fixture.backend).await.unwrap();
    assert_eq!(fixture.backend.downloads_total(ids[0]).await.unwrap(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_flushes_of_overlapping_rows_never_deadlock() {
    let fixture = Fixture::new().await;
    let ids = artifacts(&fixture, 50).await;
    // Eight backend instances, each counting every (artifact, day) pair, in
    // orders of their own, flushing at the same time, twenty rounds.
    let mut instances = Vec::new();
    for instance in 0..8u64 {
        let backend = fixture.backend.clone();
        let ids = ids.clone();
        instances.push(tokio::spawn(async move {
            let counter = DownloadCounter::new();
            for round in 0..20u64 {
                let mut pairs: Vec<_> = ids
                    .iter()
                    .flat_map(|id| (1..=5).map(move |d| (*id, day(d))))
                    .collect();
                let shift = ((instance * 37 + round * 11) as usize) % pairs.len();
                pairs.rotate_left(shift);
                if (instance + round) % 2 == 1 {
                    pairs.reverse();
                }
                for (id, date) in pairs {
                    counter.record_on(id, date, 1);
                }
                counter.flush(&backend).await.expect("no flush deadlocks");
            }
        }));
    }
    for instance in instances {
        instance.await.unwrap();
    }
    for id in &ids {
        assert_eq!(
            fixture.backend.downloads_total(*id).await.unwrap(),
            8 * 20 * 5
        );
    }
}

#[tokio::test]
async fn the_per_event_baseline_adds_to_the_same_daily_rows_as_the_counter() {
    let fixture = Fixture::new().await;
    let ids = artifacts(&fixture, 1).await;
    let client = fixture.test.database().client().await.unwrap();
    for _ in 0..3 {
        client
            .execute(DOWNLOAD_ADD_ONE, &[&ids[0].0, &day(4), &1i64])
            .await
            .unwrap();
    }
    let counter = DownloadCounter::new();
    counter.record_on(ids[0], day(4), 2);
    counter.flush(&fixture.backend).await.unwrap();
    assert_eq!(
        fixture
            .backend
            .downloads_daily(ids[0], day(4), day(4))
            .await
            .unwrap(),
        vec![(day(4), 5)]
    );
}
