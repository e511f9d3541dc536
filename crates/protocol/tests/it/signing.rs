//! Request signing with this crate on both sides: every key type a builder
//! may register signs requests that verify, and nothing else verifies.

use buildsrs_protocol::api::path;
use buildsrs_protocol::digest::Sha256Digest;
use buildsrs_protocol::signing::{
    AuthError, RequestSigner, SignError, header, sign_request, unix_now,
};
use ssh_key::{Algorithm, PrivateKey};

use crate::keys::{KEY_TYPES, KeyPair, credentials, headers, write};

const BODY: &[u8] = br#"{"wait_seconds":30,"slots":2}"#;

#[test]
fn every_key_type_a_builder_registers_signs_requests_that_verify() {
    for (name, kind, bits) in KEY_TYPES {
        let pair = KeyPair::generate(kind, *bits, "");
        let signer = RequestSigner::from_file(&pair.private).unwrap();
        assert_eq!(signer.fingerprint(), pair.openssh_fingerprint(), "{name}");
        assert_eq!(signer.public_key().key_data(), pair.public().key_data());

        let signed = headers(signer.sign("POST", path::CLAIM, BODY).unwrap());
        let parsed = credentials(&signed).unwrap();
        assert_eq!(parsed.fingerprint, signer.fingerprint(), "{name}");
        assert_eq!(parsed.content_sha256, Sha256Digest::of(BODY), "{name}");
        assert_eq!(parsed.nonce.len(), 32, "{name}");
        assert!((parsed.timestamp - unix_now()).abs() < 60, "{name}");
        parsed
            .verify(&pair.public(), "POST", path::CLAIM)
            .unwrap_or_else(|error| panic!("{name}: {error}"));
    }
}

#[test]
fn a_signature_covers_method_path_timestamp_nonce_and_body_hash() {
    for (name, kind, bits) in KEY_TYPES {
        let pair = KeyPair::generate(kind, *bits, "");
        let key = pair.public();
        let signer = RequestSigner::from_file(&pair.private).unwrap();
        let complete = path::complete(buildsrs_protocol::api::JobId(1));
        let signed = headers(signer.sign("POST", &complete, BODY).unwrap());
        let refused = |method: &str, path: &str, headers: &crate::keys::Headers| {
            let error = credentials(headers)
                .unwrap()
                .verify(&key, method, path)
                .unwrap_err();
            assert_eq!(
                error,
                AuthError::BadSignature(signer.fingerprint()),
                "{name}"
            );
        };
        refused(
            "POST",
            &path::complete(buildsrs_protocol::api::JobId(2)),
            &signed,
        );
        refused("PUT", &complete, &signed);
        for (header, value) in [
            (header::CONTENT_SHA256, "00".repeat(32)),
            (header::TIMESTAMP, (unix_now() + 1).to_string()),
            (header::NONCE, "another-nonce-0123456789".to_owned()),
        ] {
            let mut tampered = signed.clone();
            tampered.insert(header, value);
            refused("POST", &complete, &tampered);
        }
    }
}

#[test]
fn a_signature_by_another_key_is_refused() {
    let builder = PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).unwrap();
    let forger = RequestSigner::new(
        PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).unwrap(),
    )
    .unwrap();
    let mut forged = headers(forger.sign("POST", path::CLAIM, BODY).unwrap());
    // The forger claims to be the builder.
    forged.insert(
        header::KEY,
        builder
            .public_key()
            .fingerprint(Default::default())
            .to_string(),
    );
    let error = credentials(&forged)
        .unwrap()
        .verify(builder.public_key(), "POST", path::CLAIM)
        .unwrap_err();
    assert!(matches!(error, AuthError::BadSignature(_)), "{error}");
}

#[test]
fn sign_request_signs_with_the_given_timestamp_and_nonce() {
    let key = PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).unwrap();
    let digest = Sha256Digest([7; 32]);
    let signed = headers(
        sign_request(
            &key,
            "POST",
            "/x",
            digest,
            1_800_000_000,
            "nonce-0123456789ab",
        )
        .unwrap(),
    );
    assert_eq!(signed[header::TIMESTAMP], "1800000000");
    assert_eq!(signed[header::NONCE], "nonce-0123456789ab");
    assert_eq!(signed[header::CONTENT_SHA256], digest.to_hex());
    let parsed = credentials(&signed).unwrap();
    assert_eq!(parsed.timestamp, 1_800_000_000);
    parsed.verify(key.public_key(), "POST", "/x").unwrap();
}

#[test]
fn freshness_is_checked_without_overflow_for_any_timestamp() {
    let key = PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).unwrap();
    let at = |timestamp: i64| {
        credentials(&headers(
            sign_request(
                &key,
                "GET",
                "/",
                Sha256Digest([0; 32]),
                timestamp,
                "nonce-0123456789ab",
            )
            .unwrap(),
        ))
        .unwrap()
    };
    let window = std::time::Duration::from_secs(300);
    let now = 1_800_000_000;
    at(now).check_fresh(now, window).unwrap();
    at(now - 300).check_fresh(now, window).unwrap();
    at(now + 300).check_fresh(now, window).unwrap();
    for timestamp in [now - 301, now + 301, i64::MIN, i64::MAX, 0, -1] {
        let error = at(timestamp).check_fresh(now, window).unwrap_err();
        assert!(
            matches!(error, AuthError::Stale { window: 300, .. }),
            "{timestamp}: {error}"
        );
    }
    // A window too large for i64 seconds, and a clock at the extremes.
    at(i64::MIN)
        .check_fresh(i64::MAX, std::time::Duration::MAX)
        .unwrap_err();
    at(0).check_fresh(i64::MIN, window).unwrap_err();
}

