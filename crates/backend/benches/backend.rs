//! `just bench-backend`: throughput of the backend's hot paths against the
//! naive way, measured in the same run on the same database server.
//!
//! - claim + complete cycles/s, 16 concurrent claimers over 50k queued tasks,
//!   the SKIP LOCKED claim against a naive claim (a transaction that locks
//!   the first waiting task, waiting for it, then starts the job) and against
//!   our own one-statement claim without SKIP LOCKED; and claims of up to
//!   four jobs at once (a builder's free slots) over `BENCH_QUEUED` (2M)
//!   waiting tasks;
//! - download events/s through the batched counter against one UPSERT per
//!   event;
//! - logs as compressed chunks against per-line rows (the schema before
//!   0023): bytes on disk per line of real `cargo build -vv` output, lines/s
//!   appended by 15 writers in batches of the fixture's lines, and the median time to read
//!   10,000 lines from the middle of a 1M-line log;
//! - scheduling (2M versions unless `BENCH_VERSIONS` says otherwise): the
//!   first pass over the change feed of every version, then 1,000 new
//!   versions on top and a pass with nothing new, against the full scan that
//!   creates the missing tasks of every version in one statement.
//!
//! `BENCH_SECONDS` (default 5) sets how long each timed phase runs, and
//! `BENCH_PHASES` (default `claims,downloads,logs,scheduling`) which run. The
//! database is a `TestDatabase` clone: the run's throwaway cluster (no
//! fsync), or `DATABASE_URL`'s server.

mod baselines;
mod logs;
mod operator;
mod seed;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use buildsrs_backend::BuildResult;
use buildsrs_backend::artifacts::NewArtifact;
use buildsrs_backend::downloads::DownloadCounter;
use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::{
    ArtifactId, Backend, BuilderId, Config, Error, JobId, SchedulerConfig, TaskKind,
};
use buildsrs_database::PoolOptions;
use buildsrs_database::temp::TestDatabase;
use chrono::NaiveDate;
use ssh_key::PublicKey;
use ssh_key::public::{Ed25519PublicKey, KeyData};
use tokio_postgres::error::SqlState;

use crate::baselines::{BaselineClaim, DOWNLOAD_ADD_ONE};
use crate::operator::Operator as _;
use crate::seed::NewVersion;

const TARGET: &str = "x86_64-unknown-linux-gnu";
const CLAIMERS: usize = 16;
const QUEUED_TASKS: usize = 50_000;
/// Planner statistics after the bulk load, as autovacuum would gather.
const ANALYZE_QUEUE: &str = include_str!("sql/analyze_queue.sql");

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

/// One line of the result table.
struct Row {
    what: &'static str,
    ours: f64,
    naive: Option<f64>,
    unit: &'static str,
    target: &'static str,
}

async fn run() {
    let seconds: u64 = env_number("BENCH_SECONDS", 5);
    let versions: usize = env_number("BENCH_VERSIONS", 2_000_000);
    let queued: usize = env_number("BENCH_QUEUED", 2_000_000);
    let phase = Duration::from_secs(seconds);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let server = if std::env::var("DATABASE_URL").is_ok() {
        "DATABASE_URL's server"
    } else {
        "the throwaway test cluster (fsync off)"
    };
    println!(
        "buildsrs-backend benchmark: {cores} cores, Postgres on {server}, {seconds} s per phase"
    );

    let phases = std::env::var("BENCH_PHASES")
        .unwrap_or_else(|_| "claims,downloads,logs,scheduling".to_owned());
    let runs = |name: &str| phases.split(',').any(|phase| phase.trim() == name);
    let mut rows = Vec::new();
    if runs("claims") {
        claim_rows(queued, phase, &mut rows).await;
    }
    if runs("downloads") {
        download_rows(phase, &mut rows).await;
    }
    if runs("logs") {
        log_rows(phase, &mut rows).await;
    }
    let scheduling = if runs("scheduling") {
        eprintln!("scheduling on {versions} versions ...");
        let scheduling = scheduling(versions).await;
        rows.push(Row {
            what: "first scheduling pass over every version",
            ours: versions as f64 / scheduling.first_pass.as_secs_f64(),
            naive: Some(versions as f64 / scheduling.full_scan_first.as_secs_f64()),
            unit: "tasks/s",
            target: "2M in seconds",
        });
        Some(scheduling)
    } else {
        None
    };

    print_table(&rows);
    if let Some(scheduling) = &scheduling {
        print_scheduling(versions, scheduling);
    }
}

