//! The API's errors: one JSON shape, `{"error": {"code", "message"}}`, and
//! the one place where domain, auth, storage and database errors become
//! HTTP statuses. A database error is answered by its SQLSTATE class
//! ([`database_answer`]); what the server or the file system said goes to
//! the log only ([`ApiError::detail`]), never to the client. A 503 or 429
//! says when to try again (`Retry-After`).

use axum::Json;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use buildsrs_backend::Error as Domain;
use buildsrs_protocol::api::{ErrorBody, ErrorDetail};
use buildsrs_protocol::signing::AuthError;
use buildsrs_report::Report;

use crate::storage::StorageError;

/// The `Retry-After` of every 503 and 429: worth a retry, after a pause.
const RETRY_AFTER_SECONDS: u16 = 5;

/// An error answered to a client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// Stable and machine-readable, such as `lease_expired`.
    pub code: &'static str,
    /// For people; names what was wrong. Sent to the client.
    pub message: String,
    /// For the log only: the underlying error in full (the server's text,
    /// a file's path), which the client never sees.
    pub detail: Option<String>,
}

impl ApiError {
    /// An error of the given status and code.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            detail: None,
        }
    }

    /// The same error with `detail` for the log.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
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
        let detail = self.detail.as_deref().unwrap_or_default();
        if self.status.is_server_error() {
            tracing::error!(code = self.code, message = %self.message, detail, "request failed");
        } else if self.detail.is_some()
            || matches!(
                self.status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            )
        {
            tracing::warn!(code = self.code, message = %self.message, detail, "request refused");
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        if matches!(
            self.status,
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS
        ) {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response
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
            Domain::InvalidLogLine { .. } => (S::BAD_REQUEST, "invalid_log_line"),
            Domain::LogCompression(_) | Domain::CorruptLogChunk { .. } => {
                return Self::new(
                    S::INTERNAL_SERVER_ERROR,
                    "internal",
                    "the log could not be read or stored",
                )
                .with_detail(Report(&error).to_string());
            }
            Domain::Database(database) => {
                let (status, code, message) = database_answer(database);
                return Self::new(status, code, message).with_detail(Report(&error).to_string());
            }
        };
        Self::new(status, code, error.to_string())
    }
}

/// How a database error is answered, by its SQLSTATE class: `22` (data
/// exception) and `23` (integrity constraint) are the client's, a lost or
/// overloaded server is worth a retry (503), anything else is ours (500).
pub fn database_answer(
    error: &buildsrs_database::Error,
) -> (StatusCode, &'static str, &'static str) {
    const UNAVAILABLE: (StatusCode, &str, &str) = (
        StatusCode::SERVICE_UNAVAILABLE,
        "database",
        "the database is unavailable; try again later",
    );
    const INTERNAL: (StatusCode, &str, &str) = (
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the request failed on the server",
    );
    match error.sql_state().map(|state| state.code()) {
        Some(code) if code.starts_with("22") => (
            StatusCode::BAD_REQUEST,
            "invalid_value",
            "a value of the request is invalid or out of range",
        ),
        Some(code) if code.starts_with("23") => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "constraint_violation",
            "the request conflicts with a rule of the stored data",
        ),
        Some(code) if is_unavailable(code) => UNAVAILABLE,
        Some(_) => INTERNAL,
        None if is_connection_failure(error) => UNAVAILABLE,
        None => INTERNAL,
    }
}

/// SQLSTATEs that say the server cannot serve now, not that the request is
/// wrong: connection exceptions (`08`), rollbacks such as serialization
/// failures and deadlocks (`40`), insufficient resources (`53`), an
/// operator's intervention (`57P`), a read-only replica (`25006`) and a
/// statement timeout (`57014`).
fn is_unavailable(code: &str) -> bool {
    ["08", "40", "53", "57P"]
        .iter()
        .any(|class| code.starts_with(class))
        || matches!(code, "25006" | "57014")
}

