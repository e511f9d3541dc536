//! The server's half of builder authentication: reading a request's
//! signature headers from axum's [`HeaderMap`] and remembering nonces to
//! refuse replays. What is signed and how it is verified belongs to
//! `buildsrs_protocol::signing`; looking the key up by fingerprint is the
//! backend crate's (`routes::builder` puts the steps together).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::http::HeaderMap;
use buildsrs_protocol::signing::{AuthError, Credentials};

/// Reads the signature headers of a request (see
/// [`Credentials::from_headers`]); a header that is not visible ASCII counts
/// as malformed.
pub fn credentials(headers: &HeaderMap) -> Result<Credentials, AuthError> {
    Credentials::from_headers(|name| headers.get(name).and_then(|value| value.to_str().ok()))
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
        credentials.check_fresh(now, self.window)?;
        let window = i64::try_from(self.window.as_secs()).unwrap_or(i64::MAX);
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
        seen.nonces
            .insert(key, credentials.timestamp.saturating_add(window));
        Ok(())
    }
}
