//! How a builder proves who it is: every request of the builder API is
//! signed with the builder's SSH private key. This module owns both halves,
//! the signer a builder runs ([`RequestSigner`], [`sign_request`]) and the
//! check a server runs ([`Credentials`]); it does not own the server's
//! memory of used nonces, nor the lookup of keys by fingerprint.
//!
//! The builder signs a canonical text of the request ([`canonical_request`]:
//! method, path and query, a timestamp, a fresh nonce and the SHA-256 of the
//! body) as an SSHSIG (OpenSSH's `ssh-keygen -Y sign` format) with namespace
//! [`NAMESPACE`], and sends it with the key's fingerprint in the [`header`]s.
//! The server looks the key up by fingerprint, checks the signature
//! ([`Credentials::verify`]), refuses timestamps outside a window, and refuses
//! a nonce it has seen within that window, so a captured request cannot be
//! replayed. The body's hash is checked against the signed one by whoever
//! reads the body.
//!
//! Keys: ed25519, ECDSA on P-256, P-384 and P-521, and RSA (2048 to 4096
//! bits; signatures `rsa-sha2-512`, as OpenSSH makes them, and
//! `rsa-sha2-256` are accepted, SHA-1 `ssh-rsa` is not). DSA is not
//! supported. Private keys must not be encrypted: a builder runs unattended.

mod workarounds;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD as BASE64, URL_SAFE_NO_PAD};
use ssh_encoding::{Decode, Encode};
use ssh_key::private::KeypairData;
use ssh_key::rand_core::{OsRng, RngCore};
use ssh_key::{Algorithm, HashAlg, PrivateKey, PublicKey, SshSig};

use crate::api::BuilderId;
use crate::digest::Sha256Digest;

/// The SSHSIG namespace of builder requests, so a signature made for
/// anything else (a git commit, a file) is never valid here.
pub const NAMESPACE: &str = "buildsrs-builder-v1@buildsrs";

/// The first line of the canonical request: its format's version.
const CANONICAL_VERSION: &str = "buildsrs-request-v1";

/// The headers of a signed request (lower case, as HTTP/2 sends them).
pub mod header {
    /// The SHA-256 fingerprint of the builder's key (`SHA256:…`, as
    /// `ssh-keygen -lf` prints it).
    pub const KEY: &str = "x-buildsrs-key";
    /// Seconds since the Unix epoch when the request was signed.
    pub const TIMESTAMP: &str = "x-buildsrs-timestamp";
    /// A value never used before by this builder (16 to 128 of
    /// `[A-Za-z0-9_-]`, see [`is_valid_nonce`](super::is_valid_nonce)).
    pub const NONCE: &str = "x-buildsrs-nonce";
    /// The SHA-256 of the request body, 64 hex characters.
    pub const CONTENT_SHA256: &str = "x-buildsrs-content-sha256";
    /// The SSHSIG over the canonical request, base64 of its binary encoding
    /// (the armoured `ssh-keygen -Y sign` output without its armour lines).
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
    Disabled(BuilderId),
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

/// Why a builder could not load its key or sign a request.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The private key file could not be read.
    #[error("{}: cannot read the private key: {reason}", path.display())]
    ReadKey { path: PathBuf, reason: String },
    /// The file is not an OpenSSH private key.
    #[error("{}: not an OpenSSH private key: {reason}", path.display())]
    ParseKey { path: PathBuf, reason: String },
    /// The key is protected by a passphrase, which an unattended builder
    /// cannot type.
    #[error(
        "{}the private key is encrypted with a passphrase, and a builder runs unattended: \
         use a key without one (`ssh-keygen -p -N '' -f KEY` removes it)",
        at(path)
    )]
    Encrypted { path: Option<PathBuf> },
    /// A key type the builder API does not verify (DSA, a security key,
    /// anything unknown).
    #[error(
        "{}{algorithm} keys cannot sign builder requests: use ed25519, ECDSA (P-256, P-384, P-521) or RSA",
        at(path)
    )]
    Unsupported {
        path: Option<PathBuf>,
        algorithm: String,
    },
    /// The key refused to sign (an RSA key outside 2048 to 4096 bits, say).
    #[error("{}signing with the {algorithm} key failed: {reason}", at(path))]
    Sign {
        path: Option<PathBuf>,
        algorithm: String,
        reason: String,
    },
    /// A nonce the server would refuse.
    #[error("the nonce {0:?} is not 16 to 128 of [A-Za-z0-9_-]")]
    InvalidNonce(String),
}

/// `"PATH: "`, to start a message about the key read from `path`.
fn at(path: &Option<PathBuf>) -> String {
    path.as_ref()
        .map(|path| format!("{}: ", path.display()))
        .unwrap_or_default()
}

impl SignError {
    /// The same error, naming the file the key came from.
    fn in_file(self, file: &Path) -> Self {
        let file = Some(file.to_owned());
        match self {
            Self::Encrypted { .. } => Self::Encrypted { path: file },
            Self::Unsupported { algorithm, .. } => Self::Unsupported {
                path: file,
                algorithm,
            },
            Self::Sign {
                algorithm, reason, ..
            } => Self::Sign {
                path: file,
                algorithm,
                reason,
            },
            other => other,
        }
    }
}

