//! The stored state a batch is compared with: the crates its files name
//! (under any spelling, removed ones included) and every version of them,
//! read in the batch's transaction, and looked up by file and by crate.

use std::collections::HashMap;

use buildsrs_database::queries::deadpool_postgres::Transaction;
use buildsrs_database::queries::queries::registry_sync::{
    self, CrateListByFileMany, CrateVersionListByCrateMany,
};

use super::FileChange;
use crate::Error;

/// The stored rows of a batch's crates.
pub(super) struct Stored {
    pub(super) crates: Vec<CrateListByFileMany>,
    pub(super) versions: Vec<CrateVersionListByCrateMany>,
}

/// Reads the stored crates of the files in `changes`, then their versions.
pub(super) async fn read(
    transaction: &Transaction<'_>,
    changes: &[FileChange],
) -> Result<Stored, Error> {
    let files: Vec<&str> = changes.iter().map(|change| change.file.as_str()).collect();
    let crates = registry_sync::crate_list_by_file_many()
        .bind(transaction, &files)
        .all()
        .await?;
    let crate_ids: Vec<i64> = crates.iter().map(|krate| krate.id).collect();
    let versions = if crate_ids.is_empty() {
        Vec::new()
    } else {
        registry_sync::crate_version_list_by_crate_many()
            .bind(transaction, &crate_ids)
            .all()
            .await?
    };
    Ok(Stored { crates, versions })
}

/// The stored rows, grouped: the crates of each file, the versions of each
/// crate.
pub(super) struct StoredIndex<'a> {
    crates_by_file: HashMap<&'a str, Vec<&'a CrateListByFileMany>>,
    versions_by_crate: HashMap<i64, Vec<&'a CrateVersionListByCrateMany>>,
}

impl<'a> StoredIndex<'a> {
    pub(super) fn new(stored: &'a Stored) -> Self {
        let mut crates_by_file: HashMap<&str, Vec<&CrateListByFileMany>> = HashMap::new();
        for krate in &stored.crates {
            crates_by_file
                .entry(krate.file.as_str())
                .or_default()
                .push(krate);
        }
        let mut versions_by_crate: HashMap<i64, Vec<&CrateVersionListByCrateMany>> = HashMap::new();
        for version in &stored.versions {
            versions_by_crate
                .entry(version.crate_id)
                .or_default()
                .push(version);
        }
        Self {
            crates_by_file,
            versions_by_crate,
        }
    }

    /// The stored crates named by `file`: none, one, or more than one when
    /// the index spelled the name differently over time.
    pub(super) fn crates(&self, file: &str) -> &[&'a CrateListByFileMany] {
        self.crates_by_file.get(file).map_or(&[], Vec::as_slice)
    }

    /// Every stored version of the crate `crate_id`.
    pub(super) fn versions(&self, crate_id: i64) -> &[&'a CrateVersionListByCrateMany] {
        self.versions_by_crate
            .get(&crate_id)
            .map_or(&[], Vec::as_slice)
    }
}
