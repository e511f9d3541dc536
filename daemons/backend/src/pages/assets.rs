//! The pages' stylesheet and script, compiled into the binary.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;

const STYLESHEET: &str = include_str!("assets/app.css");
const LIVE_LOG: &str = include_str!("assets/live-log.js");

/// `/static/app.css`.
pub async fn stylesheet() -> impl IntoResponse {
    asset("text/css; charset=utf-8", STYLESHEET)
}

/// `/static/live-log.js`: follows a running job's log on its page.
pub async fn live_log() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", LIVE_LOG)
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
