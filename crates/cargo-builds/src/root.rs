//! Where installs go: `--root DIR` (or `CARGO_INSTALL_ROOT`), else
//! `$CARGO_HOME`, else `$HOME/.cargo`, as `cargo install` decides. Binaries
//! land in its `bin/`, the record of what was installed beside it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::Error;

/// The record's file name in the root.
pub const RECORD_FILE: &str = ".buildsrs-installs.json";

/// An install root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root(PathBuf);

impl Root {
    /// The root given, else `cargo_home`, else `home`/.cargo.
    pub fn choose(
        given: Option<PathBuf>,
        cargo_home: Option<OsString>,
        home: Option<OsString>,
    ) -> Result<Self, Error> {
        let chosen = given
            .or_else(|| cargo_home.filter(|dir| !dir.is_empty()).map(PathBuf::from))
            .or_else(|| {
                home.filter(|dir| !dir.is_empty())
                    .map(|home| PathBuf::from(home).join(".cargo"))
            })
            .ok_or(Error::NoRoot)?;
        Ok(Self(chosen))
    }

    /// The root chosen from this process's environment.
    pub fn from_env(given: Option<PathBuf>) -> Result<Self, Error> {
        Self::choose(
            given,
            std::env::var_os("CARGO_HOME"),
            std::env::var_os("HOME"),
        )
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// `<root>/bin`, where binaries go.
    pub fn bin(&self) -> PathBuf {
        self.0.join("bin")
    }

    /// `<root>/.buildsrs-installs.json`.
    pub fn record(&self) -> PathBuf {
        self.0.join(RECORD_FILE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_the_given_one_then_cargo_home_then_home_dot_cargo() {
        let root = |given: Option<&str>, cargo_home: Option<&str>, home: Option<&str>| {
            Root::choose(
                given.map(PathBuf::from),
                cargo_home.map(OsString::from),
                home.map(OsString::from),
            )
            .map(|root| root.path().to_owned())
        };
        assert_eq!(
            root(Some("/r"), Some("/c"), Some("/h")).unwrap(),
            Path::new("/r")
        );
        assert_eq!(root(None, Some("/c"), Some("/h")).unwrap(), Path::new("/c"));
        assert_eq!(
            root(None, Some(""), Some("/h")).unwrap(),
            Path::new("/h/.cargo")
        );
        assert!(matches!(root(None, None, None), Err(Error::NoRoot)));
    }
}
