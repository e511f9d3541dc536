//! Reconciling a batch of crate files with the mirror: each file is the
//! whole state of its crate, compared with the stored rows and written with
//! one statement per kind of change, all in one transaction.
//!
//! Knows nothing of where the files came from (git or sparse). Never deletes
//! a row: what leaves the index gets `removed_at`, and comes back restored.
//!
//! A batch is a sequence of steps, each in a module of its own:
//! 1. `stored`: read the stored crates of the batch's files and their
//!    versions;
//! 2. `plan`: compare each file with them, before the first write;
//! 3. `insert`, then `write`: new rows by binary COPY, then the changes to
//!    stored ones;
//! 4. `rank`: the latest version of each stored crate the batch keeps,
//!    from the state it leaves behind (a pure function), written by `write`;
//! 5. `reports`: record the refused and duplicated entries;
//! 6. `write`: store the sparse validators, then commit.

mod insert;
mod plan;
mod rank;
mod reports;
mod stored;
mod write;

use std::time::{Duration, Instant};

use buildsrs_database::Client;
use buildsrs_database::queries::queries::registry_sync;

use crate::Error;
use crate::crate_file::CrateFile;
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

/// Writes one batch in one transaction and returns what it changed.
pub async fn apply_batch(client: &mut Client, pass_id: i64, batch: &Batch) -> Result<Stats, Error> {
    let mut timings = Timings::start();
    let transaction = client.transaction().await?;
    registry_sync::session_async_commit()
        .bind(&transaction)
        .one()
        .await?;
    let stored = stored::read(&transaction, &batch.changes).await?;
    timings.mark("read");
    let plan = plan::plan(&batch.changes, &stored);
    let mut stats = plan.stats;
    timings.mark("plan");
    let inserted = insert::insert_new_rows(&transaction, &plan).await?;
    stats.crates_added += plan.new_crate_names.len() as i64;
    stats.versions_added += inserted.len() as i64;
    timings.mark("insert");
    write::changes(&transaction, &plan).await?;
    timings.mark("update");
    let latest = rank::latest_versions(
        &plan.crates_to_rank,
        &stored.versions,
        &plan.planned,
        &inserted,
    );
    timings.mark("rank");
    stats.crates_updated += write::latest(&transaction, &latest).await?;
    timings.mark("latest");
    reports::record(&transaction, pass_id, &plan.reports).await?;
    write::validators(&transaction, &batch.sparse_validators).await?;
    transaction.commit().await?;
    timings.mark("commit");
    tracing::debug!(files = batch.changes.len(), timings = ?timings.marks, "batch written");
    Ok(stats)
}

/// When each step of a batch ended, counted from the batch's start, for the
/// debug log.
struct Timings {
    started: Instant,
    marks: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Starts counting now.
    fn start() -> Self {
        Self {
            started: Instant::now(),
            marks: Vec::with_capacity(8),
        }
    }

    /// Notes that the step `name` ended now.
    fn mark(&mut self, name: &'static str) {
        self.marks.push((name, self.started.elapsed()));
    }
}
