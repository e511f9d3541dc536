//! End to end: a builder claims, logs, uploads and completes; the public
//! downloads and sees the count; bad requests are refused.

use std::time::{Duration, Instant};

use buildsrs_backend_daemon::Settings;
use buildsrs_database::PoolOptions;
use buildsrs_protocol::api::{self, path};
use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::harness::{Builder, Daemon, TARGET};

fn quick() -> Settings {
    Settings {
        download_flush_interval: Duration::from_secs(3600),
        ..Settings::default()
    }
}

async fn json(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_builder_builds_a_version_and_the_public_downloads_and_counts_the_artifact() {
    whole_cycle(Daemon::start(quick()).await).await;
}

#[tokio::test]
async fn the_whole_cycle_runs_after_switching_to_the_backend_role() {
    let options = PoolOptions {
        role: Some("buildsrs_backend".to_owned()),
        ..PoolOptions::default()
    };
    whole_cycle(Daemon::start_with(quick(), &options).await).await;
}

/// A version scheduled, claimed, logged, uploaded and completed; the public
/// API shows it, serves the artifact and counts the download.
async fn whole_cycle(mut daemon: Daemon) {
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("serde", "1.0.0")]).await;

    let job = claim_the_serde_job(&builder).await;
    build_with_a_log(&builder, job).await;
    let bytes = b"\x7fELF pretend binary".repeat(1000);
    let artifact = upload_and_succeed(&builder, job, &bytes).await;
    public_sees_the_job_its_log_and_artifact(&daemon, job, artifact, &bytes).await;

    // The count is in memory until the flush that a graceful shutdown does.
    daemon.shutdown().await;
    let today = chrono::Utc::now().date_naive();
    let total = daemon
        .backend
        .download_counts(buildsrs_backend::ArtifactId(artifact), today, today)
        .await
        .unwrap()
        .total;
    assert_eq!(total, 1);
}

/// Claims the one job there is, one of serde 1.0.0's tasks; its id.
async fn claim_the_serde_job(builder: &Builder) -> i64 {
    let claimed = builder
        .post(path::CLAIM, json!({ "wait_seconds": 1 }))
        .await;
    assert_eq!(claimed.status(), StatusCode::OK);
    let claimed = json(claimed).await;
    assert_eq!(claimed["jobs"].as_array().unwrap().len(), 1, "{claimed}");
    let claimed = &claimed["jobs"][0];
    assert_eq!(
        (claimed["crate"].as_str(), claimed["version"].as_str()),
        (Some("serde"), Some("1.0.0"))
    );
    assert_eq!(claimed["target"], TARGET);
    // Every version gets a binary and a metadata task; either comes first.
    assert!(
        ["binary", "metadata"].contains(&claimed["kind"].as_str().unwrap()),
        "{claimed}"
    );
    assert_eq!(claimed["attempt"], 1);
    assert_eq!(
        claimed["checksum"],
        hex::encode(Sha256::digest("serde-1.0.0"))
    );
    claimed["job"].as_i64().unwrap()
}

/// A heartbeat, the fetch and build stages with two log lines, then the
/// upload stage.
async fn build_with_a_log(builder: &Builder, job: i64) {
    let heartbeat = builder
        .post(&format!("/api/v1/builder/jobs/{job}/heartbeat"), json!({}))
        .await;
    assert_eq!(heartbeat.status(), StatusCode::OK);
    for stage in ["fetch", "build"] {
        let moved = builder
            .post(
                &format!("/api/v1/builder/jobs/{job}/stage"),
                json!({ "stage": stage }),
            )
            .await;
        assert_eq!(moved.status(), StatusCode::NO_CONTENT, "{stage}");
    }
    let logged = builder
        .post(
            &format!("/api/v1/builder/jobs/{job}/logs"),
            json!({ "stage": "build", "first_line": 0, "lines": ["Compiling serde", "Finished"] }),
        )
        .await;
    assert_eq!(json(logged).await["log_lines"], 2);
    builder
        .post(
            &format!("/api/v1/builder/jobs/{job}/stage"),
            json!({ "stage": "upload" }),
        )
        .await;
}

