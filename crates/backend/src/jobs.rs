//! The claim protocol: a builder claims the best waiting task of its targets
//! as a job under a lease, heartbeats to keep it, moves it through the stages
//! init, fetch, build, upload, and completes or unclaims it. Only the owning
//! builder may act on a job, and only while its lease runs; any other call
//! gets a typed refusal ([`Error::NotOwner`], [`Error::LeaseExpired`], ...),
//! never a silent no-op. The [`lease_rescuer`] ends jobs whose lease ran out
//! and returns their tasks to the queue, parking a task as failed after
//! [`Config::max_attempts`](crate::Config::max_attempts) jobs.
//!
//! Every state change is one statement of `queries/jobs.sql` that checks the
//! old state in WHERE; when it changes nothing, [`Backend::refusal`] reads
//! the job to name the reason.

use std::future::Future;

use buildsrs_database::Client;
use buildsrs_database::queries::queries::jobs as sql;
use buildsrs_database::queries::queries::tasks as tasks_sql;
use buildsrs_report::Report;
use chrono::{DateTime, Utc};

use crate::completions::Request;
use crate::periodic::{self, First};
use crate::stages::StageOrder as _;
use crate::{
    Backend, BuildResult, BuilderId, Error, JobId, JobStage, JobState, TaskId, TaskKind, TaskState,
};

/// A job a builder claimed: what to build and until when it is leased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedJob {
    pub id: JobId,
    pub task: TaskId,
    pub kind: TaskKind,
    /// Which job this is for the task, counting from 1.
    pub attempt: i32,
    pub krate: String,
    pub version: String,
    /// SHA-256 of the .crate file, to check the download against.
    pub checksum: Vec<u8>,
    pub target: String,
    pub lease_expires_at: DateTime<Utc>,
}

impl From<sql::ClaimedJob> for ClaimedJob {
    fn from(row: sql::ClaimedJob) -> Self {
        Self {
            id: JobId(row.job_id),
            task: TaskId(row.task_id),
            kind: row.kind,
            attempt: row.attempts,
            krate: row.crate_name,
            version: row.version,
            checksum: row.checksum,
            target: row.target,
            lease_expires_at: row.lease_expires_at.to_utc(),
        }
    }
}

/// A job as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub id: JobId,
    pub task: TaskId,
    pub builder: BuilderId,
    pub state: JobState,
    pub stage: JobStage,
    /// Log lines stored so far: the next line's number.
    pub log_lines: i64,
    pub lease_expires_at: DateTime<Utc>,
    /// Whether the lease still runs by the database's clock.
    pub lease_running: bool,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// How the build went, once the job completed.
    pub result: Option<BuildResult>,
    pub exit_code: Option<i32>,
    pub reason: Option<String>,
}

impl From<sql::JobGet> for Job {
    fn from(row: sql::JobGet) -> Self {
        Self {
            id: JobId(row.id),
            task: TaskId(row.task_id),
            builder: BuilderId(row.builder_id),
            state: row.state,
            stage: row.stage,
            log_lines: row.log_lines,
            lease_expires_at: row.lease_expires_at.to_utc(),
            lease_running: row.lease_running,
            created_at: row.created_at.to_utc(),
            finished_at: row.finished_at.map(|at| at.to_utc()),
            result: row.result,
            exit_code: row.exit_code,
            reason: row.reason,
        }
    }
}

/// What one rescue did to one expired job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rescued {
    pub job: JobId,
    pub task: TaskId,
    /// `Waiting` when the task went back to the queue, `Failed` when it was
    /// parked after too many attempts.
    pub task_state: TaskState,
    pub attempts: i32,
}

/// The most jobs one claim hands out: a builder's free slots, capped.
pub const MAX_CLAIM_SLOTS: u32 = 64;

/// How a builder says a job ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub result: BuildResult,
    /// The build command's exit code, when it ran.
    pub exit_code: Option<i32>,
    /// A short reason for people (at most [`MAX_REASON_CHARS`] characters).
    pub reason: Option<String>,
}

