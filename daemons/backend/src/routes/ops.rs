//! For operators and orchestrators: liveness, readiness, Prometheus metrics.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::ApiError;
use crate::state::AppState;

/// `/health`, `/ready` and `/metrics`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(|| async { "ok\n" }))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics))
}

/// Ready when the database answers.
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
async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    let gauges = state.backend.gauges(state.settings.lease).await?;
    state.metrics.set_gauges(&gauges, state.downloads.pending());
    Ok(buildsrs_runtime::metrics::response(
        state.metrics.registry(),
    ))
}
