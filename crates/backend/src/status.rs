//! What operators watch: the queue by target and state, the builders at
//! work, claims and completions per minute, recent builds and the registry
//! sync's last passes. Reads only, from the read pool. Counting the queue
//! reads every task, so the [`queue_counter`] does it on an interval and
//! pages show its last count ([`Backend::queue_count`]); the rest is cheap
//! and read when asked.

use std::future::Future;
use std::sync::Arc;

use buildsrs_database::queries::queries::registry_sync as sync_sql;
use buildsrs_database::queries::queries::status as sql;
use buildsrs_report::Report;
use chrono::{DateTime, Utc};
use tokio::sync::watch;

use crate::periodic::{self, First};
use crate::{Backend, BuildResult, BuilderId, Error, JobId, JobState, TaskKind, TaskState};

/// The queue as counted at one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueCount {
    pub counted_at: DateTime<Utc>,
    /// Tasks by target and state, by target name then state; states with no
    /// task are left out.
    pub depth: Vec<QueueDepth>,
}

/// How many tasks of one target are in one state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueDepth {
    pub target: String,
    pub state: TaskState,
    pub tasks: i64,
}

impl QueueCount {
    /// Tasks in `state` over every target.
    pub fn total(&self, state: TaskState) -> i64 {
        self.depth
            .iter()
            .filter(|depth| depth.state == state)
            .map(|depth| depth.tasks)
            .sum()
    }
}

/// The last queue count, shared by the counter and the readers.
#[derive(Debug)]
pub(crate) struct QueueBoard(watch::Sender<Option<Arc<QueueCount>>>);

impl Default for QueueBoard {
    fn default() -> Self {
        Self(watch::Sender::new(None))
    }
}

/// A builder and the jobs it holds now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuilderStatus {
    pub id: BuilderId,
    pub comment: Option<String>,
    pub enabled: bool,
    pub last_heartbeat_at: Option<DateTime<Utc>>,
    pub running_jobs: i64,
}

/// Jobs claimed and finished in one minute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobMinute {
    pub minute: DateTime<Utc>,
    pub claims: i64,
    pub completions: i64,
}

/// A finished job with what it built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecentBuild {
    pub job: JobId,
    pub krate: String,
    pub version: String,
    pub target: String,
    pub kind: TaskKind,
    pub state: JobState,
    /// How the build went; none for a job unclaimed or expired.
    pub result: Option<BuildResult>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// One pass of registry-sync, as the status page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncPass {
    /// Where the index came from: a path, a URL.
    pub source: String,
    /// The revision it synced to (a git commit), if the source has one.
    pub revision: Option<String>,
    pub started_at: DateTime<Utc>,
    /// None while it runs.
    pub finished_at: Option<DateTime<Utc>>,
    pub versions_added: i64,
    pub versions_changed: i64,
    pub entries_rejected: i64,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

impl From<sync_sql::PassRow> for SyncPass {
    fn from(row: sync_sql::PassRow) -> Self {
        Self {
            source: row.source_location,
            revision: row.revision,
            started_at: row.started_at.to_utc(),
            finished_at: row.finished_at.map(|at| at.to_utc()),
            versions_added: row.versions_added,
            versions_changed: row.versions_yanked
                + row.versions_unyanked
                + row.versions_removed
                + row.versions_restored,
            entries_rejected: row.entries_rejected,
            error: row.error,
        }
    }
}

impl Backend {
    /// Counts the queue now, by target and state.
    pub async fn count_queue(&self) -> Result<QueueCount, Error> {
        let client = self.read_client().await?;
        let depth = sql::status_queue_depth()
            .bind(&client)
            .all()
            .await?
            .into_iter()
            .map(|row| QueueDepth {
                target: row.target,
                state: row.state,
                tasks: row.tasks,
            })
            .collect();
        Ok(QueueCount {
            counted_at: Utc::now(),
            depth,
        })
    }

    /// The [`queue_counter`]'s last count, if it counted yet.
    pub fn queue_count(&self) -> Option<Arc<QueueCount>> {
        self.queue.0.borrow().clone()
    }

    /// Every builder with the jobs it holds, by id.
    pub async fn builder_status(&self) -> Result<Vec<BuilderStatus>, Error> {
        let client = self.read_client().await?;
        let rows = sql::status_builders().bind(&client).all().await?;
        Ok(rows
            .into_iter()
            .map(|row| BuilderStatus {
                id: BuilderId(row.id),
                comment: row.comment,
                enabled: row.enabled,
                last_heartbeat_at: row.last_heartbeat_at.map(|at| at.to_utc()),
                running_jobs: row.running_jobs,
            })
            .collect())
    }

    /// Claims and completions in each of the last `minutes` minutes and the
    /// current one, oldest first.
    pub async fn job_minutes(&self, minutes: i32) -> Result<Vec<JobMinute>, Error> {
        let client = self.read_client().await?;
        let rows = sql::status_job_minutes()
            .bind(&client, &minutes)
            .all()
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| JobMinute {
                minute: row.minute.to_utc(),
                claims: row.claims,
                completions: row.completions,
            })
            .collect())
    }

    /// The newest `limit` finished jobs, newest first.
    pub async fn recent_builds(&self, limit: i64) -> Result<Vec<RecentBuild>, Error> {
        let client = self.read_client().await?;
        let rows = sql::status_recent_builds()
            .bind(&client, &limit)
            .all()
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| RecentBuild {
                job: JobId(row.id),
                krate: row.crate_name,
                version: row.version,
                target: row.target,
                kind: row.kind,
                state: row.state,
                result: row.result,
                finished_at: row.finished_at.map(|at| at.to_utc()),
            })
            .collect())
    }

    /// registry-sync's newest `limit` passes, newest first.
    pub async fn sync_passes(&self, limit: i64) -> Result<Vec<SyncPass>, Error> {
        let client = self.read_client().await?;
        let rows = sync_sql::pass_list_recent()
            .bind(&client, &limit)
            .all()
            .await?;
        Ok(rows.into_iter().map(SyncPass::from).collect())
    }
}

/// Counts the queue every
/// [`Config::queue_count_interval`](crate::Config::queue_count_interval),
/// first at once, into what [`Backend::queue_count`] answers, until
/// `shutdown` resolves. A failed count keeps the last one.
pub async fn queue_counter(backend: Backend, shutdown: impl Future<Output = ()>) {
    let interval = backend.config().queue_count_interval;
    periodic::every(interval, First::Now, shutdown, || async {
        match backend.count_queue().await {
            Ok(count) => {
                backend.queue.0.send_replace(Some(Arc::new(count)));
            }
            Err(error) => {
                tracing::warn!(error = %Report(&error), "counting the queue failed; retrying at the next tick");
            }
        }
    })
    .await;
}
