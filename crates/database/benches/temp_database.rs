//! How long a test waits for its database: a clone of the migrated template
//! (both copy strategies) against migrating an empty database from scratch,
//! each time including the first pooled connection. Target: under 100 ms per
//! clone. Run with `just bench` (uses DATABASE_URL's server if set, else a
//! throwaway cluster).

use std::time::{Duration, Instant};

use buildsrs_database::temp::{CloneStrategy, TestDatabase};

const ROUNDS: usize = 20;

#[tokio::main]
async fn main() {
    // Build the template (once per schema) before timing anything.
    drop(TestDatabase::new().await.expect("a test server"));

    let server = match std::env::var("DATABASE_URL") {
        Ok(_) => "DATABASE_URL's server",
        Err(_) => "a throwaway cluster (fsync off)",
    };
    println!(
        "test database set-up on {server}, {ROUNDS} rounds each, {} cores",
        num_cpus()
    );
    println!(
        "{:<40} {:>10} {:>10} {:>10}",
        "method", "median", "p90", "max"
    );

    let mut results = Vec::new();
    for (label, strategy) in [
        (
            "clone template, STRATEGY FILE_COPY",
            Some(CloneStrategy::FileCopy),
        ),
        (
            "clone template, STRATEGY WAL_LOG",
            Some(CloneStrategy::WalLog),
        ),
        ("empty database + all migrations", None),
    ] {
        let times = set_up_times(strategy).await;
        println!(
            "{label:<40} {:>10} {:>10} {:>10}",
            millis(times[ROUNDS / 2]),
            millis(times[ROUNDS * 9 / 10]),
            millis(times[ROUNDS - 1])
        );
        results.push((label, times[ROUNDS / 2]));
    }
    let (label, median) = results[0];
    let verdict = if median < Duration::from_millis(100) {
        "meets"
    } else {
        "MISSES"
    };
    println!(
        "{label}: median {} {verdict} the 100 ms target",
        millis(median)
    );
}

/// [`ROUNDS`] set-up times, shortest first: a clone by `strategy`, or an
/// empty database migrated from scratch.
async fn set_up_times(strategy: Option<CloneStrategy>) -> Vec<Duration> {
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let database = match strategy {
            Some(strategy) => TestDatabase::clone_template(strategy).await.unwrap(),
            None => {
                let database = TestDatabase::empty().await.unwrap();
                database.database().migrate().await.unwrap();
                database
            }
        };
        times.push(started.elapsed());
        drop(database);
    }
    times.sort();
    times
}

fn millis(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

fn num_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
