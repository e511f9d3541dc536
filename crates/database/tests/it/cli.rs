//! The `buildsrs-database` binary, run as an operator would run it.

use std::process::{Command, Output};

use buildsrs_database::queries::queries::crates;
use buildsrs_database::temp::TestDatabase;

use crate::builders::{BUILDER_A_FINGERPRINT, key_file};

fn cli(test: &TestDatabase, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_buildsrs-database"))
        .args(args)
        .env("DATABASE_URL", test.url())
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[tokio::test]
async fn migrate_applies_every_migration_and_prints_the_status() {
    let test = TestDatabase::empty().await.unwrap();
    let migrated = stdout(&cli(&test, &["migrate"]));
    let count = buildsrs_database::migrations::MIGRATIONS.len();
    assert!(
        migrated.contains(&format!("applied {count} migration(s)")),
        "{migrated}"
    );
    for migration in buildsrs_database::migrations::MIGRATIONS {
        assert!(migrated.contains(migration.name), "{migrated}");
    }
    let status = stdout(&cli(&test, &["status"]));
    assert!(!status.contains("pending"), "{status}");
    assert_eq!(status.matches(" applied 20").count(), count, "{status}");
}

#[tokio::test]
async fn status_shows_pending_migrations_of_an_empty_database() {
    let test = TestDatabase::empty().await.unwrap();
    let status = stdout(&cli(&test, &["status"]));
    let count = buildsrs_database::migrations::MIGRATIONS.len();
    assert_eq!(status.matches("pending").count(), count, "{status}");
}

#[tokio::test]
async fn an_operator_registers_a_builder_with_targets_and_lists_it() {
    let test = TestDatabase::new().await.unwrap();
    stdout(&cli(&test, &["target", "add", "x86_64-unknown-linux-gnu"]));
    let key = key_file("builder-a.pub");
    let added = stdout(&cli(
        &test,
        &[
            "builder",
            "add",
            key.to_str().unwrap(),
            "--comment",
            "rack 1",
            "--target",
            "x86_64-unknown-linux-gnu",
        ],
    ));
    assert!(added.contains(BUILDER_A_FINGERPRINT), "{added}");
    let id = added
        .split_whitespace()
        .nth(1)
        .unwrap()
        .trim_end_matches(':');

    stdout(&cli(&test, &["builder", "disable", id]));
    let listed = stdout(&cli(&test, &["builder", "list"]));
    let line = listed
        .lines()
        .find(|line| line.contains(BUILDER_A_FINGERPRINT))
        .unwrap();
    assert!(
        line.contains("false") && line.contains("rack 1") && line.contains("never"),
        "{line}"
    );

    let targets = stdout(&cli(&test, &["builder", "targets", id]));
    assert!(targets.contains("x86_64-unknown-linux-gnu"), "{targets}");
}

#[tokio::test]
async fn a_bad_key_file_fails_the_command_naming_the_file() {
    let test = TestDatabase::new().await.unwrap();
    let key = key_file("not-a-key.pub");
    let output = cli(&test, &["builder", "add", key.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not-a-key.pub"), "{stderr}");
}

#[tokio::test]
async fn disabling_an_unknown_target_fails_the_command_naming_it() {
    let test = TestDatabase::new().await.unwrap();
    let output = cli(&test, &["target", "disable", "sparc-unknown-nothing"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("sparc-unknown-nothing"));
}

#[test]
fn bad_command_lines_exit_2_naming_the_bad_argument() {
    let cases: &[(&[&str], &str)] = &[
        (&["frobnicate"], "frobnicate"),
        (&["migrate", "--no-such-flag"], "--no-such-flag"),
        (&["builder", "enable", "one"], "one"),
        (
            &["builder", "enable", "99999999999999999999"],
            "99999999999999999999",
        ),
        (&["builder", "disable"], "<BUILDER>"),
        (&["builder", "comment", "1"], "<COMMENT>"),
        (&["builder", "add"], "<KEY_FILE>"),
        (&["target", "add"], "<NAME>"),
        (&["target", "explode", "x"], "explode"),
        (&["tasks", "list", "--state", "asleep"], "asleep"),
        (
            &["tasks", "create", "--crate", "x", "--kind", "docs"],
            "docs",
        ),
        (&["tasks", "create"], "--crate"),
        (
            &["--database-pool-size=-4", "status"],
            "--database-pool-size",
        ),
        (
            &["--database-connect-timeout", "soon", "status"],
            "--database-connect-timeout",
        ),
        (&[], "Usage"),
    ];
    for (args, named) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_buildsrs-database"))
            .args(*args)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(named), "{args:?} names {named}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    println!("bad buildsrs-database command lines tried: {}", cases.len());
}

/// Adds crate `serde` with versions 1.0.0 and 1.0.1 and the target
/// x86_64-unknown-linux-gnu.
async fn serde_and_a_target(test: &TestDatabase) {
    let client = test.database().client().await.unwrap();
    let crate_id = crates::crate_insert()
        .bind(&client, &"serde")
        .one()
        .await
        .unwrap();
    for version in ["1.0.0", "1.0.1"] {
        crates::crate_version_insert()
            .bind(&client, &crate_id, &version, &vec![7u8; 32], &false)
            .one()
            .await
            .unwrap();
    }
    stdout(&cli(test, &["target", "add", "x86_64-unknown-linux-gnu"]));
}

#[tokio::test]
async fn an_operator_creates_lists_cancels_retries_and_prioritizes_tasks() {
    let test = TestDatabase::new().await.unwrap();
    serde_and_a_target(&test).await;

    let created = stdout(&cli(
        &test,
        &["tasks", "create", "--crate", "Serde", "--kind", "binary"],
    ));
    assert!(created.contains("created 2 task(s)"), "{created}");
    let listed = stdout(&cli(&test, &["tasks", "list", "--crate", "serde"]));
    assert_eq!(
        listed.lines().count(),
        3,
        "a header and two tasks: {listed}"
    );
    assert!(
        listed
            .lines()
            .skip(1)
            .all(|line| line.contains("waiting") && line.contains("1000")),
        "{listed}"
    );

    let cancelled = stdout(&cli(
        &test,
        &["tasks", "cancel", "--crate", "serde", "--version", "1.0.1"],
    ));
    assert!(cancelled.contains("cancelled 1 task(s)"), "{cancelled}");
    let listed = stdout(&cli(&test, &["tasks", "list", "--state", "cancelled"]));
    assert!(
        listed.contains("1.0.1") && !listed.contains("1.0.0"),
        "{listed}"
    );

    let retried = stdout(&cli(&test, &["tasks", "retry", "--state", "cancelled"]));
    assert!(retried.contains("1 task(s) wait again"), "{retried}");
    let prioritized = stdout(&cli(
        &test,
        &[
            "tasks",
            "prioritize",
            "--version",
            "1.0.0",
            "--priority",
            "7",
        ],
    ));
    assert!(
        prioritized.contains("1 task(s) now have priority 7"),
        "{prioritized}"
    );
    let listed = stdout(&cli(&test, &["tasks", "list", "--state", "waiting"]));
    assert_eq!(listed.lines().count(), 3, "{listed}");
    assert!(
        listed
            .lines()
            .any(|line| line.contains("1.0.0") && line.contains(" 7 ")),
        "{listed}"
    );
}

#[tokio::test]
async fn a_task_command_without_a_filter_touches_nothing() {
    let test = TestDatabase::new().await.unwrap();
    serde_and_a_target(&test).await;
    stdout(&cli(&test, &["tasks", "create", "--crate", "serde"]));
    for command in ["cancel", "retry", "prioritize"] {
        let output = cli(&test, &["tasks", command]);
        assert!(!output.status.success(), "{command}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--state"), "{command}: {stderr}");
    }
    let listed = stdout(&cli(&test, &["tasks", "list", "--state", "waiting"]));
    assert_eq!(listed.lines().count(), 5, "four tasks still wait: {listed}");
}

#[tokio::test]
async fn a_permission_error_and_a_refused_connection_are_named_in_the_exit_message() {
    let test = TestDatabase::new().await.unwrap();
    let reader = test.login_role("buildsrs_reader").await.unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_buildsrs-database"))
        .args(["target", "add", "x86_64-unknown-linux-gnu"])
        .env("DATABASE_URL", reader)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("permission denied"), "{stderr}");
    assert!(stderr.contains("SQLSTATE 42501"), "{stderr}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let output = Command::new(env!("CARGO_BIN_EXE_buildsrs-database"))
        .arg("status")
        .env(
            "DATABASE_URL",
            format!("host=127.0.0.1 port={closed} user=postgres sslmode=disable"),
        )
        .env("DATABASE_CONNECT_TIMEOUT", "1s")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Connection refused"), "{stderr}");
}

#[tokio::test]
async fn gc_is_a_dry_run_unless_applied_and_names_its_windows() {
    let test = TestDatabase::new().await.unwrap();
    let planned = stdout(&cli(&test, &["gc", "--log-retention-days", "7"]));
    assert!(
        planned.contains("ended over 7 days ago: would remove 0 job(s)"),
        "{planned}"
    );
    assert!(
        planned.contains("over 90 days old: would roll up 0 row(s)"),
        "{planned}"
    );
    assert!(
        planned.contains("dry run: nothing was changed"),
        "{planned}"
    );
    let applied = stdout(&cli(
        &test,
        &["gc", "--apply", "--download-retention-days", "30"],
    ));
    assert!(
        applied.contains("over 30 days old: rolled up 0 row(s)"),
        "{applied}"
    );
    assert!(!applied.contains("dry run"), "{applied}");
    let refused = cli(&test, &["gc", "--log-retention-days=-1"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--log-retention-days"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}
