//! Unpacking refuses each kind of hostile archive, writing nothing outside
//! the destination, and accepts what `cargo package` makes.

use std::io::Write;
use std::path::Path;

use buildsrs_builder::testing::{HELLO, package_fixture};
use buildsrs_builder::unpack::{UnpackError, UnpackLimits, unpack_crate};
use flate2::Compression;
use flate2::write::GzEncoder;
use tar::{EntryType, Header};

const TOP: &str = "pkg-1.0.0";

/// One raw entry: the name goes into the header as bytes, unchecked, the
/// way a hostile archive would have it.
struct Entry<'a> {
    path: &'a [u8],
    kind: EntryType,
    data: &'a [u8],
    link: Option<&'a [u8]>,
}

fn file<'a>(path: &'a str, data: &'a [u8]) -> Entry<'a> {
    Entry {
        path: path.as_bytes(),
        kind: EntryType::Regular,
        data,
        link: None,
    }
}

fn link<'a>(path: &'a str, kind: EntryType, target: &'a str) -> Entry<'a> {
    Entry {
        path: path.as_bytes(),
        kind,
        data: b"",
        link: Some(target.as_bytes()),
    }
}

fn special(path: &str, kind: EntryType) -> Entry<'_> {
    Entry {
        path: path.as_bytes(),
        kind,
        data: b"",
        link: None,
    }
}

