//! The sandbox: bubblewrap's isolation (where it works here; skipped with a
//! notice where it does not) and the limits every mode has.

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use buildsrs_builder::sandbox::{RunLimits, RunOutcome, Sandbox, SandboxCommand, StdoutTo};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// `bash -c script` in `dir` (writable), with PATH only.
fn script(dir: &Path, script: &str, network: bool) -> SandboxCommand {
    SandboxCommand {
        program: "bash".into(),
        args: vec![OsString::from("-c"), OsString::from(script)],
        cwd: dir.to_owned(),
        env: vec![("PATH".into(), std::env::var_os("PATH").unwrap())],
        writable: dir.to_owned(),
        network,
        stdout: StdoutTo::Lines,
    }
}

fn limits(seconds: u64) -> RunLimits {
    RunLimits {
        deadline: Instant::now() + Duration::from_secs(seconds),
        max_output: 1 << 20,
    }
}

async fn run(
    sandbox: &Sandbox,
    command: &SandboxCommand,
    limits: RunLimits,
) -> (RunOutcome, Vec<String>) {
    let mut lines = Vec::new();
    let outcome = sandbox
        .run(command, limits, &CancellationToken::new(), &mut |line| {
            lines.push(line)
        })
        .await
        .unwrap();
    (outcome, lines)
}

/// bubblewrap, or `None` after printing why the test is skipped.
async fn bwrap(test: &str, dir: &Path) -> Option<Sandbox> {
    match Sandbox::bwrap(dir).await {
        Ok(sandbox) => Some(sandbox),
        Err(error) => {
            crate::skip(test, format!("bubblewrap does not work here: {error}"));
            None
        }
    }
}

#[tokio::test]
async fn bwrap_denies_the_network_that_a_plain_child_reaches() {
    let dir = crate::temp_dir();
    let Some(bwrap) = bwrap("bwrap_denies_the_network", dir.path()).await else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let _ = listener.accept().await;
        }
    });
    let connect = format!("exec 3<>/dev/tcp/127.0.0.1/{port} && echo connected");

    let (outcome, lines) = run(
        &Sandbox::none(),
        &script(dir.path(), &connect, false),
        limits(30),
    )
    .await;
    assert_eq!(outcome, RunOutcome::Exited(0), "{lines:?}");
    assert_eq!(lines, ["connected"]);

    let (outcome, lines) = run(&bwrap, &script(dir.path(), &connect, false), limits(30)).await;
    assert_ne!(
        outcome,
        RunOutcome::Exited(0),
        "connected from inside: {lines:?}"
    );
    assert!(!lines.contains(&"connected".to_owned()), "{lines:?}");
}

#[tokio::test]
async fn bwrap_makes_the_system_read_only_and_tmp_private_and_the_job_dir_writable() {
    let dir = crate::temp_dir();
    let Some(bwrap) = bwrap("bwrap_makes_the_system_read_only", dir.path()).await else {
        return;
    };
    // Outside /tmp, a file the sandbox must not see; inside, one it writes.
    let outside = tempfile::NamedTempFile::new_in("/tmp").unwrap();
    let inside_name = format!("/tmp/buildsrs-sandbox-{}", std::process::id());
    let check = format!(
        r#"
        if touch /usr/buildsrs-write-test 2>/dev/null; then echo "wrote /usr"; fi
        if touch "$HOME_DIR/buildsrs-write-test" 2>/dev/null; then echo "wrote home"; fi
        if [ -e "{outside}" ]; then echo "sees host /tmp"; fi
        touch "{inside}" || echo "cannot write private /tmp"
        touch "{job}/written" || echo "cannot write the job dir"
        if [ -e /proc/{pid} ]; then echo "sees the test process"; fi
        echo done
        "#,
        outside = outside.path().display(),
        inside = inside_name,
        job = dir.path().display(),
        pid = std::process::id(),
    );
    let mut command = script(dir.path(), &check, false);
    command.env.push((
        "HOME_DIR".into(),
        std::env::var_os("HOME").unwrap_or("/root".into()),
    ));
    let (outcome, lines) = run(&bwrap, &command, limits(30)).await;
    assert_eq!(outcome, RunOutcome::Exited(0), "{lines:?}");
    assert_eq!(lines, ["done"], "the sandbox let something through");
    assert!(dir.path().join("written").is_file());
    assert!(
        !Path::new(&inside_name).exists(),
        "the private /tmp leaked out"
    );
}

