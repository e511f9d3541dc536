//! The batch's writes to stored rows, one `unnest` statement per kind of
//! change, each skipped when it has nothing to write: version states,
//! removals and restorations, latest versions, and the sparse validators.

use buildsrs_database::queries::deadpool_postgres::Transaction;
use buildsrs_database::queries::queries::registry_sync;

use super::SparseValidators;
use super::plan::Plan;
use super::rank::LatestVersions;
use crate::Error;

/// Writes the plan's changes to stored versions and crates: yanked flags and
/// restorations, removed versions, restored crates, removed crates.
pub(super) async fn changes(transaction: &Transaction<'_>, plan: &Plan<'_>) -> Result<(), Error> {
    if !plan.version_states.is_empty() {
        let (ids, yanked): (Vec<i64>, Vec<bool>) = plan.version_states.iter().copied().unzip();
        registry_sync::crate_version_set_state_many()
            .bind(transaction, &ids, &yanked)
            .all()
            .await?;
    }
    if !plan.versions_removed.is_empty() {
        registry_sync::crate_version_set_removed_many()
            .bind(transaction, &plan.versions_removed)
            .all()
            .await?;
    }
    if !plan.crates_restored.is_empty() {
        registry_sync::crate_set_restored_many()
            .bind(transaction, &plan.crates_restored)
            .all()
            .await?;
    }
    if !plan.crates_removed.is_empty() {
        registry_sync::crate_set_removed_many()
            .bind(transaction, &plan.crates_removed)
            .all()
            .await?;
    }
    Ok(())
}

/// Points each ranked crate at its latest version; returns how many crates
/// changed (those already pointing at it are skipped by the statement).
pub(super) async fn latest(
    transaction: &Transaction<'_>,
    latest: &LatestVersions,
) -> Result<i64, Error> {
    if latest.crate_ids.is_empty() {
        return Ok(0);
    }
    let changed = registry_sync::crate_set_latest_many()
        .bind(transaction, &latest.crate_ids, &latest.version_ids)
        .all()
        .await?;
    Ok(changed.len() as i64)
}

/// Stores the sparse index's validators of the batch's files.
pub(super) async fn validators(
    transaction: &Transaction<'_>,
    validators: &[SparseValidators],
) -> Result<(), Error> {
    if validators.is_empty() {
        return Ok(());
    }
    let files: Vec<&str> = validators.iter().map(|v| v.file.as_str()).collect();
    let etags: Vec<Option<&str>> = validators.iter().map(|v| v.etag.as_deref()).collect();
    let modified: Vec<Option<&str>> = validators
        .iter()
        .map(|v| v.last_modified.as_deref())
        .collect();
    registry_sync::sparse_cache_upsert_many()
        .bind(transaction, &files, &etags, &modified)
        .await?;
    Ok(())
}
