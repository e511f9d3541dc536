//! What the backend does with builders: the key lookup by fingerprint that
//! checks a signed request, and heartbeats. Registering builders, their
//! switches and targets are the operator's operations and live in one place,
//! `buildsrs_database::builders` and `targets` (the `buildsrs-database`
//! CLI). The claim itself lives in [`crate::jobs`].

use buildsrs_database::builders as admin;
use buildsrs_database::queries::queries::builders as sql;
use ssh_key::PublicKey;

use crate::{Backend, BuilderId, Error};

/// What a signed builder request is checked against.
#[derive(Clone, Debug)]
pub struct BuilderKey {
    pub builder: BuilderId,
    pub enabled: bool,
    pub key: PublicKey,
}

impl Backend {
    /// The builder and public key behind a key fingerprint (`SHA256:...`):
    /// how a signed request is checked. Read from the primary, so a builder
    /// just registered or disabled is seen as such.
    pub async fn builder_key(&self, fingerprint: &str) -> Result<Option<BuilderKey>, Error> {
        let client = self.client().await?;
        let found = admin::key_by_fingerprint(&client, fingerprint).await?;
        Ok(found.map(|found| BuilderKey {
            builder: BuilderId(found.builder),
            enabled: found.enabled,
            key: found.key,
        }))
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
}