/// Uploads `bytes` as the job's artifact and completes the job as
/// succeeded; the artifact's id.
async fn upload_and_succeed(builder: &Builder, job: i64, bytes: &[u8]) -> i64 {
    let uploaded = builder
        .signed(
            Method::PUT,
            &format!("/api/v1/builder/jobs/{job}/artifacts/serde.tar.zst"),
            bytes.to_vec(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let artifact = json(uploaded).await["id"].as_i64().unwrap();

    let completed = builder
        .post(
            &format!("/api/v1/builder/jobs/{job}/complete"),
            json!({ "result": "succeeded", "exit_code": 0 }),
        )
        .await;
    assert_eq!(
        json(completed).await,
        json!({ "task_state": "succeeded", "retry_at": null })
    );
    artifact
}

/// The public API shows the finished job, its log and the artifact, and
/// serves the artifact's bytes.
async fn public_sees_the_job_its_log_and_artifact(
    daemon: &Daemon,
    job: i64,
    artifact: i64,
    bytes: &[u8],
) {
    let status = json(daemon.get(&format!("/api/v1/jobs/{job}")).await).await;
    assert_eq!(
        (status["state"].as_str(), status["stage"].as_str()),
        (Some("succeeded"), Some("upload"))
    );
    let lines = json(daemon.get(&format!("/api/v1/jobs/{job}/logs")).await).await;
    assert_eq!(lines[1]["line"], "Finished");
    let version = json(daemon.get("/api/v1/crates/serde/1.0.0").await).await;
    assert_eq!(
        version["artifacts"][0]["sha256"],
        hex::encode(Sha256::digest(bytes))
    );

    let download = daemon
        .get(&format!("/api/v1/artifacts/{artifact}/download"))
        .await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().as_ref(), bytes);
}

#[tokio::test]
async fn forged_unknown_disabled_and_replayed_builder_requests_are_refused() {
    let daemon = Daemon::start(quick()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    let claim = "/api/v1/builder/jobs/claim";
    let body = serde_json::to_vec(&json!({})).unwrap();

    // Unknown key.
    let stranger = Builder::new(&daemon);
    let response = stranger.post(claim, json!({})).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(response).await["error"]["code"], "unknown_key");

    // Forged: signed by the stranger, presented with the builder's key.
    let genuine = builder
        .signed(Method::POST, claim, body.clone())
        .build()
        .unwrap();
    let mut forged = stranger
        .signed(Method::POST, claim, body.clone())
        .build()
        .unwrap();
    forged.headers_mut().insert(
        "x-buildsrs-key",
        genuine.headers()["x-buildsrs-key"].clone(),
    );
    let forged = daemon.http.execute(forged).await.unwrap();
    assert_eq!(json(forged).await["error"]["code"], "bad_signature");

    // A body other than the signed one.
    let tampered = builder
        .signed(Method::POST, claim, body.clone())
        .body(serde_json::to_vec(&json!({ "wait_seconds": 60 })).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(json(tampered).await["error"]["code"], "body_mismatch");

    // Replayed: the same signed request twice.
    let request = builder
        .signed(Method::POST, claim, body.clone())
        .build()
        .unwrap();
    let again = request.try_clone().unwrap();
    let first = daemon.http.execute(request).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(json(first).await, json!({ "jobs": [] }));
    let replayed = daemon.http.execute(again).await.unwrap();
    assert_eq!(replayed.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(replayed).await["error"]["code"], "replayed_request");

    // Disabled.
    crate::harness::cli(&daemon.test, &["builder", "disable", "1"]);
    let response = builder.post(claim, json!({})).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // Unsigned.
    let response = daemon
        .http
        .post(format!("{}{claim}", daemon.base))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_waiting_claim_wakes_when_work_arrives() {
    let daemon = Daemon::start(quick()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);

    let started = Instant::now();
    let empty = builder.claim(1, 1).await;
    assert!(empty.is_empty(), "{empty:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "it waited for work"
    );

    let waiting = builder.claim(30, 4);
    let producer = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        daemon.add_versions(&[("rand", "0.8.5")]).await;
    };
    let started = Instant::now();
    let (claimed, ()) = tokio::join!(waiting, producer);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "woken by the notification, not the timeout"
    );
    assert!(!claimed.is_empty());
    assert!(
        claimed.iter().all(|job| job.krate == "rand"),
        "the version that arrived: {claimed:?}"
    );
}

/// Reads server-sent events until `stop` says so: (id, event, data).
async fn read_events(
    response: reqwest::Response,
    mut stop: impl FnMut(&(Option<i64>, String, String)) -> bool,
) -> Vec<(Option<i64>, String, String)> {
    let mut events = Vec::new();
    let mut buffer = String::new();
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        buffer.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let (mut id, mut event, mut data) = (None, String::new(), String::new());
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("id:") {
                    id = value.trim().parse().ok();
                } else if let Some(value) = line.strip_prefix("event:") {
                    event = value.trim().to_owned();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data = value.trim().to_owned();
                }
            }
            if event.is_empty() {
                continue; // a keep-alive comment
            }
            let entry = (id, event, data);
            let done = stop(&entry);
            events.push(entry);
            if done {
                return events;
            }
        }
    }
    events
}

