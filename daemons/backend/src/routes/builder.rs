//! The builder API, under `/api/v1/builder`, served: every request is
//! signed with the builder's SSH key (checked here with `auth` and the
//! backend's key lookup). Claim (a long poll woken by the "work available"
//! notification), heartbeat, stage, logs, artifact upload, unclaim and
//! complete. The paths and JSON are `buildsrs_protocol::api`'s, shared with
//! builders; `crate::convert` maps them to the domain's types.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use buildsrs_backend::BuilderId;
use buildsrs_backend::artifacts::NewArtifact;
use buildsrs_backend::bus::{Channel, Notification};
use buildsrs_protocol::api::path::{self, template};
use buildsrs_protocol::api::{
    self, ArtifactCreated, ClaimRequest, ClaimResponse, CompleteRequest, Completed, ErrorBody,
    JobId, Lease, LogBatch, LogCount, StageRequest,
};
use buildsrs_protocol::digest::Sha256Digest;
use buildsrs_protocol::signing::{AuthError, Credentials, unix_now};
use futures::TryStreamExt;
use serde::de::DeserializeOwned;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth;
use crate::convert::{IntoApi, IntoDomain as _};
use crate::error::ApiError;
use crate::input;
use crate::openapi::BUILDER;
use crate::state::AppState;

/// The builder's routes, behind the signature check.
pub fn routes(state: AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(claim))
        .routes(routes!(heartbeat))
        .routes(routes!(stage))
        .routes(routes!(logs))
        .routes(routes!(upload))
        .routes(routes!(unclaim))
        .routes(routes!(complete))
        .route_layer(middleware::from_fn_with_state(state, authenticate))
}

/// The builder a request was signed by.
#[derive(Clone, Debug)]
pub struct Authenticated {
    pub builder: BuilderId,
    pub credentials: Credentials,
}

/// Checks a request's signature, its freshness and its nonce, and that the
/// key belongs to an enabled builder.
async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_owned();
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", |path| path.as_str())
        .to_owned();
    match check(&state, request.headers(), &method, &path).await {
        Ok(authenticated) => {
            request.extensions_mut().insert(authenticated);
            next.run(request).await
        }
        Err(error) => {
            state.metrics.auth_refusals.inc();
            error.into_response()
        }
    }
}

async fn check(
    state: &AppState,
    headers: &HeaderMap,
    method: &str,
    path: &str,
) -> Result<Authenticated, ApiError> {
    let credentials = auth::credentials(headers)?;
    let Some(builder) = state.backend.builder_key(&credentials.fingerprint).await? else {
        return Err(AuthError::UnknownKey(credentials.fingerprint.clone()).into());
    };
    credentials.verify(&builder.key, method, path)?;
    if !builder.enabled {
        return Err(AuthError::Disabled(builder.builder.into_api()).into());
    }
    // After the signature verified, so forged requests store no nonce.
    let forget_at = auth::fresh_until(&credentials, state.settings.auth_window, unix_now())?;
    let first_use = state
        .backend
        .nonce_admit(builder.builder, &credentials.nonce, forget_at)
        .await?;
    if !first_use {
        return Err(AuthError::Replayed.into());
    }
    Ok(Authenticated {
        builder: builder.builder,
        credentials,
    })
}

/// A JSON body whose SHA-256 is the one the builder signed.
pub struct SignedJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for SignedJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let signed = request
            .extensions()
            .get::<Authenticated>()
            .map(|authenticated| authenticated.credentials.content_sha256)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unsigned",
                    "the request is not signed",
                )
            })?;
        let bytes: Bytes = axum::body::to_bytes(request.into_body(), state.settings.max_body)
            .await
            .map_err(|error| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    error.to_string(),
                )
            })?;
        if Sha256Digest::of(&bytes) != signed {
            return Err(AuthError::BodyMismatch.into());
        }
        Ok(Self(json_object(&bytes)?))
    }
}

/// A body that is a JSON object, read as `T`. Every builder body is an
/// object; serde alone would also take an array for a struct (`[0, 1]` as a
/// claim), which the protocol does not allow.
fn json_object<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let invalid =
        |error: serde_json::Error| ApiError::bad_request(format!("invalid JSON body: {error}"));
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(invalid)?;
    if !value.is_object() {
        return Err(ApiError::bad_request("invalid JSON body: not an object"));
    }
    serde_json::from_value(value).map_err(invalid)
}

