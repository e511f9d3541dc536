//! Safe unpacking of a `.crate` file (a gzip-compressed tar archive, as made
//! by `cargo package`) into a job's directory.
//!
//! A crate comes from the registry, but its bytes are the uploader's: the
//! archive is treated as hostile. Every entry must lie under the one top
//! directory `<name>-<version>/`; absolute paths, `..`, symbolic links that
//! point out of that directory, hard links to anything but a file already
//! unpacked, device files and fifos are refused, and so is writing through a
//! link. The number of entries and the unpacked size are capped, and so is
//! the decompressed stream itself (headers included), so a gzip bomb stops
//! early. Nothing here runs anything: this module only writes files.

use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use buildsrs_protocol::archive::{EntryPathError, relative_entry_path};
use flate2::read::GzDecoder;
use tar::EntryType;

/// How much one crate may unpack to.
#[derive(Clone, Copy, Debug)]
pub struct UnpackLimits {
    /// The sum of the sizes of all files.
    pub max_bytes: u64,
    /// Entries of any kind (files, directories, links).
    pub max_entries: u64,
}

impl Default for UnpackLimits {
    fn default() -> Self {
        Self {
            max_bytes: 512 << 20,
            max_entries: 50_000,
        }
    }
}

/// What was unpacked.
#[derive(Clone, Debug)]
pub struct Unpacked {
    /// `<destination>/<name>-<version>`: the package's root.
    pub root: PathBuf,
    /// Entries written (files, directories and links).
    pub entries: u64,
    /// Bytes of file content written.
    pub bytes: u64,
}

/// Why an archive was refused or could not be unpacked.
#[derive(Debug, thiserror::Error)]
pub enum UnpackError {
    #[error("reading the archive {archive}: {source}")]
    Read {
        archive: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("entry {path:?}: an absolute path")]
    AbsolutePath { path: String },
    #[error("entry {path:?}: a `..` component")]
    ParentComponent { path: String },
    #[error("entry {path:?} is not under the package directory {top:?}")]
    OutsidePackage { path: String, top: String },
    #[error("entry {path:?}: a symbolic link to {target:?}, which leaves the package directory")]
    EscapingSymlink { path: String, target: String },
    #[error("entry {path:?}: a hard link to {target:?}, which is not a file unpacked before it")]
    BadHardLink { path: String, target: String },
    #[error("entry {path:?}: {kind} entries are refused")]
    SpecialEntry { path: String, kind: String },
    #[error("entry {path:?} would be written through the symbolic link or file {through:?}")]
    ThroughLink { path: String, through: String },
    #[error("entry {path:?} appears twice")]
    Duplicate { path: String },
    #[error("the archive has no package directory {top:?}")]
    MissingPackageDirectory { top: String },
    #[error("the archive has more than {limit} entries")]
    TooManyEntries { limit: u64 },
    #[error("the archive unpacks to more than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("writing {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Unpacks `archive` into `destination` (which must exist and should be
/// empty) and returns the package root `<destination>/<top>`, where `top`
/// is `<name>-<version>`. Blocking: call it on a blocking thread.
pub fn unpack_crate(
    archive: &Path,
    destination: &Path,
    top: &str,
    limits: UnpackLimits,
) -> Result<Unpacked, UnpackError> {
    let read_error = |source| UnpackError::Read {
        archive: archive.to_owned(),
        source,
    };
    let file = fs::File::open(archive).map_err(read_error)?;
    let exceeded = Arc::new(AtomicBool::new(false));
    let capped = CappedReader {
        inner: GzDecoder::new(io::BufReader::new(file)),
        remaining: stream_limit(limits),
        exceeded: Arc::clone(&exceeded),
    };
    let mut tar = tar::Archive::new(capped);
    let mut unpacker = Unpacker {
        destination,
        top,
        limits,
        entries: 0,
        bytes: 0,
    };
    let result = (|| {
        for entry in tar.entries().map_err(read_error)? {
            let entry = entry.map_err(read_error)?;
            unpacker.entry(entry, archive)?;
        }
        Ok(())
    })();
    match result {
        Err(_) if exceeded.load(Ordering::Relaxed) => {
            return Err(UnpackError::TooLarge {
                limit: limits.max_bytes,
            });
        }
        Err(UnpackError::Read { source, .. }) if is_cap(&source) => {
            return Err(UnpackError::TooLarge {
                limit: limits.max_bytes,
            });
        }
        other => other?,
    }
    let root = destination.join(top);
    if !fs::symlink_metadata(&root).is_ok_and(|meta| meta.is_dir()) {
        return Err(UnpackError::MissingPackageDirectory {
            top: top.to_owned(),
        });
    }
    Ok(Unpacked {
        root,
        entries: unpacker.entries,
        bytes: unpacker.bytes,
    })
}

/// How many decompressed bytes the archive may have in all. Headers (and
/// PAX or GNU long-name records) take room too: they get a generous share on
/// top of the content, but never an unbounded one.
fn stream_limit(limits: UnpackLimits) -> u64 {
    limits
        .max_bytes
        .saturating_add(limits.max_entries.saturating_mul(4 * 512))
        .saturating_add(1 << 20)
}

/// The state of one unpacking: where, the limits, and what was written.
struct Unpacker<'a> {
    destination: &'a Path,
    top: &'a str,
    limits: UnpackLimits,
    entries: u64,
    bytes: u64,
}

