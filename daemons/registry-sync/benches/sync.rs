//! `just bench-sync`: registry-sync against its floor and its baseline,
//! side by side on one server in one run, printed as a table.
//!
//! On the real 2019 index (a bundle outside the repository; rows skipped with
//! a notice when it is absent): a raw binary COPY of the same rows (floor),
//! the same COPY without latest-version pointers (strict floor), our full
//! sync, a pipelined per-row upsert over the whole index, a no-op
//! pass, incremental passes of 10/100/1000 changed files, and the
//! `master` -> `lts-filtered` transition. Then a synthetic index at today's
//! scale, synced in a child process so its peak RSS is the syncer's alone.
//!
//! Knobs: BUILDSRS_INDEX_BUNDLE, BENCH_SYNTHETIC_CRATES (200000),
//! BENCH_SYNTHETIC_VERSIONS (2000000; 0 skips), BENCH_BASELINE_VERSIONS (all of
//! the index: a per-row writer slows as the tables grow, so a scaled subset
//! flatters it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use buildsrs_database::copy;
use buildsrs_database::queries::queries::{crates, registry_sync};
use buildsrs_database::temp::TestDatabase;
use buildsrs_registry_sync::crate_file::{CrateFile, file_from_path};
use buildsrs_registry_sync::latest::{Candidate, latest_version};
use buildsrs_registry_sync::{BatchLimits, GitSource, SyncLock, SyncOptions, git_source, sync_git};
use futures::{StreamExt, TryStreamExt};

mod baselines;
mod synthetic;
use baselines::VersionUpsert;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;
use tokio_util::sync::CancellationToken;

type Error = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    if let Ok(repository) = std::env::var("BENCH_SYNC_CHILD") {
        return runtime.block_on(child(PathBuf::from(repository)));
    }
    runtime.block_on(bench())
}

struct Table(Vec<(String, String, String)>);

impl Table {
    fn row(&mut self, what: &str, value: String, note: String) {
        eprintln!("  {what}: {value} {note}");
        self.0.push((what.to_owned(), value, note));
    }
}

async fn bench() -> Result<(), Error> {
    let target = std::env::current_exe()?
        .ancestors()
        .nth(3)
        .unwrap()
        .to_path_buf();
    let data = target.join("bench-data");
    std::fs::create_dir_all(&data)?;
    let mut table = Table(Vec::new());
    let machine = machine();
    eprintln!("registry-sync benchmark on {machine}");

    match bundle() {
        Some(bundle) => real_index(&bundle, &data, &mut table).await?,
        None => eprintln!(
            "notice: no real index bundle (BUILDSRS_INDEX_BUNDLE or ../shared/data/crates-io-index-2019.bundle): real-index rows skipped"
        ),
    }
    let crates: u64 = env_number("BENCH_SYNTHETIC_CRATES", 200_000);
    let versions: u64 = env_number("BENCH_SYNTHETIC_VERSIONS", 2_000_000);
    if versions > 0 {
        synthetic_index(&data, crates, versions, &mut table).await?;
    }

    println!("\nregistry-sync benchmark, {machine}\n");
    println!("| measurement | result | notes |");
    println!("|---|---|---|");
    for (what, value, note) in &table.0 {
        println!("| {what} | {value} | {note} |");
    }
    Ok(())
}

/// The 2019 index: floors and a full sync, the per-row baseline, no-op and
/// incremental passes, and the `master` -> `lts-filtered` transition.
async fn real_index(bundle: &Path, data: &Path, table: &mut Table) -> Result<(), Error> {
    let index = Index2019::clone(bundle, data)?;
    let files = read_index(&index.repo, "master").await?;
    let versions: usize = files.iter().map(|file| file.entries.len()).sum();
    eprintln!(
        "2019 index at master: {} crate files, {versions} versions",
        files.len()
    );
    let (db, full) = floors_and_full_sync(&index, &files, versions, table).await?;
    per_row_baseline(&files, versions, full, table).await?;
    noop_passes(&index, &db, table).await?;
    incremental_passes(&index, &db, table).await?;
    lts_transition(&index, &db, table).await
}

/// The 2019 index, cloned from the bundle into the benchmark's data folder.
struct Index2019 {
    repo: PathBuf,
    mirror: PathBuf,
}

