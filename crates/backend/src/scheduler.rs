//! The task scheduler: turns what changed in the mirror into tasks.
//!
//! registry-sync never writes a task. Triggers on the mirror's tables record
//! every new version and every change of whether a version is current
//! (yanked, removed, restored) in `registry_changes`, and every target that
//! was added or enabled in `target_backfills` (`schema/0013_scheduling.sql`),
//! and notify channel `buildsrs_registry_changes`. The [`task_scheduler`]
//! wakes on that notification, and on an interval in case one was lost, and
//! consumes both feeds in transactions that act on what they delete
//! (`queries/scheduler.sql`): a pass costs what changed, never a scan of
//! every version.
//!
//! Priorities: a fresh publish ([`priority::PUBLISH`]) is built before the
//! backfill of versions that were mirrored at once or existed before a target
//! was enabled ([`priority::BACKFILL`]); operators raise single crates or
//! versions above both (`buildsrs-database tasks prioritize`). Within a
//! priority the claim takes the newest task first.

use std::future::Future;

use buildsrs_database::queries::queries::scheduler as sql;
use buildsrs_report::Report;
use tokio_postgres::error::SqlState;

use crate::bus::{Bus, Notification};
use crate::{Backend, Error, TargetId};

/// Task priorities the scheduler gives; higher is claimed first.
pub mod priority {
    /// Versions of the first mirror, and every version when a target is
    /// enabled.
    pub const BACKFILL: i32 = 0;
    /// Versions published after the mirror was first complete.
    pub const PUBLISH: i32 = 100;
}

/// What one scheduling pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SchedulePass {
    /// Registry changes acted on.
    pub changes: i64,
    /// Tasks created, for changes and backfills.
    pub created: i64,
    /// Waiting or delayed tasks held because their version stopped being
    /// current.
    pub held: i64,
    /// Held tasks that wait again because their version is current again.
    pub released: i64,
    /// Versions walked by target backfills.
    pub backfilled_versions: i64,
}

impl SchedulePass {
    /// Whether the pass found anything to do.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One chunk of a target backfill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackfillChunk {
    pub target: TargetId,
    /// Versions walked, current or not.
    pub versions: i64,
    /// Tasks created for them.
    pub created: i64,
    /// Whether the target's backfill has reached the last version.
    pub finished: bool,
}

/// What is left for the scheduler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pending {
    /// Registry changes not yet acted on.
    pub changes: i64,
    /// Target backfills not yet finished.
    pub backfills: i64,
}

impl Backend {
    /// Acts on every pending registry change and target backfill, a batch
    /// per statement, until none is left; returns what it did. Safe to run
    /// in several processes at once: each takes what the others do not hold.
    pub async fn schedule(&self) -> Result<SchedulePass, Error> {
        let mut pass = SchedulePass::default();
        loop {
            let changes = self.schedule_changes().await?;
            pass.changes += changes.changes;
            pass.created += changes.created;
            pass.held += changes.held;
            pass.released += changes.released;
            if changes.changes < self.config().scheduler.change_batch {
                break;
            }
        }
        if pass.changes >= self.config().scheduler.truncate_after {
            self.truncate_drained_changes().await?;
        }
        while let Some(chunk) = self.backfill_chunk().await? {
            pass.created += chunk.created;
            pass.backfilled_versions += chunk.versions;
        }
        Ok(pass)
    }

    /// Acts on the oldest batch of registry changes: takes them and acts
    /// on them in one transaction.
    pub async fn schedule_changes(&self) -> Result<SchedulePass, Error> {
        let mut client = self.client().await?;
        let scheduler = &self.config().scheduler;
        let transaction = client.transaction().await?;
        let changes = sql::scheduler_take_changes()
            .bind(&transaction, &scheduler.change_batch)
            .all()
            .await?;
        if changes.is_empty() {
            transaction.commit().await?;
            return Ok(SchedulePass::default());
        }
        let (versions, fresh): (Vec<i64>, Vec<bool>) = changes
            .iter()
            .map(|change| (change.crate_version_id, change.fresh))
            .unzip();
        let row = sql::scheduler_apply_changes()
            .bind(
                &transaction,
                &versions,
                &fresh,
                &priority::PUBLISH,
                &priority::BACKFILL,
                &scheduler.kinds,
            )
            .one()
            .await?;
        transaction.commit().await?;
        Ok(SchedulePass {
            changes: changes.len() as i64,
            created: row.created,
            held: row.held,
            released: row.released,
            backfilled_versions: 0,
        })
    }