impl Outcome {
    /// A result without exit code or reason.
    pub fn of(result: BuildResult) -> Self {
        Self {
            result,
            exit_code: None,
            reason: None,
        }
    }
}

/// The longest reason a completion may carry, in characters.
pub const MAX_REASON_CHARS: usize = 1024;

/// What a completion did to the job's task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Completion {
    pub result: BuildResult,
    /// The task's new state; `None` when an operator had cancelled the task
    /// while the job ran.
    pub task_state: Option<TaskState>,
    /// When a delayed task is tried again.
    pub retry_at: Option<DateTime<Utc>>,
}

impl Backend {
    /// Gives an enabled builder the best waiting task of its enabled targets
    /// (priority, then newest) as a job leased for [`Config::lease`](crate::Config::lease);
    /// `None` when there is no work for it. An unknown or disabled builder
    /// is refused.
    pub async fn claim(&self, builder: BuilderId) -> Result<Option<ClaimedJob>, Error> {
        Ok(self.claim_many(builder, 1).await?.pop())
    }

    /// Up to `slots` (at most [`MAX_CLAIM_SLOTS`]) jobs for a builder in one
    /// statement, best first; empty when there is no work for it.
    /// Concurrent claims never get the same task.
    pub async fn claim_many(
        &self,
        builder: BuilderId,
        slots: u32,
    ) -> Result<Vec<ClaimedJob>, Error> {
        if !(1..=MAX_CLAIM_SLOTS).contains(&slots) {
            return Err(Error::InvalidSlots(slots));
        }
        let client = self.client().await?;
        let claimed = sql::job_claim_next()
            .bind(&client, &builder.0, &i64::from(slots), &self.lease_ms())
            .all()
            .await?;
        if claimed.is_empty() {
            self.claim_eligibility(&client, builder).await?;
        }
        for job in &claimed {
            tracing::debug!(%builder, job = job.job_id, task = job.task_id, "claimed a job");
        }
        Ok(claimed.into_iter().map(ClaimedJob::from).collect())
    }

    /// Why a claim found nothing: fine for an enabled builder, a refusal for
    /// an unknown or disabled one.
    async fn claim_eligibility(&self, client: &Client, builder: BuilderId) -> Result<(), Error> {
        let eligibility =
            buildsrs_database::queries::queries::builders::builder_claim_eligibility()
                .bind(client, &builder.0)
                .opt()
                .await?;
        match eligibility {
            None => Err(Error::UnknownBuilder(builder)),
            Some(false) => Err(Error::BuilderDisabled(builder)),
            Some(true) => Ok(()),
        }
    }

    /// Extends the lease of a job the builder holds to [`Config::lease`](crate::Config::lease)
    /// from now, and records the builder's heartbeat; returns the new expiry.
    pub async fn heartbeat(&self, builder: BuilderId, job: JobId) -> Result<DateTime<Utc>, Error> {
        let client = self.client().await?;
        let extended = sql::job_heartbeat()
            .bind(&client, &self.lease_ms(), &job.0, &builder.0)
            .opt()
            .await?;
        match extended {
            Some(expires_at) => Ok(expires_at.to_utc()),
            None => Err(self.refusal(&client, builder, job).await?),
        }
    }

    /// Hands a job back before its lease ends: the job ends as unclaimed and
    /// its task waits for the next claim (its attempt still counts).
    pub async fn unclaim(&self, builder: BuilderId, job: JobId) -> Result<TaskId, Error> {
        let client = self.client().await?;
        match sql::job_unclaim()
            .bind(&client, &job.0, &builder.0)
            .opt()
            .await?
        {
            Some(task) => Ok(TaskId(task)),
            None => Err(self.refusal(&client, builder, job).await?),
        }
    }

