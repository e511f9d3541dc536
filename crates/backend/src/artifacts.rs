//! Artifacts: the files a job produced, each with its name, SHA-256 and
//! size. A job's builder records them while its lease
//! runs; once the job has ended they never change (a trigger of
//! `schema/0006_backend.sql` refuses any write, whatever the caller).

use std::collections::HashSet;

use buildsrs_database::queries::queries::artifacts as sql;
use chrono::{DateTime, Utc};
use tokio_postgres::error::SqlState;

use crate::{ArtifactId, Backend, BuilderId, Error, JobId};

/// An artifact to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewArtifact {
    /// See [`is_artifact_name`]; unique per job.
    pub name: String,
    pub sha256: [u8; 32],
    /// In bytes.
    pub size: u64,
}

/// A recorded artifact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    pub id: ArtifactId,
    pub job: JobId,
    pub name: String,
    pub sha256: Vec<u8>,
    pub size: i64,
    pub created_at: DateTime<Utc>,
}

impl From<sql::ArtifactRow> for Artifact {
    fn from(row: sql::ArtifactRow) -> Self {
        Self {
            id: ArtifactId(row.id),
            job: JobId(row.job_id),
            name: row.name,
            sha256: row.sha256,
            size: row.size,
            created_at: row.created_at.to_utc(),
        }
    }
}

/// Whether a name fits the `job_artifacts.name` CHECKs, so a bad one gets a
/// clear error before it reaches the server: 1 to 255 of `[A-Za-z0-9_.+-]`,
/// not starting with `.` or `-` (`schema/0019_artifact_hardening.sql`). The
/// same rule as the builder protocol's `is_artifact_name`, which this crate
/// does not depend on; the daemon's tests hold the two equal.
pub fn is_artifact_name(name: &str) -> bool {
    (1..=255).contains(&name.len())
        && !name.starts_with(['.', '-'])
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.+-".contains(c))
}

impl Backend {
    /// Records an artifact of a job the builder holds under a running
    /// lease; the same name again, while the job runs, replaces it (an
    /// upload retried). Returns the artifact's id.
    pub async fn add_artifact(
        &self,
        builder: BuilderId,
        job: JobId,
        artifact: &NewArtifact,
    ) -> Result<ArtifactId, Error> {
        if !is_artifact_name(&artifact.name) {
            return Err(Error::InvalidArtifactName(artifact.name.clone()));
        }
        let size =
            i64::try_from(artifact.size).map_err(|_| Error::InvalidArtifactSize(artifact.size))?;
        let client = self.client().await?;
        let sha256 = artifact.sha256.as_slice();
        let added = sql::job_artifact_upsert()
            .bind(&client, &artifact.name, &sha256, &size, &job.0, &builder.0)
            .opt()
            .await;
        match added {
            Ok(Some(id)) => Ok(ArtifactId(id)),
            Ok(None) => Err(self.refusal(&client, builder, job).await?),
            // The job ended between the statement's check and the trigger's.
            Err(error) if is_immutable(Some(&error)) => {
                Err(self.refusal(&client, builder, job).await?)
            }
            Err(error) => Err(error.into()),
        }
    }

    /// The artifacts of a job, by name.
    pub async fn artifacts(&self, job: JobId) -> Result<Vec<Artifact>, Error> {
        let client = self.read_client().await?;
        let rows = sql::job_artifact_list().bind(&client, &job.0).all().await?;
        Ok(rows.into_iter().map(Artifact::from).collect())
    }

    /// One artifact, if it exists.
    pub async fn artifact(&self, artifact: ArtifactId) -> Result<Option<Artifact>, Error> {
        let client = self.read_client().await?;
        Ok(sql::job_artifact_get()
            .bind(&client, &artifact.0)
            .opt()
            .await?
            .map(Artifact::from))
    }

    /// The published artifacts of a job, by name: all of them when the job
    /// succeeded, none otherwise. What the public sees.
    pub async fn published_artifacts(&self, job: JobId) -> Result<Vec<Artifact>, Error> {
        let client = self.read_client().await?;
        let rows = sql::job_artifact_list_published()
            .bind(&client, &job.0)
            .all()
            .await?;
        Ok(rows.into_iter().map(Artifact::from).collect())
    }

    /// One artifact, if it exists and its job succeeded: the artifacts of a
    /// job that did not succeed are never served to the public.
    pub async fn published_artifact(
        &self,
        artifact: ArtifactId,
    ) -> Result<Option<Artifact>, Error> {
        let client = self.read_client().await?;
        Ok(sql::job_artifact_get_published()
            .bind(&client, &artifact.0)
            .opt()
            .await?
            .map(Artifact::from))
    }

    /// Deletes an artifact of a running job (an upload that went wrong);
    /// refused with [`Error::ArtifactImmutable`] once the job has ended.
    pub async fn delete_artifact(&self, artifact: ArtifactId) -> Result<(), Error> {
        let client = self.client().await?;
        let Some(existing) = sql::job_artifact_get()
            .bind(&client, &artifact.0)
            .opt()
            .await?
        else {
            return Err(Error::UnknownArtifact(artifact));
        };
        match sql::job_artifact_delete()
            .bind(&client, &artifact.0)
            .opt()
            .await
        {
            Ok(Some(_)) => Ok(()),
            Ok(None) => Err(Error::UnknownArtifact(artifact)),
            Err(error) if is_immutable(Some(&error)) => Err(Error::ArtifactImmutable {
                artifact,
                job: JobId(existing.job_id),
            }),
            Err(error) => Err(error.into()),
        }
    }
}

/// A SHA-256 that artifact rows name, with the size they record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedDigest {
    pub sha256: Vec<u8>,
    pub size: i64,
}

impl Backend {
    /// Which of `sha256s` some artifact row names. Asked of the primary:
    /// the orphan collector must see a row committed a moment ago.
    pub async fn referenced_digests(&self, sha256s: &[Vec<u8>]) -> Result<HashSet<Vec<u8>>, Error> {
        let client = self.client().await?;
        let rows = sql::job_artifact_sha256_referenced()
            .bind(&client, &sha256s)
            .all()
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Up to `limit` of the distinct SHA-256s artifact rows name, after
    /// `after` in byte order (empty: from the first): the scrub's pages.
    pub async fn named_digests(&self, after: &[u8], limit: i64) -> Result<Vec<NamedDigest>, Error> {
        let client = self.read_client().await?;
        let rows = sql::job_artifact_sha256_page()
            .bind(&client, &after, &limit)
            .all()
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| NamedDigest {
                sha256: row.sha256,
                size: row.size,
            })
            .collect())
    }
}

/// Whether the immutability trigger refused a write.
fn is_immutable(error: Option<&tokio_postgres::Error>) -> bool {
    error.and_then(tokio_postgres::Error::code) == Some(&SqlState::OBJECT_NOT_IN_PREREQUISITE_STATE)
}
