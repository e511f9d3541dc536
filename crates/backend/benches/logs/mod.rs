//! The log phase: chunks (ours) against per-line rows (the schema before
//! 0023), on the same server: bytes on disk per line of real compiler
//! output, lines appended per second by 16 writers, and reading 10,000 lines
//! from the middle of a 1M-line log.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use buildsrs_backend::{Backend, BuilderId, JobId, JobStage};

/// `cargo build -vv` of a small crate (see fixtures/logs/README.md).
const FIXTURE: &[u8] = include_bytes!("../../../../fixtures/logs/cargo-build-vv.log.zst");
const PER_LINE_TABLE: &str = include_str!("../sql/per_line_log_table.sql");
const PER_LINE_APPEND: &str = include_str!("../sql/per_line_log_append.sql");
const PER_LINE_READ: &str = include_str!("../sql/per_line_log_read.sql");
const RELATION_SIZE: &str = include_str!("../sql/relation_size.sql");

/// The most lines of an appended batch; a batch never wraps around the
/// fixture, so with its 215 lines each batch is the fixture's rest.
pub const BATCH: usize = 500;
/// Copies of the fixture stored to weigh bytes per line.
const COPIES: usize = 200;
/// The long log's lines, and the lines read from its middle.
const LONG_LOG: usize = 1_000_000;
const READ: i64 = 10_000;
const READ_ROUNDS: usize = 21;

/// What the phase measured, ours and the baseline's.
pub struct Measured {
    pub bytes_per_line: (f64, f64),
    pub lines_per_second: (f64, f64),
    pub read_ms: (f64, f64),
}

/// The fixture's lines.
pub fn fixture_lines() -> Vec<String> {
    let text = zstd::stream::decode_all(FIXTURE).expect("the fixture is zstd");
    String::from_utf8(text)
        .expect("the fixture is UTF-8")
        .lines()
        .map(|line| line.replace('\0', "\u{FFFD}"))
        .collect()
}

/// One way of storing lines: ours through the backend, or the baseline's
/// statement on its table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Store {
    Chunks,
    PerLine,
}

impl Store {
    /// Appends `batch` to `job` from line `first`; the job's line count after.
    async fn append(
        self,
        backend: &Backend,
        builder: BuilderId,
        job: JobId,
        first: i64,
        batch: &[String],
    ) -> i64 {
        match self {
            Self::Chunks => backend
                .append_logs(builder, job, JobStage::Init, first, batch)
                .await
                .unwrap(),
            Self::PerLine => {
                let client = backend.database().client().await.unwrap();
                let sql = per_line(PER_LINE_APPEND);
                let statement = client.prepare_cached(&sql).await.unwrap();
                let stage = "init";
                let row = client
                    .query_one(&statement, &[&batch, &job.0, &builder.0, &first, &stage])
                    .await
                    .unwrap();
                row.get(0)
            }
        }
    }

    /// Reads `READ` lines of `job` from `from`; how many came back.
    async fn read(self, backend: &Backend, job: JobId, from: i64) -> usize {
        match self {
            Self::Chunks => backend.logs(job, from, READ).await.unwrap().len(),
            Self::PerLine => {
                let client = backend.database().client().await.unwrap();
                let statement = client
                    .prepare_cached(&per_line(PER_LINE_READ))
                    .await
                    .unwrap();
                client
                    .query(&statement, &[&job.0, &from, &READ])
                    .await
                    .unwrap()
                    .len()
            }
        }
    }

    fn table(self) -> &'static str {
        match self {
            Self::Chunks => "job_log_chunks",
            Self::PerLine => "per_line_job_logs",
        }
    }
}

/// A statement of before the chunks, on the baseline's table.
fn per_line(sql: &str) -> String {
    sql.replace("job_logs", "per_line_job_logs")
}

