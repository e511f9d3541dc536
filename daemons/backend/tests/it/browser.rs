//! The pages in a real browser: headless Chromium (Debian's `chromium`)
//! driven by playwright-core (`tests/browser/pages.mjs`) against a daemon on
//! loopback with real data. Each page renders with no policy violation or
//! script error, the job page shows lines appended after it opened, and a
//! hostile log line is shown as text. Screenshots land in
//! `target/pages-screenshots/`. Needs `chromium` and `npm ci` in
//! `tests/browser` (`.ci/run` does both); `BUILDSRS_SKIP_BROWSER=1` skips.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use buildsrs_backend_daemon::Settings;
use buildsrs_protocol::api::path;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::{Builder, Daemon};

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Why the browser test cannot run here, if it cannot.
fn missing_parts() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "no Chromium at {chromium} (apt install chromium, or set CHROMIUM)"
        ));
    }
    if !browser_dir().join("node_modules/playwright-core").is_dir() {
        return Some(format!(
            "playwright-core is not installed (npm ci --prefix {})",
            browser_dir().display()
        ));
    }
    None
}

#[tokio::test]
async fn the_pages_render_in_a_browser_and_the_job_page_follows_its_log_as_text() {
    if let Some(missing) = missing_parts() {
        assert!(
            std::env::var_os("BUILDSRS_SKIP_BROWSER").is_some(),
            "{missing}; BUILDSRS_SKIP_BROWSER=1 skips this test"
        );
        eprintln!("skipped: {missing}");
        return;
    }
    let daemon = Daemon::start(Settings::default()).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon
        .add_versions(&[("serde", "1.0.0"), ("serde", "1.0.1")])
        .await;
    let job = builder.claim_one().await.job;
    let first = json!({ "stage": "init", "first_line": 0, "lines": ["Compiling serde v1.0.1"] });
    assert_eq!(
        builder.post(&path::logs(job), first).await.status(),
        StatusCode::OK
    );
    let claimed: serde_json::Value = daemon
        .get(&format!("/api/v1/jobs/{job}"))
        .await
        .json()
        .await
        .unwrap();
    let version = daemon_version_of(&daemon, job).await;

    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/pages-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let mut node = Command::new("node")
        .arg(browser_dir().join("pages.mjs"))
        .args([&daemon.base, "serde", &version, &job.0.to_string()])
        .arg(&shots)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    let mut stdout = BufReader::new(node.stdout.take().unwrap());
    let said = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        (line, stdout)
    });
    let (line, stdout) = said.await.unwrap();
    if line.trim() != "following" {
        let output = node.wait_with_output().unwrap();
        panic!(
            "the browser did not follow the log: {line}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let lines = json!({
        "stage": "init",
        "first_line": 1,
        "lines": ["appended after the page opened", "<script>window.pwned = 1</script>"],
    });
    assert_eq!(
        builder.post(&path::logs(job), lines).await.status(),
        StatusCode::OK
    );
    writeln!(node.stdin.take().unwrap(), "appended").unwrap();
    let output = tokio::task::spawn_blocking(move || {
        let output = node.wait_with_output().unwrap();
        let mut rest = String::new();
        let mut stdout = stdout;
        std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
        (output, rest)
    })
    .await
    .unwrap();
    assert!(
        output.0.status.success(),
        "the browser check failed ({}): {}{}",
        output.0.status,
        output.1,
        String::from_utf8_lossy(&output.0.stderr)
    );
    assert_eq!(output.1.trim(), "ok");
    assert_eq!(claimed["state"], "active");
}

/// The version of the job's task, from the public API.
async fn daemon_version_of(daemon: &Daemon, job: buildsrs_protocol::api::JobId) -> String {
    for version in ["1.0.1", "1.0.0"] {
        let detail: serde_json::Value = daemon
            .get(&format!("/api/v1/crates/serde/{version}"))
            .await
            .json()
            .await
            .unwrap();
        if detail["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|found| found["id"] == job.0)
        {
            return version.to_owned();
        }
    }
    panic!("job {} is of no serde version", job.0)
}
