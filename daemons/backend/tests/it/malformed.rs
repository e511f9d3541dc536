//! Malformed requests to every route: each gets a 4xx in the one JSON error
//! shape, the daemon keeps serving, and nothing is stored.

use buildsrs_protocol::api::ErrorBody;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{Builder, Daemon};

/// Checks one answer: a 4xx with `{"error": {"code", "message"}}`; returns
/// the code.
async fn refused(what: &str, response: reqwest::Response) -> String {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|value| value.to_str().unwrap().to_owned());
    let text = response.text().await.unwrap();
    assert!(
        status.is_client_error(),
        "{what}: {status} is not a 4xx: {text}"
    );
    assert_eq!(
        content_type.as_deref(),
        Some("application/json"),
        "{what}: {status} {text}"
    );
    let body: Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{what}: {status} body is not JSON ({error}): {text}"));
    let code = body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no error code: {text}"));
    let message = body["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no error message: {text}"));
    assert!(!code.is_empty() && !message.is_empty(), "{what}: {text}");
    // The shape builders parse, too.
    let parsed: ErrorBody = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{what}: not an ErrorBody ({error}): {text}"));
    assert_eq!(
        (parsed.error.code.as_str(), parsed.error.message.as_str()),
        (code, message)
    );
    code.to_owned()
}

/// A daemon whose one builder holds one job, as every family of malformed
/// requests starts: small limits, so that "too large" is quick to reach.
async fn a_builder_with_a_job() -> (Daemon, Builder, i64) {
    let settings = buildsrs_backend_daemon::Settings {
        max_body: 64 << 10,
        max_artifact_size: 1 << 20,
        ..buildsrs_backend_daemon::Settings::default()
    };
    let daemon = Daemon::start(settings).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("serde", "1.0.0")]).await;
    let claimed = builder
        .post("/api/v1/builder/jobs/claim", json!({ "wait_seconds": 0 }))
        .await;
    assert_eq!(claimed.status(), StatusCode::OK);
    let job = claimed.json::<Value>().await.unwrap()["jobs"][0]["job"]
        .as_i64()
        .unwrap();
    (daemon, builder, job)
}

