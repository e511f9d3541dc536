//! The [`Backend`] handle and its [`Config`]: the settings every domain
//! operation shares. The operations themselves live in the modules named by
//! what they own (jobs, logs, ...), each in an `impl Backend` block.

use std::sync::Arc;
use std::time::Duration;

use buildsrs_database::{Client, Database};

use crate::completions::{CompletionQueue, Request};
use crate::follow::Readers;
use crate::jobs::Completion;
use crate::status::QueueBoard;
use crate::{Error, TaskKind};

/// Settings of the claim protocol and the background loops.
#[derive(Clone, Debug)]
pub struct Config {
    /// How long a claim or heartbeat keeps a job leased. A builder that does
    /// not heartbeat within it loses the job to the rescuer.
    pub lease: Duration,
    /// Jobs a task may get before the rescuer parks it as failed instead of
    /// returning it to the queue once more.
    pub max_attempts: i32,
    /// How often the lease rescuer looks for expired leases.
    pub rescue_interval: Duration,
    /// Most expired jobs one rescue statement ends.
    pub rescue_batch: i64,
    /// The first wait before a task whose job hit an infrastructure error is
    /// tried again; it doubles with each attempt.
    pub retry_backoff: Duration,
    /// The longest such wait.
    pub retry_backoff_max: Duration,
    /// How often the nonce pruner deletes expired request nonces.
    pub nonce_prune_interval: Duration,
    /// Most expired nonces one prune statement deletes.
    pub nonce_prune_batch: i64,
    /// How often the [`queue_counter`](crate::status::queue_counter) counts
    /// the queue for the status pages.
    pub queue_count_interval: Duration,
    /// The most bytes of log lines a job stores; the batch that reaches it
    /// is cut and ends with a truncation marker, later ones are dropped.
    pub max_log_bytes: i64,
    /// What the scheduler makes of every current version.
    pub scheduler: SchedulerConfig,
}

/// Settings of the [`task_scheduler`](crate::scheduler::task_scheduler).
#[derive(Clone, Debug)]
pub struct SchedulerConfig {
    /// The kinds of task every current version gets for every enabled target.
    pub kinds: Vec<TaskKind>,
    /// How often the scheduler runs when no notification woke it: the safety
    /// net for a notification lost while the bus reconnected.
    pub interval: Duration,
    /// Most registry changes one statement acts on.
    pub change_batch: i64,
    /// Most versions one statement of a target backfill walks.
    pub backfill_chunk: i64,
    /// A pass that acts on at least this many changes empties the drained
    /// feed with TRUNCATE, so their dead rows do not slow every later pass
    /// until a vacuum.
    pub truncate_after: i64,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self {
            kinds: vec![TaskKind::Binary, TaskKind::Metadata],
            interval: Duration::from_secs(60),
            change_batch: 10_000,
            backfill_chunk: 10_000,
            truncate_after: 10_000,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            lease: Duration::from_secs(300),
            max_attempts: 3,
            rescue_interval: Duration::from_secs(15),
            rescue_batch: 1000,
            retry_backoff: Duration::from_secs(60),
            retry_backoff_max: Duration::from_secs(3600),
            nonce_prune_interval: Duration::from_secs(60),
            nonce_prune_batch: 10_000,
            queue_count_interval: Duration::from_secs(30),
            max_log_bytes: 64 << 20,
            scheduler: SchedulerConfig::default(),
        }
    }
}

/// The backend's domain operations over one database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Backend {
    database: Database,
    config: Arc<Config>,
    completions: Arc<CompletionQueue>,
    /// The live log readers, one per followed job.
    pub(crate) followers: Arc<Readers>,
    /// The queue's last count, for the status pages.
    pub(crate) queue: Arc<QueueBoard>,
}

impl Backend {
    /// A backend over a (migrated) database.
    pub fn new(database: Database, config: Config) -> Self {
        Self {
            database,
            config: Arc::new(config),
            completions: Arc::default(),
            followers: Arc::default(),
            queue: Arc::default(),
        }
    }

    /// The pool the operations use.
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// The settings in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Writes a completion in the next batch (group commit); `None` when
    /// the job was not completed.
    pub(crate) async fn write_completion(
        &self,
        request: Request,
    ) -> Result<Option<Completion>, Error> {
        self.completions
            .complete(&self.database, &self.config, request)
            .await
    }

    /// A pooled connection to the primary: for writes, and for reads that
    /// must see what was just written.
    pub(crate) async fn client(&self) -> Result<Client, Error> {
        Ok(self.database.client().await?)
    }

    /// A pooled connection for queries marked `-- access: read-only`: the
    /// read pool's, or the primary's when there is none. It may lag behind.
    pub(crate) async fn read_client(&self) -> Result<Client, Error> {
        Ok(self.database.read_client().await?)
    }

    /// The lease in whole milliseconds, as the queries take it.
    pub(crate) fn lease_ms(&self) -> i64 {
        millis(self.config.lease)
    }
}

/// A duration in whole milliseconds, as the queries take durations.
pub(crate) fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