impl Unpacker<'_> {
    fn entry<R: Read>(
        &mut self,
        mut entry: tar::Entry<'_, R>,
        archive: &Path,
    ) -> Result<(), UnpackError> {
        let kind = entry.header().entry_type();
        // A global PAX header describes the archive, not a file.
        if kind == EntryType::XGlobalHeader {
            return Ok(());
        }
        self.entries += 1;
        if self.entries > self.limits.max_entries {
            return Err(UnpackError::TooManyEntries {
                limit: self.limits.max_entries,
            });
        }
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let relative = self.checked_path(&raw)?;
        match kind {
            EntryType::Directory => self.directory(&relative, raw),
            EntryType::Regular | EntryType::Continuous => {
                self.regular_file(&mut entry, &relative, raw, archive)
            }
            EntryType::Symlink => self.symlink(&entry, &relative, raw),
            EntryType::Link => self.hard_link(&entry, &relative, raw),
            EntryType::Char => Err(special(raw, "character device")),
            EntryType::Block => Err(special(raw, "block device")),
            EntryType::Fifo => Err(special(raw, "fifo")),
            other => Err(special(raw, &format!("{other:?}"))),
        }
    }

    fn directory(&self, relative: &Path, raw: String) -> Result<(), UnpackError> {
        self.make_parents(relative, &raw)?;
        let target = self.destination.join(relative);
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() => Ok(()),
            Ok(_) => Err(UnpackError::Duplicate { path: raw }),
            Err(_) => fs::create_dir(&target).map_err(|source| UnpackError::Write {
                path: target.clone(),
                source,
            }),
        }
    }

    fn regular_file<R: Read>(
        &mut self,
        entry: &mut tar::Entry<'_, R>,
        relative: &Path,
        raw: String,
        archive: &Path,
    ) -> Result<(), UnpackError> {
        let size = entry.header().size().map_err(|source| UnpackError::Read {
            archive: archive.to_owned(),
            source,
        })?;
        self.reserve(size)?;
        self.make_parents(relative, &raw)?;
        let target = self.destination.join(relative);
        let mode = entry.header().mode().unwrap_or(0o644);
        let mut file = create_new(&target, mode, &raw)?;
        // The entry reads at most its header's size.
        let written = io::copy(entry, &mut file).map_err(|source| {
            if is_cap(&source) {
                UnpackError::TooLarge {
                    limit: self.limits.max_bytes,
                }
            } else {
                UnpackError::Write {
                    path: target.clone(),
                    source,
                }
            }
        })?;
        // The header's size was reserved; a short entry gives back the rest.
        self.bytes -= size - written;
        Ok(())
    }

    fn symlink<R: Read>(
        &self,
        entry: &tar::Entry<'_, R>,
        relative: &Path,
        raw: String,
    ) -> Result<(), UnpackError> {
        let link = link_name(entry, &raw)?;
        if !symlink_stays_inside(relative, Path::new(&link), self.top) {
            return Err(UnpackError::EscapingSymlink {
                path: raw,
                target: link,
            });
        }
        self.make_parents(relative, &raw)?;
        let target = self.destination.join(relative);
        std::os::unix::fs::symlink(&link, &target).map_err(|source| {
            if source.kind() == io::ErrorKind::AlreadyExists {
                UnpackError::Duplicate { path: raw.clone() }
            } else {
                UnpackError::Write {
                    path: target.clone(),
                    source,
                }
            }
        })
    }

    fn hard_link<R: Read>(
        &mut self,
        entry: &tar::Entry<'_, R>,
        relative: &Path,
        raw: String,
    ) -> Result<(), UnpackError> {
        let link = link_name(entry, &raw)?;
        let bad = || UnpackError::BadHardLink {
            path: raw.clone(),
            target: link.clone(),
        };
        let source_relative = self.checked_path(&link)?;
        self.walk_parents(&source_relative, &raw, false)
            .map_err(|_| bad())?;
        let source = self.destination.join(&source_relative);
        let meta = fs::symlink_metadata(&source).map_err(|_| bad())?;
        if !meta.is_file() {
            return Err(bad());
        }
        self.reserve(meta.len())?;
        self.make_parents(relative, &raw)?;
        // A copy, not a link: the unpacked tree then holds only
        // independent files, whatever the archive linked.
        let target = self.destination.join(relative);
        let mut from = fs::File::open(&source).map_err(|_| bad())?;
        let mut to = create_new(&target, meta.permissions().mode(), &raw)?;
        io::copy(&mut from, &mut to).map_err(|source| UnpackError::Write {
            path: target.clone(),
            source,
        })?;
        Ok(())
    }

    /// The entry's path, relative to the destination, checked: relative,
    /// without `..`, under the package directory.
    fn checked_path(&self, raw: &str) -> Result<PathBuf, UnpackError> {
        let outside = || UnpackError::OutsidePackage {
            path: raw.to_owned(),
            top: self.top.to_owned(),
        };
        let clean = relative_entry_path(raw).map_err(|error| match error {
            EntryPathError::Absolute { path } => UnpackError::AbsolutePath { path },
            EntryPathError::Parent { path } => UnpackError::ParentComponent { path },
            EntryPathError::Empty { .. } => outside(),
        })?;
        if clean.components().next() != Some(Component::Normal(self.top.as_ref())) {
            return Err(outside());
        }
        Ok(clean)
    }

    /// Creates the directories above `relative`, refusing to pass through
    /// anything that is not a real directory (a symlink unpacked earlier).
    fn make_parents(&self, relative: &Path, raw: &str) -> Result<(), UnpackError> {
        self.walk_parents(relative, raw, true)
    }

    /// Walks the directories above `relative`, refusing anything that is
    /// not a real directory; one that is missing is created when `create`,
    /// else the walk ends there (nothing below it exists either).
    fn walk_parents(&self, relative: &Path, raw: &str, create: bool) -> Result<(), UnpackError> {
        let mut current = self.destination.to_path_buf();
        let parents: Vec<_> = relative.components().collect();
        for component in &parents[..parents.len().saturating_sub(1)] {
            current.push(component);
            match fs::symlink_metadata(&current) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => {
                    return Err(UnpackError::ThroughLink {
                        path: raw.to_owned(),
                        through: current
                            .strip_prefix(self.destination)
                            .unwrap_or(&current)
                            .display()
                            .to_string(),
                    });
                }
                Err(_) if !create => return Ok(()),
                Err(_) => fs::create_dir(&current).map_err(|source| UnpackError::Write {
                    path: current.clone(),
                    source,
                })?,
            }
        }
        Ok(())
    }

    /// Counts `size` more bytes against the limit.
    fn reserve(&mut self, size: u64) -> Result<(), UnpackError> {
        self.bytes = self.bytes.saturating_add(size);
        if self.bytes > self.limits.max_bytes {
            return Err(UnpackError::TooLarge {
                limit: self.limits.max_bytes,
            });
        }
        Ok(())
    }
}

