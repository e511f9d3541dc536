//! `GET` and `HEAD /api/v1/artifacts/{id}/download`: a published artifact's
//! bytes, streamed from the store.
//!
//! Its `ETag` is its SHA-256, so `If-None-Match` gets a 304; one `Range`
//! gets a 206 (416 past the end; several ranges, or an `If-Range` naming
//! another tag, the whole body). A download is counted once the file's last
//! byte was handed out by a `GET`: never for `HEAD`, a 304, a part that
//! ends before the end, nor a client that went away.
//!
//! With `--storage-redirect` (S3 storage), a `GET` or `HEAD` that is not a
//! 304 or a 416 is answered 307 with a presigned URL of the object, which
//! the client asks for the bytes (its `Range` included). The server does
//! not see them handed out, so a redirect given for a `GET` is counted when
//! given, unless its range ends before the last byte.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use buildsrs_backend::ArtifactId;
use buildsrs_backend::artifacts::Artifact;
use buildsrs_protocol::api::ErrorBody;
use bytes::Bytes;
use futures::{Stream, StreamExt};

use crate::error::ApiError;
use crate::openapi::PUBLIC;
use crate::ranges::{self, Wanted};
use crate::state::AppState;
use crate::storage::{Sha256Digest, StoredFile};

/// A published artifact's bytes (its job succeeded), or a part of them.
#[utoipa::path(
    method(get, head),
    path = "/api/v1/artifacts/{artifact}/download",
    tag = PUBLIC,
    params(
        ("artifact" = i64, Path, description = "The artifact's id."),
        ("Range" = Option<String>, Header, description = "One range, `bytes=FIRST-LAST`, `bytes=FIRST-` or `bytes=-SUFFIX`; several ranges get the whole body."),
        ("If-Range" = Option<String>, Header, description = "The range applies only while the `ETag` is this one."),
        ("If-None-Match" = Option<String>, Header, description = "`ETag`s (or `*`): when one matches, 304."),
    ),
    responses(
        (status = 200, description = "The whole artifact (no body for `HEAD`); counted once its last byte was sent.", content_type = "application/octet-stream", body = Vec<u8>,
            headers(("ETag" = String, description = "The SHA-256, quoted."), ("Content-Disposition" = String))),
        (status = 206, description = "The range asked for.", content_type = "application/octet-stream", body = Vec<u8>,
            headers(("ETag" = String), ("Content-Range" = String, description = "`bytes FIRST-LAST/SIZE`."))),
        (status = 304, description = "The `If-None-Match` tag matched.", headers(("ETag" = String))),
        (status = 400, description = "`bad_request`: the id is not a number.", body = ErrorBody),
        (status = 404, description = "`unknown_artifact`: no published artifact has the id.", body = ErrorBody),
        (status = 416, description = "`range_not_satisfiable`: the range starts past the end.", body = ErrorBody,
            headers(("Content-Range" = String, description = "`bytes */SIZE`."))),
    )
)]
pub async fn download(
    State(state): State<AppState>,
    Path(artifact): Path<ArtifactId>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let found = state
        .backend
        .published_artifact(artifact)
        .await?
        .ok_or(buildsrs_backend::Error::UnknownArtifact(artifact))?;
    let digest = Sha256Digest(found.sha256.as_slice().try_into().map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "a stored SHA-256 is not 32 bytes",
        )
    })?);
    let etag = format!("\"{}\"", digest.to_hex());
    let values = headers.get_all(header::IF_NONE_MATCH);
    if ranges::none_match(values.iter().filter_map(|v| v.to_str().ok()), &etag) {
        return Ok(answer(StatusCode::NOT_MODIFIED, &etag, Body::empty()));
    }
    let size = u64::try_from(found.size).unwrap_or_default();
    if state.settings.storage_redirect {
        let wanted = wanted(&headers, &etag, size);
        return redirect(&state, &found, digest, wanted, &method).await;
    }
    let file = state.store.read(digest, size).await?;
    // Only a GET counts; a HEAD gets the same headers and no body.
    let count = (method == Method::GET).then_some(move || {
        state.downloads.record(artifact);
        state.metrics.downloads.inc();
    });
    let mut response = match wanted(&headers, &etag, size) {
        Wanted::Unsatisfiable => return Ok(unsatisfiable(size)),
        Wanted::Whole => whole(file, &etag, count),
        Wanted::Part { first, last } => part(file, &etag, first, last, count).await?,
    };
    response
        .headers_mut()
        .insert(header::CONTENT_DISPOSITION, disposition(&found.name));
    Ok(response)
}

