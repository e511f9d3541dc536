//! Where the database is when no `DATABASE_URL` names one: a local cluster
//! that keeps its data between runs, so a second `sync` is incremental and
//! the backend serves what the sync wrote.
//!
//! Run from the workspace, it is the developer cluster under `target/pg`
//! (the one `just db` starts); anywhere else, `$XDG_DATA_HOME/buildsrs/pg`
//! (`~/.local/share/buildsrs/pg`). `--database-dir` names another, and
//! `--throwaway` asks for a cluster deleted on exit instead.

use std::path::{Path, PathBuf};

use crate::Error;

/// A file only this workspace's root holds.
const WORKSPACE_MARKER: &str = "schema/0000_schema_migrations.sql";

/// The local cluster's directory: `chosen`, else the workspace's
/// `target/pg` when `from` is inside the workspace, else the XDG data
/// directory.
pub fn cluster_dir(chosen: Option<&Path>, from: &Path) -> Result<PathBuf, Error> {
    if let Some(dir) = chosen {
        return Ok(dir.to_owned());
    }
    if let Some(root) = workspace_root(from) {
        return Ok(root.join("target").join("pg"));
    }
    data_home()
        .map(|data| data.join("buildsrs").join("pg"))
        .ok_or(Error::NoClusterDir)
}

/// The nearest directory at or above `from` that is the buildsrs workspace.
fn workspace_root(from: &Path) -> Option<&Path> {
    from.ancestors()
        .find(|dir| dir.join(WORKSPACE_MARKER).is_file() && dir.join("Cargo.toml").is_file())
}

/// `$XDG_DATA_HOME`, else `$HOME/.local/share`.
fn data_home() -> Option<PathBuf> {
    let absolute = |value: std::ffi::OsString| {
        let path = PathBuf::from(value);
        path.is_absolute().then_some(path)
    };
    std::env::var_os("XDG_DATA_HOME")
        .and_then(absolute)
        .or_else(|| {
            std::env::var_os("HOME")
                .and_then(absolute)
                .map(|home| home.join(".local/share"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_directory_wins() {
        let chosen = Path::new("/srv/pg");
        assert_eq!(cluster_dir(Some(chosen), Path::new("/")).unwrap(), chosen);
    }

    #[test]
    fn inside_the_workspace_it_is_target_pg() {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = crate_dir.parent().unwrap().parent().unwrap();
        assert_eq!(
            cluster_dir(None, crate_dir).unwrap(),
            root.join("target/pg")
        );
    }

    #[test]
    fn outside_the_workspace_it_is_under_the_data_home() {
        let dir = cluster_dir(None, Path::new("/")).unwrap();
        assert!(dir.ends_with("buildsrs/pg"), "{}", dir.display());
    }
}
