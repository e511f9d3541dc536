//! The real crates.io index of 2019 (a git bundle kept outside the
//! repository): after syncing `master`, and then the `lts-filtered` tag,
//! crate_versions_view equals the index exactly. Skipped, with a notice,
//! when the bundle is absent.

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use buildsrs_registry_sync::GitSource;
use buildsrs_registry_sync::crate_file::file_from_path;
use buildsrs_registry_sync::passes::PassKind;

use crate::{sync, test_database, view};

fn bundle() -> Option<PathBuf> {
    let path = std::env::var_os("BUILDSRS_INDEX_BUNDLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            crate::workspace_root().join("../shared/data/crates-io-index-2019.bundle")
        });
    path.exists().then_some(path)
}

/// The index at `rev` as the view should show it, read independently of
/// the syncer (`git ls-tree` and `git cat-file`): every line of every crate
/// file, the last line of a version winning.
fn expected_view(repo: &Path, rev: &str) -> Vec<(String, String, String, bool)> {
    let listing = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["ls-tree", "-r", rev])
        .output()
        .unwrap();
    assert!(listing.status.success());
    let listing = String::from_utf8(listing.stdout).unwrap();
    let mut blobs = Vec::new();
    for entry in listing.lines() {
        let (meta, path) = entry.split_once('\t').unwrap();
        if file_from_path(path).is_some() {
            blobs.push((
                path.to_owned(),
                meta.split_whitespace().nth(2).unwrap().to_owned(),
            ));
        }
    }
    let mut cat = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = cat.stdin.take().unwrap();
    let ids: Vec<String> = blobs.iter().map(|(_, id)| id.clone()).collect();
    let writer = std::thread::spawn(move || {
        for id in ids {
            writeln!(stdin, "{id}").unwrap();
        }
    });
    let mut stdout = BufReader::new(cat.stdout.take().unwrap());
    let mut rows = BTreeMap::new();
    for (path, _) in &blobs {
        let mut header = String::new();
        stdout.read_line(&mut header).unwrap();
        let size: usize = header.split_whitespace().nth(2).unwrap().parse().unwrap();
        let mut body = vec![0; size + 1];
        stdout.read_exact(&mut body).unwrap();
        for line in String::from_utf8_lossy(&body[..size])
            .lines()
            .filter(|line| !line.trim().is_empty())
        {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let name = value["name"].as_str().unwrap().to_owned();
            let version = value["vers"].as_str().unwrap().to_owned();
            let checksum = value["cksum"].as_str().unwrap().to_owned();
            let yanked = value["yanked"].as_bool().unwrap_or(false);
            rows.insert(
                (path.clone(), version.clone()),
                (name, version, checksum, yanked),
            );
        }
    }
    writer.join().unwrap();
    cat.wait().unwrap();
    let mut rows: Vec<_> = rows.into_values().collect();
    rows.sort();
    rows
}

/// A bare clone of the bundle, kept in the target directory across runs:
/// indexing the bundle's pack is the slowest step of this test.
fn cached_clone(bundle: &Path) -> PathBuf {
    let target = std::env::current_exe()
        .unwrap()
        .ancestors()
        .nth(3)
        .unwrap()
        .to_path_buf();
    let repo = target.join("test-data/crates-io-index-2019.git");
    if !repo.join("HEAD").exists() {
        let scratch = target.join(format!("test-data/index-{}.tmp", std::process::id()));
        std::fs::create_dir_all(scratch.parent().unwrap()).unwrap();
        let status = Command::new("git")
            .args(["clone", "--quiet", "--bare"])
            .arg(bundle)
            .arg(&scratch)
            .status()
            .unwrap();
        assert!(status.success());
        // The bundle's tag is fetched by a bare clone; renaming publishes it whole.
        let _ = std::fs::rename(&scratch, &repo);
    }
    repo
}

#[tokio::test]
async fn the_2019_index_mirrors_exactly_at_master_and_after_lts_filtered() {
    let Some(bundle) = bundle() else {
        eprintln!(
            "skipped: no real index bundle (set BUILDSRS_INDEX_BUNDLE or put it at ../shared/data/crates-io-index-2019.bundle)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let repo = cached_clone(&bundle);
    eprintln!("clone ready after {:?}", started.elapsed());
    let source = |rev: &str| GitSource {
        location: repo.display().to_string(),
        rev: Some(rev.to_owned()),
        mirror_dir: dir.path().join("mirror"),
    };
    let db = test_database().await;

    let report = sync(&db, &source("master")).await;
    assert_eq!(report.kind, PassKind::GitFull);
    assert_eq!(report.stats.crate_files, 31_839);
    assert_eq!(report.stats.versions_added, 184_413);
    assert_eq!(report.stats.entries_duplicated, 24);
    eprintln!("master synced after {:?}", started.elapsed());
    let expected = expected_view(&repo, "master");
    eprintln!("master read after {:?}", started.elapsed());
    assert_eq!(expected.len(), 184_413);
    assert!(view(&db).await == expected, "the view differs from master");

    let report = sync(&db, &source("lts-filtered")).await;
    eprintln!("lts-filtered synced after {:?}", started.elapsed());
    assert_eq!(report.kind, PassKind::GitIncremental);
    let expected = expected_view(&repo, "lts-filtered");
    assert!(
        view(&db).await == expected,
        "the view differs from lts-filtered"
    );
    assert!(report.stats.versions_removed > 50_000, "{}", report.stats);
}
