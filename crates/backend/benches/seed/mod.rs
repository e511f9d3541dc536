//! Mirror rows for the benchmark and the tests, many per statement: a
//! stand-in for registry-sync (which writes by binary COPY), beside the
//! benchmark because the backend never writes the mirror. The tests include
//! this file too.

use tokio_postgres::{Client, Error};

#[cfg_attr(
    test,
    allow(dead_code, reason = "only the benchmark adds crates in bulk")
)]
const SEED_CRATES: &str = include_str!("../sql/seed_crates.sql");
const SEED_CRATE_VERSIONS: &str = include_str!("../sql/seed_crate_versions.sql");

/// Adds crates by name; returns their ids in the order of `names`.
#[cfg_attr(
    test,
    allow(dead_code, reason = "only the benchmark adds crates in bulk")
)]
pub async fn insert_crates(client: &Client, names: &[String]) -> Result<Vec<i64>, Error> {
    let rows = client.query(SEED_CRATES, &[&names]).await?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}

/// A version to add: its crate, its number, its checksum, whether yanked.
pub struct NewVersion {
    pub crate_id: i64,
    pub version: String,
    pub checksum: Vec<u8>,
    pub yanked: bool,
}

/// Adds versions; returns their ids (in no particular order).
pub async fn insert_versions(client: &Client, versions: &[NewVersion]) -> Result<Vec<i64>, Error> {
    let crate_ids: Vec<i64> = versions.iter().map(|v| v.crate_id).collect();
    let numbers: Vec<&str> = versions.iter().map(|v| v.version.as_str()).collect();
    let checksums: Vec<&[u8]> = versions.iter().map(|v| v.checksum.as_slice()).collect();
    let yanked: Vec<bool> = versions.iter().map(|v| v.yanked).collect();
    let rows = client
        .query(
            SEED_CRATE_VERSIONS,
            &[&crate_ids, &numbers, &checksums, &yanked],
        )
        .await?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}
