//! Reconciling a batch of crate files with the mirror: each file is the
//! whole state of its crate, compared with the stored rows and written with
//! one statement per kind of change, all in one transaction.
//!
//! Knows nothing of where the files came from (git or sparse). Never deletes
//! a row: what leaves the index gets `removed_at`, and comes back restored.

use std::collections::{HashMap, HashSet};

use buildsrs_database::Client;
use buildsrs_database::queries::queries::registry_sync::{
    self, CrateListByFileMany, CrateVersionListByCrateMany,
};
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;

use crate::Error;
use crate::crate_file::CrateFile;
use crate::index_line::IndexEntry;
use crate::latest::{Candidate, latest_version};
use crate::passes::Stats;

/// One crate file as a source saw it: its content, or None when the file is
/// gone from the index (the crate is removed).
#[derive(Clone, Debug)]
pub struct FileChange {
    /// The lowercase crate name the file is named by.
    pub file: String,
    pub content: Option<CrateFile>,
}

/// The sparse index's validators for one crate file, stored in the same
/// transaction as the file's content so they never run ahead of it.
#[derive(Clone, Debug)]
pub struct SparseValidators {
    pub file: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What one transaction applies.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub changes: Vec<FileChange>,
    pub sparse_validators: Vec<SparseValidators>,
}

impl Batch {
    /// How many valid entries the batch carries, to size batches by.
    pub fn entry_count(&self) -> usize {
        self.changes
            .iter()
            .map(|change| {
                change
                    .content
                    .as_ref()
                    .map_or(1, |content| content.entries.len())
            })
            .sum()
    }
}

/// A refused or reported entry, as registry_rejections stores it.
struct Report {
    file: String,
    line_number: i32,
    version: Option<String>,
    reason: String,
}

/// The state a stored version will have once the batch is written.
#[derive(Clone, Copy)]
struct Planned {
    yanked: bool,
    removed: bool,
}

/// Everything the batch will write, worked out before the first write.
#[derive(Default)]
struct Plan<'a> {
    new_crate_names: Vec<&'a str>,
    /// Valid entries of each new crate, by its index in `new_crate_names`.
    new_crate_entries: Vec<&'a [IndexEntry]>,
    crates_restored: Vec<i64>,
    crates_removed: Vec<i64>,
    /// New versions of existing crates.
    version_inserts: Vec<(i64, &'a IndexEntry)>,
    /// Stored versions whose yanked flag changes or that come back.
    version_states: Vec<(i64, bool)>,
    versions_removed: Vec<i64>,
    /// The final state of every stored version the batch changes.
    planned: HashMap<i64, Planned>,
    /// Existing crates that stay current and whose latest must be checked.
    crates_to_rank: Vec<i64>,
    reports: Vec<Report>,
    stats: Stats,
}

