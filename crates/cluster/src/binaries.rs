//! Finding the installed PostgreSQL server binaries (`initdb`, `pg_ctl`).
//!
//! Knows nothing about running them: see `cluster.rs`.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Error;

/// How to install the server binaries, shown when none are found.
pub const INSTALL_HINT: &str = "install the PostgreSQL server binaries \
    (Debian/Ubuntu: `apt-get install postgresql`; Fedora: `dnf install postgresql-server`; \
    macOS: `brew install postgresql`; nix: `nix develop`), or point PG_BIN at the directory \
    holding initdb and pg_ctl, or set DATABASE_URL to use an existing server";

/// The directory holding the server binaries of one PostgreSQL installation.
#[derive(Clone, Debug)]
pub struct Binaries {
    dir: PathBuf,
}

impl Binaries {
    /// Finds the server binaries: `$PG_BIN`, then `pg_config --bindir`, then the
    /// newest `/usr/lib/postgresql/*/bin` (Debian keeps them off `PATH`), then `PATH`.
    pub fn find() -> Result<Self, Error> {
        let candidates = env::var_os("PG_BIN")
            .map(PathBuf::from)
            .into_iter()
            .chain(pg_config_bindir())
            .chain(debian_bindirs())
            .chain(
                env::var_os("PATH")
                    .into_iter()
                    .flat_map(|path| env::split_paths(&path).collect::<Vec<_>>()),
            );
        for dir in candidates {
            if is_server_bindir(&dir) {
                return Ok(Self { dir });
            }
        }
        Err(Error::BinariesNotFound)
    }

    /// The path of one binary of this installation.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The directory the binaries live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

fn is_server_bindir(dir: &Path) -> bool {
    dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() && dir.join("postgres").is_file()
}

fn pg_config_bindir() -> Option<PathBuf> {
    let output = Command::new("pg_config").arg("--bindir").output().ok()?;
    if !output.status.success() {
        return None;
    }
    let dir = String::from_utf8(output.stdout).ok()?;
    Some(PathBuf::from(dir.trim()))
}

/// `/usr/lib/postgresql/<major>/bin`, newest major first.
fn debian_bindirs() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") else {
        return Vec::new();
    };
    let mut versions: Vec<(u32, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let major = entry.file_name().to_str()?.parse().ok()?;
            Some((major, entry.path().join("bin")))
        })
        .collect();
    versions.sort_by_key(|(major, _)| std::cmp::Reverse(*major));
    versions.into_iter().map(|(_, dir)| dir).collect()
}
