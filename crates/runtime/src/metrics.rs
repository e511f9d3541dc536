//! A daemon's Prometheus endpoint: metrics kept in a prometheus-client
//! [`Registry`], encoded on each scrape.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::text::encode;
use prometheus_client::registry::Registry;

/// The content type of the OpenMetrics text format, which Prometheus reads.
const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// `registry` as a scrape's answer.
pub fn response(registry: &Registry) -> Response {
    let mut text = String::new();
    // Writing into a String cannot fail; an encoder error would be a
    // metric the registry itself refused, which registration prevents.
    if let Err(error) = encode(&mut text, registry) {
        tracing::error!(%error, "could not encode the metrics");
    }
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response()
}
