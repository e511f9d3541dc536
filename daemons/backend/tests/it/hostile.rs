//! Hostile input, one attack a test (issue 14): text PostgreSQL cannot
//! store, dates out of its range, numbers that overflow, dot names, and
//! downloads that must not be counted. Each is refused at the edge with a
//! stable code, never a 503 or a panic, and the daemon keeps serving.

use buildsrs_protocol::api::path;
use buildsrs_protocol::digest::Sha256Digest;
use buildsrs_protocol::signing::sign_request;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use ssh_key::{Algorithm, PrivateKey};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::harness::{Builder, Daemon};

/// A daemon whose one builder holds one job.
async fn a_builder_with_a_job() -> (Daemon, Builder, i64) {
    let daemon = Daemon::start(buildsrs_backend_daemon::Settings::default()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("serde", "1.0.0")]).await;
    let job = builder.claim_one().await.job.0;
    (daemon, builder, job)
}

/// A daemon serving one published artifact holding `bytes`; its id.
async fn a_published_artifact(bytes: &[u8]) -> (Daemon, i64) {
    let (daemon, builder, job) = a_builder_with_a_job().await;
    let artifact = upload(&builder, job, "serde.bin", bytes).await;
    let completed = builder
        .post(
            &path::complete(buildsrs_protocol::api::JobId(job)),
            json!({ "result": "succeeded" }),
        )
        .await;
    assert_eq!(completed.status(), StatusCode::OK);
    (daemon, artifact)
}