/// Whether an error without a SQLSTATE is a lost or refused connection
/// (the pool's, or a closed one), not a bug such as a type mismatch.
fn is_connection_failure(error: &buildsrs_database::Error) -> bool {
    use buildsrs_database::Error as Database;
    match error {
        Database::Pool(_) | Database::Unreachable { .. } => true,
        Database::Postgres(error) => {
            error.is_closed()
                || std::error::Error::source(error)
                    .is_some_and(|source| source.is::<std::io::Error>())
        }
        _ => false,
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
        use StatusCode as S;
        let (status, code, message) = match &error {
            StorageError::HashMismatch { .. } | StorageError::SizeMismatch { .. } => {
                (S::BAD_REQUEST, "upload_mismatch", None)
            }
            StorageError::TooLarge { .. } => (S::PAYLOAD_TOO_LARGE, "too_large", None),
            StorageError::Interrupted(_) => (S::BAD_REQUEST, "upload_interrupted", None),
            StorageError::Missing(_) => (
                S::INTERNAL_SERVER_ERROR,
                "artifact_missing",
                Some("the artifact's stored file is missing"),
            ),
            StorageError::Corrupted { .. } => (
                S::INTERNAL_SERVER_ERROR,
                "artifact_corrupted",
                Some("the artifact's stored file is corrupted"),
            ),
            StorageError::ObjectStore { .. } => (
                S::SERVICE_UNAVAILABLE,
                "storage_unavailable",
                Some("the artifact storage did not answer as it should: try again later"),
            ),
            StorageError::Io { .. } | StorageError::Read(_) | StorageError::Config(_) => (
                S::INTERNAL_SERVER_ERROR,
                "storage",
                Some("the artifact storage failed"),
            ),
        };
        match message {
            // The server's own trouble: its paths and digests go to the log.
            Some(message) => Self::new(status, code, message).with_detail(error.to_string()),
            None => Self::new(status, code, error.to_string()),
        }
    }
}

/// Puts the errors no handler made — axum's own rejections (a path or query
/// that does not parse), an unknown route, a wrong method, a timeout — in
/// the one JSON shape, keeping their status and their text as the message.
/// Answers that are not errors, already JSON, or a page's HTML pass unchanged.
pub async fn json_errors(response: Response) -> Response {
    use axum::http::header;
    let status = response.status();
    // JSON is already the shape; HTML is a page's error page.
    let shaped = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| {
            let value = value.as_bytes();
            value.starts_with(b"application/json") || value.starts_with(b"text/html")
        });
    if !(status.is_client_error() || status.is_server_error()) || shaped {
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
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
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

#[cfg(test)]
mod tests {
    use buildsrs_database::temp::TestDatabase;

    use super::*;

    /// The answer to a real server error of SQLSTATE `code`, raised by
    /// PL/pgSQL with a message the client must never see.
    async fn answer_to(test: &TestDatabase, code: &str) -> ApiError {
        let client = test.database().client().await.unwrap();
        let raise =
            format!("DO $$ BEGIN RAISE EXCEPTION 'server secret' USING ERRCODE = '{code}'; END $$");
        let error = client.batch_execute(&raise).await.unwrap_err();
        ApiError::from(Domain::from(error))
    }

    #[tokio::test]
    async fn database_errors_are_answered_by_sqlstate_class_without_the_servers_text() {
        let test = TestDatabase::new().await.unwrap();
        let cases = [
            ("22021", 400, "invalid_value"),
            ("22008", 400, "invalid_value"),
            ("22P02", 400, "invalid_value"),
            ("23505", 422, "constraint_violation"),
            ("23514", 422, "constraint_violation"),
            ("08006", 503, "database"),
            ("40001", 503, "database"),
            ("40P01", 503, "database"),
            ("53300", 503, "database"),
            ("57P01", 503, "database"),
            ("25006", 503, "database"),
            ("57014", 503, "database"),
            ("42501", 500, "internal"),
            ("42P01", 500, "internal"),
            ("55000", 500, "internal"),
            ("XX000", 500, "internal"),
        ];
        for (sqlstate, status, code) in cases {
            let answer = answer_to(&test, sqlstate).await;
            assert_eq!(
                (answer.status.as_u16(), answer.code),
                (status, code),
                "{sqlstate}"
            );
            assert!(!answer.message.contains("secret"), "{sqlstate}: {answer:?}");
            let detail = answer.detail.unwrap_or_default();
            assert!(detail.contains("server secret"), "{sqlstate}: {detail}");
            assert!(detail.contains(sqlstate), "{sqlstate}: {detail}");
        }
    }
}
