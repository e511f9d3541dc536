//! The backend's domain logic: builders and their targets, tasks, leased build
//! jobs, logs, the LISTEN/NOTIFY notification bus, artifacts and daily
//! download counts. The backend daemon links it; remote builders never hold a
//! database connection, so work is handed out as leases.
//!
//! - [`Backend`]: the handle every operation hangs off, a pool plus [`Config`].
//! - [`builders`]: registration by OpenSSH key, switches, heartbeats, targets.
//! - [`tasks`]: what should be built, one per version, target and kind.
//! - [`scheduler`]: the [`scheduler::task_scheduler`] that creates tasks from
//!   the mirror's change feed and target backfills, and holds the tasks of
//!   yanked or removed versions.
//! - [`jobs`]: the claim protocol (claim, heartbeat, stage, unclaim, complete)
//!   and the [`jobs::lease_rescuer`] that returns expired leases to the queue.
//! - [`logs`]: batched log lines, stored as one zstd chunk per batch up to a
//!   per-job cap, read back from any line; [`follow`]: followed live, with
//!   one reader per followed job however many follow it.
//! - [`nonces`]: signed requests' nonces, so a request is accepted once by
//!   every instance, and the [`nonces::nonce_pruner`] that forgets them.
//! - [`retention`]: `buildsrs-database gc --apply` on an interval, for a
//!   daemon the operator asked to run it.
//! - [`catalog`]: the public read model of crates, versions and their builds.
//! - [`gauges`]: the queue and the active builders, counted for `/metrics`.
//! - [`status`]: what operators watch (the queue counted on an interval by
//!   the [`status::queue_counter`], builders, jobs per minute, recent builds,
//!   registry-sync's passes).
//! - [`bus`]: the notification bus over a dedicated connection, with gap
//!   signals after reconnects.
//! - [`artifacts`] and [`downloads`]: a job's files, and their download counts
//!   batched in memory by [`downloads::DownloadCounter`].
//!
//! Every statement comes from the generated crate `buildsrs-queries`
//! (`queries/*.sql`); this crate holds no SQL and knows no HTTP.

mod backend;
mod completions;
mod error;
mod ids;
mod log_chunks;
mod periodic;
mod stages;

pub mod artifacts;
pub mod builders;
pub mod bus;
pub mod catalog;
pub mod downloads;
pub mod follow;
pub mod gauges;
pub mod jobs;
pub mod logs;
pub mod nonces;
pub mod retention;
pub mod scheduler;
pub mod status;
pub mod tasks;

pub use backend::{Backend, Config, SchedulerConfig};
pub use buildsrs_database::queries::types::{BuildResult, JobStage, JobState, TaskKind, TaskState};
pub use error::Error;
pub use ids::{ArtifactId, BuilderId, CrateVersionId, JobId, TargetId, TaskId};