#[tokio::test]
async fn a_live_log_client_that_reconnects_with_last_event_id_misses_no_line() {
    let daemon = Daemon::start(quick()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("tokio", "1.0.0")]).await;
    let job = builder.claim_one().await.job;
    let logs = path::logs(job);
    let append = |first: i64, count: i64| {
        let lines: Vec<String> = (first..first + count)
            .map(|n| format!("line {n}"))
            .collect();
        builder.post(
            &logs,
            json!({ "stage": "init", "first_line": first, "lines": lines }),
        )
    };
    append(0, 10).await;

    let stream = format!("{}/api/v1/jobs/{job}/logs/stream", daemon.base);
    let first = daemon.http.get(&stream).send().await.unwrap();
    let seen = read_events(first, |(id, _, _)| *id == Some(4)).await;
    let last = seen.last().unwrap().0.unwrap();
    // Disconnected; more lines arrive meanwhile, then the job ends.
    append(10, 15).await;
    let reconnected = daemon
        .http
        .get(&stream)
        .header("last-event-id", last.to_string())
        .send()
        .await
        .unwrap();
    let finisher = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        append(25, 5).await;
        builder
            .post(&path::complete(job), json!({ "result": "build_failed" }))
            .await;
    };
    let (rest, _) = tokio::join!(
        read_events(reconnected, |(_, event, _)| event == "end"),
        finisher
    );

    let numbers: Vec<i64> = seen
        .iter()
        .chain(rest.iter())
        .filter_map(|(id, _, _)| *id)
        .collect();
    assert_eq!(
        numbers,
        (0..30).collect::<Vec<_>>(),
        "every line once, in order"
    );
    assert_eq!(rest.last().unwrap().1, "end");
}

#[tokio::test]
async fn a_corrupted_artifact_is_never_served_whole_nor_counted() {
    let daemon = Daemon::start(quick()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("log", "0.4.0")]).await;
    let job = builder.claim_one().await.job;
    let bytes = b"original".to_vec();
    let uploaded = builder
        .signed(
            Method::PUT,
            &format!("/api/v1/builder/jobs/{job}/artifacts/log.bin"),
            bytes.clone(),
        )
        .send()
        .await
        .unwrap();
    let artifact = json(uploaded).await["id"].as_i64().unwrap();
    // Published, so served, once its job succeeded.
    let completed = builder
        .post(&path::complete(job), json!({ "result": "succeeded" }))
        .await;
    assert_eq!(completed.status(), StatusCode::OK);
    let hex = hex::encode(Sha256::digest(&bytes));
    let path = daemon
        .storage
        .path()
        .join("sha256")
        .join(&hex[..2])
        .join(&hex[2..4])
        .join(&hex);
    let download = format!("/api/v1/artifacts/{artifact}/download");

    // Another length than recorded: refused before any byte.
    std::fs::write(&path, b"cut").unwrap();
    let response = daemon.get(&download).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = json(response).await;
    assert_eq!(body["error"]["code"], "artifact_corrupted");
    assert!(
        !body.to_string().contains(&hex),
        "no digest or path reaches the client: {body}"
    );

    // The same length: the stream is cut off before its last chunk, so the
    // client never receives the file whole, and nothing is counted.
    std::fs::write(&path, b"tampered").unwrap();
    let url = format!("{}{download}", daemon.base);
    match daemon.http.get(&url).send().await {
        // One chunk, held back: the answer ends before its first byte.
        Err(error) => assert!(error.is_request(), "{error}"),
        Ok(response) => {
            assert_eq!(response.status(), StatusCode::OK);
            assert!(response.bytes().await.is_err(), "the body is cut off");
        }
    }
    let metrics = daemon.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("buildsrs_downloads_total 0"), "{metrics}");
}

