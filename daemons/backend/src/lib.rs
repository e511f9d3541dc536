//! The buildsrs backend daemon: the HTTP service builders and the public
//! talk to, over the backend crate.
//!
//! - [`run`]: serves until a shutdown future resolves, then flushes download
//!   counts; `main.rs` only parses [`Config`] and calls it, so tests can
//!   start and stop a real daemon on a loopback port.
//! - `routes`: the builder API (signed requests), the public API and the
//!   operators' endpoints, answering with `views`; `error::ApiError` maps
//!   every error to a status; `convert` maps the protocol's types (the
//!   builder API's and the public views clients read) to the domain's.
//! - `serve`: the accept loop, with the connection cap and the header-read,
//!   idle and send timeouts; `streams`: the caps on live log streams.
//! - [`auth`]: builders sign each request with their SSH key; their nonces
//!   are remembered in the database (`Backend::nonce_admit`).
//! - [`storage`]: artifact bytes, content-addressed, in a directory or an
//!   S3 bucket, verified when stored and by a scrub, orphans collected
//!   (`storage::upkeep`); `ranges` reads a download's range and conditions.
//! - `input`: request text, dates and numbers checked at the edge.
//! - `openapi`: the OpenAPI 3.1 document, made from the same annotations
//!   as the router and served at `/api/openapi.json`.
//! - `pages`: the web pages for people, server-rendered HTML (not part of
//!   the API document).
//!
//! Only what `main.rs` and the tests use is public: the routes, views and
//! errors are this crate's own, and its tests reach them over HTTP.

pub mod auth;
mod convert;
mod error;
mod input;
mod metrics;
mod openapi;
mod pages;
mod ranges;
mod routes;
mod serve;
mod settings;
mod state;
pub mod storage;
mod streams;
mod views;

use std::future::Future;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::{Extension, Router};
use buildsrs_backend::bus::{Bus, BusOptions};
use buildsrs_backend::downloads::{DownloadCounter, download_flusher};
use buildsrs_backend::jobs::lease_rescuer;
use buildsrs_backend::nonces::nonce_pruner;
use buildsrs_backend::retention::retention_collector;
use buildsrs_backend::scheduler::task_scheduler;
use buildsrs_backend::status::queue_counter;
use buildsrs_backend::{Backend, Config as BackendConfig, SchedulerConfig};
use buildsrs_database::Database;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tower_http::timeout::TimeoutLayer;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;

pub use settings::{Command, Config, Settings};

use crate::metrics::Metrics;
use crate::state::{AppState, Shared};
use crate::storage::{ArtifactStore, StorageError, upkeep};
use crate::streams::StreamLimits;