/// The download phase: the batched counter against one statement per event.
async fn download_rows(phase: Duration, rows: &mut Vec<Row>) {
    eprintln!("downloads ...");
    let (batched, per_event) = downloads(phase).await;
    rows.push(Row {
        what: "download events, batched counter",
        ours: batched,
        naive: Some(per_event),
        unit: "events/s",
        target: ">= 100,000/s, >= 50x",
    });
}

/// The log phases: chunks against per-line rows, on disk, written and read.
async fn log_rows(phase: Duration, rows: &mut Vec<Row>) {
    eprintln!("logs ...");
    let measured = log_phase(phase).await;
    rows.push(Row {
        what: "log bytes on disk per line, cargo -vv",
        ours: measured.bytes_per_line.0,
        naive: Some(measured.bytes_per_line.1),
        unit: "bytes",
        target: "<= 0.1x per-line rows",
    });
    rows.push(Row {
        what: "log appends, 215-line batches, 15 jobs",
        ours: measured.lines_per_second.0,
        naive: Some(measured.lines_per_second.1),
        unit: "lines/s",
        target: ">= per-line rows",
    });
    rows.push(Row {
        what: "reading 10k lines of a 1M-line log",
        ours: measured.read_ms.0,
        naive: Some(measured.read_ms.1),
        unit: "ms",
        target: "< 20 ms",
    });
}

/// The claim phases: ours (one and four slots) against both baselines.
async fn claim_rows(queued: usize, phase: Duration, rows: &mut Vec<Row>) {
    eprintln!("claims ...");
    // Our claims first: a phase right after the naive one measured a
    // quarter of its rate alone, while the server still cleaned up.
    let slots = claims(Claiming::Slots(4), queued, phase).await;
    let skip_locked = claims(Claiming::Slots(1), QUEUED_TASKS, phase).await;
    let naive = claims(
        Claiming::Baseline(BaselineClaim::Naive),
        QUEUED_TASKS,
        phase,
    )
    .await;
    let blocking = claims(
        Claiming::Baseline(BaselineClaim::Blocking),
        QUEUED_TASKS,
        phase,
    )
    .await;
    rows.push(Row {
        what: "claim + complete, 16 claimers, 50k tasks",
        ours: skip_locked,
        naive: Some(naive),
        unit: "cycles/s",
        target: ">= 3,000/s, >= 5x",
    });
    rows.push(Row {
        what: "claim 4 slots + complete, BENCH_QUEUED tasks",
        ours: slots,
        naive: Some(naive),
        unit: "cycles/s",
        target: ">= 3,200/s (durable)",
    });
    rows.push(Row {
        what: "  same, vs our claim without SKIP LOCKED",
        ours: skip_locked,
        naive: Some(blocking),
        unit: "cycles/s",
        target: "(second baseline)",
    });
}

/// The result table of the throughput phases.
fn print_table(rows: &[Row]) {
    println!();
    println!(
        "| {:<42} | {:>14} | {:>14} | {:>7} | {:<9} | {:<22} |",
        "measure", "buildsrs", "naive", "ratio", "unit", "target"
    );
    println!(
        "|{:-<44}|{:-<16}|{:-<16}|{:-<9}|{:-<11}|{:-<24}|",
        "", "", "", "", "", ""
    );
    for row in rows {
        let naive = row.naive.map_or("-".to_owned(), figure);
        let ratio = row
            .naive
            .map_or("-".to_owned(), |naive| format!("{:.2}x", row.ours / naive));
        println!(
            "| {:<42} | {:>14} | {:>14} | {:>7} | {:<9} | {:<22} |",
            row.what,
            figure(row.ours),
            naive,
            ratio,
            row.unit,
            row.target
        );
    }
}

/// A measured value: whole numbers, one decimal below 100.
fn figure(value: f64) -> String {
    if value < 100.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    }
}

