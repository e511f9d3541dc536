//! How a builder proves who it is: every request is signed with the
//! builder's SSH private key.
//!
//! The builder signs a canonical text of the request (method, path and query,
//! a timestamp, a fresh nonce and the SHA-256 of the body) as an SSHSIG with
//! namespace [`NAMESPACE`], and sends it with the key's fingerprint in
//! headers. The server looks the key up by fingerprint, checks the signature,
//! refuses timestamps outside a window, and refuses a nonce it has seen
//! within that window: a captured request cannot be replayed. The body's
//! hash is checked against the signed one by whoever reads the body.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ssh_encoding::{Decode, Encode};
use ssh_key::{HashAlg, PrivateKey, PublicKey, SshSig};

use crate::storage::Sha256Digest;

/// The SSHSIG namespace of builder requests, so a signature made for
/// anything else (a git commit, a file) is never valid here.
pub const NAMESPACE: &str = "buildsrs-builder-v1@buildsrs";

/// The headers of a signed request.
pub mod header {
    /// The SHA-256 fingerprint of the builder's key (`SHA256:…`).
    pub const KEY: &str = "x-buildsrs-key";
    /// Seconds since the Unix epoch when the request was signed.
    pub const TIMESTAMP: &str = "x-buildsrs-timestamp";
    /// A value never used before by this builder (16 to 128 of `[A-Za-z0-9_-]`).
    pub const NONCE: &str = "x-buildsrs-nonce";
    /// The SHA-256 of the request body, 64 hex characters.
    pub const CONTENT_SHA256: &str = "x-buildsrs-content-sha256";
    /// The SSHSIG over the canonical request, base64 of its binary encoding.
    pub const SIGNATURE: &str = "x-buildsrs-signature";
}

/// Why a request's authentication was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    /// A header is absent or malformed.
    #[error("header {header} is missing or malformed")]
    BadHeader { header: &'static str },
    /// No builder has this key.
    #[error("no builder is registered with key {0}")]
    UnknownKey(String),
    /// The builder exists and is disabled.
    #[error("builder {0} is disabled")]
    Disabled(i64),
    /// The signature does not verify with the builder's key.
    #[error("the request signature does not verify with key {0}")]
    BadSignature(String),
    /// The timestamp is too far from the server's clock.
    #[error(
        "the request timestamp is {skew} s from the server's clock, more than the {window} s allowed"
    )]
    Stale { skew: i64, window: i64 },
    /// This nonce was used before.
    #[error("the nonce of this request was used before (replayed request)")]
    Replayed,
    /// The body does not hash to the signed value.
    #[error("the request body does not match its signed SHA-256")]
    BodyMismatch,
}

/// The authentication headers of one request, parsed.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub fingerprint: String,
    pub timestamp: i64,
    pub nonce: String,
    pub content_sha256: Sha256Digest,
    signature: SshSig,
}

/// The text that is signed: one field a line.
pub fn canonical_request(
    method: &str,
    path_and_query: &str,
    timestamp: i64,
    nonce: &str,
    content_sha256: Sha256Digest,
) -> String {
    format!(
        "buildsrs-request-v1\n{method}\n{path_and_query}\n{timestamp}\n{nonce}\n{}\n",
        content_sha256.to_hex()
    )
}

/// The headers a builder sends: what a builder implementation (and our
/// tests) call to sign a request.
pub fn sign_request(
    key: &PrivateKey,
    method: &str,
    path_and_query: &str,
    content_sha256: Sha256Digest,
    timestamp: i64,
    nonce: &str,
) -> Result<Vec<(HeaderName, HeaderValue)>, ssh_key::Error> {
    let text = canonical_request(method, path_and_query, timestamp, nonce, content_sha256);
    let signature = key.sign(NAMESPACE, HashAlg::Sha512, text.as_bytes())?;
    let mut encoded = Vec::new();
    signature.encode(&mut encoded)?;
    let pair = |name: &'static str, text: String| {
        (
            HeaderName::from_static(name),
            HeaderValue::from_str(&text).expect("an ASCII header value"),
        )
    };
    Ok(vec![
        pair(
            header::KEY,
            key.public_key().fingerprint(HashAlg::Sha256).to_string(),
        ),
        pair(header::TIMESTAMP, timestamp.to_string()),
        pair(header::NONCE, nonce.to_owned()),
        pair(header::CONTENT_SHA256, content_sha256.to_hex()),
        pair(header::SIGNATURE, BASE64.encode(encoded)),
    ])
}

