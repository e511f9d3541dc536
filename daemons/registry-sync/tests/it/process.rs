//! The binary as scripts and systemd run it: `sync`, `status`, SIGTERM
//! during a pass, and SIGKILL at any point followed by a rerun.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::synthetic;
use buildsrs_database::temp::TestDatabase;

use crate::{IndexRepo, sync, test_database, view};

pub fn binary(db: &TestDatabase, args: &[&str]) -> Command {
    binary_with_url(&db.url(), args)
}

/// The binary with `args`, connecting to `url`.
pub fn binary_with_url(url: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_buildsrs-registry-sync"));
    command
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .env_remove("NOTIFY_SOCKET")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn wait_with_deadline(child: &mut Child, deadline: Duration) -> Option<std::process::ExitStatus> {
    let started = Instant::now();
    while started.elapsed() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn synthetic_index(dir: &Path, crates: u64, versions: u64) -> String {
    let path = dir.join("index.git");
    synthetic::generate_repository(&path, crates, versions).unwrap();
    path.display().to_string()
}

#[tokio::test]
async fn sync_exits_zero_and_status_prints_the_pass() {
    let db = test_database().await;
    let repo = IndexRepo::from_fixtures();
    let location = repo.path().display().to_string();
    let output = binary(&db, &["sync", "--git", &location, "--migrate", "false"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("versions +11"));
    let output = binary(&db, &["status"]).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let status = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(status.contains("GitFull"), "{status}");
    assert!(
        status.contains(&repo.git(&["rev-parse", "HEAD"])),
        "{status}"
    );
}

#[tokio::test]
async fn sigterm_ends_a_running_service_within_seconds() {
    let db = test_database().await;
    let dir = tempfile::tempdir().unwrap();
    let location = synthetic_index(dir.path(), 4_000, 60_000);
    let mut child = binary(
        &db,
        &[
            "run",
            "--git",
            &location,
            "--interval",
            "1h",
            "--batch-files",
            "200",
            "--migrate",
            "false",
            "--log-format",
            "json",
        ],
    )
    .spawn()
    .unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = wait_with_deadline(&mut child, Duration::from_secs(8))
        .expect("exits within seconds of SIGTERM");
    assert!(status.success(), "{status:?}");
    // Whatever the pass did, a rerun completes the mirror.
    let output = binary(&db, &["sync", "--git", &location, "--migrate", "false"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn a_pass_killed_at_any_point_converges_on_the_next_run() {
    let reference = test_database().await;
    let db = test_database().await;
    let dir = tempfile::tempdir().unwrap();
    let location = synthetic_index(dir.path(), 3_000, 40_000);
    let source = buildsrs_registry_sync::GitSource {
        location: location.clone(),
        rev: None,
        mirror_dir: dir.path().join("mirror"),
    };
    sync(&reference, &source).await;

    for delay in [150, 400, 800] {
        let mut child = binary(
            &db,
            &[
                "sync",
                "--git",
                &location,
                "--batch-files",
                "100",
                "--migrate",
                "false",
            ],
        )
        .spawn()
        .unwrap();
        tokio::time::sleep(Duration::from_millis(delay)).await;
        let _ = child.kill();
        let _ = child.wait();
    }
    let output = binary(&db, &["sync", "--git", &location, "--migrate", "false"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = view(&reference).await;
    assert!(expected.len() > 30_000);
    assert_eq!(view(&db).await, expected);
}

#[tokio::test]
async fn status_reads_the_passes_from_the_read_url_when_one_is_set() {
    let primary = test_database().await;
    let replica = test_database().await;
    let repo = IndexRepo::from_fixtures();
    let location = repo.path().display().to_string();
    let output = binary(
        &primary,
        &["sync", "--git", &location, "--migrate", "false"],
    )
    .output()
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The "replica" is another database that saw no pass.
    let output = binary(&primary, &["status"])
        .env("DATABASE_READ_URL", replica.url())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let status = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(status, "no passes yet\n");
}

/// Reads the notify socket's messages until one satisfies `done`, at most
/// `limit`; every message read, in order.
fn notifications_until(
    socket: &std::os::unix::net::UnixDatagram,
    limit: Duration,
    done: impl Fn(&str) -> bool,
) -> Vec<String> {
    let started = Instant::now();
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    while started.elapsed() < limit {
        let Ok(length) = socket.recv(&mut buffer) else {
            continue;
        };
        let message = String::from_utf8_lossy(&buffer[..length]).into_owned();
        let finished = done(&message);
        seen.push(message);
        if finished {
            return seen;
        }
    }
    panic!("no such notification within {limit:?}; saw {seen:?}");
}

#[tokio::test]
async fn the_service_speaks_systemds_notify_protocol() {
    let db = test_database().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notify.socket");
    let socket = std::os::unix::net::UnixDatagram::bind(&path).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let repo = IndexRepo::from_fixtures();
    let location = repo.path().display().to_string();
    // As systemd starts it: the watchdog names the service's own pid, which
    // `exec` keeps from the shell that sets it.
    let mut child = Command::new("sh")
        .args(["-c", "WATCHDOG_PID=$$ exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_buildsrs-registry-sync"))
        .args([
            "run",
            "--git",
            &location,
            "--interval",
            "1h",
            "--migrate",
            "false",
        ])
        .env("DATABASE_URL", db.url())
        .env("RUST_LOG", "warn")
        .env("NOTIFY_SOCKET", &path)
        .env("WATCHDOG_USEC", "400000")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();

    // Ready, then a status after the first pass, and watchdog pings.
    let seen = notifications_until(&socket, Duration::from_secs(30), |message| {
        message.contains("STATUS=last pass")
    });
    assert!(seen[0].contains("READY=1"), "{seen:?}");
    let status = seen.last().unwrap();
    assert!(
        status.contains("ok in") && status.contains("versions +11"),
        "{status}"
    );
    notifications_until(&socket, Duration::from_secs(5), |message| {
        message.contains("WATCHDOG=1")
    });

    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    notifications_until(&socket, Duration::from_secs(8), |message| {
        message.contains("STOPPING=1")
    });
    let status = wait_with_deadline(&mut child, Duration::from_secs(8)).expect("exits");
    assert!(status.success(), "{status:?}");
}