/// 307 to a presigned URL of the artifact's object; counted for a `GET`
/// whose range (if any) reaches the last byte.
async fn redirect(
    state: &AppState,
    found: &Artifact,
    digest: Sha256Digest,
    wanted: Wanted,
    method: &Method,
) -> Result<Response, ApiError> {
    let size = u64::try_from(found.size).unwrap_or_default();
    let to_end = match wanted {
        Wanted::Unsatisfiable => return Ok(unsatisfiable(size)),
        Wanted::Whole => true,
        Wanted::Part { last, .. } => last + 1 == size,
    };
    let expiry = state.settings.storage_redirect_expiry;
    let Some(url) = state
        .store
        .presigned_url(digest, &found.name, expiry)
        .await?
    else {
        return Err(crate::storage::StorageError::Config(
            "the store cannot presign URLs".to_owned(),
        )
        .into());
    };
    if *method == Method::GET && to_end {
        state.downloads.record(found.id);
        state.metrics.downloads.inc();
    }
    let location = HeaderValue::from_str(&url).map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "a presigned URL is not a valid header value",
        )
    })?;
    let headers = [
        (header::LOCATION, location),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ];
    Ok((StatusCode::TEMPORARY_REDIRECT, headers).into_response())
}

/// 200 with the whole file: streamed and counted at its last byte when
/// there is a `count`, no body (a `HEAD`) when there is none.
fn whole(file: StoredFile, etag: &str, count: Option<impl FnOnce() + Send + 'static>) -> Response {
    let size = file.size();
    let body = match count {
        None => Body::empty(),
        Some(count) if size == 0 => {
            count();
            Body::empty()
        }
        Some(count) => Body::from_stream(count_at_end(file.whole(), size, Some(count))),
    };
    let mut response = answer(StatusCode::OK, etag, body);
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    response
}

/// 206 with bytes `first..=last`; counted only when they end the file.
async fn part(
    file: StoredFile,
    etag: &str,
    first: u64,
    last: u64,
    count: Option<impl FnOnce() + Send + 'static>,
) -> Result<Response, ApiError> {
    let size = file.size();
    let length = last - first + 1;
    let body = match count {
        None => Body::empty(),
        Some(count) => {
            let to_end = last + 1 == size;
            let stream = file.part(first, last).await?;
            Body::from_stream(count_at_end(stream, length, to_end.then_some(count)))
        }
    };
    let mut response = answer(StatusCode::PARTIAL_CONTENT, etag, body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    let range = format!("bytes {first}-{last}/{size}");
    headers.insert(header::CONTENT_RANGE, header_value(&range));
    Ok(response)
}

/// What `Range` asks for, when `If-Range` lets it apply.
fn wanted(headers: &HeaderMap, etag: &str, size: u64) -> Wanted {
    let text = |name| headers.get(name).and_then(|value| value.to_str().ok());
    if !ranges::if_range_holds(text(header::IF_RANGE), etag) {
        return Wanted::Whole;
    }
    ranges::wanted(text(header::RANGE), size)
}

/// `stream`, calling `count` once its `total`-th byte was handed out.
fn count_at_end<S>(
    stream: S,
    total: u64,
    count: Option<impl FnOnce() + Send + 'static>,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static
where
    S: Stream<Item = std::io::Result<Bytes>> + Send + 'static,
{
    let mut count = count;
    let mut sent = 0u64;
    stream.map(move |chunk| {
        if let Ok(bytes) = &chunk {
            sent = sent.saturating_add(bytes.len() as u64);
            if sent >= total
                && let Some(count) = count.take()
            {
                count();
            }
        }
        chunk
    })
}

/// An answer with the artifact's validators and `body`.
fn answer(status: StatusCode, etag: &str, body: Body) -> Response {
    let headers = [
        (header::ETAG, header_value(etag)),
        (header::ACCEPT_RANGES, HeaderValue::from_static("bytes")),
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        ),
    ];
    (status, headers, body).into_response()
}

/// 416, naming the length a range must fall within.
fn unsatisfiable(size: u64) -> Response {
    let mut response = ApiError::new(
        StatusCode::RANGE_NOT_SATISFIABLE,
        "range_not_satisfiable",
        format!("the artifact has {size} bytes: the range starts past its end"),
    )
    .into_response();
    let range = format!("bytes */{size}");
    response
        .headers_mut()
        .insert(header::CONTENT_RANGE, header_value(&range));
    response
}

/// `attachment; filename="NAME"`: artifact names need no quoting.
fn disposition(name: &str) -> HeaderValue {
    header_value(&format!("attachment; filename=\"{name}\""))
}

/// Text known to be a valid header value (ASCII without controls).
fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}