/// The text that is signed: a version line, then one field a line, each
/// line ending in `\n`. The body is represented by its hash, so a streamed
/// upload can be signed before it is sent.
pub fn canonical_request(
    method: &str,
    path_and_query: &str,
    timestamp: i64,
    nonce: &str,
    content_sha256: Sha256Digest,
) -> String {
    format!(
        "{CANONICAL_VERSION}\n{method}\n{path_and_query}\n{timestamp}\n{nonce}\n{}\n",
        content_sha256.to_hex()
    )
}

/// Whether the server accepts `nonce`: 16 to 128 of `[A-Za-z0-9_-]`.
pub fn is_valid_nonce(nonce: &str) -> bool {
    (16..=128).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

/// Seconds since the Unix epoch by this machine's clock: the timestamp a
/// signer puts in a request and the clock a verifier holds it against.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}

/// The headers of a request signed with `key` at `timestamp` with `nonce`,
/// as (name, value) pairs. [`RequestSigner::sign`] picks timestamp and
/// nonce itself; this is for callers (tests) that need to choose them.
pub fn sign_request(
    key: &PrivateKey,
    method: &str,
    path_and_query: &str,
    content_sha256: Sha256Digest,
    timestamp: i64,
    nonce: &str,
) -> Result<Vec<(&'static str, String)>, SignError> {
    if key.is_encrypted() {
        return Err(SignError::Encrypted { path: None });
    }
    if !is_valid_nonce(nonce) {
        return Err(SignError::InvalidNonce(nonce.to_owned()));
    }
    let text = canonical_request(method, path_and_query, timestamp, nonce, content_sha256);
    let sign_error = |reason: String| SignError::Sign {
        path: None,
        algorithm: key.algorithm().to_string(),
        reason,
    };
    let signature = sshsig(key, text.as_bytes()).map_err(sign_error)?;
    let mut encoded = Vec::new();
    signature
        .encode(&mut encoded)
        .map_err(|error| sign_error(error.to_string()))?;
    Ok(vec![
        (header::KEY, fingerprint(key.public_key())),
        (header::TIMESTAMP, timestamp.to_string()),
        (header::NONCE, nonce.to_owned()),
        (header::CONTENT_SHA256, content_sha256.to_hex()),
        (header::SIGNATURE, BASE64.encode(encoded)),
    ])
}

/// The SSHSIG of `message` in [`NAMESPACE`], its message hashed with
/// SHA-512 (what `ssh-keygen -Y sign` does by default).
fn sshsig(key: &PrivateKey, message: &[u8]) -> Result<SshSig, String> {
    match key.key_data() {
        KeypairData::Rsa(keypair) => {
            workarounds::rsa_sshsig(key.public_key(), keypair, NAMESPACE, message)
        }
        _ => key
            .sign(NAMESPACE, HashAlg::Sha512, message)
            .map_err(|error| error.to_string()),
    }
}

/// The fingerprint a request names its key by: OpenSSH's SHA-256 form.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// A builder's key, checked once, signing each request with the current
/// time and a fresh nonce.
#[derive(Clone)]
pub struct RequestSigner {
    key: PrivateKey,
    /// The key's SHA-256 fingerprint, computed once: every request sends it.
    fingerprint: String,
}

impl fmt::Debug for RequestSigner {
    /// The fingerprint only: the private key never reaches a log.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("RequestSigner")
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl RequestSigner {
    /// A signer over `key`. Refuses an encrypted key, a type the builder
    /// API does not verify, and a key that cannot sign (tried once here, so
    /// a bad key fails at start-up, not at the first request).
    pub fn new(key: PrivateKey) -> Result<Self, SignError> {
        if key.is_encrypted() {
            return Err(SignError::Encrypted { path: None });
        }
        let algorithm = key.algorithm();
        if !matches!(
            algorithm,
            Algorithm::Ed25519 | Algorithm::Ecdsa { .. } | Algorithm::Rsa { .. }
        ) {
            return Err(SignError::Unsupported {
                path: None,
                algorithm: algorithm.to_string(),
            });
        }
        sign_request(
            &key,
            "GET",
            "/",
            Sha256Digest::of(b""),
            0,
            "key-check-0123456789",
        )?;
        Ok(Self {
            fingerprint: fingerprint(key.public_key()),
            key,
        })
    }

    /// A signer over the OpenSSH private key in `path` (what `ssh-keygen`
    /// writes, `-----BEGIN OPENSSH PRIVATE KEY-----`). Errors name the file.
    pub fn from_file(path: &Path) -> Result<Self, SignError> {
        let text = std::fs::read_to_string(path).map_err(|error| SignError::ReadKey {
            path: path.to_owned(),
            reason: error.to_string(),
        })?;
        let key =
            workarounds::parse_private_key(text.trim()).map_err(|error| SignError::ParseKey {
                path: path.to_owned(),
                reason: error.to_string(),
            })?;
        Self::new(key).map_err(|error| error.in_file(path))
    }

    /// The key's SHA-256 fingerprint (`SHA256:…`), as `ssh-keygen -lf`
    /// prints it and requests name the key.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    /// The public half, to register the builder with
    /// (`buildsrs-database builder add`).
    pub fn public_key(&self) -> &PublicKey {
        self.key.public_key()
    }

    /// The headers that sign a request with this body: now's timestamp and
    /// a fresh random nonce of 32 url-safe characters.
    pub fn sign(
        &self,
        method: &str,
        path_and_query: &str,
        body: &[u8],
    ) -> Result<Vec<(&'static str, String)>, SignError> {
        self.sign_digest(method, path_and_query, Sha256Digest::of(body))
    }

    /// [`sign`](Self::sign) for a body known by its hash, such as an
    /// artifact streamed from a file.
    pub fn sign_digest(
        &self,
        method: &str,
        path_and_query: &str,
        content_sha256: Sha256Digest,
    ) -> Result<Vec<(&'static str, String)>, SignError> {
        sign_request(
            &self.key,
            method,
            path_and_query,
            content_sha256,
            unix_now(),
            &fresh_nonce(),
        )
    }
}

/// 24 random bytes in url-safe base64: 32 characters of `[A-Za-z0-9_-]`.
fn fresh_nonce() -> String {
    let mut bytes = [0u8; 24];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The authentication headers of one request, parsed but not yet verified.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The key's SHA-256 fingerprint, `SHA256:…`: what to look the key up by.
    pub fingerprint: String,
    /// When the request was signed, seconds since the Unix epoch.
    pub timestamp: i64,
    /// The request's nonce, for the server's replay check.
    pub nonce: String,
    /// The signed SHA-256 of the body, for whoever reads the body.
    pub content_sha256: Sha256Digest,
    /// Private: only [`Credentials::verify`] may look at it.
    signature: SshSig,
}

impl Credentials {
    /// Reads the authentication headers through `get`, which answers a
    /// header's value by its name (one of [`header`]) or `None` when it is
    /// absent or not text. Each malformed or missing header is named.
    pub fn from_headers<'a>(
        get: impl Fn(&'static str) -> Option<&'a str>,
    ) -> Result<Self, AuthError> {
        let bad = |header: &'static str| AuthError::BadHeader { header };
        let text = |name: &'static str| get(name).ok_or(bad(name));
        let fingerprint = text(header::KEY)?;
        if !fingerprint.starts_with("SHA256:") || fingerprint.len() > 100 {
            return Err(bad(header::KEY));
        }
        let timestamp = text(header::TIMESTAMP)?
            .parse()
            .map_err(|_| bad(header::TIMESTAMP))?;
        let nonce = text(header::NONCE)?;
        if !is_valid_nonce(nonce) {
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

    /// Refuses a timestamp more than `window` from `now` (both in Unix
    /// seconds). Saturating: any `i64` a header carries gives an answer,
    /// never an overflow.
    pub fn check_fresh(&self, now: i64, window: Duration) -> Result<(), AuthError> {
        let window = i64::try_from(window.as_secs()).unwrap_or(i64::MAX);
        let skew = self.timestamp.saturating_sub(now);
        if skew.unsigned_abs() > window.unsigned_abs() {
            return Err(AuthError::Stale { skew, window });
        }
        Ok(())
    }

    /// Checks the signature over this request (its method and path as
    /// received, the timestamp, nonce and body hash of the headers) with
    /// the builder's key. Freshness and replay are the caller's checks.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canonical_request_is_one_field_a_line() {
        let text = canonical_request(
            "POST",
            "/api/v1/builder/jobs/claim",
            1_800_000_000,
            "nonce-0123456789ab",
            Sha256Digest([0xab; 32]),
        );
        assert_eq!(
            text,
            format!(
                "buildsrs-request-v1\nPOST\n/api/v1/builder/jobs/claim\n1800000000\nnonce-0123456789ab\n{}\n",
                "ab".repeat(32)
            )
        );
    }

    #[test]
    fn fresh_nonces_are_32_url_safe_characters_and_differ() {
        let (first, second) = (fresh_nonce(), fresh_nonce());
        assert_eq!(first.len(), 32);
        assert!(is_valid_nonce(&first), "{first}");
        assert_ne!(first, second);
    }

    #[test]
    fn nonces_the_server_refuses_are_refused_when_signing() {
        let key = PrivateKey::random(&mut OsRng, Algorithm::Ed25519).unwrap();
        for nonce in [
            "short",
            "has spaces in it, which are refused",
            &"n".repeat(129),
        ] {
            let error =
                sign_request(&key, "GET", "/", Sha256Digest([0; 32]), 0, nonce).unwrap_err();
            assert!(matches!(error, SignError::InvalidNonce(_)), "{error}");
        }
    }
}