/// Hands out up to `slots` of the best waiting tasks as jobs, waiting up to
/// `wait_seconds` for work when there is none: 200 with the jobs, none when
/// the wait ran out or the daemon began to shut down.
#[utoipa::path(
    post,
    path = path::CLAIM,
    tag = BUILDER,
    request_body = ClaimRequest,
    responses(
        (status = 200, description = "The jobs handed out; none when the wait ran out or the daemon began to stop.", body = ClaimResponse),
        (status = 400, description = "`invalid_slots`, `bad_request`: the body is not a claim.", body = ErrorBody),
    )
)]
async fn claim(
    State(state): State<AppState>,
    Extension(me): Extension<Authenticated>,
    SignedJson(request): SignedJson<ClaimRequest>,
) -> Result<Json<ClaimResponse>, ApiError> {
    // Refused before the wait, not after it: the backend checks it too.
    if !(1..=ClaimRequest::MAX_SLOTS).contains(&request.slots) {
        return Err(buildsrs_backend::Error::InvalidSlots(request.slots).into());
    }
    let wait = Duration::from_secs(request.wait_seconds).min(state.settings.max_claim_wait);
    let deadline = tokio::time::Instant::now() + wait;
    // Subscribe before the first try, so work that arrives in between wakes us.
    let mut work = state.bus.listen(Channel::Work, 16);
    state.backend.builder_heartbeat(me.builder).await?;
    loop {
        let claimed = state.backend.claim_many(me.builder, request.slots).await?;
        if !claimed.is_empty() {
            state.metrics.claims.inc_by(claimed.len() as u64);
            let jobs = claimed.into_iter().map(IntoApi::into_api).collect();
            return Ok(Json(ClaimResponse { jobs }));
        }
        let no_work = Ok(Json(ClaimResponse { jobs: Vec::new() }));
        let woken = tokio::select! {
            woken = tokio::time::timeout_at(deadline, work.recv()) => woken,
            // Shutting down: answer now rather than hold the stop up.
            () = state.closing.cancelled() => return no_work,
        };
        match woken {
            Err(_) => return no_work,
            Ok(None) => return Err(buildsrs_backend::Error::BusClosed.into()),
            Ok(Some(Notification::Message(_) | Notification::Gap)) => continue,
        }
    }
}

/// Extends the job's lease.
#[utoipa::path(
    post,
    path = template::HEARTBEAT,
    tag = BUILDER,
    params(("job" = i64, Path, description = "The job's id, from the claim.")),
    request_body(content = Object, description = "Any JSON object, such as `{}`."),
    responses(
        (status = 200, description = "The renewed lease.", body = Lease),
        (status = 400, description = "`bad_request`: the body is not the JSON asked for, or the id is not a number.", body = ErrorBody),
        (status = 404, description = "`unknown_job`.", body = ErrorBody),
        (status = 409, description = "`not_owner`, `lease_expired`, `job_finished`: the job is not this builder's to work on.", body = ErrorBody),
    )
)]
async fn heartbeat(
    State(state): State<AppState>,
    Extension(me): Extension<Authenticated>,
    Path(job): Path<JobId>,
    SignedJson(_): SignedJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<Json<Lease>, ApiError> {
    let lease_expires_at = state
        .backend
        .heartbeat(me.builder, job.into_domain())
        .await?;
    Ok(Json(Lease { lease_expires_at }))
}

/// Moves the job to its next stage.
#[utoipa::path(
    post,
    path = template::STAGE,
    tag = BUILDER,
    params(("job" = i64, Path, description = "The job's id, from the claim.")),
    request_body = StageRequest,
    responses(
        (status = 204, description = "The job is in the stage."),
        (status = 400, description = "`bad_request`: the body is not the JSON asked for, or the id is not a number.", body = ErrorBody),
        (status = 404, description = "`unknown_job`.", body = ErrorBody),
        (status = 409, description = "`stage_order`, `not_owner`, `lease_expired`, `job_finished`.", body = ErrorBody),
    )
)]
async fn stage(
    State(state): State<AppState>,
    Extension(me): Extension<Authenticated>,
    Path(job): Path<JobId>,
    SignedJson(request): SignedJson<StageRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .backend
        .set_stage(me.builder, job.into_domain(), request.stage.into_domain())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Appends a batch of log lines; answers the job's new line count.
#[utoipa::path(
    post,
    path = template::LOGS,
    tag = BUILDER,
    params(("job" = i64, Path, description = "The job's id, from the claim.")),
    request_body = LogBatch,
    responses(
        (status = 200, description = "The job's line count now.", body = LogCount),
        (status = 400, description = "`invalid_log_line` (a NUL character), `bad_request`: the body is not a batch.", body = ErrorBody),
        (status = 404, description = "`unknown_job`.", body = ErrorBody),
        (status = 409, description = "`log_out_of_order`, `log_stage_ahead`, `not_owner`, `lease_expired`, `job_finished`.", body = ErrorBody),
    )
)]
async fn logs(
    State(state): State<AppState>,
    Extension(me): Extension<Authenticated>,
    Path(job): Path<JobId>,
    SignedJson(batch): SignedJson<LogBatch>,
) -> Result<Json<LogCount>, ApiError> {
    input::log_lines(&batch.lines)?;
    let log_lines = state
        .backend
        .append_logs(
            me.builder,
            job.into_domain(),
            batch.stage.into_domain(),
            batch.first_line,
            &batch.lines,
        )
        .await?;
    Ok(Json(LogCount { log_lines }))
}

