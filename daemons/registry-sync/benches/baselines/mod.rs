//! The benchmark's baseline: a mirror written one row per statement, as such
//! code is commonly first written. Beside the benchmark because the syncer
//! never writes this way; the tests include this file too, to prove the
//! baseline writes the rows a sync writes. Crates go in by the ordinary
//! `crates::crate_insert` (an upsert by name); versions by the statement below.

use tokio_postgres::{Client, Error, Statement};

/// Upserts one version: `(crate id, version, checksum, yanked)`.
const CRATE_VERSION_UPSERT_ONE: &str = include_str!("../sql/crate_version_upsert_one.sql");

/// The version upsert, prepared on one connection.
pub struct VersionUpsert(Statement);

impl VersionUpsert {
    /// Prepares the statement on `client`.
    pub async fn prepare(client: &Client) -> Result<Self, Error> {
        Ok(Self(client.prepare(CRATE_VERSION_UPSERT_ONE).await?))
    }

    /// Writes one version; returns its id.
    pub async fn run(
        &self,
        client: &Client,
        crate_id: i64,
        version: &str,
        checksum: &[u8],
        yanked: bool,
    ) -> Result<i64, Error> {
        let row = client
            .query_one(&self.0, &[&crate_id, &version, &checksum, &yanked])
            .await?;
        Ok(row.get(0))
    }
}
