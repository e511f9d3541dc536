//! Sparse passes against a sparse index served over real HTTP on loopback.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{HeaderMap, Response, StatusCode, Uri};
use buildsrs_registry_sync::crate_file::index_path;
use buildsrs_registry_sync::{PassReport, SparseSource, SyncLock, SyncOptions, sync_sparse};
use tokio_util::sync::CancellationToken;

use crate::{latest, line, row, test_database, view};

/// What the test index serves and what it saw.
#[derive(Default)]
struct Index {
    /// Path -> (status, body); the ETag is derived from the body.
    files: HashMap<String, (StatusCode, String)>,
    full_answers: usize,
    not_modified: usize,
    gzipped: usize,
}

pub struct Server {
    url: String,
    index: Arc<Mutex<Index>>,
}

impl Server {
    pub async fn start() -> Self {
        let index = Arc::new(Mutex::new(Index::default()));
        let state = index.clone();
        let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
            let state = state.clone();
            async move { answer(&state, uri, headers) }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/index/", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, index }
    }

    pub fn publish(&self, name: &str, lines: &[String]) {
        let path = format!("/index/{}", index_path(name));
        self.index
            .lock()
            .unwrap()
            .files
            .insert(path, (StatusCode::OK, lines.join("\n") + "\n"));
    }

    fn set_status(&self, name: &str, status: StatusCode) {
        let path = format!("/index/{}", index_path(name));
        self.index
            .lock()
            .unwrap()
            .files
            .insert(path, (status, String::new()));
    }

    pub fn source(&self, crates: Option<&[&str]>) -> SparseSource {
        SparseSource {
            url: self.url.clone(),
            crates: crates.map(|names| names.iter().map(|name| name.to_string()).collect()),
            concurrency: 4,
            timeout: std::time::Duration::from_secs(10),
        }
    }
}

fn answer(state: &Mutex<Index>, uri: Uri, headers: HeaderMap) -> Response<Body> {
    let mut index = state.lock().unwrap();
    let Some((status, body)) = index.files.get(uri.path()).cloned() else {
        return Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Body::empty())
            .unwrap();
    };
    if status != StatusCode::OK {
        return Response::builder()
            .status(status)
            .body(Body::empty())
            .unwrap();
    }
    let etag = format!(
        "\"{:x}-{}\"",
        body.len(),
        body.bytes().map(u64::from).sum::<u64>()
    );
    if headers
        .get("if-none-match")
        .and_then(|value| value.to_str().ok())
        == Some(etag.as_str())
    {
        index.not_modified += 1;
        return Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .unwrap();
    }
    index.full_answers += 1;
    let gzip = headers
        .get("accept-encoding")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("gzip"));
    let builder = Response::builder()
        .header("etag", etag)
        .header("last-modified", "Mon, 01 Jan 2024 00:00:00 GMT");
    if gzip {
        index.gzipped += 1;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(body.as_bytes()).unwrap();
        builder
            .header("content-encoding", "gzip")
            .body(Body::from(encoder.finish().unwrap()))
            .unwrap()
    } else {
        builder.body(Body::from(body)).unwrap()
    }
}

async fn sync(db: &buildsrs_database::temp::TestDatabase, source: &SparseSource) -> PassReport {
    sparse_pass(db, source).await.unwrap()
}

/// One sparse pass under the sync lock; the error as text if it failed.
pub async fn sparse_pass(
    db: &buildsrs_database::temp::TestDatabase,
    source: &SparseSource,
) -> Result<PassReport, String> {
    let lock = SyncLock::try_acquire(db.database())
        .await
        .unwrap()
        .expect("free");
    let report = sync_sparse(
        db.database(),
        &lock,
        source,
        &SyncOptions::default(),
        &CancellationToken::new(),
    )
    .await;
    lock.release().await.unwrap();
    report.map_err(|error| error.to_string())
}

#[tokio::test]
async fn named_crates_are_fetched_gzipped_and_mirrored() {
    let db = test_database().await;
    let server = Server::start().await;
    server.publish(
        "serde",
        &[
            line("serde", "1.0.0", 'a', false),
            line("serde", "1.0.1", 'b', false),
        ],
    );
    server.publish("a", &[line("a", "0.1.0", 'c', true)]);
    let report = sync(&db, &server.source(Some(&["serde", "a"]))).await;
    assert_eq!(report.stats.crate_files, 2);
    assert_eq!(report.stats.versions_added, 3);
    assert_eq!(
        view(&db).await,
        vec![
            row("a", "0.1.0", 'c', true),
            row("serde", "1.0.0", 'a', false),
            row("serde", "1.0.1", 'b', false)
        ]
    );
    assert_eq!(latest(&db, "serde").await.as_deref(), Some("1.0.1"));
    assert_eq!(server.index.lock().unwrap().gzipped, 2);
}

#[tokio::test]
async fn unchanged_crates_cost_a_conditional_request_and_nothing_else() {
    let db = test_database().await;
    let server = Server::start().await;
    server.publish("serde", &[line("serde", "1.0.0", 'a', false)]);
    server.publish("log", &[line("log", "0.4.0", 'b', false)]);
    sync(&db, &server.source(Some(&["serde", "log"]))).await;

    // Without names: every crate the mirror knows. One changed, one not.
    server.publish("log", &[line("log", "0.4.0", 'b', true)]);
    let report = sync(&db, &server.source(None)).await;
    assert_eq!(report.stats.crate_files, 1);
    assert_eq!(report.stats.versions_yanked, 1);
    let index = server.index.lock().unwrap();
    assert_eq!(index.not_modified, 1);
    assert_eq!(index.full_answers, 3);
}

#[tokio::test]
async fn not_found_gone_and_legal_reasons_remove_the_crate() {
    let db = test_database().await;
    let server = Server::start().await;
    for name in ["one", "two", "six"] {
        server.publish(name, &[line(name, "1.0.0", 'a', false)]);
    }
    sync(&db, &server.source(Some(&["one", "two", "six"]))).await;
    server.set_status("one", StatusCode::NOT_FOUND);
    server.set_status("two", StatusCode::GONE);
    server.set_status("six", StatusCode::UNAVAILABLE_FOR_LEGAL_REASONS);
    let report = sync(&db, &server.source(None)).await;
    assert_eq!(report.stats.crates_removed, 3);
    assert!(view(&db).await.is_empty());

    // Back again: restored.
    server.publish("one", &[line("one", "1.0.0", 'a', false)]);
    let report = sync(&db, &server.source(None)).await;
    assert_eq!(report.stats.crates_restored, 1);
    assert_eq!(report.stats.versions_restored, 1);
    assert_eq!(view(&db).await, vec![row("one", "1.0.0", 'a', false)]);
}

#[tokio::test]
async fn a_server_error_fails_the_pass_but_syncs_the_other_crates() {
    let db = test_database().await;
    let server = Server::start().await;
    server.publish("good", &[line("good", "1.0.0", 'a', false)]);
    server.set_status("flaky", StatusCode::INTERNAL_SERVER_ERROR);
    let lock = SyncLock::try_acquire(db.database()).await.unwrap().unwrap();
    let result = sync_sparse(
        db.database(),
        &lock,
        &server.source(Some(&["good", "flaky"])),
        &SyncOptions::default(),
        &CancellationToken::new(),
    )
    .await;
    let error = result.unwrap_err().to_string();
    assert!(error.contains("1 of 2"), "{error}");
    assert_eq!(view(&db).await, vec![row("good", "1.0.0", 'a', false)]);
}
