//! For operators and orchestrators: liveness, readiness, Prometheus metrics.

use std::fmt::Write as _;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use buildsrs_backend::TaskState;

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

/// The Prometheus text format.
async fn metrics(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let mut text = String::new();
    let counts = state.backend.task_counts().await?;
    writeln!(
        text,
        "# HELP buildsrs_tasks Tasks by state (waiting is the queue depth)."
    )
    .unwrap();
    writeln!(text, "# TYPE buildsrs_tasks gauge").unwrap();
    for task_state in [
        TaskState::Waiting,
        TaskState::Active,
        TaskState::Succeeded,
        TaskState::Failed,
        TaskState::Held,
        TaskState::Delayed,
        TaskState::Cancelled,
    ] {
        let count = counts
            .iter()
            .find(|(s, _)| *s == task_state)
            .map_or(0, |(_, count)| *count);
        let name = serde_json::to_value(task_state).unwrap();
        writeln!(text, "buildsrs_tasks{{state={name}}} {count}").unwrap();
    }
    let builders = state.backend.builders().await?;
    let recent =
        chrono::Utc::now() - chrono::Duration::from_std(state.settings.lease).unwrap_or_default();
    let active = builders
        .iter()
        .filter(|builder| {
            builder.enabled && builder.last_heartbeat_at.is_some_and(|at| at > recent)
        })
        .count();
    let counters = &state.counters;
    for (name, kind, help, value) in [
        (
            "buildsrs_builders_active",
            "gauge",
            "Enabled builders seen within one lease.",
            active as u64,
        ),
        (
            "buildsrs_claims_total",
            "counter",
            "Jobs handed out.",
            counters.claims.load(Ordering::Relaxed),
        ),
        (
            "buildsrs_downloads_total",
            "counter",
            "Artifact downloads served.",
            counters.downloads.load(Ordering::Relaxed),
        ),
        (
            "buildsrs_downloads_pending",
            "gauge",
            "Counted downloads not yet flushed.",
            state.downloads.pending() as u64,
        ),
        (
            "buildsrs_auth_refusals_total",
            "counter",
            "Builder requests refused.",
            counters.auth_refusals.load(Ordering::Relaxed),
        ),
    ] {
        writeln!(
            text,
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
        )
        .unwrap();
    }
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text))
}
