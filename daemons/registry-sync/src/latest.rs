//! The choice of a crate's latest version: the highest semver among its
//! current, unyanked versions, a release preferred over any pre-release.

/// A version as the choice sees it.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    pub id: i64,
    pub version: &'a str,
    pub yanked: bool,
    pub removed: bool,
}

/// The id of the latest version among `candidates`, or None if none is
/// current and unyanked. Versions that are not semver are passed over.
pub fn latest_version<'a>(candidates: impl IntoIterator<Item = Candidate<'a>>) -> Option<i64> {
    candidates
        .into_iter()
        .filter(|candidate| !candidate.yanked && !candidate.removed)
        .filter_map(|candidate| {
            Some((
                semver::Version::parse(candidate.version).ok()?,
                candidate.id,
            ))
        })
        // Order by (is a release, version, id): the id breaks ties between
        // versions that differ only in build metadata.
        .max_by(|(a, a_id), (b, b_id)| {
            (a.pre.is_empty(), a, a_id).cmp(&(b.pre.is_empty(), b, b_id))
        })
        .map(|(_, id)| id)
}
