//! Downloads: the checksum decides, the size is capped, and the URL comes
//! from the registry's template, expanded by crates-index.

use std::sync::Mutex;

use axum::http::StatusCode;
use buildsrs_builder::build::{Failure, JobDir, Limits, fetch_crate};
use buildsrs_builder::download::{DownloadError, download};
use buildsrs_builder::registry::{Registry, RegistrySource, expand};
use buildsrs_builder::testing::{HELLO, package_fixture};
use buildsrs_builder::unpack::UnpackLimits;
use crates_index::IndexConfig;

use crate::fake_backend::serve_fixed;

fn limits() -> Limits {
    Limits {
        max_crate_size: 1 << 20,
        unpack: UnpackLimits::default(),
        max_output: 1 << 20,
    }
}

#[tokio::test]
async fn a_checksum_mismatch_is_an_infrastructure_error_and_nothing_is_unpacked() {
    let dir = crate::temp_dir();
    let packaged = package_fixture(HELLO, dir.path()).unwrap();
    let job = JobDir::create(dir.path().join("job")).unwrap();
    let url = format!("file://{}", packaged.path.display());
    let mut wrong = packaged.sha256;
    wrong[0] ^= 0xff;
    let log = Mutex::new(Vec::new());
    let failure = fetch_crate(
        &reqwest::Client::new(),
        &url,
        &wrong,
        "buildsrs-fixture-hello-0.1.0",
        &job,
        &limits(),
        &log,
    )
    .await
    .unwrap_err();
    let Failure::Infrastructure(reason) = failure else {
        panic!("not an infrastructure error: {failure:?}");
    };
    assert!(reason.contains("checksum"), "{reason}");
    assert_eq!(
        std::fs::read_dir(job.sources()).unwrap().count(),
        0,
        "something was unpacked"
    );
    assert_eq!(
        std::fs::read_dir(job.download()).unwrap().count(),
        0,
        "the bad file was kept"
    );
    let log = log.into_inner().unwrap();
    assert!(
        log.iter()
            .any(|line| line.starts_with("downloading file://")),
        "{log:?}"
    );
    assert!(
        !log.iter().any(|line| line.contains("checksum ok")),
        "{log:?}"
    );
}

#[tokio::test]
async fn a_matching_download_is_unpacked_and_logged() {
    let dir = crate::temp_dir();
    let packaged = package_fixture(HELLO, dir.path()).unwrap();
    let job = JobDir::create(dir.path().join("job")).unwrap();
    let url = format!("file://{}", packaged.path.display());
    let log = Mutex::new(Vec::new());
    let root = fetch_crate(
        &reqwest::Client::new(),
        &url,
        &packaged.sha256,
        "buildsrs-fixture-hello-0.1.0",
        &job,
        &limits(),
        &log,
    )
    .await
    .unwrap();
    assert!(root.join("Cargo.toml").is_file());
    let log = log.into_inner().unwrap();
    assert!(
        log.iter()
            .any(|line| line.starts_with("checksum ok: sha256 ")),
        "{log:?}"
    );
}

#[tokio::test]
async fn a_download_larger_than_the_cap_is_stopped() {
    let url = serve_fixed(StatusCode::OK, "application/gzip", vec![0u8; 3 << 20]).await;
    let dir = crate::temp_dir();
    let destination = dir.path().join("big.crate");
    let error = download(
        &reqwest::Client::new(),
        &url,
        &[0; 32],
        1 << 20,
        &destination,
    )
    .await
    .unwrap_err();
    assert!(matches!(error, DownloadError::TooLarge { .. }), "{error}");
    assert!(!destination.exists());
}

#[tokio::test]
async fn a_registry_error_status_is_a_download_error() {
    let url = serve_fixed(
        StatusCode::NOT_FOUND,
        "text/plain",
        b"no such crate".to_vec(),
    )
    .await;
    let dir = crate::temp_dir();
    let error = download(
        &reqwest::Client::new(),
        &url,
        &[0; 32],
        1 << 20,
        &dir.path().join("x"),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, DownloadError::Status { status: 404, .. }),
        "{error}"
    );
}

#[test]
fn the_download_template_expands_every_marker() {
    let config = IndexConfig {
        dl: "https://dl.example/{crate}/{version}/{prefix}/{lowerprefix}/{sha256-checksum}.crate"
            .to_owned(),
        api: None,
    };
    let checksum = [0xab; 32];
    let url = expand(&config, "Serde_Json", "1.0.0+build.5", &checksum).unwrap();
    assert_eq!(
        url,
        format!(
            "https://dl.example/Serde_Json/1.0.0+build.5/Se/rd/se/rd/{}.crate",
            "ab".repeat(32)
        )
    );
    // Cargo's prefixes of short names: 1, 2 and 3/<first letter>.
    let prefix = IndexConfig {
        dl: "https://dl.example/{prefix}/{crate}".to_owned(),
        api: None,
    };
    assert_eq!(
        expand(&prefix, "a", "1.0.0", &checksum).unwrap(),
        "https://dl.example/1/a"
    );
    assert_eq!(
        expand(&prefix, "ab", "1.0.0", &checksum).unwrap(),
        "https://dl.example/2/ab"
    );
    assert_eq!(
        expand(&prefix, "abc", "1.0.0", &checksum).unwrap(),
        "https://dl.example/3/a/abc"
    );
}

#[test]
fn a_template_without_markers_gets_the_crate_and_version_appended() {
    let config = IndexConfig {
        dl: "https://crates.example/api/v1/crates".to_owned(),
        api: None,
    };
    assert_eq!(
        expand(&config, "hello", "0.1.0", &[0; 32]).unwrap(),
        "https://crates.example/api/v1/crates/hello/0.1.0/download"
    );
}

#[tokio::test]
async fn the_template_is_read_from_the_sparse_index_config() {
    let index = serve_fixed(
        StatusCode::OK,
        "application/json",
        br#"{"dl": "https://static.example/crates/{crate}/{crate}-{version}.crate", "api": "https://example"}"#
            .to_vec(),
    )
    .await;
    let registry = Registry::new(
        RegistrySource::Index(format!("sparse+{index}/")),
        reqwest::Client::new(),
    );
    let url = registry
        .download_url("hello", "0.1.0", &[0; 32])
        .await
        .unwrap();
    assert_eq!(url, "https://static.example/crates/hello/hello-0.1.0.crate");
}

#[tokio::test]
async fn an_index_config_that_is_not_json_is_a_clear_error() {
    let index = serve_fixed(StatusCode::OK, "text/html", b"<html>hello</html>".to_vec()).await;
    let registry = Registry::new(RegistrySource::Index(index.clone()), reqwest::Client::new());
    let error = registry
        .download_url("hello", "0.1.0", &[0; 32])
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("config.json"), "{error}");
    assert!(error.contains("not a registry config.json"), "{error}");
}
