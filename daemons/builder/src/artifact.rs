//! Packing what a build produced into the one file that is uploaded.
//!
//! A `binary` job's artifact is `<crate>-<version>-<target>.tar.gz`: a
//! `manifest.json` (crate, version, target, rustc version and every file
//! with its SHA-256 and size) followed by the binaries under `bin/`. The
//! archive is reproducible for the same binaries: entries sorted, times,
//! owners and modes fixed. A `metadata` job's artifact is `metadata.json`,
//! the output of `cargo metadata`, checked to be JSON.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

/// The manifest's layout and the artifact's name are the protocol's, which
/// clients that install artifacts read too.
pub use buildsrs_protocol::artifact::{
    MANIFEST_FORMAT, MANIFEST_PATH, Manifest, ManifestFile, binary_artifact_name,
};

/// The name of a `metadata` job's artifact.
pub const METADATA_ARTIFACT: &str = "metadata.json";

/// A packed artifact on disk.
#[derive(Clone, Debug)]
pub struct PackedArtifact {
    /// Its name on the backend (matches the artifact-name rule).
    pub name: String,
    pub path: PathBuf,
    pub sha256: [u8; 32],
    pub size: u64,
}

/// Why packing failed.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("the build installed no binary in {0}")]
    NoBinaries(PathBuf),
    #[error("{path} is not a regular file")]
    NotAFile { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cargo metadata printed no valid JSON: {0}")]
    NotJson(String),
}

/// Whether `name` may be an artifact's name: the protocol's rule, which the
/// backend applies too.
pub use buildsrs_protocol::api::is_artifact_name;

/// Packs every file of `bin_dir` with a manifest into `destination`
/// (named after `manifest`'s crate, version and target). `manifest.files`
/// is filled in here.
pub fn pack_binaries(
    bin_dir: &Path,
    mut manifest: Manifest,
    destination: &Path,
) -> Result<PackedArtifact, PackError> {
    let binaries = list_binaries(bin_dir)?;
    manifest.files = binaries
        .iter()
        .map(|(name, path)| {
            let (sha256, size) = hash_file(path)?;
            Ok(ManifestFile {
                path: format!("bin/{name}"),
                sha256: hex::encode(sha256),
                size,
            })
        })
        .collect::<Result<_, PackError>>()?;

    let name = binary_artifact_name(&manifest.krate, &manifest.version, &manifest.target);
    let path = destination.join(&name);
    let file = fs::File::create(&path).map_err(io_error(&path))?;
    // The archive is hashed as it is written, not read again afterwards.
    let hashed = Hashing::new(file);
    let mut tar = tar::Builder::new(GzEncoder::new(hashed, Compression::default()));
    let manifest_json = serde_json::to_vec_pretty(&manifest).expect("a manifest serialises");
    append(
        &mut tar,
        MANIFEST_PATH,
        0o644,
        &mut &manifest_json[..],
        manifest_json.len() as u64,
    )
    .map_err(io_error(&path))?;
    for ((_, source), entry) in binaries.iter().zip(&manifest.files) {
        let mut file = fs::File::open(source).map_err(io_error(source))?;
        append(&mut tar, &entry.path, 0o755, &mut file, entry.size).map_err(io_error(source))?;
    }
    let mut hashed = tar
        .into_inner()
        .and_then(|gzip| gzip.finish())
        .map_err(io_error(&path))?;
    hashed.flush().map_err(io_error(&path))?;
    let (sha256, size) = hashed.finish();
    Ok(PackedArtifact {
        name,
        path,
        sha256,
        size,
    })
}

/// The files of `bin_dir` (none when it does not exist), as (name, path)
/// sorted by name; anything but a regular file is refused.
fn list_binaries(bin_dir: &Path) -> Result<Vec<(String, PathBuf)>, PackError> {
    let entries = match fs::read_dir(bin_dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(io_error(bin_dir)(error)),
    };
    let mut binaries = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_error(bin_dir))?;
        let path = entry.path();
        let meta = fs::symlink_metadata(&path).map_err(io_error(&path))?;
        if !meta.is_file() {
            return Err(PackError::NotAFile { path });
        }
        binaries.push((entry.file_name().to_string_lossy().into_owned(), path));
    }
    binaries.sort();
    Ok(binaries)
}

/// The error of an I/O operation on `path`.
fn io_error(path: &Path) -> impl FnOnce(io::Error) -> PackError {
    let path = path.to_owned();
    move |source| PackError::Io { path, source }
}

/// A writer that hashes and counts the bytes written through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W> Hashing<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            size: 0,
        }
    }

    /// The SHA-256 and the count of what was written.
    fn finish(self) -> ([u8; 32], u64) {
        (self.hasher.finalize().into(), self.size)
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buffer)?;
        self.hasher.update(&buffer[..written]);
        self.size += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Checks that `source` (cargo metadata's standard output) is JSON and
/// moves it to `destination/metadata.json`.
pub fn pack_metadata(source: &Path, destination: &Path) -> Result<PackedArtifact, PackError> {
    let bytes = fs::read(source).map_err(io_error(source))?;
    serde_json::from_slice::<serde::de::IgnoredAny>(&bytes)
        .map_err(|error| PackError::NotJson(error.to_string()))?;
    let path = destination.join(METADATA_ARTIFACT);
    // The job's directories share a file system: a rename, not a copy.
    fs::rename(source, &path).map_err(io_error(&path))?;
    Ok(PackedArtifact {
        name: METADATA_ARTIFACT.to_owned(),
        path,
        sha256: Sha256::digest(&bytes).into(),
        size: bytes.len() as u64,
    })
}

/// The SHA-256 and size of a file, read in pieces.
pub fn hash_file(path: &Path) -> Result<([u8; 32], u64), PackError> {
    let mut file = fs::File::open(path).map_err(io_error(path))?;
    let mut hashed = Hashing::new(io::sink());
    io::copy(&mut file, &mut hashed).map_err(io_error(path))?;
    Ok(hashed.finish())
}

fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    path: &str,
    mode: u32,
    data: &mut impl Read,
    size: u64,
) -> io::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(size);
    header.set_mode(mode);
    header.set_mtime(0);
    header.set_uid(0);
    header.set_gid(0);
    tar.append_data(&mut header, path, data.take(size))
}
