//! From a publish to a downloadable artifact, with the real binaries on
//! loopback and nothing from the internet.
//!
//! The test packages the tiny crates of `fixtures/crates/` with `cargo
//! package`, publishes them in a git index of its own (their true checksums,
//! and one crate whose checksum does not match its download), serves the
//! `.crate` files and the index's `config.json` over HTTP on 127.0.0.1, and
//! then runs what an operator runs: `buildsrs-database` (target and builder),
//! `buildsrs-registry-sync sync`, the `buildsrs-backend` daemon (whose
//! scheduler turns the new versions into tasks) and `buildsrs-builder --once`.
//! The public API must then list the built artifact, serve its bytes and count
//! the download; the crate that does not compile must be `build_failed` with
//! the compiler's error in its log; the mismatched download must be an
//! `infrastructure_error` that built nothing. Last, a version published and
//! then yanked in the index is held: the builder gets none of its tasks.
//! And a user's `cargo builds` (`cargo_builds`) finds the built binary,
//! installs it, runs it, lists it and uninstalls it, and names what is
//! missing when asked for a target, a version or a crate that has no build.
//!
//! Each service connects as a login role that holds only its own group role,
//! as the deployment sections of the README set them up: registry-sync as
//! `buildsrs_registry_sync`, the backend as `buildsrs_backend` with its
//! read-only queries as `buildsrs_reader`.

mod cargo_builds;
mod docs;
mod nix;
mod units;
mod world;

