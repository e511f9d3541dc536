//! The public API's JSON, under `/api/v1`, that clients read: a crate with
//! its versions, and a version with its tasks, jobs and artifacts, as the
//! backend answers them and `cargo builds` reads them. With feature
//! `openapi` each type is a `utoipa::ToSchema` (ids as plain integers), for
//! the server's OpenAPI document.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::{
    ArtifactId, BuildResult, BuilderId, JobId, JobStage, TaskId, TaskKind, TaskState,
};

/// The paths of the public API, with their parts percent-encoded.
pub mod path {
    use super::ArtifactId;

    /// `GET`: a crate with its versions ([`CrateDetail`](super::CrateDetail)).
    pub fn krate(name: &str) -> String {
        format!("/api/v1/crates/{}", segment(name))
    }

    /// `GET`: a version with its tasks, jobs and artifacts
    /// ([`VersionDetail`](super::VersionDetail)).
    pub fn version(name: &str, version: &str) -> String {
        format!("/api/v1/crates/{}/{}", segment(name), segment(version))
    }

    /// `GET`: a published artifact's bytes.
    pub fn download(artifact: ArtifactId) -> String {
        format!("/api/v1/artifacts/{artifact}/download")
    }

    /// `text` as one path segment: unreserved bytes as they are, every
    /// other byte percent-encoded.
    fn segment(text: &str) -> String {
        let mut encoded = String::with_capacity(text.len());
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~+".contains(&byte) {
                encoded.push(char::from(byte));
            } else {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
        encoded
    }
}

/// Where a job is: a job is active until it ends in one of the others.
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
pub enum JobState {
    Active,
    Succeeded,
    Failed,
    Unclaimed,
    Expired,
}

/// A crate with its versions.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrateDetail {
    pub name: String,
    pub removed: bool,
    pub latest_version: Option<String>,
    pub versions: Vec<Version>,
}

/// One version of a crate.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub version: String,
    /// SHA-256 of the `.crate`, 64 lowercase hex characters.
    pub checksum: String,
    pub yanked: bool,
    pub removed: bool,
}

/// A version with its tasks, jobs and artifacts.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionDetail {
    #[serde(rename = "crate")]
    pub krate: String,
    #[serde(flatten)]
    pub version: Version,
    pub tasks: Vec<Task>,
    pub jobs: Vec<JobSummary>,
    pub artifacts: Vec<Artifact>,
}

/// A task of a version.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: TaskId,
    /// The target it builds for, such as `x86_64-unknown-linux-gnu`.
    pub target: String,
    pub kind: TaskKind,
    pub state: TaskState,
    pub attempts: i32,
    pub priority: i32,
}

/// A job, without its log.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobSummary {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: JobId,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub task: TaskId,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
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

/// A file a job produced.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Artifact {
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub id: ArtifactId,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub job: JobId,
    pub name: String,
    /// 64 lowercase hex characters.
    pub sha256: String,
    pub size: i64,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_encode_slashes_and_other_bytes() {
        assert_eq!(path::krate("serde"), "/api/v1/crates/serde");
        assert_eq!(
            path::version("a/b", "1.0.0+build ü"),
            "/api/v1/crates/a%2Fb/1.0.0+build%20%C3%BC"
        );
        assert_eq!(
            path::download(ArtifactId(7)),
            "/api/v1/artifacts/7/download"
        );
    }
}
