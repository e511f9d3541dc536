//! A job's local work with real cargo runs on the packaged fixtures, in the
//! sandbox this machine has (bubblewrap here), without a backend.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use buildsrs_builder::artifact::Manifest;
use buildsrs_builder::build::{Cargo, Failure, JobDir, Limits, fetch_crate};
use buildsrs_builder::sandbox::{Sandbox, SandboxMode};
use buildsrs_builder::testing::{BROKEN, HELLO, package_fixture};
use buildsrs_builder::toolchain::Toolchain;
use buildsrs_builder::unpack::UnpackLimits;
use sha2::{Digest, Sha256};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// A fixture packaged, downloaded and unpacked into a job directory, with
/// the toolchain and sandbox to build it.
struct Prepared {
    _dir: tempfile::TempDir,
    job: JobDir,
    package: PathBuf,
    toolchain: Toolchain,
    sandbox: Sandbox,
    log: Mutex<Vec<String>>,
    cancel: CancellationToken,
}

impl Prepared {
    async fn new(fixture: &str) -> Self {
        let dir = crate::temp_dir();
        let packaged = package_fixture(fixture, dir.path()).unwrap();
        let job = JobDir::create(dir.path().join("job")).unwrap();
        let log = Mutex::new(Vec::new());
        let limits = Limits {
            max_crate_size: 1 << 20,
            unpack: UnpackLimits::default(),
            max_output: 1 << 20,
        };
        let package = fetch_crate(
            &reqwest::Client::new(),
            &format!("file://{}", packaged.path.display()),
            &packaged.sha256,
            &format!("{}-{}", packaged.name, packaged.version),
            &job,
            &limits,
            &log,
        )
        .await
        .unwrap();
        Self {
            toolchain: Toolchain::detect(dir.path()).await.unwrap(),
            sandbox: Sandbox::detect(SandboxMode::Auto, dir.path())
                .await
                .unwrap(),
            _dir: dir,
            job,
            package,
            log,
            cancel: CancellationToken::new(),
        }
    }

    fn cargo(&self) -> Cargo<'_> {
        Cargo::new(
            &self.sandbox,
            &self.toolchain,
            &self.job,
            Instant::now() + Duration::from_secs(300),
            1 << 20,
            &self.cancel,
        )
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

#[tokio::test]
async fn building_the_hello_fixture_yields_a_tar_gz_whose_manifest_lists_the_binary() {
    let prepared = Prepared::new(HELLO).await;
    let cargo = prepared.cargo();
    cargo.fetch(&prepared.package, &prepared.log).await.unwrap();
    let host = prepared.toolchain.host.clone();
    let artifact = cargo
        .build_binary(&prepared.package, HELLO, "0.1.0", &host, &prepared.log)
        .await
        .unwrap_or_else(|failure| panic!("{failure}: {:#?}", prepared.log()));
    assert_eq!(artifact.name, format!("{HELLO}-0.1.0-{host}.tar.gz"));
    let bytes = std::fs::read(&artifact.path).unwrap();
    assert_eq!(artifact.size, bytes.len() as u64);
    assert_eq!(artifact.sha256, <[u8; 32]>::from(Sha256::digest(&bytes)));

    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(&bytes[..]));
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().display().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        entries.push((path, data));
    }
    assert_eq!(entries[0].0, "manifest.json");
    let manifest: Manifest = serde_json::from_slice(&entries[0].1).unwrap();
    assert_eq!(manifest.krate, HELLO);
    assert_eq!(manifest.version, "0.1.0");
    assert_eq!(manifest.target, host);
    assert_eq!(manifest.rustc, prepared.toolchain.version);
    assert!(manifest.rustc.starts_with("rustc "), "{}", manifest.rustc);
    assert_eq!(manifest.files.len(), 1);
    let listed = &manifest.files[0];
    assert_eq!(listed.path, format!("bin/{HELLO}"));
    let (path, binary) = &entries[1];
    assert_eq!(path, &listed.path);
    assert_eq!(listed.size, binary.len() as u64);
    assert_eq!(listed.sha256, hex::encode(Sha256::digest(binary)));
    assert_eq!(entries.len(), 2);

    // It is the program: it runs and prints its line.
    let run = prepared.job.out().join("bin").join(HELLO);
    let output = std::process::Command::new(run).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "hello from buildsrs-fixture-hello"
    );

    let log = prepared.log();
    assert!(
        log.iter().any(|line| line.starts_with("$ ")
            && line.contains("install --path")
            && line.contains("--offline --locked")),
        "{log:#?}"
    );
    assert!(
        !log.iter().any(|line| line.contains("--target ")),
        "a host build passes no --target"
    );
}

