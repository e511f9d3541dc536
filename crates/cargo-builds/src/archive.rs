//! A binary artifact, checked and unpacked: its first entry must be the
//! manifest, for the crate, version and target asked for; every other entry
//! a plain file under `bin/` that the manifest lists, with the manifest's
//! size and SHA-256. Absolute paths and `..` (the protocol's path rule),
//! symbolic and hard links, directories, devices, fifos, unlisted, missing
//! and repeated files are refused; sizes are capped, so a decompression
//! bomb stops early. The binaries are written into a staging directory,
//! never replacing anything; moving them into place is the caller's.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Component, Path, PathBuf};

use buildsrs_protocol::archive::{EntryPathError, relative_entry_path};
use buildsrs_protocol::artifact::{
    BIN_DIR, MANIFEST_FORMAT, MANIFEST_PATH, Manifest, ManifestFile,
};
use buildsrs_protocol::digest::Sha256Digest;
use flate2::read::GzDecoder;
use sha2::{Digest, Sha256};
use tar::EntryType;

/// The largest manifest read.
const MAX_MANIFEST_BYTES: u64 = 1 << 20;

/// The most the binaries of one artifact may add up to.
const MAX_UNPACKED_BYTES: u64 = 4 << 30;

/// What the artifact must be: the manifest's crate, version and target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub krate: String,
    pub version: String,
    pub target: String,
}

/// A binary written into the staging directory, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staged {
    /// Its name in `bin/`.
    pub name: String,
    /// Where it was written.
    pub path: PathBuf,
    /// Its manifest entry (path `bin/<name>`, SHA-256, size).
    pub file: ManifestFile,
}

/// Why an artifact was refused.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("reading it: {0}")]
    Read(#[source] io::Error),
    #[error("its first entry is {found:?}, not {MANIFEST_PATH}")]
    ManifestNotFirst { found: String },
    #[error("{MANIFEST_PATH} is not a manifest: {0}")]
    BadManifest(#[source] serde_json::Error),
    #[error("{MANIFEST_PATH} has format {found}; this cargo builds reads {MANIFEST_FORMAT}")]
    ManifestFormat { found: u32 },
    #[error("{MANIFEST_PATH} names {field} {found:?}, not {expected:?}")]
    ManifestMismatch {
        field: &'static str,
        expected: String,
        found: String,
    },
    #[error("{MANIFEST_PATH} lists no binary")]
    NoBinaries,
    #[error("{MANIFEST_PATH} or the archive is larger than its limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error(transparent)]
    Path(#[from] EntryPathError),
    #[error("entry {path:?} is not a file directly under {BIN_DIR}/")]
    NotABinary { path: String },
    #[error("entry {path:?}: {kind} entries are refused")]
    SpecialEntry { path: String, kind: String },
    #[error("entry {path:?} is not listed in {MANIFEST_PATH}")]
    Unlisted { path: String },
    #[error("entry {path:?} appears twice")]
    Duplicate { path: String },
    #[error("{MANIFEST_PATH} lists {path:?}, which the archive lacks")]
    Missing { path: String },
    #[error("entry {path:?} is {actual} bytes, the manifest says {expected}")]
    SizeMismatch {
        path: String,
        expected: u64,
        actual: u64,
    },
    #[error(
        "checksum mismatch for entry {path:?}: the manifest says {expected}, the bytes are {actual}"
    )]
    ChecksumMismatch {
        path: String,
        expected: String,
        actual: String,
    },
    #[error("writing {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Checks the artifact at `archive` against `expected` and writes its
/// binaries into `staging` (an existing, empty directory).
pub fn unpack_binaries(
    archive: &Path,
    expected: &Expected,
    staging: &Path,
) -> Result<Vec<Staged>, ArchiveError> {
    let file = File::open(archive).map_err(ArchiveError::Read)?;
    let mut tar = tar::Archive::new(GzDecoder::new(BufReader::new(file)));
    let mut entries = tar.entries().map_err(ArchiveError::Read)?;
    let first = entries
        .next()
        .ok_or_else(|| ArchiveError::ManifestNotFirst {
            found: "nothing".into(),
        })?
        .map_err(ArchiveError::Read)?;
    let manifest = read_manifest(first, expected)?;
    let mut listed = listed_binaries(&manifest)?;
    let mut staged = Vec::new();
    for entry in entries {
        let entry = entry.map_err(ArchiveError::Read)?;
        staged.push(stage_entry(entry, &mut listed, staging)?);
    }
    match listed.into_values().next() {
        Some(missing) => Err(ArchiveError::Missing { path: missing.path }),
        None => Ok(staged),
    }
}

/// The manifest, from the first entry, checked against `expected`.
fn read_manifest<R: Read>(
    entry: tar::Entry<'_, R>,
    expected: &Expected,
) -> Result<Manifest, ArchiveError> {
    let path = entry_path(&entry);
    if !is_regular(entry.header().entry_type()) || path != MANIFEST_PATH {
        return Err(ArchiveError::ManifestNotFirst { found: path });
    }
    let mut bytes = Vec::new();
    entry
        .take(MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ArchiveError::Read)?;
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(ArchiveError::TooLarge {
            limit: MAX_MANIFEST_BYTES,
        });
    }
    let manifest: Manifest = serde_json::from_slice(&bytes).map_err(ArchiveError::BadManifest)?;
    if manifest.format != MANIFEST_FORMAT {
        return Err(ArchiveError::ManifestFormat {
            found: manifest.format,
        });
    }
    for (field, wanted, found) in [
        ("crate", &expected.krate, &manifest.krate),
        ("version", &expected.version, &manifest.version),
        ("target", &expected.target, &manifest.target),
    ] {
        if wanted != found {
            return Err(ArchiveError::ManifestMismatch {
                field,
                expected: wanted.clone(),
                found: found.clone(),
            });
        }
    }
    Ok(manifest)
}

