//! Two daemon instances on one database, with no balancer in front: each
//! client alternates between them. Work is handed out once, a long poll on
//! either is woken by new work, and download counts of both add up.
//! A waiting claim does not hold up its instance's stop. (Replays across
//! instances: `replay.rs`.)

use std::collections::HashSet;
use std::time::{Duration, Instant};

use buildsrs_backend::ArtifactId;
use buildsrs_backend_daemon::Settings;
use buildsrs_protocol::api::path;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{Builder, Daemon, Instance};

/// A daemon and a second instance beside it.
async fn two_instances() -> (Daemon, Instance) {
    let daemon = Daemon::start(Settings::default()).await;
    let second = daemon.start_instance(Settings::default()).await;
    (daemon, second)
}

/// `count` registered builders.
fn builders(daemon: &Daemon, count: usize) -> Vec<Builder> {
    (0..count)
        .map(|_| {
            let builder = Builder::new(daemon);
            daemon.register_builder(&builder.key);
            builder
        })
        .collect()
}

#[tokio::test]
async fn builders_alternating_between_two_instances_never_claim_a_job_twice() {
    let (daemon, second) = two_instances().await;
    let versions: Vec<_> = (0..30).map(|n| format!("1.0.{n}")).collect();
    let pairs: Vec<_> = versions.iter().map(|v| ("serde", v.as_str())).collect();
    daemon.add_versions(&pairs).await;
    let bases = [daemon.base.clone(), second.base.clone()];

    let claimers = builders(&daemon, 4).into_iter().map(|mut builder| {
        let bases = bases.clone();
        tokio::spawn(async move {
            let mut claimed = Vec::new();
            for turn in 0.. {
                builder.point_at(&bases[turn % 2]);
                let Some(job) = builder.claim(0, 1).await.pop() else {
                    return claimed;
                };
                builder.point_at(&bases[(turn + 1) % 2]);
                let completed = builder
                    .post(&path::complete(job.job), json!({ "result": "succeeded" }))
                    .await;
                assert_eq!(completed.status(), StatusCode::OK);
                claimed.push((job.job, job.task));
            }
            unreachable!()
        })
    });
    let mut claimed = Vec::new();
    for claimer in claimers.collect::<Vec<_>>() {
        claimed.extend(claimer.await.unwrap());
    }

    // A binary and a metadata task per version, each claimed once.
    assert_eq!(claimed.len(), 2 * versions.len());
    let jobs: HashSet<_> = claimed.iter().map(|(job, _)| job).collect();
    let tasks: HashSet<_> = claimed.iter().map(|(_, task)| task).collect();
    assert_eq!((jobs.len(), tasks.len()), (claimed.len(), claimed.len()));
    second.shutdown().await;
}

#[tokio::test]
async fn a_long_poll_on_either_instance_is_woken_by_new_work() {
    let (daemon, second) = two_instances().await;
    let mut polls = Vec::new();
    for (mut builder, base) in builders(&daemon, 2)
        .into_iter()
        .zip([daemon.base.clone(), second.base.clone()])
    {
        builder.point_at(&base);
        polls.push(tokio::spawn(async move {
            let started = Instant::now();
            let jobs = builder.claim(20, 1).await;
            (jobs.len(), started.elapsed())
        }));
    }
    // Both polls are waiting when the work arrives.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let added = Instant::now();
    daemon.add_versions(&[("itoa", "1.0.0")]).await;

    for poll in polls {
        let (jobs, waited) = poll.await.unwrap();
        assert_eq!(jobs, 1, "each poll got one of the version's two tasks");
        assert!(
            waited < Duration::from_secs(10) && added.elapsed() < Duration::from_secs(10),
            "woken by the work, not by the poll's end: waited {waited:?}"
        );
    }
    second.shutdown().await;
}

#[tokio::test]
async fn downloads_from_both_instances_are_counted_together() {
    let (mut daemon, second) = two_instances().await;
    let mut builder = builders(&daemon, 1).pop().unwrap();
    daemon.add_versions(&[("itoa", "1.0.0")]).await;
    let job = builder.claim_one().await.job;
    // Uploaded through one instance, published, then served by both.
    builder.point_at(&second.base);
    let uploaded = builder
        .signed(
            Method::PUT,
            &format!("/api/v1/builder/jobs/{job}/artifacts/itoa.bin"),
            b"itoa binary".to_vec(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let artifact = uploaded.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let completed = builder
        .post(&path::complete(job), json!({ "result": "succeeded" }))
        .await;
    assert_eq!(completed.status(), StatusCode::OK);

    for (base, times) in [(&daemon.base, 3), (&second.base, 2)] {
        for _ in 0..times {
            let url = format!("{base}/api/v1/artifacts/{artifact}/download");
            let download = daemon.http.get(url).send().await.unwrap();
            assert_eq!(download.status(), StatusCode::OK);
            assert_eq!(download.bytes().await.unwrap().as_ref(), b"itoa binary");
        }
    }

    // Each instance flushes its own counts when it stops.
    second.shutdown().await;
    daemon.shutdown().await;
    let today = chrono::Utc::now().date_naive();
    let total = daemon
        .backend
        .download_counts(ArtifactId(artifact), today, today)
        .await
        .unwrap()
        .total;
    assert_eq!(total, 5);
}

#[tokio::test]
async fn a_waiting_claim_is_answered_at_once_when_its_instance_stops() {
    let (daemon, second) = two_instances().await;
    let mut builder = builders(&daemon, 1).pop().unwrap();
    builder.point_at(&second.base);
    let poll = tokio::spawn(async move { builder.claim(60, 1).await });
    tokio::time::sleep(Duration::from_millis(500)).await;

    // The stop waits for running requests; the poll must not hold it up
    // for its minute (systemd would kill the daemon first).
    let stopping = Instant::now();
    second.shutdown().await;
    assert!(
        stopping.elapsed() < Duration::from_secs(5),
        "{:?}",
        stopping.elapsed()
    );
    assert!(poll.await.unwrap().is_empty(), "no work was handed out");
}