/// Uploads an artifact, which must be created; its id.
pub(crate) async fn upload(builder: &Builder, job: i64, name: &str, bytes: &[u8]) -> i64 {
    let response = builder
        .signed(
            Method::PUT,
            &format!("/api/v1/builder/jobs/{job}/artifacts/{name}"),
            bytes.to_vec(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// The status and error code of an answer.
pub(crate) async fn status_and_code(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or_default();
    (
        status,
        body["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

/// `buildsrs_downloads_total`, counted as each download completes.
pub(crate) async fn downloads_counted(daemon: &Daemon) -> u64 {
    let metrics = daemon.get("/metrics").await.text().await.unwrap();
    metrics
        .lines()
        .find_map(|line| line.strip_prefix("buildsrs_downloads_total "))
        .and_then(|count| count.trim().parse().ok())
        .unwrap_or_else(|| panic!("no download count in {metrics}"))
}

/// `GET` of the artifact's download with `headers`.
async fn download(daemon: &Daemon, artifact: i64, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.insert(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    daemon
        .http
        .get(format!(
            "{}/api/v1/artifacts/{artifact}/download",
            daemon.base
        ))
        .headers(map)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_nul_in_a_crate_prefix_name_or_version_is_a_400_invalid_text() {
    let (daemon, _builder, _job) = a_builder_with_a_job().await;
    for path in [
        "/api/v1/crates?prefix=se%00",
        "/api/v1/crates?after=%00",
        "/api/v1/crates/se%00rde",
        "/api/v1/crates/serde/1.0.0%00",
        "/api/v1/crates/se%00rde/1.0.0",
    ] {
        let answer = status_and_code(daemon.get(path).await).await;
        assert_eq!(
            answer,
            (StatusCode::BAD_REQUEST, "invalid_text".to_owned()),
            "{path}"
        );
    }
    let long = format!("/api/v1/crates?prefix={}", "x".repeat(2000));
    let answer = status_and_code(daemon.get(&long).await).await;
    assert_eq!(answer.1, "invalid_text");
    assert_eq!(
        daemon.get("/api/v1/crates/serde").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn dates_out_of_range_are_a_400_invalid_date_not_a_panic() {
    let (daemon, artifact) = a_published_artifact(b"bytes").await;
    for query in [
        "from=0000-12-31",
        "to=0000-12-31",
        "from=+10000-01-01",
        "to=+262142-12-31",
        "to=-262143-01-01",
    ] {
        for route in [
            format!("/api/v1/artifacts/{artifact}/downloads?{query}"),
            format!("/api/v1/stats/top-artifacts?{query}"),
        ] {
            let (status, code) = status_and_code(daemon.get(&route).await).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{route}");
            assert!(
                code == "invalid_date" || code == "bad_request",
                "{route}: {code}"
            );
        }
    }
    let route = format!("/api/v1/artifacts/{artifact}/downloads?to=0001-01-01");
    assert_eq!(daemon.get(&route).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_nul_in_a_log_line_is_a_400_invalid_log_line_and_stores_nothing() {
    let (daemon, builder, job) = a_builder_with_a_job().await;
    let logs = path::logs(buildsrs_protocol::api::JobId(job));
    let batch = json!({ "stage": "init", "first_line": 0, "lines": ["fine", "bad\u{0}line"] });
    let answer = status_and_code(builder.post(&logs, batch).await).await;
    assert_eq!(
        answer,
        (StatusCode::BAD_REQUEST, "invalid_log_line".to_owned())
    );
    let status: Value = daemon
        .get(&format!("/api/v1/jobs/{job}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status["log_lines"], 0, "{status}");
    // The same batch as the reference builder sends it is stored.
    let batch = json!({ "stage": "init", "first_line": 0, "lines": ["fine", "bad\u{FFFD}line"] });
    assert_eq!(builder.post(&logs, batch).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_nul_in_a_completion_reason_is_a_400_not_a_database_error() {
    let (_daemon, builder, job) = a_builder_with_a_job().await;
    let complete = path::complete(buildsrs_protocol::api::JobId(job));
    let body = json!({ "result": "build_failed", "reason": "bad\u{0}reason" });
    let answer = status_and_code(builder.post(&complete, body).await).await;
    assert_eq!(
        answer,
        (StatusCode::BAD_REQUEST, "invalid_reason".to_owned())
    );
}

#[tokio::test]
async fn an_overflowing_last_event_id_is_a_400_not_a_panic() {
    let (daemon, _builder, job) = a_builder_with_a_job().await;
    let stream = format!("{}/api/v1/jobs/{job}/logs/stream", daemon.base);
    for last in ["9223372036854775807", "-1", "-9223372036854775808", "1e3"] {
        let response = daemon
            .http
            .get(&stream)
            .header("last-event-id", last)
            .send()
            .await
            .unwrap();
        assert_eq!(
            status_and_code(response).await.0,
            StatusCode::BAD_REQUEST,
            "{last}"
        );
    }
    assert_eq!(daemon.get("/health").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_signed_timestamp_at_the_ends_of_i64_is_stale_not_a_panic() {
    let daemon = Daemon::start(buildsrs_backend_daemon::Settings::default()).await;
    let key = PrivateKey::random(&mut rand_core::OsRng, Algorithm::Ed25519).unwrap();
    daemon.register_builder(key.public_key());
    for (timestamp, nonce) in [
        (i64::MIN, "nonce-min-0123456789"),
        (i64::MAX, "nonce-max-0123456789"),
    ] {
        let body = b"{}".to_vec();
        let headers = sign_request(
            &key,
            "POST",
            path::CLAIM,
            Sha256Digest::of(&body),
            timestamp,
            nonce,
        )
        .unwrap();
        let mut request = daemon.http.post(format!("{}{}", daemon.base, path::CLAIM));
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request.body(body).send().await.unwrap();
        let answer = status_and_code(response).await;
        assert_eq!(
            answer,
            (StatusCode::UNAUTHORIZED, "stale_request".to_owned()),
            "{timestamp}"
        );
    }
    assert_eq!(daemon.get("/health").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn head_answers_the_headers_of_a_download_and_is_never_counted() {
    let bytes = b"0123456789".repeat(10);
    let (daemon, artifact) = a_published_artifact(&bytes).await;
    let url = format!("{}/api/v1/artifacts/{artifact}/download", daemon.base);
    for _ in 0..3 {
        let head = daemon.http.head(&url).send().await.unwrap();
        assert_eq!(head.status(), StatusCode::OK);
        let etag = head.headers()["etag"].to_str().unwrap().to_owned();
        assert_eq!(etag, format!("\"{}\"", Sha256Digest::of(&bytes).to_hex()));
        assert_eq!(head.headers()["accept-ranges"], "bytes");
        assert!(head.bytes().await.unwrap().is_empty());
    }
    assert_eq!(downloads_counted(&daemon).await, 0);
    let get = download(&daemon, artifact, &[]).await;
    assert_eq!(get.bytes().await.unwrap().as_ref(), bytes);
    assert_eq!(downloads_counted(&daemon).await, 1);
}

#[tokio::test]
async fn one_range_is_a_206_past_the_end_a_416_and_several_ranges_the_whole_body() {
    let bytes: Vec<u8> = (0..100).collect();
    let (daemon, artifact) = a_published_artifact(&bytes).await;

    let part = download(&daemon, artifact, &[("range", "bytes=10-19")]).await;
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.headers()["content-range"], "bytes 10-19/100");
    assert_eq!(part.bytes().await.unwrap().as_ref(), &bytes[10..20]);

    let suffix = download(&daemon, artifact, &[("range", "bytes=-5")]).await;
    assert_eq!(suffix.headers()["content-range"], "bytes 95-99/100");
    assert_eq!(suffix.bytes().await.unwrap().as_ref(), &bytes[95..]);

    let past = download(&daemon, artifact, &[("range", "bytes=100-")]).await;
    assert_eq!(past.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(past.headers()["content-range"], "bytes */100");
    assert_eq!(status_and_code(past).await.1, "range_not_satisfiable");

    let several = download(&daemon, artifact, &[("range", "bytes=0-1,5-6")]).await;
    assert_eq!(several.status(), StatusCode::OK);
    assert_eq!(several.bytes().await.unwrap().as_ref(), bytes);
}

#[tokio::test]
async fn a_download_is_counted_only_when_its_last_byte_was_handed_out() {
    let bytes: Vec<u8> = (0..100).collect();
    let (daemon, artifact) = a_published_artifact(&bytes).await;
    let first_half = download(&daemon, artifact, &[("range", "bytes=0-49")]).await;
    assert_eq!(first_half.bytes().await.unwrap().len(), 50);
    assert_eq!(downloads_counted(&daemon).await, 0, "a part before the end");
    let second_half = download(&daemon, artifact, &[("range", "bytes=50-")]).await;
    assert_eq!(second_half.bytes().await.unwrap().len(), 50);
    assert_eq!(
        downloads_counted(&daemon).await,
        1,
        "a resumed download, once"
    );
}

#[tokio::test]
async fn if_none_match_with_the_etag_is_a_304_and_an_if_range_of_another_tag_the_whole_body() {
    let bytes = b"conditional".to_vec();
    let (daemon, artifact) = a_published_artifact(&bytes).await;
    let etag = format!("\"{}\"", Sha256Digest::of(&bytes).to_hex());

    for condition in [etag.as_str(), "*", &format!("\"other\", W/{etag}")] {
        let cached = download(&daemon, artifact, &[("if-none-match", condition)]).await;
        assert_eq!(cached.status(), StatusCode::NOT_MODIFIED, "{condition}");
        assert_eq!(cached.headers()["etag"], etag.as_str());
    }
    assert_eq!(downloads_counted(&daemon).await, 0);
    let changed = download(&daemon, artifact, &[("if-none-match", "\"other\"")]).await;
    assert_eq!(changed.status(), StatusCode::OK);

    let stale = download(
        &daemon,
        artifact,
        &[("range", "bytes=0-3"), ("if-range", "\"other\"")],
    )
    .await;
    assert_eq!(stale.status(), StatusCode::OK);
    assert_eq!(stale.bytes().await.unwrap().as_ref(), bytes);
    let fresh = download(
        &daemon,
        artifact,
        &[("range", "bytes=0-3"), ("if-range", &etag)],
    )
    .await;
    assert_eq!(fresh.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(fresh.bytes().await.unwrap().as_ref(), b"cond");
}

/// Sends a signed `PUT` of `body` to `path` as written, byte for byte (an
/// HTTP client would resolve `.` and `..` segments); the status line and
/// the rest of the answer.
async fn raw_put(daemon: &Daemon, builder: &Builder, path: &str, body: &[u8]) -> String {
    let address = daemon.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut request = format!(
        "PUT {path} HTTP/1.1\r\nhost: {address}\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in builder.signature("PUT", path, body) {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn artifact_names_of_dots_or_starting_with_a_dot_or_dash_are_refused_and_not_stored() {
    let (daemon, builder, job) = a_builder_with_a_job().await;
    for name in [".", "..", "...", ".hidden", "-rf", "--help"] {
        let path = format!("/api/v1/builder/jobs/{job}/artifacts/{name}");
        let answer = raw_put(&daemon, &builder, &path, b"bytes").await;
        assert!(answer.starts_with("HTTP/1.1 400"), "{name}: {answer}");
        assert!(answer.contains("invalid_artifact_name"), "{name}: {answer}");
    }
    let artifacts = daemon
        .backend
        .artifacts(buildsrs_backend::JobId(job))
        .await
        .unwrap();
    assert!(artifacts.is_empty(), "{artifacts:?}");
    let sha256 = daemon.storage.path().join("sha256");
    assert_eq!(
        std::fs::read_dir(sha256).unwrap().count(),
        0,
        "no file was stored"
    );
}

#[tokio::test]
async fn an_artifact_signature_header_is_neither_stored_nor_published() {
    let (daemon, builder, job) = a_builder_with_a_job().await;
    let response = builder
        .signed(
            Method::PUT,
            &format!("/api/v1/builder/jobs/{job}/artifacts/serde.bin"),
            b"bytes".to_vec(),
        )
        .header("x-buildsrs-artifact-signature", "c2lnbmVkIGJ5IG5vYm9keQ==")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let completed = builder
        .post(
            &path::complete(buildsrs_protocol::api::JobId(job)),
            json!({ "result": "succeeded" }),
        )
        .await;
    assert_eq!(completed.status(), StatusCode::OK);
    let status: Value = daemon
        .get(&format!("/api/v1/jobs/{job}"))
        .await
        .json()
        .await
        .unwrap();
    let artifact = &status["artifacts"][0];
    assert_eq!(artifact["name"], "serde.bin", "{status}");
    assert!(artifact.get("signature").is_none(), "{artifact}");
}
