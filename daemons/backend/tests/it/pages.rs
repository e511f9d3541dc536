//! The web pages over HTTP: each renders from real data, escapes what came
//! from the index or a builder, and carries the strict policy.

use std::time::Duration;

use buildsrs_backend_daemon::Settings;
use buildsrs_protocol::api::path;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::{Builder, Daemon};

/// A page's status, its policy header and its HTML.
async fn page(daemon: &Daemon, path: &str) -> (StatusCode, String, String) {
    let response = daemon.get(path).await;
    let status = response.status();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("text/html"),
        "{path}: {content_type}"
    );
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    (status, policy, response.text().await.unwrap())
}

/// Settings whose queue counter counts every 50 ms, so pages show the queue
/// as it is by the time a test looks.
fn counting_often() -> Settings {
    Settings {
        queue_count_interval: Duration::from_millis(50),
        ..Settings::default()
    }
}

/// The page at `path` once its HTML contains `text`, within five seconds.
async fn page_showing(daemon: &Daemon, path: &str, text: &str) -> String {
    let mut html = String::new();
    for _ in 0..100 {
        let (status, _, body) = page(daemon, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        if body.contains(text) {
            return body;
        }
        html = body;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{path} never showed {text:?}: {html}");
}

#[tokio::test]
async fn every_page_renders_real_data_under_a_strict_policy() {
    let daemon = Daemon::start(counting_often()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon
        .add_versions(&[("serde", "1.0.0"), ("serde", "1.0.1")])
        .await;
    let job = builder.claim_one().await.job;
    let logged = builder
        .post(
            &path::logs(job),
            json!({ "stage": "init", "first_line": 0, "lines": ["Compiling serde v1.0.1"] }),
        )
        .await;
    assert_eq!(logged.status(), StatusCode::OK);

    let (status, policy, front) = page(&daemon, "/?q=ser").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        policy.contains("script-src 'self'") && policy.contains("default-src 'none'"),
        "{policy}"
    );
    assert!(front.contains(r#"href="/crates/serde""#), "{front}");
    // The queue, as the counter last counted it, shows the claimed task.
    page_showing(&daemon, "/", r#"<td class="number">1</td>"#).await;

    let (status, _, krate) = page(&daemon, "/crates/serde").await;
    assert_eq!(status, StatusCode::OK);
    let newest = krate.find("1.0.1").unwrap();
    assert!(
        newest < krate.find("1.0.0").unwrap(),
        "newest first: {krate}"
    );
    assert!(krate.contains("x86_64-unknown-linux-gnu"), "{krate}");

    let (status, _, version) = page(&daemon, "/crates/serde/1.0.1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        version.contains(&format!(r#"href="/jobs/{job}""#)),
        "{version}"
    );

    let (status, _, job_page) = page(&daemon, &format!("/jobs/{job}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(job_page.contains("Compiling serde v1.0.1"), "{job_page}");
    assert!(
        job_page.contains(r#"data-live="true""#),
        "a running job is followed: {job_page}"
    );
}

#[tokio::test]
async fn versions_and_log_lines_from_outside_are_shown_as_text() {
    let daemon = Daemon::start(Settings::default()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    // Crate names are checked by the schema; versions and log lines are
    // any text the index or a builder sent.
    let hostile = "<script>alert(1)</script>";
    let version = format!("1.0.0\"{hostile}");
    daemon.add_versions(&[("evil", version.as_str())]).await;
    let job = builder.claim_one().await.job;
    let logged = builder
        .post(
            &path::logs(job),
            json!({ "stage": "init", "first_line": 0, "lines": [hostile] }),
        )
        .await;
    assert_eq!(logged.status(), StatusCode::OK);

    for path in [
        "/crates/evil".to_owned(),
        format!("/crates/evil/{}", urlencode(&version)),
        format!("/jobs/{job}"),
    ] {
        let (status, _, html) = page(&daemon, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!html.contains("<script>alert"), "{path}: {html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}: {html}"
        );
    }
}

#[tokio::test]
async fn a_page_of_something_unknown_is_a_404_page() {
    let daemon = Daemon::start(Settings::default()).await;
    let (status, _, html) = page(&daemon, "/crates/no-such-crate").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        html.contains("No crate is named “no-such-crate”."),
        "{html}"
    );
    let (status, _, _) = page(&daemon, "/jobs/123456").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_status_page_shows_the_sync_the_queue_the_builders_and_jobs_per_minute() {
    let daemon = Daemon::start(counting_often()).await;
    let (status, _, empty) = page(&daemon, "/status").await;
    assert_eq!(status, StatusCode::OK);
    assert!(empty.contains("registry-sync has not run"), "{empty}");
    assert!(empty.contains("No builder is registered."), "{empty}");

    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("serde", "1.0.0")]).await;
    let job = builder.claim_one().await.job;
    let html = page_showing(&daemon, "/status", ">active<").await;
    assert!(html.contains("x86_64-unknown-linux-gnu"), "{html}");
    assert!(
        html.contains(r#"<td class="number">1</td></tr></table><h2>Jobs per minute"#),
        "the builder holds one job: {html}"
    );
    assert!(html.contains(": 1 claimed"), "{html}");

    let completed = builder
        .post(&path::complete(job), json!({ "result": "build_failed" }))
        .await;
    assert_eq!(completed.status(), StatusCode::OK);
    let html = page(&daemon, "/status").await.2;
    assert!(html.contains(": 1 completed"), "{html}");
    let front = page(&daemon, "/").await.2;
    assert!(
        front.contains(&format!(r#"href="/jobs/{job}""#)) && front.contains("build_failed"),
        "the front page lists the finished job: {front}"
    );
}

/// `text` percent-encoded for a path segment.
fn urlencode(text: &str) -> String {
    text.bytes().map(|byte| format!("%{byte:02X}")).collect()
}
