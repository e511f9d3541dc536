//! One job from claim to its end, in the backend's terms: the stages
//! (`fetch`, `build`, `upload`), the log, the lease, the artifact upload and
//! the completion with its result, or the job given back (unclaimed) when
//! the builder cannot finish it, or dropped when the backend says it is no
//! longer this builder's.
//!
//! The work itself (download, cargo, packing) is in [`crate::build`]; this
//! module decides what each outcome means for the job.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use buildsrs_protocol::api::{BuildResult, CompleteRequest, JobStage, TaskKind, TaskState};
use buildsrs_protocol::digest::Sha256Digest;
use buildsrs_report::Report;
use tokio::time::Instant;

use crate::artifact::PackedArtifact;
use crate::build::{Cargo, Failure, JobDir, Limits, LineSink, fetch_crate, infrastructure};
use crate::client::{BackendClient, ClientError};
use crate::control::{JobControl, StopReason};
use crate::lease::lease_keeper;
use crate::logs::JobLog;
use crate::registry::Registry;
use crate::sandbox::Sandbox;
use crate::spec::{InvalidJob, JobSpec};
use crate::toolchain::Toolchain;

/// Attempts at one call to the backend (for answers that may be transient).
const CALL_ATTEMPTS: u32 = 4;

/// How long the log may take to drain at the end of a job.
const LOG_DRAIN: Duration = Duration::from_secs(30);

/// What every job of a builder shares.
#[derive(Debug)]
pub struct JobContext {
    pub client: BackendClient,
    /// For downloads from the registry.
    pub http: reqwest::Client,
    pub registry: Registry,
    pub sandbox: Sandbox,
    pub toolchain: Toolchain,
    /// `<work-dir>/jobs`.
    pub jobs_dir: PathBuf,
    pub settings: JobSettings,
}

/// The limits and policies of a job.
#[derive(Clone, Copy, Debug)]
pub struct JobSettings {
    /// Wall-clock limit of the job's cargo runs together.
    pub build_timeout: Duration,
    pub limits: Limits,
    /// Keep the directory of a job that did not succeed.
    pub keep_failed: bool,
}

/// How a job ended for this builder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobEnd {
    /// Completed with a result; the backend put the task in `task_state`.
    Completed {
        result: BuildResult,
        task_state: TaskState,
    },
    /// The backend refused the job: nothing more was sent.
    Gone(String),
    /// Given back to the queue.
    Unclaimed(String),
    /// Neither completed nor given back (the backend could not be reached):
    /// its lease runs out and the backend's rescuer takes it back.
    Abandoned(String),
}

/// The result the builder reports, before it is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub result: BuildResult,
    pub exit_code: Option<i32>,
    pub reason: Option<String>,
}

impl From<Failure> for Verdict {
    fn from(failure: Failure) -> Self {
        let (result, exit_code, reason) = match failure {
            Failure::Infrastructure(reason) => (BuildResult::InfrastructureError, None, reason),
            Failure::BuildFailed { exit_code, reason } => {
                (BuildResult::BuildFailed, exit_code, reason)
            }
            Failure::TimedOut(reason) => (BuildResult::TimedOut, None, reason),
            Failure::Cancelled => (BuildResult::Cancelled, None, "cancelled".to_owned()),
        };
        Self {
            result,
            exit_code,
            reason: Some(short_reason(&reason)),
        }
    }
}

/// Why the work stopped before a verdict.
#[derive(Debug)]
enum Interrupt {
    /// A call for the job failed.
    Call(ClientError),
    /// The job was stopped (see [`JobControl`]).
    Stopped,
}

/// Runs `spec` to its end. Never panics on anything the backend or the
/// crate does; every way out is a [`JobEnd`].
pub async fn run_job(context: Arc<JobContext>, spec: JobSpec, control: Arc<JobControl>) -> JobEnd {
    let job = spec.job;
    tracing::info!(
        job = job.0,
        krate = %spec.krate,
        version = %spec.version,
        target = %spec.target,
        kind = ?spec.kind,
        attempt = spec.attempt,
        "job started"
    );
    let (log, shipper) = JobLog::spawn(context.client.clone(), job, Arc::clone(&control));
    let keeper = tokio::spawn(lease_keeper(
        context.client.clone(),
        job,
        spec.lease_expires_at,
        Arc::clone(&control),
    ));
    let root = context.jobs_dir.join(job.to_string());
    let outcome = work(&context, &spec, &root, &log, &control).await;
    let end = match outcome {
        Ok(verdict) => finish(&context, &spec, verdict, &log, &control).await,
        Err(interrupt) => interrupted(&context, &spec, interrupt, &log, &control).await,
    };
    keeper.abort();
    drop(log);
    if tokio::time::timeout(LOG_DRAIN, shipper).await.is_err() {
        tracing::warn!(job = job.0, "the log did not drain in time");
    }
    let succeeded = matches!(
        end,
        JobEnd::Completed {
            result: BuildResult::Succeeded,
            ..
        }
    );
    if succeeded || !context.settings.keep_failed {
        if let Err(error) = tokio::fs::remove_dir_all(&root).await
            && error.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(job = job.0, error = %Report(&error), dir = %root.display(), "could not remove the job's directory");
        }
    } else {
        tracing::info!(job = job.0, dir = %root.display(), "kept the failed job's directory");
    }
    tracing::info!(job = job.0, end = ?end, "job ended");
    end
}