impl Index2019 {
    /// Clones the bundle once, then checks out `master`.
    fn clone(bundle: &Path, data: &Path) -> Result<Self, Error> {
        let repo = data.join("index-2019");
        if !repo.exists() {
            let bundle = bundle.display().to_string();
            run_git(data, &["clone", "--quiet", &bundle, "index-2019"])?;
        }
        run_git(&repo, &["checkout", "--quiet", "--force", "master"])?;
        Ok(Self {
            repo,
            mirror: data.join("mirror"),
        })
    }

    /// The index at `rev`, as a sync source.
    fn source(&self, rev: &str) -> GitSource {
        GitSource {
            location: self.repo.display().to_string(),
            rev: Some(rev.to_owned()),
            mirror_dir: self.mirror.clone(),
        }
    }
}

/// Floor: binary COPY of the same rows into the same (empty, migrated)
/// tables: each crate already pointing at its latest version, as the sync
/// writes it, so the floor pays the same deferred check at commit. The
/// strict floor leaves the pointer NULL and pays for no latest version.
/// Floors and the full sync alternate, ROUNDS times each, into fresh
/// databases; the medians are compared, so one noisy moment does not decide.
/// Returns the last synced database and the full sync's median.
async fn floors_and_full_sync(
    index: &Index2019,
    files: &[CrateFile],
    versions: usize,
    table: &mut Table,
) -> Result<(TestDatabase, Duration), Error> {
    let rows = FloorRows::of(files);
    let mut floors = Vec::with_capacity(ROUNDS);
    let mut strict_floors = Vec::with_capacity(ROUNDS);
    let mut fulls = Vec::with_capacity(ROUNDS);
    let mut db = None;
    for _ in 0..ROUNDS {
        let floor_db = TestDatabase::new().await?;
        let started = Instant::now();
        copy_rows(&floor_db, &rows, Latest::Set).await?;
        floors.push(started.elapsed());
        let strict_db = TestDatabase::new().await?;
        let started = Instant::now();
        copy_rows(&strict_db, &rows, Latest::Null).await?;
        strict_floors.push(started.elapsed());
        let full_db = TestDatabase::new().await?;
        fulls.push(timed_sync(&full_db, &index.source("master")).await?);
        db = Some(full_db);
    }
    let db = db.expect("at least one round");
    let (floor, strict_floor, full) = (
        median(&mut floors),
        median(&mut strict_floors),
        median(&mut fulls),
    );
    table.row(
        "2019 index: binary COPY of the same rows (floor)",
        secs(floor),
        format!("{versions} versions, 1.00x; median of {ROUNDS}"),
    );
    table.row(
        "2019 index: the same COPY, latest versions left NULL (strict floor)",
        secs(strict_floor),
        format!(
            "{:.2}x the floor; median of {ROUNDS}",
            strict_floor.as_secs_f64() / floor.as_secs_f64()
        ),
    );
    table.row(
        "2019 index: full sync from empty",
        secs(full),
        format!(
            "{:.2}x the floor (target <= 1.5x), {:.2}x the strict floor; median of {ROUNDS}, range {}-{}",
            full.as_secs_f64() / floor.as_secs_f64(),
            full.as_secs_f64() / strict_floor.as_secs_f64(),
            secs(fulls[0]),
            secs(fulls[ROUNDS - 1]),
        ),
    );
    Ok((db, full))
}

/// Baseline: one pipelined upsert per row, autocommit, on the whole index
/// unless BENCH_BASELINE_VERSIONS names a subset (then scaled).
async fn per_row_baseline(
    files: &[CrateFile],
    versions: usize,
    full: Duration,
    table: &mut Table,
) -> Result<(), Error> {
    let subset_versions: usize = env_number("BENCH_BASELINE_VERSIONS", usize::MAX);
    let baseline_db = TestDatabase::new().await?;
    let (baseline, measured) = per_row_upserts(&baseline_db, files, subset_versions).await?;
    let scaled = baseline.as_secs_f64() * versions as f64 / measured as f64;
    table.row(
        "2019 index: pipelined per-row upsert (baseline)",
        format!("{scaled:.1} s"),
        format!(
            "{}; ours is {:.0}x faster (target >= 25x)",
            if measured == versions {
                "every version".to_owned()
            } else {
                format!("measured {} on {measured} versions, scaled", secs(baseline))
            },
            scaled / full.as_secs_f64()
        ),
    );
    Ok(())
}

