//! The daemon on S3 storage: instances sharing a bucket, downloads
//! redirected to presigned URLs, and a store that dies mid-upload.

use std::process::Command;

use buildsrs_backend::JobId;
use buildsrs_backend_daemon::{ServiceError, Settings, run};
use buildsrs_database::PoolOptions;
use buildsrs_database::temp::TestDatabase;
use buildsrs_protocol::api::path;
use bytes::Bytes;
use futures::stream;
use reqwest::{StatusCode, header};
use serde_json::json;

use crate::harness::Builder;
use crate::hostile::{downloads_counted, status_and_code, upload};
use crate::storage::Kind;
use crate::upkeep::daemon_on;

/// Completes the job as succeeded, publishing its artifacts.
async fn succeed(builder: &Builder, job: i64) {
    let completed = builder
        .post(
            &path::complete(buildsrs_protocol::api::JobId(job)),
            json!({ "result": "succeeded" }),
        )
        .await;
    assert_eq!(completed.status(), StatusCode::OK);
}

#[tokio::test]
async fn two_instances_on_one_bucket_serve_each_others_artifacts() {
    let (_test, daemon, builder, job) = daemon_on(Kind::S3, Settings::default()).await;
    let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 253) as u8).collect();
    let artifact = upload(&builder, job, "serde.bin", &bytes).await;
    succeed(&builder, job).await;

    let other = daemon.start_instance(Settings::default()).await;
    let url = format!("{}/api/v1/artifacts/{artifact}/download", other.base);
    let whole = daemon.http.get(&url).send().await.unwrap();
    assert_eq!(whole.status(), StatusCode::OK);
    assert!(
        whole.bytes().await.unwrap() == bytes,
        "the other instance served other bytes"
    );
    let part = daemon
        .http
        .get(&url)
        .header(header::RANGE, "bytes=1000-1999")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.bytes().await.unwrap(), bytes[1000..2000]);
    other.shutdown().await;
}

#[tokio::test]
async fn with_storage_redirect_a_get_is_a_307_to_a_presigned_url_and_counted() {
    let settings = Settings {
        storage_redirect: true,
        ..Settings::default()
    };
    let (_test, daemon, builder, job) = daemon_on(Kind::S3, settings).await;
    let artifact = upload(&builder, job, "serde.bin", b"redirected bytes").await;
    succeed(&builder, job).await;
    let no_follow = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = format!("{}/api/v1/artifacts/{artifact}/download", daemon.base);

    let head = no_follow.head(&url).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::TEMPORARY_REDIRECT);
    let early = no_follow
        .get(&url)
        .header(header::RANGE, "bytes=0-3")
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        downloads_counted(&daemon).await,
        0,
        "neither a HEAD nor an early part counts"
    );

    let redirect = no_follow.get(&url).send().await.unwrap();
    assert_eq!(redirect.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        downloads_counted(&daemon).await,
        1,
        "counted when redirected"
    );
    let location = redirect.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(location.contains("X-Amz-Signature="), "{location}");
    assert!(location.contains("X-Amz-Expires=300"), "{location}");
    let fetched = reqwest::get(&location).await.unwrap();
    assert_eq!(fetched.status(), StatusCode::OK);
    assert_eq!(fetched.bytes().await.unwrap(), &b"redirected bytes"[..]);
}

#[tokio::test]
async fn storage_redirect_on_a_local_store_is_refused_at_start() {
    let test = TestDatabase::new().await.unwrap();
    let database = test.connect(&PoolOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = buildsrs_backend_daemon::storage::ArtifactStore::local(dir.path(), 1 << 20)
        .await
        .unwrap();
    let settings = Settings {
        storage_redirect: true,
        ..Settings::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let error = run(database, store, settings, listener, std::future::pending())
        .await
        .unwrap_err();
    assert!(matches!(error, ServiceError::RedirectWithoutS3), "{error}");
    assert!(
        error.to_string().contains("--storage-redirect needs S3"),
        "{error}"
    );
}

#[tokio::test]
async fn an_upload_the_store_dies_in_the_middle_of_fails_and_records_no_artifact() {
    let (test, daemon, builder, job) = daemon_on(Kind::S3, Settings::default()).await;
    let size = 24usize << 20;
    let bytes = vec![5u8; size];
    let upload_path = format!("/api/v1/builder/jobs/{job}/artifacts/serde.bin");
    let signature = builder.signature("PUT", &upload_path, &bytes);
    let pid = test.moto_pid();
    // A megabyte at a time; the S3 server is killed after twelve.
    let body = stream::iter((0..24).map(move |index| {
        if index == 12 {
            let killed = Command::new("kill").args(["-9", &pid.to_string()]).status();
            assert!(killed.unwrap().success());
        }
        Ok::<_, std::io::Error>(Bytes::from(vec![5u8; 1 << 20]))
    }));
    let mut request = daemon
        .http
        .put(format!("{}{upload_path}", daemon.base))
        .header(header::CONTENT_LENGTH, size)
        .body(reqwest::Body::wrap_stream(body));
    for (name, value) in signature {
        request = request.header(name, value);
    }
    // The daemon may answer before the client finished sending.
    if let Ok(response) = request.send().await {
        let (status, code) = status_and_code(response).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable")
        );
    }
    assert_eq!(daemon.backend.artifacts(JobId(job)).await.unwrap(), []);
}
