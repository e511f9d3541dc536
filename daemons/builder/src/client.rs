//! The backend's builder API over signed HTTP: one method per route.
//!
//! Every request is signed with the builder's key (see
//! `buildsrs_protocol::signing`). Every answer is read with a size cap; a
//! non-2xx answer becomes [`ClientError::Refused`] (its `ErrorBody`, with
//! method, path, status, code and message) or, when the body is not that
//! JSON, [`ClientError::BadErrorBody`]; a 2xx answer that is not the JSON
//! the route promises becomes [`ClientError::Malformed`]. Nothing the
//! backend sends can panic the builder. Claimed jobs are checked here too
//! (see [`JobSpec`]): the rest of the builder only sees jobs whose names,
//! version, checksum and target are safe to use in paths and URLs.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use buildsrs_protocol::api::{
    ArtifactCreated, ClaimRequest, ClaimResponse, CompleteRequest, Completed, ErrorBody, JobId,
    JobStage, Lease, LogBatch, LogCount, StageRequest, path,
};
use buildsrs_protocol::digest::Sha256Digest;
use buildsrs_protocol::signing::{RequestSigner, SignError};
use buildsrs_report::Report;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::spec::{InvalidJob, JobSpec};

/// The largest answer read from the backend: every answer is small JSON.
pub const MAX_ANSWER_BYTES: usize = 1 << 20;

/// The error codes that say a job is no longer this builder's.
pub const GONE_CODES: &[&str] = &[
    "unknown_job",
    "not_owner",
    "lease_expired",
    "job_finished",
    "builder_disabled",
];

/// How long an ordinary call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a claim may take beyond its wait.
const CLAIM_SLACK: Duration = Duration::from_secs(30);

/// How long an artifact upload may take.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// A call to the backend that did not give the answer the route promises.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("{method} {path}: {detail}")]
    Transport {
        method: Method,
        path: String,
        detail: String,
    },
    #[error("{method} {path}: the backend answered {status} {code}: {message}")]
    Refused {
        method: Method,
        path: String,
        status: StatusCode,
        code: String,
        message: String,
    },
    #[error("{method} {path}: the backend answered {status} without its error JSON: {snippet:?}")]
    BadErrorBody {
        method: Method,
        path: String,
        status: StatusCode,
        snippet: String,
    },
    #[error("{method} {path}: the backend's answer ({status}) is malformed: {detail}")]
    Malformed {
        method: Method,
        path: String,
        status: StatusCode,
        detail: String,
    },
    #[error("{method} {path}: the backend's answer is larger than {limit} bytes")]
    TooLarge {
        method: Method,
        path: String,
        limit: usize,
    },
    #[error("{method} {path}: signing the request: {source}")]
    Sign {
        method: Method,
        path: String,
        #[source]
        source: SignError,
    },
    #[error("{method} {path}: reading the upload {file}: {source}")]
    UploadFile {
        method: Method,
        path: String,
        file: String,
        #[source]
        source: std::io::Error,
    },
}

impl ClientError {
    /// The status the backend answered, if it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Refused { status, .. }
            | Self::BadErrorBody { status, .. }
            | Self::Malformed { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error code of a refusal.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Refused { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Whether the backend refused the job itself: it is not (or no longer)
    /// this builder's (unknown, another's, its lease expired, finished, or
    /// the builder disabled). Nothing more is to be sent about it, not even
    /// an unclaim. Other refusals (a stage out of order, a log batch that
    /// does not start at the count) are the builder's mistakes: the job is
    /// given back.
    pub fn job_is_gone(&self) -> bool {
        match self {
            Self::Refused { status, code, .. } => {
                GONE_CODES.contains(&code.as_str())
                    || matches!(*status, StatusCode::NOT_FOUND | StatusCode::GONE)
            }
            Self::BadErrorBody { status, .. } => {
                matches!(*status, StatusCode::NOT_FOUND | StatusCode::GONE)
            }
            _ => false,
        }
    }

    /// Whether trying the same call again may work: the backend was not
    /// reached, timed out, was overloaded, or failed on its side.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Transport { .. } => true,
            other => other.status().is_some_and(|status| {
                status.is_server_error()
                    || status == StatusCode::REQUEST_TIMEOUT
                    || status == StatusCode::TOO_MANY_REQUESTS
            }),
        }
    }
}

