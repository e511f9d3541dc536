//! Build output: lines appended in batches per job and stage, numbered from
//! 0 per job, read back from any line on, and followed live through the
//! [`crate::bus`] with no line lost across a reconnect.

use std::pin::Pin;
use std::task::{Context, Poll};

use buildsrs_database::queries::queries::{jobs as job_sql, logs as sql};
use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use crate::bus::{Bus, Channel, JobEvent, Notification, Subscription};
use crate::stages::StageOrder as _;
use crate::{Backend, BuilderId, Error, JobId, JobStage, JobState};

/// Lines read per query while catching up.
const PAGE: i64 = 1000;

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

    /// Follows a job's log from line `from_line` on: every stored line, then
    /// each new one as the bus announces it, until the job has ended and its
    /// last line was sent. After a bus [`Notification::Gap`] it re-reads from
    /// the last line it sent, so no line is lost or repeated. The stream
    /// holds up to `queue_size` lines the consumer has not taken; it reads a
    /// page of lines on a pooled connection and gives the connection back
    /// before sending them, so a consumer that stops reading holds none.
    pub fn follow_logs(
        &self,
        bus: &Bus,
        job: JobId,
        from_line: i64,
        queue_size: usize,
    ) -> LogStream {
        let (sender, receiver) = mpsc::channel(queue_size.max(1));
        // Subscribe before the first read: anything committed after the read
        // began is then announced.
        let events = bus.listen(Channel::JobEvents, 1024);
        let backend = self.clone();
        tokio::spawn(async move {
            if let Err(error) = follow(&backend, events, job, from_line, &sender).await {
                let _ = sender.send(Err(error)).await;
            }
        });
        LogStream { receiver }
    }
}

/// A followed log: lines in order, ending after the job's last one.
#[derive(Debug)]
pub struct LogStream {
    receiver: mpsc::Receiver<Result<LogLine, Error>>,
}

impl LogStream {
    /// The next line; `None` once the job has ended and every line was sent.
    pub async fn next_line(&mut self) -> Option<Result<LogLine, Error>> {
        self.receiver.recv().await
    }
}

impl futures::Stream for LogStream {
    type Item = Result<LogLine, Error>;

    fn poll_next(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.receiver.poll_recv(context)
    }
}

/// The follower's loop: catch up from the database a page at a time, then
/// wait for an event that says there is more (or a gap that says there may
/// be). No connection is held while a page is sent or an event awaited: a
/// consumer that stops taking lines must not keep one from the pool.
async fn follow(
    backend: &Backend,
    mut events: Subscription,
    job: JobId,
    mut next_line: i64,
    sender: &mpsc::Sender<Result<LogLine, Error>>,
) -> Result<(), Error> {
    loop {
        let (job_row, page) = read_page(backend, job, next_line).await?;
        let full = page.len() as i64 == PAGE;
        for line in page {
            next_line = line.number + 1;
            if sender.send(Ok(line)).await.is_err() {
                return Ok(());
            }
        }
        if full {
            continue;
        }
        if job_row.state != JobState::Active && next_line >= job_row.log_lines {
            return Ok(());
        }
        if !more_announced(&mut events, job, next_line, sender).await? {
            return Ok(());
        }
    }
}

/// The job and up to [`PAGE`] of its lines from `next_line` on, on a
/// connection given back before they are sent.
async fn read_page(
    backend: &Backend,
    job: JobId,
    next_line: i64,
) -> Result<(job_sql::JobGet, Vec<LogLine>), Error> {
    // The primary, not the read pool: the bus announces lines as the
    // primary commits them, and a lagging replica would not have them yet.
    let client = backend.client().await?;
    // Read the job before its lines: if it had ended by then, the lines
    // read next are all it will ever have.
    let row = job_sql::job_get()
        .bind(&client, &job.0)
        .opt()
        .await?
        .ok_or(Error::UnknownJob(job))?;
    let page = sql::job_log_list_from()
        .bind(&client, &job.0, &next_line, &PAGE)
        .all()
        .await?;
    Ok((row, page.into_iter().map(LogLine::from).collect()))
}

/// Waits until the bus announces lines from `next_line` on or the job's end
/// (true), or a gap that may have hidden them (true); false when the
/// consumer has gone.
async fn more_announced(
    events: &mut Subscription,
    job: JobId,
    next_line: i64,
    sender: &mpsc::Sender<Result<LogLine, Error>>,
) -> Result<bool, Error> {
    loop {
        let received = tokio::select! {
            received = events.recv() => received,
            // The consumer has gone: stop rather than wait for events.
            () = sender.closed() => return Ok(false),
        };
        match received {
            None => return Err(Error::BusClosed),
            Some(Notification::Gap) => return Ok(true),
            Some(Notification::Message(payload)) => match JobEvent::parse(&payload) {
                Some(event)
                    if event.job == job
                        && (event.log_lines > next_line || event.state != JobState::Active) =>
                {
                    return Ok(true);
                }
                _ => {}
            },
        }
    }
}
