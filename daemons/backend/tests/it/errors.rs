//! The binary's failures name their cause in its log and its exit message:
//! the server's message and SQLSTATE, or the refused connection.

use std::io::Read as _;
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use buildsrs_database::temp::TestDatabase;

const REVOKE_LEDGER_READ: &str = include_str!("sql/revoke_ledger_read.sql");
const REVOKE_CRATE_READS: &str = include_str!("sql/revoke_crate_reads.sql");

/// `buildsrs-backend` on a free loopback port, connecting to `url`, until it
/// exits.
fn backend(url: &str) -> Output {
    let storage = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_buildsrs-backend"))
        .args(["--listen", "127.0.0.1:0"])
        .arg("--storage")
        .arg(storage.path())
        .env("DATABASE_URL", url)
        .env("DATABASE_CONNECT_TIMEOUT", "1s")
        .env("RUST_LOG", "info")
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_permission_error_at_start_is_named_in_the_exit_message() {
    let test = TestDatabase::new().await.unwrap();
    let url = test.login_role("buildsrs_backend").await.unwrap();
    let client = test.database().client().await.unwrap();
    client.batch_execute(REVOKE_LEDGER_READ).await.unwrap();

    let output = backend(&url);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let exit = stderr.lines().last().unwrap();
    assert!(exit.starts_with("error: "), "{exit}");
    assert!(
        exit.contains("permission denied for table schema_migrations (SQLSTATE 42501)"),
        "{exit}"
    );
}

#[test]
fn a_refused_connection_is_named_in_the_log_and_the_exit_message() {
    // Port 1 on loopback: nothing listens there.
    let output = backend("host=127.0.0.1 port=1 user=postgres dbname=postgres");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let log = stderr
        .lines()
        .find(|line| line.contains("database not ready yet"))
        .unwrap_or_else(|| panic!("no retry log line in:\n{stderr}"));
    assert!(log.contains("Connection refused"), "{log}");
    let exit = stderr.lines().last().unwrap();
    assert!(
        exit.starts_with("error: ") && exit.contains("Connection refused"),
        "{exit}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_permission_error_in_a_request_is_a_500_named_in_the_log_not_to_the_client() {
    let test = TestDatabase::new().await.unwrap();
    let url = test.login_role("buildsrs_backend").await.unwrap();
    let client = test.database().client().await.unwrap();
    client.batch_execute(REVOKE_CRATE_READS).await.unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let storage = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_buildsrs-backend"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .arg("--storage")
        .arg(storage.path())
        .env("DATABASE_URL", &url)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let http = reqwest::Client::new();
    let started = Instant::now();
    let response = loop {
        match http
            .get(format!("http://127.0.0.1:{port}/api/v1/crates"))
            .send()
            .await
        {
            Ok(response) => break response,
            Err(_) if started.elapsed() < Duration::from_secs(30) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(error) => panic!("the daemon never answered: {error}"),
        }
    };
    // Not the client's fault, and no retry mends it: 500, in words of ours.
    assert_eq!(
        response.status(),
        reqwest::StatusCode::INTERNAL_SERVER_ERROR
    );
    let body = response.text().await.unwrap();
    assert!(body.contains("\"internal\""), "{body}");
    assert!(!body.contains("permission denied"), "{body}");
    child.kill().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    child.wait().unwrap();
    let log = stderr
        .lines()
        .find(|line| line.contains("request failed"))
        .unwrap_or_else(|| panic!("no log line of the failed request in:\n{stderr}"));
    assert!(
        log.contains("permission denied for table crates (SQLSTATE 42501)"),
        "{log}"
    );
}
