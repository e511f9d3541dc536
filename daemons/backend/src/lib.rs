//! The buildsrs backend daemon: the HTTP service builders and the public
//! talk to, over the backend crate.
//!
//! - [`run`]: serves until a shutdown future resolves, then flushes download
//!   counts; `main.rs` only parses [`Config`] and calls it, so tests can
//!   start and stop a real daemon on a loopback port.
//! - `routes`: the builder API (signed requests), the public API and the
//!   operators' endpoints, answering with `views`; `error::ApiError` maps
//!   every error to a status.
//! - [`auth`]: builders sign each request with their SSH key.
//! - [`storage`]: artifact bytes, content-addressed, verified when stored
//!   and by a scrub; `ranges` reads a download's range and conditions.
//! - `input`: request text, dates and numbers checked at the edge.
//!
//! Only what `main.rs` and the tests use is public: the routes, views and
//! errors are this crate's own, and its tests reach them over HTTP.

pub mod auth;
mod error;
mod input;
mod metrics;
mod ranges;
mod routes;
mod settings;
mod state;
pub mod storage;
mod views;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use buildsrs_backend::bus::{Bus, BusOptions};
use buildsrs_backend::downloads::{DownloadCounter, download_flusher};
use buildsrs_backend::jobs::lease_rescuer;
use buildsrs_backend::scheduler::task_scheduler;
use buildsrs_backend::{Backend, Config as BackendConfig, SchedulerConfig};
use buildsrs_database::Database;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::timeout::TimeoutLayer;

pub use settings::{Config, Settings};

use crate::auth::ReplayGuard;
use crate::metrics::Metrics;
use crate::state::{AppState, Shared};
use crate::storage::{ArtifactStore, StorageError};

/// Why the service could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("database: {0}")]
    Database(#[from] buildsrs_database::Error),
    #[error(transparent)]
    Backend(#[from] buildsrs_backend::Error),
    #[error("artifact storage: {0}")]
    Storage(#[from] StorageError),
    #[error("serving HTTP: {0}")]
    Io(#[from] std::io::Error),
}

/// Serves the API on `listener` until `shutdown` resolves; then stops taking
/// requests, lets running ones finish, and flushes the download counts. The
/// database must be migrated (see `Database::require_schema`).
pub async fn run(
    database: Database,
    storage: PathBuf,
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServiceError> {
    let backend = Backend::new(
        database.clone(),
        BackendConfig {
            lease: settings.lease,
            max_attempts: settings.max_attempts,
            rescue_interval: settings.rescue_interval,
            retry_backoff: settings.retry_backoff,
            retry_backoff_max: settings.retry_backoff_max,
            scheduler: SchedulerConfig {
                interval: settings.schedule_interval,
                ..SchedulerConfig::default()
            },
            ..BackendConfig::default()
        },
    );
    let bus = Bus::connect(database.config().clone(), BusOptions::default()).await?;
    let store = ArtifactStore::open(storage, settings.max_artifact_size).await?;
    let downloads = Arc::new(DownloadCounter::new());
    let state = AppState::new(Shared {
        backend: backend.clone(),
        bus,
        store,
        downloads: Arc::clone(&downloads),
        replay: ReplayGuard::new(settings.auth_window),
        settings: settings.clone(),
        metrics: Metrics::default(),
    });

    let stopping = CancellationToken::new();
    let rescuer = tokio::spawn(lease_rescuer(
        backend.clone(),
        stopping.clone().cancelled_owned(),
    ));
    let scheduler = tokio::spawn(task_scheduler(
        backend.clone(),
        state.bus.clone(),
        stopping.clone().cancelled_owned(),
    ));
    let flusher = {
        let stopped = stopping.clone().cancelled_owned();
        let interval = settings.download_flush_interval;
        tokio::spawn(async move { download_flusher(&downloads, backend, interval, stopped).await })
    };

    tracing::info!(address = %listener.local_addr()?, "serving");
    let served = axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await;
    stopping.cancel();
    let _ = rescuer.await;
    let _ = scheduler.await;
    let flushed = flusher.await.expect("the download flusher does not panic");
    served?;
    flushed?;
    Ok(())
}

/// Every route, with its limits: ordinary requests get the body limit and
/// the request timeout; streams (long-poll claim, uploads, downloads, live
/// logs) have their own bounds.
fn router(state: AppState) -> Router {
    let timed = Router::new()
        .merge(routes::public::routes())
        .merge(routes::ops::routes())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.settings.request_timeout,
        ));
    Router::new()
        .merge(timed)
        .merge(routes::public::streaming_routes())
        .merge(routes::builder::routes(state.clone()))
        .layer(DefaultBodyLimit::max(state.settings.max_body))
        .layer(axum::middleware::map_response(error::json_errors))
        .with_state(state)
}
