//! For operators and orchestrators: liveness, readiness, Prometheus metrics.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use buildsrs_protocol::api::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::openapi::OPS;
use crate::state::AppState;

/// `/health`, `/ready` and `/metrics`.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(ready))
        .routes(routes!(metrics))
}

/// Alive: the process answers, whatever the database does.
#[utoipa::path(
    get,
    path = "/health",
    tag = OPS,
    responses((status = 200, description = "`ok`.", content_type = "text/plain", body = String))
)]
async fn health() -> &'static str {
    "ok\n"
}

/// Ready when the database answers.
#[utoipa::path(
    get,
    path = "/ready",
    tag = OPS,
    responses(
        (status = 200, description = "`ready`.", content_type = "text/plain", body = String),
        (status = 408, description = "`timeout`.", body = ErrorBody),
        (status = 503, description = "`unavailable`: the database does not answer.", body = ErrorBody),
    )
)]
async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    match state.backend.database().health().await {
        Ok(_) => (StatusCode::OK, "ready\n".to_owned()),
        Err(error) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database unavailable: {error}\n"),
        ),
    }
}

/// The Prometheus metrics: the gauges counted now, then every metric.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = OPS,
    responses(
        (status = 200, description = "OpenMetrics text.", content_type = "application/openmetrics-text", body = String),
        (status = 408, description = "`timeout`.", body = ErrorBody),
    )
)]
async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    let gauges = state.backend.gauges(state.settings.lease).await?;
    state.metrics.set_gauges(&gauges, state.downloads.pending());
    Ok(buildsrs_runtime::metrics::response(
        state.metrics.registry(),
    ))
}