/// The stages, up to the verdict (and the upload, for a success).
async fn work(
    context: &JobContext,
    spec: &JobSpec,
    root: &Path,
    log: &JobLog,
    control: &JobControl,
) -> Result<Verdict, Interrupt> {
    let fetch_log = enter_stage(context, spec, log, control, JobStage::Fetch).await?;
    fetch_log.line(job_banner(context, spec));
    let settings = &context.settings;
    let deadline = Instant::now() + settings.build_timeout;

    // A directory left by an earlier run of the same job goes first.
    let _ = tokio::fs::remove_dir_all(root).await;
    let dir = match JobDir::create(root.to_owned()) {
        Ok(dir) => dir,
        Err(error) => {
            let reason = format!("creating {}: {error}", root.display());
            return Ok(infrastructure(&fetch_log, reason).into());
        }
    };
    let cargo = Cargo::new(
        &context.sandbox,
        &context.toolchain,
        &dir,
        deadline,
        settings.limits.max_output,
        control.token(),
    );
    let package = match fetch(context, spec, &dir, &cargo, &fetch_log, control).await {
        Ok(package) => package,
        Err(failure) => return settle(failure),
    };

    let build_log = enter_stage(context, spec, log, control, JobStage::Build).await?;
    let built = match spec.kind {
        TaskKind::Binary => {
            cargo
                .build_binary(
                    &package,
                    &spec.krate,
                    &spec.version,
                    &spec.target,
                    &build_log,
                )
                .await
        }
        TaskKind::Metadata => cargo.metadata(&package, &build_log).await,
    };
    let artifact = match built {
        Ok(artifact) => artifact,
        Err(failure) => return settle(failure),
    };

    let upload_log = enter_stage(context, spec, log, control, JobStage::Upload).await?;
    upload(context, spec, &artifact, &upload_log, control).await
}

/// Sends what the log holds, moves the job to `stage` on the backend and
/// answers the log of that stage.
async fn enter_stage<'a>(
    context: &JobContext,
    spec: &JobSpec,
    log: &'a JobLog,
    control: &JobControl,
    stage: JobStage,
) -> Result<StageLog<'a>, Interrupt> {
    log.flush().await;
    call(control, || context.client.stage(spec.job, stage)).await?;
    log.enter(stage);
    Ok(StageLog::new(log, stage))
}

/// The first line of a job's log: what is built, with what.
fn job_banner(context: &JobContext, spec: &JobSpec) -> String {
    format!(
        "job {job}: {kind} of {krate} {version} for {target}, attempt {attempt}; {rustc}, sandbox {sandbox}",
        job = spec.job,
        kind = match spec.kind {
            TaskKind::Binary => "binary",
            TaskKind::Metadata => "metadata",
        },
        krate = spec.krate,
        version = spec.version,
        target = spec.target,
        attempt = spec.attempt,
        rustc = context.toolchain.version,
        sandbox = context.sandbox.name(),
    )
}

/// The fetch stage's work: the download URL, the checked `.crate`
/// unpacked, and `cargo fetch`; answers the package directory.
async fn fetch(
    context: &JobContext,
    spec: &JobSpec,
    dir: &JobDir,
    cargo: &Cargo<'_>,
    fetch_log: &StageLog<'_>,
    control: &JobControl,
) -> Result<PathBuf, Failure> {
    let url = context
        .registry
        .download_url(&spec.krate, &spec.version, &spec.checksum.0)
        .await
        .map_err(|error| infrastructure(fetch_log, error.to_string()))?;
    let package = stoppable(
        control,
        fetch_crate(
            &context.http,
            &url,
            &spec.checksum.0,
            &spec.package_dir(),
            dir,
            &context.settings.limits,
            fetch_log,
        ),
    )
    .await?;
    cargo.fetch(&package, fetch_log).await?;
    Ok(package)
}