/// Passes over an unchanged revision.
async fn noop_passes(index: &Index2019, db: &TestDatabase, table: &mut Table) -> Result<(), Error> {
    let mut noop = Vec::new();
    for _ in 0..5 {
        noop.push(timed_sync(db, &index.source("master")).await?);
    }
    table.row(
        "2019 index: no-op pass (revision unchanged)",
        format!("{:.1} ms", median(&mut noop).as_secs_f64() * 1e3),
        "median of 5 (target < 20 ms)".to_owned(),
    );
    Ok(())
}

/// Incremental passes: commits changing 10, 100, 1000 crate files, each
/// adding a version; then back to `master`.
async fn incremental_passes(
    index: &Index2019,
    db: &TestDatabase,
    table: &mut Table,
) -> Result<(), Error> {
    let repo = &index.repo;
    let listed: Vec<String> = String::from_utf8(run_git(repo, &["ls-files"])?)?
        .lines()
        .filter(|path| file_from_path(path).is_some())
        .map(str::to_owned)
        .collect();
    run_git(
        repo,
        &["checkout", "--quiet", "-B", "bench-incremental", "master"],
    )?;
    let mut offset = 0;
    for changed in [10, 100, 1000] {
        for path in &listed[offset..offset + changed] {
            add_a_version(repo, path, offset)?;
        }
        offset += changed;
        run_git(
            repo,
            &[
                "-c",
                "user.name=bench",
                "-c",
                "user.email=bench@example.invalid",
                "commit",
                "--quiet",
                "-am",
                "bench",
            ],
        )?;
        let elapsed = timed_sync(db, &index.source("bench-incremental")).await?;
        table.row(
            &format!("2019 index: incremental pass, {changed} changed files"),
            format!("{:.1} ms", elapsed.as_secs_f64() * 1e3),
            format!(
                "{:.2} ms per file",
                elapsed.as_secs_f64() * 1e3 / changed as f64
            ),
        );
    }
    run_git(repo, &["checkout", "--quiet", "--force", "master"])?;
    timed_sync(db, &index.source("master")).await?;
    Ok(())
}

/// Appends version `999.0.{offset}` to the crate file at `path`, under the
/// crate's own spelling of its name.
fn add_a_version(repo: &Path, path: &str, offset: usize) -> Result<(), Error> {
    let name = file_from_path(path).unwrap();
    let text = std::fs::read_to_string(repo.join(path))?;
    let spelled = serde_json::from_str::<serde_json::Value>(text.lines().next().unwrap())?["name"]
        .as_str()
        .unwrap_or(name)
        .to_owned();
    let line = format!(
        r#"{{"name":"{spelled}","vers":"999.0.{offset}","deps":[],"cksum":"{}","features":{{}},"yanked":false}}"#,
        "ab".repeat(32)
    );
    std::fs::write(repo.join(path), format!("{text}{line}\n"))?;
    Ok(())
}

/// `master` -> `lts-filtered`: a later commit that removes ~58k versions.
async fn lts_transition(
    index: &Index2019,
    db: &TestDatabase,
    table: &mut Table,
) -> Result<(), Error> {
    let started = Instant::now();
    let report = sync_once(db, &index.source("lts-filtered")).await?;
    let transition = started.elapsed();
    table.row(
        "2019 index: master -> lts-filtered transition",
        secs(transition),
        format!(
            "{} files; crates removed {}, versions removed {}",
            report.stats.crate_files, report.stats.crates_removed, report.stats.versions_removed
        ),
    );
    Ok(())
}

async fn synthetic_index(
    data: &Path,
    crates: u64,
    versions: u64,
    table: &mut Table,
) -> Result<(), Error> {
    let repo = data.join(format!("synthetic-{crates}-{versions}.git"));
    if !repo.exists() {
        eprintln!(
            "generating a synthetic index of {crates} crates, ~{versions} versions (cached in {})",
            repo.display()
        );
        let scratch = data.join("synthetic-building.git");
        let _ = std::fs::remove_dir_all(&scratch);
        let started = Instant::now();
        let total = synthetic::generate_repository(&scratch, crates, versions)?;
        std::fs::rename(&scratch, &repo)?;
        eprintln!("generated {total} versions in {}", secs(started.elapsed()));
    }
    let db = TestDatabase::new().await?;
    let output = Command::new(std::env::current_exe()?)
        .env("BENCH_SYNC_CHILD", &repo)
        .env("BENCH_SYNC_DB", db.url())
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "synthetic child failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let stdout = String::from_utf8(output.stdout)?;
    let mut fields = stdout.split_whitespace();
    let millis: f64 = fields.next().ok_or("child printed nothing")?.parse()?;
    let added: u64 = fields.next().ok_or("no count")?.parse()?;
    let peak_kib: u64 = fields.next().ok_or("no peak")?.parse()?;
    table.row(
        &format!("synthetic index: full sync of {crates} crates, {added} versions"),
        format!("{:.2} s", millis / 1e3),
        format!("peak RSS {} MB (targets < 60 s, < 300 MB)", peak_kib / 1024),
    );
    Ok(())
}