#[tokio::test]
async fn the_broken_fixture_is_build_failed_with_the_compiler_error_in_the_log() {
    let prepared = Prepared::new(BROKEN).await;
    let cargo = prepared.cargo();
    cargo.fetch(&prepared.package, &prepared.log).await.unwrap();
    let host = prepared.toolchain.host.clone();
    let failure = cargo
        .build_binary(&prepared.package, BROKEN, "0.1.0", &host, &prepared.log)
        .await
        .unwrap_err();
    let Failure::BuildFailed { exit_code, reason } = failure else {
        panic!("not a build failure: {failure:?}");
    };
    assert!(exit_code.is_some_and(|code| code != 0), "{exit_code:?}");
    assert!(reason.starts_with("error"), "{reason}");
    let log = prepared.log();
    assert!(
        log.iter()
            .any(|line| line.contains("error[E0308]: mismatched types")),
        "the compiler's error is not in the log: {log:#?}"
    );
}

#[tokio::test]
async fn the_metadata_kind_yields_valid_json() {
    let prepared = Prepared::new(HELLO).await;
    let cargo = prepared.cargo();
    cargo.fetch(&prepared.package, &prepared.log).await.unwrap();
    let artifact = cargo
        .metadata(&prepared.package, &prepared.log)
        .await
        .unwrap_or_else(|failure| panic!("{failure}: {:#?}", prepared.log()));
    assert_eq!(artifact.name, "metadata.json");
    let metadata: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&artifact.path).unwrap()).unwrap();
    assert_eq!(metadata["packages"][0]["name"], HELLO);
    assert_eq!(metadata["packages"][0]["version"], "0.1.0");
    // The JSON went to the artifact, not into the log.
    assert!(
        !prepared
            .log()
            .iter()
            .any(|line| line.contains("\"packages\""))
    );
}

#[tokio::test]
async fn a_build_past_its_deadline_is_timed_out() {
    let prepared = Prepared::new(HELLO).await;
    let mut cargo = prepared.cargo();
    cargo.deadline = Instant::now();
    let failure = cargo
        .fetch(&prepared.package, &prepared.log)
        .await
        .unwrap_err();
    assert!(matches!(failure, Failure::TimedOut(_)), "{failure:?}");
}

#[tokio::test]
async fn a_job_past_its_output_limit_is_build_failed_with_a_marker_line() {
    let prepared = Prepared::new(HELLO).await;
    let cargo = Cargo::new(
        &prepared.sandbox,
        &prepared.toolchain,
        &prepared.job,
        Instant::now() + Duration::from_secs(300),
        64,
        &prepared.cancel,
    );
    let host = prepared.toolchain.host.clone();
    let failure = cargo
        .build_binary(&prepared.package, HELLO, "0.1.0", &host, &prepared.log)
        .await
        .unwrap_err();
    assert!(
        matches!(
            failure,
            Failure::BuildFailed {
                exit_code: None,
                ..
            }
        ),
        "{failure:?}"
    );
    let log = prepared.log();
    assert!(
        log.last()
            .unwrap()
            .starts_with("buildsrs: output limit reached"),
        "{log:#?}"
    );
}
