//! The whole builder against the fake backend: in-process through
//! `buildsrs_builder::run`, and as the real binary for `--once` and SIGTERM.

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use buildsrs_builder::Config;
use buildsrs_builder::artifact::Manifest;
use buildsrs_builder::testing::{BROKEN, HELLO, package_fixture};
use buildsrs_builder::toolchain::Toolchain;
use buildsrs_protocol::api::JobStage;
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use sha2::{Digest, Sha256};

use crate::fake_backend::{FakeBackend, job_json, with_lease};

const BINARY: &str = env!("CARGO_BIN_EXE_buildsrs-builder");

#[tokio::test]
async fn run_once_builds_every_claimed_job_and_reports_each_result() {
    let dir = crate::temp_dir();
    let key = crate::write_key(dir.path());
    let backend = FakeBackend::start(&key).await;
    let hello = package_fixture(HELLO, dir.path()).unwrap();
    let broken = package_fixture(BROKEN, dir.path()).unwrap();
    let host = Toolchain::detect(dir.path()).await.unwrap().host;
    backend.push_job(job_json(
        1,
        "binary",
        HELLO,
        "0.1.0",
        &hello.sha256_hex,
        &host,
    ));
    backend.push_job(job_json(
        2,
        "binary",
        BROKEN,
        "0.1.0",
        &broken.sha256_hex,
        &host,
    ));
    backend.push_job(job_json(
        3,
        "metadata",
        HELLO,
        "0.1.0",
        &hello.sha256_hex,
        &host,
    ));
    // The checksum of another crate: downloaded, refused, nothing built.
    backend.push_job(job_json(
        4,
        "binary",
        HELLO,
        "0.1.0",
        &broken.sha256_hex,
        &host,
    ));

    let mut config = Config::for_backend(&backend.url, key, dir.path().join("work"));
    config.registry_dl = Some(hello.download_template());
    config.once = true;
    config.slots = 2;
    config.claim_wait = Duration::from_secs(1);
    tokio::time::timeout(
        Duration::from_secs(300),
        buildsrs_builder::run(config, std::future::pending()),
    )
    .await
    .expect("the builder finished")
    .unwrap();

    // 1: succeeded, through every stage, with its artifact and log.
    let job = backend.job(1);
    assert_eq!(
        job.stages,
        [JobStage::Fetch, JobStage::Build, JobStage::Upload]
    );
    let complete = job.complete.clone().unwrap();
    assert_eq!(complete["result"], "succeeded", "{complete}");
    assert!(!job.unclaimed);
    assert_eq!(job.artifacts.len(), 1);
    let (name, bytes) = &job.artifacts[0];
    assert_eq!(name, &format!("{HELLO}-0.1.0-{host}.tar.gz"));
    let manifest = manifest_of(bytes);
    assert_eq!(manifest.files[0].path, format!("bin/{HELLO}"));
    let texts: Vec<&str> = job.lines.iter().map(|(_, text)| text.as_str()).collect();
    let has = |needle: &str| texts.iter().any(|text| text.contains(needle));
    assert!(has("downloading file://"), "{texts:#?}");
    assert!(has("checksum ok"), "{texts:#?}");
    assert!(has("$ ") && has("cargo fetch"), "{texts:#?}");
    assert!(has("install --path"), "{texts:#?}");
    assert!(has("uploaded"), "{texts:#?}");
    let stage_of = |needle: &str| {
        job.lines
            .iter()
            .find(|(_, text)| text.contains(needle))
            .map(|(stage, _)| *stage)
    };
    assert_eq!(stage_of("checksum ok"), Some(JobStage::Fetch));
    assert_eq!(stage_of("install --path"), Some(JobStage::Build));
    assert_eq!(stage_of("uploading"), Some(JobStage::Upload));

    // 2: build_failed, with the exit code, the error line and the log.
    let job = backend.job(2);
    assert_eq!(job.stages, [JobStage::Fetch, JobStage::Build]);
    let complete = job.complete.clone().unwrap();
    assert_eq!(complete["result"], "build_failed", "{complete}");
    assert!(
        complete["exit_code"].as_i64().is_some_and(|code| code != 0),
        "{complete}"
    );
    assert!(
        complete["reason"].as_str().unwrap().starts_with("error"),
        "{complete}"
    );
    assert!(
        job.lines
            .iter()
            .any(|(_, text)| text.contains("error[E0308]"))
    );
    assert!(job.artifacts.is_empty());

    // 3: metadata.json.
    let job = backend.job(3);
    assert_eq!(job.complete.clone().unwrap()["result"], "succeeded");
    let (name, bytes) = &job.artifacts[0];
    assert_eq!(name, "metadata.json");
    let metadata: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    assert_eq!(metadata["packages"][0]["name"], HELLO);

    // 4: the checksum did not match: an infrastructure error, no build.
    let job = backend.job(4);
    let complete = job.complete.clone().unwrap();
    assert_eq!(complete["result"], "infrastructure_error", "{complete}");
    assert!(
        complete["reason"].as_str().unwrap().contains("checksum"),
        "{complete}"
    );
    assert_eq!(job.stages, [JobStage::Fetch]);

    // Every job's directory is gone.
    let left: Vec<_> = std::fs::read_dir(dir.path().join("work/jobs"))
        .unwrap()
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

fn manifest_of(tar_gz: &[u8]) -> Manifest {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(tar_gz));
    let mut entries = archive.entries().unwrap();
    let mut first = entries.next().unwrap().unwrap();
    let mut json = Vec::new();
    first.read_to_end(&mut json).unwrap();
    let manifest: Manifest = serde_json::from_slice(&json).unwrap();
    let mut binary = Vec::new();
    entries
        .next()
        .unwrap()
        .unwrap()
        .read_to_end(&mut binary)
        .unwrap();
    assert_eq!(
        manifest.files[0].sha256,
        hex::encode(Sha256::digest(&binary))
    );
    manifest
}

