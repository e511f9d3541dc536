//! The batch's new crates and new versions, written by binary COPY with ids
//! reserved first: the caller learns each row's id without reading it back,
//! and each new crate is written already pointing at its latest version.

use buildsrs_database::queries::queries::registry_sync;
use tokio_postgres::Transaction;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;

use super::plan::Plan;
use crate::Error;
use crate::index_line::IndexEntry;
use crate::latest::{Candidate, latest_version};

/// A version the batch added, with the id reserved for it.
pub(super) struct InsertedVersion<'a> {
    pub(super) id: i64,
    pub(super) crate_id: i64,
    pub(super) entry: &'a IndexEntry,
}

impl<'a> InsertedVersion<'a> {
    /// The version as the latest-version choice sees it: current, yanked as
    /// its entry says.
    pub(super) fn candidate(&self) -> Candidate<'a> {
        Candidate {
            id: self.id,
            version: &self.entry.version,
            yanked: self.entry.yanked,
            removed: false,
        }
    }
}

/// Writes the plan's new crates and versions, taking the table lock and
/// reserving their ids first; returns every new version with its id.
pub(super) async fn insert_new_rows<'a>(
    transaction: &Transaction<'_>,
    plan: &Plan<'a>,
) -> Result<Vec<InsertedVersion<'a>>, Error> {
    let crate_count = plan.new_crate_names.len();
    let version_count = plan.new_version_count();
    if crate_count == 0 && version_count == 0 {
        return Ok(Vec::new());
    }
    registry_sync::mirror_lock_writes()
        .bind(transaction)
        .await?;
    let first_crate_id = reserve_crate_ids(transaction, crate_count).await?;
    let first_version_id = reserve_version_ids(transaction, version_count).await?;
    let inserted = assign_ids(plan, first_crate_id, first_version_id);
    if crate_count > 0 {
        // The new crates' versions are the tail of `inserted`, in crate order.
        let own_versions = &inserted[plan.version_inserts.len()..];
        copy_crates(transaction, plan, first_crate_id, own_versions).await?;
    }
    if !inserted.is_empty() {
        copy_versions(transaction, &inserted).await?;
    }
    Ok(inserted)
}

/// The first of `count` new crate ids (0 when none are needed).
async fn reserve_crate_ids(transaction: &Transaction<'_>, count: usize) -> Result<i64, Error> {
    if count == 0 {
        return Ok(0);
    }
    Ok(registry_sync::crate_reserve_ids()
        .bind(transaction, &(count as i64))
        .one()
        .await?)
}

/// The first of `count` new version ids (0 when none are needed).
async fn reserve_version_ids(transaction: &Transaction<'_>, count: usize) -> Result<i64, Error> {
    if count == 0 {
        return Ok(0);
    }
    Ok(registry_sync::crate_version_reserve_ids()
        .bind(transaction, &(count as i64))
        .one()
        .await?)
}

/// Every new version with its id, counting up from `first_version_id`:
/// those of stored crates, then those of each new crate in turn (new crates
/// counting up from `first_crate_id`).
fn assign_ids<'a>(
    plan: &Plan<'a>,
    first_crate_id: i64,
    first_version_id: i64,
) -> Vec<InsertedVersion<'a>> {
    let new_crates = (first_crate_id..).zip(plan.new_crate_entries.iter().copied());
    let of_new_crates = new_crates
        .flat_map(|(crate_id, entries)| entries.iter().map(move |entry| (crate_id, entry)));
    let entries = plan.version_inserts.iter().copied().chain(of_new_crates);
    (first_version_id..)
        .zip(entries)
        .map(|(id, (crate_id, entry))| InsertedVersion {
            id,
            crate_id,
            entry,
        })
        .collect()
}

/// Writes the new crates, each pointing at the latest of its versions
/// (`own_versions`: theirs, in crate order, as many as each has entries).
async fn copy_crates(
    transaction: &Transaction<'_>,
    plan: &Plan<'_>,
    first_crate_id: i64,
    mut own_versions: &[InsertedVersion<'_>],
) -> Result<(), Error> {
    registry_sync::crates_defer_latest_check()
        .bind(transaction)
        .await?;
    let sink = transaction.copy_in(buildsrs_database::copy::CRATES).await?;
    let writer = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::TEXT, Type::INT8]);
    futures::pin_mut!(writer);
    let new_crates = plan.new_crate_names.iter().zip(&plan.new_crate_entries);
    for (id, (name, entries)) in (first_crate_id..).zip(new_crates) {
        let (own, rest) = own_versions.split_at(entries.len());
        own_versions = rest;
        let latest = latest_version(own.iter().map(InsertedVersion::candidate));
        writer.as_mut().write(&[&id, name, &latest]).await?;
    }
    writer.finish().await?;
    Ok(())
}

/// Writes the new versions, marked strict or lenient.
async fn copy_versions(
    transaction: &Transaction<'_>,
    inserted: &[InsertedVersion<'_>],
) -> Result<(), Error> {
    let sink = transaction
        .copy_in(buildsrs_database::copy::CRATE_VERSIONS_MARKED)
        .await?;
    let types = [
        Type::INT8,
        Type::INT8,
        Type::TEXT,
        Type::BYTEA,
        Type::BOOL,
        Type::BOOL,
    ];
    let writer = BinaryCopyInWriter::new(sink, &types);
    futures::pin_mut!(writer);
    for version in inserted {
        let entry = version.entry;
        writer
            .as_mut()
            .write(&[
                &version.id,
                &version.crate_id,
                &entry.version,
                &entry.checksum.as_slice(),
                &entry.yanked,
                &entry.semver_lenient,
            ])
            .await?;
    }
    writer.finish().await?;
    Ok(())
}
