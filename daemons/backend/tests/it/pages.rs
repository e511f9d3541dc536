//! The web pages over HTTP: each renders from real data, escapes what came
//! from the index or a builder, and carries the strict policy.

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

#[tokio::test]
async fn every_page_renders_real_data_under_a_strict_policy() {
    let daemon = Daemon::start(Settings::default()).await;
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
    assert!(
        front.contains("active"),
        "the queue shows the claimed task: {front}"
    );

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

/// `text` percent-encoded for a path segment.
fn urlencode(text: &str) -> String {
    text.bytes().map(|byte| format!("%{byte:02X}")).collect()
}