/// Writes one batch in one transaction and returns what it changed.
pub async fn apply_batch(client: &mut Client, pass_id: i64, batch: &Batch) -> Result<Stats, Error> {
    let started = std::time::Instant::now();
    let mut timings = Vec::with_capacity(8);
    let transaction = client
        .transaction()
        .await
        .map_err(buildsrs_database::Error::from)?;
    registry_sync::session_async_commit()
        .bind(&transaction)
        .one()
        .await?;

    let files: Vec<&str> = batch
        .changes
        .iter()
        .map(|change| change.file.as_str())
        .collect();
    let crates = registry_sync::crate_list_by_file_many()
        .bind(&transaction, &files)
        .all()
        .await?;
    let crate_ids: Vec<i64> = crates.iter().map(|krate| krate.id).collect();
    let versions = if crate_ids.is_empty() {
        Vec::new()
    } else {
        registry_sync::crate_version_list_by_crate_many()
            .bind(&transaction, &crate_ids)
            .all()
            .await?
    };
    timings.push(("read", started.elapsed()));
    let mut plan = plan(&batch.changes, &crates, &versions);
    timings.push(("plan", started.elapsed()));

    let inserted_versions = insert_new_rows(&transaction, &mut plan).await?;
    plan.stats.versions_added += inserted_versions.len() as i64;
    timings.push(("insert", started.elapsed()));

    if !plan.version_states.is_empty() {
        let (ids, yanked): (Vec<i64>, Vec<bool>) = plan.version_states.iter().copied().unzip();
        registry_sync::crate_version_set_state_many()
            .bind(&transaction, &ids, &yanked)
            .all()
            .await?;
    }
    if !plan.versions_removed.is_empty() {
        registry_sync::crate_version_set_removed_many()
            .bind(&transaction, &plan.versions_removed)
            .all()
            .await?;
    }
    if !plan.crates_restored.is_empty() {
        registry_sync::crate_set_restored_many()
            .bind(&transaction, &plan.crates_restored)
            .all()
            .await?;
    }
    if !plan.crates_removed.is_empty() {
        registry_sync::crate_set_removed_many()
            .bind(&transaction, &plan.crates_removed)
            .all()
            .await?;
    }

    timings.push(("update", started.elapsed()));
    // Latest versions, from the state the batch leaves behind.
    let mut candidates: HashMap<i64, Vec<Candidate<'_>>> = HashMap::new();
    let ranked: HashSet<i64> = plan.crates_to_rank.iter().copied().collect();
    for version in &versions {
        if !ranked.contains(&version.crate_id) {
            continue;
        }
        let state = plan.planned.get(&version.id).copied().unwrap_or(Planned {
            yanked: version.yanked,
            removed: version.removed_at.is_some(),
        });
        candidates
            .entry(version.crate_id)
            .or_default()
            .push(Candidate {
                id: version.id,
                version: &version.version,
                yanked: state.yanked,
                removed: state.removed,
            });
    }
    for row in &inserted_versions {
        if ranked.contains(&row.crate_id) {
            candidates
                .entry(row.crate_id)
                .or_default()
                .push(row.candidate);
        }
    }
    let mut latest_crate_ids = Vec::with_capacity(ranked.len());
    let mut latest_version_ids = Vec::with_capacity(ranked.len());
    for crate_id in &ranked {
        latest_crate_ids.push(*crate_id);
        latest_version_ids.push(latest_version(
            candidates.remove(crate_id).unwrap_or_default(),
        ));
    }
    timings.push(("rank", started.elapsed()));
    if !latest_crate_ids.is_empty() {
        let changed = registry_sync::crate_set_latest_many()
            .bind(&transaction, &latest_crate_ids, &latest_version_ids)
            .all()
            .await?;
        plan.stats.crates_updated += changed.len() as i64;
    }

    timings.push(("latest", started.elapsed()));
    if !plan.reports.is_empty() {
        let files: Vec<&str> = plan
            .reports
            .iter()
            .map(|report| report.file.as_str())
            .collect();
        let lines: Vec<i32> = plan
            .reports
            .iter()
            .map(|report| report.line_number)
            .collect();
        let versions: Vec<Option<&str>> = plan
            .reports
            .iter()
            .map(|report| report.version.as_deref())
            .collect();
        let reasons: Vec<&str> = plan
            .reports
            .iter()
            .map(|report| report.reason.as_str())
            .collect();
        registry_sync::rejection_insert_many()
            .bind(&transaction, &pass_id, &files, &lines, &versions, &reasons)
            .await?;
    }
    if !batch.sparse_validators.is_empty() {
        let validators = &batch.sparse_validators;
        let files: Vec<&str> = validators.iter().map(|v| v.file.as_str()).collect();
        let etags: Vec<Option<&str>> = validators.iter().map(|v| v.etag.as_deref()).collect();
        let modified: Vec<Option<&str>> = validators
            .iter()
            .map(|v| v.last_modified.as_deref())
            .collect();
        registry_sync::sparse_cache_upsert_many()
            .bind(&transaction, &files, &etags, &modified)
            .await?;
    }
    transaction.commit().await?;
    timings.push(("commit", started.elapsed()));
    tracing::debug!(files = batch.changes.len(), ?timings, "batch written");
    Ok(plan.stats)
}

/// A version the batch added, with the id reserved for it.
struct InsertedVersion<'a> {
    crate_id: i64,
    candidate: Candidate<'a>,
}

