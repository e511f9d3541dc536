//! The server's half of request signing: signature headers read from an
//! HTTP request, the freshness window, and builders of every key type that
//! `builder add` accepts, registered with the CLI, talking to the daemon.
//! What is signed and how it verifies is tested in buildsrs-protocol.

use std::time::Duration;

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use buildsrs_backend_daemon::auth::{credentials, fresh_until};
use buildsrs_protocol::api::{self, path};
use buildsrs_protocol::digest::Sha256Digest;
use buildsrs_protocol::signing::{AuthError, header, sign_request};
use reqwest::{Method, StatusCode};
use serde_json::json;
use ssh_key::{Algorithm, PrivateKey};

use crate::harness::{Builder, Daemon};

fn key() -> PrivateKey {
    PrivateKey::random(&mut rand_core::OsRng, Algorithm::Ed25519).unwrap()
}

const BODY_HASH: Sha256Digest = Sha256Digest([7; 32]);
const NOW: i64 = 1_800_000_000;

/// The signature headers as axum hands them to the server.
fn signed(key: &PrivateKey, method: &str, path: &str, timestamp: i64, nonce: &str) -> HeaderMap {
    sign_request(key, method, path, BODY_HASH, timestamp, nonce)
        .unwrap()
        .into_iter()
        .map(|(name, value)| {
            (
                HeaderName::from_static(name),
                HeaderValue::from_str(&value).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_request_signed_with_the_builders_key_verifies_from_its_http_headers() {
    let key = key();
    let headers = signed(&key, "POST", path::CLAIM, NOW, "nonce-0123456789ab");
    let credentials = credentials(&headers).unwrap();
    assert_eq!(
        credentials.fingerprint,
        key.public_key().fingerprint(Default::default()).to_string()
    );
    assert_eq!(credentials.content_sha256, BODY_HASH);
    credentials
        .verify(key.public_key(), "POST", path::CLAIM)
        .unwrap();
}

#[test]
fn missing_malformed_or_non_ascii_headers_are_named() {
    let key = key();
    let headers = signed(&key, "POST", "/x", NOW, "nonce-0123456789ab");
    for (name, value) in [
        (header::TIMESTAMP, "yesterday"),
        (header::NONCE, "short"),
        (header::CONTENT_SHA256, "abc"),
        (header::SIGNATURE, "!!!"),
        (header::KEY, "MD5:aa"),
    ] {
        let mut broken = headers.clone();
        broken.insert(name, value.parse().unwrap());
        let error = credentials(&broken).unwrap_err();
        assert_eq!(error, AuthError::BadHeader { header: name });
        let mut missing = headers.clone();
        missing.remove(name);
        assert_eq!(
            credentials(&missing).unwrap_err(),
            AuthError::BadHeader { header: name }
        );
        let mut not_ascii = headers.clone();
        not_ascii.insert(
            name,
            HeaderValue::from_bytes(b"nonce-\xff0123456789ab").unwrap(),
        );
        assert_eq!(
            credentials(&not_ascii).unwrap_err(),
            AuthError::BadHeader { header: name }
        );
    }
}

#[test]
fn a_timestamp_outside_the_window_is_refused() {
    let window = Duration::from_secs(300);
    let key = key();
    for timestamp in [NOW - 301, NOW + 301] {
        let credentials =
            credentials(&signed(&key, "POST", "/x", timestamp, "nonce-0123456789ab")).unwrap();
        assert!(matches!(
            fresh_until(&credentials, window, NOW),
            Err(AuthError::Stale { .. })
        ));
    }
}

#[test]
fn a_fresh_nonce_is_remembered_until_its_timestamp_leaves_the_window() {
    let key = key();
    let credentials =
        credentials(&signed(&key, "POST", "/x", NOW - 10, "nonce-0123456789ab")).unwrap();
    let until = fresh_until(&credentials, Duration::from_secs(300), NOW).unwrap();
    assert_eq!(until, NOW - 10 + 300);
}

#[tokio::test]
async fn builders_with_rsa_and_p521_keys_registered_with_the_cli_claim_and_complete() {
    let daemon = Daemon::start(buildsrs_backend_daemon::Settings::default()).await;
    let rsa = Builder::from_ssh_keygen(&daemon, "rsa", None);
    let p521 = Builder::from_ssh_keygen(&daemon, "ecdsa", Some("521"));
    daemon.register_builder(&rsa.key);
    daemon.register_builder(&p521.key);
    daemon
        .add_versions(&[("serde", "1.0.0"), ("rand", "0.8.5")])
        .await;

    for (name, builder) in [("rsa", &rsa), ("p-521", &p521)] {
        let job = builder.claim_one().await;
        let heartbeat = builder.post(&path::heartbeat(job.job), json!({})).await;
        assert_eq!(heartbeat.status(), StatusCode::OK, "{name}");
        let lease: api::Lease = heartbeat.json().await.unwrap();
        assert!(lease.lease_expires_at >= job.lease_expires_at, "{name}");
        let completed = builder
            .post(&path::complete(job.job), json!({ "result": "succeeded" }))
            .await;
        assert_eq!(completed.status(), StatusCode::OK, "{name}");
        let completed: api::Completed = completed.json().await.unwrap();
        assert_eq!(completed.task_state, api::TaskState::Succeeded, "{name}");
    }

    // Signed with the RSA key, presented as the P-521 builder's: refused.
    let mut forged = rsa
        .signed(Method::POST, path::CLAIM, b"{}".to_vec())
        .build()
        .unwrap();
    let genuine = p521
        .signed(Method::POST, path::CLAIM, b"{}".to_vec())
        .build()
        .unwrap();
    forged
        .headers_mut()
        .insert(header::KEY, genuine.headers()[header::KEY].clone());
    let response = daemon.http.execute(forged).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: api::ErrorBody = response.json().await.unwrap();
    assert_eq!(body.error.code, "bad_signature");
}

#[tokio::test]
async fn a_dsa_key_is_refused_by_builder_add_saying_dsa_is_not_supported() {
    let daemon = Daemon::start(buildsrs_backend_daemon::Settings::default()).await;
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/keys/builder-dsa.pub");
    let text = std::fs::read_to_string(fixture).unwrap();
    let key = ssh_key::PublicKey::from_openssh(text.trim()).unwrap();
    let output = daemon.try_register_builder(&key);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("DSA keys (ssh-dss) are not supported"),
        "{stderr}"
    );
    assert!(
        stderr.contains("builder.pub"),
        "the file is named: {stderr}"
    );
}
