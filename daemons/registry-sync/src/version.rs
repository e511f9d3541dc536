//! What the mirror accepts as a version, and how it reads one for ranking.
//! Knows nothing of index lines, files or databases.
//!
//! Accepted:
//! - strict SemVer 2.0.0, as `semver::Version::parse` reads it (Cargo's
//!   reading since semver 1.0, which follows the spec);
//! - one leniency: numeric pre-release identifiers with leading zeros, such
//!   as `0.3.0-alpha.01`, `0.0.1-001` or `0.4.0-alpha.00`. SemVer forbids
//!   them (spec item 9, "numeric identifiers MUST NOT include leading
//!   zeroes"), but crates.io published such versions before it enforced the
//!   spec, and they stay in the index, sometimes not yanked. A lenient
//!   version is read as the strict version with those zeros dropped
//!   (`0.3.0-alpha.01` as `0.3.0-alpha.1`, `0.4.0-alpha.00` as
//!   `0.4.0-alpha.0`), which is also how it ranks.
//!
//! Refused: everything else, including other departures from the spec that
//! no registry is known to have published (leading zeros in the major, minor
//! or patch number, empty identifiers, a `v` prefix, missing or extra
//! numbers). The 2019 index holds no lenient version at all: every one of
//! its 184,437 lines is strict SemVer.
//!
//! Compiled as a child of `index_line` (which the fuzz target builds on its
//! own through `#[path]`), so it needs nothing but `semver` and std.

/// A version the mirror accepts, as it ranks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The SemVer reading: the text itself when strict, else the text with
    /// the leading zeros of its numeric pre-release identifiers dropped.
    pub semver: semver::Version,
    /// Whether the text is not strict SemVer and only the leniency reads it.
    pub lenient: bool,
}

/// Reads `text` as strict SemVer, else leniently; when neither reads it the
/// error is the strict parser's, which names what is wrong with `text`.
pub fn parse(text: &str) -> Result<Version, semver::Error> {
    let strict_error = match semver::Version::parse(text) {
        Ok(semver) => {
            return Ok(Version {
                semver,
                lenient: false,
            });
        }
        Err(error) => error,
    };
    without_leading_zeros(text)
        .and_then(|normalised| semver::Version::parse(&normalised).ok())
        .map(|semver| Version {
            semver,
            lenient: true,
        })
        .ok_or(strict_error)
}

/// `text` with the leading zeros of each all-digit pre-release identifier
/// dropped (one digit kept), or None when it has no such identifier. The
/// pre-release is what follows the first `-` before any `+`; build metadata
/// may hold leading zeros anyway and is left as it is.
fn without_leading_zeros(text: &str) -> Option<String> {
    let (head, build) = match text.split_once('+') {
        Some((head, build)) => (head, Some(build)),
        None => (text, None),
    };
    let (core, pre) = head.split_once('-')?;
    let mut changed = false;
    let identifiers: Vec<&str> = pre
        .split('.')
        .map(|identifier| {
            let trimmed = drop_leading_zeros(identifier);
            changed |= trimmed.len() != identifier.len();
            trimmed
        })
        .collect();
    if !changed {
        return None;
    }
    let mut normalised = format!("{core}-{}", identifiers.join("."));
    if let Some(build) = build {
        normalised.push('+');
        normalised.push_str(build);
    }
    Some(normalised)
}

/// A numeric identifier without its leading zeros (`007` as `7`, `00` as
/// `0`); any other identifier as it is.
fn drop_leading_zeros(identifier: &str) -> &str {
    if identifier.len() < 2 || !identifier.bytes().all(|byte| byte.is_ascii_digit()) {
        return identifier;
    }
    let trimmed = identifier.trim_start_matches('0');
    if trimmed.is_empty() {
        &identifier[identifier.len() - 1..]
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// The SemVer reading of `text` and whether it was lenient.
    fn reading(text: &str) -> (String, bool) {
        let version = parse(text).unwrap_or_else(|error| panic!("{text:?}: {error}"));
        (version.semver.to_string(), version.lenient)
    }

    #[test]
    fn strict_semver_is_accepted_as_it_is_and_not_marked_lenient() {
        for text in [
            "0.1.0",
            "1.0.0-rc.1",
            "1.0.0-alpha.0",
            "1.0.0-0a",
            "1.0.0-00a",
            "1.2.3-a-01",
            "1.0.0-01-",
            "1.0.0+001",
            "1.0.0-beta.11+build.007",
            "1.0.0-99999999999999999999999",
        ] {
            assert_eq!(reading(text), (text.to_owned(), false), "{text:?}");
        }
    }

    #[test]
    fn versions_crates_io_published_with_leading_zeros_are_accepted_as_lenient() {
        // hxgm30-client, bluetooth_client and volatile on crates.io.
        assert_eq!(reading("0.3.0-alpha.01"), ("0.3.0-alpha.1".into(), true));
        assert_eq!(reading("0.0.1-001"), ("0.0.1-1".into(), true));
        assert_eq!(reading("0.4.0-alpha.00"), ("0.4.0-alpha.0".into(), true));
    }

    #[test]
    fn every_numeric_pre_release_identifier_loses_its_leading_zeros_and_build_metadata_is_kept() {
        assert_eq!(
            reading("1.0.0-01.beta.002+build.007"),
            ("1.0.0-1.beta.2+build.007".into(), true)
        );
        assert_eq!(
            reading("1.0.0-alpha.01+b-1"),
            ("1.0.0-alpha.1+b-1".into(), true)
        );
    }

    #[test]
    fn what_is_not_a_version_is_refused_with_the_strict_parsers_reason() {
        for text in [
            "",
            "not-semver",
            "1.0",
            "1.0.0.0",
            "v1.0.0",
            " 1.0.0",
            "1.0.0-",
            "1.0.0-a..01",
            "1.0.0-alpha_01",
            "1.0.0+",
        ] {
            assert!(parse(text).is_err(), "{text:?} was accepted");
        }
        let strict = semver::Version::parse("0.3.0-alpha.01.").unwrap_err();
        let error = parse("0.3.0-alpha.01.").unwrap_err();
        assert_eq!(error.to_string(), strict.to_string());
    }

    #[test]
    fn leading_zeros_outside_the_pre_release_are_refused() {
        for text in ["01.0.0", "1.02.0", "1.0.003", "01.0.0-01"] {
            assert!(parse(text).is_err(), "{text:?} was accepted");
        }
        let error = parse("01.0.0").unwrap_err();
        assert!(error.to_string().contains("leading zero"), "{error}");
    }
}
