//! Group commit for job completions: completions that arrive while others
//! are being written go together in one `job_complete` statement, one
//! commit.
//!
//! Why: a completion changes a job's state, and the notification its trigger
//! sends makes the committing transaction hold the server's notification lock
//! through its commit, so one commit per completion serializes every builder
//! on the WAL flush. Nothing waits to fill a batch: a completion alone is
//! written at once, and a batch holds what queued up meanwhile. A batch that
//! fails is not answered as a whole; each of its completions is written alone,
//! so each caller gets its own error.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use buildsrs_database::Database;
use buildsrs_database::queries::queries::jobs as sql;
use buildsrs_report::Report;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};

use crate::backend::millis;
use crate::jobs::{Completion, Outcome};
use crate::{BuilderId, Config, Error, JobId};

/// The most completions one statement writes.
const MAX_BATCH: usize = 256;

/// Batches being written at once: one commits while the next executes.
const MAX_IN_FLIGHT: usize = 2;

/// One completion to write.
#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub builder: BuilderId,
    pub job: JobId,
    pub outcome: Outcome,
}

/// The queue of a backend's completions, started by its first completion.
#[derive(Debug, Default)]
pub(crate) struct CompletionQueue {
    sender: OnceLock<mpsc::UnboundedSender<Queued>>,
}

/// A completion waiting for its batch, and where its answer goes.
struct Queued {
    request: Request,
    answer: oneshot::Sender<Answer>,
}

/// What a batch answers one completion.
enum Answer {
    /// The completion as written (`None`: the job was not the builder's, not
    /// active, or out of lease), or the error of a batch of one.
    Written(Result<Option<Completion>, Error>),
    /// The batch failed: write this one alone.
    Alone,
}

impl CompletionQueue {
    /// Writes a completion with whatever others are queued; `None` when the
    /// job was not completed (the caller asks why).
    pub async fn complete(
        &self,
        database: &Database,
        config: &Arc<Config>,
        request: Request,
    ) -> Result<Option<Completion>, Error> {
        let (answer, answered) = oneshot::channel();
        let queued = Queued {
            request: request.clone(),
            answer,
        };
        let sender = self
            .sender
            .get_or_init(|| start(database.clone(), Arc::clone(config)));
        // A queue whose task is gone (its runtime shut down) writes alone.
        if sender.send(queued).is_ok()
            && let Ok(Answer::Written(written)) = answered.await
        {
            return written;
        }
        let job = request.job;
        let mut written = write(database, config, &[request]).await?;
        Ok(written.remove(&job))
    }
}

/// Spawns the task that forms batches, and returns its queue.
fn start(database: Database, config: Arc<Config>) -> mpsc::UnboundedSender<Queued> {
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(form_batches(database, config, receiver));
    sender
}

/// Takes what is queued, up to [`MAX_BATCH`], whenever a batch may start;
/// ends when the backend is dropped.
async fn form_batches(
    database: Database,
    config: Arc<Config>,
    mut queue: mpsc::UnboundedReceiver<Queued>,
) {
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    // A second completion of a job already in the batch waits for the next:
    // one statement updates each job at most once.
    let mut deferred: Option<Queued> = None;
    loop {
        let permit = Arc::clone(&in_flight)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let first = match deferred.take() {
            Some(queued) => queued,
            None => match queue.recv().await {
                Some(queued) => queued,
                None => return,
            },
        };
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            let Ok(queued) = queue.try_recv() else { break };
            if batch.iter().any(|b| b.request.job == queued.request.job) {
                deferred = Some(queued);
                break;
            }
            batch.push(queued);
        }
        tokio::spawn(answer(database.clone(), Arc::clone(&config), batch, permit));
    }
}

/// Writes one batch and answers each of its completions.
async fn answer(
    database: Database,
    config: Arc<Config>,
    batch: Vec<Queued>,
    _permit: OwnedSemaphorePermit,
) {
    let requests: Vec<Request> = batch.iter().map(|queued| queued.request.clone()).collect();
    match write(&database, &config, &requests).await {
        Ok(mut written) => {
            for queued in batch {
                let completion = written.remove(&queued.request.job);
                let _ = queued.answer.send(Answer::Written(Ok(completion)));
            }
        }
        Err(error) if batch.len() == 1 => {
            let queued = batch.into_iter().next().expect("a batch of one");
            let _ = queued.answer.send(Answer::Written(Err(error)));
        }
        Err(error) => {
            tracing::debug!(error = %Report(&error), completions = batch.len(), "a completion batch failed; writing each alone");
            for queued in batch {
                let _ = queued.answer.send(Answer::Alone);
            }
        }
    }
}

/// One `job_complete` statement for `requests` (distinct jobs), in job order
/// so that concurrent batches lock rows in the same order; the completions
/// written, by job.
async fn write(
    database: &Database,
    config: &Config,
    requests: &[Request],
) -> Result<HashMap<JobId, Completion>, Error> {
    let mut requests: Vec<&Request> = requests.iter().collect();
    requests.sort_by_key(|request| request.job);
    let jobs: Vec<i64> = requests.iter().map(|r| r.job.0).collect();
    let builders: Vec<i64> = requests.iter().map(|r| r.builder.0).collect();
    let results: Vec<_> = requests.iter().map(|r| r.outcome.result).collect();
    let exit_codes: Vec<Option<i32>> = requests.iter().map(|r| r.outcome.exit_code).collect();
    let reasons: Vec<Option<&str>> = requests
        .iter()
        .map(|r| r.outcome.reason.as_deref())
        .collect();
    let client = database.client().await?;
    let rows = sql::job_complete()
        .bind(
            &client,
            &jobs,
            &builders,
            &results,
            &exit_codes,
            &reasons,
            &config.max_attempts,
            &millis(config.retry_backoff),
            &millis(config.retry_backoff_max),
        )
        .all()
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let completion = Completion {
                result: row.result,
                task_state: row.task_state,
                retry_at: row.retry_at.map(|at| at.to_utc()),
            };
            (JobId(row.job_id), completion)
        })
        .collect())
}