fn special(path: String, kind: &str) -> UnpackError {
    UnpackError::SpecialEntry {
        path,
        kind: kind.to_owned(),
    }
}

fn link_name<R: Read>(entry: &tar::Entry<'_, R>, raw: &str) -> Result<String, UnpackError> {
    match entry.link_name_bytes() {
        Some(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        None => Err(UnpackError::BadHardLink {
            path: raw.to_owned(),
            target: String::new(),
        }),
    }
}

/// Whether a symbolic link at `link` (relative to the destination) pointing
/// at `target` resolves, lexically, to a path under `top`. Parents are never
/// links (see `make_parents`), so the lexical answer is the real one.
fn symlink_stays_inside(link: &Path, target: &Path, top: &str) -> bool {
    if target.has_root() || target.as_os_str().is_empty() {
        return false;
    }
    let mut resolved: Vec<Component<'_>> = link.components().collect();
    resolved.pop();
    for component in target.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if resolved.pop().is_none() {
                    return false;
                }
            }
            Component::Normal(_) => resolved.push(component),
            Component::Prefix(_) | Component::RootDir => return false,
        }
    }
    resolved.first() == Some(&Component::Normal(top.as_ref()))
}

/// Creates a new file (never following or replacing anything already
/// there) with a sanitised mode: executable or not, nothing else.
fn create_new(path: &Path, mode: u32, raw: &str) -> Result<fs::File, UnpackError> {
    let mode = if mode & 0o111 != 0 { 0o755 } else { 0o644 };
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|source| {
            if source.kind() == io::ErrorKind::AlreadyExists {
                UnpackError::Duplicate {
                    path: raw.to_owned(),
                }
            } else {
                UnpackError::Write {
                    path: path.to_owned(),
                    source,
                }
            }
        })
}

