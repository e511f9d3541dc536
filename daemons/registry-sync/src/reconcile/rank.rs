//! The latest version of each stored crate a batch keeps, from the state the
//! batch leaves behind: stored versions as the plan leaves them, and the
//! versions it adds. Pure; the choice itself is [`crate::latest`]'s.

use std::collections::HashMap;

use buildsrs_database::queries::queries::registry_sync::CrateVersionListByCrateMany;

use super::insert::InsertedVersion;
use super::plan::Planned;
use crate::latest::{Candidate, latest_version};

/// Crates and their latest versions, side by side as `crate_set_latest_many`
/// takes them; None where a crate has no current, unyanked version.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct LatestVersions {
    pub(super) crate_ids: Vec<i64>,
    pub(super) version_ids: Vec<Option<i64>>,
}

/// The latest version of each crate in `crates` (each once, in the order
/// given), among its `stored` versions, in the state `planned` gives them or
/// else as stored, and the versions `inserted` adds to it.
pub(super) fn latest_versions(
    crates: &[i64],
    stored: &[CrateVersionListByCrateMany],
    planned: &HashMap<i64, Planned>,
    inserted: &[InsertedVersion<'_>],
) -> LatestVersions {
    let mut candidates: HashMap<i64, Vec<Candidate<'_>>> = HashMap::with_capacity(crates.len());
    let mut crate_ids = Vec::with_capacity(crates.len());
    for &crate_id in crates {
        if candidates.insert(crate_id, Vec::new()).is_none() {
            crate_ids.push(crate_id);
        }
    }
    let stored = stored
        .iter()
        .map(|version| (version.crate_id, after_batch(version, planned)));
    let inserted = inserted
        .iter()
        .map(|version| (version.crate_id, version.candidate()));
    for (crate_id, candidate) in stored.chain(inserted) {
        if let Some(of_crate) = candidates.get_mut(&crate_id) {
            of_crate.push(candidate);
        }
    }
    let version_ids = crate_ids
        .iter()
        .map(|crate_id| latest_version(candidates.remove(crate_id).unwrap_or_default()))
        .collect();
    LatestVersions {
        crate_ids,
        version_ids,
    }
}

/// A stored version in the state the batch leaves it in.
fn after_batch<'a>(
    version: &'a CrateVersionListByCrateMany,
    planned: &HashMap<i64, Planned>,
) -> Candidate<'a> {
    let state = planned.get(&version.id).copied().unwrap_or(Planned {
        yanked: version.yanked,
        removed: version.removed_at.is_some(),
    });
    Candidate {
        id: version.id,
        version: &version.version,
        yanked: state.yanked,
        removed: state.removed,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use buildsrs_database::queries::queries::registry_sync::CrateVersionListByCrateMany;

    use super::{LatestVersions, latest_versions};
    use crate::index_line::IndexEntry;
    use crate::reconcile::insert::InsertedVersion;
    use crate::reconcile::plan::Planned;

    /// A stored version, current unless `removed`.
    fn stored(
        id: i64,
        crate_id: i64,
        version: &str,
        yanked: bool,
        removed: bool,
    ) -> CrateVersionListByCrateMany {
        CrateVersionListByCrateMany {
            id,
            crate_id,
            version: version.to_owned(),
            checksum: vec![0; 32],
            yanked,
            removed_at: removed.then(|| chrono::DateTime::UNIX_EPOCH.fixed_offset()),
        }
    }

    /// An entry of a crate file, for a version the batch adds.
    fn entry(version: &str, yanked: bool) -> IndexEntry {
        IndexEntry {
            name: "krate".to_owned(),
            version: version.to_owned(),
            semver_lenient: false,
            checksum: [0; 32],
            yanked,
            line_number: 1,
        }
    }

    fn planned(states: &[(i64, bool, bool)]) -> HashMap<i64, Planned> {
        states
            .iter()
            .map(|&(id, yanked, removed)| (id, Planned { yanked, removed }))
            .collect()
    }

    fn latest(crate_ids: &[i64], version_ids: &[Option<i64>]) -> LatestVersions {
        LatestVersions {
            crate_ids: crate_ids.to_vec(),
            version_ids: version_ids.to_vec(),
        }
    }

    #[test]
    fn a_crate_points_at_its_highest_current_unyanked_version_as_stored() {
        let versions = [
            stored(1, 10, "1.0.0", false, false),
            stored(2, 10, "3.0.0", true, false),
            stored(3, 10, "2.0.0", false, true),
            stored(4, 10, "1.5.0", false, false),
        ];
        let ranked = latest_versions(&[10], &versions, &HashMap::new(), &[]);
        assert_eq!(ranked, latest(&[10], &[Some(4)]));
    }

    #[test]
    fn the_planned_state_of_a_version_overrides_the_stored_one() {
        let versions = [
            stored(1, 10, "1.0.0", false, false),
            stored(2, 10, "2.0.0", false, false),
            stored(3, 10, "3.0.0", true, false),
            stored(4, 10, "4.0.0", false, true),
        ];
        // 2 is yanked and 4 removed by the batch; 3 is unyanked.
        let yank_and_unyank = planned(&[(2, true, false), (3, false, false), (4, false, true)]);
        let ranked = latest_versions(&[10], &versions, &yank_and_unyank, &[]);
        assert_eq!(ranked, latest(&[10], &[Some(3)]));
        // Only 4 comes back: it is the highest.
        let restore = planned(&[(4, false, false)]);
        let ranked = latest_versions(&[10], &versions, &restore, &[]);
        assert_eq!(ranked, latest(&[10], &[Some(4)]));
    }

    #[test]
    fn a_version_the_batch_adds_competes_with_the_stored_ones() {
        let versions = [stored(1, 10, "1.0.0", false, false)];
        let (newer, yanked) = (entry("2.0.0", false), entry("3.0.0", true));
        let inserted = [
            InsertedVersion {
                id: 7,
                crate_id: 10,
                entry: &newer,
            },
            InsertedVersion {
                id: 8,
                crate_id: 10,
                entry: &yanked,
            },
        ];
        let ranked = latest_versions(&[10], &versions, &HashMap::new(), &inserted);
        assert_eq!(ranked, latest(&[10], &[Some(7)]));
    }

    #[test]
    fn a_crate_left_without_a_current_unyanked_version_points_at_none() {
        let versions = [
            stored(1, 10, "1.0.0", true, false),
            stored(2, 10, "2.0.0", false, false),
        ];
        let removed = planned(&[(2, false, true)]);
        let ranked = latest_versions(&[10, 20], &versions, &removed, &[]);
        assert_eq!(ranked, latest(&[10, 20], &[None, None]));
    }

    #[test]
    fn each_crate_is_ranked_once_in_the_order_given_and_only_on_its_own_versions() {
        let versions = [
            stored(1, 10, "1.0.0", false, false),
            stored(2, 20, "9.0.0", false, false),
            stored(3, 30, "5.0.0", false, false),
        ];
        let other = entry("8.0.0", false);
        let inserted = [InsertedVersion {
            id: 4,
            crate_id: 40,
            entry: &other,
        }];
        let ranked = latest_versions(&[30, 10, 30], &versions, &HashMap::new(), &inserted);
        assert_eq!(ranked, latest(&[30, 10], &[Some(3), Some(1)]));
    }
}
