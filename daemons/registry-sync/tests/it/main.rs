//! Integration tests of registry-sync: real Postgres (a migrated database per
//! test), real git repositories in temporary directories, real HTTP on
//! loopback. Shared helpers live here; each module covers one area.

#[path = "../../benches/baselines/mod.rs"]
mod baselines;
mod errors;
mod faults;
mod git;
mod lenient_versions;
mod lock;
mod malformed;
mod metrics;
mod mirror_references;
mod parsing;
mod process;
mod real_index;
mod roles;
mod sparse;
#[path = "../../benches/synthetic/mod.rs"]
mod synthetic;
mod tls;

use std::path::{Path, PathBuf};
use std::process::Command;

use buildsrs_database::queries::queries::crates;
use buildsrs_database::temp::TestDatabase;
use buildsrs_registry_sync::crate_file::index_path;
use buildsrs_registry_sync::{GitSource, PassReport, SyncLock, SyncOptions, sync_git};
use tokio_util::sync::CancellationToken;

/// The workspace root, for fixtures and the real-index bundle.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// One index line as JSON; `checksum` is one hex digit repeated 64 times.
pub fn line(name: &str, version: &str, checksum: char, yanked: bool) -> String {
    format!(
        r#"{{"name":"{name}","vers":"{version}","deps":[],"cksum":"{}","features":{{}},"yanked":{yanked}}}"#,
        checksum.to_string().repeat(64)
    )
}

/// A git index in a temporary directory, changed through the `git` CLI.
pub struct IndexRepo {
    pub dir: tempfile::TempDir,
}

impl Default for IndexRepo {
    fn default() -> Self {
        Self::new()
    }
}

impl IndexRepo {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let repo = Self { dir };
        repo.git(&["init", "--quiet", "--initial-branch=master"]);
        std::fs::write(repo.path().join("config.json"), "{}\n").unwrap();
        repo
    }

    /// A repository holding the files of fixtures/registry.
    pub fn from_fixtures() -> Self {
        let repo = Self::new();
        copy_dir(&workspace_root().join("fixtures/registry"), repo.path());
        repo.commit("fixtures");
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn git(&self, args: &[&str]) -> String {
        let output = Command::new("git")
            .args([
                "-c",
                "user.name=test",
                "-c",
                "user.email=test@example.invalid",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    }

    /// Replaces the crate file of `name` with `lines`.
    pub fn write(&self, name: &str, lines: &[String]) {
        let path = self.path().join(index_path(name));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, lines.join("\n") + "\n").unwrap();
    }

    pub fn remove(&self, name: &str) {
        std::fs::remove_file(self.path().join(index_path(name))).unwrap();
    }

    /// Commits everything; returns the commit id.
    pub fn commit(&self, message: &str) -> String {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"])
    }

    pub fn source(&self, rev: Option<&str>) -> GitSource {
        GitSource {
            location: self.path().display().to_string(),
            rev: rev.map(str::to_owned),
            mirror_dir: self.path().join("unused-mirror"),
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub async fn test_database() -> TestDatabase {
    TestDatabase::new().await.expect("a test database")
}

/// One git pass under the sync lock.
pub async fn sync(db: &TestDatabase, source: &GitSource) -> PassReport {
    sync_with(db, source, &SyncOptions::default()).await
}

pub async fn sync_with(db: &TestDatabase, source: &GitSource, options: &SyncOptions) -> PassReport {
    let lock = SyncLock::try_acquire(db.database())
        .await
        .unwrap()
        .expect("the lock is free");
    let report = sync_git(
        db.database(),
        &lock,
        source,
        options,
        &CancellationToken::new(),
    )
    .await;
    lock.release().await.unwrap();
    report.unwrap()
}

/// crate_versions_view as (name, version, checksum, yanked), sorted.
pub async fn view(db: &TestDatabase) -> Vec<(String, String, String, bool)> {
    let client = db.database().client().await.unwrap();
    let mut rows: Vec<_> = crates::crate_versions_view_list()
        .bind(&client)
        .all()
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.name, row.version, row.checksum, row.yanked))
        .collect();
    rows.sort();
    rows
}

/// The view row of one version, checksum as one repeated hex digit.
pub fn row(
    name: &str,
    version: &str,
    checksum: char,
    yanked: bool,
) -> (String, String, String, bool) {
    (
        name.to_owned(),
        version.to_owned(),
        checksum.to_string().repeat(64),
        yanked,
    )
}

/// The latest version of each crate: (name, latest version or None, removed).
pub async fn latest(db: &TestDatabase, name: &str) -> Option<String> {
    let client = db.database().client().await.unwrap();
    let rows = buildsrs_database::queries::queries::registry_sync::crate_list_by_file_many()
        .bind(&client, &vec![name.to_ascii_lowercase()])
        .all()
        .await
        .unwrap();
    let krate = rows.iter().find(|krate| krate.name == name)?;
    let latest_id = krate.latest_version_id?;
    let versions =
        buildsrs_database::queries::queries::registry_sync::crate_version_list_by_crate_many()
            .bind(&client, &vec![krate.id])
            .all()
            .await
            .unwrap();
    versions
        .into_iter()
        .find(|version| version.id == latest_id)
        .map(|version| version.version)
}