/// Why the service could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("database: {0}")]
    Database(#[from] buildsrs_database::Error),
    #[error(transparent)]
    Backend(#[from] buildsrs_backend::Error),
    #[error("artifact storage: {0}")]
    Storage(#[from] StorageError),
    #[error("--storage-redirect needs S3 storage (--storage s3://bucket/prefix)")]
    RedirectWithoutS3,
    #[error("serving HTTP: {0}")]
    Io(#[from] std::io::Error),
}

/// Serves the API on `listener` until `shutdown` resolves; then stops taking
/// requests, lets running ones finish, ends live streams, and flushes the
/// download counts. The database must be migrated (see
/// `Database::require_schema`); `store` opened with
/// `settings.max_artifact_size`.
pub async fn run(
    database: Database,
    store: ArtifactStore,
    settings: Settings,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServiceError> {
    if settings.storage_redirect && !store.can_presign() {
        return Err(ServiceError::RedirectWithoutS3);
    }
    let backend = Backend::new(database.clone(), backend_config(&settings));
    let bus = Bus::connect(database.config().clone(), BusOptions::default()).await?;
    let downloads = Arc::new(DownloadCounter::new());
    let metrics = Metrics::default();
    let closing = CancellationToken::new();
    let state = AppState::new(Shared {
        backend: backend.clone(),
        bus,
        store,
        downloads: Arc::clone(&downloads),
        streams: StreamLimits::new(
            settings.max_streams as usize,
            settings.max_streams_per_client as usize,
            metrics.streams_open.clone(),
        ),
        closing: closing.clone(),
        settings: settings.clone(),
        metrics,
    });

    let stopping = CancellationToken::new();
    let loops = spawn_loops(&backend, &state, &downloads, &stopping);
    tracing::info!(address = %listener.local_addr()?, "serving");
    {
        let closing = closing.clone();
        tokio::spawn(async move {
            shutdown.await;
            closing.cancel();
        });
    }
    serve::serve(listener, router(state), limits(&settings), closing).await;
    stopping.cancel();
    for background in loops.background {
        let _ = background.await;
    }
    loops
        .flusher
        .await
        .expect("the download flusher does not panic")?;
    Ok(())
}

/// The backend's settings, from the daemon's.
fn backend_config(settings: &Settings) -> BackendConfig {
    BackendConfig {
        lease: settings.lease,
        max_attempts: settings.max_attempts,
        rescue_interval: settings.rescue_interval,
        retry_backoff: settings.retry_backoff,
        retry_backoff_max: settings.retry_backoff_max,
        queue_count_interval: settings.queue_count_interval,
        max_log_bytes: settings.max_log_bytes,
        scheduler: SchedulerConfig {
            interval: settings.schedule_interval,
            ..SchedulerConfig::default()
        },
        ..BackendConfig::default()
    }
}

/// The connections' bounds, from the settings.
fn limits(settings: &Settings) -> serve::Limits {
    serve::Limits {
        max_connections: settings.max_connections,
        header_read: settings.header_read_timeout,
        idle: settings.idle_timeout,
        send: settings.send_timeout,
    }
}

/// The loops that run beside the server, until `stopping` is cancelled.
struct Loops {
    /// The lease rescuer, the task scheduler, the nonce pruner, the queue
    /// counter, the artifact scrubber, the orphan collector and, when asked
    /// for, the retention collector.
    background: [JoinHandle<()>; 7],
    /// The download flusher, whose last flush may fail.
    flusher: JoinHandle<Result<(), buildsrs_backend::Error>>,
}

/// Starts the background loops.
fn spawn_loops(
    backend: &Backend,
    state: &AppState,
    downloads: &Arc<DownloadCounter>,
    stopping: &CancellationToken,
) -> Loops {
    let stopped = || stopping.clone().cancelled_owned();
    let background = [
        tokio::spawn(lease_rescuer(backend.clone(), stopped())),
        tokio::spawn(task_scheduler(
            backend.clone(),
            state.bus.clone(),
            stopped(),
        )),
        tokio::spawn(nonce_pruner(backend.clone(), stopped())),
        tokio::spawn(queue_counter(backend.clone(), stopped())),
        tokio::spawn(upkeep::scrubber(
            state.store.clone(),
            backend.clone(),
            state.settings.scrub_interval,
            stopped(),
        )),
        tokio::spawn(upkeep::orphan_collector(
            state.store.clone(),
            backend.clone(),
            state.settings.gc_interval,
            state.settings.gc_grace,
            stopped(),
        )),
        tokio::spawn(retention(backend, &state.settings, stopped())),
    ];
    let flusher = {
        let (downloads, backend, stopped) = (Arc::clone(downloads), backend.clone(), stopped());
        let interval = state.settings.download_flush_interval;
        tokio::spawn(async move { download_flusher(&downloads, backend, interval, stopped).await })
    };
    Loops {
        background,
        flusher,
    }
}

/// The retention collector when `--retention-interval` asks for it.
fn retention(
    backend: &Backend,
    settings: &Settings,
    stopped: impl Future<Output = ()> + Send + 'static,
) -> impl Future<Output = ()> + Send + 'static {
    let (backend, policy, interval) = (
        backend.clone(),
        settings.retention,
        settings.retention_interval,
    );
    async move {
        if let Some(interval) = interval {
            retention_collector(backend, policy, interval, stopped).await;
        }
    }
}

/// Every route, with its limits: ordinary requests get the body limit and
/// the request timeout; streams (long-poll claim, uploads, downloads, live
/// logs) have their own bounds. The routes and the OpenAPI document come
/// from the same annotations; the document is served as it was made here.
fn router(state: AppState) -> Router {
    let (router, mut document) = documented(state.clone()).split_for_parts();
    openapi::finish(&mut document);
    // The pages answer errors as pages (HTML), which `json_errors` keeps.
    let pages = pages::routes().layer(TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        state.settings.request_timeout,
    ));
    router
        .layer(Extension(openapi::Served::new(&document)))
        .layer(DefaultBodyLimit::max(state.settings.max_body))
        .merge(pages)
        .layer(axum::middleware::map_response(error::json_errors))
        .with_state(state)
}

/// Every route with its document (`openapi`), with the request timeout on
/// all but the streams.
fn documented(state: AppState) -> OpenApiRouter<AppState> {
    let timed = OpenApiRouter::new()
        .merge(routes::public::routes())
        .merge(routes::ops::routes())
        .routes(utoipa_axum::routes!(openapi::document))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.settings.request_timeout,
        ));
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(timed)
        .merge(routes::public::streaming_routes())
        .merge(routes::builder::routes(state))
}
