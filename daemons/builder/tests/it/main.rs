//! Integration tests of the builder: real processes (cargo, bubblewrap,
//! the builder binary) and real HTTP on 127.0.0.1, against a small backend
//! of the tests' own ([`fake_backend`]) that checks every signature and
//! records every call. Cargo runs offline: the fixtures have no
//! dependencies.

mod build;
mod client;
mod download;
mod fake_backend;
mod sandbox;
mod service;
mod unpack;

use std::path::{Path, PathBuf};

use ssh_key::{Algorithm, LineEnding, PrivateKey};

/// Writes a fresh ed25519 key (OpenSSH format, no passphrase) into `dir`.
pub fn write_key(dir: &Path) -> PathBuf {
    let key = PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).unwrap();
    let path = dir.join("builder_key");
    std::fs::write(&path, key.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    path
}

/// A temporary directory for one test.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("buildsrs-builder-test-")
        .tempdir()
        .unwrap()
}

/// Prints that a test is skipped, and why, where it will be seen.
pub fn skip(test: &str, why: impl std::fmt::Display) {
    eprintln!("SKIPPED {test}: {why}");
}
