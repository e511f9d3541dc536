//! Web pages for people, server-rendered with maud and readable without
//! JavaScript: `/` (search, the queue), `/crates/{name}` (versions and their
//! builds), `/crates/{name}/{version}` (jobs, artifacts, downloads) and
//! `/jobs/{id}` (stages, the log a page at a time, followed live by a small
//! script) and `/status` (registry sync, queue, builders, jobs per minute). Crate names, versions and log lines are untrusted: maud escapes
//! everything interpolated, and the Content-Security-Policy lets a page load
//! only this server's own stylesheet and script.

mod assets;
mod chart;
mod crates;
mod jobs;
mod layout;
mod status;

use axum::Router;
use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::ApiError;
use crate::state::AppState;

/// What a page may load: its own stylesheet, script and the live log stream;
/// no inline script, no frames, no other origin.
const POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; \
    connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

/// The pages and their assets.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(crates::index))
        .route("/crates/{name}", get(crates::krate))
        .route("/crates/{name}/{version}", get(crates::version))
        .route("/jobs/{job}", get(jobs::job))
        .route("/status", get(status::status))
        .route("/static/app.css", get(assets::stylesheet))
        .route("/static/live-log.js", get(assets::live_log))
        .route("/static/favicon.svg", get(assets::favicon))
        .layer(axum::middleware::map_response(secure_headers))
}

/// Every page and asset answers with the policy and no content sniffing.
async fn secure_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(POLICY));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

/// A page's error, shown as a page with the API error's status and message.
#[derive(Debug)]
pub struct PageError(ApiError);

impl<E: Into<ApiError>> From<E> for PageError {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let ApiError {
            status, message, ..
        } = &self.0;
        let title = status.canonical_reason().unwrap_or("Error");
        let message = if status.is_server_error() {
            // The log has the detail; the reader gets no server internals.
            tracing::error!(code = self.0.code, message = %message, detail = self.0.detail.as_deref().unwrap_or_default(), "page failed");
            "The page could not be made; try again later.".to_owned()
        } else {
            message.clone()
        };
        let body = layout::page(title, maud::html! { h1 { (title) } p { (message) } });
        (*status, body).into_response()
    }
}

/// 404 for a page of something that does not exist.
fn not_found(what: String) -> PageError {
    PageError(ApiError::new(StatusCode::NOT_FOUND, "not_found", what))
}