impl Credentials {
    /// Reads the authentication headers of a request.
    pub fn from_headers(headers: &HeaderMap) -> Result<Self, AuthError> {
        let text = |name: &'static str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .ok_or(AuthError::BadHeader { header: name })
        };
        let bad = |header: &'static str| AuthError::BadHeader { header };
        let fingerprint = text(header::KEY)?;
        if !fingerprint.starts_with("SHA256:") || fingerprint.len() > 100 {
            return Err(bad(header::KEY));
        }
        let timestamp = text(header::TIMESTAMP)?
            .parse()
            .map_err(|_| bad(header::TIMESTAMP))?;
        let nonce = text(header::NONCE)?;
        let nonce_alphabet =
            |byte: u8| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_';
        if !(16..=128).contains(&nonce.len()) || !nonce.bytes().all(nonce_alphabet) {
            return Err(bad(header::NONCE));
        }
        let content_sha256 = Sha256Digest::from_hex(text(header::CONTENT_SHA256)?)
            .ok_or(bad(header::CONTENT_SHA256))?;
        let signature = BASE64
            .decode(text(header::SIGNATURE)?)
            .ok()
            .and_then(|bytes| SshSig::decode(&mut bytes.as_slice()).ok())
            .ok_or(bad(header::SIGNATURE))?;
        Ok(Self {
            fingerprint: fingerprint.to_owned(),
            timestamp,
            nonce: nonce.to_owned(),
            content_sha256,
            signature,
        })
    }

    /// Checks the signature over this request with the builder's key.
    pub fn verify(
        &self,
        key: &PublicKey,
        method: &str,
        path_and_query: &str,
    ) -> Result<(), AuthError> {
        let text = canonical_request(
            method,
            path_and_query,
            self.timestamp,
            &self.nonce,
            self.content_sha256,
        );
        key.verify(NAMESPACE, text.as_bytes(), &self.signature)
            .map_err(|_| AuthError::BadSignature(self.fingerprint.clone()))
    }
}

/// Remembers the nonces of a time window, to refuse replayed requests. Per
/// process: behind a load balancer, each instance keeps its own (see README).
#[derive(Debug)]
pub struct ReplayGuard {
    window: Duration,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    /// (fingerprint, nonce) → the time after which it may be forgotten.
    nonces: HashMap<(String, String), i64>,
    /// When expired nonces were last dropped: at most once a second.
    pruned_at: i64,
}

impl ReplayGuard {
    /// A guard accepting timestamps within `window` of the server's clock.
    pub fn new(window: Duration) -> Self {
        Self {
            window,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Accepts a fresh request once: refuses a stale timestamp or a nonce
    /// seen within the window. Call after the signature verified, so forged
    /// requests cannot fill the memory.
    pub fn admit(&self, credentials: &Credentials, now: i64) -> Result<(), AuthError> {
        let window = self.window.as_secs() as i64;
        let skew = credentials.timestamp - now;
        if skew.abs() > window {
            return Err(AuthError::Stale { skew, window });
        }
        let mut seen = self.seen.lock().expect("replay guard lock");
        if seen.pruned_at < now {
            seen.nonces.retain(|_, forget_after| *forget_after >= now);
            seen.pruned_at = now;
        }
        let key = (credentials.fingerprint.clone(), credentials.nonce.clone());
        if seen.nonces.contains_key(&key) {
            return Err(AuthError::Replayed);
        }
        // Forgettable once its timestamp falls out of the window.
        seen.nonces.insert(key, credentials.timestamp + window);
        Ok(())
    }
}
