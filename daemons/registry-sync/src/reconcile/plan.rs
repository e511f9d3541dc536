//! What a batch will write, worked out before the first write: each file
//! compared with its stored crate and versions. Pure: reads rows, writes
//! nothing (it logs the entries it refuses).

use std::collections::{HashMap, HashSet};

use buildsrs_database::queries::queries::registry_sync::{
    CrateListByFileMany, CrateVersionListByCrateMany,
};

use super::FileChange;
use super::reports::Report;
use super::stored::{Stored, StoredIndex};
use crate::crate_file::CrateFile;
use crate::index_line::IndexEntry;
use crate::passes::Stats;

/// The state a stored version will have once the batch is written.
#[derive(Clone, Copy, Debug)]
pub(super) struct Planned {
    pub(super) yanked: bool,
    pub(super) removed: bool,
}

/// Everything the batch will write.
#[derive(Default)]
pub(super) struct Plan<'a> {
    pub(super) new_crate_names: Vec<&'a str>,
    /// Valid entries of each new crate, by its index in `new_crate_names`.
    pub(super) new_crate_entries: Vec<&'a [IndexEntry]>,
    pub(super) crates_restored: Vec<i64>,
    pub(super) crates_removed: Vec<i64>,
    /// New versions of existing crates.
    pub(super) version_inserts: Vec<(i64, &'a IndexEntry)>,
    /// Stored versions whose yanked flag changes or that come back.
    pub(super) version_states: Vec<(i64, bool)>,
    pub(super) versions_removed: Vec<i64>,
    /// The final state of every stored version the batch changes.
    pub(super) planned: HashMap<i64, Planned>,
    /// Existing crates that stay current and whose latest must be checked.
    pub(super) crates_to_rank: Vec<i64>,
    pub(super) reports: Vec<Report>,
    /// What the plan changes and refuses; the writer adds the counts only
    /// writing knows (rows added, latest versions changed).
    pub(super) stats: Stats,
}

/// Compares each file with the stored crates and versions.
pub(super) fn plan<'a>(changes: &'a [FileChange], stored: &'a Stored) -> Plan<'a> {
    let stored = StoredIndex::new(stored);
    let mut plan = Plan::default();
    for change in changes {
        plan.reconcile_file(change, &stored);
    }
    plan
}

impl<'a> Plan<'a> {
    /// How many versions the batch adds: to stored crates and to new ones.
    pub(super) fn new_version_count(&self) -> usize {
        let of_new_crates: usize = self.new_crate_entries.iter().map(|e| e.len()).sum();
        self.version_inserts.len() + of_new_crates
    }

    /// Plans one crate file: a gone file removes its crates, a file without
    /// a readable entry removes only what it no longer names, and any other
    /// file is its crate's whole state.
    fn reconcile_file(&mut self, change: &'a FileChange, stored: &StoredIndex<'a>) {
        let crates = stored.crates(&change.file);
        let Some(content) = &change.content else {
            for krate in crates {
                self.remove_crate(krate, stored.versions(krate.id));
            }
            return;
        };
        self.stats.crate_files += 1;
        self.report_file(content);
        let kept: HashSet<&str> = content.kept_versions().collect();
        match content.crate_name() {
            None => self.reconcile_unreadable(crates, stored, &kept),
            Some(name) => self.reconcile_named(name, content, crates, stored, &kept),
        }
    }

    /// No readable entry: the crate stays as it is, but versions the file no
    /// longer names at all are gone.
    fn reconcile_unreadable(
        &mut self,
        crates: &[&CrateListByFileMany],
        stored: &StoredIndex<'a>,
        kept: &HashSet<&str>,
    ) {
        for krate in crates {
            for version in stored.versions(krate.id) {
                if version.removed_at.is_none() && !kept.contains(version.version.as_str()) {
                    self.remove_version(version);
                }
            }
            if krate.removed_at.is_none() {
                self.crates_to_rank.push(krate.id);
            }
        }
    }

    /// The file names its crate `name`: a stored crate of that spelling is
    /// reconciled (else the crate is new), and those of other spellings are
    /// removed, since the index now spells it `name`.
    fn reconcile_named(
        &mut self,
        name: &'a str,
        content: &'a CrateFile,
        crates: &[&CrateListByFileMany],
        stored: &StoredIndex<'a>,
        kept: &HashSet<&str>,
    ) {
        let mut found = None;
        for krate in crates {
            if krate.name == name {
                found = Some(*krate);
            } else {
                self.remove_crate(krate, stored.versions(krate.id));
            }
        }
        let Some(krate) = found else {
            self.new_crate_names.push(name);
            self.new_crate_entries.push(&content.entries);
            return;
        };
        if krate.removed_at.is_some() {
            self.crates_restored.push(krate.id);
            self.stats.crates_restored += 1;
        }
        self.crates_to_rank.push(krate.id);
        self.reconcile_versions(content, stored.versions(krate.id), kept, krate.id);
    }

    /// Compares one file's entries with one stored crate's versions.
    fn reconcile_versions(
        &mut self,
        content: &'a CrateFile,
        stored: &[&CrateVersionListByCrateMany],
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
            match by_version.get(entry.version.as_str()) {
                None => self.version_inserts.push((crate_id, entry)),
                Some(version) if version.checksum != entry.checksum => {
                    self.stats.entries_rejected += 1;
                    let report = Report::checksum_refused(&content.file, entry, &version.checksum);
                    self.reports.push(report);
                }
                Some(version) => self.reconcile_version(entry, version),
            }
        }
        for version in stored {
            let name = version.version.as_str();
            if version.removed_at.is_none() && !listed.contains(name) && !kept.contains(name) {
                self.remove_version(version);
            }
        }
    }

    /// A listed version that is stored with the same checksum: its yanked
    /// flag follows the entry, and it comes back if it was removed.
    fn reconcile_version(&mut self, entry: &IndexEntry, version: &CrateVersionListByCrateMany) {
        let removed = version.removed_at.is_some();
        if !removed && version.yanked == entry.yanked {
            return;
        }
        if removed {
            self.stats.versions_restored += 1;
        } else if entry.yanked {
            self.stats.versions_yanked += 1;
        } else {
            self.stats.versions_unyanked += 1;
        }
        self.version_states.push((version.id, entry.yanked));
        let state = Planned {
            yanked: entry.yanked,
            removed: false,
        };
        self.planned.insert(version.id, state);
    }

    /// Marks a crate removed, with every version of it still current.
    fn remove_crate(
        &mut self,
        krate: &CrateListByFileMany,
        versions: &[&CrateVersionListByCrateMany],
    ) {
        if krate.removed_at.is_none() {
            self.crates_removed.push(krate.id);
            self.stats.crates_removed += 1;
        }
        for version in versions {
            if version.removed_at.is_none() {
                self.remove_version(version);
            }
        }
    }

    /// Marks a stored version removed.
    fn remove_version(&mut self, version: &CrateVersionListByCrateMany) {
        self.versions_removed.push(version.id);
        self.stats.versions_removed += 1;
        let state = Planned {
            yanked: version.yanked,
            removed: true,
        };
        self.planned.insert(version.id, state);
    }

    /// Records a file's refused lines and duplicates (each logged).
    fn report_file(&mut self, content: &CrateFile) {
        for rejection in &content.rejections {
            self.stats.entries_rejected += 1;
            self.reports
                .push(Report::rejected(&content.file, rejection));
        }
        for duplicate in &content.duplicates {
            self.stats.entries_duplicated += 1;
            self.reports
                .push(Report::duplicated(&content.file, duplicate));
        }
    }
}
