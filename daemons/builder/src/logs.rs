//! A job's log on its way to the backend: [`JobLog`] takes lines from the
//! job (its own messages and the commands' output) without ever blocking
//! it, and the `log_shipper` task sends them in batches, every 500 ms or
//! every 1,000 lines (or 512 KiB), one stage per batch, each batch starting
//! at the line count the backend last answered.
//!
//! A NUL character in a line is replaced by U+FFFD before it is sent: the
//! backend refuses NUL, and a refused batch would be retried forever.
//!
//! A batch the backend refuses because the job is gone stops the job; one
//! that keeps failing otherwise stops it too, to be given back. Memory is
//! bounded by the sandbox's output limit, which bounds what a job writes.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use buildsrs_protocol::api::{JobId, JobStage, LogBatch};
use buildsrs_report::Report;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::client::{BackendClient, ClientError};
use crate::control::{JobControl, StopReason};

/// How often pending lines are sent.
pub const FLUSH_INTERVAL: Duration = Duration::from_millis(500);

/// Lines per batch at most.
pub const MAX_BATCH_LINES: usize = 1_000;

/// Bytes of text per batch at most (the backend's body limit is larger).
pub const MAX_BATCH_BYTES: usize = 512 * 1024;

/// The longest line sent, in bytes; longer lines are cut.
pub const MAX_LINE_BYTES: usize = 8 * 1024;

/// Attempts at one batch before the job is given up.
const ATTEMPTS: u32 = 4;

/// The sending side of a job's log; cheap to clone.
#[derive(Clone, Debug)]
pub struct JobLog {
    events: mpsc::UnboundedSender<Event>,
    /// The stage the job is in, as far as the job has said.
    stage: Arc<Mutex<JobStage>>,
}

#[derive(Debug)]
enum Event {
    Line(JobStage, String),
    Flush(oneshot::Sender<()>),
}

impl JobLog {
    /// Starts the shipper of `job`'s log.
    pub fn spawn(
        client: BackendClient,
        job: JobId,
        control: Arc<JobControl>,
    ) -> (Self, JoinHandle<()>) {
        let (events, receiver) = mpsc::unbounded_channel();
        let shipper = tokio::spawn(log_shipper(client, job, control, receiver));
        let stage = Arc::new(Mutex::new(JobStage::Init));
        (Self { events, stage }, shipper)
    }

    /// Notes that the job entered `stage` (the backend accepted it).
    pub fn enter(&self, stage: JobStage) {
        *self
            .stage
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = stage;
    }

    /// The stage the job is in.
    pub fn stage(&self) -> JobStage {
        *self
            .stage
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Appends a line written in `stage`.
    pub fn line(&self, stage: JobStage, text: impl Into<String>) {
        let _ = self.events.send(Event::Line(stage, text.into()));
    }

    /// Waits until every line given so far was sent (or dropped because
    /// the job stopped).
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.events.send(Event::Flush(done)).is_ok() {
            let _ = wait.await;
        }
    }
}

/// Sends `job`'s lines until every [`JobLog`] is dropped.
async fn log_shipper(
    client: BackendClient,
    job: JobId,
    control: Arc<JobControl>,
    mut events: mpsc::UnboundedReceiver<Event>,
) {
    let mut shipper = Shipper {
        client,
        job,
        control,
        count: 0,
        stage: JobStage::Init,
        pending: Vec::new(),
        pending_bytes: 0,
    };
    let mut ticker = tokio::time::interval(FLUSH_INTERVAL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            event = events.recv() => match event {
                None => {
                    shipper.send().await;
                    return;
                }
                Some(Event::Line(stage, text)) => {
                    if stage != shipper.stage {
                        shipper.send().await;
                        shipper.stage = stage;
                    }
                    shipper.push(text);
                    if shipper.pending.len() >= MAX_BATCH_LINES || shipper.pending_bytes >= MAX_BATCH_BYTES {
                        shipper.send().await;
                    }
                }
                Some(Event::Flush(done)) => {
                    shipper.send().await;
                    let _ = done.send(());
                }
            },
            _ = ticker.tick() => shipper.send().await,
        }
    }
}

struct Shipper {
    client: BackendClient,
    job: JobId,
    control: Arc<JobControl>,
    /// The job's line count on the backend: the next batch's `first_line`.
    count: i64,
    /// The stage of the pending lines.
    stage: JobStage,
    pending: Vec<String>,
    pending_bytes: usize,
}

/// `text` as the backend stores it: NUL characters, which PostgreSQL text
/// cannot hold and the backend refuses (`invalid_log_line`), become U+FFFD.
fn without_nul(text: String) -> String {
    if text.contains('\0') {
        text.replace('\0', "\u{FFFD}")
    } else {
        text
    }
}

impl Shipper {
    fn push(&mut self, text: String) {
        let mut text = without_nul(text);
        if text.len() > MAX_LINE_BYTES {
            let mut cut = MAX_LINE_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        self.pending_bytes += text.len();
        self.pending.push(text);
    }

    /// Sends the pending lines as one batch, if there are any.
    async fn send(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let batch = LogBatch {
            stage: self.stage,
            first_line: self.count,
            lines: std::mem::take(&mut self.pending),
        };
        self.pending_bytes = 0;
        if self.control.is_gone() {
            return;
        }
        let lines = batch.lines.len() as i64;
        for attempt in 1..=ATTEMPTS {
            match self.client.logs(self.job, &batch).await {
                Ok(count) => {
                    self.count = count.log_lines;
                    return;
                }
                // A retried batch refused as out of order: the earlier try
                // was stored, only its answer was lost.
                Err(error) if attempt > 1 && error.code() == Some("log_out_of_order") => {
                    self.count += lines;
                    return;
                }
                Err(error) if error.job_is_gone() => {
                    tracing::warn!(job = self.job.0, error = %Report(&error), "the backend refused the log: stopping the job");
                    self.control.stop(StopReason::Gone(error.to_string()));
                    return;
                }
                Err(error) if error.is_transient() && attempt < ATTEMPTS => {
                    tracing::warn!(job = self.job.0, error = %Report(&error), attempt, "sending the log failed; trying again");
                    tokio::time::sleep(Duration::from_secs(1 << (attempt - 1))).await;
                }
                Err(error) => {
                    self.give_up(error);
                    return;
                }
            }
        }
    }

    fn give_up(&self, error: ClientError) {
        tracing::warn!(job = self.job.0, error = %Report(&error), "the log cannot be sent: stopping the job");
        self.control
            .stop(StopReason::Unreachable(format!("sending the log: {error}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_characters_become_replacement_characters() {
        assert_eq!(without_nul("a\0b\0".to_owned()), "a\u{FFFD}b\u{FFFD}");
        assert_eq!(without_nul("plain".to_owned()), "plain");
    }
}
