//! The API's errors: one JSON shape, `{"error": {"code", "message"}}`, and
//! the one place where domain, auth and storage errors become HTTP statuses.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use buildsrs_backend::Error as Domain;
use buildsrs_protocol::signing::AuthError;

use crate::storage::StorageError;

/// An error answered to a client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// Stable and machine-readable, such as `lease_expired`.
    pub code: &'static str,
    /// For people; names what was wrong.
    pub message: String,
}

impl ApiError {
    /// An error of the given status and code.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    /// 404 for an unknown thing.
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", what)
    }

    /// 400 for a request that cannot be read.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(code = self.code, message = %self.message, "request failed");
        } else if matches!(
            self.status,
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
        ) {
            tracing::warn!(code = self.code, message = %self.message, "request refused");
        }
        let body = serde_json::json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}

impl From<Domain> for ApiError {
    fn from(error: Domain) -> Self {
        use StatusCode as S;
        let (status, code) = match &error {
            Domain::UnknownBuilder(_) => (S::UNAUTHORIZED, "unknown_builder"),
            Domain::BuilderDisabled(_) => (S::FORBIDDEN, "builder_disabled"),
            Domain::UnknownJob(_) => (S::NOT_FOUND, "unknown_job"),
            Domain::NotOwner { .. } => (S::CONFLICT, "not_owner"),
            Domain::LeaseExpired(_) => (S::CONFLICT, "lease_expired"),
            Domain::JobFinished { .. } => (S::CONFLICT, "job_finished"),
            Domain::StageOrder { .. } => (S::CONFLICT, "stage_order"),
            Domain::LogStageAhead { .. } => (S::CONFLICT, "log_stage_ahead"),
            Domain::LogOutOfOrder { .. } => (S::CONFLICT, "log_out_of_order"),
            Domain::InvalidArtifactName(_) => (S::BAD_REQUEST, "invalid_artifact_name"),
            Domain::InvalidArtifactSize(_) => (S::BAD_REQUEST, "invalid_artifact_size"),
            Domain::UnknownArtifact(_) => (S::NOT_FOUND, "unknown_artifact"),
            Domain::ArtifactImmutable { .. } => (S::CONFLICT, "artifact_immutable"),
            Domain::Conflict(_) => (S::CONFLICT, "conflict"),
            Domain::InvalidSlots(_) => (S::BAD_REQUEST, "invalid_slots"),
            Domain::InvalidReason => (S::BAD_REQUEST, "invalid_reason"),
            Domain::BusClosed => (S::SERVICE_UNAVAILABLE, "bus_closed"),
            Domain::Database(_) => (S::SERVICE_UNAVAILABLE, "database"),
        };
        Self::new(status, code, error.to_string())
    }
}

impl From<AuthError> for ApiError {
    fn from(error: AuthError) -> Self {
        let (status, code) = match &error {
            AuthError::BadHeader { .. } => (StatusCode::UNAUTHORIZED, "bad_auth_header"),
            AuthError::UnknownKey(_) => (StatusCode::UNAUTHORIZED, "unknown_key"),
            AuthError::Disabled(_) => (StatusCode::FORBIDDEN, "builder_disabled"),
            AuthError::BadSignature(_) => (StatusCode::UNAUTHORIZED, "bad_signature"),
            AuthError::Stale { .. } => (StatusCode::UNAUTHORIZED, "stale_request"),
            AuthError::Replayed => (StatusCode::UNAUTHORIZED, "replayed_request"),
            AuthError::BodyMismatch => (StatusCode::UNAUTHORIZED, "body_mismatch"),
        };
        Self::new(status, code, error.to_string())
    }
}

impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> Self {
        let (status, code) = match &error {
            StorageError::HashMismatch { .. } | StorageError::SizeMismatch { .. } => {
                (StatusCode::BAD_REQUEST, "upload_mismatch")
            }
            StorageError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            StorageError::Interrupted(_) => (StatusCode::BAD_REQUEST, "upload_interrupted"),
            StorageError::Missing(_) => (StatusCode::INTERNAL_SERVER_ERROR, "artifact_missing"),
            StorageError::Corrupted { .. } => {
                (StatusCode::INTERNAL_SERVER_ERROR, "artifact_corrupted")
            }
            StorageError::Io { .. } => (StatusCode::INTERNAL_SERVER_ERROR, "storage"),
        };
        Self::new(status, code, error.to_string())
    }
}

/// Puts the errors no handler made — axum's own rejections (a path or query
/// that does not parse), an unknown route, a wrong method, a timeout — in
/// the one JSON shape, keeping their status and their text as the message.
/// Answers that are not errors, or already JSON, pass unchanged.
pub async fn json_errors(response: Response) -> Response {
    use axum::http::header;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    // Rejections carry a line of text; anything longer is cut off.
    let text = axum::body::to_bytes(body, 16 << 10)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .unwrap_or_default();
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        status if status.is_client_error() => "bad_request",
        _ => "internal",
    };
    let message = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("error")
            .to_ascii_lowercase()
    } else {
        text
    };
    let mut answer = ApiError::new(status, code, message).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().append(name, value.clone());
        }
    }
    answer
}