#[test]
fn each_request_gets_a_fresh_nonce() {
    let signer = RequestSigner::new(
        PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).unwrap(),
    )
    .unwrap();
    let first = headers(signer.sign("POST", "/x", b"").unwrap());
    let second = headers(signer.sign("POST", "/x", b"").unwrap());
    assert_ne!(first[header::NONCE], second[header::NONCE]);
}

#[test]
fn missing_or_malformed_headers_are_named() {
    let key = PrivateKey::random(&mut ssh_key::rand_core::OsRng, Algorithm::Ed25519).unwrap();
    let signed = headers(
        sign_request(
            &key,
            "POST",
            "/x",
            Sha256Digest([7; 32]),
            0,
            "nonce-0123456789ab",
        )
        .unwrap(),
    );
    for (name, value) in [
        (header::TIMESTAMP, "yesterday"),
        (header::NONCE, "short"),
        (header::NONCE, "has spaces in it, which are refused"),
        (header::CONTENT_SHA256, "abc"),
        (header::SIGNATURE, "!!!"),
        (header::SIGNATURE, "AAAA"),
        (header::KEY, "MD5:aa"),
    ] {
        let mut broken = signed.clone();
        broken.insert(name, value.to_owned());
        assert_eq!(
            credentials(&broken).unwrap_err(),
            AuthError::BadHeader { header: name },
            "{name}: {value}"
        );
        let mut missing = signed.clone();
        missing.remove(name);
        assert_eq!(
            credentials(&missing).unwrap_err(),
            AuthError::BadHeader { header: name }
        );
    }
}

#[test]
fn an_encrypted_private_key_is_refused_naming_the_file() {
    let pair = KeyPair::generate("ed25519", None, "a passphrase");
    let error = RequestSigner::from_file(&pair.private).unwrap_err();
    assert!(matches!(error, SignError::Encrypted { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains(&pair.private.display().to_string()),
        "{message}"
    );
    assert!(message.contains("encrypted"), "{message}");
}

#[test]
fn a_dsa_private_key_is_refused_naming_its_type() {
    let pair = KeyPair::generate("dsa", None, "");
    let error = RequestSigner::from_file(&pair.private).unwrap_err();
    assert!(matches!(error, SignError::Unsupported { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("ssh-dss"), "{message}");
    assert!(
        message.contains(&pair.private.display().to_string()),
        "{message}"
    );
}

#[test]
fn a_missing_file_or_one_that_is_not_a_private_key_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-key");
    let error = RequestSigner::from_file(&missing).unwrap_err();
    assert!(matches!(error, SignError::ReadKey { .. }), "{error:?}");
    assert!(error.to_string().contains("no-such-key"), "{error}");

    let pair = KeyPair::generate("ed25519", None, "");
    let public_half = pair.private.with_extension("pub");
    for path in [write(dir.path(), "garbage", "not a key\n"), public_half] {
        let error = RequestSigner::from_file(&path).unwrap_err();
        assert!(matches!(error, SignError::ParseKey { .. }), "{error:?}");
        assert!(
            error.to_string().contains(&path.display().to_string()),
            "{error}"
        );
    }
}

#[test]
fn a_signer_shows_its_fingerprint_and_never_its_private_key() {
    let pair = KeyPair::generate("ed25519", None, "");
    let signer = RequestSigner::from_file(&pair.private).unwrap();
    let shown = format!("{signer:?}");
    assert!(shown.contains(&signer.fingerprint()), "{shown}");
    let private = std::fs::read_to_string(&pair.private).unwrap();
    let secret_line = private.lines().nth(1).unwrap();
    assert!(!shown.contains(secret_line), "{shown}");
    assert!(!shown.to_lowercase().contains("private"), "{shown}");
}

#[test]
fn a_p521_key_whose_scalar_openssh_wrote_short_signs_requests_that_verify() {
    // OpenSSH drops the scalar's leading zero byte, which half of all P-521
    // keys have; ssh-key alone cannot read those.
    let short = (0..40)
        .map(|_| KeyPair::generate("ecdsa", Some("521"), ""))
        .find(|pair| {
            let text = std::fs::read_to_string(&pair.private).unwrap();
            PrivateKey::from_openssh(text.trim()).is_err()
        })
        .expect("one in two P-521 keys has a short scalar");
    let signer = RequestSigner::from_file(&short.private).unwrap();
    assert_eq!(signer.fingerprint(), short.openssh_fingerprint());
    let signed = headers(signer.sign("POST", path::CLAIM, BODY).unwrap());
    credentials(&signed)
        .unwrap()
        .verify(&short.public(), "POST", path::CLAIM)
        .unwrap();
}

#[test]
fn an_rsa_key_under_2048_bits_is_refused_when_loaded() {
    let pair = KeyPair::generate("rsa", Some("1024"), "");
    let error = RequestSigner::from_file(&pair.private).unwrap_err();
    assert!(matches!(error, SignError::Sign { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("1024 bits"), "{message}");
    assert!(
        message.contains(&pair.private.display().to_string()),
        "{message}"
    );
}
