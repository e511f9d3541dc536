//! Fault test: the test's own PostgreSQL cluster is crashed (`pg_ctl stop -m
//! immediate`) and started again while claims, completions, log appends,
//! download counting, a bus listener and a log follower run against it.

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use buildsrs_backend::BuildResult;
use buildsrs_backend::artifacts::NewArtifact;
use buildsrs_backend::bus::{Bus, BusOptions, Channel, Notification, Subscription};
use buildsrs_backend::downloads::{DownloadCounter, download_flusher};
use buildsrs_backend::jobs::Outcome;
use buildsrs_backend::{ArtifactId, Backend, BuilderId, Config, Error, JobId, JobStage, TaskKind};
use buildsrs_cluster::Cluster;
use buildsrs_database::{ConnectionConfig, Database, PoolOptions};
use tokio::task::JoinHandle;

use crate::operator::Operator as _;
use crate::support::{DownloadReads as _, TARGET, add_versions, key};

async fn add_builder(backend: &Backend, seed: u8) -> BuilderId {
    let builder = backend
        .register_builder(&key(seed), &format!("builder {seed}"), true)
        .await
        .unwrap();
    backend
        .set_builder_target(builder, TARGET, true)
        .await
        .unwrap();
    builder
}

/// Appends batches of five lines until `stop`, retrying a batch whose answer
/// was lost: if the server says the job already has its lines, the lost
/// answer was a commit. Returns the lines the job holds, as acknowledged.
async fn write_logs(
    backend: Backend,
    builder: BuilderId,
    job: JobId,
    stop: Arc<AtomicBool>,
    figures: Arc<Figures>,
) -> i64 {
    let mut next = 0i64;
    while !stop.load(Ordering::Relaxed) {
        let batch: Vec<String> = (next..next + 5)
            .map(|line| format!("line-{line}"))
            .collect();
        loop {
            match backend
                .append_logs(builder, job, JobStage::Init, next, &batch)
                .await
            {
                Ok(count) => {
                    assert_eq!(count, next + 5);
                    next = count;
                    break;
                }
                Err(Error::LogOutOfOrder { expected, .. }) if expected == next + 5 => {
                    figures
                        .lost_answers_that_committed
                        .fetch_add(1, Ordering::Relaxed);
                    next = expected;
                    break;
                }
                Err(Error::Database(_)) => {
                    figures.failed_requests.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(other) => panic!("append at line {next}: {other}"),
            }
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    next
}

/// Claims and completes jobs until `stop`; counts completions after the
/// restart in `after_restart` once `restarted` is set.
async fn claim_and_complete(
    backend: Backend,
    builder: BuilderId,
    stop: Arc<AtomicBool>,
    restarted: Arc<AtomicBool>,
    figures: Arc<Figures>,
) {
    while !stop.load(Ordering::Relaxed) {
        let claimed = match backend.claim(builder).await {
            Ok(Some(job)) => job,
            Ok(None) => panic!("the queue never runs dry in this test"),
            Err(Error::Database(_)) => {
                figures.failed_requests.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
            Err(other) => panic!("claim: {other}"),
        };
        // A completion whose answer was lost leaves the job active under
        // its lease; the test does not retry it (the rescuer would).
        match backend
            .complete(builder, claimed.id, &Outcome::of(BuildResult::Succeeded))
            .await
        {
            Ok(_) => {
                figures.completed.fetch_add(1, Ordering::Relaxed);
                if restarted.load(Ordering::Relaxed) {
                    figures
                        .completed_after_restart
                        .fetch_add(1, Ordering::Relaxed);
                }
            }
            Err(Error::Database(_)) => {
                figures.failed_requests.fetch_add(1, Ordering::Relaxed);
            }
            Err(other) => panic!("complete: {other}"),
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[derive(Debug, Default)]
struct Figures {
    completed: AtomicU64,
    completed_after_restart: AtomicU64,
    failed_requests: AtomicU64,
    lost_answers_that_committed: AtomicU64,
    downloads_recorded: AtomicU64,
    follower_errors: AtomicU64,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn after_a_postgres_crash_under_load_pools_bus_logs_and_download_counts_recover() {
    let started = Instant::now();
    let (cluster, database, backend) = durable_backend().await;
    let bus = fault_bus(&database).await;
    let mut work = bus.listen(Channel::Work, 100_000);
    let (logger, log_job, artifacts) = logged_job(&backend).await;

    let stop = Arc::new(AtomicBool::new(false));
    let restarted = Arc::new(AtomicBool::new(false));
    let figures = Arc::new(Figures::default());
    let mut load = Vec::new();
    for seed in 2..5 {
        let builder = add_builder(&backend, seed).await;
        load.push(tokio::spawn(claim_and_complete(
            backend.clone(),
            builder,
            stop.clone(),
            restarted.clone(),
            figures.clone(),
        )));
    }
    let writer = tokio::spawn(write_logs(
        backend.clone(),
        logger,
        log_job,
        stop.clone(),
        figures.clone(),
    ));
    let follower = spawn_follower(backend.clone(), bus.clone(), log_job, figures.clone());
    let downloads = Downloads::start(&backend, artifacts, stop.clone(), figures.clone());

    // Load for a while, then crash the server and bring it back.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert!(
        figures.completed.load(Ordering::Relaxed) > 0,
        "the load runs before the crash"
    );
    let crashed_at = Instant::now();
    crash_and_restart(&cluster).await;
    restarted.store(true, Ordering::Relaxed);
    let down_for = crashed_at.elapsed();
    wait_for_the_pool(&database).await;
    let recovered_after = crashed_at.elapsed();
    assert_gap_then_delivery(&mut work, &database, &backend).await;

    // More load after the restart, then stop everything.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    stop.store(true, Ordering::Relaxed);
    for task in load {
        task.await.unwrap();
    }
    let lines_written = writer.await.unwrap();
    assert!(
        figures.completed_after_restart.load(Ordering::Relaxed) > 0,
        "claims and completions work after the restart"
    );
    backend
        .complete(logger, log_job, &Outcome::of(BuildResult::Succeeded))
        .await
        .unwrap();
    assert_every_line_stored_and_followed_once(&backend, log_job, lines_written, follower).await;
    let (recorded, counted) = downloads.finish(&backend, &figures).await;

    println!(
        "postgres crash under load: down for {down_for:?}, pool serving again {recovered_after:?} \
         after the crash; {} jobs completed ({} after the restart), {} requests failed during \
         the outage, {} log batches committed with their answer lost; {lines_written} log \
         lines stored and followed ({} follower errors resumed); {recorded} downloads \
         recorded, {counted} counted; {:?} in all",
        figures.completed.load(Ordering::Relaxed),
        figures.completed_after_restart.load(Ordering::Relaxed),
        figures.failed_requests.load(Ordering::Relaxed),
        figures.lost_answers_that_committed.load(Ordering::Relaxed),
        figures.follower_errors.load(Ordering::Relaxed),
        started.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// A migrated database on a cluster of its own, with 5,000 waiting tasks.
/// synchronous_commit=on: the throwaway default (off) lets a crash lose
/// commits that were acknowledged, which a production server does not.
async fn durable_backend() -> (Arc<Cluster>, Database, Backend) {
    let cluster = Arc::new(
        tokio::task::spawn_blocking(|| Cluster::start_throwaway_with(&["synchronous_commit=on"]))
            .await
            .unwrap()
            .unwrap(),
    );
    let config = ConnectionConfig::from_str(&cluster.url()).unwrap();
    let options = PoolOptions {
        connect_timeout: Duration::from_secs(5),
        ..PoolOptions::default()
    };
    let database = Database::connect_with(config, &options).await.unwrap();
    database.migrate().await.unwrap();
    let backend = Backend::new(
        database.clone(),
        Config {
            lease: Duration::from_secs(120),
            ..Config::default()
        },
    );
    backend.add_target(TARGET, true).await.unwrap();
    add_versions(&database, "before", 5_000).await;
    backend.create_tasks(&[TaskKind::Binary]).await.unwrap();
    (cluster, database, backend)
}

/// A bus that notices a lost connection and reconnects within a second.
async fn fault_bus(database: &Database) -> Bus {
    Bus::connect(
        database.config().clone(),
        BusOptions {
            application_name: "faults-bus".to_owned(),
            reconnect_delay: Duration::from_millis(100),
            max_reconnect_delay: Duration::from_millis(500),
            ping_interval: Duration::from_millis(500),
            ping_timeout: Duration::from_secs(1),
        },
    )
    .await
    .unwrap()
}

/// The job whose log is written and followed, its builder, and the four
/// artifacts whose downloads are counted.
async fn logged_job(backend: &Backend) -> (BuilderId, JobId, Vec<ArtifactId>) {
    let logger = add_builder(backend, 1).await;
    let log_job = backend.claim(logger).await.unwrap().unwrap().id;
    let mut artifacts = Vec::new();
    for index in 0..4 {
        let artifact = NewArtifact {
            name: format!("file-{index}"),
            sha256: [index; 32],
            size: 1,
        };
        artifacts.push(
            backend
                .add_artifact(logger, log_job, &artifact)
                .await
                .unwrap(),
        );
    }
    (logger, log_job, artifacts)
}

/// Follows the log until the job ends; on an error it follows again from
/// the next line, as the HTTP stream's clients do with Last-Event-ID.
fn spawn_follower(
    backend: Backend,
    bus: Bus,
    job: JobId,
    figures: Arc<Figures>,
) -> JoinHandle<Vec<(i64, String)>> {
    tokio::spawn(async move {
        let mut seen: Vec<(i64, String)> = Vec::new();
        loop {
            let from = seen.last().map_or(0, |(number, _)| number + 1);
            let mut stream = backend.follow_logs(&bus, job, from, 4096);
            let mut failed = false;
            while let Some(line) = stream.next_line().await {
                match line {
                    Ok(line) => seen.push((line.number, line.line)),
                    Err(_) => {
                        figures.follower_errors.fetch_add(1, Ordering::Relaxed);
                        failed = true;
                    }
                }
            }
            if !failed {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
}

/// Downloads recorded every half millisecond, counted in memory and
/// flushed every 50 ms by the flusher.
struct Downloads {
    counter: Arc<DownloadCounter>,
    artifacts: Vec<ArtifactId>,
    flusher_stop: tokio::sync::oneshot::Sender<()>,
    flusher: JoinHandle<Result<(), Error>>,
    recorder: JoinHandle<()>,
}

impl Downloads {
    fn start(
        backend: &Backend,
        artifacts: Vec<ArtifactId>,
        stop: Arc<AtomicBool>,
        figures: Arc<Figures>,
    ) -> Self {
        let counter = Arc::new(DownloadCounter::new());
        let (flusher_stop, flusher_stopped) = tokio::sync::oneshot::channel::<()>();
        let flusher = {
            let counter = counter.clone();
            let backend = backend.clone();
            tokio::spawn(async move {
                download_flusher(&counter, backend, Duration::from_millis(50), async {
                    let _ = flusher_stopped.await;
                })
                .await
            })
        };
        let recorder = {
            let counter = counter.clone();
            let artifacts = artifacts.clone();
            tokio::spawn(async move {
                let mut index = 0;
                while !stop.load(Ordering::Relaxed) {
                    counter.record(artifacts[index % artifacts.len()]);
                    figures.downloads_recorded.fetch_add(1, Ordering::Relaxed);
                    index += 1;
                    tokio::time::sleep(Duration::from_micros(500)).await;
                }
            })
        };
        Self {
            counter,
            artifacts,
            flusher_stop,
            flusher,
            recorder,
        }
    }

    /// Stops recording, lets the final flush write what the failed flushes
    /// kept, and checks that counting was at least once and at most a
    /// flush's worth more; returns (recorded, counted).
    async fn finish(self, backend: &Backend, figures: &Figures) -> (i64, i64) {
        self.recorder.await.unwrap();
        let _ = self.flusher_stop.send(());
        self.flusher
            .await
            .unwrap()
            .expect("the final flush succeeds");
        assert_eq!(self.counter.pending(), 0);
        let mut counted = 0;
        for artifact in &self.artifacts {
            counted += backend.downloads_total(*artifact).await.unwrap();
        }
        let recorded = figures.downloads_recorded.load(Ordering::Relaxed) as i64;
        // At least once: a flush whose commit survived but whose answer was
        // lost is put back and written again, the one way to count more.
        assert!(
            counted >= recorded,
            "no download is lost: {counted} counted of {recorded} recorded"
        );
        assert!(
            counted - recorded <= recorded / 10,
            "at most a flush's worth counted twice: {counted} counted of {recorded} recorded"
        );
        (recorded, counted)
    }
}

/// Crashes the server (`pg_ctl stop -m immediate`) and starts it again
/// 0.7 s later.
async fn crash_and_restart(cluster: &Arc<Cluster>) {
    let crash = cluster.clone();
    tokio::task::spawn_blocking(move || crash.stop_immediately())
        .await
        .unwrap()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    let restart = cluster.clone();
    tokio::task::spawn_blocking(move || restart.start())
        .await
        .unwrap()
        .unwrap();
}

/// Waits until the pool serves again, then checks that it hands out no
/// broken connection.
async fn wait_for_the_pool(database: &Database) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while database.health().await.is_err() {
        assert!(Instant::now() < deadline, "the pool recovers within 15 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for _ in 0..32 {
        database
            .health()
            .await
            .expect("every pooled connection works");
    }
}

/// The bus reports the gap, then delivers new work again.
async fn assert_gap_then_delivery(work: &mut Subscription, database: &Database, backend: &Backend) {
    let gap = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match work.recv().await.expect("the bus runs") {
                Notification::Gap => return,
                Notification::Message(_) => {}
            }
        }
    })
    .await;
    assert!(gap.is_ok(), "the bus reports a gap after the crash");
    add_versions(database, "after", 10).await;
    backend.create_tasks(&[TaskKind::Binary]).await.unwrap();
    let resumed = tokio::time::timeout(Duration::from_secs(5), work.recv())
        .await
        .expect("a notification after the gap")
        .expect("the bus runs");
    assert!(
        matches!(resumed, Notification::Message(_)),
        "{resumed:?} after the gap"
    );
}

/// Every acknowledged line is stored once, in order, and the follower saw
/// each of them exactly once.
async fn assert_every_line_stored_and_followed_once(
    backend: &Backend,
    job: JobId,
    lines_written: i64,
    follower: JoinHandle<Vec<(i64, String)>>,
) {
    let expected: Vec<(i64, String)> = (0..lines_written)
        .map(|line| (line, format!("line-{line}")))
        .collect();
    let stored: Vec<(i64, String)> = backend
        .logs(job, 0, lines_written + 100)
        .await
        .unwrap()
        .into_iter()
        .map(|line| (line.number, line.line))
        .collect();
    assert_eq!(stored, expected, "no acknowledged log line is lost");
    let followed = tokio::time::timeout(Duration::from_secs(10), follower)
        .await
        .expect("the follower ends with the job")
        .unwrap();
    assert_eq!(followed, expected, "the follower loses and repeats no line");
}
