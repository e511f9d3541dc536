//! The binary's failures name their cause in its log and its exit message:
//! the server's message and SQLSTATE, or the refused connection.

use std::process::{Command, Output};

use buildsrs_database::temp::TestDatabase;

const REVOKE_LEDGER_READ: &str = include_str!("sql/revoke_ledger_read.sql");

/// `buildsrs-backend` on a free loopback port, connecting to `url`, until it
/// exits.
fn backend(url: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_buildsrs-backend"))
        .args(["--listen", "127.0.0.1:0"])
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