/// The manifest's files by their binary name, each path checked to be
/// `bin/<name>`, within the size limit in all.
fn listed_binaries(manifest: &Manifest) -> Result<BTreeMap<String, ManifestFile>, ArchiveError> {
    let mut listed = BTreeMap::new();
    let mut total = 0u64;
    for file in &manifest.files {
        let name = binary_name(&file.path)?;
        total = total.saturating_add(file.size);
        if total > MAX_UNPACKED_BYTES {
            return Err(ArchiveError::TooLarge {
                limit: MAX_UNPACKED_BYTES,
            });
        }
        if listed.insert(name, file.clone()).is_some() {
            return Err(ArchiveError::Duplicate {
                path: file.path.clone(),
            });
        }
    }
    if listed.is_empty() {
        return Err(ArchiveError::NoBinaries);
    }
    Ok(listed)
}

/// The name of the binary at `path`, which must be `bin/<name>` under the
/// protocol's path rule.
fn binary_name(path: &str) -> Result<String, ArchiveError> {
    let clean = relative_entry_path(path)?;
    let parts: Vec<Component<'_>> = clean.components().collect();
    match parts.as_slice() {
        [Component::Normal(dir), Component::Normal(name)] if *dir == BIN_DIR => name
            .to_str()
            .map(str::to_owned)
            .ok_or_else(|| ArchiveError::NotABinary { path: path.into() }),
        _ => Err(ArchiveError::NotABinary { path: path.into() }),
    }
}

/// Checks one entry after the manifest and writes it into `staging`,
/// taking it out of `listed`.
fn stage_entry<R: Read>(
    mut entry: tar::Entry<'_, R>,
    listed: &mut BTreeMap<String, ManifestFile>,
    staging: &Path,
) -> Result<Staged, ArchiveError> {
    let path = entry_path(&entry);
    let kind = entry.header().entry_type();
    if !is_regular(kind) {
        return Err(ArchiveError::SpecialEntry {
            path,
            kind: kind_name(kind),
        });
    }
    let name = binary_name(&path)?;
    let file = match listed.remove(&name) {
        Some(file) => file,
        None if staging.join(&name).exists() => return Err(ArchiveError::Duplicate { path }),
        None => return Err(ArchiveError::Unlisted { path }),
    };
    let size = entry.header().size().map_err(ArchiveError::Read)?;
    if size != file.size {
        return Err(ArchiveError::SizeMismatch {
            path,
            expected: file.size,
            actual: size,
        });
    }
    let target = staging.join(&name);
    let digest = write_new(&mut entry, &target)?;
    if Sha256Digest::from_hex(&file.sha256) != Some(digest) {
        return Err(ArchiveError::ChecksumMismatch {
            path,
            expected: file.sha256,
            actual: digest.to_hex(),
        });
    }
    Ok(Staged {
        name,
        path: target,
        file,
    })
}

/// Writes `data` to a new executable file at `path`, never replacing
/// anything; answers the SHA-256 of what was written.
fn write_new(data: &mut impl Read, path: &Path) -> Result<Sha256Digest, ArchiveError> {
    let write_error = |source| ArchiveError::Write {
        path: path.to_owned(),
        source,
    };
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o755)
        .open(path)
        .map_err(write_error)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = data.read(&mut buffer).map_err(ArchiveError::Read)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        file.write_all(&buffer[..read]).map_err(write_error)?;
    }
    file.sync_all().map_err(write_error)?;
    Ok(Sha256Digest(hasher.finalize().into()))
}

fn entry_path<R: Read>(entry: &tar::Entry<'_, R>) -> String {
    String::from_utf8_lossy(&entry.path_bytes()).into_owned()
}

fn is_regular(kind: EntryType) -> bool {
    matches!(kind, EntryType::Regular | EntryType::Continuous)
}

/// How a message names an entry type.
fn kind_name(kind: EntryType) -> String {
    match kind {
        EntryType::Symlink => "symbolic link".into(),
        EntryType::Link => "hard link".into(),
        EntryType::Directory => "directory".into(),
        EntryType::Char => "character device".into(),
        EntryType::Block => "block device".into(),
        EntryType::Fifo => "fifo".into(),
        other => format!("{other:?}"),
    }
}
