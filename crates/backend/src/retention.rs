//! Retention run by the daemon: what `buildsrs-database gc --apply` does
//! (superseded logs removed, old download days rolled up into months; the
//! rules are [`buildsrs_database::retention`]'s), on an interval the
//! operator chose. Several instances may run it: log removal skips the jobs
//! another is removing, and a day's row is moved by one roll-up only.

use std::future::Future;
use std::time::Duration;

use buildsrs_database::retention::{self, Retention};
use buildsrs_report::Report;

use crate::periodic::{self, First};
use crate::{Backend, Error};

impl Backend {
    /// Applies `policy` once; answers what it removed.
    pub async fn apply_retention(&self, policy: &Retention) -> Result<retention::Outcome, Error> {
        let client = self.client().await?;
        Ok(retention::apply(&client, policy).await?)
    }
}

/// Applies `policy` every `interval` (the first time one interval after
/// start) until `shutdown` resolves. A failed pass is logged and tried
/// again at the next tick.
pub async fn retention_collector(
    backend: Backend,
    policy: Retention,
    interval: Duration,
    shutdown: impl Future<Output = ()>,
) {
    periodic::every(interval, First::AfterInterval, shutdown, || async {
        match backend.apply_retention(&policy).await {
            Ok(outcome) => tracing::info!(
                log_jobs = outcome.log_jobs,
                log_lines = outcome.log_lines,
                download_days = outcome.download_days,
                "applied retention"
            ),
            Err(error) => {
                tracing::warn!(error = %Report(&error), "applying retention failed; retrying at the next tick");
            }
        }
    })
    .await;
}
