//! For tests (feature `testing`), here and in other packages' end-to-end
//! tests: the fixture crates of `fixtures/crates/`, packaged with
//! `cargo package` into a temporary directory (no `.crate` file is ever
//! committed), and a `file://` download template that serves them.
//!
//! ```no_run
//! # async fn example(work: &std::path::Path, key: std::path::PathBuf) {
//! use buildsrs_builder::testing::{HELLO, package_fixture};
//! let packaged = package_fixture(HELLO, work).unwrap();
//! // The task's checksum is `packaged.sha256_hex`; the builder finds the file:
//! let mut config = buildsrs_builder::Config::for_backend("http://127.0.0.1:8080", key, work.join("builder"));
//! config.registry_dl = Some(packaged.download_template());
//! config.once = true;
//! buildsrs_builder::run(config, std::future::pending()).await.unwrap();
//! # }
//! ```

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

/// A binary that prints a line; no dependencies.
pub const HELLO: &str = "buildsrs-fixture-hello";

/// A binary that does not compile (E0308, mismatched types).
pub const BROKEN: &str = "buildsrs-fixture-broken";

/// The version of every fixture.
pub const FIXTURE_VERSION: &str = "0.1.0";

/// A packaged fixture.
#[derive(Clone, Debug)]
pub struct PackagedCrate {
    pub name: String,
    pub version: String,
    /// `<dir>/crates/<name>-<version>.crate`.
    pub path: PathBuf,
    pub sha256: [u8; 32],
    /// The checksum a task names, 64 lowercase hex characters.
    pub sha256_hex: String,
}

impl PackagedCrate {
    /// A `--registry-dl` template under which every fixture packaged into
    /// the same directory is found: `file://<dir>/crates/{crate}-{version}.crate`.
    pub fn download_template(&self) -> String {
        let dir = self
            .path
            .parent()
            .expect("a packaged crate is in a directory");
        format!("file://{}/{{crate}}-{{version}}.crate", dir.display())
    }
}

/// `fixtures/crates/` of this repository.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/crates")
}

/// Packages the fixture `name` with `cargo package --allow-dirty
/// --no-verify --offline` into `<dir>/crates/`, from a copy of its
/// sources (so the repository stays untouched). Needs `cargo` on PATH;
/// takes about a second.
pub fn package_fixture(name: &str, dir: &Path) -> io::Result<PackagedCrate> {
    let source = fixtures_dir().join(name);
    let copy = dir.join("fixture-sources").join(name);
    if copy.exists() {
        fs::remove_dir_all(&copy)?;
    }
    copy_tree(&source, &copy)?;
    let target = dir.join("fixture-target");
    // Under cargo (a test), the same cargo that builds the tests.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "package",
            "--allow-dirty",
            "--no-verify",
            "--offline",
            "--quiet",
        ])
        .arg("--manifest-path")
        .arg(copy.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .env_remove("CARGO_TARGET_DIR")
        .output()?;
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "cargo package {name} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let file_name = format!("{name}-{FIXTURE_VERSION}.crate");
    let crates = dir.join("crates");
    fs::create_dir_all(&crates)?;
    let path = crates.join(&file_name);
    fs::copy(target.join("package").join(&file_name), &path)?;
    let sha256: [u8; 32] = Sha256::digest(fs::read(&path)?).into();
    Ok(PackagedCrate {
        name: name.to_owned(),
        version: FIXTURE_VERSION.to_owned(),
        path,
        sha256,
        sha256_hex: hex::encode(sha256),
    })
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        // Build output of someone's manual `cargo build` in the fixture.
        if name == "target" {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &to.join(&name))?;
        } else if kind.is_file() {
            fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}