/// Still serving, and nothing was stored: the job has no line, no
/// artifact, and is still active in its first stage; storage is empty.
async fn assert_serving_and_nothing_stored(daemon: &Daemon, job: i64, tried: usize) {
    assert_eq!(daemon.get("/health").await.status(), StatusCode::OK);
    let status: Value = daemon
        .get(&format!("/api/v1/jobs/{job}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status["log_lines"], 0, "{status}");
    assert_eq!(status["stage"], "init", "{status}");
    assert_eq!(status["state"], "active", "{status}");
    assert!(
        daemon
            .backend
            .artifacts(buildsrs_backend::JobId(job))
            .await
            .unwrap()
            .is_empty()
    );
    let stored = walk(daemon.storage.path());
    assert!(stored.is_empty(), "storage holds {stored:?}");
    println!("malformed HTTP requests tried: {tried}, every one a JSON 4xx");
}

/// POSTs each signed body to `/api/v1/builder/{route}`, as JSON and as
/// text; each must be refused with its code. Answers how many were tried.
async fn refuse_bodies(builder: &Builder, bodies: Vec<(String, Vec<u8>, &str)>) -> usize {
    let mut tried = 0;
    for (route, body, code) in bodies {
        let path = format!("/api/v1/builder/{route}");
        let what = format!("POST {path} {:?}", String::from_utf8_lossy(&body));
        for content_type in ["application/json", "text/plain"] {
            let response = builder
                .signed(Method::POST, &path, body.clone())
                .header("content-type", content_type)
                .send()
                .await
                .unwrap();
            assert_eq!(refused(&what, response).await, code, "{what}");
            tried += 1;
        }
    }
    tried
}

#[tokio::test]
async fn malformed_claim_bodies_get_a_json_4xx_and_store_nothing() {
    let (daemon, builder, job) = a_builder_with_a_job().await;
    let claim = |body: &[u8], code| ("jobs/claim".to_owned(), body.to_vec(), code);
    let bodies = vec![
        claim(b"{\"wait_seconds\":", "bad_request"),
        claim(b"{\"wait_seconds\":\"soon\"}", "bad_request"),
        claim(b"{\"wait_seconds\":-1}", "bad_request"),
        claim(b"[1, 2, 3]", "bad_request"),
        // An array serde would read as the struct's fields: not an object.
        claim(b"[0, 1]", "bad_request"),
        claim(b"\xff\xfe\x00", "bad_request"),
        claim(b"", "bad_request"),
        claim(b"{\"slots\":0}", "invalid_slots"),
        claim(b"{\"slots\":65}", "invalid_slots"),
        claim(b"{\"slots\":-1}", "bad_request"),
    ];
    let tried = refuse_bodies(&builder, bodies).await;
    assert_serving_and_nothing_stored(&daemon, job, tried).await;
}

#[tokio::test]
async fn malformed_stage_and_log_bodies_get_a_json_4xx_and_store_nothing() {
    let (daemon, builder, job) = a_builder_with_a_job().await;
    let stage = format!("jobs/{job}/stage");
    let logs = format!("jobs/{job}/logs");
    let huge_line = "x".repeat(70 << 10);
    let bodies: Vec<(String, Vec<u8>, &str)> = vec![
        (
            stage.clone(),
            b"{\"stage\":\"deploy\"}".to_vec(),
            "bad_request",
        ),
        (stage.clone(), b"{}".to_vec(), "bad_request"),
        (stage, b"null".to_vec(), "bad_request"),
        (logs.clone(), b"{}".to_vec(), "bad_request"),
        (
            logs.clone(),
            br#"{"stage":"init","first_line":0,"lines":"one line"}"#.to_vec(),
            "bad_request",
        ),
        (
            logs.clone(),
            br#"{"stage":"init","first_line":"zero","lines":[]}"#.to_vec(),
            "bad_request",
        ),
        (
            logs.clone(),
            br#"{"stage":"init","first_line":0,"lines":[1,2]}"#.to_vec(),
            "bad_request",
        ),
        (
            logs.clone(),
            br#"{"stage":"init","first_line":99999999999999999999,"lines":[]}"#.to_vec(),
            "bad_request",
        ),
        (
            logs.clone(),
            br#"{"stage":"init","first_line":5,"lines":["out of order"]}"#.to_vec(),
            "log_out_of_order",
        ),
        (
            logs.clone(),
            br#"{"stage":"upload","first_line":0,"lines":["ahead"]}"#.to_vec(),
            "log_stage_ahead",
        ),
        (
            logs,
            serde_json::to_vec(&json!({"stage":"init","first_line":0,"lines":[huge_line]}))
                .unwrap(),
            "too_large",
        ),
    ];
    let tried = refuse_bodies(&builder, bodies).await;
    assert_serving_and_nothing_stored(&daemon, job, tried).await;
}

#[tokio::test]
async fn malformed_complete_heartbeat_and_unclaim_bodies_get_a_json_4xx_and_store_nothing() {
    let (daemon, builder, job) = a_builder_with_a_job().await;
    let complete = format!("jobs/{job}/complete");
    let bodies: Vec<(String, Vec<u8>, &str)> = vec![
        (
            complete.clone(),
            b"{\"success\":\"yes\"}".to_vec(),
            "bad_request",
        ),
        (complete.clone(), b"{}".to_vec(), "bad_request"),
        (
            complete.clone(),
            b"{\"success\":true}".to_vec(),
            "bad_request",
        ),
        (
            complete.clone(),
            b"{\"result\":\"maybe\"}".to_vec(),
            "bad_request",
        ),
        (
            complete.clone(),
            br#"{"result":"succeeded","exit_code":"zero"}"#.to_vec(),
            "bad_request",
        ),
        (
            complete,
            serde_json::to_vec(&json!({ "result": "build_failed", "reason": "r".repeat(1025) }))
                .unwrap(),
            "invalid_reason",
        ),
        (
            format!("jobs/{job}/heartbeat"),
            b"{".to_vec(),
            "bad_request",
        ),
        (
            format!("jobs/{job}/unclaim"),
            b"not json".to_vec(),
            "bad_request",
        ),
        // Valid JSON that is not an object, as schemathesis sent it.
        (
            format!("jobs/{job}/heartbeat"),
            b"[]".to_vec(),
            "bad_request",
        ),
        (format!("jobs/{job}/unclaim"), b"5".to_vec(), "bad_request"),
        (
            format!("jobs/{job}/complete"),
            b"[\"succeeded\", 0, null]".to_vec(),
            "bad_request",
        ),
    ];
    let tried = refuse_bodies(&builder, bodies).await;
    assert_serving_and_nothing_stored(&daemon, job, tried).await;
}

#[tokio::test]
async fn invalid_ids_and_names_in_signed_paths_get_a_json_4xx_and_store_nothing() {
    let (daemon, builder, job) = a_builder_with_a_job().await;
    let paths = [
        (
            Method::POST,
            "/api/v1/builder/jobs/abc/heartbeat".to_owned(),
        ),
        (Method::POST, "/api/v1/builder/jobs/-1/heartbeat".to_owned()),
        (
            Method::POST,
            "/api/v1/builder/jobs/99999999999999999999/complete".to_owned(),
        ),
        (Method::POST, "/api/v1/builder/jobs/1.5/stage".to_owned()),
        (Method::POST, "/api/v1/builder/jobs/%00/unclaim".to_owned()),
        (
            Method::PUT,
            format!("/api/v1/builder/jobs/{job}/artifacts/a%20b"),
        ),
        (
            Method::PUT,
            format!("/api/v1/builder/jobs/{job}/artifacts/.."),
        ),
        (
            Method::PUT,
            format!("/api/v1/builder/jobs/{job}/artifacts/{}", "n".repeat(300)),
        ),
        (
            Method::PUT,
            "/api/v1/builder/jobs/abc/artifacts/file".to_owned(),
        ),
        (Method::GET, "/api/v1/builder/jobs/claim".to_owned()),
    ];
    let mut tried = 0;
    for (method, path) in paths {
        let body = b"{\"result\":\"succeeded\"}".to_vec();
        let response = builder
            .signed(method.clone(), &path, body)
            .header("content-type", "application/json")
            .send()
            .await
            .unwrap();
        refused(&format!("{method} {path}"), response).await;
        tried += 1;
    }
    assert_serving_and_nothing_stored(&daemon, job, tried).await;
}

#[tokio::test]
async fn garbage_or_missing_signature_headers_get_a_json_4xx_and_store_nothing() {
    let (daemon, builder, job) = a_builder_with_a_job().await;
    let claim = "/api/v1/builder/jobs/claim";
    let signed_claim = || {
        builder
            .signed(Method::POST, claim, b"{}".to_vec())
            .build()
            .unwrap()
    };
    let garbage = [
        ("x-buildsrs-signature", "!!! not base64 !!!"),
        ("x-buildsrs-signature", "AAAA"),
        ("x-buildsrs-key", "SHA256:nope"),
        ("x-buildsrs-key", ""),
        ("x-buildsrs-timestamp", "yesterday"),
        ("x-buildsrs-timestamp", "99999999999999999999999"),
        ("x-buildsrs-timestamp", "-1"),
        ("x-buildsrs-nonce", "short"),
        ("x-buildsrs-nonce", "has spaces in it, which are refused"),
        ("x-buildsrs-content-sha256", "zz"),
        ("x-buildsrs-content-sha256", &"0".repeat(64)),
    ];
    let mut tried = 0;
    for (header, value) in garbage {
        let mut request = signed_claim();
        request.headers_mut().insert(header, value.parse().unwrap());
        let response = daemon.http.execute(request).await.unwrap();
        let what = format!("{header}: {value}");
        assert!(
            matches!(
                response.status(),
                StatusCode::UNAUTHORIZED | StatusCode::BAD_REQUEST
            ),
            "{what}: {}",
            response.status()
        );
        refused(&what, response).await;
        tried += 1;
    }
    for header in [
        "x-buildsrs-signature",
        "x-buildsrs-key",
        "x-buildsrs-timestamp",
        "x-buildsrs-nonce",
        "x-buildsrs-content-sha256",
    ] {
        let mut request = signed_claim();
        request.headers_mut().remove(header);
        let response = daemon.http.execute(request).await.unwrap();
        refused(&format!("without {header}"), response).await;
        tried += 1;
    }
    assert_serving_and_nothing_stored(&daemon, job, tried).await;
}

#[tokio::test]
async fn uploads_without_a_length_or_over_the_limit_get_a_json_4xx_and_store_nothing() {
    let (daemon, builder, job) = a_builder_with_a_job().await;
    let mut chunked = builder
        .signed(
            Method::PUT,
            &format!("/api/v1/builder/jobs/{job}/artifacts/file"),
            Vec::new(),
        )
        .build()
        .unwrap();
    let chunks = futures::stream::iter([Ok::<_, std::io::Error>(vec![1u8; 10])]);
    *chunked.body_mut() = Some(reqwest::Body::wrap_stream(chunks));
    refused(
        "chunked upload",
        daemon.http.execute(chunked).await.unwrap(),
    )
    .await;
    let too_big = vec![0u8; (1 << 20) + 1];
    let response = builder
        .signed(
            Method::PUT,
            &format!("/api/v1/builder/jobs/{job}/artifacts/big"),
            too_big,
        )
        .send()
        .await
        .unwrap();
    refused("an upload over the limit", response).await;
    assert_serving_and_nothing_stored(&daemon, job, 2).await;
}

#[tokio::test]
async fn public_routes_with_bad_ids_and_queries_get_a_json_4xx_and_store_nothing() {
    let (daemon, _builder, job) = a_builder_with_a_job().await;
    let public = [
        "/api/v1/jobs/abc",
        "/api/v1/jobs/-1",
        "/api/v1/jobs/99999999999999999999",
        "/api/v1/jobs/1/logs?from=-5",
        "/api/v1/jobs/1/logs?from=abc",
        "/api/v1/jobs/1/logs?limit=0",
        "/api/v1/jobs/1/logs?limit=99999999999999999999",
        "/api/v1/jobs/abc/logs/stream",
        "/api/v1/crates?limit=abc",
        "/api/v1/crates?limit=-1",
        "/api/v1/crates?limit=100000",
        "/api/v1/crates/no-such-crate",
        "/api/v1/crates/serde/not-a-version",
        "/api/v1/artifacts/abc/download",
        "/api/v1/artifacts/424242/download",
        "/api/v1/artifacts/1/downloads?from=yesterday",
        "/api/v1/artifacts/1/downloads?from=2025-02-30",
        "/api/v1/artifacts/1/downloads?from=2025-03-02&to=2025-03-01",
        "/api/v1/stats/top-artifacts?limit=abc",
        "/api/v1/stats/top-artifacts?to=2025-13-01",
        "/api/v1/no-such-route",
    ];
    for path in public {
        refused(path, daemon.get(path).await).await;
    }
    let response = daemon
        .http
        .delete(format!("{}/api/v1/crates", daemon.base))
        .send()
        .await
        .unwrap();
    refused("DELETE /api/v1/crates", response).await;
    assert_serving_and_nothing_stored(&daemon, job, public.len() + 1).await;
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            files.extend(walk(&entry.path()));
        } else {
            files.push(entry.path());
        }
    }
    files
}

#[test]
fn bad_command_lines_exit_2_naming_the_bad_argument() {
    let cases: &[(&[&str], &str)] = &[
        (&["--no-such-flag"], "--no-such-flag"),
        (&["--listen", "not-an-address"], "--listen"),
        (&["--listen", "127.0.0.1:99999"], "--listen"),
        (&["--lease", "forever"], "--lease"),
        (&["--max-attempts", "three"], "--max-attempts"),
        (&["--max-body=-1"], "--max-body"),
        (&["--max-artifact-size", "1GB"], "--max-artifact-size"),
        (&["--auth-window", "5 fortnights"], "--auth-window"),
        (&["--log-format", "yaml"], "--log-format"),
        (&["--database-pool-size", "many"], "--database-pool-size"),
        (
            &["--database-statement-timeout", "x"],
            "--database-statement-timeout",
        ),
        (&["serve"], "serve"),
    ];
    for (args, named) in cases {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_buildsrs-backend"))
            .args(*args)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(named), "{args:?} names {named}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    println!("bad buildsrs-backend command lines tried: {}", cases.len());
}
