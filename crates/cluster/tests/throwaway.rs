//! A throwaway cluster never outlives the process that started it.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn a_throwaway_cluster_is_deleted_after_its_process_is_killed() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_buildsrs-cluster"))
        .arg("throwaway")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    // postgresql://postgres@%2Ftmp%2Fbuildsrs-pg-XXXX:5432/postgres
    let host = url
        .trim()
        .split('@')
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap();
    let dir = PathBuf::from(host.replace("%2F", "/"));
    assert!(
        dir.join("data/PG_VERSION").exists(),
        "{} holds a cluster",
        dir.display()
    );

    child.kill().unwrap(); // SIGKILL: no destructor runs.
    child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while dir.exists() {
        assert!(
            Instant::now() < deadline,
            "{} still exists 20 s after the kill",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
