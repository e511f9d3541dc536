//! Build output: lines appended in batches per job and stage, numbered from
//! 0 per job, and read back from any line on, here and by the live
//! followers of [`crate::follow`].

use buildsrs_database::Client;
use buildsrs_database::queries::queries::{jobs as job_sql, logs as sql};
use chrono::{DateTime, Utc};

use crate::stages::StageOrder as _;
use crate::{Backend, BuilderId, Error, JobId, JobStage};

/// Lines read per query while catching up.
pub(crate) const PAGE: i64 = 1000;

/// One stored line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// Its number within the job, from 0.
    pub number: i64,
    pub stage: JobStage,
    pub line: String,
    pub logged_at: DateTime<Utc>,
}

impl From<sql::JobLogListFrom> for LogLine {
    fn from(row: sql::JobLogListFrom) -> Self {
        Self {
            number: row.line_number,
            stage: row.stage,
            line: row.line,
            logged_at: row.logged_at.to_utc(),
        }
    }
}

impl Backend {
    /// Appends a batch of lines of `stage` to a job the builder holds, in
    /// one statement. `first_line` must be the job's line count (the number
    /// the batch's first line gets), so a batch sent twice or after a lost
    /// one is refused ([`Error::LogOutOfOrder`]) instead of stored twice.
    /// The stage may be the job's current one or an earlier one (output
    /// flushed late). Returns the job's line count after the batch.
    pub async fn append_logs(
        &self,
        builder: BuilderId,
        job: JobId,
        stage: JobStage,
        first_line: i64,
        lines: &[String],
    ) -> Result<i64, Error> {
        let client = self.client().await?;
        let appended = sql::job_log_append_many()
            .bind(&client, &lines, &job.0, &builder.0, &first_line, &stage)
            .opt()
            .await?;
        if let Some(count) = appended {
            return Ok(count);
        }
        match self.refusal(&client, builder, job).await? {
            Error::Conflict(_) => {
                let row = job_sql::job_get().bind(&client, &job.0).one().await?;
                if row.log_lines != first_line {
                    Err(Error::LogOutOfOrder {
                        job,
                        expected: row.log_lines,
                        given: first_line,
                    })
                } else if stage.is_after(row.stage) {
                    Err(Error::LogStageAhead {
                        job,
                        current: row.stage,
                        requested: stage,
                    })
                } else {
                    Err(Error::Conflict(job))
                }
            }
            other => Err(other),
        }
    }

    /// Up to `limit` lines of a job from line `from_line` on, in order.
    pub async fn logs(
        &self,
        job: JobId,
        from_line: i64,
        limit: i64,
    ) -> Result<Vec<LogLine>, Error> {
        let client = self.read_client().await?;
        let rows = sql::job_log_list_from()
            .bind(&client, &job.0, &from_line, &limit)
            .all()
            .await?;
        Ok(rows.into_iter().map(LogLine::from).collect())
    }
}

/// The job and up to [`PAGE`] of its lines from `next_line` on, on a
/// connection given back before they are sent.
pub(crate) async fn read_page(
    backend: &Backend,
    job: JobId,
    next_line: i64,
) -> Result<(job_sql::JobGet, Vec<LogLine>), Error> {
    // The primary, not the read pool: the bus announces lines as the
    // primary commits them, and a lagging replica would not have them yet.
    let client = backend.client().await?;
    // Read the job before its lines: if it had ended by then, the lines
    // read next are all it will ever have.
    let row = job_row(&client, job).await?;
    let page = sql::job_log_list_from()
        .bind(&client, &job.0, &next_line, &PAGE)
        .all()
        .await?;
    Ok((row, page.into_iter().map(LogLine::from).collect()))
}

/// The job as the primary has it now (its state and line count).
pub(crate) async fn read_job(backend: &Backend, job: JobId) -> Result<job_sql::JobGet, Error> {
    job_row(&backend.client().await?, job).await
}

async fn job_row(client: &Client, job: JobId) -> Result<job_sql::JobGet, Error> {
    job_sql::job_get()
        .bind(client, &job.0)
        .opt()
        .await?
        .ok_or(Error::UnknownJob(job))
}
