//! Interoperability with OpenSSH: a signature `ssh-keygen -Y sign` makes
//! over the canonical request is accepted, one this crate makes is accepted
//! by `ssh-keygen -Y verify`, and tampering is refused either way.

use std::process::{Command, Stdio};

use base64::Engine as _;
use buildsrs_protocol::api::path;
use buildsrs_protocol::digest::Sha256Digest;
use buildsrs_protocol::signing::{AuthError, NAMESPACE, RequestSigner, canonical_request, header};
use ssh_encoding::Encode;
use ssh_key::{Algorithm, HashAlg, Signature, SshSig};

use crate::keys::{Headers, KEY_TYPES, KeyPair, credentials, headers, run, write};

const TIMESTAMP: i64 = 1_800_000_000;
const NONCE: &str = "openssh-0123456789abcdef";

/// `ssh-keygen -Y sign` of the canonical request for `path`, as request
/// headers (the armour stripped from the signature, which leaves the base64
/// of its binary form).
fn openssh_signed(pair: &KeyPair, namespace: &str, hashalg: &str, path: &str) -> Headers {
    let body = Sha256Digest::of(b"{}");
    let text = canonical_request("POST", path, TIMESTAMP, NONCE, body);
    let request = write(pair.dir.path(), "request", &text);
    run(Command::new("ssh-keygen")
        .args(["-q", "-Y", "sign", "-n", namespace, "-O"])
        .arg(format!("hashalg={hashalg}"))
        .arg("-f")
        .arg(&pair.private)
        .arg(&request));
    let armoured = std::fs::read_to_string(request.with_extension("sig")).unwrap();
    std::fs::remove_file(request.with_extension("sig")).unwrap();
    let signature: String = armoured
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    Headers::from([
        (header::KEY, pair.openssh_fingerprint()),
        (header::TIMESTAMP, TIMESTAMP.to_string()),
        (header::NONCE, NONCE.to_owned()),
        (header::CONTENT_SHA256, body.to_hex()),
        (header::SIGNATURE, signature),
    ])
}

/// The hash algorithms to have OpenSSH sign with: both for RSA (whose
/// SSHSIG OpenSSH always signs with `rsa-sha2-512`, hashing the message
/// with either), its default for the others.
fn hash_algorithms(kind: &str) -> &'static [&'static str] {
    if kind == "rsa" {
        &["sha256", "sha512"]
    } else {
        &["sha512"]
    }
}

#[test]
fn signatures_openssh_makes_over_the_canonical_request_verify() {
    let claim = path::CLAIM;
    for (name, kind, bits) in KEY_TYPES {
        let pair = KeyPair::generate(kind, *bits, "");
        let key = pair.public();
        for hashalg in hash_algorithms(kind) {
            let what = format!("{name}, hashalg={hashalg}");
            let signed = openssh_signed(&pair, NAMESPACE, hashalg, claim);
            let parsed = credentials(&signed).unwrap();
            parsed
                .verify(&key, "POST", claim)
                .unwrap_or_else(|error| panic!("{what}: {error}"));

            // Another path, or another body hash, is not what was signed.
            let other = path::heartbeat(buildsrs_protocol::api::JobId(1));
            assert_eq!(
                parsed.verify(&key, "POST", &other),
                Err(AuthError::BadSignature(pair.openssh_fingerprint())),
                "{what}"
            );
            let mut tampered = signed.clone();
            tampered.insert(header::CONTENT_SHA256, Sha256Digest::of(b"[]").to_hex());
            assert!(
                credentials(&tampered)
                    .unwrap()
                    .verify(&key, "POST", claim)
                    .is_err(),
                "{what}"
            );
        }
    }
}

#[test]
fn an_openssh_signature_in_another_namespace_is_refused() {
    let pair = KeyPair::generate("ed25519", None, "");
    let signed = openssh_signed(&pair, "git", "sha512", path::CLAIM);
    assert!(
        credentials(&signed)
            .unwrap()
            .verify(&pair.public(), "POST", path::CLAIM)
            .is_err()
    );
}

