//! An artifact is installed only when it is what its manifest says: every
//! hostile or inconsistent archive is refused and writes nothing outside
//! the staging directory.

use std::io::Write;
use std::path::{Path, PathBuf};

use buildsrs_protocol::artifact::{MANIFEST_FORMAT, Manifest, ManifestFile};
use buildsrs_protocol::digest::Sha256Digest;
use cargo_builds::archive::{ArchiveError, Expected, unpack_binaries};
use flate2::Compression;
use flate2::write::GzEncoder;
use tar::{EntryType, Header};

pub const BINARY: &[u8] = b"#!/bin/sh\necho hello\n";

/// One raw entry: the name goes into the header as bytes, unchecked, the
/// way a hostile archive would have it.
pub struct Entry {
    path: Vec<u8>,
    kind: EntryType,
    data: Vec<u8>,
    link: Option<Vec<u8>>,
}

pub fn file(path: &str, data: &[u8]) -> Entry {
    Entry {
        path: path.into(),
        kind: EntryType::Regular,
        data: data.into(),
        link: None,
    }
}

fn expected() -> Expected {
    Expected {
        krate: "hello".into(),
        version: "1.0.0".into(),
        target: "x86_64-unknown-linux-gnu".into(),
    }
}

/// A manifest of `hello` 1.0.0 listing `files` as (path, bytes).
pub fn manifest(files: &[(&str, &[u8])]) -> Manifest {
    Manifest {
        format: MANIFEST_FORMAT,
        krate: "hello".into(),
        version: "1.0.0".into(),
        target: "x86_64-unknown-linux-gnu".into(),
        rustc: "rustc 1.89.0".into(),
        files: files
            .iter()
            .map(|(path, data)| ManifestFile {
                path: (*path).into(),
                sha256: Sha256Digest::of(data).to_hex(),
                size: data.len() as u64,
            })
            .collect(),
    }
}

pub fn manifest_entry(manifest: &Manifest) -> Entry {
    file("manifest.json", &serde_json::to_vec(manifest).unwrap())
}

/// `entries` as the bytes of a `.tar.gz`.
pub fn artifact_bytes(entries: &[Entry]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    for entry in entries {
        let mut header = Header::new_gnu();
        header.as_old_mut().name[..entry.path.len()].copy_from_slice(&entry.path);
        if let Some(link) = &entry.link {
            header.as_old_mut().linkname[..link.len()].copy_from_slice(link);
        }
        header.set_entry_type(entry.kind);
        header.set_size(entry.data.len() as u64);
        header.set_mode(0o755);
        header.set_cksum();
        tar.append(&header, &entry.data[..]).unwrap();
    }
    let mut gzip = GzEncoder::new(Vec::new(), Compression::fast());
    gzip.write_all(&tar.into_inner().unwrap()).unwrap();
    gzip.finish().unwrap()
}

/// Writes `entries` as a `.tar.gz` in `dir`.
fn archive(dir: &Path, entries: &[Entry]) -> PathBuf {
    let path = dir.join("artifact.tar.gz");
    std::fs::write(&path, artifact_bytes(entries)).unwrap();
    path
}

/// Unpacks `entries` into `<tmp>/staging`; answers the result and the
/// temporary directory.
fn unpack(entries: &[Entry]) -> (Result<Vec<String>, ArchiveError>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = archive(dir.path(), entries);
    let staging = dir.path().join("staging");
    std::fs::create_dir(&staging).unwrap();
    let result = unpack_binaries(&path, &expected(), &staging)
        .map(|staged| staged.into_iter().map(|binary| binary.name).collect());
    (result, dir)
}

fn refused(entries: &[Entry]) -> ArchiveError {
    let (result, dir) = unpack(entries);
    let outside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "artifact.tar.gz" && name != "staging")
        .collect();
    assert!(
        outside.is_empty(),
        "written outside the staging directory: {outside:?}"
    );
    result.expect_err("the archive was accepted")
}

#[test]
fn an_artifact_as_the_builder_packs_it_is_unpacked_with_executable_binaries() {
    let (result, dir) = unpack(&[
        manifest_entry(&manifest(&[("bin/hello", BINARY)])),
        file("bin/hello", BINARY),
    ]);
    assert_eq!(result.unwrap(), ["hello"]);
    let staged = dir.path().join("staging/hello");
    assert_eq!(std::fs::read(&staged).unwrap(), BINARY);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&staged).unwrap().permissions().mode() & 0o777,
        0o755
    );
}

