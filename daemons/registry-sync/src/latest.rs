//! The choice of a crate's latest version, a pure function of its versions:
//! the highest among the current, unyanked ones, a release preferred over
//! any pre-release.
//!
//! The rule, each step breaking the ties of the one before:
//! 1. a release beats a pre-release;
//! 2. the higher version wins, by `semver::Version`'s order (SemVer
//!    precedence, then build metadata, so that the order is total). A
//!    lenient version (see [`crate::version`]) ranks as its reading with the
//!    leading zeros dropped: `0.3.0-alpha.01` ranks as `0.3.0-alpha.1`, and
//!    `0.0.1-001` below `0.0.1-2`;
//! 3. a strict version beats a lenient one that reads the same
//!    (`0.3.0-alpha.1` over `0.3.0-alpha.01`): tools that follow the spec
//!    can read it;
//! 4. the higher id (the later written) wins.
//!
//! A version that is not a version at all (the line parser lets none in)
//! is passed over.

use crate::version;

/// A version as the choice sees it.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub id: i64,
    pub version: &'a str,
    pub yanked: bool,
    pub removed: bool,
}

/// Where a version ranks: the greater, the later. The fields, in order, are
/// the steps of the rule (the derived order compares them in turn).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    release: bool,
    version: semver::Version,
    strict: bool,
    id: i64,
}

/// The id of the latest version among `candidates`, or None if none is
/// current and unyanked.
pub fn latest_version<'a>(candidates: impl IntoIterator<Item = Candidate<'a>>) -> Option<i64> {
    candidates
        .into_iter()
        .filter(|candidate| !candidate.yanked && !candidate.removed)
        .filter_map(rank)
        .max()
        .map(|rank| rank.id)
}

/// The rank of one candidate, or None when its text is no version at all.
fn rank(candidate: Candidate<'_>) -> Option<Rank> {
    let parsed = version::parse(candidate.version).ok()?;
    Some(Rank {
        release: parsed.semver.pre.is_empty(),
        version: parsed.semver,
        strict: !parsed.lenient,
        id: candidate.id,
    })
}

#[cfg(test)]
mod tests {
    use super::{Candidate, latest_version};

    /// The latest of `versions`, each current and unyanked, ids counting
    /// from 1 in the order given; returned as its text.
    fn latest_of<'a>(versions: &[&'a str]) -> Option<&'a str> {
        let candidates = (1..).zip(versions).map(|(id, version)| Candidate {
            id,
            version,
            yanked: false,
            removed: false,
        });
        let id = latest_version(candidates)?;
        Some(versions[usize::try_from(id - 1).unwrap()])
    }

    #[test]
    fn the_highest_release_wins_over_any_pre_release() {
        assert_eq!(
            latest_of(&["0.9.0", "1.0.0-rc.1", "0.10.0", "2.0.0-alpha.1"]),
            Some("0.10.0")
        );
        assert_eq!(
            latest_of(&["1.0.0-rc.1", "1.0.0-rc.2", "1.0.0-beta.9"]),
            Some("1.0.0-rc.2")
        );
    }

    #[test]
    fn a_lenient_version_ranks_as_its_reading_without_leading_zeros() {
        assert_eq!(
            latest_of(&["0.3.0-alpha.0", "0.3.0-alpha.01"]),
            Some("0.3.0-alpha.01")
        );
        assert_eq!(
            latest_of(&["0.3.0-alpha.01", "0.3.0-alpha.2"]),
            Some("0.3.0-alpha.2")
        );
        // Read as text, `001` would be an alphanumeric identifier and rank
        // above every number; read as 1 it ranks below 2.
        assert_eq!(latest_of(&["0.0.1-001", "0.0.1-2"]), Some("0.0.1-2"));
        assert_eq!(latest_of(&["0.0.1-0", "0.0.1-001"]), Some("0.0.1-001"));
    }

    #[test]
    fn a_lenient_pre_release_never_beats_a_release() {
        assert_eq!(latest_of(&["1.0.0", "2.0.0-01"]), Some("1.0.0"));
        assert_eq!(latest_of(&["0.4.0-alpha.00"]), Some("0.4.0-alpha.00"));
    }

    #[test]
    fn a_strict_version_beats_a_lenient_one_that_reads_the_same() {
        assert_eq!(
            latest_of(&["0.3.0-alpha.1", "0.3.0-alpha.01"]),
            Some("0.3.0-alpha.1")
        );
        assert_eq!(
            latest_of(&["0.3.0-alpha.01", "0.3.0-alpha.1"]),
            Some("0.3.0-alpha.1")
        );
    }

    #[test]
    fn the_later_id_wins_between_versions_that_rank_the_same() {
        assert_eq!(latest_of(&["1.0.0-01", "1.0.0-001"]), Some("1.0.0-001"));
        assert_eq!(latest_of(&["1.0.0-001", "1.0.0-01"]), Some("1.0.0-01"));
    }

    #[test]
    fn yanked_removed_and_unreadable_versions_are_passed_over() {
        let candidate = |id, version, yanked, removed| Candidate {
            id,
            version,
            yanked,
            removed,
        };
        let candidates = [
            candidate(1, "0.1.0", false, false),
            candidate(2, "0.3.0", true, false),
            candidate(3, "0.2.0", false, true),
            candidate(4, "not-semver", false, false),
            candidate(5, "01.0.0", false, false),
        ];
        assert_eq!(latest_version(candidates), Some(1));
        assert_eq!(latest_version(candidates[1..].iter().copied()), None);
        assert_eq!(latest_version([]), None);
    }
}