/// Writes the batch's new crates and new versions by binary COPY, with ids
/// reserved first: the caller learns each row's id without reading it back,
/// and each new crate is written already pointing at its latest version.
async fn insert_new_rows<'a>(
    transaction: &tokio_postgres::Transaction<'_>,
    plan: &mut Plan<'a>,
) -> Result<Vec<InsertedVersion<'a>>, Error> {
    let new_versions: usize = plan
        .new_crate_entries
        .iter()
        .map(|entries| entries.len())
        .sum();
    let version_count = plan.version_inserts.len() + new_versions;
    if plan.new_crate_names.is_empty() && version_count == 0 {
        return Ok(Vec::new());
    }
    registry_sync::mirror_lock_writes()
        .bind(transaction)
        .await?;
    let first_crate_id = if plan.new_crate_names.is_empty() {
        0
    } else {
        registry_sync::crate_reserve_ids()
            .bind(transaction, &(plan.new_crate_names.len() as i64))
            .one()
            .await?
    };
    let first_version_id = if version_count == 0 {
        0
    } else {
        registry_sync::crate_version_reserve_ids()
            .bind(transaction, &(version_count as i64))
            .one()
            .await?
    };

    // Every new version with its id: those of stored crates, then those of
    // each new crate in turn.
    let mut inserted = Vec::with_capacity(version_count);
    let new_crates = (first_crate_id..).zip(&plan.new_crate_entries);
    let entries =
        plan.version_inserts
            .iter()
            .copied()
            .chain(new_crates.flat_map(|(crate_id, entries)| {
                entries.iter().map(move |entry| (crate_id, entry))
            }));
    let mut rows = Vec::with_capacity(version_count);
    for (id, (crate_id, entry)) in (first_version_id..).zip(entries) {
        rows.push((id, crate_id, entry));
        inserted.push(InsertedVersion {
            crate_id,
            candidate: Candidate {
                id,
                version: &entry.version,
                yanked: entry.yanked,
                removed: false,
            },
        });
    }

    if !plan.new_crate_names.is_empty() {
        registry_sync::crates_defer_latest_check()
            .bind(transaction)
            .await?;
        let sink = transaction.copy_in(buildsrs_database::copy::CRATES).await?;
        let writer = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::TEXT, Type::INT8]);
        futures::pin_mut!(writer);
        // The new crates' versions are the tail of `inserted`, in crate order.
        let mut own_versions = &inserted[plan.version_inserts.len()..];
        for ((id, name), entries) in (first_crate_id..)
            .zip(&plan.new_crate_names)
            .zip(&plan.new_crate_entries)
        {
            let (own, rest) = own_versions.split_at(entries.len());
            own_versions = rest;
            let latest = latest_version(own.iter().map(|version| version.candidate));
            writer.as_mut().write(&[&id, name, &latest]).await?;
        }
        writer.finish().await?;
        plan.stats.crates_added += plan.new_crate_names.len() as i64;
    }

    if !rows.is_empty() {
        let sink = transaction
            .copy_in(buildsrs_database::copy::CRATE_VERSIONS_MARKED)
            .await?;
        let writer = BinaryCopyInWriter::new(
            sink,
            &[
                Type::INT8,
                Type::INT8,
                Type::TEXT,
                Type::BYTEA,
                Type::BOOL,
                Type::BOOL,
            ],
        );
        futures::pin_mut!(writer);
        for (id, crate_id, entry) in rows {
            writer
                .as_mut()
                .write(&[
                    &id,
                    &crate_id,
                    &entry.version,
                    &entry.checksum.as_slice(),
                    &entry.yanked,
                    &entry.semver_lenient,
                ])
                .await?;
        }
        writer.finish().await?;
    }
    Ok(inserted)
}

/// Compares each file with the stored crates and versions.
fn plan<'a>(
    changes: &'a [FileChange],
    crates: &'a [CrateListByFileMany],
    versions: &'a [CrateVersionListByCrateMany],
) -> Plan<'a> {
    let mut crates_by_file: HashMap<&str, Vec<&CrateListByFileMany>> = HashMap::new();
    for krate in crates {
        crates_by_file
            .entry(krate.file.as_str())
            .or_default()
            .push(krate);
    }
    let mut versions_by_crate: HashMap<i64, Vec<&CrateVersionListByCrateMany>> = HashMap::new();
    for version in versions {
        versions_by_crate
            .entry(version.crate_id)
            .or_default()
            .push(version);
    }
    let mut plan = Plan::default();
    let no_crates = Vec::new();
    let no_versions = Vec::new();
    for change in changes {
        let stored = crates_by_file
            .get(change.file.as_str())
            .unwrap_or(&no_crates);
        let Some(content) = &change.content else {
            for krate in stored {
                remove_crate(
                    &mut plan,
                    krate,
                    versions_by_crate.get(&krate.id).unwrap_or(&no_versions),
                );
            }
            continue;
        };
        plan.stats.crate_files += 1;
        report_file(&mut plan, content);
        let kept: HashSet<&str> = content.kept_versions().collect();
        match content.crate_name() {
            // No readable entry: the crate stays as it is, but versions the
            // file no longer names at all are gone.
            None => {
                for krate in stored {
                    let stored_versions = versions_by_crate.get(&krate.id).unwrap_or(&no_versions);
                    for version in stored_versions {
                        if version.removed_at.is_none() && !kept.contains(version.version.as_str())
                        {
                            remove_version(&mut plan, version);
                        }
                    }
                    if krate.removed_at.is_none() {
                        plan.crates_to_rank.push(krate.id);
                    }
                }
            }
            Some(name) => {
                let mut found = None;
                for krate in stored {
                    if krate.name == name {
                        found = Some(*krate);
                    } else {
                        // The same file under another spelling of the name:
                        // the index now spells it `name`.
                        remove_crate(
                            &mut plan,
                            krate,
                            versions_by_crate.get(&krate.id).unwrap_or(&no_versions),
                        );
                    }
                }
                match found {
                    None => {
                        plan.new_crate_names.push(name);
                        plan.new_crate_entries.push(&content.entries);
                    }
                    Some(krate) => {
                        if krate.removed_at.is_some() {
                            plan.crates_restored.push(krate.id);
                            plan.stats.crates_restored += 1;
                        }
                        plan.crates_to_rank.push(krate.id);
                        let stored_versions =
                            versions_by_crate.get(&krate.id).unwrap_or(&no_versions);
                        reconcile_versions(&mut plan, content, stored_versions, &kept, krate.id);
                    }
                }
            }
        }
    }
    plan
}

