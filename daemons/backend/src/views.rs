//! The JSON the API answers with: its public contract, kept apart from the
//! domain types so that those can change without breaking clients.

use buildsrs_backend::catalog;
use buildsrs_backend::{
    ArtifactId, BuilderId, JobId, JobStage, JobState, TaskId, TaskKind, TaskState,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A job handed to a builder.
#[derive(Debug, Serialize)]
pub struct ClaimedJob {
    pub job: JobId,
    pub task: TaskId,
    pub kind: TaskKind,
    pub attempt: i32,
    #[serde(rename = "crate")]
    pub krate: String,
    pub version: String,
    /// SHA-256 of the .crate file, hex.
    pub checksum: String,
    pub target: String,
    pub lease_expires_at: DateTime<Utc>,
}

impl From<buildsrs_backend::jobs::ClaimedJob> for ClaimedJob {
    fn from(job: buildsrs_backend::jobs::ClaimedJob) -> Self {
        Self {
            job: job.id,
            task: job.task,
            kind: job.kind,
            attempt: job.attempt,
            krate: job.krate,
            version: job.version,
            checksum: hex::encode(job.checksum),
            target: job.target,
            lease_expires_at: job.lease_expires_at,
        }
    }
}

/// A renewed lease.
#[derive(Debug, Serialize)]
pub struct Lease {
    pub lease_expires_at: DateTime<Utc>,
}

/// A job's log line count after an append.
#[derive(Debug, Serialize)]
pub struct LogCount {
    pub log_lines: i64,
}

/// A recorded upload.
#[derive(Debug, Serialize)]
pub struct ArtifactCreated {
    pub id: ArtifactId,
}

/// How a job ended.
#[derive(Debug, Serialize)]
pub struct Completed {
    pub state: JobState,
}

/// One page of crates.
#[derive(Debug, Serialize)]
pub struct CratePage {
    pub crates: Vec<CrateSummary>,
    /// Pass as `after` for the next page; absent on the last one.
    pub next: Option<String>,
}

/// A crate in a listing.
#[derive(Debug, Serialize)]
pub struct CrateSummary {
    pub name: String,
    pub latest_version: Option<String>,
}

/// A crate with its versions.
#[derive(Debug, Serialize)]
pub struct CrateDetail {
    pub name: String,
    pub removed: bool,
    pub latest_version: Option<String>,
    pub versions: Vec<Version>,
}

/// One version of a crate.
#[derive(Debug, Serialize)]
pub struct Version {
    pub version: String,
    pub checksum: String,
    pub yanked: bool,
    pub removed: bool,
}

impl From<catalog::VersionSummary> for Version {
    fn from(version: catalog::VersionSummary) -> Self {
        Self {
            version: version.version,
            checksum: version.checksum,
            yanked: version.yanked,
            removed: version.removed_at.is_some(),
        }
    }
}

impl From<catalog::CrateDetail> for CrateDetail {
    fn from(krate: catalog::CrateDetail) -> Self {
        Self {
            name: krate.name,
            removed: krate.removed_at.is_some(),
            latest_version: krate.latest_version,
            versions: krate.versions.into_iter().map(Version::from).collect(),
        }
    }
}

/// A version with its tasks, jobs and artifacts.
#[derive(Debug, Serialize)]
pub struct VersionDetail {
    #[serde(rename = "crate")]
    pub krate: String,
    #[serde(flatten)]
    pub version: Version,
    pub tasks: Vec<Task>,
    pub jobs: Vec<JobSummary>,
    pub artifacts: Vec<Artifact>,
}

impl From<catalog::VersionDetail> for VersionDetail {
    fn from(detail: catalog::VersionDetail) -> Self {
        Self {
            krate: detail.krate,
            version: detail.version.into(),
            tasks: detail
                .tasks
                .into_iter()
                .map(|task| Task {
                    id: task.id,
                    kind: task.kind,
                    state: task.state,
                    attempts: task.attempts,
                    priority: task.priority,
                })
                .collect(),
            jobs: detail
                .jobs
                .into_iter()
                .map(|job| JobSummary {
                    id: job.id,
                    task: job.task,
                    builder: job.builder,
                    state: job.state,
                    stage: job.stage,
                    created_at: job.created_at,
                    finished_at: job.finished_at,
                })
                .collect(),
            artifacts: detail.artifacts.into_iter().map(Artifact::from).collect(),
        }
    }
}

/// A task of a version.
#[derive(Debug, Serialize)]
pub struct Task {
    pub id: TaskId,
    pub kind: TaskKind,
    pub state: TaskState,
    pub attempts: i32,
    pub priority: i32,
}

/// A job, without its log.
#[derive(Debug, Serialize)]
pub struct JobSummary {
    pub id: JobId,
    pub task: TaskId,
    pub builder: BuilderId,
    pub state: JobState,
    pub stage: JobStage,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// A job with its stage history.
#[derive(Debug, Serialize)]
pub struct Job {
    #[serde(flatten)]
    pub job: JobSummary,
    pub log_lines: i64,
    pub lease_expires_at: DateTime<Utc>,
    pub stages: Vec<StageEntered>,
    pub artifacts: Vec<Artifact>,
}

/// When a job entered a stage.
#[derive(Debug, Serialize)]
pub struct StageEntered {
    pub stage: JobStage,
    pub at: DateTime<Utc>,
}

/// A file a job produced.
#[derive(Debug, Serialize)]
pub struct Artifact {
    pub id: ArtifactId,
    pub job: JobId,
    pub name: String,
    pub sha256: String,
    pub size: i64,
    pub signature: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<buildsrs_backend::artifacts::Artifact> for Artifact {
    fn from(artifact: buildsrs_backend::artifacts::Artifact) -> Self {
        use base64::Engine as _;
        Self {
            id: artifact.id,
            job: artifact.job,
            name: artifact.name,
            sha256: hex::encode(artifact.sha256),
            size: artifact.size,
            signature: artifact
                .signature
                .map(|bytes| base64::engine::general_purpose::STANDARD.encode(bytes)),
            created_at: artifact.created_at,
        }
    }
}

/// One log line.
#[derive(Debug, Serialize)]
pub struct LogLine {
    pub number: i64,
    pub stage: JobStage,
    pub line: String,
    pub logged_at: DateTime<Utc>,
}

impl From<buildsrs_backend::logs::LogLine> for LogLine {
    fn from(line: buildsrs_backend::logs::LogLine) -> Self {
        Self {
            number: line.number,
            stage: line.stage,
            line: line.line,
            logged_at: line.logged_at,
        }
    }
}

/// An artifact's downloads per day and in all.
#[derive(Debug, Serialize)]
pub struct Downloads {
    pub artifact: ArtifactId,
    pub total: i64,
    pub daily: Vec<DailyDownloads>,
}

/// Downloads on one day.
#[derive(Debug, Serialize)]
pub struct DailyDownloads {
    pub date: NaiveDate,
    pub downloads: i64,
}

/// The most downloaded artifacts of a date range.
#[derive(Debug, Serialize)]
pub struct TopArtifact {
    pub artifact: ArtifactId,
    pub job: JobId,
    pub name: String,
    pub downloads: i64,
}
