//! The JSON the public API answers with: its contract, kept apart from the
//! domain types so that those can change without breaking clients. Each
//! view is made from the domain in one place, its `From` (or `new` when it
//! takes more than one value); handlers only pick what to read. The views
//! clients read (a crate, a version with its tasks, jobs and artifacts) are
//! `buildsrs_protocol::public`'s, shared with `cargo builds`, and made from
//! the domain here by `IntoApi`; the builder API's JSON is
//! `buildsrs_protocol::api`.

use buildsrs_backend::{ArtifactId, JobId, JobStage};
use buildsrs_backend::{artifacts, catalog, downloads, jobs, logs};
pub use buildsrs_protocol::public::{
    Artifact, CrateDetail, JobSummary, Task, Version, VersionDetail,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::convert::IntoApi;
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

impl IntoApi for catalog::VersionSummary {
    type Api = Version;
    fn into_api(self) -> Version {
        Version {
            version: self.version,
            checksum: self.checksum,
            yanked: self.yanked,
            removed: self.removed_at.is_some(),
        }
    }
}

impl IntoApi for catalog::CrateDetail {
    type Api = CrateDetail;
    fn into_api(self) -> CrateDetail {
        CrateDetail {
            name: self.name,
            removed: self.removed_at.is_some(),
            latest_version: self.latest_version,
            versions: self.versions.into_iter().map(IntoApi::into_api).collect(),
        }
    }
}

impl IntoApi for catalog::VersionDetail {
    type Api = VersionDetail;
    fn into_api(self) -> VersionDetail {
        VersionDetail {
            krate: self.krate,
            version: self.version.into_api(),
            tasks: self.tasks.into_iter().map(IntoApi::into_api).collect(),
            jobs: self.jobs.into_iter().map(IntoApi::into_api).collect(),
            artifacts: self.artifacts.into_iter().map(IntoApi::into_api).collect(),
        }
    }
}

impl IntoApi for catalog::TaskSummary {
    type Api = Task;
    fn into_api(self) -> Task {
        Task {
            id: self.id.into_api(),
            target: self.target,
            kind: self.kind.into_api(),
            state: self.state.into_api(),
            attempts: self.attempts,
            priority: self.priority,
        }
    }
}

impl IntoApi for catalog::JobSummary {
    type Api = JobSummary;
    fn into_api(self) -> JobSummary {
        JobSummary {
            id: self.id.into_api(),
            task: self.task.into_api(),
            builder: self.builder.into_api(),
            state: self.state.into_api(),
            stage: self.stage.into_api(),
            created_at: self.created_at,
            finished_at: self.finished_at,
            result: self.result.map(IntoApi::into_api),
            exit_code: self.exit_code,
            reason: self.reason,
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
            job: catalog::JobSummary::from(job).into_api(),
            stages: stages.into_iter().map(StageEntered::from).collect(),
            artifacts: artifacts.into_iter().map(IntoApi::into_api).collect(),
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

impl IntoApi for artifacts::Artifact {
    type Api = Artifact;
    fn into_api(self) -> Artifact {
        Artifact {
            id: self.id.into_api(),
            job: self.job.into_api(),
            name: self.name,
            sha256: hex::encode(self.sha256),
            size: self.size,
            created_at: self.created_at,
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
