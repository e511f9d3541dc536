//! The server's half of builder authentication: reading a request's
//! signature headers from axum's [`HeaderMap`], and the freshness window of
//! their timestamp. What is signed and how it is verified belongs to
//! `buildsrs_protocol::signing`; looking the key up by fingerprint and
//! remembering nonces (in the database, so every instance and a restarted
//! one refuse a replay) are the backend crate's (`Backend::builder_key`,
//! `Backend::nonce_admit`); `routes::builder` puts the steps together.

use std::time::Duration;

use axum::http::HeaderMap;
use buildsrs_protocol::signing::{AuthError, Credentials};

/// Reads the signature headers of a request (see
/// [`Credentials::from_headers`]); a header that is not visible ASCII counts
/// as malformed.
pub fn credentials(headers: &HeaderMap) -> Result<Credentials, AuthError> {
    Credentials::from_headers(|name| headers.get(name).and_then(|value| value.to_str().ok()))
}

/// Refuses a timestamp further than `window` from `now` (Unix seconds);
/// answers until when the request's nonce must be remembered: once its
/// timestamp has left the window, a replay is refused as stale anyway.
pub fn fresh_until(
    credentials: &Credentials,
    window: Duration,
    now: i64,
) -> Result<i64, AuthError> {
    credentials.check_fresh(now, window)?;
    let window = i64::try_from(window.as_secs()).unwrap_or(i64::MAX);
    Ok(credentials.timestamp.saturating_add(window))
}
