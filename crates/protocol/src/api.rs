//! The builder API's JSON: the paths a builder calls, the bodies it sends
//! and the answers it gets, under `/api/v1/builder`. Every request is signed
//! (see [`signing`](crate::signing)); what each route checks and refuses is
//! the server's, documented at its handlers. The public API's JSON that clients
//! read is [`public`](crate::public).
//!
//! | Route                                   | Body              | Answer                    |
//! |-----------------------------------------|-------------------|---------------------------|
//! | `POST` [`path::CLAIM`]                  | [`ClaimRequest`]  | 200 [`ClaimResponse`]     |
//! | `POST` [`path::heartbeat`]              | `{}`              | 200 [`Lease`]             |
//! | `POST` [`path::stage`]                  | [`StageRequest`]  | 204                       |
//! | `POST` [`path::logs`]                   | [`LogBatch`]      | 200 [`LogCount`]          |
//! | `PUT` [`path::artifact`]                | the bytes         | 201 [`ArtifactCreated`]   |
//! | `POST` [`path::unclaim`]                | `{}`              | 204                       |
//! | `POST` [`path::complete`]               | [`CompleteRequest`] | 200 [`Completed`]       |
//!
//! Every refusal answers an [`ErrorBody`] with a 4xx or 5xx status. With
//! feature `openapi`, every type here is a `utoipa::ToSchema`, for the
//! server's OpenAPI document.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The paths of the builder API, with their ids filled in: what a request
/// signs and sends as its path. [`template`] holds the same paths with
/// placeholders, for a server's router.
pub mod path {
    use super::JobId;

    /// Where builders claim work.
    pub const CLAIM: &str = "/api/v1/builder/jobs/claim";

    /// The routes with a job id, with `{job}` (and `{name}`) where the ids
    /// go: the form routers take (axum's, OpenAPI's). The functions of
    /// [`path`](super::path) fill them in.
    pub mod template {
        /// See [`heartbeat`](super::heartbeat).
        pub const HEARTBEAT: &str = "/api/v1/builder/jobs/{job}/heartbeat";
        /// See [`stage`](super::stage).
        pub const STAGE: &str = "/api/v1/builder/jobs/{job}/stage";
        /// See [`logs`](super::logs).
        pub const LOGS: &str = "/api/v1/builder/jobs/{job}/logs";
        /// See [`artifact`](super::artifact).
        pub const ARTIFACT: &str = "/api/v1/builder/jobs/{job}/artifacts/{name}";
        /// See [`unclaim`](super::unclaim).
        pub const UNCLAIM: &str = "/api/v1/builder/jobs/{job}/unclaim";
        /// See [`complete`](super::complete).
        pub const COMPLETE: &str = "/api/v1/builder/jobs/{job}/complete";
    }

    /// `template` with `job` in place of `{job}`.
    fn for_job(template: &str, job: JobId) -> String {
        template.replacen("{job}", &job.to_string(), 1)
    }

    /// Extends a job's lease.
    pub fn heartbeat(job: JobId) -> String {
        for_job(template::HEARTBEAT, job)
    }

    /// Moves a job to its next stage.
    pub fn stage(job: JobId) -> String {
        for_job(template::STAGE, job)
    }

    /// Appends log lines to a job.
    pub fn logs(job: JobId) -> String {
        for_job(template::LOGS, job)
    }

    /// Uploads a job's artifact named `name`. Artifact names are
    /// [`is_artifact_name`](super::is_artifact_name)'s; any byte outside
    /// `[A-Za-z0-9_.+-]` is percent-encoded here, so a bad name reaches the
    /// server intact and is refused there by name.
    pub fn artifact(job: JobId, name: &str) -> String {
        let mut encoded = String::with_capacity(name.len());
        for byte in name.bytes() {
            if byte.is_ascii_alphanumeric() || b"_.+-".contains(&byte) {
                encoded.push(char::from(byte));
            } else {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
        for_job(template::ARTIFACT, job).replacen("{name}", &encoded, 1)
    }

    /// Gives a job's task back to the queue.
    pub fn unclaim(job: JobId) -> String {
        for_job(template::UNCLAIM, job)
    }

    /// Ends a job with its result.
    pub fn complete(job: JobId) -> String {
        for_job(template::COMPLETE, job)
    }
}

/// Whether the server accepts `name` as an artifact's name: 1 to 255 of
/// `[A-Za-z0-9_.+-]`, not starting with `.` (so never `.`, `..` or a hidden
/// file) nor with `-` (never read as a command-line option).
pub fn is_artifact_name(name: &str) -> bool {
    (1..=255).contains(&name.len())
        && !name.starts_with(['.', '-'])
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"_.+-".contains(&byte))
}

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(formatter)
            }
        }
    };
}

