//! The builder as a service: [`run`] sets up (key, work directory,
//! sandbox, toolchain), then claims jobs while it has free slots and runs
//! each in its own task, until the shutdown future resolves (SIGTERM,
//! SIGINT) or, with `--once`, until a claim's whole wait brings no job.
//!
//! Claims that fail (the backend is down, or answers nonsense) are tried
//! again with exponential backoff up to a minute, logging the cause; with
//! `--once` five failures in a row end the run with an error. At shutdown
//! no new job is claimed, running jobs get the grace period to finish, and
//! those still running then are stopped and given back (unclaimed).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use buildsrs_protocol::api::JobId;
use buildsrs_protocol::signing::{RequestSigner, SignError};
use buildsrs_report::Report;
use buildsrs_runtime::backoff;
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::build::Limits;
use crate::client::{BackendClient, Claimed, ClientError};
use crate::config::Config;
use crate::control::{JobControl, StopReason};
use crate::job::{JobContext, JobEnd, JobSettings, reject_job, run_job};
use crate::registry::Registry;
use crate::sandbox::{Sandbox, SandboxError};
use crate::toolchain::{Toolchain, ToolchainError};

/// The first pause after a failed claim; it doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// With `--once`: failed claims in a row that end the run.
const ONCE_CLAIM_FAILURES: u32 = 5;

/// A claim that comes back empty sooner than this is followed by a pause,
/// so a backend that does not wait cannot make the builder spin.
const MIN_EMPTY_CLAIM: Duration = Duration::from_secs(1);