#[tokio::test]
async fn an_upload_that_does_not_match_its_signed_hash_is_refused() {
    let daemon = Daemon::start(quick()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("log", "0.4.0")]).await;
    let job = builder.claim_one().await.job;
    let response = builder
        .signed(
            Method::PUT,
            &format!("/api/v1/builder/jobs/{job}/artifacts/log.bin"),
            b"signed".to_vec(),
        )
        .body(b"sent instead".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(response).await["error"]["code"], "upload_mismatch");
    let job = json(daemon.get(&format!("/api/v1/jobs/{job}")).await).await;
    assert_eq!(job["artifacts"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn crates_are_listed_by_prefix_a_page_at_a_time() {
    let daemon = Daemon::start(quick()).await;
    daemon
        .add_versions(&[
            ("serde", "1.0.0"),
            ("Serde_json", "1.0.1"),
            ("serde-yaml", "0.9.0"),
            ("rand", "0.8.0"),
        ])
        .await;
    let first = json(daemon.get("/api/v1/crates?prefix=SERDE&limit=2").await).await;
    let names: Vec<&str> = first["crates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["serde", "serde-yaml"]);
    let next = first["next"].as_str().unwrap();
    let second = json(
        daemon
            .get(&format!("/api/v1/crates?prefix=serde&limit=2&after={next}"))
            .await,
    )
    .await;
    let names: Vec<&str> = second["crates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Serde_json"]);
    assert!(second["next"].is_null());

    let krate = json(daemon.get("/api/v1/crates/serde_JSON").await).await;
    assert_eq!(krate["name"], "Serde_json");
    assert_eq!(krate["versions"][0]["version"], "1.0.1");
}

#[tokio::test]
async fn errors_have_one_json_shape_and_health_endpoints_answer() {
    let daemon = Daemon::start(quick()).await;
    let response = daemon.get("/api/v1/jobs/999").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body = json(response).await;
    assert_eq!(body["error"]["code"], "unknown_job");
    assert!(body["error"]["message"].as_str().unwrap().contains("999"));
    assert_eq!(
        daemon.get("/api/v1/crates?limit=0").await.status(),
        StatusCode::BAD_REQUEST
    );

    assert_eq!(daemon.get("/health").await.status(), StatusCode::OK);
    assert_eq!(daemon.get("/ready").await.status(), StatusCode::OK);
    let metrics = daemon.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains("buildsrs_tasks{state=\"waiting\"} 0"),
        "{metrics}"
    );
    assert!(metrics.contains("buildsrs_claims_total 0"), "{metrics}");
}

#[tokio::test]
async fn downloads_are_reported_per_day_and_in_the_top_list_after_a_flush() {
    let settings = Settings {
        download_flush_interval: Duration::from_millis(100),
        ..Settings::default()
    };
    let daemon = Daemon::start(settings).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("itoa", "1.0.0")]).await;
    let job = builder.claim_one().await.job;
    let uploaded = builder
        .signed(
            Method::PUT,
            &format!("/api/v1/builder/jobs/{job}/artifacts/itoa.bin"),
            b"bytes".to_vec(),
        )
        .send()
        .await
        .unwrap();
    let artifact = json(uploaded).await["id"].as_i64().unwrap();
    let completed = builder
        .post(&path::complete(job), json!({ "result": "succeeded" }))
        .await;
    assert_eq!(completed.status(), StatusCode::OK);
    for _ in 0..2 {
        let download = daemon
            .get(&format!("/api/v1/artifacts/{artifact}/download"))
            .await;
        assert_eq!(download.status(), StatusCode::OK);
        // Counted once the body was handed out whole.
        assert_eq!(download.bytes().await.unwrap().as_ref(), b"bytes");
    }

    let deadline = Instant::now() + Duration::from_secs(10);
    let stats = loop {
        let stats = json(
            daemon
                .get(&format!("/api/v1/artifacts/{artifact}/downloads"))
                .await,
        )
        .await;
        if stats["total"] == 2 || Instant::now() > deadline {
            break stats;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(stats["total"], 2, "{stats}");
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(stats["daily"], json!([{ "date": today, "downloads": 2 }]));
    let top = json(daemon.get("/api/v1/stats/top-artifacts").await).await;
    assert_eq!(top[0]["artifact"], artifact);
    assert_eq!(top[0]["downloads"], 2);
    let metrics = daemon.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("buildsrs_downloads_total 2"), "{metrics}");
    assert!(metrics.contains("buildsrs_claims_total 1"), "{metrics}");
}

