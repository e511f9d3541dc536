//! `run --metrics-listen`: what an operator's alerts read, scraped over real
//! HTTP from the real binary.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::process::binary;
use crate::{IndexRepo, test_database};

/// A loopback address nothing listens on (yet).
fn free_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

/// The `run` service over `git`, serving metrics at `address`.
fn start(db: &buildsrs_database::temp::TestDatabase, git: &str, address: &str) -> Child {
    binary(
        db,
        &[
            "run",
            "--git",
            git,
            "--interval",
            "1h",
            "--migrate",
            "false",
            "--metrics-listen",
            address,
        ],
    )
    .stdout(Stdio::null())
    .spawn()
    .unwrap()
}

/// Scrapes until `ready` accepts the text (or fails after 60 s).
async fn scrape_until(address: &str, ready: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    let mut last = String::new();
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(response) = reqwest::get(format!("http://{address}/metrics")).await {
            last = response.text().await.unwrap_or_default();
            if ready(&last) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the metrics never became ready; last scrape:\n{last}");
}

/// The value of the sample `name` (with its labels, as written).
fn sample(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no sample {name} in:\n{text}"))
        .trim()
        .parse()
        .unwrap()
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test]
async fn metrics_report_the_last_pass_and_how_fresh_the_mirror_is() {
    let db = test_database().await;
    let repo = IndexRepo::from_fixtures();
    let address = free_address();
    let child = start(&db, &repo.path().display().to_string(), &address);
    let text = scrape_until(&address, |text| {
        text.contains("registry_sync_passes_total{result=\"ok\"} 1")
    })
    .await;
    stop(child);
    assert_eq!(sample(&text, "registry_sync_last_pass_succeeded"), 1.0);
    assert_eq!(sample(&text, "registry_sync_lock_held"), 1.0);
    let since = sample(&text, "registry_sync_seconds_since_last_success");
    assert!((0.0..60.0).contains(&since), "{since}");
    assert!(sample(&text, "registry_sync_last_pass_duration_seconds") > 0.0);
    assert!(sample(&text, "registry_sync_last_success_timestamp_seconds") > 1.7e9);
}

#[tokio::test]
async fn a_mirror_that_never_synced_is_infinitely_stale_and_its_failures_are_counted() {
    let db = test_database().await;
    let address = free_address();
    let child = start(&db, "/nonexistent/index.git", &address);
    let text = scrape_until(&address, |text| {
        text.contains("registry_sync_passes_total{result=\"failed\"} 1")
    })
    .await;
    stop(child);
    assert_eq!(
        sample(&text, "registry_sync_seconds_since_last_success"),
        f64::INFINITY
    );
    assert_eq!(sample(&text, "registry_sync_last_pass_succeeded"), 0.0);
}

#[tokio::test]
async fn a_metrics_address_in_use_stops_the_service_at_start_naming_it() {
    let db = test_database().await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let output = binary(
        &db,
        &[
            "run",
            "--git",
            "/nonexistent",
            "--migrate",
            "false",
            "--metrics-listen",
            &address,
        ],
    )
    .output()
    .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen for metrics on {address}")),
        "{stderr}"
    );
    assert!(stderr.contains("in use"), "{stderr}");
}