/// Streams an artifact into storage, checking it against the signed SHA-256
/// and the declared Content-Length, then records it for the job.
#[utoipa::path(
    put,
    path = template::ARTIFACT,
    tag = BUILDER,
    params(
        ("job" = i64, Path, description = "The job's id, from the claim."),
        ("name" = String, Path, pattern = "^[A-Za-z0-9_+][A-Za-z0-9_.+-]{0,254}$", description = "1 to 255 of `[A-Za-z0-9_.+-]`, not starting with `.` or `-`."),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The bytes; their SHA-256 is the signed content hash, their size `Content-Length`."),
    responses(
        (status = 201, description = "Stored.", body = ArtifactCreated),
        (status = 400, description = "`invalid_artifact_name`, `invalid_artifact_size`, `upload_mismatch` (size or SHA-256 not as declared), `upload_interrupted`, `bad_request`.", body = ErrorBody),
        (status = 404, description = "`unknown_job`.", body = ErrorBody),
        (status = 409, description = "`artifact_immutable` (the name holds other bytes), `not_owner`, `lease_expired`, `job_finished`.", body = ErrorBody),
        (status = 411, description = "`length_required`: no `Content-Length`.", body = ErrorBody),
    )
)]
async fn upload(
    State(state): State<AppState>,
    Extension(me): Extension<Authenticated>,
    Path((job, name)): Path<(JobId, String)>,
    request: Request<Body>,
) -> Result<Response, ApiError> {
    let job = job.into_domain();
    // Before any byte is stored: a name the job cannot take leaves no file.
    if !api::is_artifact_name(&name) {
        return Err(buildsrs_backend::Error::InvalidArtifactName(name).into());
    }
    let size = content_length(request.headers())?;
    state.backend.require_active_job(me.builder, job).await?;
    let digest = me.credentials.content_sha256;
    let body = request
        .into_body()
        .into_data_stream()
        .map_err(|error| error.to_string());
    state.store.put(digest, size, Box::pin(body)).await?;
    let artifact = NewArtifact {
        name,
        sha256: digest.0,
        size,
    };
    let id = state
        .backend
        .add_artifact(me.builder, job, &artifact)
        .await?;
    let created = ArtifactCreated { id: id.into_api() };
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// An upload's declared size: without it, 411.
fn content_length(headers: &HeaderMap) -> Result<u64, ApiError> {
    headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse().ok())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::LENGTH_REQUIRED,
                "length_required",
                "an upload needs Content-Length",
            )
        })
}

/// Gives the job's task back to the queue.
#[utoipa::path(
    post,
    path = template::UNCLAIM,
    tag = BUILDER,
    params(("job" = i64, Path, description = "The job's id, from the claim.")),
    request_body(content = Object, description = "Any JSON object, such as `{}`."),
    responses(
        (status = 204, description = "The task is waiting again."),
        (status = 400, description = "`bad_request`: the body is not the JSON asked for, or the id is not a number.", body = ErrorBody),
        (status = 404, description = "`unknown_job`.", body = ErrorBody),
        (status = 409, description = "`not_owner`, `lease_expired`, `job_finished`: the job is not this builder's to work on.", body = ErrorBody),
    )
)]
async fn unclaim(
    State(state): State<AppState>,
    Extension(me): Extension<Authenticated>,
    Path(job): Path<JobId>,
    SignedJson(_): SignedJson<serde_json::Map<String, serde_json::Value>>,
) -> Result<StatusCode, ApiError> {
    state.backend.unclaim(me.builder, job.into_domain()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends the job with the builder's result; answers what became of its task
/// (retried later after an infrastructure error, while attempts remain).
#[utoipa::path(
    post,
    path = template::COMPLETE,
    tag = BUILDER,
    params(("job" = i64, Path, description = "The job's id, from the claim.")),
    request_body = CompleteRequest,
    responses(
        (status = 200, description = "What became of the task.", body = Completed),
        (status = 400, description = "`invalid_reason` (too long), `bad_request`: the body is not a completion.", body = ErrorBody),
        (status = 404, description = "`unknown_job`.", body = ErrorBody),
        (status = 409, description = "`not_owner`, `lease_expired`, `job_finished`: the job is not this builder's to work on.", body = ErrorBody),
    )
)]
async fn complete(
    State(state): State<AppState>,
    Extension(me): Extension<Authenticated>,
    Path(job): Path<JobId>,
    SignedJson(request): SignedJson<CompleteRequest>,
) -> Result<Json<Completed>, ApiError> {
    let completion = state
        .backend
        .complete(me.builder, job.into_domain(), &request.into_domain())
        .await?;
    Ok(Json(completion.into_api()))
}
