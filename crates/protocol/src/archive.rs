//! The path rule of every archive buildsrs reads from someone else (a
//! `.crate` the builder unpacks, an artifact `cargo builds` installs): an
//! entry's path must stay under the directory it is unpacked into. What
//! else a reader accepts (links, directories, a top directory) is its own
//! rule; this is the part they share.

use std::path::{Component, Path, PathBuf};

/// Why an entry's path was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EntryPathError {
    #[error("entry {path:?}: an absolute path")]
    Absolute { path: String },
    #[error("entry {path:?}: a `..` component")]
    Parent { path: String },
    #[error("entry {path:?}: an empty path")]
    Empty { path: String },
}

/// The entry path `raw`, relative and without `.` or `..` components:
/// absolute paths (and Windows prefixes) and `..` anywhere are refused, so
/// the result joined to a directory stays under it (lexically; a reader
/// that writes links must also refuse writing through them).
pub fn relative_entry_path(raw: &str) -> Result<PathBuf, EntryPathError> {
    let mut clean = PathBuf::new();
    for component in Path::new(raw).components() {
        match component {
            Component::Prefix(_) | Component::RootDir => {
                return Err(EntryPathError::Absolute { path: raw.into() });
            }
            Component::ParentDir => return Err(EntryPathError::Parent { path: raw.into() }),
            Component::CurDir => {}
            Component::Normal(part) => clean.push(part),
        }
    }
    if clean.as_os_str().is_empty() {
        return Err(EntryPathError::Empty { path: raw.into() });
    }
    Ok(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_kept_without_their_dot_components() {
        assert_eq!(
            relative_entry_path("bin/hello"),
            Ok(PathBuf::from("bin/hello"))
        );
        assert_eq!(
            relative_entry_path("./bin/./hello"),
            Ok(PathBuf::from("bin/hello"))
        );
    }

    #[test]
    fn absolute_parent_and_empty_paths_are_refused() {
        assert!(matches!(
            relative_entry_path("/etc/passwd"),
            Err(EntryPathError::Absolute { .. })
        ));
        for parent in ["../evil", "bin/../../evil", "bin/.."] {
            assert!(
                matches!(
                    relative_entry_path(parent),
                    Err(EntryPathError::Parent { .. })
                ),
                "{parent}"
            );
        }
        for empty in ["", ".", "./."] {
            assert!(
                matches!(
                    relative_entry_path(empty),
                    Err(EntryPathError::Empty { .. })
                ),
                "{empty:?}"
            );
        }
    }
}
