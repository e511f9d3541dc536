//! The pages' stylesheet, script and icon, compiled into the binary.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

const STYLESHEET: &str = include_str!("assets/app.css");
const LIVE_LOG: &str = include_str!("assets/live-log.js");
const FAVICON: &str = include_str!("assets/favicon.svg");

/// `/static/app.css`.
pub async fn stylesheet() -> impl IntoResponse {
    asset("text/css; charset=utf-8", STYLESHEET)
}

/// `/static/live-log.js`: follows a running job's log on its page.
pub async fn live_log() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", LIVE_LOG)
}

/// `/static/favicon.svg`: the pages' icon, so no browser asks for a missing
/// `/favicon.ico`.
pub async fn favicon() -> impl IntoResponse {
    asset("image/svg+xml", FAVICON)
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}
