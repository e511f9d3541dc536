//! The git index source: resolving the commit to sync, listing the crate
//! files that differ from the last synced commit (all of them on a first
//! pass), and reading them in batches on a blocking thread.
//!
//! A remote index (a URL, or a git bundle file) is mirrored with the `git`
//! command into a local bare repository first; everything else reads the
//! repository with gix.
//! Knows nothing of the database.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use buildsrs_report::Report;
use gix::ObjectId;
use gix::bstr::ByteSlice;
use indicatif::ProgressBar;
use tokio::sync::mpsc;

use crate::crate_file::{CrateFile, file_from_path};
use crate::reconcile::{Batch, FileChange};
use crate::{BatchLimits, Error};

/// A git index to sync from.
#[derive(Clone, Debug)]
pub struct GitSource {
    /// A local repository path, or a URL that `git` can clone.
    pub location: String,
    /// The commit to sync (any rev-parse spec); the default is HEAD.
    pub rev: Option<String>,
    /// Where remote indexes are mirrored.
    pub mirror_dir: PathBuf,
}

/// The crate files one pass must read.
#[derive(Debug)]
pub struct GitPlan {
    /// The commit the pass syncs, in full hex.
    pub commit: String,
    /// The commit the mirror was at, when the pass diffs from it.
    pub from_commit: Option<String>,
    /// Each changed crate file with its new blob, or None when it is gone.
    pub files: Vec<(String, Option<ObjectId>)>,
}

impl GitSource {
    /// Whether the location must be mirrored before it is read: a remote URL,
    /// or a git bundle file (which `git clone` and `git fetch` read like a
    /// remote), rather than a local repository.
    pub fn is_remote(&self) -> bool {
        let location = self.location.as_str();
        location.contains("://") && !location.starts_with("file://")
            || (!Path::new(location).exists() && location.contains(':') && location.contains('@'))
            || Path::new(location).is_file()
    }

    /// The local repository to read: the path itself, or an up-to-date
    /// mirror of the URL.
    pub async fn local_repository(&self) -> Result<PathBuf, Error> {
        if !self.is_remote() {
            let path = self
                .location
                .strip_prefix("file://")
                .unwrap_or(&self.location);
            return Ok(PathBuf::from(path));
        }
        let mirror = self.mirror_dir.join(mirror_name(&self.location));
        let fetch_error = |message: String| Error::GitFetch {
            url: self.location.clone(),
            mirror: mirror.clone(),
            message,
        };
        std::fs::create_dir_all(&self.mirror_dir)
            .map_err(|error| fetch_error(Report(&error).to_string()))?;
        let mut command = tokio::process::Command::new("git");
        if mirror.join("HEAD").exists() {
            // Forced, so a squashed and rewritten index is followed too.
            command
                .arg("--git-dir")
                .arg(&mirror)
                .args(["fetch", "--quiet", "--prune", "--force", "origin"]);
        } else {
            command
                .args(["clone", "--quiet", "--mirror", &self.location])
                .arg(&mirror);
        }
        tracing::info!(url = %self.location, mirror = %mirror.display(), "fetching the git index");
        let output = command
            .kill_on_drop(true)
            .output()
            .await
            .map_err(|error| fetch_error(format!("could not run git: {error}")))?;
        if !output.status.success() {
            return Err(fetch_error(
                String::from_utf8_lossy(&output.stderr).trim().to_owned(),
            ));
        }
        Ok(mirror)
    }
}

/// A directory name for the mirror of `url`.
fn mirror_name(url: &str) -> String {
    let name: String = url
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}.git", name.trim_matches('_'))
}

/// Resolves the commit to sync and lists the crate files that differ from
/// `from_commit` (every file when it is None or no longer in the repository,
/// as after the index was squashed).
pub fn plan(
    repository: &Path,
    location: &str,
    rev: Option<&str>,
    from_commit: Option<&str>,
) -> Result<GitPlan, Error> {
    let repo = open(repository, location)?;
    let rev = rev.unwrap_or("HEAD");
    let commit = repo
        .rev_parse_single(rev)
        .map_err(|error| unknown_rev(location, rev, error))?
        .object()
        .map_err(|error| unknown_rev(location, rev, error))?
        .peel_to_commit()
        .map_err(|error| unknown_rev(location, rev, error))?;
    let commit_id = commit.id;
    let tree = commit
        .tree_id()
        .map_err(|error| Error::git(location, error))?
        .detach();
    let from = from_commit.and_then(|from| {
        let id = ObjectId::from_hex(from.as_bytes()).ok()?;
        if id == commit_id {
            return Some((id, None));
        }
        match repo.find_object(id).ok().and_then(|object| object.peel_to_commit().ok()) {
            Some(old) => Some((id, old.tree_id().ok().map(|tree| tree.detach()))),
            None => {
                tracing::warn!(%location, commit = from, "the last synced commit is gone from the index: full pass");
                None
            }
        }
    });
    let mut files = Vec::new();
    let from_commit = match from {
        // Same commit: nothing to read.
        Some((id, None)) => Some(id.to_string()),
        Some((id, Some(old_tree))) => {
            diff_trees(&repo, location, Some(old_tree), Some(tree), "", &mut files)?;
            Some(id.to_string())
        }
        None => {
            diff_trees(&repo, location, None, Some(tree), "", &mut files)?;
            None
        }
    };
    Ok(GitPlan {
        commit: commit_id.to_string(),
        from_commit,
        files,
    })
}

