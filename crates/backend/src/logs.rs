//! Build output: lines appended in batches per job and stage, numbered from
//! 0 per job, stored as one compressed chunk per batch ([`crate::log_chunks`])
//! up to the per-job cap ([`crate::Config::max_log_bytes`]), and read back
//! from any line on, here and by the live followers of [`crate::follow`].

use buildsrs_database::Client;
use buildsrs_database::queries::queries::{jobs as job_sql, logs as sql};
use chrono::{DateTime, Utc};

use crate::log_chunks;
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

/// The last line a log cut at `max_bytes` ends with.
pub fn truncation_marker(max_bytes: i64) -> String {
    format!(
        "[buildsrs] log truncated: it reached the cap of {max_bytes} bytes; later lines were not stored"
    )
}

/// One batch as the append statements take it.
struct Chunk {
    lines: i64,
    bytes: i64,
    compressed: Vec<u8>,
}

impl Chunk {
    /// The batch compressed on a blocking thread: zstd at its level takes
    /// milliseconds for a large batch, too long for a runtime worker.
    async fn of(lines: &[String]) -> Result<Self, Error> {
        let owned = lines.to_vec();
        let compressed = tokio::task::spawn_blocking(move || log_chunks::encode(&owned))
            .await
            .map_err(|joined| Error::LogCompression(std::io::Error::other(joined)))?
            .map_err(Error::LogCompression)?;
        Ok(Self {
            lines: count(lines.len()),
            bytes: count(lines.iter().map(String::len).sum()),
            compressed,
        })
    }
}

fn count(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Backend {
    /// Appends a batch of lines of `stage` to a job the builder holds, in
    /// one statement. `first_line` must be the job's line count (the number
    /// the batch's first line gets), so a batch sent twice or after a lost
    /// one is refused ([`Error::LogOutOfOrder`]) instead of stored twice.
    /// The stage may be the job's current one or an earlier one (output
    /// flushed late). A batch that reaches the job's cap is stored up to it
    /// and ends with the [`truncation_marker`]; later batches are accepted
    /// and not stored. Returns the job's line count after the batch.
    pub async fn append_logs(
        &self,
        builder: BuilderId,
        job: JobId,
        stage: JobStage,
        first_line: i64,
        lines: &[String],
    ) -> Result<i64, Error> {
        if let Some(index) = lines.iter().position(|line| line.contains('\0')) {
            return Err(Error::InvalidLogLine { index });
        }
        let chunk = Chunk::of(lines).await?;
        let max_bytes = self.config().max_log_bytes;
        let client = self.client().await?;
        let appended = sql::job_log_append_many()
            .bind(
                &client,
                &chunk.lines,
                &chunk.bytes,
                &job.0,
                &builder.0,
                &first_line,
                &stage,
                &max_bytes,
                &chunk.compressed.as_slice(),
            )
            .opt()
            .await?;
        if let Some(count) = appended {
            return Ok(count);
        }
        let cut = self
            .append_cut(&client, builder, job, stage, first_line, lines)
            .await?;
        match cut {
            Some(count) => Ok(count),
            None => Err(self
                .append_refusal(&client, builder, job, stage, first_line)
                .await?),
        }
    }

    /// Stores the part of a batch that fits under the cap and the marker,
    /// if the batch was refused for reaching the cap; `None` if it was
    /// refused for another reason.
    async fn append_cut(
        &self,
        client: &Client,
        builder: BuilderId,
        job: JobId,
        stage: JobStage,
        first_line: i64,
        lines: &[String],
    ) -> Result<Option<i64>, Error> {
        let max_bytes = self.config().max_log_bytes;
        let Some(size) = sql::job_log_size().bind(client, &job.0).opt().await? else {
            return Ok(None);
        };
        let batch_bytes = count(lines.iter().map(String::len).sum());
        if size.log_lines != first_line
            || size.log_truncated
            || size.log_bytes.saturating_add(batch_bytes) <= max_bytes
        {
            return Ok(None);
        }
        let mut room = max_bytes.saturating_sub(size.log_bytes);
        let mut kept: Vec<String> = Vec::new();
        for line in lines {
            room -= count(line.len());
            if room < 0 {
                break;
            }
            kept.push(line.clone());
        }
        kept.push(truncation_marker(max_bytes));
        let chunk = Chunk::of(&kept).await?;
        let appended = sql::job_log_append_truncated()
            .bind(
                client,
                &chunk.lines,
                &chunk.bytes,
                &job.0,
                &builder.0,
                &first_line,
                &stage,
                &size.log_bytes,
                &chunk.compressed.as_slice(),
            )
            .opt()
            .await?;
        Ok(appended)
    }

    /// Why an append matched no job: read back to name the reason.
    async fn append_refusal(
        &self,
        client: &Client,
        builder: BuilderId,
        job: JobId,
        stage: JobStage,
        first_line: i64,
    ) -> Result<Error, Error> {
        match self.refusal(client, builder, job).await? {
            Error::Conflict(_) => {
                let row = job_sql::job_get().bind(client, &job.0).one().await?;
                Ok(if row.log_lines != first_line {
                    Error::LogOutOfOrder {
                        job,
                        expected: row.log_lines,
                        given: first_line,
                    }
                } else if stage.is_after(row.stage) {
                    Error::LogStageAhead {
                        job,
                        current: row.stage,
                        requested: stage,
                    }
                } else {
                    Error::Conflict(job)
                })
            }
            other => Ok(other),
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
        read_lines(&client, job, from_line, limit).await
    }
}

/// Up to `limit` lines of a job from `from_line` on, decoded from the
/// chunks that hold them.
async fn read_lines(
    client: &Client,
    job: JobId,
    from_line: i64,
    limit: i64,
) -> Result<Vec<LogLine>, Error> {
    let from_line = from_line.max(0);
    let until_line = from_line.saturating_add(limit.max(0));
    let chunks = sql::job_log_chunk_list()
        .bind(client, &job.0, &from_line, &until_line)
        .all()
        .await?;
    let mut lines = Vec::new();
    for chunk in chunks {
        let corrupt = |reason: String| Error::CorruptLogChunk {
            job,
            first_line: chunk.first_line,
            reason,
        };
        let texts = log_chunks::decode(chunk.encoding, &chunk.lines)
            .map_err(|error| corrupt(error.to_string()))?;
        if count(texts.len()) != chunk.last_line - chunk.first_line + 1 {
            return Err(corrupt(format!("it holds {} lines", texts.len())));
        }
        let logged_at = chunk.logged_at.to_utc();
        let numbered = (chunk.first_line..).zip(texts);
        lines.extend(
            numbered
                .filter(|(number, _)| (from_line..until_line).contains(number))
                .map(|(number, line)| LogLine {
                    number,
                    stage: chunk.stage,
                    line,
                    logged_at,
                }),
        );
    }
    Ok(lines)
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
    let page = read_lines(&client, job, next_line, PAGE).await?;
    Ok((row, page))
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