    /// Moves a job on to `stage`, which must directly follow its current one.
    pub async fn set_stage(
        &self,
        builder: BuilderId,
        job: JobId,
        stage: JobStage,
    ) -> Result<(), Error> {
        let client = self.client().await?;
        if let Some(previous) = stage.previous() {
            let moved = sql::job_stage_set()
                .bind(&client, &stage, &job.0, &builder.0, &previous)
                .opt()
                .await?;
            if moved.is_some() {
                return Ok(());
            }
        }
        let refusal = self.refusal(&client, builder, job).await?;
        match refusal {
            Error::Conflict(_) => {
                let current = sql::job_get().bind(&client, &job.0).one().await?.stage;
                if current == stage || stage.previous() != Some(current) {
                    Err(Error::StageOrder {
                        job,
                        current,
                        requested: stage,
                    })
                } else {
                    Err(refusal)
                }
            }
            other => Err(other),
        }
    }

    /// Ends a job the builder holds with its build result, and its task with
    /// it: succeeded, failed for good (the crate does not build or ran out of
    /// time), cancelled, or, after an infrastructure error, delayed for a
    /// retry with exponential backoff ([`Config::retry_backoff`](crate::Config::retry_backoff))
    /// while it had fewer than [`Config::max_attempts`](crate::Config::max_attempts) jobs.
    pub async fn complete(
        &self,
        builder: BuilderId,
        job: JobId,
        outcome: &Outcome,
    ) -> Result<Completion, Error> {
        if let Some(reason) = &outcome.reason
            && (reason.chars().count() > MAX_REASON_CHARS || reason.contains('\0'))
        {
            return Err(Error::InvalidReason);
        }
        let request = Request {
            builder,
            job,
            outcome: outcome.clone(),
        };
        match self.write_completion(request).await? {
            Some(completion) => {
                tracing::debug!(%builder, %job, ?completion, "completed a job");
                Ok(completion)
            }
            None => Err(self.refusal(&self.client().await?, builder, job).await?),
        }
    }

    /// One job, if it exists, from the read pool (which may lag behind).
    pub async fn job(&self, job: JobId) -> Result<Option<Job>, Error> {
        job_on(&self.read_client().await?, job).await
    }

    /// One job, if it exists, as the primary has it: for a builder checking
    /// the job it holds, which must see its own claim and stage changes.
    pub async fn job_fresh(&self, job: JobId) -> Result<Option<Job>, Error> {
        job_on(&self.client().await?, job).await
    }

    /// Refuses early, before costly work such as storing an upload's bytes,
    /// a job that is unknown, another builder's or ended. Read from the
    /// primary: the builder's own claim may not have reached a replica.
    pub async fn require_active_job(&self, builder: BuilderId, job: JobId) -> Result<(), Error> {
        let current = self.job_fresh(job).await?.ok_or(Error::UnknownJob(job))?;
        current.require_holder(builder)?;
        current.require_active()
    }

    /// When a job entered each stage, in stage order.
    pub async fn job_stages(&self, job: JobId) -> Result<Vec<(JobStage, DateTime<Utc>)>, Error> {
        let client = self.read_client().await?;
        let rows = sql::job_stage_list().bind(&client, &job.0).all().await?;
        Ok(rows
            .into_iter()
            .map(|row| (row.stage, row.started_at.to_utc()))
            .collect())
    }

    /// Ends jobs whose lease has expired and returns their tasks to the
    /// queue, or parks a task as failed once it had `max_attempts` jobs; one
    /// statement of at most `rescue_batch` jobs. Returns what it did.
    pub async fn rescue_expired(&self) -> Result<Vec<Rescued>, Error> {
        let client = self.client().await?;
        let rows = sql::job_rescue_expired()
            .bind(
                &client,
                &self.config().rescue_batch,
                &self.config().max_attempts,
            )
            .all()
            .await?;
        let rescued: Vec<Rescued> = rows
            .into_iter()
            .map(|row| Rescued {
                job: JobId(row.job_id),
                task: TaskId(row.task_id),
                task_state: row.state,
                attempts: row.attempts,
            })
            .collect();
        for rescue in &rescued {
            if rescue.task_state == TaskState::Failed {
                tracing::warn!(job = %rescue.job, task = %rescue.task, attempts = rescue.attempts, "lease expired; task parked as failed after too many attempts");
            } else {
                tracing::info!(job = %rescue.job, task = %rescue.task, attempts = rescue.attempts, "lease expired; task returned to the queue");
            }
        }
        Ok(rescued)
    }