/// What a claim handed out: the jobs that passed the checks, and those
/// that did not (still leased to this builder, to be reported).
#[derive(Debug, Default)]
pub struct Claimed {
    pub jobs: Vec<JobSpec>,
    pub invalid: Vec<InvalidJob>,
}

/// A handle on the backend's builder API; cheap to clone.
#[derive(Clone, Debug)]
pub struct BackendClient {
    http: reqwest::Client,
    /// The backend's base URL, without a trailing slash.
    base: String,
    signer: Arc<RequestSigner>,
}

impl BackendClient {
    pub fn new(http: reqwest::Client, base: &str, signer: RequestSigner) -> Self {
        Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
            signer: Arc::new(signer),
        }
    }

    /// The fingerprint requests are signed with.
    pub fn fingerprint(&self) -> String {
        self.signer.fingerprint()
    }

    /// Asks for up to `slots` jobs, waiting up to `wait` for one.
    pub async fn claim(&self, slots: u32, wait: Duration) -> Result<Claimed, ClientError> {
        let request = ClaimRequest {
            wait_seconds: wait.as_secs(),
            slots,
        };
        let answer: Option<ClaimResponse> = self
            .call_json(Method::POST, path::CLAIM, &request, wait + CLAIM_SLACK)
            .await?;
        let mut claimed = Claimed::default();
        // 204 (no body) also means "no work", as older backends answered.
        for job in answer.map(|answer| answer.jobs).unwrap_or_default() {
            match JobSpec::try_from(job) {
                Ok(job) => claimed.jobs.push(job),
                Err(invalid) => claimed.invalid.push(invalid),
            }
        }
        Ok(claimed)
    }

    /// Renews the job's lease.
    pub async fn heartbeat(&self, job: JobId) -> Result<Lease, ClientError> {
        self.expect(Method::POST, &path::heartbeat(job), &serde_json::json!({}))
            .await
    }

    /// Moves the job to `stage`.
    pub async fn stage(&self, job: JobId, stage: JobStage) -> Result<(), ClientError> {
        self.call_empty(Method::POST, &path::stage(job), &StageRequest { stage })
            .await
    }

    /// Appends a batch of log lines; answers the job's new line count.
    pub async fn logs(&self, job: JobId, batch: &LogBatch) -> Result<LogCount, ClientError> {
        self.expect(Method::POST, &path::logs(job), batch).await
    }

    /// Uploads the file at `file` (of `size` bytes and SHA-256 `sha256`) as
    /// the job's artifact `name`, streamed with its Content-Length.
    pub async fn upload(
        &self,
        job: JobId,
        name: &str,
        file: &Path,
        size: u64,
        sha256: Sha256Digest,
    ) -> Result<ArtifactCreated, ClientError> {
        let route = path::artifact(job, name);
        let method = Method::PUT;
        let opened =
            tokio::fs::File::open(file)
                .await
                .map_err(|source| ClientError::UploadFile {
                    method: method.clone(),
                    path: route.clone(),
                    file: file.display().to_string(),
                    source,
                })?;
        let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(opened));
        let headers = self
            .signer
            .sign_digest(method.as_str(), &route, sha256)
            .map_err(|source| ClientError::Sign {
                method: method.clone(),
                path: route.clone(),
                source,
            })?;
        let request = self
            .http
            .request(method.clone(), format!("{}{route}", self.base))
            .header(reqwest::header::CONTENT_LENGTH, size)
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .timeout(UPLOAD_TIMEOUT)
            .body(body);
        let answer = self.send(request, headers, &method, &route).await?;
        parse_required(answer, &method, &route)
    }

    /// Gives the job back to the queue.
    pub async fn unclaim(&self, job: JobId) -> Result<(), ClientError> {
        self.call_empty(Method::POST, &path::unclaim(job), &serde_json::json!({}))
            .await
    }

    /// Ends the job with its result.
    pub async fn complete(
        &self,
        job: JobId,
        request: &CompleteRequest,
    ) -> Result<Completed, ClientError> {
        self.expect(Method::POST, &path::complete(job), request)
            .await
    }

    async fn expect<T: DeserializeOwned>(
        &self,
        method: Method,
        route: &str,
        body: &impl Serialize,
    ) -> Result<T, ClientError> {
        let answer = self
            .call_raw(method.clone(), route, body, CALL_TIMEOUT)
            .await?;
        parse_required(answer, &method, route)
    }

    async fn call_empty(
        &self,
        method: Method,
        route: &str,
        body: &impl Serialize,
    ) -> Result<(), ClientError> {
        self.call_raw(method, route, body, CALL_TIMEOUT).await?;
        Ok(())
    }

    /// A call whose answer may be JSON or empty (204).
    async fn call_json<T: DeserializeOwned>(
        &self,
        method: Method,
        route: &str,
        body: &impl Serialize,
        timeout: Duration,
    ) -> Result<Option<T>, ClientError> {
        let answer = self.call_raw(method.clone(), route, body, timeout).await?;
        if answer.status == StatusCode::NO_CONTENT {
            return Ok(None);
        }
        parse_required(answer, &method, route).map(Some)
    }

    async fn call_raw(
        &self,
        method: Method,
        route: &str,
        body: &impl Serialize,
        timeout: Duration,
    ) -> Result<Answer, ClientError> {
        let bytes = serde_json::to_vec(body).expect("request bodies serialise");
        let headers = self
            .signer
            .sign(method.as_str(), route, &bytes)
            .map_err(|source| ClientError::Sign {
                method: method.clone(),
                path: route.to_owned(),
                source,
            })?;
        let request = self
            .http
            .request(method.clone(), format!("{}{route}", self.base))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .timeout(timeout)
            .body(bytes);
        self.send(request, headers, &method, route).await
    }

    /// Sends a signed request and reads its answer: a 2xx answer's body, or
    /// the error the backend gave.
    async fn send(
        &self,
        mut request: reqwest::RequestBuilder,
        headers: Vec<(&'static str, String)>,
        method: &Method,
        route: &str,
    ) -> Result<Answer, ClientError> {
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let transport = |error: reqwest::Error| ClientError::Transport {
            method: method.clone(),
            path: route.to_owned(),
            detail: Report(&error).to_string(),
        };
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(ClientError::TooLarge {
                    method: method.clone(),
                    path: route.to_owned(),
                    limit: MAX_ANSWER_BYTES,
                });
            }
            body.extend_from_slice(&chunk);
        }
        if status.is_success() {
            return Ok(Answer { status, body });
        }
        match serde_json::from_slice::<ErrorBody>(&body) {
            Ok(error) => Err(ClientError::Refused {
                method: method.clone(),
                path: route.to_owned(),
                status,
                code: error.error.code,
                message: error.error.message,
            }),
            Err(_) => Err(ClientError::BadErrorBody {
                method: method.clone(),
                path: route.to_owned(),
                status,
                snippet: snippet(&body),
            }),
        }
    }
}

/// A 2xx answer.
struct Answer {
    status: StatusCode,
    body: Vec<u8>,
}

fn parse_required<T: DeserializeOwned>(
    answer: Answer,
    method: &Method,
    route: &str,
) -> Result<T, ClientError> {
    serde_json::from_slice(&answer.body).map_err(|error| ClientError::Malformed {
        method: method.clone(),
        path: route.to_owned(),
        status: answer.status,
        detail: if answer.body.is_empty() {
            "an empty body where JSON was expected".to_owned()
        } else {
            format!("{error} (body starts {:?})", snippet(&answer.body))
        },
    })
}

/// The start of a body, printable, for an error message.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(200)]);
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