#[test]
fn a_parent_component_is_refused() {
    let error = refused(&[
        manifest_entry(&manifest(&[("bin/hello", BINARY)])),
        file("bin/../../evil", BINARY),
    ]);
    assert!(error.to_string().contains("`..`"), "{error}");
}

#[test]
fn a_manifest_listing_a_path_that_leaves_the_root_is_refused() {
    let error = refused(&[manifest_entry(&manifest(&[("../evil", BINARY)]))]);
    assert!(error.to_string().contains("`..`"), "{error}");
}

#[test]
fn an_absolute_path_is_refused() {
    let error = refused(&[
        manifest_entry(&manifest(&[("bin/hello", BINARY)])),
        file("/tmp/evil", BINARY),
    ]);
    assert!(error.to_string().contains("absolute"), "{error}");
}

#[test]
fn a_symlink_is_refused() {
    let error = refused(&[
        manifest_entry(&manifest(&[("bin/hello", BINARY)])),
        Entry {
            path: b"bin/hello".to_vec(),
            kind: EntryType::Symlink,
            data: Vec::new(),
            link: Some(b"/usr/bin/sudo".to_vec()),
        },
    ]);
    assert!(
        matches!(error, ArchiveError::SpecialEntry { ref kind, .. } if kind == "symbolic link"),
        "{error}"
    );
}

#[test]
fn devices_and_hard_links_are_refused() {
    for kind in [
        EntryType::Char,
        EntryType::Block,
        EntryType::Fifo,
        EntryType::Link,
    ] {
        let error = refused(&[
            manifest_entry(&manifest(&[("bin/hello", BINARY)])),
            Entry {
                path: b"bin/hello".to_vec(),
                kind,
                data: Vec::new(),
                link: None,
            },
        ]);
        assert!(
            matches!(error, ArchiveError::SpecialEntry { .. }),
            "{kind:?}: {error}"
        );
    }
}

#[test]
fn a_file_whose_bytes_differ_from_the_manifest_is_a_checksum_mismatch() {
    let error = refused(&[
        manifest_entry(&manifest(&[("bin/hello", BINARY)])),
        file("bin/hello", &BINARY.to_ascii_uppercase()),
    ]);
    assert!(
        matches!(error, ArchiveError::ChecksumMismatch { .. }),
        "{error}"
    );
    assert!(
        error.to_string().starts_with("checksum mismatch"),
        "{error}"
    );
}

#[test]
fn unlisted_missing_and_repeated_files_are_refused() {
    let listed = manifest_entry(&manifest(&[("bin/hello", BINARY)]));
    let unlisted = refused(&[
        manifest_entry(&manifest(&[("bin/hello", BINARY)])),
        file("bin/hello", BINARY),
        file("bin/other", BINARY),
    ]);
    assert!(
        matches!(unlisted, ArchiveError::Unlisted { .. }),
        "{unlisted}"
    );
    let missing = refused(&[listed]);
    assert!(matches!(missing, ArchiveError::Missing { .. }), "{missing}");
    let repeated = refused(&[
        manifest_entry(&manifest(&[("bin/hello", BINARY)])),
        file("bin/hello", BINARY),
        file("bin/hello", BINARY),
    ]);
    assert!(
        matches!(repeated, ArchiveError::Duplicate { .. }),
        "{repeated}"
    );
}

#[test]
fn only_files_directly_under_bin_are_installed() {
    for path in ["hello", "bin/sub/hello", "lib/libhello.so"] {
        let error = refused(&[
            manifest_entry(&manifest(&[(path, BINARY)])),
            file(path, BINARY),
        ]);
        assert!(
            matches!(error, ArchiveError::NotABinary { .. }),
            "{path}: {error}"
        );
    }
}

#[test]
fn the_manifest_must_come_first_and_name_the_crate_version_and_target_asked_for() {
    let first = refused(&[file("bin/hello", BINARY)]);
    assert!(
        matches!(first, ArchiveError::ManifestNotFirst { .. }),
        "{first}"
    );
    let mut other = manifest(&[("bin/hello", BINARY)]);
    other.target = "aarch64-unknown-linux-gnu".into();
    let mismatch = refused(&[manifest_entry(&other), file("bin/hello", BINARY)]);
    assert!(
        matches!(
            mismatch,
            ArchiveError::ManifestMismatch {
                field: "target",
                ..
            }
        ),
        "{mismatch}"
    );
    let empty = refused(&[manifest_entry(&manifest(&[]))]);
    assert!(matches!(empty, ArchiveError::NoBinaries), "{empty}");
}
