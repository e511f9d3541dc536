//! The record of what `cargo builds` installed in a root,
//! `.buildsrs-installs.json`: per crate its version, target, the
//! artifact's SHA-256 and every file written with its SHA-256, so that
//! uninstalling removes only those files, and only while unchanged. The
//! file is replaced atomically (a temporary file renamed over it).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use buildsrs_protocol::archive::relative_entry_path;
use buildsrs_protocol::artifact::ManifestFile;
use buildsrs_protocol::digest::Sha256Digest;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Error;
use crate::root::Root;

/// The version of the record's layout.
pub const RECORD_FORMAT: u32 = 1;

/// Everything installed in one root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub format: u32,
    /// By crate name, one install each.
    pub installs: Vec<Install>,
}

/// One installed crate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Install {
    #[serde(rename = "crate")]
    pub krate: String,
    pub version: String,
    pub target: String,
    /// The SHA-256 of the artifact it came from.
    pub sha256: String,
    /// The files written, relative to the root (`bin/<name>`).
    pub files: Vec<ManifestFile>,
}

/// What an uninstall did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Uninstalled {
    pub removed: Vec<PathBuf>,
    /// Files changed since they were installed: left in place.
    pub kept: Vec<PathBuf>,
}

impl Default for Record {
    fn default() -> Self {
        Self {
            format: RECORD_FORMAT,
            installs: Vec::new(),
        }
    }
}

impl Record {
    /// The record of `root`; empty when there is none yet.
    pub fn load(root: &Root) -> Result<Self, Error> {
        let path = root.record();
        match fs::read(&path) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes).map_err(|source| Error::BadRecord { path, source })
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Self::default()),
            Err(error) => Err(Error::io(path)(error)),
        }
    }

    /// Writes the record into `root`, replacing the old one atomically.
    pub fn save(&self, root: &Root) -> Result<(), Error> {
        let path = root.record();
        let json = serde_json::to_vec_pretty(self).expect("a record serialises");
        let mut temporary =
            tempfile::NamedTempFile::new_in(root.path()).map_err(Error::io(root.path()))?;
        temporary
            .write_all(&json)
            .map_err(Error::io(temporary.path()))?;
        temporary
            .as_file()
            .sync_all()
            .map_err(Error::io(temporary.path()))?;
        temporary
            .persist(&path)
            .map_err(|error| Error::io(&path)(error.error))?;
        Ok(())
    }

    /// The install of `krate`, if any.
    pub fn get(&self, krate: &str) -> Option<&Install> {
        self.installs.iter().find(|install| install.krate == krate)
    }

    /// The crate whose install wrote `path` (relative to the root).
    pub fn owner_of(&self, path: &str) -> Option<&str> {
        self.installs
            .iter()
            .find(|install| install.files.iter().any(|file| file.path == path))
            .map(|install| install.krate.as_str())
    }

    /// Records `install`, replacing any earlier install of its crate;
    /// answers the earlier one. Files it wrote are no longer another
    /// install's (a forced install took them over).
    pub fn put(&mut self, install: Install) -> Option<Install> {
        let earlier = self.take(&install.krate);
        for other in &mut self.installs {
            other
                .files
                .retain(|file| !install.files.iter().any(|new| new.path == file.path));
        }
        self.installs.push(install);
        self.installs.sort_by(|a, b| a.krate.cmp(&b.krate));
        earlier
    }

    /// Removes the install of `krate` from the record and answers it.
    pub fn take(&mut self, krate: &str) -> Option<Install> {
        let index = self.installs.iter().position(|i| i.krate == krate)?;
        Some(self.installs.remove(index))
    }
}

/// Removes the files of `install` under `root` that are still as
/// installed; changed ones are kept, missing ones skipped. `except` names
/// paths to leave alone (those a new install of the crate just wrote).
pub fn remove_files(
    root: &Root,
    install: &Install,
    except: &[String],
) -> Result<Uninstalled, Error> {
    let mut done = Uninstalled::default();
    for file in install
        .files
        .iter()
        .filter(|file| !except.contains(&file.path))
    {
        let Ok(relative) = relative_entry_path(&file.path) else {
            continue;
        };
        let path = root.path().join(relative);
        match unchanged(&path, &file.sha256) {
            Ok(true) => {
                fs::remove_file(&path).map_err(Error::io(&path))?;
                done.removed.push(path);
            }
            Ok(false) => done.kept.push(path),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(Error::io(&path)(error)),
        }
    }
    Ok(done)
}

/// Whether the file at `path` is a regular file with the SHA-256 `sha256`.
fn unchanged(path: &Path, sha256: &str) -> io::Result<bool> {
    if !fs::symlink_metadata(path)?.is_file() {
        return Ok(false);
    }
    Ok(Sha256Digest::from_hex(sha256) == Some(hash_file(path)?))
}

/// The SHA-256 of a file, read in pieces.
pub fn hash_file(path: &Path) -> io::Result<Sha256Digest> {
    let mut hasher = Sha256::new();
    io::copy(&mut fs::File::open(path)?, &mut hasher)?;
    Ok(Sha256Digest(hasher.finalize().into()))
}