id!(
    /// One leased attempt at a task: what a builder holds and reports on.
    JobId
);
id!(
    /// What is to be built (one crate version, target and kind); a task is
    /// tried by one job after another until one ends it.
    TaskId
);
id!(
    /// A file a job uploaded.
    ArtifactId
);
id!(
    /// A registered builder, as the server names it in a refusal.
    BuilderId
);

/// What a task produces.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TaskKind {
    /// The crate's metadata (what it builds, what it needs), without a build.
    Metadata,
    /// A built binary artifact for the target.
    Binary,
}

/// Where a job is, in order: a job moves forward only, and its log lines
/// are tagged with the stage they were written in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum JobStage {
    /// Claimed; the builder is preparing.
    Init,
    /// Downloading and checking the `.crate`.
    Fetch,
    /// Building.
    Build,
    /// Uploading artifacts.
    Upload,
}

/// How a build ended, as the builder reports it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum BuildResult {
    /// The build ran and produced what the task asked for.
    Succeeded,
    /// The build ran and failed: a property of the crate, not retried.
    BuildFailed,
    /// The builder could not do its part (network, disk, a crashed tool):
    /// not the crate's fault, so the task is tried again later.
    InfrastructureError,
    /// The build ran out of its time limit.
    TimedOut,
    /// The builder stopped the build before it ended (shutting down, told to).
    Cancelled,
}

/// Where a task is after a job ended.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TaskState {
    /// Queued, to be claimed.
    Waiting,
    /// A job holds it.
    Active,
    /// Built.
    Succeeded,
    /// Ended without a build; not tried again on its own.
    Failed,
    /// Kept out of the queue by an operator.
    Held,
    /// To be tried again, not before a time (see [`Completed::retry_at`]).
    Delayed,
    /// No longer wanted.
    Cancelled,
}

/// `POST` [`path::CLAIM`]: asks for work, waiting for it if none is there.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRequest {
    /// How long to wait for work when none is waiting, in seconds; the
    /// server caps it. 0 answers at once.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(format = "uint64", minimum = 0, maximum = 18446744073709551615.0)
    )]
    pub wait_seconds: u64,
    /// How many jobs the builder can take now, 1 to [`ClaimRequest::MAX_SLOTS`].
    /// The answer holds up to this many, and at least one unless the wait
    /// ran out.
    #[serde(default = "one")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 64))]
    pub slots: u32,
}

fn one() -> u32 {
    1
}

impl ClaimRequest {
    /// The most jobs one claim hands out.
    pub const MAX_SLOTS: u32 = 64;
}

impl Default for ClaimRequest {
    /// One job, no wait.
    fn default() -> Self {
        Self {
            wait_seconds: 0,
            slots: 1,
        }
    }
}

/// The answer to a claim.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimResponse {
    /// The jobs handed out, each under its own lease; empty when no work
    /// came within the wait.
    pub jobs: Vec<ClaimedJob>,
}

/// A job handed to a builder: what to build, and until when the lease runs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimedJob {
    /// The job, to name in every later request about it.
    pub job: JobId,
    /// The task the job is an attempt at.
    pub task: TaskId,
    /// What to produce.
    pub kind: TaskKind,
    /// Which attempt at the task this is, counting from 1.
    pub attempt: i32,
    /// The crate's name, as the registry spells it.
    #[serde(rename = "crate")]
    pub krate: String,
    /// The version to build.
    pub version: String,
    /// SHA-256 of the `.crate` file, 64 hex characters: check the download
    /// against it.
    pub checksum: String,
    /// The target triple to build for.
    pub target: String,
    /// When the lease runs out unless a heartbeat renews it; then the job
    /// expires and its task goes to another builder.
    pub lease_expires_at: DateTime<Utc>,
}