#[tokio::test]
async fn a_job_with_an_invalid_checksum_is_reported_not_built() {
    let dir = crate::temp_dir();
    let key = crate::write_key(dir.path());
    let backend = FakeBackend::start(&key).await;
    backend.push_job(job_json(
        5,
        "binary",
        HELLO,
        "0.1.0",
        "not-hex",
        "x86_64-unknown-linux-gnu",
    ));
    let mut config = Config::for_backend(&backend.url, key, dir.path().join("work"));
    config.registry_dl = Some("file:///nonexistent/{crate}-{version}.crate".to_owned());
    config.once = true;
    config.claim_wait = Duration::from_secs(1);
    config.sandbox = buildsrs_builder::sandbox::SandboxMode::None;
    buildsrs_builder::run(config, std::future::pending())
        .await
        .unwrap();
    let job = backend.job(5);
    let complete = job.complete.unwrap();
    assert_eq!(complete["result"], "infrastructure_error");
    assert!(
        complete["reason"].as_str().unwrap().contains("checksum"),
        "{complete}"
    );
    assert!(job.stages.is_empty());
}

/// The builder binary against `backend`, with `args` after the common ones.
fn builder(
    backend: &FakeBackend,
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Child {
    std::process::Command::new(BINARY)
        .env_clear()
        .envs(env.iter().copied())
        .env("PATH", std::env::var_os("PATH").unwrap())
        .env("HOME", std::env::var_os("HOME").unwrap_or_default())
        .env("BUILDSRS_BUILDER_BACKEND", &backend.url)
        .env("BUILDSRS_BUILDER_KEY", dir.join("builder_key"))
        .arg("--work-dir")
        .arg(dir.join("work"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for `child` to exit, at most `limit`.
fn wait_for(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the builder did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn stderr_of(child: &mut std::process::Child) -> String {
    let mut text = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut text);
    }
    text
}

#[tokio::test]
async fn once_against_a_backend_with_no_work_exits_0() {
    let dir = crate::temp_dir();
    crate::write_key(dir.path());
    let backend = FakeBackend::start(&dir.path().join("builder_key")).await;
    // `--once` through its environment variable, as scripts may set it.
    let mut child = builder(
        &backend,
        dir.path(),
        &["--claim-wait", "1s", "--sandbox", "none"],
        &[("BUILDSRS_BUILDER_ONCE", "true")],
    );
    let status = tokio::task::spawn_blocking(move || {
        let status = wait_for(&mut child, Duration::from_secs(60));
        (status, stderr_of(&mut child))
    })
    .await
    .unwrap();
    assert!(status.0.success(), "{}", status.1);
    let claims = backend
        .calls()
        .iter()
        .filter(|call| call.method == "POST" && call.path.ends_with("/jobs/claim"))
        .count();
    assert_eq!(claims, 1);
}

#[tokio::test]
async fn sigterm_during_a_running_job_gives_it_back_after_the_grace_period() {
    let dir = crate::temp_dir();
    crate::write_key(dir.path());
    let backend = FakeBackend::start_slow_downloads(&dir.path().join("builder_key")).await;
    // A short lease: the job must keep it by heartbeats while it waits.
    backend.push_job(with_lease(
        job_json(
            11,
            "binary",
            HELLO,
            "0.1.0",
            &"ab".repeat(32),
            "x86_64-unknown-linux-gnu",
        ),
        3,
    ));
    let template = format!("{}/crates/{{crate}}-{{version}}.crate", backend.url);
    let mut child = builder(
        &backend,
        dir.path(),
        &[
            "--registry-dl",
            &template,
            "--grace",
            "2s",
            "--claim-wait",
            "1s",
        ],
        &[],
    );
    // Until the job is in its fetch stage (the download hangs there).
    let started = Instant::now();
    while backend.job(11).stages != [JobStage::Fetch] {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the job never started"
        );
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the builder exited early: {status}: {}",
                stderr_of(&mut child)
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let signalled = Instant::now();
    kill(Pid::from_raw(child.id() as i32), Signal::SIGTERM).unwrap();
    let (status, stderr) = tokio::task::spawn_blocking(move || {
        let status = wait_for(&mut child, Duration::from_secs(60));
        (status, stderr_of(&mut child))
    })
    .await
    .unwrap();
    let took = signalled.elapsed();
    assert!(status.success(), "{status}: {stderr}");
    assert!(
        took >= Duration::from_secs(2),
        "exited before the grace period: {took:?}"
    );
    assert!(took < Duration::from_secs(30), "{took:?}");
    let job = backend.job(11);
    assert!(job.unclaimed, "the job was not given back: {stderr}");
    assert!(backend.heartbeats(11) >= 1, "no heartbeat kept the lease");
    assert!(job.complete.is_none());
    // No claim after the signal.
    let claims_after: Vec<_> = backend
        .calls()
        .into_iter()
        .skip_while(|call| !call.path.ends_with("/unclaim"))
        .filter(|call| call.path.ends_with("/claim"))
        .collect();
    assert!(claims_after.is_empty());
}

#[tokio::test]
async fn a_refused_heartbeat_stops_the_job_without_giving_it_back() {
    let dir = crate::temp_dir();
    let key = crate::write_key(dir.path());
    let backend = FakeBackend::start_slow_downloads(&key).await;
    backend.refuse_heartbeats();
    backend.push_job(with_lease(
        job_json(
            21,
            "binary",
            HELLO,
            "0.1.0",
            &"ab".repeat(32),
            "x86_64-unknown-linux-gnu",
        ),
        2,
    ));
    let mut config = Config::for_backend(&backend.url, key, dir.path().join("work"));
    config.registry_dl = Some(format!(
        "{}/crates/{{crate}}-{{version}}.crate",
        backend.url
    ));
    config.once = true;
    config.claim_wait = Duration::from_secs(1);
    config.sandbox = buildsrs_builder::sandbox::SandboxMode::None;
    tokio::time::timeout(
        Duration::from_secs(60),
        buildsrs_builder::run(config, std::future::pending()),
    )
    .await
    .expect("the job stopped at the refused heartbeat")
    .unwrap();
    let job = backend.job(21);
    assert_eq!(backend.heartbeats(21), 1);
    assert!(!job.unclaimed, "a job the backend refused was unclaimed");
    assert!(job.complete.is_none());
}

#[tokio::test]
async fn a_refused_connection_is_named_in_the_log_and_the_exit_message() {
    let dir = crate::temp_dir();
    crate::write_key(dir.path());
    // Port 1 on loopback: nothing listens there.
    let mut child = std::process::Command::new(BINARY)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap())
        .env("BUILDSRS_BUILDER_BACKEND", "http://127.0.0.1:1")
        .env("BUILDSRS_BUILDER_KEY", dir.path().join("builder_key"))
        .args(["--once", "--sandbox", "none", "--work-dir"])
        .arg(dir.path().join("work"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (status, stderr) = tokio::task::spawn_blocking(move || {
        let status = wait_for(&mut child, Duration::from_secs(90));
        (status, stderr_of(&mut child))
    })
    .await
    .unwrap();
    assert!(!status.success(), "{stderr}");
    let log = stderr
        .lines()
        .find(|line| line.contains("claiming failed"))
        .unwrap_or_else(|| panic!("no log line of the failed claim in:\n{stderr}"));
    assert!(log.contains("Connection refused"), "{log}");
    let exit = stderr.lines().last().unwrap();
    assert!(
        exit.starts_with("error: ") && exit.contains("Connection refused"),
        "{exit}"
    );
}
