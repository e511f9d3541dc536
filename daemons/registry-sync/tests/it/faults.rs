//! Fault tests: the binary killed with SIGKILL at random points of a full
//! and of an incremental pass, then rerun, must leave `crate_versions_view`
//! equal to the index every time.
//!
//! `FAULT_ITERATIONS` sets the kills per scenario (default 3, so CI stays
//! quick; `just fault-sync` runs 50) and `FAULT_SEED` replays a run: the seed
//! is printed first, and the figures last.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::synthetic;
use buildsrs_database::temp::TestDatabase;
use buildsrs_registry_sync::crate_file::{CrateFile, file_from_path, index_path};

use crate::process::binary;
use crate::{IndexRepo, sync, test_database, view};

/// A view row: (name, version, checksum hex, yanked).
type Row = (String, String, String, bool);

/// SplitMix64: small, seedable, the same on every machine.
pub struct Random(u64);

impl Random {
    /// Seeded from `FAULT_SEED`, or from the clock; the seed is printed so a
    /// failure can be replayed.
    pub fn from_env(what: &str) -> Self {
        let seed = std::env::var("FAULT_SEED")
            .ok()
            .map(|seed| seed.parse().expect("FAULT_SEED is a u64"))
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        println!("{what}: seed {seed} (replay with FAULT_SEED={seed})");
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}

/// Kills per scenario: `FAULT_ITERATIONS`, default 3.
pub fn iterations() -> u64 {
    std::env::var("FAULT_ITERATIONS")
        .ok()
        .map(|count| count.parse().expect("FAULT_ITERATIONS is a number"))
        .unwrap_or(3)
}

/// What the index at the working tree of `dir` lists, as the view shows it:
/// every crate file parsed on its own, independently of the syncer.
fn index_content(dir: &Path) -> Vec<Row> {
    fn walk(root: &Path, dir: &Path, rows: &mut Vec<Row>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, rows);
                continue;
            }
            let relative = path.strip_prefix(root).unwrap().to_string_lossy();
            let Some(file) = file_from_path(&relative) else {
                continue;
            };
            let parsed = CrateFile::parse(file, &std::fs::read(&path).unwrap());
            let name = parsed.crate_name().map(str::to_owned);
            for entry in &parsed.entries {
                rows.push((
                    name.clone().unwrap(),
                    entry.version.clone(),
                    hex::encode(entry.checksum),
                    entry.yanked,
                ));
            }
        }
    }
    let mut rows = Vec::new();
    walk(dir, dir, &mut rows);
    rows.sort();
    rows
}

/// A git index with `commits` commits of about 1,500 synthetic crates: the
/// first writes them all, each later one adds versions to some crates, yanks
/// and un-yanks versions of others, deletes crate files and adds new ones.
/// Returns the repository and its commits, oldest first.
fn evolving_index(random: &mut Random, commits: usize) -> (IndexRepo, Vec<String>) {
    const CRATES: u64 = 1_500;
    let repo = IndexRepo::new();
    let mut versions: Vec<u64> = (0..CRATES).map(|_| 1 + random.below(24)).collect();
    let mut present: BTreeSet<u64> = (0..CRATES).collect();
    let write = |index: u64, count: u64, flip_yanks: bool| {
        let (name, text) = synthetic::crate_file(index, count);
        let mut text = String::from_utf8(text).unwrap();
        if flip_yanks {
            text = text
                .replace("\"yanked\":false", "\"yanked\":maybe")
                .replace("\"yanked\":true", "\"yanked\":false")
                .replace("\"yanked\":maybe", "\"yanked\":true");
        }
        let path = repo.path().join(index_path(&name));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        name
    };
    for index in 0..CRATES {
        write(index, versions[index as usize], false);
    }
    let mut ids = vec![repo.commit("all crates")];
    let mut next_new = CRATES;
    for commit in 1..commits {
        for index in 0..CRATES {
            if !present.contains(&index) {
                continue;
            }
            match random.below(10) {
                0..=1 => {
                    versions[index as usize] += 1 + random.below(5);
                    write(index, versions[index as usize], false);
                }
                2 => {
                    write(index, versions[index as usize], true);
                }
                3 => {
                    let (name, _) = synthetic::crate_file(index, 1);
                    repo.remove(&name);
                    present.remove(&index);
                }
                _ => {}
            }
        }
        for _ in 0..100 {
            write(next_new, 1 + random.below(10), false);
            next_new += 1;
        }
        ids.push(repo.commit(&format!("change {commit}")));
    }
    (repo, ids)
}

/// How one killed run ended.
#[derive(Default)]
struct Figures {
    iterations: u64,
    /// The kill landed while the pass ran.
    killed_mid_pass: u64,
    /// The pass had already finished when the kill came.
    finished_before_kill: u64,
}