/// The error a [`CappedReader`] returns past its limit.
const CAP_MESSAGE: &str = "the decompressed archive exceeds its size limit";

fn is_cap(error: &io::Error) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = current {
        if error.to_string().contains(CAP_MESSAGE) {
            return true;
        }
        current = error.source();
    }
    false
}

/// A reader that fails once more than `remaining` bytes were read.
struct CappedReader<R> {
    inner: R,
    remaining: u64,
    exceeded: Arc<AtomicBool>,
}

impl<R: Read> Read for CappedReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 {
            // One byte more tells a stream that ends exactly here from one
            // that goes on.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => {
                    self.exceeded.store(true, Ordering::Relaxed);
                    Err(io::Error::other(CAP_MESSAGE))
                }
            };
        }
        let allowed = buffer
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buffer[..allowed])?;
        self.remaining -= read as u64;
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symlinks_are_resolved_lexically_against_their_directory() {
        let top = "pkg-1.0.0";
        let inside = |link: &str, target: &str| {
            symlink_stays_inside(Path::new(link), Path::new(target), top)
        };
        assert!(inside("pkg-1.0.0/a/link", "../b"));
        assert!(inside("pkg-1.0.0/link", "src/main.rs"));
        assert!(!inside("pkg-1.0.0/link", ".."));
        assert!(!inside("pkg-1.0.0/link", "../other-1.0.0/x"));
        assert!(!inside("pkg-1.0.0/a/link", "../../.."));
        assert!(!inside("pkg-1.0.0/link", "/etc/passwd"));
        assert!(!inside("pkg-1.0.0/link", ""));
    }
}
