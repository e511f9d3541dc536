//! One line of a crate file: parsed and validated on its own, so a bad line
//! rejects that entry and nothing else. Knows nothing of files or databases.

// What counts as a version has a file of its own, `version.rs` beside this
// one, compiled as this module's child: the fuzz target compiles this file
// alone (through `#[path]`) and so gets it too. lib.rs re-exports it as
// `crate::version`.
#[path = "version.rs"]
pub mod version;

use std::borrow::Cow;

use serde::Deserialize;

/// Lines longer than this are refused unread: no real entry comes near it,
/// and a runaway line must not cost unbounded memory or time.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The longest version the database stores (crate_versions CHECK).
const MAX_VERSION_CHARS: usize = 256;

/// A valid index entry: the fields the mirror keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexEntry {
    /// The crate name as this line spells it.
    pub name: String,
    /// The version as the line spells it: strict SemVer, or lenient (see
    /// [`version`]).
    pub version: String,
    /// Whether the version is only lenient-valid (not strict SemVer).
    pub semver_lenient: bool,
    /// SHA-256 of the .crate file.
    pub checksum: [u8; 32],
    pub yanked: bool,
    /// 1-based line number in the crate file (of the line that won).
    pub line_number: u32,
}

/// Why one line was refused, with the version when it could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// 1-based line number in the crate file.
    pub line_number: u32,
    /// The version the line names, if it could be read at all.
    pub version: Option<String>,
    pub reason: String,
}

/// Only the fields the mirror needs; serde skips the rest (dependencies,
/// features) without allocating.
#[derive(Deserialize)]
struct RawEntry<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    vers: Cow<'a, str>,
    #[serde(borrow)]
    cksum: Cow<'a, str>,
    #[serde(default)]
    yanked: Option<bool>,
}

/// Whether `name` is a crate name the database accepts
/// (`^[A-Za-z0-9_-]{1,64}$`).
pub fn is_valid_crate_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Parses one line of the crate file named `file` (the lowercase crate name).
pub fn parse_line(file: &str, line_number: u32, line: &[u8]) -> Result<IndexEntry, Rejection> {
    let reject = |version: Option<&str>, reason: String| Rejection {
        line_number,
        version: version.map(str::to_owned),
        reason,
    };
    if line.len() > MAX_LINE_BYTES {
        return Err(reject(
            None,
            format!(
                "line is {} bytes, longer than the {MAX_LINE_BYTES}-byte limit",
                line.len()
            ),
        ));
    }
    let raw: RawEntry<'_> = serde_json::from_slice(line)
        .map_err(|error| reject(None, format!("invalid JSON: {error}")))?;
    let version = raw.vers.as_ref();
    if let Some(problem) = name_problem(&raw.name, file) {
        return Err(reject(Some(version), problem));
    }
    if version.chars().count() > MAX_VERSION_CHARS {
        return Err(reject(
            None,
            format!("version is longer than {MAX_VERSION_CHARS} characters"),
        ));
    }
    let semver_lenient = match version::parse(version) {
        Ok(parsed) => parsed.lenient,
        Err(error) => {
            return Err(reject(
                Some(version),
                format!("version {version:?} is not semver: {error}"),
            ));
        }
    };
    let checksum = parse_checksum(&raw.cksum).ok_or_else(|| {
        reject(
            Some(version),
            format!(
                "checksum {:?} is not 64 hexadecimal characters",
                truncate(&raw.cksum, 80)
            ),
        )
    })?;
    Ok(IndexEntry {
        name: raw.name.into_owned(),
        version: raw.vers.into_owned(),
        semver_lenient,
        checksum,
        yanked: raw.yanked.unwrap_or(false),
        line_number,
    })
}

/// Why an entry naming crate `name` does not belong in `file`, if it does not.
fn name_problem(name: &str, file: &str) -> Option<String> {
    if !name.eq_ignore_ascii_case(file) {
        return Some(format!(
            "entry names crate {name:?}, but its file is {file:?}"
        ));
    }
    if !is_valid_crate_name(name) {
        return Some(format!("{name:?} is not a valid crate name"));
    }
    None
}

/// 64 hex characters as 32 bytes.
fn parse_checksum(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut checksum = [0u8; 32];
    hex::decode_to_slice(text, &mut checksum).ok()?;
    Some(checksum)
}

/// At most `limit` bytes of `text`, cut at a character boundary.
fn truncate(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::{MAX_VERSION_CHARS, parse_line};

    /// A line of crate `x` listing `version`.
    fn line(version: &str) -> String {
        format!(
            r#"{{"name":"x","vers":"{version}","deps":[],"cksum":"{}","features":{{}}}}"#,
            "a".repeat(64)
        )
    }

    #[test]
    fn a_strict_version_is_accepted_unmarked_and_a_lenient_one_marked() {
        let strict = parse_line("x", 1, line("0.3.0-alpha.1").as_bytes()).unwrap();
        assert!(!strict.semver_lenient);
        let lenient = parse_line("x", 2, line("0.3.0-alpha.01").as_bytes()).unwrap();
        assert_eq!(lenient.version, "0.3.0-alpha.01");
        assert!(lenient.semver_lenient);
    }

    #[test]
    fn a_line_whose_version_is_no_version_is_refused_with_its_version() {
        for version in ["not-semver", "", "01.0.0", "1.0.0-alpha_01"] {
            let rejection = parse_line("x", 3, line(version).as_bytes()).unwrap_err();
            assert_eq!(rejection.version.as_deref(), Some(version));
            assert!(
                rejection.reason.contains("is not semver"),
                "{}",
                rejection.reason
            );
        }
    }

    #[test]
    fn an_over_long_version_is_refused_even_when_lenient() {
        let version = format!("1.0.0-{}", "0".repeat(MAX_VERSION_CHARS));
        let rejection = parse_line("x", 1, line(&version).as_bytes()).unwrap_err();
        assert_eq!(rejection.version, None);
        assert!(
            rejection.reason.contains("longer than"),
            "{}",
            rejection.reason
        );
    }
}
