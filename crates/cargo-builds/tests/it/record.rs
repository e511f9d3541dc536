//! The record of installs, and uninstalling: only recorded files, and only
//! while they are as installed.

use std::path::PathBuf;

use buildsrs_protocol::artifact::ManifestFile;
use buildsrs_protocol::digest::Sha256Digest;
use cargo_builds::Error;
use cargo_builds::install::uninstall;
use cargo_builds::record::{Install, Record};
use cargo_builds::root::Root;

/// A root with `bin/<name>` written for each of `files` and an install of
/// `hello` recording them.
fn installed(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Root) {
    let dir = tempfile::tempdir().unwrap();
    let root = Root::choose(Some(dir.path().to_owned()), None, None).unwrap();
    std::fs::create_dir(root.bin()).unwrap();
    let mut record = Record::default();
    let recorded = files
        .iter()
        .map(|(name, data)| {
            std::fs::write(root.bin().join(name), data).unwrap();
            ManifestFile {
                path: format!("bin/{name}"),
                sha256: Sha256Digest::of(data).to_hex(),
                size: data.len() as u64,
            }
        })
        .collect();
    record.put(Install {
        krate: "hello".into(),
        version: "1.0.0".into(),
        target: "x86_64-unknown-linux-gnu".into(),
        sha256: "0".repeat(64),
        files: recorded,
    });
    record.save(&root).unwrap();
    (dir, root)
}

#[test]
fn the_record_round_trips_and_a_missing_one_is_empty() {
    let (_dir, root) = installed(&[("hello", b"binary")]);
    let record = Record::load(&root).unwrap();
    assert_eq!(record.get("hello").unwrap().files[0].path, "bin/hello");
    assert_eq!(record.owner_of("bin/hello"), Some("hello"));
    let empty = tempfile::tempdir().unwrap();
    let none = Root::choose(Some(empty.path().to_owned()), None, None).unwrap();
    assert!(Record::load(&none).unwrap().installs.is_empty());
}

#[test]
fn uninstall_removes_the_recorded_files_and_nothing_else() {
    let (_dir, root) = installed(&[("hello", b"binary"), ("helper", b"other")]);
    std::fs::write(root.bin().join("unrelated"), b"mine").unwrap();
    let done = uninstall(&root, "hello").unwrap();
    let mut removed: Vec<PathBuf> = done.removed;
    removed.sort();
    assert_eq!(
        removed,
        [root.bin().join("hello"), root.bin().join("helper")]
    );
    assert!(root.bin().join("unrelated").exists());
    assert!(Record::load(&root).unwrap().get("hello").is_none());
}

#[test]
fn uninstall_keeps_a_file_changed_since_it_was_installed() {
    let (_dir, root) = installed(&[("hello", b"binary")]);
    std::fs::write(root.bin().join("hello"), b"rebuilt by hand").unwrap();
    let done = uninstall(&root, "hello").unwrap();
    assert!(done.removed.is_empty());
    assert_eq!(done.kept, [root.bin().join("hello")]);
    assert_eq!(
        std::fs::read(root.bin().join("hello")).unwrap(),
        b"rebuilt by hand"
    );
}

#[test]
fn uninstalling_a_crate_that_is_not_installed_names_it_and_the_root() {
    let (_dir, root) = installed(&[("hello", b"binary")]);
    let error = uninstall(&root, "ripgrep").unwrap_err();
    assert!(matches!(error, Error::NotInstalled { .. }), "{error}");
    assert!(error.to_string().contains("ripgrep"), "{error}");
}

#[test]
fn a_record_that_is_not_json_is_an_error_naming_the_file() {
    let (_dir, root) = installed(&[("hello", b"binary")]);
    std::fs::write(root.record(), b"{not json").unwrap();
    let error = Record::load(&root).unwrap_err();
    assert!(
        error.to_string().contains(".buildsrs-installs.json"),
        "{error}"
    );
}