#[test]
fn openssh_verifies_what_a_request_signer_signs() {
    for (name, kind, bits) in KEY_TYPES {
        let pair = KeyPair::generate(kind, *bits, "");
        let signer = RequestSigner::from_file(&pair.private).unwrap();
        let body = br#"{"result":"succeeded"}"#;
        let complete = path::complete(buildsrs_protocol::api::JobId(7));
        let signed = headers(signer.sign("POST", &complete, body).unwrap());
        let text = canonical_request(
            "POST",
            &complete,
            signed[header::TIMESTAMP].parse().unwrap(),
            &signed[header::NONCE],
            Sha256Digest::of(body),
        );
        let armoured = armour(&signed[header::SIGNATURE]);
        let public = std::fs::read_to_string(pair.private.with_extension("pub")).unwrap();
        let allowed = write(
            pair.dir.path(),
            "allowed_signers",
            &format!("builder@buildsrs.test {public}"),
        );
        let signature = write(pair.dir.path(), "request.sig", &armoured);

        let verify = |message: &str| {
            let mut child = Command::new("ssh-keygen")
                .args([
                    "-Y",
                    "verify",
                    "-I",
                    "builder@buildsrs.test",
                    "-n",
                    NAMESPACE,
                ])
                .arg("-f")
                .arg(&allowed)
                .arg("-s")
                .arg(&signature)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write as _;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(message.as_bytes())
                .unwrap();
            child.wait_with_output().unwrap()
        };
        let accepted = verify(&text);
        assert!(
            accepted.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&accepted.stderr)
        );
        let tampered = text.replace("/jobs/7/", "/jobs/8/");
        assert!(!verify(&tampered).status.success(), "{name}");
    }
}

/// A base64 SSHSIG in OpenSSH's armour.
fn armour(base64: &str) -> String {
    let mut text = String::from("-----BEGIN SSH SIGNATURE-----\n");
    for line in base64.as_bytes().chunks(70) {
        text.push_str(std::str::from_utf8(line).unwrap());
        text.push('\n');
    }
    text.push_str("-----END SSH SIGNATURE-----\n");
    text
}

#[test]
fn an_rsa_signature_with_sha2_256_verifies_and_one_over_other_text_does_not() {
    use rsa::signature::{SignatureEncoding as _, Signer as _};

    let pair = KeyPair::generate("rsa", None, "");
    let private = ssh_key::PrivateKey::read_openssh_file(&pair.private).unwrap();
    // From the components, not ssh-key's conversion, which passes the prime
    // p twice (see `signing::rsa_sshsig`).
    let keypair = private.key_data().rsa().unwrap();
    let number = |mpint: &ssh_key::Mpint| rsa::BigUint::try_from(mpint).unwrap();
    let rsa_key = rsa::RsaPrivateKey::from_components(
        number(&keypair.public.n),
        number(&keypair.public.e),
        number(&keypair.private.d),
        vec![number(&keypair.private.p), number(&keypair.private.q)],
    )
    .unwrap();
    let signing_key = rsa::pkcs1v15::SigningKey::<rsa::sha2::Sha256>::new(rsa_key);
    let body = Sha256Digest::of(b"{}");
    let sign = |text: &str| {
        let signed_data = SshSig::signed_data(NAMESPACE, HashAlg::Sha512, text.as_bytes()).unwrap();
        let signature = Signature::new(
            Algorithm::Rsa {
                hash: Some(HashAlg::Sha256),
            },
            signing_key.sign(&signed_data).to_vec(),
        )
        .unwrap();
        let sshsig = SshSig::new(
            private.public_key().key_data().clone(),
            NAMESPACE,
            HashAlg::Sha512,
            signature,
        )
        .unwrap();
        let mut encoded = Vec::new();
        sshsig.encode(&mut encoded).unwrap();
        Headers::from([
            (header::KEY, pair.openssh_fingerprint()),
            (header::TIMESTAMP, TIMESTAMP.to_string()),
            (header::NONCE, NONCE.to_owned()),
            (header::CONTENT_SHA256, body.to_hex()),
            (
                header::SIGNATURE,
                base64::engine::general_purpose::STANDARD.encode(encoded),
            ),
        ])
    };
    let text = canonical_request("POST", path::CLAIM, TIMESTAMP, NONCE, body);
    let signed = sign(&text);
    credentials(&signed)
        .unwrap()
        .verify(&pair.public(), "POST", path::CLAIM)
        .unwrap();
    let other = sign(&text.replace("claim", "clam"));
    assert!(
        credentials(&other)
            .unwrap()
            .verify(&pair.public(), "POST", path::CLAIM)
            .is_err()
    );
}
