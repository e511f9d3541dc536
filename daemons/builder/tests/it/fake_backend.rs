//! A small backend of the tests' own on 127.0.0.1: it speaks the builder
//! API (checking every request's signature against the builder's key,
//! and the protocol's rules: stages in order, log batches at the count,
//! uploads with Content-Length and the signed hash), hands out the jobs it
//! is given, and records every call for the test to look at. Asked to, it
//! also answers `.crate` downloads so slowly that they hang. Not a mock: the builder talks
//! to it over real HTTP.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use buildsrs_protocol::api::{JobStage, LogBatch};
use buildsrs_protocol::digest::Sha256Digest;
use buildsrs_protocol::signing::{Credentials, RequestSigner};
use ssh_key::PublicKey;
use tokio::net::TcpListener;

/// One call the builder made.
#[derive(Clone, Debug)]
pub struct Call {
    pub method: Method,
    pub path: String,
}

/// What the fake backend holds and has seen.
#[derive(Default)]
pub struct Recorded {
    pub calls: Vec<Call>,
    /// Jobs to hand out, as JSON objects (a claim takes from the front).
    pub queue: VecDeque<serde_json::Value>,
    /// Per job: its stage, its log lines (stage, text), artifacts, result.
    pub jobs: HashMap<i64, JobRecord>,
}

#[derive(Clone, Debug, Default)]
pub struct JobRecord {
    pub stages: Vec<JobStage>,
    pub lines: Vec<(JobStage, String)>,
    pub artifacts: Vec<(String, Vec<u8>)>,
    pub complete: Option<serde_json::Value>,
    pub unclaimed: bool,
}

pub struct FakeBackend {
    pub url: String,
    state: Arc<Shared>,
}

struct Shared {
    key: PublicKey,
    recorded: Mutex<Recorded>,
    /// The longest a claim waits when no job is queued.
    max_claim_wait: Duration,
    /// Whether `/crates/…` answers only after a very long time (else 404).
    slow_downloads: bool,
    /// Whether heartbeats are refused as `lease_expired`.
    refuse_heartbeats: std::sync::atomic::AtomicBool,
}

impl FakeBackend {
    /// Starts a fake backend that accepts requests signed with `key`.
    pub async fn start(key: &std::path::Path) -> Self {
        Self::start_with(key, false).await
    }

    /// …whose `/crates/…` downloads never finish (in test time).
    pub async fn start_slow_downloads(key: &std::path::Path) -> Self {
        Self::start_with(key, true).await
    }

    async fn start_with(key: &std::path::Path, slow_downloads: bool) -> Self {
        let signer = RequestSigner::from_file(key).unwrap();
        let state = Arc::new(Shared {
            key: signer.public_key().clone(),
            recorded: Mutex::new(Recorded::default()),
            max_claim_wait: Duration::from_millis(500),
            slow_downloads,
            refuse_heartbeats: Default::default(),
        });
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&state));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, state }
    }

    /// Queues a job for the next claim.
    pub fn push_job(&self, job: serde_json::Value) {
        self.state.recorded.lock().unwrap().queue.push_back(job);
    }

    /// From now on, heartbeats are refused: the lease expired.
    pub fn refuse_heartbeats(&self) {
        self.state
            .refuse_heartbeats
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// How many heartbeats `job` sent.
    pub fn heartbeats(&self, job: i64) -> usize {
        let suffix = format!("/jobs/{job}/heartbeat");
        self.calls()
            .iter()
            .filter(|call| call.path.ends_with(&suffix))
            .count()
    }

    /// What happened to `job`.
    pub fn job(&self, job: i64) -> JobRecord {
        self.state
            .recorded
            .lock()
            .unwrap()
            .jobs
            .get(&job)
            .cloned()
            .unwrap_or_default()
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.state.recorded.lock().unwrap().calls.clone()
    }
}

/// The same job with a lease running out in `seconds`.
pub fn with_lease(mut job: serde_json::Value, seconds: i64) -> serde_json::Value {
    job["lease_expires_at"] =
        serde_json::json!(chrono::Utc::now() + chrono::Duration::seconds(seconds));
    job
}

/// A claimed job's JSON, with a lease of a minute.
pub fn job_json(
    job: i64,
    kind: &str,
    krate: &str,
    version: &str,
    checksum: &str,
    target: &str,
) -> serde_json::Value {
    serde_json::json!({
        "job": job,
        "task": job + 1000,
        "kind": kind,
        "attempt": 1,
        "crate": krate,
        "version": version,
        "checksum": checksum,
        "target": target,
        "lease_expires_at": chrono::Utc::now() + chrono::Duration::seconds(60),
    })
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        [("content-type", "application/json")],
        serde_json::json!({"error": {"code": code, "message": message}}).to_string(),
    )
        .into_response()
}

fn json(status: StatusCode, value: serde_json::Value) -> Response {
    (
        status,
        [("content-type", "application/json")],
        value.to_string(),
    )
        .into_response()
}

