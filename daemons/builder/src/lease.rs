//! The `lease_keeper`: renews a job's lease by heartbeat, every third of
//! the time the lease has left, for as long as the job runs.
//!
//! A heartbeat the backend refuses (the lease expired, the job is not this
//! builder's) stops the job; one that fails for another reason is tried
//! again on the same schedule until the lease would have run out, and then
//! the job is stopped as well, since another builder may hold it by then.

use std::sync::Arc;
use std::time::Duration;

use buildsrs_protocol::api::JobId;
use buildsrs_report::Report;
use chrono::{DateTime, Utc};

use crate::client::BackendClient;
use crate::control::{JobControl, StopReason};

/// The shortest pause between two heartbeats.
const MIN_INTERVAL: Duration = Duration::from_secs(1);

/// The longest pause, whatever the lease says.
const MAX_INTERVAL: Duration = Duration::from_secs(600);

/// The pause before the next heartbeat of a lease running out at `expires`.
pub fn next_heartbeat(expires: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    let remaining = (expires - now).to_std().unwrap_or(Duration::ZERO);
    (remaining / 3).clamp(MIN_INTERVAL, MAX_INTERVAL)
}

/// Keeps `job`'s lease (running out at `expires`) alive until the job is
/// stopped or this task is aborted.
pub async fn lease_keeper(
    client: BackendClient,
    job: JobId,
    mut expires: DateTime<Utc>,
    control: Arc<JobControl>,
) {
    loop {
        let pause = next_heartbeat(expires, Utc::now());
        tokio::select! {
            _ = control.stopped() => return,
            _ = tokio::time::sleep(pause) => {}
        }
        match client.heartbeat(job).await {
            Ok(lease) => {
                tracing::debug!(job = job.0, lease_expires_at = %lease.lease_expires_at, "lease renewed");
                expires = lease.lease_expires_at;
            }
            Err(error) if error.job_is_gone() => {
                tracing::warn!(job = job.0, error = %Report(&error), "the backend refused the heartbeat: stopping the job");
                control.stop(StopReason::Gone(error.to_string()));
                return;
            }
            Err(error) => {
                if Utc::now() >= expires {
                    tracing::warn!(job = job.0, error = %Report(&error), "the lease ran out while heartbeats failed: stopping the job");
                    control.stop(StopReason::Gone(format!(
                        "the lease ran out while heartbeats failed: {error}"
                    )));
                    return;
                }
                tracing::warn!(job = job.0, error = %Report(&error), "heartbeat failed; trying again");
            }
        }
    }
}
