//! Builders and targets: registration by OpenSSH public key, the enabled
//! switches and which targets each builder builds, all through
//! `buildsrs_database::builders` and `targets`, the operator's operations,
//! which own keys, fingerprints and their errors; plus what only the
//! backend does: heartbeats, and the key lookup by fingerprint that checks a
//! signed request. The claim itself lives in [`crate::jobs`].

use buildsrs_database::builders::{self as admin, NewBuilder};
use buildsrs_database::queries::queries::builders as sql;
use buildsrs_database::targets as target_admin;
use chrono::{DateTime, Utc};
use ssh_key::PublicKey;

use crate::{Backend, BuilderId, Error, TargetId};

/// A registered builder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Builder {
    pub id: BuilderId,
    /// Free text for operators.
    pub comment: String,
    /// A disabled builder claims no work.
    pub enabled: bool,
    /// When it last claimed, heartbeated or called in; `None` if never.
    pub last_heartbeat_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The key algorithm as OpenSSH names it (`ssh-ed25519`).
    pub algorithm: String,
    /// The key's SHA-256 fingerprint as OpenSSH prints it.
    pub fingerprint: Option<String>,
}

impl From<admin::Builder> for Builder {
    fn from(row: admin::Builder) -> Self {
        Self {
            id: BuilderId(row.id),
            comment: row.comment,
            enabled: row.enabled,
            last_heartbeat_at: row.last_heartbeat_at.map(|at| at.to_utc()),
            created_at: row.created_at.to_utc(),
            algorithm: row.algorithm,
            fingerprint: row.fingerprint,
        }
    }
}

/// One of a builder's targets, with both switches that decide whether it
/// claims work for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuilderTarget {
    pub name: String,
    pub builder_enabled: bool,
    pub target_enabled: bool,
}

impl From<admin::BuilderTarget> for BuilderTarget {
    fn from(row: admin::BuilderTarget) -> Self {
        Self {
            name: row.name,
            builder_enabled: row.builder_enabled,
            target_enabled: row.target_enabled,
        }
    }
}

/// A target triple.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub id: TargetId,
    pub name: String,
    /// A disabled target gets no new tasks and no claims.
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
}

impl From<target_admin::Target> for Target {
    fn from(row: target_admin::Target) -> Self {
        Self {
            id: TargetId(row.id),
            name: row.name,
            enabled: row.enabled,
            created_at: row.created_at.to_utc(),
        }
    }
}

/// What a signed builder request is checked against.
#[derive(Clone, Debug)]
pub struct BuilderKey {
    pub builder: BuilderId,
    pub enabled: bool,
    pub key: PublicKey,
}

impl Backend {
    /// Registers a builder by its OpenSSH public key; an empty comment takes
    /// the key's own. A key registers one builder only.
    pub async fn register_builder(
        &self,
        key: &PublicKey,
        comment: &str,
        enabled: bool,
    ) -> Result<BuilderId, Error> {
        let mut client = self.client().await?;
        let builder = NewBuilder {
            key: key.clone(),
            comment: comment.to_owned(),
            enabled,
        };
        Ok(BuilderId(admin::add(&mut client, &builder).await?))
    }

    /// Registers a builder from the text of an OpenSSH public key file
    /// (`ssh-ed25519 AAAA... comment`).
    pub async fn register_builder_openssh(
        &self,
        openssh: &str,
        enabled: bool,
    ) -> Result<BuilderId, Error> {
        let key = PublicKey::from_openssh(openssh.trim())
            .map_err(|error| invalid_key("the given key", error))?;
        self.register_builder(&key, "", enabled).await
    }

    /// The builder and public key behind a key fingerprint (`SHA256:...`):
    /// how a signed request is checked. Read from the primary, so a builder
    /// just registered or disabled is seen as such.
    pub async fn builder_key(&self, fingerprint: &str) -> Result<Option<BuilderKey>, Error> {
        let client = self.client().await?;
        let Some(row) = sql::builder_key_by_fingerprint()
            .bind(&client, &fingerprint)
            .opt()
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(BuilderKey {
            builder: BuilderId(row.id),
            enabled: row.enabled,
            key: PublicKey::from_bytes(&row.encoded).map_err(|error| {
                invalid_key(&format!("the stored key of builder {}", row.id), error)
            })?,
        }))
    }

    /// Every builder, by id.
    pub async fn builders(&self) -> Result<Vec<Builder>, Error> {
        let client = self.client().await?;
        Ok(admin::list(&client)
            .await?
            .into_iter()
            .map(Builder::from)
            .collect())
    }

    /// Enables or disables a builder; a disabled one claims no work (jobs it
    /// holds keep their leases).
    pub async fn set_builder_enabled(
        &self,
        builder: BuilderId,
        enabled: bool,
    ) -> Result<(), Error> {
        let client = self.client().await?;
        admin::set_enabled(&client, builder.0, enabled)
            .await
            .map_err(|error| unknown_builder(error, builder))
    }

    /// Lets a builder build a target (or stops it), by the target's name.
    pub async fn set_builder_target(
        &self,
        builder: BuilderId,
        target: &str,
        enabled: bool,
    ) -> Result<(), Error> {
        let client = self.client().await?;
        admin::set_target(&client, builder.0, target, enabled)
            .await
            .map_err(|error| unknown_builder(error, builder))
    }

    /// A builder's targets, by name.
    pub async fn builder_targets(&self, builder: BuilderId) -> Result<Vec<BuilderTarget>, Error> {
        let client = self.client().await?;
        Ok(admin::targets(&client, builder.0)
            .await?
            .into_iter()
            .map(BuilderTarget::from)
            .collect())
    }

    /// Records that a builder is alive (an idle one calling in; job
    /// heartbeats record it too).
    pub async fn builder_heartbeat(&self, builder: BuilderId) -> Result<(), Error> {
        let client = self.client().await?;
        sql::builder_heartbeat()
            .bind(&client, &builder.0)
            .opt()
            .await?
            .map(drop)
            .ok_or(Error::UnknownBuilder(builder))
    }

    /// Adds a target, enabled or not.
    pub async fn add_target(&self, name: &str, enabled: bool) -> Result<TargetId, Error> {
        let client = self.client().await?;
        Ok(TargetId(target_admin::add(&client, name, enabled).await?))
    }

    /// Enables or disables a target everywhere.
    pub async fn set_target_enabled(&self, name: &str, enabled: bool) -> Result<(), Error> {
        let client = self.client().await?;
        Ok(target_admin::set_enabled(&client, name, enabled).await?)
    }

    /// Every target, by name.
    pub async fn targets(&self) -> Result<Vec<Target>, Error> {
        let client = self.client().await?;
        Ok(target_admin::list(&client)
            .await?
            .into_iter()
            .map(Target::from)
            .collect())
    }
}

/// The database crate's "unknown builder" as this crate's typed error.
fn unknown_builder(error: buildsrs_database::Error, builder: BuilderId) -> Error {
    match error {
        buildsrs_database::Error::UnknownBuilder(_) => Error::UnknownBuilder(builder),
        other => other.into(),
    }
}

/// The database crate's error for a key that cannot be read, naming `key`.
fn invalid_key(key: &str, error: ssh_key::Error) -> Error {
    Error::Database(buildsrs_database::Error::InvalidPublicKey {
        key: key.to_owned(),
        reason: error.to_string(),
    })
}
