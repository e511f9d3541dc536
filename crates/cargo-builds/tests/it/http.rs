//! Against a loopback server that plays the backend: an artifact whose
//! bytes are not the ones the API lists is a checksum mismatch and
//! installs nothing; error answers carry the server's message; an install
//! replaces its own binaries but another's file only when forced.

use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use buildsrs_protocol::digest::Sha256Digest;
use cargo_builds::Error;
use cargo_builds::client::Client;
use cargo_builds::install::{Request, install};
use cargo_builds::record::Record;
use cargo_builds::root::Root;
use cargo_builds::spec::CrateSpec;
use indicatif::ProgressBar;
use serde_json::json;

use crate::archive::{BINARY, artifact_bytes, file, manifest, manifest_entry};

const TARGET: &str = "x86_64-unknown-linux-gnu";
const SERVED: &[u8] = b"not the artifact the API lists";

/// A backend on 127.0.0.1 with crate `hello` 1.0.0, whose one artifact
/// is listed with the SHA-256 `listed` and served as `served`, and a crate
/// `broken` whose lookup fails with a JSON error.
async fn backend(served: Vec<u8>, listed: String) -> String {
    let size = served.len();
    let version = json!({
        "crate": "hello", "version": "1.0.0", "checksum": "0".repeat(64),
        "yanked": false, "removed": false,
        "tasks": [{"id": 1, "target": TARGET, "kind": "binary", "state": "succeeded",
                   "attempts": 1, "priority": 0}],
        "jobs": [{"id": 2, "task": 1, "builder": 1, "state": "succeeded", "stage": "upload",
                  "created_at": "2026-01-01T00:00:00Z", "finished_at": "2026-01-01T00:01:00Z",
                  "result": "succeeded", "exit_code": 0, "reason": null}],
        "artifacts": [{"id": 3, "job": 2, "name": format!("hello-1.0.0-{TARGET}.tar.gz"),
                       "sha256": listed, "size": size,
                       "created_at": "2026-01-01T00:01:00Z"}],
    });
    let krate = json!({
        "name": "hello", "removed": false, "latest_version": "1.0.0",
        "versions": [{"version": "1.0.0", "checksum": "0".repeat(64), "yanked": false, "removed": false}],
    });
    let app = Router::new()
        .route(
            "/api/v1/crates/hello",
            get(move || async move { Json(krate) }),
        )
        .route(
            "/api/v1/crates/hello/1.0.0",
            get(move || async move { Json(version) }),
        )
        .route(
            "/api/v1/artifacts/3/download",
            get(move || async move { served }),
        )
        .route(
            "/api/v1/crates/broken",
            get(|| async {
                let body =
                    json!({"error": {"code": "unavailable", "message": "the database is away"}});
                (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

fn request(root: &std::path::Path, spec: &str) -> Request {
    Request {
        spec: CrateSpec::parse(spec).unwrap(),
        target: TARGET.into(),
        root: Root::choose(Some(root.to_owned()), None, None).unwrap(),
        force: false,
    }
}

#[tokio::test]
async fn a_download_whose_sha256_differs_from_the_api_is_refused_and_installs_nothing() {
    let listed = Sha256Digest::of(b"the real artifact").to_hex();
    let client = Client::new(&backend(SERVED.to_vec(), listed).await).unwrap();
    let root = tempfile::tempdir().unwrap();
    let error = install(
        &client,
        &request(root.path(), "hello"),
        ProgressBar::hidden(),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, Error::ChecksumMismatch { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains(&Sha256Digest::of(SERVED).to_hex()),
        "{error}"
    );
    assert!(!root.path().join("bin").exists(), "nothing was installed");
    assert!(!root.path().join(".buildsrs-installs.json").exists());
}

#[tokio::test]
async fn an_error_answer_carries_the_servers_message_and_a_missing_crate_is_named() {
    let base = backend(SERVED.to_vec(), String::new()).await;
    let client = Client::new(&base).unwrap();
    let root = tempfile::tempdir().unwrap();
    let error = install(
        &client,
        &request(root.path(), "broken"),
        ProgressBar::hidden(),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, Error::Http { status: 503, .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("the database is away (unavailable)"),
        "{error}"
    );
    let missing = install(
        &client,
        &request(root.path(), "nothing"),
        ProgressBar::hidden(),
    )
    .await
    .unwrap_err();
    assert_eq!(
        missing.to_string(),
        format!("no crate is named \"nothing\" on {base}")
    );
}

#[tokio::test]
async fn an_install_replaces_its_own_binary_but_another_file_only_when_forced() {
    let artifact = artifact_bytes(&[
        manifest_entry(&manifest(&[("bin/hello", BINARY)])),
        file("bin/hello", BINARY),
    ]);
    let listed = Sha256Digest::of(&artifact).to_hex();
    let client = Client::new(&backend(artifact, listed.clone()).await).unwrap();
    let root = tempfile::tempdir().unwrap();
    let binary = root.path().join("bin/hello");
    std::fs::create_dir(root.path().join("bin")).unwrap();
    std::fs::write(&binary, b"someone else's").unwrap();

    let mut request = request(root.path(), "hello@1.0.0");
    let refused = install(&client, &request, ProgressBar::hidden())
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::WouldOverwrite { .. }), "{refused}");
    assert_eq!(std::fs::read(&binary).unwrap(), b"someone else's");

    request.force = true;
    let forced = install(&client, &request, ProgressBar::hidden())
        .await
        .unwrap();
    assert_eq!(forced.paths, std::slice::from_ref(&binary));
    assert_eq!(std::fs::read(&binary).unwrap(), BINARY);

    request.force = false;
    let again = install(&client, &request, ProgressBar::hidden())
        .await
        .unwrap();
    assert_eq!(again.replaced.unwrap().version, "1.0.0");
    let record = Record::load(&request.root).unwrap();
    assert_eq!(record.installs.len(), 1);
    assert_eq!(record.get("hello").unwrap().sha256, listed);
    let leftovers: Vec<_> = std::fs::read_dir(root.path().join("bin"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["hello"], "no staging directory is left behind");
}
