//! The client against hostile backends: every bad answer is a clear error
//! naming the call, never a panic.

use std::time::Duration;

use axum::http::StatusCode;
use buildsrs_builder::client::{BackendClient, ClientError, MAX_ANSWER_BYTES};
use buildsrs_protocol::api::JobId;
use buildsrs_protocol::signing::RequestSigner;

use crate::fake_backend::serve_fixed;

fn client(url: &str) -> (BackendClient, tempfile::TempDir) {
    let dir = crate::temp_dir();
    let key = crate::write_key(dir.path());
    let signer = RequestSigner::from_file(&key).unwrap();
    (BackendClient::new(reqwest::Client::new(), url, signer), dir)
}

async fn claim_from(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> ClientError {
    let url = serve_fixed(status, content_type, body).await;
    let (client, _dir) = client(&url);
    client.claim(1, Duration::ZERO).await.unwrap_err()
}

#[tokio::test]
async fn garbage_json_is_a_malformed_answer_naming_the_call() {
    let error = claim_from(
        StatusCode::OK,
        "application/json",
        b"{\"jobs\": [1, 2".to_vec(),
    )
    .await;
    assert!(matches!(error, ClientError::Malformed { .. }), "{error}");
    let text = error.to_string();
    assert!(text.contains("POST /api/v1/builder/jobs/claim"), "{text}");
    assert!(text.contains("malformed"), "{text}");
}

#[tokio::test]
async fn a_500_with_html_is_a_transient_error_with_a_snippet() {
    let error = claim_from(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/html",
        b"<html><body>Internal\nServer Error</body></html>".to_vec(),
    )
    .await;
    assert!(matches!(error, ClientError::BadErrorBody { .. }), "{error}");
    assert!(error.is_transient());
    let text = error.to_string();
    assert!(text.contains("500"), "{text}");
    assert!(text.contains("<html><body>Internal Server Error"), "{text}");
}

#[tokio::test]
async fn an_error_body_is_parsed_into_its_code_and_message() {
    let url = serve_fixed(
        StatusCode::CONFLICT,
        "application/json",
        br#"{"error": {"code": "lease_expired", "message": "job 5's lease expired"}}"#.to_vec(),
    )
    .await;
    let (client, _dir) = client(&url);
    let error = client.heartbeat(JobId(5)).await.unwrap_err();
    assert_eq!(error.code(), Some("lease_expired"));
    assert!(error.job_is_gone());
    assert!(!error.is_transient());
    let text = error.to_string();
    assert!(
        text.contains("POST /api/v1/builder/jobs/5/heartbeat"),
        "{text}"
    );
    assert!(
        text.contains("409 Conflict lease_expired: job 5's lease expired"),
        "{text}"
    );
}

#[tokio::test]
async fn a_claimed_job_with_a_non_hex_checksum_is_refused_with_the_reason() {
    let body = serde_json::json!({"jobs": [{
        "job": 9, "task": 1, "kind": "binary", "attempt": 1,
        "crate": "hello", "version": "0.1.0",
        "checksum": "zz".repeat(32),
        "target": "x86_64-unknown-linux-gnu",
        "lease_expires_at": "2030-01-01T00:00:00Z"
    }]});
    let url = serve_fixed(
        StatusCode::OK,
        "application/json",
        body.to_string().into_bytes(),
    )
    .await;
    let (client, _dir) = client(&url);
    let claimed = client.claim(1, Duration::ZERO).await.unwrap();
    assert!(claimed.jobs.is_empty());
    assert_eq!(claimed.invalid.len(), 1);
    assert_eq!(claimed.invalid[0].job, JobId(9));
    let text = claimed.invalid[0].to_string();
    assert!(text.contains("checksum"), "{text}");
}

#[tokio::test]
async fn claimed_jobs_with_names_that_could_escape_a_path_or_read_as_an_option_are_refused() {
    let job = |krate: &str, version: &str, target: &str| {
        serde_json::json!({
            "job": 1, "task": 1, "kind": "binary", "attempt": 1,
            "crate": krate, "version": version, "checksum": "ab".repeat(32),
            "target": target, "lease_expires_at": "2030-01-01T00:00:00Z"
        })
    };
    let body = serde_json::json!({"jobs": [
        job("../etc", "0.1.0", "x86_64-unknown-linux-gnu"),
        job("hello", "0.1.0/../../x", "x86_64-unknown-linux-gnu"),
        job("hello", "0.1.0", "../../target.json"),
        job("--help", "0.1.0", "x86_64-unknown-linux-gnu"),
        job("hello", "0.1.0", "x86_64-unknown-linux-gnu"),
    ]});
    let url = serve_fixed(
        StatusCode::OK,
        "application/json",
        body.to_string().into_bytes(),
    )
    .await;
    let (client, _dir) = client(&url);
    let claimed = client.claim(5, Duration::ZERO).await.unwrap();
    assert_eq!(claimed.invalid.len(), 4, "{:?}", claimed.invalid);
    assert_eq!(claimed.jobs.len(), 1);
}

#[tokio::test]
async fn a_huge_answer_is_cut_off_with_an_error() {
    let mut body = b"{\"jobs\": [".to_vec();
    body.resize(MAX_ANSWER_BYTES * 8, b' ');
    let error = claim_from(StatusCode::OK, "application/json", body).await;
    assert!(matches!(error, ClientError::TooLarge { .. }), "{error}");
}

#[tokio::test]
async fn an_empty_success_body_where_json_is_due_is_malformed() {
    let url = serve_fixed(StatusCode::OK, "application/json", Vec::new()).await;
    let (client, _dir) = client(&url);
    let error = client.heartbeat(JobId(1)).await.unwrap_err();
    assert!(matches!(error, ClientError::Malformed { .. }), "{error}");
    assert!(error.to_string().contains("empty body"), "{error}");
}

#[tokio::test]
async fn a_backend_that_is_down_is_a_transport_error() {
    // A port nothing listens on: bind one, then close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (client, _dir) = client(&format!("http://127.0.0.1:{port}"));
    let error = client.claim(1, Duration::ZERO).await.unwrap_err();
    assert!(matches!(error, ClientError::Transport { .. }), "{error}");
    assert!(error.is_transient());
    let text = error.to_string();
    assert!(text.contains("POST /api/v1/builder/jobs/claim"), "{text}");
    assert!(
        text.to_lowercase().contains("connect"),
        "the cause is missing: {text}"
    );
}