/// Writes `entries` as a `.crate` (tar.gz) in `dir`.
fn archive(dir: &Path, entries: &[Entry<'_>]) -> std::path::PathBuf {
    let mut tar = tar::Builder::new(Vec::new());
    for entry in entries {
        let mut header = Header::new_gnu();
        header.as_old_mut().name[..entry.path.len()].copy_from_slice(entry.path);
        if let Some(link) = entry.link {
            header.as_old_mut().linkname[..link.len()].copy_from_slice(link);
        }
        header.set_entry_type(entry.kind);
        header.set_size(entry.data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append(&header, entry.data).unwrap();
    }
    let bytes = tar.into_inner().unwrap();
    let path = dir.join("test.crate");
    let mut gzip = GzEncoder::new(std::fs::File::create(&path).unwrap(), Compression::fast());
    gzip.write_all(&bytes).unwrap();
    gzip.finish().unwrap();
    path
}

/// Unpacks `entries` into `<tmp>/dest`; answers the result and the temp dir.
fn unpack(
    entries: &[Entry<'_>],
    limits: UnpackLimits,
) -> (Result<(), UnpackError>, tempfile::TempDir) {
    let dir = crate::temp_dir();
    let crate_file = archive(dir.path(), entries);
    let destination = dir.path().join("dest");
    std::fs::create_dir(&destination).unwrap();
    let result = unpack_crate(&crate_file, &destination, TOP, limits).map(|_| ());
    (result, dir)
}

fn refused(entries: &[Entry<'_>]) -> (UnpackError, tempfile::TempDir) {
    let (result, dir) = unpack(entries, UnpackLimits::default());
    match result {
        Err(error) => (error, dir),
        Ok(()) => panic!("the archive was accepted"),
    }
}

/// Every path under `dir` but the archive and the destination root.
fn written_outside_destination(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "test.crate" && name != "dest")
        .collect()
}

#[test]
fn an_absolute_path_is_refused() {
    let (error, dir) = refused(&[file("/tmp/buildsrs-evil", b"x")]);
    assert!(matches!(error, UnpackError::AbsolutePath { .. }), "{error}");
    assert!(written_outside_destination(dir.path()).is_empty());
    assert!(!Path::new("/tmp/buildsrs-evil").exists());
}

#[test]
fn a_parent_component_is_refused_and_nothing_lands_outside() {
    let (error, dir) = refused(&[
        file("pkg-1.0.0/Cargo.toml", b"[package]"),
        file("pkg-1.0.0/../../evil", b"x"),
    ]);
    assert!(
        matches!(error, UnpackError::ParentComponent { .. }),
        "{error}"
    );
    assert!(written_outside_destination(dir.path()).is_empty());
}

#[test]
fn an_entry_outside_the_package_directory_is_refused() {
    let (error, _dir) = refused(&[file("other-1.0.0/Cargo.toml", b"x")]);
    assert!(
        matches!(error, UnpackError::OutsidePackage { .. }),
        "{error}"
    );
}

#[test]
fn a_symlink_that_leaves_the_package_is_refused() {
    let (error, dir) = refused(&[link("pkg-1.0.0/escape", EntryType::Symlink, "../../..")]);
    assert!(
        matches!(error, UnpackError::EscapingSymlink { .. }),
        "{error}"
    );
    assert!(!dir.path().join("dest/pkg-1.0.0/escape").exists());
    let (error, _dir) = refused(&[link("pkg-1.0.0/etc", EntryType::Symlink, "/etc")]);
    assert!(
        matches!(error, UnpackError::EscapingSymlink { .. }),
        "{error}"
    );
}

#[test]
fn a_file_written_through_a_symlink_is_refused() {
    // The link itself stays inside, but nothing may be written through it.
    let (error, _dir) = refused(&[
        link("pkg-1.0.0/here", EntryType::Symlink, "."),
        file("pkg-1.0.0/here/file", b"x"),
    ]);
    assert!(matches!(error, UnpackError::ThroughLink { .. }), "{error}");
}

#[test]
fn a_symlink_inside_the_package_is_kept() {
    let (result, dir) = unpack(
        &[
            file("pkg-1.0.0/src/main.rs", b"fn main() {}"),
            link("pkg-1.0.0/src/lib.rs", EntryType::Symlink, "main.rs"),
        ],
        UnpackLimits::default(),
    );
    result.unwrap();
    let link = dir.path().join("dest/pkg-1.0.0/src/lib.rs");
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("main.rs"));
}

#[test]
fn a_hard_link_to_a_file_outside_is_refused() {
    let (error, dir) = refused(&[link("pkg-1.0.0/passwd", EntryType::Link, "/etc/passwd")]);
    assert!(matches!(error, UnpackError::AbsolutePath { .. }), "{error}");
    assert!(!dir.path().join("dest/pkg-1.0.0/passwd").exists());
    let (error, _dir) = refused(&[link(
        "pkg-1.0.0/missing",
        EntryType::Link,
        "pkg-1.0.0/nothing",
    )]);
    assert!(matches!(error, UnpackError::BadHardLink { .. }), "{error}");
}

#[test]
fn device_files_and_fifos_are_refused() {
    for kind in [EntryType::Char, EntryType::Block, EntryType::Fifo] {
        let (error, dir) = refused(&[special("pkg-1.0.0/device", kind)]);
        assert!(
            matches!(error, UnpackError::SpecialEntry { .. }),
            "{kind:?}: {error}"
        );
        assert!(!dir.path().join("dest/pkg-1.0.0/device").exists());
    }
}

#[test]
fn too_many_files_are_refused() {
    let names: Vec<String> = (0..20).map(|n| format!("pkg-1.0.0/file{n}")).collect();
    let entries: Vec<Entry<'_>> = names.iter().map(|name| file(name, b"x")).collect();
    let (result, _dir) = unpack(
        &entries,
        UnpackLimits {
            max_bytes: 1 << 20,
            max_entries: 10,
        },
    );
    assert!(
        matches!(result, Err(UnpackError::TooManyEntries { limit: 10 })),
        "{result:?}"
    );
}

#[test]
fn an_archive_larger_than_the_limit_is_refused() {
    let big = vec![0u8; 2 << 20];
    let (result, _dir) = unpack(
        &[file("pkg-1.0.0/big", &big)],
        UnpackLimits {
            max_bytes: 1 << 20,
            max_entries: 100,
        },
    );
    assert!(
        matches!(result, Err(UnpackError::TooLarge { .. })),
        "{result:?}"
    );
}

#[test]
fn many_small_files_that_add_up_past_the_limit_are_refused() {
    let chunk = vec![b'a'; 100 * 1024];
    let names: Vec<String> = (0..20).map(|n| format!("pkg-1.0.0/part{n}")).collect();
    let entries: Vec<Entry<'_>> = names.iter().map(|name| file(name, &chunk)).collect();
    let (result, _dir) = unpack(
        &entries,
        UnpackLimits {
            max_bytes: 1 << 20,
            max_entries: 100,
        },
    );
    assert!(
        matches!(result, Err(UnpackError::TooLarge { .. })),
        "{result:?}"
    );
}

#[test]
fn the_packaged_hello_fixture_is_accepted() {
    let dir = crate::temp_dir();
    let packaged = package_fixture(HELLO, dir.path()).unwrap();
    let destination = dir.path().join("dest");
    std::fs::create_dir(&destination).unwrap();
    let top = format!("{}-{}", packaged.name, packaged.version);
    let unpacked =
        unpack_crate(&packaged.path, &destination, &top, UnpackLimits::default()).unwrap();
    assert_eq!(unpacked.root, destination.join(&top));
    assert!(unpacked.root.join("Cargo.toml").is_file());
    assert!(unpacked.root.join("Cargo.lock").is_file());
    let main = std::fs::read_to_string(unpacked.root.join("src/main.rs")).unwrap();
    assert!(main.contains("hello from buildsrs-fixture-hello"));
}

#[test]
fn a_file_that_is_not_gzip_is_an_error_not_a_panic() {
    let dir = crate::temp_dir();
    let path = dir.path().join("garbage.crate");
    std::fs::write(&path, b"this is not a tar.gz at all").unwrap();
    let destination = dir.path().join("dest");
    std::fs::create_dir(&destination).unwrap();
    let error = unpack_crate(&path, &destination, TOP, UnpackLimits::default()).unwrap_err();
    assert!(matches!(error, UnpackError::Read { .. }), "{error}");
}