/// Why the builder could not start, or (with `--once`) stopped early.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("the builder's key: {0}")]
    Key(#[from] SignError),
    #[error("the work directory {path}: {source}")]
    WorkDir {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the sandbox: {0}")]
    Sandbox(#[from] SandboxError),
    #[error("the Rust toolchain: {0}")]
    Toolchain(#[from] ToolchainError),
    #[error("the HTTP client: {0}")]
    Http(String),
    #[error("the backend URL {0:?} is not an http:// or https:// URL")]
    BackendUrl(String),
    #[error("claiming failed {count} times in a row, last: {last}")]
    Claims { count: u32, last: ClientError },
}

/// Runs the builder until `shutdown` resolves (or, with `--once`, until no
/// job is waiting), then lets running jobs finish within the grace period
/// and gives back the rest. `Ok` on a clean stop.
pub async fn run(
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServiceError> {
    let stop = CancellationToken::new();
    {
        let stop = stop.clone();
        tokio::spawn(async move {
            shutdown.await;
            stop.cancel();
        });
    }
    let context = Arc::new(prepare(&config).await?);
    tracing::info!(
        backend = %config.backend,
        key = %context.client.fingerprint(),
        slots = config.slots,
        sandbox = context.sandbox.name(),
        rustc = %context.toolchain.version,
        once = config.once,
        "builder started"
    );

    let mut running = Running::default();
    let outcome = claim_loop(&config, &context, &mut running, &stop).await;
    drain(&mut running, &stop, config.grace).await;
    tracing::info!("builder stopped");
    outcome
}

/// Claims jobs while there are free slots and starts them in `running`,
/// until `stop` is cancelled or, with `--once`, until a claim brings none.
/// `Err` when `--once` gives up after failed claims.
async fn claim_loop(
    config: &Config,
    context: &Arc<JobContext>,
    running: &mut Running,
    stop: &CancellationToken,
) -> Result<(), ServiceError> {
    let mut failures = 0u32;
    let mut delays = claim_delays();
    loop {
        running.reap();
        if stop.is_cancelled() {
            break;
        }
        let free = config.slots.saturating_sub(running.len() as u32);
        if free == 0 {
            tokio::select! {
                _ = stop.cancelled() => break,
                _ = running.join_next() => continue,
            }
        }
        let started = Instant::now();
        let claimed = tokio::select! {
            _ = stop.cancelled() => break,
            claimed = context.client.claim(free, config.claim_wait) => claimed,
        };
        match claimed {
            Ok(claimed) => {
                failures = 0;
                delays = claim_delays();
                let empty = claimed.jobs.is_empty() && claimed.invalid.is_empty();
                running.start(context, claimed, free);
                if empty {
                    if config.once {
                        tracing::info!("no job is waiting: finishing the claimed jobs and exiting");
                        break;
                    }
                    if started.elapsed() < MIN_EMPTY_CLAIM {
                        pause(stop, MIN_EMPTY_CLAIM).await;
                    }
                }
            }
            Err(error) => {
                failures += 1;
                let backoff = delays.next().unwrap_or(MAX_BACKOFF);
                tracing::warn!(error = %Report(&error), retry_in = ?backoff, failures, "claiming failed");
                if config.once && failures >= ONCE_CLAIM_FAILURES {
                    return Err(ServiceError::Claims {
                        count: failures,
                        last: error,
                    });
                }
                pause(stop, backoff).await;
            }
        }
    }
    Ok(())
}

/// Sleeps for `duration`, or until `stop` is cancelled.
async fn pause(stop: &CancellationToken, duration: Duration) {
    tokio::select! {
        _ = stop.cancelled() => {}
        _ = tokio::time::sleep(duration) => {}
    }
}

/// The pauses after failed claims in a row: [`FIRST_BACKOFF`], doubling up
/// to [`MAX_BACKOFF`].
fn claim_delays() -> impl Iterator<Item = Duration> {
    backoff::exponential(FIRST_BACKOFF, MAX_BACKOFF)
}

/// Sets up everything jobs share.
async fn prepare(config: &Config) -> Result<JobContext, ServiceError> {
    if !(config.backend.starts_with("http://") || config.backend.starts_with("https://")) {
        return Err(ServiceError::BackendUrl(config.backend.clone()));
    }
    let signer = RequestSigner::from_file(&config.key)?;
    let jobs_dir = config.work_dir.join("jobs");
    let work_dir_error = |source| ServiceError::WorkDir {
        path: jobs_dir.clone(),
        source,
    };
    std::fs::create_dir_all(&jobs_dir).map_err(work_dir_error)?;
    let jobs_dir = std::fs::canonicalize(&jobs_dir).map_err(work_dir_error)?;
    if !config.keep_failed {
        // What an earlier run left behind belongs to jobs whose leases ran out.
        if let Ok(entries) = std::fs::read_dir(&jobs_dir) {
            for entry in entries.flatten() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let sandbox = Sandbox::detect(config.sandbox, &jobs_dir).await?;
    let toolchain = Toolchain::detect(&jobs_dir).await?;
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("buildsrs-builder/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|error| ServiceError::Http(Report(&error).to_string()))?;
    let client = BackendClient::new(http.clone(), &config.backend, signer);
    Ok(JobContext {
        client,
        registry: Registry::new(config.registry_source(), http.clone()),
        http,
        sandbox,
        toolchain,
        jobs_dir,
        settings: JobSettings {
            build_timeout: config.build_timeout,
            limits: Limits {
                max_crate_size: config.max_crate_size,
                unpack: config.unpack_limits(),
                max_output: config.max_output,
            },
            keep_failed: config.keep_failed,
        },
    })
}

/// Waits for the running jobs; once `stop` is cancelled they have `grace`
/// left, then the ones still running are stopped (and give themselves back).
async fn drain(running: &mut Running, stop: &CancellationToken, grace: Duration) {
    let mut deadline: Option<Instant> = None;
    if stop.is_cancelled() && !running.is_empty() {
        tracing::info!(
            jobs = running.len(),
            ?grace,
            "shutting down: waiting for the running jobs"
        );
        deadline = Some(Instant::now() + grace);
    }
    let mut stopped = false;
    while !running.is_empty() {
        tokio::select! {
            _ = running.join_next() => {}
            _ = stop.cancelled(), if deadline.is_none() => {
                tracing::info!(jobs = running.len(), ?grace, "shutting down: waiting for the running jobs");
                deadline = Some(Instant::now() + grace);
            }
            _ = sleep_until_some(deadline), if !stopped && deadline.is_some() => {
                tracing::warn!(jobs = running.len(), "the grace period ran out: giving the running jobs back");
                running.stop_all();
                stopped = true;
            }
        }
    }
}

async fn sleep_until_some(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

/// The jobs in progress and their stop signals.
#[derive(Default)]
struct Running {
    tasks: JoinSet<(JobId, JobEnd)>,
    controls: HashMap<JobId, Arc<JobControl>>,
}

impl Running {
    fn len(&self) -> usize {
        self.tasks.len()
    }

    fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    fn spawn_job(
        &mut self,
        job: JobId,
        control: Arc<JobControl>,
        future: impl Future<Output = JobEnd> + Send + 'static,
    ) {
        self.controls.insert(job, control);
        self.spawn_plain(job, future);
    }

    fn spawn_plain(&mut self, job: JobId, future: impl Future<Output = JobEnd> + Send + 'static) {
        self.tasks.spawn(async move { (job, future.await) });
    }

    /// Starts what a claim handed out: each job that fits in the `free`
    /// slots, and a task for each job that is refused (invalid) or given
    /// back at once (more than asked for).
    fn start(&mut self, context: &Arc<JobContext>, claimed: Claimed, free: u32) {
        for invalid in claimed.invalid {
            let client = context.client.clone();
            self.spawn_plain(
                invalid.job,
                async move { reject_job(&client, invalid).await },
            );
        }
        for (index, job) in claimed.jobs.into_iter().enumerate() {
            if index as u32 >= free {
                tracing::warn!(
                    job = job.job.0,
                    "the backend handed out more jobs than free slots: giving one back"
                );
                let client = context.client.clone();
                self.spawn_plain(job.job, async move {
                    match client.unclaim(job.job).await {
                        Ok(()) => JobEnd::Unclaimed("more jobs than slots".to_owned()),
                        Err(error) => JobEnd::Abandoned(error.to_string()),
                    }
                });
                continue;
            }
            let control = Arc::new(JobControl::new());
            let id = job.job;
            let job_future = run_job(Arc::clone(context), job, Arc::clone(&control));
            self.spawn_job(id, control, job_future);
        }
    }

    /// Collects the jobs that ended, without waiting.
    fn reap(&mut self) {
        while let Some(result) = self.tasks.try_join_next() {
            self.ended(result);
        }
    }

    /// Waits for one job to end.
    async fn join_next(&mut self) {
        if let Some(result) = self.tasks.join_next().await {
            self.ended(result);
        }
    }

    fn ended(&mut self, result: Result<(JobId, JobEnd), tokio::task::JoinError>) {
        match result {
            Ok((job, end)) => {
                self.controls.remove(&job);
                tracing::debug!(job = job.0, ?end, "slot free");
            }
            Err(error) => tracing::error!(error = %Report(&error), "a job's task failed"),
        }
    }

    fn stop_all(&self) {
        for control in self.controls.values() {
            control.stop(StopReason::Shutdown);
        }
    }
}
