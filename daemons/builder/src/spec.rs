//! A claimed job, checked: [`JobSpec`] is what the rest of the builder
//! works from. The backend is trusted to lease jobs, not to send safe
//! strings: the crate name, version and target end up in paths, URLs,
//! command lines and artifact names, so each is checked here, and the
//! checksum is parsed once.

use buildsrs_protocol::api::{ClaimedJob, JobId, TaskId, TaskKind};
use buildsrs_protocol::digest::Sha256Digest;
use chrono::{DateTime, Utc};

use crate::artifact::{binary_artifact_name, is_artifact_name};

/// A claimed job whose fields are safe to use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobSpec {
    pub job: JobId,
    pub task: TaskId,
    pub kind: TaskKind,
    pub attempt: i32,
    /// 1 to 64 of `[A-Za-z0-9_-]`.
    pub krate: String,
    /// A semantic version (so only `[0-9A-Za-z.+-]`).
    pub version: String,
    /// The `.crate` file's SHA-256.
    pub checksum: Sha256Digest,
    /// 1 to 100 of `[A-Za-z0-9_.-]`, not starting with a dot.
    pub target: String,
    pub lease_expires_at: DateTime<Utc>,
}

/// A claimed job the builder will not work on, and why.
#[derive(Clone, Debug, thiserror::Error)]
#[error("the backend handed out job {job} with {problem}")]
pub struct InvalidJob {
    pub job: JobId,
    pub problem: String,
}

impl JobSpec {
    /// `<crate>-<version>`: the top directory of the `.crate` archive.
    pub fn package_dir(&self) -> String {
        format!("{}-{}", self.krate, self.version)
    }
}

impl TryFrom<ClaimedJob> for JobSpec {
    type Error = InvalidJob;

    fn try_from(job: ClaimedJob) -> Result<Self, InvalidJob> {
        let invalid = |problem: String| InvalidJob {
            job: job.job,
            problem,
        };
        if !is_crate_name(&job.krate) {
            return Err(invalid(format!("an invalid crate name {:?}", job.krate)));
        }
        if semver::Version::parse(&job.version).is_err() {
            return Err(invalid(format!(
                "a version that is not semantic: {:?}",
                job.version
            )));
        }
        let checksum = Sha256Digest::from_hex(&job.checksum).ok_or_else(|| {
            invalid(format!(
                "a checksum that is not 64 hex characters: {:?}",
                job.checksum
            ))
        })?;
        if !is_target(&job.target) {
            return Err(invalid(format!("an invalid target {:?}", job.target)));
        }
        if !is_artifact_name(&binary_artifact_name(&job.krate, &job.version, &job.target)) {
            return Err(invalid(
                "names that make no artifact name (too long)".to_owned(),
            ));
        }
        Ok(Self {
            job: job.job,
            task: job.task,
            kind: job.kind,
            attempt: job.attempt,
            krate: job.krate,
            version: job.version,
            checksum,
            target: job.target,
            lease_expires_at: job.lease_expires_at,
        })
    }
}

/// Whether `name` may be a crate's name here: what crates.io allows (and
/// older crates used), 1 to 64 of `[A-Za-z0-9_-]`, not starting with `-`
/// (never read as an option by the tools it is handed to).
pub fn is_crate_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && !name.starts_with('-')
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// Whether `target` may be a target triple: 1 to 100 of `[A-Za-z0-9_.-]`,
/// not starting with a dot (never a path to a target file).
pub fn is_target(target: &str) -> bool {
    (1..=100).contains(&target.len())
        && !target.starts_with('.')
        && target
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"_.-".contains(&byte))
}