/// The synthetic sync, in a process of its own: prints milliseconds,
/// versions added and VmHWM in KiB.
async fn child(repository: PathBuf) -> Result<(), Error> {
    let config: buildsrs_database::ConnectionConfig = std::env::var("BENCH_SYNC_DB")?.parse()?;
    let database = buildsrs_database::Database::connect_with(config, &Default::default()).await?;
    let source = GitSource {
        location: repository.display().to_string(),
        rev: None,
        mirror_dir: repository.join("unused"),
    };
    let lock = SyncLock::try_acquire(&database).await?.ok_or("lock held")?;
    let started = Instant::now();
    let report = sync_git(
        &database,
        &lock,
        &source,
        &SyncOptions::default(),
        &CancellationToken::new(),
    )
    .await?;
    let elapsed = started.elapsed();
    let status = std::fs::read_to_string("/proc/self/status")?;
    let peak = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| {
            value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .unwrap_or(0);
    println!(
        "{} {} {peak}",
        elapsed.as_secs_f64() * 1e3,
        report.stats.versions_added
    );
    Ok(())
}

async fn sync_once(
    db: &TestDatabase,
    source: &GitSource,
) -> Result<buildsrs_registry_sync::PassReport, Error> {
    let lock = SyncLock::try_acquire(db.database())
        .await?
        .ok_or("lock held")?;
    let options = SyncOptions {
        limits: BatchLimits::default(),
        progress: false,
    };
    let report = sync_git(
        db.database(),
        &lock,
        source,
        &options,
        &CancellationToken::new(),
    )
    .await?;
    lock.release().await?;
    Ok(report)
}

/// One pass's time, with the lock taken beforehand as the `run` service
/// holds it across passes.
async fn timed_sync(db: &TestDatabase, source: &GitSource) -> Result<Duration, Error> {
    let lock = SyncLock::try_acquire(db.database())
        .await?
        .ok_or("lock held")?;
    // Warm the pool: the lock took a connection out of it.
    drop(db.database().client().await?);
    let started = Instant::now();
    sync_git(
        db.database(),
        &lock,
        source,
        &SyncOptions::default(),
        &CancellationToken::new(),
    )
    .await?;
    let elapsed = started.elapsed();
    lock.release().await?;
    Ok(elapsed)
}

/// Every crate file of the index at `rev`, parsed as the syncer parses it.
async fn read_index(repo: &Path, rev: &str) -> Result<Vec<CrateFile>, Error> {
    let plan = git_source::plan(repo, "bench", Some(rev), None)?;
    let (sender, mut receiver) = tokio::sync::mpsc::channel(16);
    let repo = repo.to_owned();
    let reader = tokio::task::spawn_blocking(move || {
        git_source::read_batches(
            &repo,
            "bench",
            plan.files,
            BatchLimits::default(),
            sender,
            None,
        )
    });
    let mut files = Vec::new();
    while let Some(batch) = receiver.recv().await {
        files.extend(
            batch
                .changes
                .into_iter()
                .filter_map(|change| change.content),
        );
    }
    reader.await??;
    Ok(files)
}

/// The rows a full sync of the index leaves behind, ids given, worked out
/// before the floor's clock starts.
struct FloorRows<'a> {
    /// (id, name, latest version id).
    crates: Vec<(i64, &'a str, Option<i64>)>,
    /// (id, crate id, version, checksum, yanked).
    versions: Vec<(i64, i64, &'a str, &'a [u8], bool)>,
}

impl<'a> FloorRows<'a> {
    fn of(files: &'a [CrateFile]) -> Self {
        let mut rows = FloorRows {
            crates: Vec::with_capacity(files.len()),
            versions: Vec::new(),
        };
        for file in files {
            let Some(name) = file.crate_name() else {
                continue;
            };
            let crate_id = rows.crates.len() as i64 + 1;
            let first = rows.versions.len() as i64 + 1;
            let candidates = (first..).zip(&file.entries).map(|(id, entry)| Candidate {
                id,
                version: &entry.version,
                yanked: entry.yanked,
                removed: false,
            });
            rows.crates
                .push((crate_id, name, latest_version(candidates)));
            for (id, entry) in (first..).zip(&file.entries) {
                rows.versions.push((
                    id,
                    crate_id,
                    &entry.version,
                    entry.checksum.as_slice(),
                    entry.yanked,
                ));
            }
        }
        rows
    }
}

/// Whether the floor writes each crate's latest version or leaves it NULL.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Latest {
    Set,
    Null,
}