/// The upload stage: the artifact sent, and the verdict that follows.
async fn upload(
    context: &JobContext,
    spec: &JobSpec,
    artifact: &PackedArtifact,
    upload_log: &StageLog<'_>,
    control: &JobControl,
) -> Result<Verdict, Interrupt> {
    let sha256 = Sha256Digest(artifact.sha256);
    upload_log.line(format!(
        "uploading {} ({} bytes, sha256 {sha256})",
        artifact.name, artifact.size
    ));
    let uploaded = call(control, || {
        context.client.upload(
            spec.job,
            &artifact.name,
            &artifact.path,
            artifact.size,
            sha256,
        )
    })
    .await;
    let created = match uploaded {
        // The crate built something the backend will not store: its
        // property, so trying again elsewhere would only repeat it.
        Err(Interrupt::Call(error))
            if error.status() == Some(reqwest::StatusCode::PAYLOAD_TOO_LARGE) =>
        {
            let reason = format!(
                "the artifact of {} bytes is too large for the backend: {error}",
                artifact.size
            );
            upload_log.line(format!("error: {reason}"));
            return Ok(Failure::BuildFailed {
                exit_code: None,
                reason,
            }
            .into());
        }
        other => other?,
    };
    upload_log.line(format!(
        "uploaded {} as artifact {}",
        artifact.name, created.id
    ));
    Ok(Verdict {
        result: BuildResult::Succeeded,
        exit_code: Some(0),
        reason: None,
    })
}

/// A step's failure as the job's outcome: a stop interrupts the job, any
/// other failure is its verdict.
fn settle(failure: Failure) -> Result<Verdict, Interrupt> {
    match failure {
        Failure::Cancelled => Err(Interrupt::Stopped),
        failure => Ok(failure.into()),
    }
}

/// Reports the verdict; gives the job back when that cannot be done.
async fn finish(
    context: &JobContext,
    spec: &JobSpec,
    verdict: Verdict,
    log: &JobLog,
    control: &JobControl,
) -> JobEnd {
    let stage_log = StageLog::new(log, log.stage());
    stage_log.line(format!(
        "result: {}{}",
        result_name(verdict.result),
        verdict
            .reason
            .as_deref()
            .map(|reason| format!(": {reason}"))
            .unwrap_or_default()
    ));
    log.flush().await;
    if control.is_gone() {
        return gone(control);
    }
    let request = CompleteRequest {
        result: verdict.result,
        exit_code: verdict.exit_code,
        reason: verdict.reason,
    };
    let client = &context.client;
    // The work is done: only the backend's refusal (seen by `call` through
    // the errors) stops the completion now, not a shutdown.
    let completing = JobControl::new();
    match call(&completing, || client.complete(spec.job, &request)).await {
        Ok(completed) => JobEnd::Completed {
            result: verdict.result,
            task_state: completed.task_state,
        },
        Err(Interrupt::Call(error)) if error.job_is_gone() => JobEnd::Gone(error.to_string()),
        Err(Interrupt::Call(error)) => {
            give_back(context, spec, format!("completing: {error}")).await
        }
        Err(Interrupt::Stopped) => {
            give_back(context, spec, "stopped while completing".to_owned()).await
        }
    }
}

/// After a failed call or a stop: the job is dropped or given back.
async fn interrupted(
    context: &JobContext,
    spec: &JobSpec,
    interrupt: Interrupt,
    log: &JobLog,
    control: &JobControl,
) -> JobEnd {
    let reason = match interrupt {
        Interrupt::Call(error) if error.job_is_gone() => {
            tracing::warn!(job = spec.job.0, error = %Report(&error), "the backend refused the job: dropping it");
            control.stop(StopReason::Gone(error.to_string()));
            return JobEnd::Gone(error.to_string());
        }
        Interrupt::Call(error) => error.to_string(),
        Interrupt::Stopped => match control.reason() {
            Some(StopReason::Gone(_)) | None => return gone(control),
            Some(StopReason::Unreachable(reason)) => reason,
            Some(StopReason::Shutdown) => {
                StageLog::new(log, log.stage()).line(
                    "the builder is shutting down and its grace period ran out: giving the job back"
                        .to_owned(),
                );
                // Lines given before the stop still go out, if they can.
                let _ = tokio::time::timeout(Duration::from_secs(5), log.flush()).await;
                "the builder shut down".to_owned()
            }
        },
    };
    give_back(context, spec, reason).await
}

