//! The pages in a real browser: headless Chromium (Debian's `chromium`)
//! driven by playwright-core (`tests/browser/pages.mjs`) against a daemon on
//! loopback with real data. Each page renders with no policy violation or
//! script error, the job page shows lines appended after it opened, and a
//! hostile log line is shown as text. Screenshots land in
//! `target/pages-screenshots/`. Needs `chromium` and `npm ci` in
//! `tests/browser` (`.ci/run` does both); `BUILDSRS_SKIP_BROWSER=1` skips.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

use buildsrs_backend_daemon::Settings;
use buildsrs_protocol::api::{ClaimedJob, path};
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
    let (builder, claimed) = seed(&daemon).await;
    let browser = {
        let (base, claimed) = (daemon.base.clone(), claimed.clone());
        tokio::task::spawn_blocking(move || Browser::following(&base, &claimed))
            .await
            .unwrap()
    };

    let lines = json!({
        "stage": "init",
        "first_line": 1,
        "lines": ["appended after the page opened", "<script>window.pwned = 1</script>"],
    });
    assert_eq!(
        builder.post(&path::logs(claimed.job), lines).await.status(),
        StatusCode::OK
    );
    let said = tokio::task::spawn_blocking(move || browser.appended())
        .await
        .unwrap();
    assert_eq!(said, "ok");
}

/// Two serde versions with their tasks, a builder holding one of them and
/// the job's first log line.
async fn seed(daemon: &Daemon) -> (Builder, ClaimedJob) {
    let builder = Builder::new(daemon);
    daemon.register_builder(&builder.key);
    daemon
        .add_versions(&[("serde", "1.0.0"), ("serde", "1.0.1")])
        .await;
    let claimed = builder.claim_one().await;
    let first = json!({ "stage": "init", "first_line": 0, "lines": ["Compiling serde v1.0.1"] });
    assert_eq!(
        builder.post(&path::logs(claimed.job), first).await.status(),
        StatusCode::OK
    );
    (builder, claimed)
}

/// `pages.mjs` in Chromium, once it has visited every page and its job page
/// follows the live log.
struct Browser {
    node: Child,
    stdout: BufReader<ChildStdout>,
}

impl Browser {
    /// Starts the script on the pages of the daemon at `base` and the claimed
    /// job, and waits until it says it is following. Blocks: call it off the
    /// daemon's runtime.
    fn following(base: &str, claimed: &ClaimedJob) -> Self {
        let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/pages-screenshots");
        std::fs::create_dir_all(&shots).unwrap();
        let mut node = Command::new("node")
            .arg(browser_dir().join("pages.mjs"))
            .args([base, &claimed.krate, &claimed.version])
            .arg(claimed.job.0.to_string())
            .arg(&shots)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("node runs");
        let mut stdout = BufReader::new(node.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        if line.trim() != "following" {
            let output = node.wait_with_output().unwrap();
            panic!(
                "the browser did not follow the log: {line}{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Self { node, stdout }
    }

    /// Tells the script the lines are appended and answers what it printed
    /// last once it checked them (`ok`); panics with its complaint if not.
    fn appended(mut self) -> String {
        writeln!(self.node.stdin.take().unwrap(), "appended").unwrap();
        let output = self.node.wait_with_output().unwrap();
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest).unwrap();
        assert!(
            output.status.success(),
            "the browser check failed ({}): {rest}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        rest.trim().to_owned()
    }
}
