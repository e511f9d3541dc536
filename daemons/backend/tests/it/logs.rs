//! The per-job log cap over HTTP: the batch that reaches `--max-log-bytes`
//! is cut and the stored log ends with the truncation marker, which the API
//! and the job page show; later batches are accepted, so a builder moves on.
//! And retention run by the daemon itself (`--retention-interval`).

use std::time::Duration;

use buildsrs_backend::logs::truncation_marker;
use buildsrs_backend_daemon::Settings;
use buildsrs_database::retention::Retention;
use buildsrs_protocol::api::path;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{Builder, Daemon};

#[tokio::test]
async fn a_log_past_its_cap_ends_with_the_marker_in_the_api_and_on_the_page() {
    let daemon = Daemon::start(Settings {
        max_log_bytes: 10,
        ..Settings::default()
    })
    .await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("serde", "1.0.0")]).await;
    let job = builder.claim_one().await.job;
    let mut counts = Vec::new();
    for (first_line, lines) in [
        (0, ["first", "second", "third"]),
        (2, ["later", "lines", "dropped"]),
    ] {
        let body = json!({ "stage": "init", "first_line": first_line, "lines": lines });
        let response = builder.post(&path::logs(job), body).await;
        assert_eq!(response.status(), StatusCode::OK);
        let count: Value = response.json().await.unwrap();
        counts.push(count["log_lines"].as_i64().unwrap());
    }
    assert_eq!(
        counts,
        [2, 2],
        "the line that fits and the marker, then nothing more"
    );

    let response = daemon.get(&format!("/api/v1/jobs/{job}/logs")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let lines: Vec<Value> = response.json().await.unwrap();
    let texts: Vec<_> = lines
        .iter()
        .map(|line| line["line"].as_str().unwrap())
        .collect();
    let marker = truncation_marker(10);
    assert_eq!(texts, ["first", marker.as_str()]);

    let page = daemon
        .get(&format!("/jobs/{job}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("log truncated"), "{page}");
}

#[tokio::test]
async fn with_a_retention_interval_the_daemon_removes_superseded_logs_itself() {
    let daemon = Daemon::start(Settings {
        retention_interval: Some(Duration::from_millis(50)),
        retention: Retention {
            log_days: 0,
            download_days: 90,
        },
        ..Settings::default()
    })
    .await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("serde", "1.0.0")]).await;
    let first = builder.claim_one().await;
    let body = json!({ "stage": "init", "first_line": 0, "lines": ["attempt one"] });
    assert_eq!(
        builder.post(&path::logs(first.job), body).await.status(),
        StatusCode::OK
    );
    let unclaimed = builder.post(&path::unclaim(first.job), json!({})).await;
    assert_eq!(unclaimed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        log_of(&daemon, first.job).await,
        ["attempt one"],
        "not superseded yet"
    );

    let again = builder.claim(1, 4).await;
    let second = again.iter().find(|job| job.task == first.task).unwrap();
    let done = builder
        .post(
            &path::complete(second.job),
            json!({ "result": "succeeded" }),
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    for _ in 0..100 {
        if log_of(&daemon, first.job).await.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the superseded attempt's log was never removed");
}

/// The lines of a job's log, from the public API.
async fn log_of(daemon: &Daemon, job: buildsrs_protocol::api::JobId) -> Vec<String> {
    let lines: Vec<Value> = daemon
        .get(&format!("/api/v1/jobs/{job}/logs"))
        .await
        .json()
        .await
        .unwrap();
    lines
        .iter()
        .map(|line| line["line"].as_str().unwrap().to_owned())
        .collect()
}