/// The floor: binary COPY of crates and then their versions.
async fn copy_rows(db: &TestDatabase, rows: &FloorRows<'_>, latest: Latest) -> Result<(), Error> {
    let mut client = db.database().client().await?;
    let transaction = client.transaction().await?;
    if latest == Latest::Set {
        // Crates point at versions written after them: check at commit.
        registry_sync::crates_defer_latest_check()
            .bind(&transaction)
            .await?;
    }
    let sink = transaction.copy_in(copy::CRATES).await?;
    let writer = BinaryCopyInWriter::new(sink, &[Type::INT8, Type::TEXT, Type::INT8]);
    futures::pin_mut!(writer);
    for (id, name, latest_id) in &rows.crates {
        let latest_id = latest_id.filter(|_| latest == Latest::Set);
        writer.as_mut().write(&[id, name, &latest_id]).await?;
    }
    writer.finish().await?;
    let sink = transaction.copy_in(copy::CRATE_VERSIONS).await?;
    let writer = BinaryCopyInWriter::new(
        sink,
        &[Type::INT8, Type::INT8, Type::TEXT, Type::BYTEA, Type::BOOL],
    );
    futures::pin_mut!(writer);
    for (id, crate_id, version, checksum, yanked) in &rows.versions {
        writer
            .as_mut()
            .write(&[id, crate_id, version, checksum, yanked])
            .await?;
    }
    writer.finish().await?;
    transaction.commit().await?;
    Ok(())
}

/// The baseline: one upsert per crate and per version, 128 in flight on one
/// connection, each its own transaction. Returns the time and the versions
/// written.
async fn per_row_upserts(
    db: &TestDatabase,
    files: &[CrateFile],
    limit: usize,
) -> Result<(Duration, usize), Error> {
    let client = db.database().client().await?;
    let crate_upsert = crates::crate_insert();
    let version_upsert = VersionUpsert::prepare(&client).await?;
    let mut subset = Vec::new();
    let mut count = 0;
    for file in files {
        if count >= limit {
            break;
        }
        if let Some(name) = file.crate_name() {
            count += file.entries.len();
            subset.push((name, file));
        }
    }
    let started = Instant::now();
    let ids: Vec<i64> = futures::stream::iter(subset.iter())
        .map(|(name, _)| crate_upsert.bind(&client, name).one())
        .buffered(128)
        .try_collect()
        .await?;
    let versions: Vec<(i64, &str, &[u8], bool)> = subset
        .iter()
        .zip(&ids)
        .flat_map(|((_, file), id)| {
            file.entries.iter().map(move |entry| {
                (
                    *id,
                    entry.version.as_str(),
                    entry.checksum.as_slice(),
                    entry.yanked,
                )
            })
        })
        .collect();
    let written: Vec<i64> = futures::stream::iter(versions.iter())
        .map(|(id, version, checksum, yanked)| {
            version_upsert.run(&client, *id, version, checksum, *yanked)
        })
        .buffered(128)
        .try_collect()
        .await?;
    Ok((started.elapsed(), written.len()))
}

fn bundle() -> Option<PathBuf> {
    let path = std::env::var_os("BUILDSRS_INDEX_BUNDLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/crates-io-index-2019.bundle")
        });
    path.exists().then_some(path)
}

fn run_git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
    let output = Command::new("git").args(args).current_dir(dir).output()?;
    if !output.status.success() {
        return Err(format!("git {args:?}: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    Ok(output.stdout)
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// How many times the floor and the full sync are each measured.
const ROUNDS: usize = 5;

/// The median of `durations`, which it sorts.
fn median(durations: &mut [Duration]) -> Duration {
    durations.sort();
    durations[durations.len() / 2]
}

fn secs(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

/// CPU model, cores and memory, for the figures' caption.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines().find_map(|line| {
                line.strip_prefix("model name")
                    .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .next()
                .and_then(|line| line.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map(|kib| format!("{} GB", kib / 1024 / 1024))
        .unwrap_or_default();
    format!("{cpu}, {cores} cores, {memory}")
}