    /// Makes delayed tasks whose retry time has come waiting again, a batch
    /// of [`Config::rescue_batch`](crate::Config::rescue_batch) per statement;
    /// returns how many.
    pub async fn release_delayed(&self) -> Result<i64, Error> {
        let client = self.client().await?;
        let mut released = 0;
        loop {
            let batch = tasks_sql::task_release_delayed()
                .bind(&client, &self.config().rescue_batch)
                .one()
                .await?;
            released += batch;
            if batch < self.config().rescue_batch {
                break;
            }
        }
        if released > 0 {
            tracing::info!(released, "delayed tasks are waiting again");
        }
        Ok(released)
    }

    /// Why a state change of `job` by `builder` changed nothing: the job is
    /// unknown, another builder's, ended, or its lease ran out. When the job
    /// looks fine now, another request changed it in between:
    /// [`Error::Conflict`], which callers with more checks refine.
    pub(crate) async fn refusal(
        &self,
        client: &buildsrs_database::Client,
        builder: BuilderId,
        job: JobId,
    ) -> Result<Error, Error> {
        let Some(current) = job_on(client, job).await? else {
            return Ok(Error::UnknownJob(job));
        };
        let checked = current
            .require_holder(builder)
            .and_then(|()| current.require_lease())
            .and_then(|()| current.require_active());
        Ok(checked.err().unwrap_or(Error::Conflict(job)))
    }
}

/// The checks behind [`Backend::refusal`] and [`Backend::require_active_job`],
/// one per reason a job refuses a builder.
impl Job {
    /// Refuses `builder` unless it holds this job.
    fn require_holder(&self, builder: BuilderId) -> Result<(), Error> {
        if self.builder == builder {
            return Ok(());
        }
        Err(Error::NotOwner {
            job: self.id,
            owner: self.builder,
            builder,
        })
    }

    /// Refuses a job whose lease ran out, whether or not the rescuer has
    /// ended it yet.
    fn require_lease(&self) -> Result<(), Error> {
        let lapsed = self.state == JobState::Active && !self.lease_running;
        if self.state == JobState::Expired || lapsed {
            return Err(Error::LeaseExpired(self.id));
        }
        Ok(())
    }

    /// Refuses a job that has ended.
    fn require_active(&self) -> Result<(), Error> {
        if self.state == JobState::Active {
            return Ok(());
        }
        Err(Error::JobFinished {
            job: self.id,
            state: self.state,
        })
    }
}

/// The lease rescuer: every [`Config::rescue_interval`](crate::Config::rescue_interval)
/// until `shutdown` resolves, makes delayed tasks that are due waiting again,
/// and ends expired jobs and returns their tasks to the queue. Errors are
/// logged and retried at the next tick, so a database restart does not stop
/// it.
pub async fn lease_rescuer(backend: Backend, shutdown: impl Future<Output = ()>) {
    let config = backend.config();
    periodic::every(config.rescue_interval, First::Now, shutdown, || async {
        if let Err(error) = backend.release_delayed().await {
            tracing::warn!(error = %Report(&error), "releasing delayed tasks failed; retrying at the next tick");
        }
        periodic::in_batches(config.rescue_batch, "the lease rescuer", || async {
            Ok(backend.rescue_expired().await?.len() as u64)
        })
        .await;
    })
    .await;
}

/// One job, read on `client`.
async fn job_on(client: &Client, job: JobId) -> Result<Option<Job>, Error> {
    Ok(sql::job_get()
        .bind(client, &job.0)
        .opt()
        .await?
        .map(Job::from))
}