/// Runs the phase on `jobs` (at least 16, each on a builder of its own).
pub async fn measure(backend: &Backend, jobs: &[(BuilderId, JobId)], phase: Duration) -> Measured {
    let client = backend.database().client().await.unwrap();
    client.batch_execute(PER_LINE_TABLE).await.unwrap();
    let lines = Arc::new(fixture_lines());
    let mut bytes = Vec::new();
    let mut rates = Vec::new();
    let mut reads = Vec::new();
    for (index, store) in [Store::Chunks, Store::PerLine].into_iter().enumerate() {
        let writers = &jobs[index * 16..index * 16 + 16];
        bytes.push(bytes_per_line(backend, store, writers[0], &lines).await);
        rates.push(append_rate(backend, store, &writers[1..], &lines, phase).await);
        reads.push(read_ms(backend, store, writers[0], &lines).await);
    }
    Measured {
        bytes_per_line: (bytes[0], bytes[1]),
        lines_per_second: (rates[0], rates[1]),
        read_ms: (reads[0], reads[1]),
    }
}

/// The batch of up to [`BATCH`] lines from line `offset` of the fixture
/// repeated: never past its end, so no batch holds a line twice (which
/// would flatter compression).
fn batch_at(lines: &[String], offset: usize) -> Vec<String> {
    let start = offset % lines.len();
    lines[start..lines.len().min(start + BATCH)].to_vec()
}

/// Appends at least `total` lines of the fixture repeated to `job`.
async fn fill(
    backend: &Backend,
    store: Store,
    (builder, job): (BuilderId, JobId),
    lines: &[String],
    total: usize,
) {
    let mut next = backend.job(job).await.unwrap().unwrap().log_lines;
    let mut written = 0;
    while written < total {
        let batch = batch_at(lines, written);
        next = store.append(backend, builder, job, next, &batch).await;
        written += batch.len();
    }
}

/// The store's bytes on disk per line after `COPIES` copies of the fixture.
async fn bytes_per_line(
    backend: &Backend,
    store: Store,
    job: (BuilderId, JobId),
    lines: &[String],
) -> f64 {
    let total = lines.len() * COPIES;
    fill(backend, store, job, lines, total).await;
    let client = backend.database().client().await.unwrap();
    let size: i64 = client
        .query_one(RELATION_SIZE, &[&store.table()])
        .await
        .unwrap()
        .get(0);
    size as f64 / total as f64
}

/// Lines per second of 15 writers, each on a job of its own, in batches.
async fn append_rate(
    backend: &Backend,
    store: Store,
    jobs: &[(BuilderId, JobId)],
    lines: &Arc<Vec<String>>,
    phase: Duration,
) -> f64 {
    let appended = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + phase;
    let mut writers = Vec::new();
    for (writer, (builder, job)) in jobs.iter().copied().enumerate() {
        let (backend, appended, lines) =
            (backend.clone(), Arc::clone(&appended), Arc::clone(lines));
        writers.push(tokio::spawn(async move {
            let mut next = backend.job(job).await.unwrap().unwrap().log_lines;
            let mut offset = writer * 997;
            while Instant::now() < deadline {
                let batch = batch_at(&lines, offset);
                offset += batch.len();
                next = store.append(&backend, builder, job, next, &batch).await;
                appended.fetch_add(batch.len() as u64, Ordering::Relaxed);
            }
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    appended.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// The median milliseconds of reading `READ` lines from the middle of a
/// log of `LONG_LOG` lines (the job's log is grown to that first).
async fn read_ms(
    backend: &Backend,
    store: Store,
    job: (BuilderId, JobId),
    lines: &[String],
) -> f64 {
    let stored = backend.job(job.1).await.unwrap().unwrap().log_lines as usize;
    fill(backend, store, job, lines, LONG_LOG.saturating_sub(stored)).await;
    let mut times = Vec::new();
    for round in 0..READ_ROUNDS {
        let from = (LONG_LOG as i64 / 2) + round as i64 * 7_919;
        let started = Instant::now();
        let read = store.read(backend, job.1, from).await;
        times.push(started.elapsed());
        assert_eq!(read as i64, READ);
    }
    times.sort();
    times[READ_ROUNDS / 2].as_secs_f64() * 1e3
}
