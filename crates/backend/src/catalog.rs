//! The public read model: crates with their latest version, a crate's
//! versions, and the tasks, jobs and artifacts of one version. Reads only,
//! from the read pool; what the backend daemon's public API serves.

use buildsrs_database::queries::queries::artifacts as artifacts_sql;
use buildsrs_database::queries::queries::catalog as sql;
use chrono::{DateTime, Utc};

use crate::artifacts::Artifact;
use crate::jobs::Job;
use crate::{
    Backend, BuildResult, BuilderId, CrateVersionId, Error, JobId, JobStage, JobState, TaskId,
    TaskKind, TaskState,
};

/// Most crates one page lists.
pub const MAX_PAGE: i64 = 1000;

/// A crate in a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateSummary {
    pub name: String,
    /// Its latest version (highest semver, not yanked, releases first).
    pub latest_version: Option<String>,
}

/// One version of a crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionSummary {
    pub version: String,
    /// SHA-256 of the .crate file, 64 hex characters.
    pub checksum: String,
    pub yanked: bool,
    /// When it left the index, if it did.
    pub removed_at: Option<DateTime<Utc>>,
}

/// A crate with all its versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateDetail {
    pub name: String,
    pub removed_at: Option<DateTime<Utc>>,
    pub latest_version: Option<String>,
    pub versions: Vec<VersionSummary>,
}

/// A job of a version, without its log.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    pub exit_code: Option<i32>,
    pub reason: Option<String>,
}

impl From<sql::CatalogVersion> for VersionSummary {
    fn from(row: sql::CatalogVersion) -> Self {
        Self {
            version: row.version,
            checksum: row.checksum,
            yanked: row.yanked,
            removed_at: row.removed_at.map(|at| at.to_utc()),
        }
    }
}

impl From<sql::CatalogVersionJobs> for JobSummary {
    fn from(row: sql::CatalogVersionJobs) -> Self {
        Self {
            id: JobId(row.id),
            task: TaskId(row.task_id),
            builder: BuilderId(row.builder_id),
            state: row.state,
            stage: row.stage,
            created_at: row.created_at.to_utc(),
            finished_at: row.finished_at.map(|at| at.to_utc()),
            result: row.result,
            exit_code: row.exit_code,
            reason: row.reason,
        }
    }
}

impl From<Job> for JobSummary {
    fn from(job: Job) -> Self {
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

/// A task of a version, with its target by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskSummary {
    pub id: TaskId,
    pub target: String,
    pub kind: TaskKind,
    pub state: TaskState,
    /// Higher is claimed first.
    pub priority: i32,
    /// Jobs started for it so far.
    pub attempts: i32,
}

impl From<sql::CatalogVersionTasks> for TaskSummary {
    fn from(row: sql::CatalogVersionTasks) -> Self {
        Self {
            id: TaskId(row.id),
            target: row.target,
            kind: row.kind,
            state: row.state,
            priority: row.priority,
            attempts: row.attempts,
        }
    }
}

/// How one kind of build of one version for one target stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionBuild {
    pub version: String,
    pub target: String,
    pub kind: TaskKind,
    pub state: TaskState,
}

/// A version with everything built for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionDetail {
    pub krate: String,
    pub version: VersionSummary,
    pub tasks: Vec<TaskSummary>,
    pub jobs: Vec<JobSummary>,
    pub artifacts: Vec<Artifact>,
}

impl Backend {
    /// Up to `limit` current crates whose name starts with `prefix` (any
    /// case), after the crate named `after` (the previous page's last name,
    /// or ""), in name order.
    pub async fn crate_page(
        &self,
        prefix: &str,
        after: &str,
        limit: i64,
    ) -> Result<Vec<CrateSummary>, Error> {
        let client = self.read_client().await?;
        let limit = limit.clamp(1, MAX_PAGE);
        let rows = sql::catalog_crate_page()
            .bind(&client, &prefix, &after, &limit)
            .all()
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| CrateSummary {
                name: row.name,
                latest_version: row.latest_version,
            })
            .collect())
    }

    /// A crate by name (any case) with all its versions.
    pub async fn crate_detail(&self, name: &str) -> Result<Option<CrateDetail>, Error> {
        let client = self.read_client().await?;
        let Some(krate) = sql::catalog_crate_get().bind(&client, &name).opt().await? else {
            return Ok(None);
        };
        let versions = sql::catalog_version_list()
            .bind(&client, &krate.id)
            .all()
            .await?;
        Ok(Some(CrateDetail {
            name: krate.name,
            removed_at: krate.removed_at.map(|at| at.to_utc()),
            latest_version: krate.latest_version,
            versions: versions.into_iter().map(VersionSummary::from).collect(),
        }))
    }

    /// One version of a crate with its tasks, jobs (newest first) and their
    /// artifacts.
    pub async fn version_detail(
        &self,
        name: &str,
        version: &str,
    ) -> Result<Option<VersionDetail>, Error> {
        let client = self.read_client().await?;
        let Some(krate) = sql::catalog_crate_get().bind(&client, &name).opt().await? else {
            return Ok(None);
        };
        let Some(row) = sql::catalog_version_get()
            .bind(&client, &krate.id, &version)
            .opt()
            .await?
        else {
            return Ok(None);
        };
        let version_id = CrateVersionId(row.id);
        let jobs = sql::catalog_version_jobs()
            .bind(&client, &version_id.0)
            .all()
            .await?;
        let artifacts = artifacts_sql::job_artifact_list_by_version()
            .bind(&client, &version_id.0)
            .all()
            .await?;
        let tasks = sql::catalog_version_tasks()
            .bind(&client, &version_id.0)
            .all()
            .await?;
        Ok(Some(VersionDetail {
            krate: krate.name,
            version: row.into(),
            tasks: tasks.into_iter().map(TaskSummary::from).collect(),
            jobs: jobs.into_iter().map(JobSummary::from).collect(),
            artifacts: artifacts.into_iter().map(Artifact::from).collect(),
        }))
    }

    /// The build state of every task of every version of the crate named
    /// `name` (any case), by version in insertion order, target and kind.
    pub async fn crate_builds(&self, name: &str) -> Result<Vec<VersionBuild>, Error> {
        let client = self.read_client().await?;
        let rows = sql::catalog_crate_builds()
            .bind(&client, &name)
            .all()
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| VersionBuild {
                version: row.version,
                target: row.target,
                kind: row.kind,
                state: row.state,
            })
            .collect())
    }
}