/// Compares one file's entries with one stored crate's versions.
fn reconcile_versions<'a>(
    plan: &mut Plan<'a>,
    content: &'a CrateFile,
    stored: &[&'a CrateVersionListByCrateMany],
    kept: &HashSet<&str>,
    crate_id: i64,
) {
    let by_version: HashMap<&str, &CrateVersionListByCrateMany> = stored
        .iter()
        .map(|version| (version.version.as_str(), *version))
        .collect();
    let mut listed = HashSet::with_capacity(content.entries.len());
    for entry in &content.entries {
        listed.insert(entry.version.as_str());
        let Some(version) = by_version.get(entry.version.as_str()) else {
            plan.version_inserts.push((crate_id, entry));
            continue;
        };
        if version.checksum != entry.checksum {
            let reason = format!(
                "checksum {} differs from the stored {}; the stored version is kept",
                hex::encode(entry.checksum),
                hex::encode(&version.checksum)
            );
            tracing::warn!(krate = %entry.name, version = %entry.version, %reason, "checksum change refused");
            plan.stats.entries_rejected += 1;
            plan.reports.push(Report {
                file: content.file.clone(),
                line_number: entry.line_number as i32,
                version: Some(entry.version.clone()),
                reason,
            });
            continue;
        }
        let removed = version.removed_at.is_some();
        if !removed && version.yanked == entry.yanked {
            continue;
        }
        if removed {
            plan.stats.versions_restored += 1;
        } else if entry.yanked {
            plan.stats.versions_yanked += 1;
        } else {
            plan.stats.versions_unyanked += 1;
        }
        plan.version_states.push((version.id, entry.yanked));
        plan.planned.insert(
            version.id,
            Planned {
                yanked: entry.yanked,
                removed: false,
            },
        );
    }
    for version in stored {
        let name = version.version.as_str();
        if version.removed_at.is_none() && !listed.contains(name) && !kept.contains(name) {
            remove_version(plan, version);
        }
    }
}

fn remove_crate(
    plan: &mut Plan<'_>,
    krate: &CrateListByFileMany,
    versions: &[&CrateVersionListByCrateMany],
) {
    if krate.removed_at.is_none() {
        plan.crates_removed.push(krate.id);
        plan.stats.crates_removed += 1;
    }
    for version in versions {
        if version.removed_at.is_none() {
            remove_version(plan, version);
        }
    }
}

fn remove_version(plan: &mut Plan<'_>, version: &CrateVersionListByCrateMany) {
    plan.versions_removed.push(version.id);
    plan.stats.versions_removed += 1;
    plan.planned.insert(
        version.id,
        Planned {
            yanked: version.yanked,
            removed: true,
        },
    );
}

/// Logs and records a file's refused lines and duplicates.
fn report_file(plan: &mut Plan<'_>, content: &CrateFile) {
    for rejection in &content.rejections {
        tracing::warn!(
            file = %content.file,
            line = rejection.line_number,
            version = rejection.version.as_deref().unwrap_or("?"),
            reason = %rejection.reason,
            "index entry rejected"
        );
        plan.stats.entries_rejected += 1;
        plan.reports.push(Report {
            file: content.file.clone(),
            line_number: rejection.line_number as i32,
            version: rejection.version.clone(),
            reason: rejection.reason.clone(),
        });
    }
    for duplicate in &content.duplicates {
        tracing::warn!(
            file = %content.file,
            version = %duplicate.version,
            earlier_line = duplicate.earlier_line,
            later_line = duplicate.later_line,
            "version listed twice; the later line wins"
        );
        plan.stats.entries_duplicated += 1;
        plan.reports.push(Report {
            file: content.file.clone(),
            line_number: duplicate.earlier_line as i32,
            version: Some(duplicate.version.clone()),
            reason: format!(
                "listed again on line {}; the later line wins",
                duplicate.later_line
            ),
        });
    }
}