#[tokio::test]
async fn an_unclaimed_job_returns_its_task_to_the_queue() {
    let daemon = Daemon::start(quick()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("bytes", "1.0.0")]).await;
    // Both of the version's tasks, so the next claim can only be the one
    // given back.
    let all = builder.claim(1, 64).await;
    assert_eq!(all.len(), 2, "{all:?}");
    let first = &all[0];
    let unclaimed = builder.post(&path::unclaim(first.job), json!({})).await;
    assert_eq!(unclaimed.status(), StatusCode::NO_CONTENT);
    // Its lease is gone: a heartbeat for it is refused with a typed error.
    let heartbeat = builder.post(&path::heartbeat(first.job), json!({})).await;
    assert_eq!(heartbeat.status(), StatusCode::CONFLICT);
    let again = builder.claim_one().await;
    assert_eq!(again.task, first.task);
    assert_ne!(again.job, first.job);
}

#[tokio::test]
async fn a_claim_hands_out_up_to_its_slots_and_refuses_slots_out_of_range() {
    let daemon = Daemon::start(quick()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon
        .add_versions(&[("serde", "1.0.0"), ("rand", "0.8.5"), ("log", "0.4.0")])
        .await;

    // A binary and a metadata task for each of the three versions.
    let two = builder.claim(0, 2).await;
    assert_eq!(two.len(), 2, "{two:?}");
    let rest = builder.claim(0, 5).await;
    assert_eq!(rest.len(), 4, "the four tasks left: {rest:?}");
    let tasks: std::collections::HashSet<_> = two.iter().chain(&rest).map(|job| job.task).collect();
    assert_eq!(tasks.len(), 6, "every task once");
    assert!(builder.claim(0, 64).await.is_empty());

    for slots in [0, 65] {
        let response = builder.post(path::CLAIM, json!({ "slots": slots })).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{slots}");
        let body: api::ErrorBody = response.json().await.unwrap();
        assert_eq!(body.error.code, "invalid_slots");
        assert!(
            body.error.message.contains("slots"),
            "{}",
            body.error.message
        );
    }
    let metrics = daemon.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("buildsrs_claims_total 6"), "{metrics}");
}

#[tokio::test]
async fn an_infrastructure_error_delays_the_task_and_says_when_it_is_retried() {
    let daemon = Daemon::start(quick()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("serde", "1.0.0")]).await;
    let jobs = builder.claim(1, 64).await;
    assert_eq!(jobs.len(), 2, "{jobs:?}");
    let job = &jobs[0];
    let before = chrono::Utc::now();
    let completed = builder
        .post(
            &path::complete(job.job),
            json!({ "result": "infrastructure_error", "reason": "disk full" }),
        )
        .await;
    assert_eq!(completed.status(), StatusCode::OK);
    let completed: api::Completed = completed.json().await.unwrap();
    assert_eq!(completed.task_state, api::TaskState::Delayed);
    let retry_at = completed.retry_at.expect("a delayed task has a retry time");
    assert!(retry_at > before, "{retry_at} is after {before}");
    // Not before its time: nothing to claim now (the other task is leased).
    assert!(builder.claim(0, 64).await.is_empty());
}

#[tokio::test]
async fn the_periodic_scrub_quarantines_an_artifact_corrupted_on_disk() {
    let daemon = Daemon::start(Settings {
        scrub_interval: Duration::from_millis(200),
        ..quick()
    })
    .await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("log", "0.4.0")]).await;
    let job = builder.claim_one().await.job;
    let bytes = b"scrubbed".to_vec();
    let uploaded = builder
        .signed(
            Method::PUT,
            &format!("/api/v1/builder/jobs/{job}/artifacts/log.bin"),
            bytes.clone(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let hex = hex::encode(Sha256::digest(&bytes));
    let stored = daemon
        .storage
        .path()
        .join("sha256")
        .join(&hex[..2])
        .join(&hex[2..4])
        .join(&hex);
    let quarantined = daemon.storage.path().join("quarantine").join(&hex);

    // Intact through several scrubs.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(stored.exists() && !quarantined.exists());

    std::fs::write(&stored, b"tampered").unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !quarantined.exists() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the scrub never quarantined the corrupted file"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!stored.exists(), "moved, not copied");
    assert_eq!(std::fs::read(&quarantined).unwrap(), b"tampered");
}