    /// Empties the change feed with TRUNCATE, dead rows and index entries
    /// included, if no change is waiting and no other session is writing to
    /// it; returns whether it did. Never waits for the table's lock: while
    /// registry-sync writes, the next big pass tries again.
    pub async fn truncate_drained_changes(&self) -> Result<bool, Error> {
        let mut client = self.client().await?;
        let transaction = client.transaction().await?;
        match sql::scheduler_lock_changes().bind(&transaction).await {
            Err(error) if error.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => return Ok(false),
            locked => locked?,
        };
        if sql::scheduler_changes_left()
            .bind(&transaction)
            .one()
            .await?
        {
            return Ok(false);
        }
        sql::scheduler_truncate_changes().bind(&transaction).await?;
        transaction.commit().await?;
        Ok(true)
    }

    /// Walks the next chunk of the oldest pending target backfill (one
    /// statement); `None` when no backfill is pending.
    pub async fn backfill_chunk(&self) -> Result<Option<BackfillChunk>, Error> {
        let client = self.client().await?;
        let scheduler = &self.config().scheduler;
        let row = sql::scheduler_backfill_target()
            .bind(
                &client,
                &scheduler.backfill_chunk,
                &priority::BACKFILL,
                &scheduler.kinds,
            )
            .opt()
            .await?;
        Ok(row.map(|row| BackfillChunk {
            target: TargetId(row.target_id),
            versions: row.versions,
            created: row.created,
            finished: row.finished,
        }))
    }

    /// What the scheduler has still to do.
    pub async fn schedule_pending(&self) -> Result<Pending, Error> {
        let client = self.read_client().await?;
        let row = sql::scheduler_pending().bind(&client).one().await?;
        Ok(Pending {
            changes: row.changes,
            backfills: row.backfills,
        })
    }
}

/// The task scheduler: runs [`Backend::schedule`] whenever the mirror
/// notifies a change, and every [`SchedulerConfig::interval`](crate::SchedulerConfig::interval)
/// in case a notification was lost, until `shutdown` resolves. Errors are
/// logged and retried at the next wake-up, so a database restart does not
/// stop it.
pub async fn task_scheduler(backend: Backend, bus: Bus, shutdown: impl Future<Output = ()>) {
    let mut changes = Some(bus.listen(crate::bus::Channel::RegistryChanges, 16));
    let mut ticks = tokio::time::interval(backend.config().scheduler.interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tokio::pin!(shutdown);
    loop {
        match backend.schedule().await {
            Ok(pass) if pass.is_empty() => tracing::debug!("nothing to schedule"),
            Ok(pass) => tracing::info!(
                changes = pass.changes,
                created = pass.created,
                held = pass.held,
                released = pass.released,
                backfilled_versions = pass.backfilled_versions,
                "scheduled tasks"
            ),
            Err(error) => {
                tracing::warn!(error = %Report(&error), "the task scheduler failed; retrying at the next wake-up")
            }
        }
        // The interval counts from the end of the pass.
        ticks.reset();
        let notified = async {
            match changes.as_mut() {
                Some(subscription) => subscription.recv().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = &mut shutdown => return,
            _ = ticks.tick() => {}
            received = notified => match received {
                Some(Notification::Message(_) | Notification::Gap) => {}
                None => {
                    tracing::warn!("the notification bus stopped; the scheduler runs on its interval only");
                    changes = None;
                }
            },
        }
    }
}