use std::time::Duration;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::world::{Index, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_crate_is_built_by_the_builder_and_downloaded_by_a_user() {
    let world = World::start().await;
    let hello = world.package(HELLO);
    let broken = world.package(BROKEN);
    let mut index = Index::create(&world);
    index.publish(HELLO, "0.1.0", &hello, false);
    index.publish(BROKEN, "0.1.0", &broken, false);
    // Served as the hello crate's bytes, listed with another checksum.
    world.serve_crate(MISMATCH, "0.1.0", hello.clone());
    index.publish_with_checksum(MISMATCH, "0.1.0", [0x5a; 32], false);
    index.commit("three crates");

    world.operator(&["target", "add", &world::host_target()]);
    world.register_builder();
    world.sync(&index);
    let backend = world.start_backend().await;
    for krate in [HELLO, BROKEN, MISMATCH] {
        wait_for_both_tasks(&backend, krate).await;
    }
    world.run_builder_once(&backend);

    the_binary_was_built_and_a_download_is_counted(&backend).await;
    the_crate_that_does_not_compile_failed_with_the_compilers_error(&backend).await;
    the_mismatched_download_built_nothing_and_waits_for_a_retry(&backend).await;
    a_version_yanked_before_a_builder_came_is_not_handed_out(&world, &backend, &mut index, &hello)
        .await;
    cargo_builds::a_user_installs_runs_lists_and_uninstalls_the_built_binary(&world, &backend);
    cargo_builds::install_errors_name_what_is_missing(&world, &backend);
}

const HELLO: &str = "buildsrs-fixture-hello";
const BROKEN: &str = "buildsrs-fixture-broken";
const MISMATCH: &str = "buildsrs-fixture-mismatch";
const LATER: &str = "buildsrs-fixture-later";

/// Waits until the scheduler created the two tasks (binary, metadata) of
/// `krate` 0.1.0.
async fn wait_for_both_tasks(backend: &world::Backend, krate: &str) {
    backend
        .wait_for(&format!("/api/v1/crates/{krate}/0.1.0"), |version| {
            version["tasks"]
                .as_array()
                .is_some_and(|tasks| tasks.len() == 2)
        })
        .await;
}

/// The binary that builds: succeeded jobs, a published archive whose bytes
/// download intact, and a download count that goes up.
async fn the_binary_was_built_and_a_download_is_counted(backend: &world::Backend) {
    let version = backend.get(&format!("/api/v1/crates/{HELLO}/0.1.0")).await;
    let jobs = version["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 2, "{version:#}");
    assert!(
        jobs.iter().all(|job| job["result"] == "succeeded"),
        "{version:#}"
    );
    let archive = version["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|artifact| artifact["name"].as_str().unwrap().ends_with(".tar.gz"))
        .unwrap_or_else(|| panic!("no binary archive in {version:#}"));
    let bytes = backend.download(archive["id"].as_i64().unwrap()).await;
    assert_eq!(
        hex::encode(Sha256::digest(&bytes)),
        archive["sha256"].as_str().unwrap(),
        "the downloaded bytes are the artifact"
    );
    let files = world::archive_files(&bytes);
    assert!(
        files
            .iter()
            .any(|name| name.ends_with(&format!("bin/{HELLO}"))),
        "{files:?}"
    );
    assert!(
        files.iter().any(|name| name.ends_with("manifest.json")),
        "{files:?}"
    );
    let downloads = format!("/api/v1/artifacts/{}/downloads", archive["id"]);
    backend
        .wait_for(&downloads, |counts| counts["total"] == 1)
        .await;
}

/// The crate that does not compile: build_failed, the compiler's error in
/// the log, and no artifact of that job published.
async fn the_crate_that_does_not_compile_failed_with_the_compilers_error(backend: &world::Backend) {
    let broken = backend.get(&format!("/api/v1/crates/{BROKEN}/0.1.0")).await;
    let binary_job = job_of_kind(&broken, "binary");
    assert_eq!(binary_job["result"], "build_failed", "{binary_job:#}");
    let log = backend.log(binary_job["id"].as_i64().unwrap()).await;
    assert!(
        log.contains("error"),
        "the compiler's error is in the log:\n{log}"
    );
    assert!(
        broken["artifacts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|artifact| artifact["job"] != binary_job["id"]),
        "a failed job publishes nothing (its metadata job may): {broken:#}"
    );
}

/// The download whose checksum does not match: an infrastructure error for
/// both jobs, nothing compiled, both tasks delayed for a retry.
async fn the_mismatched_download_built_nothing_and_waits_for_a_retry(backend: &world::Backend) {
    let mismatch = backend
        .get(&format!("/api/v1/crates/{MISMATCH}/0.1.0"))
        .await;
    for job in mismatch["jobs"].as_array().unwrap() {
        assert_eq!(job["result"], "infrastructure_error", "{mismatch:#}");
        let log = backend.log(job["id"].as_i64().unwrap()).await;
        assert!(log.to_lowercase().contains("checksum"), "{log}");
        assert!(!log.contains("Compiling"), "nothing was built:\n{log}");
    }
    assert!(
        mismatch["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|task| task["state"] == "delayed"),
        "retried later, with backoff: {mismatch:#}"
    );
}

/// A publish, then a yank before any builder came: its tasks are held, and
/// the next builder run gets none of them.
async fn a_version_yanked_before_a_builder_came_is_not_handed_out(
    world: &World,
    backend: &world::Backend,
    index: &mut Index,
    bytes: &[u8],
) {
    index.publish(LATER, "0.1.0", bytes, false);
    index.commit("a later publish");
    world.sync(index);
    wait_for_both_tasks(backend, LATER).await;
    index.publish(LATER, "0.1.0", bytes, true);
    index.commit("yank it");
    world.sync(index);
    backend
        .wait_for(&format!("/api/v1/crates/{LATER}/0.1.0"), |version| {
            version["tasks"]
                .as_array()
                .is_some_and(|tasks| tasks.iter().all(|task| task["state"] == "held"))
        })
        .await;
    world.run_builder_once(backend);
    let later = backend.get(&format!("/api/v1/crates/{LATER}/0.1.0")).await;
    assert!(
        later["jobs"].as_array().unwrap().is_empty(),
        "the yanked version was not handed out: {later:#}"
    );
}

/// The job of `version`'s task of `kind`, as the version's detail lists it.
fn job_of_kind(version: &Value, kind: &str) -> Value {
    let task = version["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|task| task["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} task in {version:#}"));
    version["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|job| job["task"] == task["id"])
        .unwrap_or_else(|| panic!("no job for the {kind} task in {version:#}"))
        .clone()
}

/// How long a poll of the API waits for something to happen.
const PATIENCE: Duration = Duration::from_secs(60);
