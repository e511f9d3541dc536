//! What the user typed: `<crate>[@<version>]`, and the arguments as cargo
//! passes them to a subcommand.

use std::ffi::OsString;
use std::fmt;

use crate::Error;

/// A crate, and the version asked for if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateSpec {
    pub name: String,
    pub version: Option<String>,
}

impl CrateSpec {
    /// Parses `name` or `name@version`; both parts must be non-empty and
    /// free of spaces and slashes.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let (name, version) = match text.split_once('@') {
            Some((name, version)) => (name, Some(version)),
            None => (text, None),
        };
        let valid = |part: &str| !part.is_empty() && !part.contains(['/', ' ', '@', '\\']);
        if !valid(name) || version.is_some_and(|version| !valid(version)) {
            return Err(Error::BadSpec { spec: text.into() });
        }
        Ok(Self {
            name: name.into(),
            version: version.map(str::to_owned),
        })
    }
}

impl fmt::Display for CrateSpec {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.version {
            Some(version) => write!(formatter, "{}@{version}", self.name),
            None => formatter.write_str(&self.name),
        }
    }
}

/// The arguments without the `builds` that cargo inserts when it runs
/// `cargo-builds` for `cargo builds …`, so both spellings parse alike.
pub fn cargo_args(mut args: Vec<OsString>) -> Vec<OsString> {
    if args.get(1).is_some_and(|first| first == "builds") {
        args.remove(1);
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_is_a_name_with_an_optional_version() {
        assert_eq!(
            CrateSpec::parse("ripgrep").unwrap(),
            CrateSpec {
                name: "ripgrep".into(),
                version: None
            }
        );
        let pinned = CrateSpec::parse("ripgrep@14.1.0").unwrap();
        assert_eq!(pinned.version.as_deref(), Some("14.1.0"));
        assert_eq!(pinned.to_string(), "ripgrep@14.1.0");
    }

    #[test]
    fn empty_parts_and_path_characters_are_refused() {
        for bad in ["", "@1.0.0", "ripgrep@", "a/b", "a@1@2", "a b", "..\\x"] {
            assert!(
                matches!(CrateSpec::parse(bad), Err(Error::BadSpec { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_builds_argument_cargo_inserts_is_dropped() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            cargo_args(args(&["cargo-builds", "builds", "list"])),
            args(&["cargo-builds", "list"])
        );
        assert_eq!(
            cargo_args(args(&["cargo-builds", "list"])),
            args(&["cargo-builds", "list"])
        );
    }
}