async fn handle(State(state): State<Arc<Shared>>, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let headers = request.headers().clone();
    if let Some(file) = path.strip_prefix("/crates/") {
        if state.slow_downloads {
            tokio::time::sleep(Duration::from_secs(600)).await;
        }
        return error(StatusCode::NOT_FOUND, "not_found", file);
    }
    let body = match axum::body::to_bytes(request.into_body(), 64 << 20).await {
        Ok(body) => body,
        Err(_) => return error(StatusCode::BAD_REQUEST, "upload_interrupted", "body"),
    };
    if let Err(message) = authenticate(&state.key, &method, &path, &headers, &body) {
        return error(StatusCode::UNAUTHORIZED, "bad_signature", &message);
    }
    state.recorded.lock().unwrap().calls.push(Call {
        method: method.clone(),
        path: path.clone(),
    });
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method.as_str(), parts.as_slice()) {
        ("POST", ["api", "v1", "builder", "jobs", "claim"]) => claim(&state, &body).await,
        ("POST", ["api", "v1", "builder", "jobs", job, action]) => {
            let Ok(job) = job.parse::<i64>() else {
                return error(StatusCode::NOT_FOUND, "not_found", "job id");
            };
            job_call(&state, job, action, &body)
        }
        ("PUT", ["api", "v1", "builder", "jobs", job, "artifacts", name]) => {
            let Ok(job) = job.parse::<i64>() else {
                return error(StatusCode::NOT_FOUND, "not_found", "job id");
            };
            if headers.get("content-length").is_none() {
                return error(StatusCode::LENGTH_REQUIRED, "length_required", "no length");
            }
            let mut recorded = state.recorded.lock().unwrap();
            let record = recorded.jobs.entry(job).or_default();
            if record.stages.last() != Some(&JobStage::Upload) {
                return error(StatusCode::CONFLICT, "stage_order", "not in upload");
            }
            record.artifacts.push((name.to_string(), body.to_vec()));
            json(StatusCode::CREATED, serde_json::json!({"id": 7}))
        }
        _ => error(StatusCode::NOT_FOUND, "not_found", "no such route"),
    }
}

/// The builder's signature over this request, and the body's hash.
fn authenticate(
    key: &PublicKey,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), String> {
    let credentials = Credentials::from_headers(|name| headers.get(name)?.to_str().ok())
        .map_err(|error| error.to_string())?;
    credentials
        .verify(key, method.as_str(), path)
        .map_err(|error| error.to_string())?;
    if credentials.content_sha256 != Sha256Digest::of(body) {
        return Err("the body does not match its signed hash".to_owned());
    }
    Ok(())
}

async fn claim(state: &Shared, body: &[u8]) -> Response {
    let request: serde_json::Value = match serde_json::from_slice(body) {
        Ok(request) => request,
        Err(_) => return error(StatusCode::BAD_REQUEST, "bad_request", "claim body"),
    };
    let slots = request["slots"].as_u64().unwrap_or(1) as usize;
    let wait = Duration::from_secs(request["wait_seconds"].as_u64().unwrap_or(0));
    let taken: Vec<_> = {
        let mut recorded = state.recorded.lock().unwrap();
        let count = slots.min(recorded.queue.len());
        recorded.queue.drain(..count).collect()
    };
    if taken.is_empty() {
        tokio::time::sleep(wait.min(state.max_claim_wait)).await;
    }
    json(StatusCode::OK, serde_json::json!({ "jobs": taken }))
}

fn job_call(state: &Shared, job: i64, action: &str, body: &[u8]) -> Response {
    let mut recorded = state.recorded.lock().unwrap();
    let record = recorded.jobs.entry(job).or_default();
    if record.complete.is_some() || record.unclaimed {
        return error(StatusCode::CONFLICT, "job_finished", "the job ended");
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "not JSON");
    };
    match action {
        "heartbeat"
            if state
                .refuse_heartbeats
                .load(std::sync::atomic::Ordering::SeqCst) =>
        {
            error(
                StatusCode::CONFLICT,
                "lease_expired",
                &format!("job {job}'s lease expired"),
            )
        }
        "heartbeat" => json(
            StatusCode::OK,
            serde_json::json!({"lease_expires_at": chrono::Utc::now() + chrono::Duration::seconds(60)}),
        ),
        "stage" => {
            let Ok(stage) = serde_json::from_value::<JobStage>(value["stage"].clone()) else {
                return error(StatusCode::BAD_REQUEST, "bad_request", "stage");
            };
            let current = record.stages.last().copied().unwrap_or(JobStage::Init);
            let next = match current {
                JobStage::Init => JobStage::Fetch,
                JobStage::Fetch => JobStage::Build,
                JobStage::Build | JobStage::Upload => JobStage::Upload,
            };
            if stage != next || current == JobStage::Upload {
                return error(StatusCode::CONFLICT, "stage_order", "out of order");
            }
            record.stages.push(stage);
            StatusCode::NO_CONTENT.into_response()
        }
        "logs" => {
            let Ok(batch) = serde_json::from_value::<LogBatch>(value) else {
                return error(StatusCode::BAD_REQUEST, "bad_request", "log batch");
            };
            let current = record.stages.last().copied().unwrap_or(JobStage::Init);
            if batch.stage > current {
                return error(StatusCode::CONFLICT, "log_stage_ahead", "stage ahead");
            }
            if batch.first_line != record.lines.len() as i64 {
                return error(StatusCode::CONFLICT, "log_out_of_order", "first_line");
            }
            record
                .lines
                .extend(batch.lines.into_iter().map(|line| (batch.stage, line)));
            json(
                StatusCode::OK,
                serde_json::json!({"log_lines": record.lines.len()}),
            )
        }
        "unclaim" => {
            record.unclaimed = true;
            StatusCode::NO_CONTENT.into_response()
        }
        "complete" => {
            let task_state = match value["result"].as_str() {
                Some("succeeded") => "succeeded",
                Some("infrastructure_error") => "delayed",
                _ => "failed",
            };
            record.complete = Some(value);
            json(
                StatusCode::OK,
                serde_json::json!({"task_state": task_state, "retry_at": null}),
            )
        }
        _ => error(StatusCode::NOT_FOUND, "not_found", "no such route"),
    }
}

/// A server that gives every request the same answer.
pub async fn serve_fixed(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let body = Bytes::from(body);
    let app = Router::new().fallback(move || {
        let body = body.clone();
        async move { (status, [("content-type", content_type)], Body::from(body)).into_response() }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}
