//! A failure names its cause wherever a person looks: the log line, the pass
//! record (`status`) and the exit message all carry the server's message and
//! SQLSTATE, or the refused connection.

use crate::IndexRepo;
use crate::process::{binary, binary_with_url};
use crate::test_database;

const REVOKE_VERSION_WRITES: &str = include_str!("sql/revoke_version_writes.sql");

#[tokio::test]
async fn a_permission_error_is_named_in_the_log_the_pass_record_and_the_exit_message() {
    let db = test_database().await;
    let url = db.login_role("buildsrs_registry_sync").await.unwrap();
    let client = db.database().client().await.unwrap();
    client.batch_execute(REVOKE_VERSION_WRITES).await.unwrap();
    let repo = IndexRepo::from_fixtures();
    let location = repo.path().display().to_string();

    let output = binary_with_url(&url, &["sync", "--git", &location, "--migrate", "false"])
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let cause = "permission denied for table crate_versions (SQLSTATE 42501)";
    let log = stderr
        .lines()
        .find(|line| line.contains("pass failed"))
        .unwrap_or_else(|| panic!("no log line of the failed pass in:\n{stderr}"));
    assert!(log.contains(cause), "{log}");
    let exit = stderr.lines().last().unwrap();
    assert!(
        exit.starts_with("error: ") && exit.contains(cause),
        "{exit}"
    );

    let status = binary(&db, &["status"]).output().unwrap();
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains(cause), "{status}");
}

#[tokio::test]
async fn a_refused_connection_is_named_in_the_log_and_the_exit_message() {
    // Port 1 on loopback: nothing listens there.
    let url = "host=127.0.0.1 port=1 user=postgres dbname=postgres";
    let output = binary_with_url(url, &["status"])
        .env("DATABASE_CONNECT_TIMEOUT", "1s")
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    assert!(!output.status.success());
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
