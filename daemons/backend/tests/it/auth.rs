//! Request signing: what a builder signs, what the server accepts.

use std::time::Duration;

use axum::http::HeaderMap;
use buildsrs_backend_daemon::auth::{AuthError, Credentials, ReplayGuard, sign_request};
use buildsrs_backend_daemon::storage::Sha256Digest;
use ssh_key::{Algorithm, PrivateKey};

fn key() -> PrivateKey {
    PrivateKey::random(&mut rand_core::OsRng, Algorithm::Ed25519).unwrap()
}

const BODY_HASH: Sha256Digest = Sha256Digest([7; 32]);
const NOW: i64 = 1_800_000_000;

fn signed(key: &PrivateKey, method: &str, path: &str, timestamp: i64, nonce: &str) -> HeaderMap {
    sign_request(key, method, path, BODY_HASH, timestamp, nonce)
        .unwrap()
        .into_iter()
        .collect()
}

#[test]
fn a_request_signed_with_the_builders_key_verifies() {
    let key = key();
    let headers = signed(
        &key,
        "POST",
        "/api/v1/jobs/claim",
        NOW,
        "nonce-0123456789ab",
    );
    let credentials = Credentials::from_headers(&headers).unwrap();
    assert_eq!(
        credentials.fingerprint,
        key.public_key().fingerprint(Default::default()).to_string()
    );
    assert_eq!(credentials.content_sha256, BODY_HASH);
    credentials
        .verify(key.public_key(), "POST", "/api/v1/jobs/claim")
        .unwrap();
}

#[test]
fn a_signature_by_another_key_is_refused() {
    let (builder, forger) = (key(), key());
    let mut headers = signed(
        &forger,
        "POST",
        "/api/v1/jobs/claim",
        NOW,
        "nonce-0123456789ab",
    );
    // The forger claims to be the builder.
    let builder_headers = signed(&builder, "GET", "/", NOW, "other-0123456789ab");
    headers.insert("x-buildsrs-key", builder_headers["x-buildsrs-key"].clone());
    let credentials = Credentials::from_headers(&headers).unwrap();
    let error = credentials
        .verify(builder.public_key(), "POST", "/api/v1/jobs/claim")
        .unwrap_err();
    assert!(matches!(error, AuthError::BadSignature(_)));
}

#[test]
fn a_signature_does_not_carry_over_to_another_path_or_method() {
    let key = key();
    let headers = signed(
        &key,
        "POST",
        "/api/v1/jobs/1/complete",
        NOW,
        "nonce-0123456789ab",
    );
    let credentials = Credentials::from_headers(&headers).unwrap();
    assert!(
        credentials
            .verify(key.public_key(), "POST", "/api/v1/jobs/2/complete")
            .is_err()
    );
    assert!(
        credentials
            .verify(key.public_key(), "PUT", "/api/v1/jobs/1/complete")
            .is_err()
    );
}

#[test]
fn a_tampered_body_hash_breaks_the_signature() {
    let key = key();
    let mut headers = signed(&key, "POST", "/x", NOW, "nonce-0123456789ab");
    headers.insert(
        "x-buildsrs-content-sha256",
        "00".repeat(32).parse().unwrap(),
    );
    let credentials = Credentials::from_headers(&headers).unwrap();
    assert!(credentials.verify(key.public_key(), "POST", "/x").is_err());
}

#[test]
fn missing_or_malformed_headers_are_named() {
    let key = key();
    let headers = signed(&key, "POST", "/x", NOW, "nonce-0123456789ab");
    for (name, value) in [
        ("x-buildsrs-timestamp", "yesterday"),
        ("x-buildsrs-nonce", "short"),
        ("x-buildsrs-content-sha256", "abc"),
        ("x-buildsrs-signature", "!!!"),
        ("x-buildsrs-key", "MD5:aa"),
    ] {
        let mut broken = headers.clone();
        broken.insert(name, value.parse().unwrap());
        let error = Credentials::from_headers(&broken).unwrap_err();
        assert_eq!(error, AuthError::BadHeader { header: name });
        let mut missing = headers.clone();
        missing.remove(name);
        assert_eq!(
            Credentials::from_headers(&missing).unwrap_err(),
            AuthError::BadHeader { header: name }
        );
    }
}

#[test]
fn a_replayed_nonce_is_refused_within_the_window() {
    let guard = ReplayGuard::new(Duration::from_secs(300));
    let key = key();
    let credentials =
        Credentials::from_headers(&signed(&key, "POST", "/x", NOW, "nonce-0123456789ab")).unwrap();
    guard.admit(&credentials, NOW).unwrap();
    assert_eq!(
        guard.admit(&credentials, NOW + 10),
        Err(AuthError::Replayed)
    );
    // Another nonce is fine.
    let fresh =
        Credentials::from_headers(&signed(&key, "POST", "/x", NOW, "nonce-ba9876543210")).unwrap();
    guard.admit(&fresh, NOW + 10).unwrap();
}

#[test]
fn a_timestamp_outside_the_window_is_refused() {
    let guard = ReplayGuard::new(Duration::from_secs(300));
    let key = key();
    for timestamp in [NOW - 301, NOW + 301] {
        let credentials =
            Credentials::from_headers(&signed(&key, "POST", "/x", timestamp, "nonce-0123456789ab"))
                .unwrap();
        assert!(matches!(
            guard.admit(&credentials, NOW),
            Err(AuthError::Stale { .. })
        ));
    }
}