/// Unclaims the job (a few tries); answers how that went.
async fn give_back(context: &JobContext, spec: &JobSpec, reason: String) -> JobEnd {
    tracing::warn!(job = spec.job.0, %reason, "giving the job back");
    // A fresh control: the job's own may be stopped, and this must still run.
    let control = JobControl::new();
    match call(&control, || context.client.unclaim(spec.job)).await {
        Ok(()) => JobEnd::Unclaimed(reason),
        Err(Interrupt::Call(error)) if error.job_is_gone() => {
            JobEnd::Gone(format!("{reason}; the unclaim was refused: {error}"))
        }
        Err(Interrupt::Call(error)) => {
            tracing::error!(job = spec.job.0, error = %Report(&error), "could not give the job back; its lease will run out");
            JobEnd::Abandoned(format!("{reason}; unclaiming failed: {error}"))
        }
        Err(Interrupt::Stopped) => JobEnd::Abandoned(reason),
    }
}

/// Reports a job the backend handed out but that failed the checks: an
/// infrastructure error (it is not the crate's fault), or, if the backend
/// will not take that, given back.
pub async fn reject_job(client: &BackendClient, invalid: InvalidJob) -> JobEnd {
    tracing::error!(job = invalid.job.0, error = %invalid, "refusing a job");
    let control = JobControl::new();
    let request = CompleteRequest {
        result: BuildResult::InfrastructureError,
        exit_code: None,
        reason: Some(short_reason(&invalid.to_string())),
    };
    match call(&control, || client.complete(invalid.job, &request)).await {
        Ok(completed) => JobEnd::Completed {
            result: BuildResult::InfrastructureError,
            task_state: completed.task_state,
        },
        Err(_) => match call(&control, || client.unclaim(invalid.job)).await {
            Ok(()) => JobEnd::Unclaimed(invalid.to_string()),
            Err(Interrupt::Call(error)) => {
                JobEnd::Abandoned(format!("{invalid}; unclaiming failed: {error}"))
            }
            Err(Interrupt::Stopped) => JobEnd::Abandoned(invalid.to_string()),
        },
    }
}

fn gone(control: &JobControl) -> JobEnd {
    match control.reason() {
        Some(StopReason::Gone(reason)) => JobEnd::Gone(reason),
        other => JobEnd::Gone(format!("{other:?}")),
    }
}

/// A call for the job, tried again while its failure may be transient,
/// given up when the job is stopped.
async fn call<T, F, Fut>(control: &JobControl, mut attempt: F) -> Result<T, Interrupt>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ClientError>>,
{
    let mut tries = 0;
    loop {
        tries += 1;
        let result = tokio::select! {
            biased;
            _ = control.stopped() => return Err(Interrupt::Stopped),
            result = attempt() => result,
        };
        match result {
            Ok(value) => return Ok(value),
            Err(error) if error.is_transient() && tries < CALL_ATTEMPTS => {
                tracing::warn!(error = %Report(&error), tries, "a call to the backend failed; trying again");
                tokio::select! {
                    _ = control.stopped() => return Err(Interrupt::Stopped),
                    _ = tokio::time::sleep(Duration::from_secs(1 << (tries - 1))) => {}
                }
            }
            Err(error) => return Err(Interrupt::Call(error)),
        }
    }
}

/// Runs a step unless the job is stopped first.
async fn stoppable<T>(
    control: &JobControl,
    step: impl Future<Output = Result<T, Failure>>,
) -> Result<T, Failure> {
    tokio::select! {
        biased;
        _ = control.stopped() => Err(Failure::Cancelled),
        result = step => result,
    }
}

/// The result's name on the wire, for the log.
pub fn result_name(result: BuildResult) -> &'static str {
    match result {
        BuildResult::Succeeded => "succeeded",
        BuildResult::BuildFailed => "build_failed",
        BuildResult::InfrastructureError => "infrastructure_error",
        BuildResult::TimedOut => "timed_out",
        BuildResult::Cancelled => "cancelled",
    }
}

/// A reason short enough for the backend (at most
/// `CompleteRequest::MAX_REASON_CHARS` characters, one line).
pub fn short_reason(reason: &str) -> String {
    let line: String = reason
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let limit = CompleteRequest::MAX_REASON_CHARS;
    if line.chars().count() <= limit {
        line
    } else {
        let mut cut: String = line.chars().take(limit - 1).collect();
        cut.push('…');
        cut
    }
}

/// The job's log, for the lines of one stage.
struct StageLog<'a> {
    log: &'a JobLog,
    stage: JobStage,
}

impl<'a> StageLog<'a> {
    fn new(log: &'a JobLog, stage: JobStage) -> Self {
        Self { log, stage }
    }
}

impl LineSink for StageLog<'_> {
    fn line(&self, text: String) {
        self.log.line(self.stage, text);
    }
}
