//! `run --metrics-listen`: a Prometheus endpoint, so a stale or failing
//! mirror can be alerted on. Pass outcomes are read from `registry_passes`
//! at each scrape (true across restarts and whichever instance syncs);
//! counters count what this process did since it started.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use buildsrs_database::Database;
use buildsrs_database::queries::queries::registry_sync::{self, PassHealth};
use buildsrs_report::Report;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::Error;
use crate::passes::PassReport;

/// A gauge of seconds (or any fraction).
type Seconds = Gauge<f64, AtomicU64>;

/// The label of a finished pass: `ok` or `failed`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Outcome {
    result: &'static str,
}

/// Every metric of registry-sync, registered once.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    passes: Family<Outcome, Counter>,
    entries_rejected: Counter,
    lock_held: Gauge,
    last_pass_succeeded: Gauge,
    last_pass_duration: Seconds,
    last_pass_finished: Seconds,
    last_pass_entries_rejected: Gauge,
    last_success: Seconds,
    since_last_success: Seconds,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut metrics = Self {
            registry: Registry::with_prefix("registry_sync"),
            passes: Family::default(),
            entries_rejected: Counter::default(),
            lock_held: Gauge::default(),
            last_pass_succeeded: Gauge::default(),
            last_pass_duration: Seconds::default(),
            last_pass_finished: Seconds::default(),
            last_pass_entries_rejected: Gauge::default(),
            last_success: Seconds::default(),
            since_last_success: Seconds::default(),
        };
        metrics.register();
        metrics
    }
}

impl Metrics {
    /// Puts every metric in the registry under its name and help text.
    fn register(&mut self) {
        let r = &mut self.registry;
        r.register(
            "passes",
            "Passes this process finished, by result.",
            self.passes.clone(),
        );
        r.register(
            "entries_rejected",
            "Index entries refused by the passes this process finished successfully (a failed pass commits nothing, so counts none).",
            self.entries_rejected.clone(),
        );
        r.register(
            "lock_held",
            "1 while this process holds the sync lock (0: a standby).",
            self.lock_held.clone(),
        );
        r.register(
            "last_pass_succeeded",
            "1 when the newest finished pass succeeded.",
            self.last_pass_succeeded.clone(),
        );
        r.register(
            "last_pass_duration_seconds",
            "How long the newest finished pass took.",
            self.last_pass_duration.clone(),
        );
        r.register(
            "last_pass_timestamp_seconds",
            "When the newest finished pass finished (Unix time).",
            self.last_pass_finished.clone(),
        );
        r.register(
            "last_pass_entries_rejected",
            "Entries the newest finished pass refused.",
            self.last_pass_entries_rejected.clone(),
        );
        r.register(
            "last_success_timestamp_seconds",
            "When a pass last succeeded (Unix time).",
            self.last_success.clone(),
        );
        r.register(
            "seconds_since_last_success",
            "Seconds since a pass last succeeded (+Inf: never); alert when it grows.",
            self.since_last_success.clone(),
        );
    }

    /// Counts a pass this process finished.
    pub fn record(&self, outcome: &Result<PassReport, Error>) {
        let result = if outcome.is_ok() { "ok" } else { "failed" };
        self.passes.get_or_create(&Outcome { result }).inc();
        if let Ok(report) = outcome {
            self.entries_rejected
                .inc_by(report.stats.entries_rejected.max(0) as u64);
        }
    }

    /// Says whether this process holds the sync lock.
    pub fn set_lock_held(&self, held: bool) {
        self.lock_held.set(i64::from(held));
    }

    /// Sets the gauges from the stored pass history.
    fn set_history(&self, health: &PassHealth) {
        if health.last_pass_id.is_some() {
            self.last_pass_succeeded
                .set(i64::from(health.last_succeeded == Some(true)));
            self.last_pass_duration
                .set(health.last_duration_seconds.unwrap_or_default());
            self.last_pass_finished
                .set(health.last_finished_at_seconds.unwrap_or_default());
            self.last_pass_entries_rejected
                .set(health.last_entries_rejected.unwrap_or_default());
        }
        match (health.last_success_at_seconds, health.seconds_since_success) {
            (Some(at), Some(since)) => {
                self.last_success.set(at);
                self.since_last_success.set(since);
            }
            // Never: infinitely stale, so a threshold alert fires.
            _ => {
                self.last_success.set(0.0);
                self.since_last_success.set(f64::INFINITY);
            }
        }
    }
}

/// What the endpoint's handler needs.
#[derive(Clone)]
struct Endpoint {
    database: Database,
    metrics: Arc<Metrics>,
}

/// Binds `address` (before the first pass, so a wrong address fails at start)
/// and serves `/metrics` until `shutdown`.
pub async fn serve(
    address: SocketAddr,
    database: Database,
    metrics: Arc<Metrics>,
    shutdown: CancellationToken,
) -> Result<tokio::task::JoinHandle<()>, Error> {
    let listener = TcpListener::bind(address)
        .await
        .map_err(|source| Error::MetricsListen { address, source })?;
    tracing::info!(address = %listener.local_addr().unwrap_or(address), "serving metrics");
    let app = Router::new()
        .route("/metrics", get(scrape))
        .with_state(Endpoint { database, metrics });
    Ok(tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await;
        if let Err(error) = served {
            tracing::error!(error = %Report(&error), "the metrics endpoint stopped");
        }
    }))
}

/// One scrape: the pass history from the read pool, then every metric; 503
/// naming the cause when the database does not answer.
async fn scrape(State(endpoint): State<Endpoint>) -> Response {
    match pass_health(&endpoint.database).await {
        Ok(health) => {
            endpoint.metrics.set_history(&health);
            buildsrs_runtime::metrics::response(&endpoint.metrics.registry)
        }
        Err(error) => {
            tracing::warn!(error = %Report(&error), "metrics: could not read the pass history");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("database unavailable: {}\n", Report(&error)),
            )
                .into_response()
        }
    }
}

/// The newest finished pass and the newest success.
async fn pass_health(database: &Database) -> Result<PassHealth, Error> {
    let client = database.read_client().await?;
    Ok(registry_sync::pass_health().bind(&client).one().await?)
}
