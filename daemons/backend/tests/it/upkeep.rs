//! The scrub and the orphan collector on a running daemon's store, for
//! both backends, and the operator's commands (`buildsrs-backend
//! gc-artifacts`, `scrub`) as processes.

use std::process::Command;
use std::time::{Duration, Instant};

use buildsrs_backend::JobId;
use buildsrs_backend_daemon::Settings;
use buildsrs_backend_daemon::storage::ArtifactStore;
use buildsrs_backend_daemon::storage::upkeep::{collect_orphans, scrub};
use buildsrs_database::PoolOptions;
use buildsrs_protocol::api::path;
use reqwest::StatusCode;
use serde_json::json;

use crate::for_both_stores;
use crate::harness::{Builder, Daemon, Storage};
use crate::hostile::{status_and_code, upload};
use crate::storage::{Kind, TestStore, chunks_of, digest};

for_both_stores!(
    objects_no_row_names_are_collected_after_the_grace_period_and_named_ones_kept,
    the_scrub_reports_a_row_whose_object_is_missing_and_its_download_is_refused,
    the_daemon_collects_orphans_on_its_interval,
);

/// A daemon with `settings` on a fresh store of `kind`, with a builder
/// holding one job.
pub async fn daemon_on(kind: Kind, settings: Settings) -> (TestStore, Daemon, Builder, i64) {
    let test = TestStore::new(kind, settings.max_artifact_size).await;
    let options = PoolOptions::default();
    let daemon = Daemon::start_on(settings, &options, Some(test.storage.clone())).await;
    let builder = Builder::new(&daemon);
    daemon.register_builder(&builder.key);
    daemon.add_versions(&[("serde", "1.0.0")]).await;
    let job = builder.claim_one().await.job.0;
    (test, daemon, builder, job)
}

/// Stores `bytes` with no artifact row, as a crash before the commit does.
async fn orphan(store: &ArtifactStore, bytes: &[u8]) {
    store
        .put(digest(bytes), bytes.len() as u64, chunks_of(bytes, 1024))
        .await
        .unwrap();
}

async fn objects_no_row_names_are_collected_after_the_grace_period_and_named_ones_kept(kind: Kind) {
    let (test, daemon, builder, job) = daemon_on(kind, Settings::default()).await;
    upload(&builder, job, "serde.bin", b"named by a row").await;
    orphan(&test.store, b"left by a crash").await;

    let young = collect_orphans(
        &test.store,
        &daemon.backend,
        Duration::from_secs(3600),
        true,
    )
    .await
    .unwrap();
    assert_eq!((young.listed, young.orphans.len()), (2, 0), "{young:?}");

    let dry = collect_orphans(&test.store, &daemon.backend, Duration::ZERO, false)
        .await
        .unwrap();
    assert_eq!(dry.orphans, [digest(b"left by a crash")]);
    assert_eq!(dry.removed, 0);
    assert!(
        test.exists(digest(b"left by a crash")).await,
        "a dry run removes nothing"
    );

    let applied = collect_orphans(&test.store, &daemon.backend, Duration::ZERO, true)
        .await
        .unwrap();
    assert_eq!(applied.removed, 1);
    assert!(!test.exists(digest(b"left by a crash")).await);
    assert!(test.exists(digest(b"named by a row")).await);
}

async fn the_scrub_reports_a_row_whose_object_is_missing_and_its_download_is_refused(kind: Kind) {
    let (test, daemon, builder, job) = daemon_on(kind, Settings::default()).await;
    let artifact = upload(&builder, job, "serde.bin", b"to be lost").await;
    let kept = b"intact";
    upload(&builder, job, "kept.bin", kept).await;
    let completed = builder
        .post(
            &path::complete(buildsrs_protocol::api::JobId(job)),
            json!({ "result": "succeeded" }),
        )
        .await;
    assert_eq!(completed.status(), StatusCode::OK);
    test.store.delete(digest(b"to be lost")).await.unwrap();

    let report = scrub(&test.store, &daemon.backend).await.unwrap();
    assert_eq!(report.missing, [digest(b"to be lost")]);
    assert_eq!((report.checked, report.corrupted.len()), (1, 0));

    let response = daemon
        .get(&format!("/api/v1/artifacts/{artifact}/download"))
        .await;
    let (status, code) = status_and_code(response).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, "artifact_missing")
    );
    assert_eq!(
        daemon.backend.artifacts(JobId(job)).await.unwrap().len(),
        2,
        "rows are kept"
    );
}

async fn the_daemon_collects_orphans_on_its_interval(kind: Kind) {
    let settings = Settings {
        gc_interval: Duration::from_millis(200),
        gc_grace: Duration::ZERO,
        ..Settings::default()
    };
    let (test, _daemon, _builder, _job) = daemon_on(kind, settings).await;
    orphan(&test.store, b"left by a crash").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while test.exists(digest(b"left by a crash")).await {
        assert!(
            Instant::now() < deadline,
            "the collector never removed the orphan"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs `buildsrs-backend --storage DIR ARGS` on the daemon's database and
/// the test's store.
fn operator(daemon: &Daemon, test: &TestStore, args: &[&str]) -> std::process::Output {
    let Storage::Local(root) = &test.storage else {
        panic!("the operator tests run on a local store");
    };
    Command::new(env!("CARGO_BIN_EXE_buildsrs-backend"))
        .arg("--storage")
        .arg(root)
        .args(args)
        .env("DATABASE_URL", daemon.test.url())
        .env("BUILDSRS_GC_GRACE", "0s")
        .output()
        .unwrap()
}

#[tokio::test]
async fn gc_artifacts_lists_orphans_and_removes_them_only_with_apply() {
    let (test, daemon, builder, job) = daemon_on(Kind::Local, Settings::default()).await;
    upload(&builder, job, "serde.bin", b"named by a row").await;
    orphan(&test.store, b"left by a crash").await;
    let hex = digest(b"left by a crash").to_hex();

    let dry = operator(&daemon, &test, &["gc-artifacts"]);
    let stdout = String::from_utf8_lossy(&dry.stdout);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(stdout.contains(&format!("orphan {hex}")), "{stdout}");
    assert!(stdout.contains("would remove 1"), "{stdout}");
    assert!(test.exists(digest(b"left by a crash")).await);

    let applied = operator(&daemon, &test, &["gc-artifacts", "--apply"]);
    let stdout = String::from_utf8_lossy(&applied.stdout);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert!(stdout.contains("removed 1"), "{stdout}");
    assert!(!test.exists(digest(b"left by a crash")).await);
    assert!(test.exists(digest(b"named by a row")).await);
}

#[tokio::test]
async fn scrub_exits_with_failure_naming_a_row_whose_object_is_missing() {
    let (test, daemon, builder, job) = daemon_on(Kind::Local, Settings::default()).await;
    upload(&builder, job, "serde.bin", b"to be lost").await;
    let clean = operator(&daemon, &test, &["scrub"]);
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );

    test.store.delete(digest(b"to be lost")).await.unwrap();
    let failed = operator(&daemon, &test, &["scrub"]);
    let stdout = String::from_utf8_lossy(&failed.stdout);
    assert_eq!(failed.status.code(), Some(1), "{stdout}");
    let hex = digest(b"to be lost").to_hex();
    assert!(stdout.contains(&format!("missing {hex}")), "{stdout}");
}