fn open(repository: &Path, location: &str) -> Result<gix::Repository, Error> {
    let mut repo = gix::open(repository).map_err(|error| Error::git(location, error))?;
    // Blobs are read once each; a small cache serves the trees above them.
    repo.object_cache_size_if_unset(4 << 20);
    Ok(repo)
}

fn unknown_rev(location: &str, rev: &str, error: impl std::fmt::Display) -> Error {
    Error::UnknownRevision {
        location: location.to_owned(),
        rev: rev.to_owned(),
        message: error.to_string(),
    }
}

/// A tree entry: is it a tree, and its object.
type Entries = BTreeMap<Vec<u8>, (bool, ObjectId)>;

fn tree_entries(
    repo: &gix::Repository,
    location: &str,
    tree: Option<ObjectId>,
) -> Result<Entries, Error> {
    let Some(tree) = tree else {
        return Ok(Entries::new());
    };
    let object = repo
        .find_object(tree)
        .map_err(|error| Error::git(location, error))?;
    let tree = object
        .try_into_tree()
        .map_err(|error| Error::git(location, error))?;
    let decoded = tree.decode().map_err(|error| Error::git(location, error))?;
    Ok(decoded
        .entries
        .iter()
        .filter(|entry| entry.mode.is_tree() || entry.mode.is_blob())
        .map(|entry| {
            (
                entry.filename.to_vec(),
                (entry.mode.is_tree(), entry.oid.to_owned()),
            )
        })
        .collect())
}

/// Appends every crate file that differs between two trees. Subtrees with
/// the same id are skipped unread, so a diff costs what changed.
fn diff_trees(
    repo: &gix::Repository,
    location: &str,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: &str,
    out: &mut Vec<(String, Option<ObjectId>)>,
) -> Result<(), Error> {
    let old = tree_entries(repo, location, old)?;
    let new = tree_entries(repo, location, new)?;
    let mut names: Vec<&Vec<u8>> = old.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let Ok(name_text) = name.to_str() else {
            continue;
        };
        // Dot-directories (.github) and such are not part of the index.
        if name_text.starts_with('.') {
            continue;
        }
        let path = format!("{prefix}{name_text}");
        let before = old.get(name).copied();
        let after = new.get(name).copied();
        if before == after {
            continue;
        }
        let old_tree = before.filter(|(is_tree, _)| *is_tree).map(|(_, id)| id);
        let new_tree = after.filter(|(is_tree, _)| *is_tree).map(|(_, id)| id);
        if old_tree.is_some() || new_tree.is_some() {
            diff_trees(repo, location, old_tree, new_tree, &format!("{path}/"), out)?;
        }
        let old_blob = before.filter(|(is_tree, _)| !*is_tree).map(|(_, id)| id);
        let new_blob = after.filter(|(is_tree, _)| !*is_tree).map(|(_, id)| id);
        if old_blob != new_blob
            && let Some(file) = file_from_path(&path)
        {
            out.push((file.to_owned(), new_blob));
        }
    }
    Ok(())
}

/// Reads the planned files in order, parses them, and sends them in batches.
/// The first batches are smaller (an eighth of the limits, doubling up to
/// them) so that writing starts while the rest is still being read. Stops
/// quietly when the receiver is gone (the pass ended early).
pub fn read_batches(
    repository: &Path,
    location: &str,
    files: Vec<(String, Option<ObjectId>)>,
    limits: BatchLimits,
    sender: mpsc::Sender<Batch>,
    progress: Option<ProgressBar>,
) -> Result<(), Error> {
    let repo = open(repository, location)?;
    let mut batch = Batch::default();
    let mut entries = 0;
    let mut ramp = 8;
    for (file, blob) in files {
        let content = match blob {
            None => None,
            Some(blob) => {
                let object = repo
                    .find_object(blob)
                    .map_err(|error| Error::git(location, error))?;
                Some(CrateFile::parse(&file, &object.data))
            }
        };
        entries += content.as_ref().map_or(1, |content| content.entries.len());
        batch.changes.push(FileChange { file, content });
        if batch.changes.len() >= limits.files / ramp || entries >= limits.entries / ramp {
            ramp = (ramp / 2).max(1);
            if let Some(progress) = &progress {
                progress.inc(batch.changes.len() as u64);
            }
            if sender.blocking_send(std::mem::take(&mut batch)).is_err() {
                return Ok(());
            }
            entries = 0;
        }
    }
    if !batch.changes.is_empty() {
        if let Some(progress) = &progress {
            progress.inc(batch.changes.len() as u64);
        }
        let _ = sender.blocking_send(batch);
    }
    Ok(())
}