/// The scheduling phase's passes against the full scan.
fn print_scheduling(versions: usize, scheduling: &Scheduling) {
    println!();
    println!(
        "scheduling on {versions} versions (inserted in {:.1} s): medians of {ROUNDS} rounds, \
         against the full scan that creates the missing tasks of every version",
        scheduling.setup.as_secs_f64()
    );
    println!(
        "| {:<42} | {:>11} | {:>11} | {:<9} |",
        "pass", "scheduler", "full scan", "target"
    );
    println!("|{:-<44}|{:-<13}|{:-<13}|{:-<11}|", "", "", "", "");
    for (what, ours, scan, target) in [
        (
            "1,000 new versions",
            scheduling.new_versions,
            scheduling.full_scan_new,
            "< 100 ms",
        ),
        (
            "nothing new",
            scheduling.nothing_new,
            scheduling.full_scan_nothing,
            "< 10 ms",
        ),
    ] {
        println!(
            "| {:<42} | {:>8.2} ms | {:>8.0} ms | {:<9} |",
            what,
            ours.as_secs_f64() * 1e3,
            scan.as_secs_f64() * 1e3,
            target
        );
    }
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// A database with a backend whose pool fits every concurrent worker, one
/// target, and `builders` builders of it.
async fn setup(builders: u8) -> (TestDatabase, Backend, Vec<BuilderId>) {
    setup_with(builders, Config::default()).await
}

/// [`setup`] with a backend of `config`.
async fn setup_with(builders: u8, config: Config) -> (TestDatabase, Backend, Vec<BuilderId>) {
    let test = TestDatabase::new().await.unwrap();
    let options = PoolOptions {
        pool_size: 40,
        ..PoolOptions::default()
    };
    let database = test.connect(&options).await.unwrap();
    let backend = Backend::new(database, config);
    backend.add_target(TARGET, true).await.unwrap();
    let mut ids = Vec::new();
    for seed in 0..builders {
        let key = PublicKey::new(KeyData::Ed25519(Ed25519PublicKey([seed; 32])), "bench");
        let builder = backend.register_builder(&key, "bench", true).await.unwrap();
        backend
            .set_builder_target(builder, TARGET, true)
            .await
            .unwrap();
        ids.push(builder);
    }
    (test, backend, ids)
}

/// Inserts `count` versions, 20 per crate, in batches, naming crates from
/// `crate-{first_crate}` on; returns how long it took.
async fn add_versions(backend: &Backend, count: usize, first_crate: usize) -> Duration {
    let started = Instant::now();
    let client = backend.database().client().await.unwrap();
    const BATCH: usize = 50_000;
    let mut added = 0;
    let mut next_crate = first_crate;
    while added < count {
        let batch = BATCH.min(count - added);
        let crates = batch.div_ceil(20);
        let names: Vec<String> = (next_crate..next_crate + crates)
            .map(|index| format!("crate-{index}"))
            .collect();
        next_crate += crates;
        let crate_ids = seed::insert_crates(&client, &names).await.unwrap();
        let versions: Vec<NewVersion> = (0..batch)
            .map(|index| NewVersion {
                crate_id: crate_ids[index / 20],
                version: format!("1.0.{}", index % 20),
                checksum: vec![0u8; 32],
                yanked: false,
            })
            .collect();
        seed::insert_versions(&client, &versions).await.unwrap();
        added += batch;
    }
    started.elapsed()
}

/// How claimers take their jobs.
#[derive(Clone, Copy)]
enum Claiming {
    /// Ours, up to this many jobs per claim (a builder's free slots).
    Slots(u32),
    /// One job per claim, as others would write it.
    Baseline(BaselineClaim),
}

impl Claiming {
    /// The jobs one claim of `builder` got.
    async fn claim(self, backend: &Backend, builder: BuilderId) -> Result<Vec<JobId>, Error> {
        match self {
            Self::Slots(slots) => {
                let jobs = backend.claim_many(builder, slots).await?;
                Ok(jobs.into_iter().map(|job| job.id).collect())
            }
            Self::Baseline(baseline) => {
                let claimed = baseline.claim(backend, builder).await?;
                Ok(claimed.map(|(job, _)| job).into_iter().collect())
            }
        }
    }
}

/// Claim + complete cycles (jobs) per second of 16 claimers over
/// `queued` waiting tasks.
async fn claims(claiming: Claiming, queued: usize, phase: Duration) -> f64 {
    let (_test, backend, builders) = setup(CLAIMERS as u8).await;
    add_versions(&backend, queued, 0).await;
    backend.create_tasks(&[TaskKind::Binary]).await.unwrap();
    let client = backend.database().client().await.unwrap();
    client.batch_execute(ANALYZE_QUEUE).await.unwrap();
    drop(client);
    let cycles = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + phase;
    let mut claimers = Vec::new();
    for builder in builders {
        let backend = backend.clone();
        let cycles = Arc::clone(&cycles);
        claimers.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                // A claim that waited for a row another claim took finds
                // nothing; with the queue full there is always more work.
                let jobs = match claiming.claim(&backend, builder).await {
                    Ok(jobs) => jobs,
                    // A claim that waits keeps the locks of rows it waited
                    // for and then passed over, so it can deadlock with a
                    // batch of completions: the server aborts one, and the
                    // claimer tries again.
                    Err(error) if error.sql_state() == Some(&SqlState::T_R_DEADLOCK_DETECTED) => {
                        continue;
                    }
                    Err(error) => panic!("{error}"),
                };
                for job in jobs {
                    backend
                        .complete(builder, job, &Outcome::of(BuildResult::Succeeded))
                        .await
                        .unwrap();
                    cycles.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for claimer in claimers {
        claimer.await.unwrap();
    }
    cycles.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// `count` artifacts of one running job.
async fn artifacts(backend: &Backend, builder: BuilderId, count: usize) -> Vec<ArtifactId> {
    add_versions(backend, 1, 0).await;
    backend.create_tasks(&[TaskKind::Binary]).await.unwrap();
    let job = backend.claim(builder).await.unwrap().unwrap();
    let mut ids = Vec::new();
    for index in 0..count {
        let artifact = NewArtifact {
            name: format!("file-{index}"),
            sha256: [0; 32],
            size: 1,
        };
        ids.push(
            backend
                .add_artifact(builder, job.id, &artifact)
                .await
                .unwrap(),
        );
    }
    ids
}

/// Download events per second: batched (4 recorders, a flush every 100 ms,
/// a final flush) and one UPSERT per event (16 writers).
async fn downloads(phase: Duration) -> (f64, f64) {
    let (_test, backend, builders) = setup(1).await;
    let ids = Arc::new(artifacts(&backend, builders[0], 1000).await);
    let dates: Arc<Vec<NaiveDate>> = Arc::new(
        (1..=30)
            .map(|day| NaiveDate::from_ymd_opt(2025, 4, day).unwrap())
            .collect(),
    );

    let counter = Arc::new(DownloadCounter::new());
    let events = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + phase;
    let flusher = {
        let counter = Arc::clone(&counter);
        let backend = backend.clone();
        tokio::spawn(async move {
            while Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(100)).await;
                counter.flush(&backend).await.unwrap();
            }
        })
    };
    let mut recorders = Vec::new();
    for recorder in 0..4u64 {
        let (counter, events, ids, dates) = (
            Arc::clone(&counter),
            Arc::clone(&events),
            Arc::clone(&ids),
            Arc::clone(&dates),
        );
        recorders.push(tokio::spawn(async move {
            let mut index = recorder as usize * 7919;
            while Instant::now() < deadline {
                for _ in 0..10_000 {
                    index = index.wrapping_add(7_919);
                    counter.record_on(ids[index % ids.len()], dates[index % dates.len()], 1);
                }
                events.fetch_add(10_000, Ordering::Relaxed);
                // Recording is synchronous; let the flusher run.
                tokio::task::yield_now().await;
            }
        }));
    }
    for recorder in recorders {
        recorder.await.unwrap();
    }
    flusher.await.unwrap();
    counter.flush(&backend).await.unwrap();
    let batched = events.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    (
        batched,
        per_event_downloads(&backend, ids, dates, phase).await,
    )
}

/// Download events per second of the baseline: 16 writers, one UPSERT per
/// event.
async fn per_event_downloads(
    backend: &Backend,
    ids: Arc<Vec<ArtifactId>>,
    dates: Arc<Vec<NaiveDate>>,
    phase: Duration,
) -> f64 {
    let events = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + phase;
    let mut writers = Vec::new();
    for writer in 0..16usize {
        let (backend, events, ids, dates) = (
            backend.clone(),
            Arc::clone(&events),
            Arc::clone(&ids),
            Arc::clone(&dates),
        );
        writers.push(tokio::spawn(async move {
            let client = backend.database().client().await.unwrap();
            let statement = client.prepare_cached(DOWNLOAD_ADD_ONE).await.unwrap();
            let mut index = writer * 7919;
            while Instant::now() < deadline {
                index = index.wrapping_add(7_919);
                client
                    .execute(
                        &statement,
                        &[
                            &ids[index % ids.len()].0,
                            &dates[index % dates.len()],
                            &1i64,
                        ],
                    )
                    .await
                    .unwrap();
                events.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    events.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// The log phase on 32 jobs, each of a builder of its own: 16 for chunks,
/// 16 for per-line rows; no cap, as the 1M-line log is far past the default.
async fn log_phase(phase: Duration) -> logs::Measured {
    let config = Config {
        max_log_bytes: i64::MAX,
        ..Config::default()
    };
    let (_test, backend, builders) = setup_with(32, config).await;
    add_versions(&backend, 32, 0).await;
    backend.create_tasks(&[TaskKind::Binary]).await.unwrap();
    let mut jobs: Vec<(BuilderId, JobId)> = Vec::new();
    for builder in &builders {
        jobs.push((*builder, backend.claim(*builder).await.unwrap().unwrap().id));
    }
    logs::measure(&backend, &jobs, phase).await
}

/// Rounds of the small scheduling passes; the median counts.
const ROUNDS: usize = 5;

/// What the scheduling phase measured.
struct Scheduling {
    /// Inserting the versions.
    setup: Duration,
    /// The scheduler's first pass: the feed of every version.
    first_pass: Duration,
    /// The full scan creating the same tasks on a copy of the queue.
    full_scan_first: Duration,
    /// A pass after 1,000 new versions (median).
    new_versions: Duration,
    /// The full scan after 1,000 new versions.
    full_scan_new: Duration,
    /// A pass with nothing new (median).
    nothing_new: Duration,
    /// The full scan with nothing to create.
    full_scan_nothing: Duration,
}

/// The scheduler on `versions` versions: its first pass, then rounds of
/// 1,000 new versions and of nothing new; each against the full scan.
async fn scheduling(versions: usize) -> Scheduling {
    let config = Config {
        scheduler: SchedulerConfig {
            kinds: vec![TaskKind::Binary],
            ..SchedulerConfig::default()
        },
        ..Config::default()
    };
    let (_test, backend, _) = setup_with(0, config.clone()).await;
    // The new target's backfill, while there are no versions yet.
    backend.schedule().await.unwrap();
    let setup = add_versions(&backend, versions, 0).await;
    let (first, first_pass) = timed(backend.schedule()).await;
    assert_eq!(first.unwrap().created as usize, versions);

    let (_scan_test, scan_backend, _) = setup_with(0, config).await;
    add_versions(&scan_backend, versions, 0).await;
    let (created, full_scan_first) = timed(scan_backend.create_tasks(&[TaskKind::Binary])).await;
    assert_eq!(created.unwrap() as usize, versions);

    let (new_versions, nothing_new) = scheduling_rounds(&backend, versions.div_ceil(20)).await;
    add_versions(&scan_backend, 1_000, versions.div_ceil(20)).await;
    let (created, full_scan_new) = timed(scan_backend.create_tasks(&[TaskKind::Binary])).await;
    assert_eq!(created.unwrap(), 1_000);
    let (created, full_scan_nothing) = timed(scan_backend.create_tasks(&[TaskKind::Binary])).await;
    assert_eq!(created.unwrap(), 0);
    Scheduling {
        setup,
        first_pass,
        full_scan_first,
        new_versions,
        full_scan_new,
        nothing_new,
        full_scan_nothing,
    }
}

/// The median pass of [`ROUNDS`] after 1,000 new versions each, and of the
/// pass right after it, which has nothing new; crates numbered from
/// `next_crate` on.
async fn scheduling_rounds(backend: &Backend, mut next_crate: usize) -> (Duration, Duration) {
    let mut new_versions = Vec::new();
    let mut nothing_new = Vec::new();
    for _ in 0..ROUNDS {
        add_versions(backend, 1_000, next_crate).await;
        next_crate += 1_000 / 20;
        let (pass, took) = timed(backend.schedule()).await;
        assert_eq!(pass.unwrap().created, 1_000);
        new_versions.push(took);
        let (pass, took) = timed(backend.schedule()).await;
        assert!(pass.unwrap().is_empty());
        nothing_new.push(took);
    }
    (median(new_versions), median(nothing_new))
}

/// What `future` gives and how long it took.
async fn timed<T>(future: impl Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let output = future.await;
    (output, started.elapsed())
}

fn median(mut durations: Vec<Duration>) -> Duration {
    durations.sort();
    durations[durations.len() / 2]
}