#[tokio::test]
async fn the_wall_clock_limit_kills_a_sleep_and_its_children() {
    let dir = crate::temp_dir();
    let mut sandboxes = vec![("none", Sandbox::none())];
    if let Some(bwrap) = bwrap("the_wall_clock_limit (bwrap part)", dir.path()).await {
        sandboxes.push(("bwrap", bwrap));
    }
    for (name, sandbox) in sandboxes {
        let late = dir.path().join(format!("late-{name}"));
        let command = script(
            dir.path(),
            &format!("(sleep 2; touch '{}') & sleep 100", late.display()),
            false,
        );
        let started = std::time::Instant::now();
        let limits = RunLimits {
            deadline: Instant::now() + Duration::from_millis(500),
            max_output: 1 << 20,
        };
        let (outcome, _) = run(&sandbox, &command, limits).await;
        assert_eq!(outcome, RunOutcome::TimedOut, "{name}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{name}: {:?}",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert!(!late.exists(), "{name}: a child outlived the limit");
    }
}

#[tokio::test]
async fn the_output_limit_stops_a_flood() {
    let dir = crate::temp_dir();
    let command = script(dir.path(), "yes buildsrs-flood", false);
    let started = std::time::Instant::now();
    let limits = RunLimits {
        deadline: Instant::now() + Duration::from_secs(60),
        max_output: 64 * 1024,
    };
    let (outcome, lines) = run(&Sandbox::none(), &command, limits).await;
    assert_eq!(outcome, RunOutcome::OutputLimit);
    assert!(started.elapsed() < Duration::from_secs(10));
    let kept: usize = lines.iter().map(|line| line.len() + 1).sum();
    assert!(kept <= 64 * 1024, "kept {kept} bytes");
    assert!(lines.iter().all(|line| line == "buildsrs-flood"));
}

#[tokio::test]
async fn a_line_without_an_end_is_cut_not_hoarded() {
    let dir = crate::temp_dir();
    let command = script(dir.path(), "head -c 100000 /dev/zero | tr '\\0' x", false);
    let (outcome, lines) = run(&Sandbox::none(), &command, limits(30)).await;
    assert_eq!(outcome, RunOutcome::Exited(0));
    assert!(
        lines
            .iter()
            .all(|line| line.len() <= buildsrs_builder::sandbox::MAX_LINE_BYTES)
    );
    assert_eq!(lines.iter().map(String::len).sum::<usize>(), 100_000);
}

#[tokio::test]
async fn a_command_gets_only_the_environment_it_is_given() {
    let dir = crate::temp_dir();
    let mut command = script(dir.path(), "env | sort", false);
    command.env.push(("BUILDSRS_GIVEN".into(), "yes".into()));
    let (outcome, lines) = run(&Sandbox::none(), &command, limits(30)).await;
    assert_eq!(outcome, RunOutcome::Exited(0));
    let names: Vec<&str> = lines
        .iter()
        .filter_map(|line| line.split('=').next())
        .filter(|name| !["PWD", "SHLVL", "_", "OLDPWD"].contains(name))
        .collect();
    assert_eq!(names, ["BUILDSRS_GIVEN", "PATH"], "{lines:?}");
}

#[tokio::test]
async fn cancelling_a_run_kills_it() {
    let dir = crate::temp_dir();
    let command = script(dir.path(), "sleep 100", false);
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        trigger.cancel();
    });
    let started = std::time::Instant::now();
    let outcome = Sandbox::none()
        .run(&command, limits(60), &cancel, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(outcome, RunOutcome::Cancelled);
    assert!(started.elapsed() < Duration::from_secs(5));
}
