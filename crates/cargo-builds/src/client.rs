//! The backend's public API over HTTP: a crate, a version, an artifact's
//! bytes. Error answers become [`Error::Http`] with the server's message;
//! a 404 of a crate becomes [`Error::NoSuchCrate`].

use std::io::Write;

use buildsrs_protocol::api::ErrorBody;
use buildsrs_protocol::digest::Sha256Digest;
use buildsrs_protocol::public::{self, Artifact, CrateDetail, VersionDetail};
use indicatif::ProgressBar;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::Error;

/// A client of one backend.
#[derive(Clone, Debug)]
pub struct Client {
    /// `scheme://host[:port]`, without a trailing slash.
    base: String,
    http: reqwest::Client,
}

impl Client {
    /// A client of the backend at `base` (an http or https URL).
    pub fn new(base: &str) -> Result<Self, Error> {
        let trimmed = base.trim_end_matches('/');
        let bad = || Error::BadBackend { url: base.into() };
        let rest = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"))
            .ok_or_else(bad)?;
        if rest.is_empty() {
            return Err(bad());
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("cargo-builds/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|source| Error::Request {
                url: base.into(),
                source,
            })?;
        Ok(Self {
            base: trimmed.into(),
            http,
        })
    }

    /// The backend's URL, as the messages name it.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// A crate with its versions.
    pub async fn crate_detail(&self, name: &str) -> Result<CrateDetail, Error> {
        match self.get_json(&public::path::krate(name)).await {
            Err(Error::Http { status: 404, .. }) => Err(Error::NoSuchCrate {
                name: name.into(),
                backend: self.base.clone(),
            }),
            other => other,
        }
    }

    /// A version with its tasks, jobs and artifacts.
    pub async fn version_detail(&self, name: &str, version: &str) -> Result<VersionDetail, Error> {
        self.get_json(&public::path::version(name, version)).await
    }

    /// Streams `artifact`'s bytes into `into`, advancing `progress`, and
    /// checks their size and SHA-256 against what the API listed.
    pub async fn download(
        &self,
        artifact: &Artifact,
        into: &mut impl Write,
        progress: &ProgressBar,
    ) -> Result<(), Error> {
        let url = format!("{}{}", self.base, public::path::download(artifact.id));
        let mut response = self.get(&url).await?;
        let mut hasher = Sha256::new();
        let mut received = 0u64;
        let expected = u64::try_from(artifact.size).unwrap_or_default();
        while let Some(chunk) = response.chunk().await.map_err(request_error(&url))? {
            received += chunk.len() as u64;
            if received > expected {
                break;
            }
            hasher.update(&chunk);
            into.write_all(&chunk).map_err(Error::io(&artifact.name))?;
            progress.inc(chunk.len() as u64);
        }
        progress.finish_and_clear();
        if received != expected {
            return Err(Error::SizeMismatch {
                what: artifact.name.clone(),
                expected,
                actual: received,
            });
        }
        check_digest(
            &artifact.name,
            &artifact.sha256,
            Sha256Digest(hasher.finalize().into()),
        )
    }

    /// `GET path` as JSON of type `T`.
    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, Error> {
        let url = format!("{}{path}", self.base);
        let response = self.get(&url).await?;
        let bytes = response.bytes().await.map_err(request_error(&url))?;
        serde_json::from_slice(&bytes).map_err(|source| Error::BadAnswer { url, source })
    }

    /// `GET url`; an answer other than 2xx is an error with the server's
    /// message.
    async fn get(&self, url: &str) -> Result<reqwest::Response, Error> {
        tracing::debug!(url, "GET");
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(request_error(url))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response.bytes().await.unwrap_or_default();
        Err(Error::Http {
            url: url.into(),
            status: status.as_u16(),
            message: server_message(status, &body),
        })
    }
}

/// Compares the SHA-256 of bytes received to the one listed as 64 hex
/// characters.
pub fn check_digest(what: &str, listed: &str, actual: Sha256Digest) -> Result<(), Error> {
    match Sha256Digest::from_hex(listed) {
        Some(expected) if expected == actual => Ok(()),
        _ => Err(Error::ChecksumMismatch {
            what: what.into(),
            expected: listed.into(),
            actual: actual.to_hex(),
        }),
    }
}

/// The message of an error answer: the JSON error body's, else the status.
fn server_message(status: StatusCode, body: &[u8]) -> String {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(error) => format!("{} ({})", error.error.message, error.error.code),
        Err(_) => status.to_string(),
    }
}

fn request_error(url: &str) -> impl FnOnce(reqwest::Error) -> Error {
    let url = url.to_owned();
    move |source| Error::Request { url, source }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_answer_shows_the_servers_message_and_code() {
        let body = br#"{"error":{"code":"not_found","message":"no crate is named \"x\""}}"#;
        assert_eq!(
            server_message(StatusCode::NOT_FOUND, body),
            "no crate is named \"x\" (not_found)"
        );
        assert_eq!(
            server_message(StatusCode::BAD_GATEWAY, b"<html>"),
            "502 Bad Gateway"
        );
    }

    #[test]
    fn a_digest_that_differs_from_the_listed_one_is_a_mismatch() {
        let digest = Sha256Digest::of(b"artifact");
        assert!(check_digest("a", &digest.to_hex(), digest).is_ok());
        let other = Sha256Digest::of(b"tampered");
        assert!(matches!(
            check_digest("a", &digest.to_hex(), other),
            Err(Error::ChecksumMismatch { .. })
        ));
        assert!(check_digest("a", "not hex", digest).is_err());
    }

    #[test]
    fn a_backend_must_be_an_http_url() {
        assert_eq!(
            Client::new("http://127.0.0.1:8080/").unwrap().base(),
            "http://127.0.0.1:8080"
        );
        for bad in ["127.0.0.1:8080", "ftp://x", "https://"] {
            assert!(
                matches!(Client::new(bad), Err(Error::BadBackend { .. })),
                "{bad}"
            );
        }
    }
}
