//! `/metrics`: counters the handlers bump, the open live streams, and gauges
//! set from the database (`Backend::gauges`) and from the download counter at
//! each scrape, in one prometheus-client registry.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

/// The label of the task gauge: a task state as the database spells it.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TaskStateLabel {
    state: String,
}

/// Every metric of the backend daemon, registered once.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Jobs handed out.
    pub claims: Counter,
    /// Artifact downloads served.
    pub downloads: Counter,
    /// Builder requests refused.
    pub auth_refusals: Counter,
    /// Live log streams open now (`streams::StreamLimits` counts them).
    pub streams_open: Gauge,
    tasks: Family<TaskStateLabel, Gauge>,
    active_builders: Gauge,
    downloads_pending: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut metrics = Self {
            registry: Registry::with_prefix("buildsrs"),
            claims: Counter::default(),
            downloads: Counter::default(),
            auth_refusals: Counter::default(),
            streams_open: Gauge::default(),
            tasks: Family::default(),
            active_builders: Gauge::default(),
            downloads_pending: Gauge::default(),
        };
        metrics.register();
        metrics
    }
}

impl Metrics {
    /// Puts every metric in the registry under its name and help text.
    fn register(&mut self) {
        let r = &mut self.registry;
        r.register("claims", "Jobs handed out.", self.claims.clone());
        r.register(
            "downloads",
            "Artifact downloads served.",
            self.downloads.clone(),
        );
        r.register(
            "auth_refusals",
            "Builder requests refused.",
            self.auth_refusals.clone(),
        );
        r.register(
            "streams_open",
            "Live log streams open.",
            self.streams_open.clone(),
        );
        r.register(
            "tasks",
            "Tasks by state (waiting is the queue depth).",
            self.tasks.clone(),
        );
        r.register(
            "builders_active",
            "Enabled builders seen within one lease.",
            self.active_builders.clone(),
        );
        r.register(
            "downloads_pending",
            "Counted downloads not yet flushed.",
            self.downloads_pending.clone(),
        );
    }

    /// Sets the gauges of one scrape; then [`Self::registry`] encodes them.
    pub fn set_gauges(&self, gauges: &buildsrs_backend::gauges::Gauges, downloads_pending: usize) {
        for (state, count) in &gauges.tasks_by_state {
            let label = TaskStateLabel {
                state: state.clone(),
            };
            self.tasks.get_or_create(&label).set(*count);
        }
        self.active_builders.set(gauges.active_builders);
        self.downloads_pending
            .set(i64::try_from(downloads_pending).unwrap_or(i64::MAX));
    }

    /// The registry, to encode.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }
}