/// Runs `sync --git location` and SIGKILLs it after `delay`: `Ok` if it was
/// still running then, `Err` with how long it took if it had finished.
fn run_and_kill(db: &TestDatabase, location: &str, delay: Duration) -> Result<(), Duration> {
    let mut child = binary(
        db,
        &[
            "sync",
            "--git",
            location,
            "--batch-files",
            "50",
            "--migrate",
            "false",
        ],
    )
    .spawn()
    .unwrap();
    let started = Instant::now();
    while started.elapsed() < delay {
        if child.try_wait().unwrap().is_some() {
            return Err(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    if child.try_wait().unwrap().is_some() {
        return Err(started.elapsed());
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt as _;
    assert_eq!(status.signal(), Some(9), "the pass died of the SIGKILL");
    Ok(())
}

/// Runs `sync --git location` to the end; returns how long it took.
fn run_to_completion(db: &TestDatabase, location: &str) -> Duration {
    let started = Instant::now();
    let output = binary(db, &["sync", "--git", location, "--migrate", "false"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the rerun succeeds: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    started.elapsed()
}

/// Kills the pass that `prepare` sets up at random points, reruns it, and
/// checks the mirror against `expected` after every rerun.
async fn kill_at_random_points<F, Fut>(
    scenario: &str,
    random: &mut Random,
    location: &str,
    expected: &[Row],
    prepare: F,
) -> Figures
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = TestDatabase>,
{
    // One uninterrupted pass: it must be right too, and it measures how
    // long a pass takes, so the kills can land anywhere in it.
    let db = prepare(0).await;
    let took = run_to_completion(&db, location);
    assert_eq!(view(&db).await, expected, "{scenario}: uninterrupted pass");
    drop(db);
    let mut window = took.as_millis() as u64 * 11 / 10;
    println!("{scenario}: an uninterrupted pass takes {took:?}; kills land in 0..{window} ms");

    let mut figures = Figures::default();
    for iteration in 0..iterations() {
        let db = prepare(iteration + 1).await;
        let delay = Duration::from_millis(random.below(window + 1));
        match run_and_kill(&db, location, delay) {
            Ok(()) => figures.killed_mid_pass += 1,
            Err(took) => {
                figures.finished_before_kill += 1;
                // The machine got quicker: aim the next kills at the pass.
                window = window.min(took.as_millis() as u64 * 11 / 10);
            }
        }
        run_to_completion(&db, location);
        assert_eq!(
            view(&db).await,
            expected,
            "{scenario}: iteration {iteration}, killed after {delay:?}"
        );
        figures.iterations += 1;
    }
    println!(
        "{scenario}: {} iterations, {} killed mid-pass, {} finished before the kill, \
         every rerun converged on the index ({} versions)",
        figures.iterations,
        figures.killed_mid_pass,
        figures.finished_before_kill,
        expected.len()
    );
    figures
}

#[tokio::test]
async fn a_full_sync_killed_at_random_points_converges_on_the_index_every_time() {
    let mut random = Random::from_env("full sync kills");
    let (repo, _) = evolving_index(&mut random, 3);
    let location = repo.path().display().to_string();
    let expected = index_content(repo.path());
    assert!(expected.len() > 15_000, "{} versions", expected.len());
    let figures = kill_at_random_points("full sync", &mut random, &location, &expected, |_| {
        test_database()
    })
    .await;
    assert_eq!(figures.iterations, iterations());
    if iterations() >= 3 {
        assert!(
            figures.killed_mid_pass > 0,
            "at least one kill lands mid-pass"
        );
    }
}

#[tokio::test]
async fn an_incremental_sync_killed_at_random_points_converges_on_the_index_every_time() {
    let mut random = Random::from_env("incremental sync kills");
    let (repo, commits) = evolving_index(&mut random, 5);
    let location = repo.path().display().to_string();
    let expected = index_content(repo.path());
    // The starting point of each iteration: a mirror of an earlier commit,
    // synced uninterrupted by the library.
    let starts: Vec<String> = commits[..commits.len() - 1].to_vec();
    let picks: Vec<usize> = (0..=iterations())
        .map(|_| random.below(starts.len() as u64) as usize)
        .collect();
    let repo_ref = &repo;
    let figures = kill_at_random_points(
        "incremental sync",
        &mut random,
        &location,
        &expected,
        |iteration| {
            let start = starts[picks[iteration as usize]].clone();
            async move {
                let db = test_database().await;
                let report = sync(&db, &repo_ref.source(Some(&start))).await;
                assert!(report.stats.versions_added > 0);
                assert_ne!(view(&db).await.len(), 0);
                db
            }
        },
    )
    .await;
    assert_eq!(figures.iterations, iterations());
}

/// The oracle of the kill tests, checked: the content read from the tree
/// equals what uninterrupted incremental passes mirror, commit by commit.
#[tokio::test]
async fn the_index_read_from_the_tree_equals_the_mirror_after_each_commit() {
    let mut random = Random(7);
    let (repo, commits) = evolving_index(&mut random, 3);
    let db = test_database().await;
    for commit in &commits {
        repo.git(&["checkout", "--quiet", commit]);
        sync(&db, &repo.source(Some(commit))).await;
        assert_eq!(view(&db).await, index_content(repo.path()), "{commit}");
    }
    repo.git(&["checkout", "--quiet", "master"]);
}
