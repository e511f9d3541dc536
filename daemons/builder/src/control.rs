//! How a job is told to stop, and why: the lease keeper, the log shipper
//! and the service each may stop a job; the first reason given is the one
//! that counts, and it decides whether the job is given back (unclaimed)
//! or simply dropped (the backend no longer lets this builder touch it).

use std::sync::Mutex;

use tokio_util::sync::CancellationToken;

/// Why a job stopped before it ended on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The backend refused a call for the job: not (or no longer) this
    /// builder's. Nothing more is sent about it.
    Gone(String),
    /// Calls for the job kept failing: it is given back if possible.
    Unreachable(String),
    /// The builder is shutting down and the grace period ran out: the job
    /// is given back.
    Shutdown,
}

/// The stop signal of one job.
#[derive(Debug, Default)]
pub struct JobControl {
    token: CancellationToken,
    reason: Mutex<Option<StopReason>>,
}

impl JobControl {
    pub fn new() -> Self {
        Self::default()
    }

    /// Stops the job, unless it was stopped already (the first reason stays).
    pub fn stop(&self, reason: StopReason) {
        let mut current = self
            .reason
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if current.is_none() {
            *current = Some(reason);
        }
        drop(current);
        self.token.cancel();
    }

    /// Why the job was stopped, if it was.
    pub fn reason(&self) -> Option<StopReason> {
        self.reason
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Whether the backend refused the job (see [`StopReason::Gone`]).
    pub fn is_gone(&self) -> bool {
        matches!(self.reason(), Some(StopReason::Gone(_)))
    }

    /// Resolves when the job is stopped.
    pub async fn stopped(&self) {
        self.token.cancelled().await;
    }

    /// The token that is cancelled when the job is stopped, for commands.
    pub fn token(&self) -> &CancellationToken {
        &self.token
    }
}