/// The answer to a heartbeat: the renewed lease.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    /// When the lease now runs out.
    pub lease_expires_at: DateTime<Utc>,
}

/// `POST` [`path::stage`]: the stage the job enters, the one after its
/// current stage in [`JobStage`]'s order (a job starts in `init`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRequest {
    /// The stage entered.
    pub stage: JobStage,
}

/// `POST` [`path::logs`]: a batch of log lines, appended in order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogBatch {
    /// The stage the lines were written in: the job's current one or an
    /// earlier one.
    pub stage: JobStage,
    /// The job's line count before this batch, where it starts; a batch that
    /// does not start at the current count is refused, so a retried batch is
    /// never stored twice.
    pub first_line: i64,
    /// The lines, without their line ends.
    pub lines: Vec<String>,
}

/// The answer to a log batch.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogCount {
    /// The job's line count after the batch: the next batch's `first_line`.
    pub log_lines: i64,
}

/// The answer to an artifact upload.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtifactCreated {
    /// The stored artifact (public downloads name it).
    pub id: ArtifactId,
}

/// `POST` [`path::complete`]: how the job ended.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompleteRequest {
    /// The build's result.
    pub result: BuildResult,
    /// The build command's exit code, when it ran to an exit.
    #[serde(default)]
    pub exit_code: Option<i32>,
    /// Why, in a few words, for people (at most
    /// [`CompleteRequest::MAX_REASON_CHARS`] characters); the log has the
    /// details.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1024))]
    pub reason: Option<String>,
}

impl CompleteRequest {
    /// The longest `reason` accepted, in characters.
    pub const MAX_REASON_CHARS: usize = 1024;
}

/// The answer to a completion: what became of the task.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completed {
    /// The task's state now.
    pub task_state: TaskState,
    /// When the task will be tried again, for an infrastructure error;
    /// absent or null otherwise.
    #[serde(default)]
    pub retry_at: Option<DateTime<Utc>>,
}

/// The body of every error answer: `{"error": {"code", "message"}}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong, in an [`ErrorBody`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable and machine-readable, such as `lease_expired`: what a client
    /// matches on.
    pub code: String,
    /// For people; names what was wrong. Its wording may change.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_the_job_and_encode_bytes_outside_artifact_names() {
        let job = JobId(42);
        assert_eq!(path::heartbeat(job), "/api/v1/builder/jobs/42/heartbeat");
        assert_eq!(path::stage(job), "/api/v1/builder/jobs/42/stage");
        assert_eq!(path::logs(job), "/api/v1/builder/jobs/42/logs");
        assert_eq!(path::unclaim(job), "/api/v1/builder/jobs/42/unclaim");
        assert_eq!(path::complete(job), "/api/v1/builder/jobs/42/complete");
        assert_eq!(
            path::artifact(job, "serde-1.0.0+x86_64.tar.zst"),
            "/api/v1/builder/jobs/42/artifacts/serde-1.0.0+x86_64.tar.zst"
        );
        assert_eq!(
            path::artifact(job, "a b/ü"),
            "/api/v1/builder/jobs/42/artifacts/a%20b%2F%C3%BC"
        );
    }

    #[test]
    fn artifact_names_refuse_dot_names_leading_dashes_and_other_bytes() {
        for good in [
            "serde-1.0.0-x86_64.tar.gz",
            "metadata.json",
            "a",
            "a..b",
            "x-",
            "1+2",
        ] {
            assert!(is_artifact_name(good), "{good}");
        }
        let long = "n".repeat(256);
        for bad in [
            "", ".", "..", "...", ".hidden", "-rf", "--help", "a b", "a/b", "a\0b", "ü", &long,
        ] {
            assert!(!is_artifact_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn job_stages_are_ordered_as_a_job_goes_through_them() {
        assert!(JobStage::Init < JobStage::Fetch);
        assert!(JobStage::Fetch < JobStage::Build);
        assert!(JobStage::Build < JobStage::Upload);
    }
}
