//! The JSON the public API answers with: its contract, kept apart from the
//! domain types so that those can change without breaking clients. The
//! builder API's JSON is `buildsrs_protocol::api`, shared with builders.

use buildsrs_backend::catalog;
use buildsrs_backend::{
    ArtifactId, BuildResult, BuilderId, JobId, JobStage, JobState, TaskId, TaskKind, TaskState,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

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
                    result: job.result,
                    exit_code: job.exit_code,
                    reason: job.reason,
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
    /// How the build went, once the job completed.
    pub result: Option<BuildResult>,
    /// The build command's exit code, when it ran.
    pub exit_code: Option<i32>,
    /// A short reason from the builder.
    pub reason: Option<String>,
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
