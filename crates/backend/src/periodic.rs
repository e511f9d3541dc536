//! The one loop the backend's upkeep tasks share: a pass every interval
//! until shutdown, missed ticks delayed rather than bunched, and batched
//! work repeated while its batches come back full.

use std::future::Future;
use std::time::Duration;

use buildsrs_report::Report;
use tokio::time::{Instant, MissedTickBehavior};

use crate::Error;

/// When a periodic loop's first pass runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum First {
    /// At once, at start.
    Now,
    /// One interval after start.
    AfterInterval,
}

/// Runs `pass` every `interval` until `shutdown` resolves; a pass that
/// outlasts the interval delays the next tick.
pub(crate) async fn every<Pass: Future<Output = ()>>(
    interval: Duration,
    first: First,
    shutdown: impl Future<Output = ()>,
    mut pass: impl FnMut() -> Pass,
) {
    let start = match first {
        First::Now => Instant::now(),
        First::AfterInterval => Instant::now() + interval,
    };
    let mut ticks = tokio::time::interval_at(start, interval);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => return,
            _ = ticks.tick() => {}
        }
        pass().await;
    }
}

/// Runs `step` while it handles a full batch of `batch` rows (more may be
/// waiting); an error is logged as `what` failing and ends the run until
/// the next tick.
pub(crate) async fn in_batches<Step: Future<Output = Result<u64, Error>>>(
    batch: i64,
    what: &str,
    mut step: impl FnMut() -> Step,
) {
    loop {
        match step().await {
            Ok(handled) if i64::try_from(handled).is_ok_and(|handled| handled >= batch) => continue,
            Ok(_) => return,
            Err(error) => {
                tracing::warn!(error = %Report(&error), "{what} failed; retrying at the next tick");
                return;
            }
        }
    }
}
