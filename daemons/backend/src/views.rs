//! The JSON the public API answers with: its contract, kept apart from the
//! domain types so that those can change without breaking clients. Each
//! view is made from the domain in one place, its `From` (or `new` when it
//! takes more than one value); handlers only pick what to read. The
//! builder API's JSON is `buildsrs_protocol::api`, shared with builders.

use buildsrs_backend::{
    ArtifactId, BuildResult, BuilderId, JobId, JobStage, JobState, TaskId, TaskKind, TaskState,
};
use buildsrs_backend::{artifacts, catalog, downloads, jobs, logs};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::openapi::schemas;

/// One page of crates.
#[derive(Debug, Serialize, ToSchema)]
pub struct CratePage {
    pub crates: Vec<CrateSummary>,
    /// Pass as `after` for the next page; absent on the last one.
    pub next: Option<String>,
}

/// A crate in a listing.
#[derive(Debug, Serialize, ToSchema)]
pub struct CrateSummary {
    pub name: String,
    pub latest_version: Option<String>,
}

impl From<catalog::CrateSummary> for CrateSummary {
    fn from(krate: catalog::CrateSummary) -> Self {
        Self {
            name: krate.name,
            latest_version: krate.latest_version,
        }
    }
}

/// A crate with its versions.
#[derive(Debug, Serialize, ToSchema)]
pub struct CrateDetail {
    pub name: String,
    pub removed: bool,
    pub latest_version: Option<String>,
    pub versions: Vec<Version>,
}

/// One version of a crate.
#[derive(Debug, Serialize, ToSchema)]
pub struct Version {
    pub version: String,
    /// SHA-256 of the `.crate`, 64 lowercase hex characters.
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
#[derive(Debug, Serialize, ToSchema)]
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
            tasks: detail.tasks.into_iter().map(Task::from).collect(),
            jobs: detail.jobs.into_iter().map(JobSummary::from).collect(),
            artifacts: detail.artifacts.into_iter().map(Artifact::from).collect(),
        }
    }
}

/// A task of a version.
#[derive(Debug, Serialize, ToSchema)]
pub struct Task {
    #[schema(value_type = i64)]
    pub id: TaskId,
    /// The target it builds for, such as `x86_64-unknown-linux-gnu`.
    pub target: String,
    #[schema(value_type = schemas::TaskKind)]
    pub kind: TaskKind,
    #[schema(value_type = schemas::TaskState)]
    pub state: TaskState,
    pub attempts: i32,
    pub priority: i32,
}

impl From<catalog::TaskSummary> for Task {
    fn from(task: catalog::TaskSummary) -> Self {
        Self {
            id: task.id,
            target: task.target,
            kind: task.kind,
            state: task.state,
            attempts: task.attempts,
            priority: task.priority,
        }
    }
}

/// A job, without its log.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobSummary {
    #[schema(value_type = i64)]
    pub id: JobId,
    #[schema(value_type = i64)]
    pub task: TaskId,
    #[schema(value_type = i64)]
    pub builder: BuilderId,
    #[schema(value_type = schemas::JobState)]
    pub state: JobState,
    #[schema(value_type = schemas::JobStage)]
    pub stage: JobStage,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// How the build went, once the job completed.
    #[schema(value_type = Option<schemas::BuildResult>)]
    pub result: Option<BuildResult>,
    /// The build command's exit code, when it ran.
    pub exit_code: Option<i32>,
    /// A short reason from the builder.
    pub reason: Option<String>,
}

impl From<catalog::JobSummary> for JobSummary {
    fn from(job: catalog::JobSummary) -> Self {
        Self {
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
        }
    }
}

impl From<jobs::Job> for JobSummary {
    fn from(job: jobs::Job) -> Self {
        Self {
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
        }
    }
}

/// A job with its stage history.
#[derive(Debug, Serialize, ToSchema)]
pub struct Job {
    #[serde(flatten)]
    pub job: JobSummary,
    pub log_lines: i64,
    pub lease_expires_at: DateTime<Utc>,
    pub stages: Vec<StageEntered>,
    pub artifacts: Vec<Artifact>,
}

impl Job {
    /// A job with when it entered each stage and its published artifacts.
    pub fn new(
        job: jobs::Job,
        stages: Vec<(JobStage, DateTime<Utc>)>,
        artifacts: Vec<artifacts::Artifact>,
    ) -> Self {
        Self {
            log_lines: job.log_lines,
            lease_expires_at: job.lease_expires_at,
            job: job.into(),
            stages: stages.into_iter().map(StageEntered::from).collect(),
            artifacts: artifacts.into_iter().map(Artifact::from).collect(),
        }
    }
}

/// When a job entered a stage.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageEntered {
    #[schema(value_type = schemas::JobStage)]
    pub stage: JobStage,
    pub at: DateTime<Utc>,
}

impl From<(JobStage, DateTime<Utc>)> for StageEntered {
    fn from((stage, at): (JobStage, DateTime<Utc>)) -> Self {
        Self { stage, at }
    }
}

/// A file a job produced.
#[derive(Debug, Serialize, ToSchema)]
pub struct Artifact {
    #[schema(value_type = i64)]
    pub id: ArtifactId,
    #[schema(value_type = i64)]
    pub job: JobId,
    pub name: String,
    pub sha256: String,
    pub size: i64,
    pub created_at: DateTime<Utc>,
}

impl From<artifacts::Artifact> for Artifact {
    fn from(artifact: artifacts::Artifact) -> Self {
        Self {
            id: artifact.id,
            job: artifact.job,
            name: artifact.name,
            sha256: hex::encode(artifact.sha256),
            size: artifact.size,
            created_at: artifact.created_at,
        }
    }
}

/// One log line.
#[derive(Debug, Serialize, ToSchema)]
pub struct LogLine {
    pub number: i64,
    #[schema(value_type = schemas::JobStage)]
    pub stage: JobStage,
    pub line: String,
    pub logged_at: DateTime<Utc>,
}

impl From<logs::LogLine> for LogLine {
    fn from(line: logs::LogLine) -> Self {
        Self {
            number: line.number,
            stage: line.stage,
            line: line.line,
            logged_at: line.logged_at,
        }
    }
}

/// An artifact's downloads per day and in all.
#[derive(Debug, Serialize, ToSchema)]
pub struct Downloads {
    #[schema(value_type = i64)]
    pub artifact: ArtifactId,
    pub total: i64,
    pub daily: Vec<DailyDownloads>,
}

impl Downloads {
    /// The counts of `artifact`.
    pub fn new(artifact: ArtifactId, counts: downloads::DownloadCounts) -> Self {
        Self {
            artifact,
            total: counts.total,
            daily: counts.daily.into_iter().map(DailyDownloads::from).collect(),
        }
    }
}

/// Downloads on one day.
#[derive(Debug, Serialize, ToSchema)]
pub struct DailyDownloads {
    pub date: NaiveDate,
    pub downloads: i64,
}

impl From<(NaiveDate, i64)> for DailyDownloads {
    fn from((date, downloads): (NaiveDate, i64)) -> Self {
        Self { date, downloads }
    }
}

/// The most downloaded artifacts of a date range.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopArtifact {
    #[schema(value_type = i64)]
    pub artifact: ArtifactId,
    #[schema(value_type = i64)]
    pub job: JobId,
    pub name: String,
    pub downloads: i64,
}

impl From<downloads::TopArtifact> for TopArtifact {
    fn from(top: downloads::TopArtifact) -> Self {
        Self {
            artifact: top.artifact,
            job: top.job,
            name: top.name,
            downloads: top.downloads,
        }
    }
}
